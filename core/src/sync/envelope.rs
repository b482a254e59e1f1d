//! Owns the replica envelope of format 2 (`KULCSRP2`): group tag, epoch and nonce in clear;
//! device, version, name and the padded body sealed under the epoch key; signed by the device.
//! Spec in `docs/sync.md` §3.

use ring::{aead, hmac};
use zeroize::Zeroizing;

use crate::hlc::DeviceId;
use crate::random::RandomSource;

use super::body::{decode_body, encode_body};
use super::keys::{self, DeviceKeys};
use super::members::{device_name, group_tag, MemberHead};
use super::reader::Reader;
use super::replica::{Replica, MAX_REPLICA_BYTES, REPLICA_SUFFIX};
use super::SyncError;

/// Magic prefix of a format-2 replica.
pub const REPLICA_MAGIC_V2: &[u8; 8] = b"KULCSRP2";
/// Clear header: magic, group tag, epoch, nonce.
pub const HEADER_V2_LEN: usize = 8 + 16 + 8 + 12;
const SIG_DOMAIN: &[u8] = b"KULCS-SYNC-V2 replica";
/// Smallest padded plaintext.
pub const MIN_BUCKET: usize = 1024;

/// The size the plaintext is padded to: at least 1 KiB; above, the next multiple of an eighth
/// of the largest power of two not above it (at most 12.5 % padding, and a size says only roughly how many
/// accounts a replica holds).
pub fn bucket(len: usize) -> usize {
    if len <= MIN_BUCKET {
        return MIN_BUCKET;
    }
    let floor = 1usize << (usize::BITS - 1 - len.leading_zeros());
    let step = floor / 8;
    len.div_ceil(step).saturating_mul(step)
}

/// The clear header of a format-2 replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderV2 {
    /// [`group_tag`] of its group.
    pub group_tag: [u8; 16],
    /// The epoch whose key sealed it.
    pub epoch: u64,
}

/// Reads the clear header (`None`: not a format-2 replica).
pub fn header_v2(bytes: &[u8]) -> Option<HeaderV2> {
    if bytes.get(..8)? != REPLICA_MAGIC_V2 || bytes.len() < HEADER_V2_LEN {
        return None;
    }
    Some(HeaderV2 {
        group_tag: bytes[8..24].try_into().ok()?,
        epoch: u64::from_be_bytes(bytes[24..32].try_into().ok()?),
    })
}

/// The file name of `device`'s replica in one epoch: HMAC-SHA256 of the device id under a key
/// derived from the epoch key, first 16 bytes in hex, `.kulcs-replica`. Without the epoch key
/// a name says nothing about the device, and names change with every epoch.
pub fn replica_name(
    group_id: &[u8; 16],
    epoch_key: &[u8; 32],
    device: DeviceId,
) -> Result<String, SyncError> {
    let k = keys::derive(epoch_key, b"names", group_id)?;
    let tag = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, &k[..]),
        &device.0.to_be_bytes(),
    );
    Ok(format!(
        "{}{REPLICA_SUFFIX}",
        data_encoding::HEXLOWER.encode(&tag.as_ref()[..16])
    ))
}

fn signed_message(group_id: &[u8; 16], epoch: u64, r: &Replica, sealed: &[u8]) -> Vec<u8> {
    let mut m = SIG_DOMAIN.to_vec();
    m.extend_from_slice(group_id);
    m.extend_from_slice(&epoch.to_be_bytes());
    m.extend_from_slice(&r.device.0.to_be_bytes());
    m.extend_from_slice(&r.version.to_be_bytes());
    m.extend_from_slice(sealed);
    m
}

/// Seals `replica` for the epoch of `head`, signed with `me`; `name` is the device's name for
/// people (carried inside). The nonce comes from `rng`.
pub fn seal_v2(
    group_id: &[u8; 16],
    head: &MemberHead,
    me: &DeviceKeys,
    name: &str,
    replica: &Replica,
    rng: &dyn RandomSource,
) -> Result<Vec<u8>, SyncError> {
    let mut nonce = [0u8; 12];
    rng.fill(&mut nonce).map_err(|_| SyncError::Random)?;
    let mut out = Vec::with_capacity(HEADER_V2_LEN + 1024);
    out.extend_from_slice(REPLICA_MAGIC_V2);
    out.extend_from_slice(&group_tag(group_id));
    out.extend_from_slice(&head.epoch.to_be_bytes());
    out.extend_from_slice(&nonce);
    let body = encode_body(&replica.clock, &replica.data);
    let name = device_name(name);
    let mut plain = Zeroizing::new(Vec::with_capacity(body.len() + 96));
    plain.extend_from_slice(&replica.device.0.to_be_bytes());
    plain.extend_from_slice(&replica.version.to_be_bytes());
    plain.push(name.len() as u8);
    plain.extend_from_slice(name.as_bytes());
    plain.extend_from_slice(&(body.len() as u32).to_be_bytes());
    plain.extend_from_slice(&body);
    let padded = bucket(plain.len());
    plain.resize(padded, 0);
    let tag = keys::aead_key(&head.epoch_key, b"replica", group_id)?
        .seal_in_place_separate_tag(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(&out[..HEADER_V2_LEN]),
            &mut plain[..],
        )
        .map_err(|_| SyncError::Crypto)?;
    out.extend_from_slice(&plain);
    out.extend_from_slice(tag.as_ref());
    let sig = me.sign(&signed_message(group_id, head.epoch, replica, &out));
    out.extend_from_slice(&sig);
    Ok(out)
}

