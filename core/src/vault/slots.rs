//! Key slots: each slot wraps the vault's data key under one way of opening the vault
//! (device key store, passphrase, recovery code), and their binary encoding.
//!
//! Slots are independent of the contents: adding, removing or changing a slot never changes the
//! data key, so accounts are never re-encrypted under a new key (the contents are re-sealed with
//! a fresh nonce only because the header, slots included, is the contents' associated data).

use std::fmt;

use zeroize::Zeroizing;

use super::aead::{self, KEY_LEN, NONCE_LEN, TAG_LEN};
use super::kdf::{self, KdfParams};
use super::keystore::KeyStore;
use super::recovery::RecoveryCode;
use super::rng::{random_array, Rng};
use super::{KeyStoreError, VaultError};

/// The shortest new passphrase accepted, in characters (Unicode scalar values).
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// Salt length of passphrase and recovery slots.
pub const SALT_LEN: usize = 16;
/// Length of a wrapped data key (32-byte key + 16-byte tag).
pub const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;
/// Longest device key id, in bytes.
pub const MAX_KEY_ID_LEN: usize = 64;
/// Longest wrapped key a key store may return, in bytes.
pub const MAX_DEVICE_WRAPPED_LEN: usize = 1024;

const SLOT_AAD_PREFIX: &[u8] = b"KULCS slot v1";
const KDF_ARGON2ID_V13: u8 = 1;
const KDF_HKDF_SHA256: u8 = 1;
const RECOVERY_INFO: &[u8] = b"kulcs vault v1 recovery slot";

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

impl SlotKind {
    fn code(self) -> u8 {
        match self {
            SlotKind::Device => 1,
            SlotKind::Passphrase => 2,
            SlotKind::Recovery => 3,
            SlotKind::Unknown(k) => k,
        }
    }
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
}

/// The data each kind of slot stores.
#[derive(Clone, PartialEq, Eq)]
pub enum SlotBody {
    /// A data key wrapped by a [`KeyStore`] under `key_id`.
    Device {
        /// The key store's key name.
        key_id: String,
        /// Whatever the key store returned (opaque).
        wrapped: Vec<u8>,
    },
    /// A data key wrapped with AES-256-GCM under Argon2id(passphrase, salt, params).
    Passphrase {
        /// Argon2id parameters.
        params: KdfParams,
        /// Argon2id salt.
        salt: [u8; SALT_LEN],
        /// AES-GCM nonce of the wrap.
        nonce: [u8; NONCE_LEN],
        /// Encrypted data key and tag.
        wrapped: [u8; WRAPPED_LEN],
    },
    /// A data key wrapped with AES-256-GCM under HKDF-SHA256(code, salt).
    Recovery {
        /// HKDF salt.
        salt: [u8; SALT_LEN],
        /// AES-GCM nonce of the wrap.
        nonce: [u8; NONCE_LEN],
        /// Encrypted data key and tag.
        wrapped: [u8; WRAPPED_LEN],
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
            SlotBody::Device { key_id, .. } => write!(f, "Device({key_id:?})"),
            SlotBody::Passphrase { params, .. } => write!(f, "Passphrase({params:?})"),
            SlotBody::Recovery { .. } => f.write_str("Recovery"),
            SlotBody::Unknown { kind, .. } => write!(f, "Unknown({kind})"),
        }
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

impl Slot {
    /// The slot's kind.
    pub fn kind(&self) -> SlotKind {
        match &self.body {
            SlotBody::Device { .. } => SlotKind::Device,
            SlotBody::Passphrase { .. } => SlotKind::Passphrase,
            SlotBody::Recovery { .. } => SlotKind::Recovery,
            SlotBody::Unknown { kind, .. } => SlotKind::Unknown(*kind),
        }
    }

    /// Public description.
    pub fn info(&self) -> SlotInfo {
        SlotInfo {
            id: self.id,
            kind: self.kind(),
            kdf: match &self.body {
                SlotBody::Passphrase { params, .. } => Some(*params),
                _ => None,
            },
        }
    }

    /// A device slot: the key store wraps the data key under `key_id`.
    pub fn new_device(
        rng: &dyn Rng,
        data_key: &DataKey,
        store: &dyn KeyStore,
        key_id: &str,
    ) -> Result<Slot, VaultError> {
        if key_id.is_empty() || key_id.len() > MAX_KEY_ID_LEN {
            return Err(KeyStoreError::Unavailable {
                reason: "invalid key id length".into(),
            }
            .into());
        }
        let wrapped = store.wrap(key_id, data_key.as_ref())?;
        if wrapped.is_empty() || wrapped.len() > MAX_DEVICE_WRAPPED_LEN {
            return Err(KeyStoreError::Unavailable {
                reason: "the key store returned a wrapped key of unexpected size".into(),
            }
            .into());
        }
        Ok(Slot {
            id: SlotId(random_array(rng)?),
            body: SlotBody::Device {
                key_id: key_id.to_string(),
                wrapped,
            },
        })
    }

