//! Owns the compact binary encoding of the accounts a transfer carries (the "bundle"): a
//! deduplicated string table for issuers and groups, column-ordered fields, then raw DEFLATE
//! when that is smaller. Encrypted by [`super::protocol`]; never shown in clear.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::otp::{Algorithm, OtpKind, OtpParams};
use crate::secret::Secret;

/// Bundle format version (inside the encryption, first byte after the codec byte).
pub const BUNDLE_VERSION: u8 = 1;
/// Largest decompressed bundle accepted (bounds a hostile DEFLATE stream).
pub const MAX_BUNDLE_BYTES: usize = 8 * 1024 * 1024;
const CODEC_RAW: u8 = 0;
const CODEC_DEFLATE: u8 = 1;
const FLAG_SYNC: u8 = 1;
const FLAG_IDENTITY: u8 = 2;

/// A hybrid-logical-clock stamp as carried on the wire: wall milliseconds, counter, node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct WireStamp {
    /// Wall clock, Unix milliseconds.
    pub wall_ms: u64,
    /// Logical counter.
    pub counter: u32,
    /// Device id of the writer.
    pub node: u64,
}

/// Sync identity of an account: only carried when the transfer also joins a sync group, so both
/// devices know the account under the same id and version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireIdentity {
    /// Stable account id.
    pub id: [u8; 16],
    /// When it was created.
    pub created: WireStamp,
    /// When it was last changed.
    pub updated: WireStamp,
}

/// One account as a transfer carries it. `Debug` redacts the note (the secret is redacted by
/// [`Secret`] itself).
#[derive(Clone, PartialEq, Eq)]
pub struct BundleAccount {
    /// Issuer, label, secret, parameters.
    pub credential: Credential,
    /// The encrypted-at-rest note (e.g. a törlőkód), if any.
    pub note: Option<Zeroizing<String>>,
    /// Groups / tags.
    pub groups: Vec<String>,
    /// Sync identity (present when the bundle carries a sync invitation).
    pub identity: Option<WireIdentity>,
}

impl std::fmt::Debug for BundleAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BundleAccount")
            .field("credential", &self.credential)
            .field("note", &self.note.as_ref().map(|_| "<redacted>"))
            .field("groups", &self.groups)
            .field("identity", &self.identity)
            .finish()
    }
}

/// An invitation into a sync group, handed over by a transfer.
#[derive(Clone, PartialEq, Eq)]
pub struct SyncInvite {
    /// The group's identifier (not secret).
    pub group_id: [u8; 16],
    /// The group's 256-bit replica key.
    pub key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for SyncInvite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncInvite")
            .field("group_id", &self.group_id)
            .finish_non_exhaustive()
    }
}

/// Everything one transfer carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bundle {
    /// The accounts, in the sender's order.
    pub accounts: Vec<BundleAccount>,
    /// Present when the receiver should join the sender's sync group.
    pub sync: Option<SyncInvite>,
}

/// Why bytes were not a valid bundle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// The bytes end early, or a length field is impossible.
    #[error("truncated or malformed bundle")]
    Truncated,
    /// A bundle version this build does not know.
    #[error("unsupported bundle version {0}")]
    UnsupportedVersion(u8),
    /// Unknown compression codec byte.
    #[error("unknown bundle codec {0}")]
    UnknownCodec(u8),
    /// DEFLATE data is damaged or inflates beyond [`MAX_BUNDLE_BYTES`].
    #[error("bundle decompression failed")]
    Inflate,
    /// Text that is not UTF-8, a string index out of range, or bad OTP parameters/secret.
    #[error("invalid field in bundle: {0}")]
    InvalidField(&'static str),
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64, BundleError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.data.get(self.pos).ok_or(BundleError::Truncated)?;
            self.pos += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(BundleError::Truncated)
    }
    fn len(&mut self) -> Result<usize, BundleError> {
        let v = self.varint()?;
        if v > (self.data.len() - self.pos) as u64 {
            return Err(BundleError::Truncated);
        }
        Ok(v as usize)
    }
    fn count(&mut self) -> Result<usize, BundleError> {
        // every counted item takes at least one byte
        self.len()
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], BundleError> {
        let end = self.pos.checked_add(n).ok_or(BundleError::Truncated)?;
        let s = self.data.get(self.pos..end).ok_or(BundleError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, BundleError> {
        Ok(self.take(1)?[0])
    }
    fn bytes(&mut self) -> Result<&'a [u8], BundleError> {
        let n = self.len()?;
        self.take(n)
    }
    fn string(&mut self) -> Result<String, BundleError> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| BundleError::InvalidField("text"))
    }
}

fn kind_code(k: OtpKind) -> u8 {
    match k {
        OtpKind::Totp => 0,
        OtpKind::Hotp => 1,
        OtpKind::Steam => 2,
    }
}

