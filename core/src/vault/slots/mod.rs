//! Key slots: each slot is one way of opening the vault (device key store, passphrase, recovery
//! code), and their binary encoding.
//!
//! Format 2 (sealed slots): every slot has its own X25519 key pair. The slot's secret (the key
//! store, Argon2id of the passphrase, HKDF of the recovery code) wraps the slot's private key;
//! the data key is sealed to the slot's public key (ephemeral X25519 → HKDF-SHA256 →
//! AES-256-GCM). A new data key can therefore be sealed to every slot without knowing any slot's
//! secret, which is what lets the vault rotate its data key when a slot is retired.
//!
//! Format 1 (legacy slots, still read): the slot's secret wraps the data key itself. A legacy
//! slot is converted to a sealed one when it is used to open the vault; a legacy slot that is
//! still unconverted blocks data-key rotation ([`VaultError::SlotsNeedRecreating`]).

mod build;
mod codec;
mod keys;
mod unlock;

use std::fmt;

use x25519_dalek::StaticSecret;
use zeroize::Zeroizing;

pub(crate) use codec::Reader;
pub use keys::SlotChoices;
pub(crate) use unlock::check_passphrase;

use super::kdf::KdfParams;
use super::keystore::KeyStore;
use super::recovery::RecoveryCode;
use super::VaultError;
use crate::aead::{KEY_LEN, NONCE_LEN, TAG_LEN};

/// The shortest new passphrase accepted, in characters (Unicode scalar values).
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// Salt length of passphrase and recovery slots.
pub const SALT_LEN: usize = 16;
/// Length of a wrapped 32-byte key (key + 16-byte tag).
pub const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;
/// Length of an X25519 public or private key.
pub const X25519_LEN: usize = 32;
/// Longest device key id, in bytes.
pub const MAX_KEY_ID_LEN: usize = 64;
/// Longest wrapped key a key store may return, in bytes.
pub const MAX_DEVICE_WRAPPED_LEN: usize = 1024;

const LEGACY_AAD_PREFIX: &[u8] = b"KULCS slot v1";
const SEALED_AAD_PREFIX: &[u8] = b"KULCS slot v2";
const SEAL_AAD_PREFIX: &[u8] = b"KULCS seal v2";
const SEAL_INFO: &[u8] = b"kulcs vault v2 data key seal";
const KDF_ARGON2ID_V13: u8 = 1;
const KDF_HKDF_SHA256: u8 = 1;
/// HKDF info of a format-1 recovery slot's key-encryption key.
pub const RECOVERY_INFO_V1: &[u8] = b"kulcs vault v1 recovery slot";
/// HKDF info of a format-2 recovery slot's key-encryption key.
pub const RECOVERY_INFO_V2: &[u8] = b"kulcs vault v2 recovery slot";
/// The seal's AES-GCM nonce: all zero, because every seal uses a fresh ephemeral key, so each
/// derived wrap key encrypts exactly one message.
const SEAL_NONCE: [u8; NONCE_LEN] = [0; NONCE_LEN];

/// The data key that encrypts a vault's contents.
pub type DataKey = Zeroizing<[u8; KEY_LEN]>;

/// How a slot is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotKind {
    /// Wrapped by the platform key store (Android Keystore, iOS Keychain, a desktop key file).
    Device,
    /// Wrapped under an Argon2id key derived from a passphrase.
    Passphrase,
    /// Wrapped under an HKDF key derived from a printed recovery code.
    Recovery,
    /// A slot kind from a newer Kulcs; kept as it is and never used.
    Unknown(u8),
}

impl fmt::Display for SlotKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SlotKind::Device => f.write_str("device key"),
            SlotKind::Passphrase => f.write_str("passphrase"),
            SlotKind::Recovery => f.write_str("recovery code"),
            SlotKind::Unknown(k) => write!(f, "unknown (type {k})"),
        }
    }
}

/// A random 64-bit slot identifier, shown as 16 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SlotId(pub [u8; 8]);

impl fmt::Display for SlotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for SlotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SlotId({self})")
    }
}

impl std::str::FromStr for SlotId {
    type Err = VaultError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || VaultError::SlotNotFound { id: SlotId([0; 8]) };
        if s.len() != 16 || !s.is_ascii() {
            return Err(bad());
        }
        let mut out = [0u8; 8];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(SlotId(out))
    }
}

/// What a UI lists about a slot (nothing secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotInfo {
    /// The slot's id (for `remove_slot`).
    pub id: SlotId,
    /// How it is opened.
    pub kind: SlotKind,
    /// Argon2id parameters of a passphrase slot.
    pub kdf: Option<KdfParams>,
    /// True for a format-1 slot not yet converted (it is converted the next time it opens the
    /// vault; until then it blocks data-key rotation).
    pub legacy: bool,
}

