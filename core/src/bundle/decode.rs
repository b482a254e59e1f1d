//! Reads bundle bytes back into a [`Bundle`], bounding every count and the inflated size.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::otp::{Algorithm, OtpKind, OtpParams};
use crate::secret::Secret;

use super::wire::Reader;
use super::{
    Bundle, BundleAccount, BundleError, SyncInvite, WireIdentity, WireStamp, BUNDLE_VERSION,
    CODEC_DEFLATE, CODEC_RAW, FLAG_FIELDS, FLAG_IDENTITY, FLAG_MEMBERS, FLAG_SYNC,
    MAX_BUNDLE_BYTES,
};

/// Decodes a bundle produced by [`encode`].
pub fn decode(data: &[u8]) -> Result<Bundle, BundleError> {
    let (&codec, rest) = data.split_first().ok_or(BundleError::Truncated)?;
    let body: Zeroizing<Vec<u8>> = match codec {
        CODEC_RAW => Zeroizing::new(rest.to_vec()),
        CODEC_DEFLATE => Zeroizing::new(
            miniz_oxide::inflate::decompress_to_vec_with_limit(rest, MAX_BUNDLE_BYTES)
                .map_err(|_| BundleError::Inflate)?,
        ),
        c => return Err(BundleError::UnknownCodec(c)),
    };
    let mut r = Reader {
        data: &body,
        pos: 0,
    };
    let version = r.u8()?;
    if version != BUNDLE_VERSION {
        return Err(BundleError::UnsupportedVersion(version));
    }
    let flags = r.u8()?;
    let sync = if flags & FLAG_SYNC != 0 {
        let mut group_id = [0u8; 16];
        group_id.copy_from_slice(r.take(16)?);
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(r.take(32)?);
        let members = if flags & FLAG_MEMBERS != 0 {
            Some(Zeroizing::new(r.bytes()?.to_vec()))
        } else {
            None
        };
        Some(SyncInvite {
            group_id,
            key,
            members,
        })
    } else {
        None
    };
    // Counts are bounded before anything is reserved for them (issue 10, finding 9).
    let table = r.strings(crate::validate::MAX_RECEIVED_STRINGS, "too many strings")?;
    let get = |i: u64| {
        table
            .get(i as usize)
            .cloned()
            .ok_or(BundleError::InvalidField("string index"))
    };
    let n = r.count()?;
    if n > crate::validate::MAX_RECEIVED_ACCOUNTS {
        return Err(BundleError::InvalidField("too many accounts"));
    }
    let mut issuers = Vec::with_capacity(n);
    for _ in 0..n {
        issuers.push(get(r.varint()?)?);
    }
    let mut labels = Vec::with_capacity(n);
    for _ in 0..n {
        labels.push(r.string()?);
    }
    let mut params = Vec::with_capacity(n);
    for _ in 0..n {
        let ka = r.u8()?;
        let kind = match ka >> 4 {
            0 => OtpKind::Totp,
            1 => OtpKind::Hotp,
            2 => OtpKind::Steam,
            _ => return Err(BundleError::InvalidField("otp kind")),
        };
        let algorithm = match ka & 0x0f {
            0 => Algorithm::Sha1,
            1 => Algorithm::Sha256,
            2 => Algorithm::Sha512,
            _ => return Err(BundleError::InvalidField("algorithm")),
        };
        let digits = r.u8()?;
        let period = u32::try_from(r.varint()?).map_err(|_| BundleError::InvalidField("period"))?;
        let counter = if kind == OtpKind::Hotp {
            r.varint()?
        } else {
            0
        };
        let p = OtpParams {
            kind,
            algorithm,
            digits,
            period,
            counter,
        };
        p.validate()
            .map_err(|_| BundleError::InvalidField("otp parameters"))?;
        params.push(p);
    }
    let mut secrets = Vec::with_capacity(n);
    for _ in 0..n {
        secrets.push(
            Secret::from_bytes(r.bytes()?.to_vec())
                .map_err(|_| BundleError::InvalidField("secret"))?,
        );
    }
    let mut extras = Vec::with_capacity(n);
    for _ in 0..n {
        let note = r.bytes()?;
        let note = if note.is_empty() {
            None
        } else {
            Some(Zeroizing::new(
                String::from_utf8(note.to_vec()).map_err(|_| BundleError::InvalidField("note"))?,
            ))
        };
        let ng = r.count()?;
        let mut groups = Vec::with_capacity(ng.min(crate::account::MAX_GROUPS));
        for _ in 0..ng {
            groups.push(get(r.varint()?)?);
        }
        extras.push((note, groups));
    }
    let mut identities: Vec<Option<WireIdentity>> = vec![None; n];
    if flags & FLAG_IDENTITY != 0 {
        let nn = r.count()?;
        if nn > 2 * n {
            return Err(BundleError::InvalidField("node count"));
        }
        let mut nodes = Vec::with_capacity(nn);
        for _ in 0..nn {
            nodes.push(u64::from_be_bytes(
                r.take(8)?.try_into().map_err(|_| BundleError::Truncated)?,
            ));
        }
        let mut ids = Vec::with_capacity(n);
        for _ in 0..n {
            let mut id = [0u8; 16];
            id.copy_from_slice(r.take(16)?);
            ids.push(id);
        }
        for (slot, id) in identities.iter_mut().zip(ids) {
            let mut stamps = [WireStamp::default(); 2];
            for s in stamps.iter_mut() {
                let wall_ms = r.varint()?;
                let counter =
                    u32::try_from(r.varint()?).map_err(|_| BundleError::InvalidField("counter"))?;
                let node = *nodes
                    .get(r.varint()? as usize)
                    .ok_or(BundleError::InvalidField("node index"))?;
                *s = WireStamp {
                    wall_ms,
                    counter,
                    node,
                };
            }
            *slot = Some(WireIdentity {
                id,
                updated: stamps[0],
                created: stamps[1],
                fields: None,
            });
        }
        if flags & FLAG_FIELDS != 0 {
            let fields = super::fields::read_fields(&mut r, n)?;
            for (slot, f) in identities.iter_mut().zip(fields) {
                if let Some(id) = slot {
                    id.fields = Some(f);
                }
            }
        }
    } else if flags & FLAG_FIELDS != 0 {
        return Err(BundleError::InvalidField("field clocks without identities"));
    }
    if r.pos != body.len() {
        return Err(BundleError::Truncated);
    }
    let accounts = issuers
        .into_iter()
        .zip(labels)
        .zip(params)
        .zip(secrets)
        .zip(extras)
        .zip(identities)
        .map(
            |(((((issuer, label), params), secret), (note, groups)), identity)| BundleAccount {
                credential: Credential {
                    issuer,
                    label,
                    secret,
                    params,
                },
                note,
                groups,
                identity,
            },
        )
        .collect();
    Ok(Bundle { accounts, sync })
}
