//! Owns the signed member list of a sync group: a chain of member records (`KULCSMR1`), each
//! valid only when signed by a member of the record before it. Spec in `docs/sync.md` §5.

use ring::{aead, digest};

use crate::hlc::DeviceId;
use crate::random::RandomSource;

use super::keys::{self, DeviceKeys, EpochKey, WRAP_LEN};
use super::reader::Reader;
use super::SyncError;

/// Magic prefix of a member record file.
pub const RECORD_MAGIC: &[u8; 8] = b"KULCSMR1";
/// File name suffix of member records: `<seq>-<hash>.kulcs-members`.
pub const RECORD_SUFFIX: &str = ".kulcs-members";
/// Largest member record read (a group of 256 devices fits easily).
pub const MAX_RECORD_BYTES: usize = 64 * 1024;
/// Most members a group may have.
pub const MAX_MEMBERS: usize = 256;
/// Longest device name kept, in bytes (UTF-8, cut at a character).
pub const MAX_DEVICE_NAME_BYTES: usize = 64;
const FLAG_UPGRADED: u8 = 1;
const SIG_DOMAIN: &[u8] = b"KULCS-SYNC-V2 record";

/// One member of a sync group as a record lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The device (its vault's device id).
    pub device: DeviceId,
    /// A name for people ("Anna's phone"), cleaned and cut.
    pub name: String,
    /// Its ed25519 verifying key: replicas and records it signs.
    pub sign_public: [u8; 32],
    /// Its X25519 public key: epoch keys are sealed to it.
    pub kx_public: [u8; 32],
    /// When it was added (Unix ms, the adder's clock).
    pub added_ms: u64,
}

/// A device name as stored: unsafe characters removed ([`crate::validate::clean_name`]), cut
/// to [`MAX_DEVICE_NAME_BYTES`].
pub fn device_name(raw: &str) -> String {
    let mut s = crate::validate::clean_name(raw);
    if s.len() > MAX_DEVICE_NAME_BYTES {
        let mut at = MAX_DEVICE_NAME_BYTES;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
        // A cut can leave a trailing space; trimmed so cleaning twice changes nothing.
        s.truncate(s.trim_end().len());
    }
    s
}

/// The newest member record this device accepted: the current members, epoch and epoch key.
#[derive(Clone, PartialEq, Eq)]
pub struct MemberHead {
    /// Position of the record in the chain (0 = the first).
    pub seq: u64,
    /// SHA-256 of the record's bytes.
    pub hash: [u8; 32],
    /// The epoch: increases by one with every removal.
    pub epoch: u64,
    /// The epoch's key. Secret.
    pub epoch_key: EpochKey,
    /// The members, in the record's order.
    pub members: Vec<Member>,
    /// The chain was started by upgrading a format-1 group (its epoch 0 key derives from the
    /// old group key, and devices holding that key may add themselves until the first removal).
    pub upgraded: bool,
}

impl std::fmt::Debug for MemberHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberHead")
            .field("seq", &self.seq)
            .field("epoch", &self.epoch)
            .field("members", &self.members)
            .field("upgraded", &self.upgraded)
            .finish_non_exhaustive()
    }
}

impl MemberHead {
    /// The member with id `device`.
    pub fn member(&self, device: DeviceId) -> Option<&Member> {
        self.members.iter().find(|m| m.device == device)
    }
}

/// The clear tag of a group in replica and record headers: SHA-256("KULCS-SYNC-V2 group" ‖ id)
/// cut to 16 bytes (the group id itself is never written in clear by format 2).
pub fn group_tag(group_id: &[u8; 16]) -> [u8; 16] {
    let mut c = digest::Context::new(&digest::SHA256);
    c.update(b"KULCS-SYNC-V2 group");
    c.update(group_id);
    let mut t = [0u8; 16];
    t.copy_from_slice(&c.finish().as_ref()[..16]);
    t
}

/// SHA-256 of a record's bytes.
pub fn record_hash(bytes: &[u8]) -> [u8; 32] {
    let mut h = [0u8; 32];
    h.copy_from_slice(digest::digest(&digest::SHA256, bytes).as_ref());
    h
}

