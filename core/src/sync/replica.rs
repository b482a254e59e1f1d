//! Owns the replica file format (`KULCSRP1`): one device's accounts, tombstones, clock and a
//! per-device version, encrypted under the sync group's key. Spec in `docs/sync.md`.

use ring::{aead, hkdf};
use zeroize::Zeroizing;

use crate::account::{Account, AccountId, Note};
use crate::bundle::{self, Bundle, BundleAccount, WireIdentity, WireStamp};
use crate::credential::Credential;
use crate::hlc::{DeviceId, Hlc};
use crate::random::{RandomSource, SeededRandom};

use super::merge::{ReplicaData, SyncTombstone};
use super::SyncError;

/// Magic prefix of a replica file (format version 1).
pub const REPLICA_MAGIC: &[u8; 8] = b"KULCSRP1";
/// File name suffix of replica files: `<device-id>.kulcs-replica`.
pub const REPLICA_SUFFIX: &str = ".kulcs-replica";
/// Largest replica file read.
pub const MAX_REPLICA_BYTES: usize = 16 * 1024 * 1024;
const HEADER_LEN: usize = 8 + 16 + 8 + 8 + 12;

/// A sync group: its public id and its 256-bit key (handed over by a transfer).
#[derive(Clone, PartialEq, Eq)]
pub struct SyncGroup {
    /// Public identifier (in every replica header).
    pub group_id: [u8; 16],
    /// The group key. Secret.
    pub key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for SyncGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SyncGroup({}, <key redacted>)",
            data_encoding::HEXLOWER.encode(&self.group_id)
        )
    }
}

impl SyncGroup {
    /// A new random group.
    pub fn generate(rng: &dyn RandomSource) -> Result<SyncGroup, SyncError> {
        let mut group_id = [0u8; 16];
        rng.fill(&mut group_id).map_err(|_| SyncError::Random)?;
        let mut key = Zeroizing::new([0u8; 32]);
        rng.fill(&mut key[..]).map_err(|_| SyncError::Random)?;
        Ok(SyncGroup { group_id, key })
    }

    /// From the invitation a transfer carried.
    pub fn from_invite(invite: &bundle::SyncInvite) -> SyncGroup {
        SyncGroup {
            group_id: invite.group_id,
            key: invite.key.clone(),
        }
    }

    /// The invitation to put into a transfer bundle.
    pub fn invite(&self) -> bundle::SyncInvite {
        bundle::SyncInvite {
            group_id: self.group_id,
            key: self.key.clone(),
        }
    }

    fn aead_key(&self) -> Result<aead::LessSafeKey, SyncError> {
        struct L;
        impl hkdf::KeyType for L {
            fn len(&self) -> usize {
                32
            }
        }
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, b"KULCS-SYNC-V1").extract(&self.key[..]);
        let mut k = Zeroizing::new([0u8; 32]);
        let info: [&[u8]; 2] = [b"KULCS-SYNC-V1 replica key", &self.group_id];
        prk.expand(&info, L)
            .and_then(|okm| okm.fill(&mut k[..]))
            .map_err(|_| SyncError::Crypto)?;
        aead::UnboundKey::new(&aead::CHACHA20_POLY1305, &k[..])
            .map(aead::LessSafeKey::new)
            .map_err(|_| SyncError::Crypto)
    }
}

/// One device's published state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replica {
    /// The publishing device.
    pub device: DeviceId,
    /// Increases with every publication of that device; older ones are refused (rollback).
    pub version: u64,
    /// The publisher's HLC when publishing.
    pub clock: Hlc,
    /// Accounts and tombstones.
    pub data: ReplicaData,
}

impl From<Hlc> for WireStamp {
    fn from(h: Hlc) -> Self {
        WireStamp {
            wall_ms: h.wall_ms,
            counter: h.counter,
            node: h.node.0,
        }
    }
}

impl From<WireStamp> for Hlc {
    fn from(s: WireStamp) -> Self {
        Hlc {
            wall_ms: s.wall_ms,
            counter: s.counter,
            node: DeviceId(s.node),
        }
    }
}

/// An account as a bundle entry with its sync identity.
pub fn to_bundle_account(a: &Account) -> BundleAccount {
    BundleAccount {
        credential: a.credential.clone(),
        note: a.note.as_ref().map(|n| n.to_zeroizing()),
        groups: a.groups.clone(),
        identity: Some(WireIdentity {
            id: a.id.0,
            created: a.created.into(),
            updated: a.updated.into(),
        }),
    }
}