/// A format-2 replica opened and verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedV2 {
    /// The replica.
    pub replica: Replica,
    /// The name its device gives itself.
    pub name: String,
}

/// Opens a format-2 replica of the epoch of `head`: decrypts, finds the device among the
/// members ([`SyncError::NotMember`] if it is not one), checks its signature
/// ([`SyncError::Crypto`] if it does not verify, e.g. another member's replica under this
/// id), decodes the body.
pub fn open_v2(
    group_id: &[u8; 16],
    head: &MemberHead,
    bytes: &[u8],
) -> Result<OpenedV2, SyncError> {
    if bytes.len() > MAX_REPLICA_BYTES {
        return Err(SyncError::Malformed {
            what: "replica too large",
        });
    }
    let h = header_v2(bytes).ok_or(SyncError::NotReplica)?;
    if h.group_tag != group_tag(group_id) {
        return Err(SyncError::OtherGroup);
    }
    if h.epoch != head.epoch {
        return Err(SyncError::OtherEpoch {
            epoch: h.epoch,
            current: head.epoch,
        });
    }
    let Some(sig_at) = bytes
        .len()
        .checked_sub(64)
        .filter(|n| *n >= HEADER_V2_LEN + 16)
    else {
        return Err(SyncError::Malformed {
            what: "replica header",
        });
    };
    let nonce: [u8; 12] = bytes[32..44]
        .try_into()
        .map_err(|_| SyncError::NotReplica)?;
    let mut buf = Zeroizing::new(bytes[HEADER_V2_LEN..sig_at].to_vec());
    let plain = keys::aead_key(&head.epoch_key, b"replica", group_id)?
        .open_in_place(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(&bytes[..HEADER_V2_LEN]),
            &mut buf[..],
        )
        .map_err(|_| SyncError::Crypto)?;
    let bad = |_| SyncError::Malformed {
        what: "replica contents",
    };
    let mut r = Reader::new(plain);
    let device = DeviceId(r.u64().map_err(bad)?);
    let version = r.u64().map_err(bad)?;
    let name_len = usize::from(r.u8().map_err(bad)?);
    let name = String::from_utf8_lossy(r.take(name_len).map_err(bad)?).into_owned();
    let body_len = usize::try_from(r.u32().map_err(bad)?).map_err(|_| SyncError::Malformed {
        what: "replica contents",
    })?;
    let body = r.take(body_len).map_err(bad)?;
    let member = head.member(device).ok_or(SyncError::NotMember { device })?;
    let sig: [u8; 64] = bytes[sig_at..].try_into().map_err(|_| SyncError::Crypto)?;
    let probe = Replica {
        device,
        version,
        clock: crate::hlc::Hlc::zero(device),
        data: Default::default(),
    };
    if !keys::verify(
        &member.sign_public,
        &signed_message(group_id, h.epoch, &probe, &bytes[..sig_at]),
        &sig,
    ) {
        return Err(SyncError::Crypto);
    }
    let (clock, data) = decode_body(body)?;
    Ok(OpenedV2 {
        replica: Replica {
            device,
            version,
            clock,
            data,
        },
        name: device_name(&name),
    })
}

#[cfg(test)]
mod tests {
    use super::bucket;

    #[test]
    fn buckets_hide_exact_sizes_with_at_most_an_eighth_of_padding() {
        assert_eq!(bucket(0), 1024);
        assert_eq!(bucket(1024), 1024);
        assert_eq!(bucket(1025), 1152);
        assert_eq!(bucket(1100), 1152);
        assert_eq!(bucket(2047), 2048);
        assert_eq!(bucket(2049), 2304);
        for n in [1500, 5000, 70_000, 1 << 20, 3_000_001] {
            let b = bucket(n);
            assert!(b >= n && (b - n) * 8 <= n, "{n} -> {b}");
        }
    }
}