/// File name of a record: `<seq, 10 digits>-<first 8 bytes of its hash, hex>.kulcs-members`
/// (competing records at one position get different names, so no file-sync tool merges them).
pub fn record_file_name(seq: u64, hash: &[u8; 32]) -> String {
    format!(
        "{seq:010}-{}{RECORD_SUFFIX}",
        data_encoding::HEXLOWER.encode(&hash[..8])
    )
}

/// The context an epoch key is sealed under: group id ‖ epoch.
pub(super) fn wrap_context(group_id: &[u8; 16], epoch: u64) -> [u8; 24] {
    let mut c = [0u8; 24];
    c[..16].copy_from_slice(group_id);
    c[16..].copy_from_slice(&epoch.to_be_bytes());
    c
}

/// What a new record says; sealed by [`seal_record`].
pub struct RecordDraft<'a> {
    /// The group.
    pub group_id: &'a [u8; 16],
    /// Its position.
    pub seq: u64,
    /// Its epoch.
    pub epoch: u64,
    /// The epoch key (sealed to every member).
    pub epoch_key: &'a [u8; 32],
    /// Hash of the record before (zeros for the first).
    pub prev: [u8; 32],
    /// Started by an upgrade from format 1.
    pub upgraded: bool,
    /// The members.
    pub members: &'a [Member],
}

/// Seals and signs a record: header (magic, group tag, seq, epoch, wraps) in clear; members
/// inside ChaCha20-Poly1305 under the epoch key; ed25519 signature of `signer` over all of it.
pub fn seal_record(
    d: &RecordDraft<'_>,
    signer: &DeviceKeys,
    rng: &dyn RandomSource,
) -> Result<Vec<u8>, SyncError> {
    if d.members.is_empty() || d.members.len() > MAX_MEMBERS {
        return Err(SyncError::Malformed {
            what: "member count",
        });
    }
    let ctx = wrap_context(d.group_id, d.epoch);
    let mut out = RECORD_MAGIC.to_vec();
    out.extend_from_slice(&group_tag(d.group_id));
    out.extend_from_slice(&d.seq.to_be_bytes());
    out.extend_from_slice(&d.epoch.to_be_bytes());
    out.extend_from_slice(&(d.members.len() as u16).to_be_bytes());
    for m in d.members {
        out.extend_from_slice(&keys::wrap_epoch_key(d.epoch_key, &m.kx_public, &ctx, rng)?);
    }
    let mut nonce = [0u8; 12];
    rng.fill(&mut nonce).map_err(|_| SyncError::Random)?;
    out.extend_from_slice(&nonce);
    let mut body = d.group_id.to_vec();
    body.extend_from_slice(&d.prev);
    body.push(if d.upgraded { FLAG_UPGRADED } else { 0 });
    body.extend_from_slice(&(d.members.len() as u16).to_be_bytes());
    for m in d.members {
        body.extend_from_slice(&m.device.0.to_be_bytes());
        body.extend_from_slice(&m.sign_public);
        body.extend_from_slice(&m.kx_public);
        body.extend_from_slice(&m.added_ms.to_be_bytes());
        let name = device_name(&m.name);
        body.push(name.len() as u8);
        body.extend_from_slice(name.as_bytes());
    }
    let tag = keys::aead_key(d.epoch_key, b"record", d.group_id)?
        .seal_in_place_separate_tag(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(&out[..]),
            &mut body,
        )
        .map_err(|_| SyncError::Crypto)?;
    out.extend_from_slice(&body);
    out.extend_from_slice(tag.as_ref());
    let sig = signer.sign(&signed_message(d.group_id, &out));
    out.extend_from_slice(&sig);
    Ok(out)
}

fn signed_message(group_id: &[u8; 16], bytes: &[u8]) -> Vec<u8> {
    let mut m = SIG_DOMAIN.to_vec();
    m.extend_from_slice(group_id);
    m.extend_from_slice(bytes);
    m
}

/// The clear part of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordHeader {
    /// Position in the chain.
    pub seq: u64,
    /// Epoch.
    pub epoch: u64,
    /// The epoch key sealed to each member.
    pub wraps: Vec<[u8; WRAP_LEN]>,
    body_at: usize,
}