/// A bundle entry with an identity back to an account (`None` without identity or with an
/// over-long note). Names and groups are brought within the rules every received account
/// passes ([`crate::validate::repair_account`]: control and bidi characters removed, lengths
/// and counts cut), so what is installed always reopens.
pub fn from_bundle_account(b: BundleAccount) -> Option<Account> {
    let identity = b.identity?;
    let note = match &b.note {
        Some(n) => Some(Note::new(n).ok()?),
        None => None,
    };
    let mut account = Account {
        id: AccountId(identity.id),
        credential: Credential { ..b.credential },
        note,
        groups: b.groups,
        created: identity.created.into(),
        updated: identity.updated.into(),
    };
    crate::validate::repair_account(&mut account);
    Some(account)
}

fn put_hlc(out: &mut Vec<u8>, h: &Hlc) {
    out.extend_from_slice(&h.wall_ms.to_be_bytes());
    out.extend_from_slice(&h.counter.to_be_bytes());
    out.extend_from_slice(&h.node.0.to_be_bytes());
}

/// Reads a replica body front to back with checked offsets: no `pos + len` can wrap, even
/// where `usize` is 32 bits (issue 10, finding 9).
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.take(8)?.try_into().ok()?))
    }
    fn hlc(&mut self) -> Option<Hlc> {
        Some(Hlc {
            wall_ms: self.u64()?,
            counter: self.u32()?,
            node: DeviceId(self.u64()?),
        })
    }
}

/// Bytes of one tombstone in a replica body: id, deleted, seen.
const TOMBSTONE_LEN: usize = 16 + 20 + 20;

fn encode_body(r: &Replica) -> Zeroizing<Vec<u8>> {
    let accounts: Vec<BundleAccount> = r.data.accounts.values().map(to_bundle_account).collect();
    let encoded = bundle::encode(&Bundle {
        accounts,
        sync: None,
    });
    let mut out = Zeroizing::new(Vec::with_capacity(encoded.len() + 64));
    put_hlc(&mut out, &r.clock);
    out.extend_from_slice(&(encoded.len() as u32).to_be_bytes());
    out.extend_from_slice(&encoded);
    out.extend_from_slice(&(r.data.tombstones.len() as u32).to_be_bytes());
    for t in r.data.tombstones.values() {
        out.extend_from_slice(&t.id.0);
        put_hlc(&mut out, &t.deleted);
        put_hlc(&mut out, &t.seen);
    }
    out
}

fn decode_body(device: DeviceId, version: u64, b: &[u8]) -> Result<Replica, SyncError> {
    let bad = || SyncError::Malformed {
        what: "replica contents",
    };
    let mut r = Cursor { data: b, pos: 0 };
    let clock = r.hlc().ok_or_else(bad)?;
    let len = usize::try_from(r.u32().ok_or_else(bad)?).map_err(|_| bad())?;
    let enc = r.take(len).ok_or_else(bad)?;
    let mut accounts = Vec::new();
    if len > 0 {
        let decoded = bundle::decode(enc).map_err(|_| bad())?;
        for a in decoded.accounts {
            accounts.push(from_bundle_account(a).ok_or_else(bad)?);
        }
    }
    let n = usize::try_from(r.u32().ok_or_else(bad)?).map_err(|_| bad())?;
    // The count is checked against the bytes that are really there before anything is
    // allocated for it.
    if n.checked_mul(TOMBSTONE_LEN) != Some(r.remaining()) {
        return Err(bad());
    }
    let mut tombstones = Vec::with_capacity(n);
    for _ in 0..n {
        let id: [u8; 16] = r.take(16).ok_or_else(bad)?.try_into().map_err(|_| bad())?;
        let deleted = r.hlc().ok_or_else(bad)?;
        let seen = r.hlc().ok_or_else(bad)?;
        tombstones.push(SyncTombstone {
            id: AccountId(id),
            deleted,
            seen,
        });
    }
    Ok(Replica {
        device,
        version,
        clock,
        data: ReplicaData::from_parts(accounts, tombstones),
    })
}

/// Encrypts a replica: header (magic, group id, device, version, nonce) in clear and bound as
/// associated data; the contents sealed with ChaCha20-Poly1305 under a key derived from the
/// group key. The nonce is random (taken from `rng`).
pub fn seal(
    group: &SyncGroup,
    replica: &Replica,
    rng: &dyn RandomSource,
) -> Result<Vec<u8>, SyncError> {
    let mut nonce = [0u8; 12];
    rng.fill(&mut nonce).map_err(|_| SyncError::Random)?;
    let mut out = Vec::with_capacity(HEADER_LEN + 256);
    out.extend_from_slice(REPLICA_MAGIC);
    out.extend_from_slice(&group.group_id);
    out.extend_from_slice(&replica.device.0.to_be_bytes());
    out.extend_from_slice(&replica.version.to_be_bytes());
    out.extend_from_slice(&nonce);
    let mut body = encode_body(replica);
    let tag = group
        .aead_key()?
        .seal_in_place_separate_tag(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(&out[..HEADER_LEN]),
            &mut body[..],
        )
        .map_err(|_| SyncError::Crypto)?;
    out.extend_from_slice(&body);
    out.extend_from_slice(tag.as_ref());
    Ok(out)
}