    /// A passphrase slot with random id, salt and nonce.
    pub fn new_passphrase(
        rng: &dyn Rng,
        data_key: &DataKey,
        passphrase: &str,
        params: KdfParams,
    ) -> Result<Slot, VaultError> {
        if kdf::normalise(passphrase).chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(VaultError::PassphraseTooShort {
                min_chars: MIN_PASSPHRASE_CHARS,
            });
        }
        let id = SlotId(random_array(rng)?);
        let salt = random_array(rng)?;
        let nonce = random_array(rng)?;
        Self::passphrase_with(id, salt, nonce, params, data_key, passphrase)
    }

    /// A passphrase slot from explicit id, salt and nonce (known-answer vectors).
    pub fn passphrase_with(
        id: SlotId,
        salt: [u8; SALT_LEN],
        nonce: [u8; NONCE_LEN],
        params: KdfParams,
        data_key: &DataKey,
        passphrase: &str,
    ) -> Result<Slot, VaultError> {
        let kek = kdf::argon2id(passphrase, &salt, params)?;
        let mut slot = Slot {
            id,
            body: SlotBody::Passphrase {
                params,
                salt,
                nonce,
                wrapped: [0; WRAPPED_LEN],
            },
        };
        let sealed = aead::seal(&kek, &nonce, &slot.wrap_aad(), data_key.as_ref())
            .ok_or(VaultError::WrongKeyOrDamaged)?;
        if let SlotBody::Passphrase { wrapped, .. } = &mut slot.body {
            wrapped.copy_from_slice(
                sealed
                    .get(..WRAPPED_LEN)
                    .ok_or(VaultError::WrongKeyOrDamaged)?,
            );
        }
        Ok(slot)
    }

    /// A recovery slot with random id, salt and nonce.
    pub fn new_recovery(
        rng: &dyn Rng,
        data_key: &DataKey,
        code: &RecoveryCode,
    ) -> Result<Slot, VaultError> {
        let id = SlotId(random_array(rng)?);
        let salt = random_array(rng)?;
        let nonce = random_array(rng)?;
        Self::recovery_with(id, salt, nonce, data_key, code)
    }

    /// A recovery slot from explicit id, salt and nonce (known-answer vectors).
    pub fn recovery_with(
        id: SlotId,
        salt: [u8; SALT_LEN],
        nonce: [u8; NONCE_LEN],
        data_key: &DataKey,
        code: &RecoveryCode,
    ) -> Result<Slot, VaultError> {
        let kek = kdf::hkdf_sha256(&salt, code.expose_bytes(), RECOVERY_INFO)?;
        let mut slot = Slot {
            id,
            body: SlotBody::Recovery {
                salt,
                nonce,
                wrapped: [0; WRAPPED_LEN],
            },
        };
        let sealed = aead::seal(&kek, &nonce, &slot.wrap_aad(), data_key.as_ref())
            .ok_or(VaultError::WrongKeyOrDamaged)?;
        if let SlotBody::Recovery { wrapped, .. } = &mut slot.body {
            wrapped.copy_from_slice(
                sealed
                    .get(..WRAPPED_LEN)
                    .ok_or(VaultError::WrongKeyOrDamaged)?,
            );
        }
        Ok(slot)
    }