fn alg_code(a: Algorithm) -> u8 {
    match a {
        Algorithm::Sha1 => 0,
        Algorithm::Sha256 => 1,
        Algorithm::Sha512 => 2,
    }
}

/// Encodes a bundle (codec byte, then raw or DEFLATE-compressed body, whichever is smaller).
pub fn encode(bundle: &Bundle) -> Zeroizing<Vec<u8>> {
    let mut table: Vec<String> = Vec::new();
    let mut lookup = |s: &str| -> u64 {
        if let Some(p) = table.iter().position(|t| t == s) {
            p as u64
        } else {
            table.push(s.to_string());
            (table.len() - 1) as u64
        }
    };
    let issuer_idx: Vec<u64> = bundle
        .accounts
        .iter()
        .map(|a| lookup(&a.credential.issuer))
        .collect();
    let group_idx: Vec<Vec<u64>> = bundle
        .accounts
        .iter()
        .map(|a| a.groups.iter().map(|g| lookup(g)).collect())
        .collect();
    let with_identity =
        bundle.accounts.iter().all(|a| a.identity.is_some()) && !bundle.accounts.is_empty();

    let mut b = Zeroizing::new(Vec::new());
    b.push(BUNDLE_VERSION);
    let mut flags = 0;
    if bundle.sync.is_some() {
        flags |= FLAG_SYNC;
    }
    if with_identity {
        flags |= FLAG_IDENTITY;
    }
    b.push(flags);
    if let Some(s) = &bundle.sync {
        b.extend_from_slice(&s.group_id);
        b.extend_from_slice(&s.key[..]);
    }
    put_varint(&mut b, table.len() as u64);
    for s in &table {
        put_bytes(&mut b, s.as_bytes());
    }
    put_varint(&mut b, bundle.accounts.len() as u64);
    // Column order: similar data sits together, which DEFLATE rewards.
    for i in &issuer_idx {
        put_varint(&mut b, *i);
    }
    for a in &bundle.accounts {
        put_bytes(&mut b, a.credential.label.as_bytes());
    }
    for a in &bundle.accounts {
        let p = &a.credential.params;
        b.push(kind_code(p.kind) << 4 | alg_code(p.algorithm));
        b.push(p.digits);
        put_varint(&mut b, p.period as u64);
        if p.kind == OtpKind::Hotp {
            put_varint(&mut b, p.counter);
        }
    }
    for a in &bundle.accounts {
        put_bytes(&mut b, a.credential.secret.expose_bytes());
    }
    for (a, groups) in bundle.accounts.iter().zip(&group_idx) {
        match &a.note {
            Some(n) => put_bytes(&mut b, n.as_bytes()),
            None => put_varint(&mut b, 0),
        }
        put_varint(&mut b, groups.len() as u64);
        for g in groups {
            put_varint(&mut b, *g);
        }
    }
    if with_identity {
        let mut nodes: Vec<u64> = Vec::new();
        for a in &bundle.accounts {
            let id = a.identity.as_ref().expect("checked above");
            for n in [id.created.node, id.updated.node] {
                if !nodes.contains(&n) {
                    nodes.push(n);
                }
            }
        }
        put_varint(&mut b, nodes.len() as u64);
        for n in &nodes {
            b.extend_from_slice(&n.to_be_bytes());
        }
        for a in &bundle.accounts {
            b.extend_from_slice(&a.identity.as_ref().expect("checked above").id);
        }
        for a in &bundle.accounts {
            let id = a.identity.as_ref().expect("checked above");
            for s in [id.updated, id.created] {
                put_varint(&mut b, s.wall_ms);
                put_varint(&mut b, s.counter as u64);
                put_varint(
                    &mut b,
                    nodes.iter().position(|n| *n == s.node).unwrap_or(0) as u64,
                );
            }
        }
    }
    let compressed = miniz_oxide::deflate::compress_to_vec(&b, 10);
    let mut out = Zeroizing::new(Vec::with_capacity(b.len() + 1));
    if compressed.len() < b.len() {
        out.push(CODEC_DEFLATE);
        out.extend_from_slice(&compressed);
    } else {
        out.push(CODEC_RAW);
        out.extend_from_slice(&b);
    }
    let mut compressed = compressed;
    zeroize::Zeroize::zeroize(&mut compressed);
    out
}

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
        Some(SyncInvite { group_id, key })
    } else {
        None
    };
    let n_strings = r.count()?;
    // Counts are bounded before anything is reserved for them (issue 10, finding 9).
    if n_strings > crate::validate::MAX_RECEIVED_STRINGS {
        return Err(BundleError::InvalidField("too many strings"));
    }
    let mut table = Vec::with_capacity(n_strings);
    for _ in 0..n_strings {
        table.push(r.string()?);
    }
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
            });
        }
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
