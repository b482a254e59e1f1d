//! Owns the replica file format 1 (`KULCSRP1`): one device's accounts, tombstones, clock and a
//! per-device version, encrypted under the group's shared key; still read while a group
//! upgrades (format 2 is in `envelope`). Spec in `docs/sync.md`.

use ring::{aead, hkdf};
use zeroize::Zeroizing;

use crate::bundle;
use crate::hlc::{DeviceId, Hlc};
use crate::random::{RandomSource, SeededRandom};

use super::body::{decode_body, encode_body};
pub use super::body::{from_bundle_account, to_bundle_account};
use super::merge::ReplicaData;
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
            members: None,
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
    let mut body = encode_body(&replica.clock, &replica.data);
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
    let (clock, data) = decode_body(plain)?;
    Ok(Replica {
        device: h.device,
        version: h.version,
        clock,
        data,
    })
}

/// A deterministic `RandomSource` for replica vectors (re-exported for tests).
pub fn vector_rng(seed: &[u8]) -> SeededRandom {
    SeededRandom::new(seed)
}