    /// Tries to recover the data key. `Ok(None)` when this slot is of another kind;
    /// `Err(WrongKeyOrDamaged)` when it is of the right kind but does not open.
    pub(crate) fn unwrap_key(
        &self,
        secret: &SlotSecret<'_>,
    ) -> Result<Option<DataKey>, VaultError> {
        let plain = match (&self.body, secret) {
            (SlotBody::Device { key_id, wrapped }, SlotSecret::Device(store)) => {
                match store.unwrap(key_id, wrapped) {
                    Ok(k) => k,
                    Err(KeyStoreError::WrongKeyOrDamaged) => {
                        return Err(VaultError::WrongKeyOrDamaged)
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            (
                SlotBody::Passphrase {
                    params,
                    salt,
                    nonce,
                    wrapped,
                },
                SlotSecret::Passphrase(p),
            ) => {
                let kek = kdf::argon2id(p, salt, *params)?;
                aead::open(&kek, nonce, &self.wrap_aad(), wrapped)
                    .ok_or(VaultError::WrongKeyOrDamaged)?
            }
            (
                SlotBody::Recovery {
                    salt,
                    nonce,
                    wrapped,
                },
                SlotSecret::Recovery(code),
            ) => {
                let kek = kdf::hkdf_sha256(salt, code.expose_bytes(), RECOVERY_INFO)?;
                aead::open(&kek, nonce, &self.wrap_aad(), wrapped)
                    .ok_or(VaultError::WrongKeyOrDamaged)?
            }
            _ => return Ok(None),
        };
        if plain.len() != KEY_LEN {
            return Err(VaultError::WrongKeyOrDamaged);
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&plain);
        Ok(Some(key))
    }

    /// Associated data of a passphrase/recovery wrap: a label, the kind, the id and every
    /// parameter of the slot (all of its body except the wrapped key).
    fn wrap_aad(&self) -> Vec<u8> {
        let mut aad = SLOT_AAD_PREFIX.to_vec();
        aad.push(self.kind().code());
        aad.extend_from_slice(&self.id.0);
        self.encode_params(&mut aad);
        aad
    }

    fn encode_params(&self, out: &mut Vec<u8>) {
        match &self.body {
            SlotBody::Passphrase {
                params,
                salt,
                nonce,
                ..
            } => {
                out.push(KDF_ARGON2ID_V13);
                out.extend_from_slice(&params.memory_kib.to_be_bytes());
                out.extend_from_slice(&params.iterations.to_be_bytes());
                out.extend_from_slice(&params.parallelism.to_be_bytes());
                out.extend_from_slice(salt);
                out.extend_from_slice(nonce);
            }
            SlotBody::Recovery { salt, nonce, .. } => {
                out.push(KDF_HKDF_SHA256);
                out.extend_from_slice(salt);
                out.extend_from_slice(nonce);
            }
            SlotBody::Device { .. } | SlotBody::Unknown { .. } => {}
        }
    }

    /// Appends `kind(1) id(8) body_len(2, BE) body`.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        let mut body = Vec::new();
        match &self.body {
            SlotBody::Device { key_id, wrapped } => {
                body.push(key_id.len() as u8);
                body.extend_from_slice(key_id.as_bytes());
                body.extend_from_slice(&(wrapped.len() as u16).to_be_bytes());
                body.extend_from_slice(wrapped);
            }
            SlotBody::Passphrase { wrapped, .. } | SlotBody::Recovery { wrapped, .. } => {
                self.encode_params(&mut body);
                body.extend_from_slice(wrapped);
            }
            SlotBody::Unknown { body: b, .. } => body.extend_from_slice(b),
        }
        out.push(self.kind().code());
        out.extend_from_slice(&self.id.0);
        out.extend_from_slice(&(body.len() as u16).to_be_bytes());
        out.extend_from_slice(&body);
    }

    /// Reads one slot. Every malformation is [`VaultError::WrongKeyOrDamaged`]; KDF bounds are
    /// checked later, when (and only if) the slot is used.
    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Slot, VaultError> {
        let kind = r.u8()?;
        let id = SlotId(r.array()?);
        let len = r.u16()? as usize;
        let mut b = Reader::new(r.take(len)?);
        let body = match kind {
            1 => {
                let n = b.u8()? as usize;
                if n == 0 || n > MAX_KEY_ID_LEN {
                    return Err(VaultError::WrongKeyOrDamaged);
                }
                let key_id = std::str::from_utf8(b.take(n)?)
                    .map_err(|_| VaultError::WrongKeyOrDamaged)?
                    .to_string();
                let w = b.u16()? as usize;
                if w == 0 || w > MAX_DEVICE_WRAPPED_LEN {
                    return Err(VaultError::WrongKeyOrDamaged);
                }
                SlotBody::Device {
                    key_id,
                    wrapped: b.take(w)?.to_vec(),
                }
            }
            2 => {
                if b.u8()? != KDF_ARGON2ID_V13 {
                    return Err(VaultError::WrongKeyOrDamaged);
                }
                let params = KdfParams {
                    memory_kib: b.u32()?,
                    iterations: b.u32()?,
                    parallelism: b.u32()?,
                };
                SlotBody::Passphrase {
                    params,
                    salt: b.array()?,
                    nonce: b.array()?,
                    wrapped: b.array()?,
                }
            }
            3 => {
                if b.u8()? != KDF_HKDF_SHA256 {
                    return Err(VaultError::WrongKeyOrDamaged);
                }
                SlotBody::Recovery {
                    salt: b.array()?,
                    nonce: b.array()?,
                    wrapped: b.array()?,
                }
            }
            0 => return Err(VaultError::WrongKeyOrDamaged),
            k => SlotBody::Unknown {
                kind: k,
                body: b.rest().to_vec(),
            },
        };
        if !b.is_empty() {
            return Err(VaultError::WrongKeyOrDamaged);
        }
        Ok(Slot { id, body })
    }
}

/// A bounds-checked cursor over untrusted bytes; every overrun is `WrongKeyOrDamaged`.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], VaultError> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or(VaultError::WrongKeyOrDamaged)?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or(VaultError::WrongKeyOrDamaged)?;
        self.pos = end;
        Ok(s)
    }
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], VaultError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, VaultError> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16, VaultError> {
        Ok(u16::from_be_bytes(self.array()?))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, VaultError> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let s = self.bytes.get(self.pos..).unwrap_or(&[]);
        self.pos = self.bytes.len();
        s
    }
    pub(crate) fn position(&self) -> usize {
        self.pos
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }
}