/// How a slot's secret protects a key: the data key itself (legacy, format 1) or the slot's
/// X25519 private key (format 2).
#[derive(Clone, PartialEq, Eq)]
pub enum Lock {
    /// Wrapped by a [`KeyStore`] under `key_id`.
    Device {
        /// The key store's key name.
        key_id: String,
        /// Whatever the key store returned (opaque).
        wrapped: Vec<u8>,
    },
    /// AES-256-GCM under Argon2id(passphrase, salt, params).
    Passphrase {
        /// Argon2id parameters.
        params: KdfParams,
        /// Argon2id salt.
        salt: [u8; SALT_LEN],
        /// AES-GCM nonce of the wrap.
        nonce: [u8; NONCE_LEN],
        /// Encrypted key and tag.
        wrapped: [u8; WRAPPED_LEN],
    },
    /// AES-256-GCM under HKDF-SHA256(code, salt).
    Recovery {
        /// HKDF salt.
        salt: [u8; SALT_LEN],
        /// AES-GCM nonce of the wrap.
        nonce: [u8; NONCE_LEN],
        /// Encrypted key and tag.
        wrapped: [u8; WRAPPED_LEN],
    },
}

impl Lock {
    fn kind(&self) -> SlotKind {
        match self {
            Lock::Device { .. } => SlotKind::Device,
            Lock::Passphrase { .. } => SlotKind::Passphrase,
            Lock::Recovery { .. } => SlotKind::Recovery,
        }
    }
}

/// The data key sealed to a slot's public key.
#[derive(Clone, PartialEq, Eq)]
pub struct Seal {
    /// The ephemeral X25519 public key of this seal.
    pub ephemeral: [u8; X25519_LEN],
    /// AES-256-GCM(HKDF(X25519(ephemeral, slot public)), zero nonce, data key) ‖ tag.
    pub sealed: [u8; WRAPPED_LEN],
}

/// The data each kind of slot stores.
#[derive(Clone, PartialEq, Eq)]
pub enum SlotBody {
    /// A format-1 slot: `lock` wraps the data key directly (kinds 1–3).
    Legacy(Lock),
    /// A format-2 slot (kinds 4–6): `lock` wraps the slot's X25519 private key, and the data
    /// key is sealed to `public`.
    Sealed {
        /// How the private key is protected.
        lock: Lock,
        /// The slot's X25519 public key.
        public: [u8; X25519_LEN],
        /// The current data key, sealed to `public`.
        seal: Seal,
    },
    /// A slot type this version does not know; preserved byte for byte.
    Unknown {
        /// Its type byte.
        kind: u8,
        /// Its body.
        body: Vec<u8>,
    },
}

impl fmt::Debug for SlotBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SlotBody::Legacy(l) => write!(f, "Legacy({})", lock_debug(l)),
            SlotBody::Sealed { lock, .. } => write!(f, "Sealed({})", lock_debug(lock)),
            SlotBody::Unknown { kind, .. } => write!(f, "Unknown({kind})"),
        }
    }
}

fn lock_debug(l: &Lock) -> String {
    match l {
        Lock::Device { key_id, .. } => format!("Device({key_id:?})"),
        Lock::Passphrase { params, .. } => format!("Passphrase({params:?})"),
        Lock::Recovery { .. } => "Recovery".into(),
    }
}

/// One slot: an id and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Random id.
    pub id: SlotId,
    /// Kind-specific data.
    pub body: SlotBody,
}

/// What a slot needs to be opened.
pub(crate) enum SlotSecret<'a> {
    Device(&'a dyn KeyStore),
    Passphrase(&'a str),
    Recovery(&'a RecoveryCode),
}

impl SlotSecret<'_> {
    pub(crate) fn kind(&self) -> SlotKind {
        match self {
            SlotSecret::Device(_) => SlotKind::Device,
            SlotSecret::Passphrase(_) => SlotKind::Passphrase,
            SlotSecret::Recovery(_) => SlotKind::Recovery,
        }
    }
}

/// What opening a slot yields besides the data key.
pub(crate) enum Opened {
    /// A format-2 slot: its private key (kept to re-seal older generations later).
    Sealed(StaticSecret),
    /// A format-1 slot: the key-encryption key of a passphrase or recovery slot (`None` for a
    /// device slot), so the slot can be converted without running the KDF again.
    Legacy(Option<Zeroizing<[u8; KEY_LEN]>>),
}