/// Reads a record's clear header and checks it belongs to `group_id`.
pub fn record_header(group_id: &[u8; 16], b: &[u8]) -> Result<RecordHeader, SyncError> {
    let bad = |what| SyncError::Malformed { what };
    if b.len() > MAX_RECORD_BYTES {
        return Err(bad("member record too large"));
    }
    if b.len() < 8 || &b[..8] != RECORD_MAGIC {
        return Err(SyncError::NotReplica);
    }
    if b.len() < 42 {
        return Err(bad("member record header"));
    }
    if b[8..24] != group_tag(group_id) {
        return Err(SyncError::OtherGroup);
    }
    let seq = u64::from_be_bytes(b[24..32].try_into().map_err(|_| bad("seq"))?);
    let epoch = u64::from_be_bytes(b[32..40].try_into().map_err(|_| bad("epoch"))?);
    let n = usize::from(u16::from_be_bytes([b[40], b[41]]));
    let body_at = 42 + n * WRAP_LEN;
    // nonce, at least a tag, signature
    if n == 0 || b.len() < body_at + 12 + 16 + 64 {
        return Err(bad("member record header"));
    }
    let wraps = b[42..body_at]
        .chunks_exact(WRAP_LEN)
        .filter_map(|c| c.try_into().ok())
        .collect();
    Ok(RecordHeader {
        seq,
        epoch,
        wraps,
        body_at,
    })
}

/// True when `b` is signed by `public` (checks nothing else).
pub fn signed_by(group_id: &[u8; 16], b: &[u8], public: &[u8; 32]) -> bool {
    let Some(split) = b.len().checked_sub(64) else {
        return false;
    };
    let Ok(sig) = <[u8; 64]>::try_from(&b[split..]) else {
        return false;
    };
    keys::verify(public, &signed_message(group_id, &b[..split]), &sig)
}

/// The decrypted contents of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordBody {
    /// Hash of the record before.
    pub prev: [u8; 32],
    /// Started by an upgrade from format 1.
    pub upgraded: bool,
    /// The members.
    pub members: Vec<Member>,
}

/// Decrypts a record's members with its epoch key ([`SyncError::Crypto`] if it is not that
/// epoch's key, or the record was changed).
pub fn open_record(
    group_id: &[u8; 16],
    h: &RecordHeader,
    b: &[u8],
    epoch_key: &[u8; 32],
) -> Result<RecordBody, SyncError> {
    let bad = || SyncError::Malformed {
        what: "member record",
    };
    let end = b.len() - 64;
    let nonce: [u8; 12] = b[h.body_at..h.body_at + 12].try_into().map_err(|_| bad())?;
    let mut buf = b[h.body_at + 12..end].to_vec();
    let plain = keys::aead_key(epoch_key, b"record", group_id)?
        .open_in_place(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(&b[..h.body_at + 12]),
            &mut buf,
        )
        .map_err(|_| SyncError::Crypto)?;
    let mut r = Reader::new(plain);
    if r.take(16).map_err(|_| bad())? != group_id {
        return Err(SyncError::OtherGroup);
    }
    let prev: [u8; 32] = r.array().map_err(|_| bad())?;
    let flags = r.u8().map_err(|_| bad())?;
    let n = usize::from(r.u16().map_err(|_| bad())?);
    if n == 0 || n > MAX_MEMBERS || n != h.wraps.len() {
        return Err(bad());
    }
    let mut members: Vec<Member> = Vec::with_capacity(n);
    for _ in 0..n {
        let device = DeviceId(r.u64().map_err(|_| bad())?);
        let sign_public = r.array().map_err(|_| bad())?;
        let kx_public = r.array().map_err(|_| bad())?;
        let added_ms = r.u64().map_err(|_| bad())?;
        let len = usize::from(r.u8().map_err(|_| bad())?);
        let name = std::str::from_utf8(r.take(len).map_err(|_| bad())?).map_err(|_| bad())?;
        if members.iter().any(|m| m.device == device) {
            return Err(bad());
        }
        members.push(Member {
            device,
            name: device_name(name),
            sign_public,
            kx_public,
            added_ms,
        });
    }
    if !r.at_end() {
        return Err(bad());
    }
    Ok(RecordBody {
        prev,
        upgraded: flags & FLAG_UPGRADED != 0,
        members,
    })
}

/// The epoch-0 key of a chain started by upgrading a format-1 group: derived from the old key.
pub fn upgrade_epoch_key(v1_key: &[u8; 32], group_id: &[u8; 16]) -> Result<EpochKey, SyncError> {
    keys::derive(v1_key, b"upgrade epoch 0", group_id)
}