/// The clear header of a replica file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplicaHeader {
    /// Group id.
    pub group_id: [u8; 16],
    /// Publishing device.
    pub device: DeviceId,
    /// Publication number.
    pub version: u64,
}

/// Reads the clear header (no key needed; nothing secret in it).
pub fn header(bytes: &[u8]) -> Result<ReplicaHeader, SyncError> {
    if bytes.len() > MAX_REPLICA_BYTES {
        return Err(SyncError::Malformed {
            what: "replica too large",
        });
    }
    if bytes.len() < 8 || &bytes[..5] != b"KULCS" || &bytes[5..7] != b"RP" {
        return Err(SyncError::NotReplica);
    }
    if &bytes[..8] != REPLICA_MAGIC {
        return Err(SyncError::UnsupportedVersion);
    }
    if bytes.len() < HEADER_LEN + 16 {
        return Err(SyncError::Malformed {
            what: "replica header",
        });
    }
    let mut group_id = [0u8; 16];
    group_id.copy_from_slice(&bytes[8..24]);
    Ok(ReplicaHeader {
        group_id,
        device: DeviceId(u64::from_be_bytes(
            bytes[24..32]
                .try_into()
                .map_err(|_| SyncError::NotReplica)?,
        )),
        version: u64::from_be_bytes(
            bytes[32..40]
                .try_into()
                .map_err(|_| SyncError::NotReplica)?,
        ),
    })
}

/// Decrypts a replica of `group`. Errors: [`SyncError::OtherGroup`], [`SyncError::Crypto`]
/// (wrong key or tampered), [`SyncError::Malformed`].
pub fn open(group: &SyncGroup, bytes: &[u8]) -> Result<Replica, SyncError> {
    let h = header(bytes)?;
    if h.group_id != group.group_id {
        return Err(SyncError::OtherGroup);
    }
    let mut nonce = [0u8; 12];
    nonce.copy_from_slice(&bytes[40..52]);
    let mut buf = Zeroizing::new(bytes[HEADER_LEN..].to_vec());
    let plain = group
        .aead_key()?
        .open_in_place(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(&bytes[..HEADER_LEN]),
            &mut buf[..],
        )
        .map_err(|_| SyncError::Crypto)?;
    decode_body(h.device, h.version, plain)
}

/// A deterministic `RandomSource` for replica vectors (re-exported for tests).
pub fn vector_rng(seed: &[u8]) -> SeededRandom {
    SeededRandom::new(seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(len: u32, tail: &[u8]) -> Vec<u8> {
        let mut b = Vec::new();
        put_hlc(&mut b, &Hlc::zero(DeviceId(1)));
        b.extend_from_slice(&len.to_be_bytes());
        b.extend_from_slice(tail);
        b
    }

    #[test]
    fn lengths_that_would_wrap_are_refused() {
        // `24 + len` with len = u32::MAX wraps a 32-bit usize.
        assert!(decode_body(DeviceId(1), 1, &body(u32::MAX, &[0; 8])).is_err());
        // `n * 56` wraps 32 bits for n = 0x0492_4925 (56 n = 2^32 + 24): with 24 bytes left the
        // old check `len == pos + n * 56` held there, and reserving n tombstones panicked.
        let mut tail = 0x0492_4925u32.to_be_bytes().to_vec();
        tail.extend_from_slice(&[0; 24]);
        assert!(decode_body(DeviceId(1), 1, &body(0, &tail)).is_err());
        assert!(decode_body(DeviceId(1), 1, &body(0, &u32::MAX.to_be_bytes())).is_err());
        // A cursor at the end of the address space never wraps.
        let data = [0u8; 4];
        let mut c = Cursor {
            data: &data,
            pos: usize::MAX - 1,
        };
        assert!(c.take(4).is_none());
        assert_eq!(c.remaining(), 0);
    }

    #[test]
    fn an_empty_body_decodes() {
        let mut b = body(0, &0u32.to_be_bytes());
        let r = decode_body(DeviceId(1), 1, &b).unwrap();
        assert!(r.data.accounts.is_empty() && r.data.tombstones.is_empty());
        b.push(0);
        assert!(decode_body(DeviceId(1), 1, &b).is_err());
    }
}
