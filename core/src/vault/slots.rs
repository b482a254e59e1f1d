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

use std::fmt;

use x25519_dalek::{PublicKey, StaticSecret};
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

/// A fresh X25519 private key from the vault's random source (so vectors are reproducible).
fn new_secret(rng: &dyn Rng) -> Result<StaticSecret, VaultError> {
    let bytes: Zeroizing<[u8; X25519_LEN]> = Zeroizing::new(random_array(rng)?);
    Ok(StaticSecret::from(*bytes))
}

/// Seals `data_key` to `public` with the ephemeral private key `ephemeral`.
fn seal_to(
    kind_code: u8,
    id: SlotId,
    public: &[u8; X25519_LEN],
    ephemeral: &StaticSecret,
    data_key: &[u8; KEY_LEN],
) -> Result<Seal, VaultError> {
    let eph_pub = PublicKey::from(ephemeral).to_bytes();
    let shared = ephemeral.diffie_hellman(&PublicKey::from(*public));
    if !shared.was_contributory() {
        return Err(VaultError::WrongKeyOrDamaged);
    }
    let k = seal_key(shared.as_bytes(), &eph_pub, public)?;
    let sealed = aead::seal(
        &k,
        &SEAL_NONCE,
        &seal_aad(kind_code, id, public, &eph_pub),
        data_key,
    )
    .ok_or(VaultError::WrongKeyOrDamaged)?;
    let mut out = [0u8; WRAPPED_LEN];
    out.copy_from_slice(
        sealed
            .get(..WRAPPED_LEN)
            .ok_or(VaultError::WrongKeyOrDamaged)?,
    );
    Ok(Seal {
        ephemeral: eph_pub,
        sealed: out,
    })
}

fn seal_key(
    shared: &[u8; 32],
    ephemeral: &[u8; X25519_LEN],
    public: &[u8; X25519_LEN],
) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let mut salt = [0u8; 2 * X25519_LEN];
    salt[..X25519_LEN].copy_from_slice(ephemeral);
    salt[X25519_LEN..].copy_from_slice(public);
    kdf::hkdf_sha256(&salt, shared, SEAL_INFO)
}

fn seal_aad(
    kind_code: u8,
    id: SlotId,
    public: &[u8; X25519_LEN],
    ephemeral: &[u8; X25519_LEN],
) -> Vec<u8> {
    let mut aad = SEAL_AAD_PREFIX.to_vec();
    aad.push(kind_code);
    aad.extend_from_slice(&id.0);
    aad.extend_from_slice(public);
    aad.extend_from_slice(ephemeral);
    aad
}

fn to_key(plain: &[u8]) -> Result<Zeroizing<[u8; KEY_LEN]>, VaultError> {
    if plain.len() != KEY_LEN {
        return Err(VaultError::WrongKeyOrDamaged);
    }
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    key.copy_from_slice(plain);
    Ok(key)
}

fn check_key_id(key_id: &str) -> Result<(), VaultError> {
    if key_id.is_empty() || key_id.len() > MAX_KEY_ID_LEN {
        return Err(KeyStoreError::Unavailable {
            reason: "invalid key id length".into(),
        }
        .into());
    }
    Ok(())
}

fn store_wrap(store: &dyn KeyStore, key_id: &str, plain: &[u8]) -> Result<Vec<u8>, VaultError> {
    check_key_id(key_id)?;
    let wrapped = store.wrap(key_id, plain)?;
    if wrapped.is_empty() || wrapped.len() > MAX_DEVICE_WRAPPED_LEN {
        return Err(KeyStoreError::Unavailable {
            reason: "the key store returned a wrapped key of unexpected size".into(),
        }
        .into());
    }
    Ok(wrapped)
}

fn gcm_wrap(
    kek: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    plain: &[u8],
) -> Result<[u8; WRAPPED_LEN], VaultError> {
    let sealed = aead::seal(kek, nonce, aad, plain).ok_or(VaultError::WrongKeyOrDamaged)?;
    let mut out = [0u8; WRAPPED_LEN];
    out.copy_from_slice(
        sealed
            .get(..WRAPPED_LEN)
            .ok_or(VaultError::WrongKeyOrDamaged)?,
    );
    Ok(out)
}

/// The explicit random choices of a new format-2 slot (known-answer vectors; normal code draws
/// them from the vault's random source).
#[derive(Clone)]
pub struct SlotChoices {
    /// Slot id.
    pub id: SlotId,
    /// Salt of a passphrase or recovery slot (unused by device slots).
    pub salt: [u8; SALT_LEN],
    /// Nonce of the private key's wrap (unused by device slots).
    pub nonce: [u8; NONCE_LEN],
    /// The slot's X25519 private key.
    pub secret_key: Zeroizing<[u8; X25519_LEN]>,
    /// The first seal's ephemeral X25519 private key.
    pub ephemeral: Zeroizing<[u8; X25519_LEN]>,
}

impl SlotChoices {
    /// Draws every choice from `rng`.
    pub fn random(rng: &dyn Rng) -> Result<SlotChoices, VaultError> {
        Ok(SlotChoices {
            id: SlotId(random_array(rng)?),
            salt: random_array(rng)?,
            nonce: random_array(rng)?,
            secret_key: Zeroizing::new(random_array(rng)?),
            ephemeral: Zeroizing::new(random_array(rng)?),
        })
    }
}

impl Slot {
    /// The slot's kind.
    pub fn kind(&self) -> SlotKind {
        match &self.body {
            SlotBody::Legacy(l) | SlotBody::Sealed { lock: l, .. } => l.kind(),
            SlotBody::Unknown { kind, .. } => SlotKind::Unknown(*kind),
        }
    }

    /// The type byte written in the file: 1–3 legacy device/passphrase/recovery, 4–6 the same
    /// kinds sealed (format 2), anything else unknown.
    pub fn kind_code(&self) -> u8 {
        let base = match self.kind() {
            SlotKind::Device => 1,
            SlotKind::Passphrase => 2,
            SlotKind::Recovery => 3,
            SlotKind::Unknown(k) => return k,
        };
        match self.body {
            SlotBody::Sealed { .. } => base + 3,
            _ => base,
        }
    }

    /// True for a format-2 slot, to which a new data key can be sealed.
    pub fn is_sealed(&self) -> bool {
        matches!(self.body, SlotBody::Sealed { .. })
    }

    fn lock(&self) -> Option<&Lock> {
        match &self.body {
            SlotBody::Legacy(l) | SlotBody::Sealed { lock: l, .. } => Some(l),
            SlotBody::Unknown { .. } => None,
        }
    }

    /// The Argon2id parameters of a passphrase slot (mutable: tests build hostile files).
    pub fn kdf_params_mut(&mut self) -> Option<&mut KdfParams> {
        match &mut self.body {
            SlotBody::Legacy(Lock::Passphrase { params, .. })
            | SlotBody::Sealed {
                lock: Lock::Passphrase { params, .. },
                ..
            } => Some(params),
            _ => None,
        }
    }

    /// The slot's X25519 public key (format-2 slots).
    pub fn public_key(&self) -> Option<&[u8; X25519_LEN]> {
        match &self.body {
            SlotBody::Sealed { public, .. } => Some(public),
            _ => None,
        }
    }

    /// Public description.
    pub fn info(&self) -> SlotInfo {
        SlotInfo {
            id: self.id,
            kind: self.kind(),
            kdf: match self.lock() {
                Some(Lock::Passphrase { params, .. }) => Some(*params),
                _ => None,
            },
            legacy: matches!(self.body, SlotBody::Legacy(_)),
        }
    }

    /// A new device slot: the key store wraps the slot's private key under `key_id`.
    pub fn new_device(
        rng: &dyn Rng,
        data_key: &DataKey,
        store: &dyn KeyStore,
        key_id: &str,
    ) -> Result<Slot, VaultError> {
        Self::device_with(&SlotChoices::random(rng)?, data_key, store, key_id)
    }

    /// A device slot from explicit choices (known-answer vectors).
    pub fn device_with(
        c: &SlotChoices,
        data_key: &DataKey,
        store: &dyn KeyStore,
        key_id: &str,
    ) -> Result<Slot, VaultError> {
        let wrapped = store_wrap(store, key_id, c.secret_key.as_ref())?;
        Self::sealed_from(
            c,
            Lock::Device {
                key_id: key_id.to_string(),
                wrapped,
            },
            data_key,
        )
    }

    /// A new passphrase slot with random id, salt, nonce and key pair.
    pub fn new_passphrase(
        rng: &dyn Rng,
        data_key: &DataKey,
        passphrase: &str,
        params: KdfParams,
    ) -> Result<Slot, VaultError> {
        check_passphrase(passphrase)?;
        Self::passphrase_with(&SlotChoices::random(rng)?, params, data_key, passphrase)
    }

    /// A passphrase slot from explicit choices (known-answer vectors).
    pub fn passphrase_with(
        c: &SlotChoices,
        params: KdfParams,
        data_key: &DataKey,
        passphrase: &str,
    ) -> Result<Slot, VaultError> {
        let kek = kdf::argon2id(passphrase, &c.salt, params)?;
        Self::passphrase_with_kek(c, params, &kek, data_key)
    }

    fn passphrase_with_kek(
        c: &SlotChoices,
        params: KdfParams,
        kek: &[u8; KEY_LEN],
        data_key: &DataKey,
    ) -> Result<Slot, VaultError> {
        let lock = Lock::Passphrase {
            params,
            salt: c.salt,
            nonce: c.nonce,
            wrapped: [0; WRAPPED_LEN],
        };
        Self::sealed_with_kek(c, lock, kek, data_key)
    }

    /// A new recovery slot with random id, salt, nonce and key pair.
    pub fn new_recovery(
        rng: &dyn Rng,
        data_key: &DataKey,
        code: &RecoveryCode,
    ) -> Result<Slot, VaultError> {
        Self::recovery_with(&SlotChoices::random(rng)?, data_key, code)
    }

    /// A recovery slot from explicit choices (known-answer vectors).
    pub fn recovery_with(
        c: &SlotChoices,
        data_key: &DataKey,
        code: &RecoveryCode,
    ) -> Result<Slot, VaultError> {
        let kek = kdf::hkdf_sha256(&c.salt, code.expose_bytes(), RECOVERY_INFO_V2)?;
        let lock = Lock::Recovery {
            salt: c.salt,
            nonce: c.nonce,
            wrapped: [0; WRAPPED_LEN],
        };
        Self::sealed_with_kek(c, lock, &kek, data_key)
    }

    /// Wraps the private key of `c` under `kek` into `lock` (passphrase or recovery) and seals.
    fn sealed_with_kek(
        c: &SlotChoices,
        lock: Lock,
        kek: &[u8; KEY_LEN],
        data_key: &DataKey,
    ) -> Result<Slot, VaultError> {
        let public = PublicKey::from(&StaticSecret::from(*c.secret_key)).to_bytes();
        let mut slot = Slot {
            id: c.id,
            body: SlotBody::Sealed {
                lock,
                public,
                seal: Seal {
                    ephemeral: [0; X25519_LEN],
                    sealed: [0; WRAPPED_LEN],
                },
            },
        };
        let aad = slot.lock_aad();
        if let SlotBody::Sealed {
            lock: Lock::Passphrase { nonce, wrapped, .. } | Lock::Recovery { nonce, wrapped, .. },
            ..
        } = &mut slot.body
        {
            *wrapped = gcm_wrap(kek, nonce, &aad, c.secret_key.as_ref())?;
        }
        slot.reseal_with(&StaticSecret::from(*c.ephemeral), data_key)?;
        Ok(slot)
    }

    fn sealed_from(c: &SlotChoices, lock: Lock, data_key: &DataKey) -> Result<Slot, VaultError> {
        let public = PublicKey::from(&StaticSecret::from(*c.secret_key)).to_bytes();
        let mut slot = Slot {
            id: c.id,
            body: SlotBody::Sealed {
                lock,
                public,
                seal: Seal {
                    ephemeral: [0; X25519_LEN],
                    sealed: [0; WRAPPED_LEN],
                },
            },
        };
        slot.reseal_with(&StaticSecret::from(*c.ephemeral), data_key)?;
        Ok(slot)
    }

    /// Replaces the seal with `data_key` sealed under a fresh ephemeral key. Legacy and unknown
    /// slots cannot follow a new data key: [`VaultError::SlotsNeedRecreating`].
    pub fn reseal(&mut self, rng: &dyn Rng, data_key: &DataKey) -> Result<(), VaultError> {
        let eph = new_secret(rng)?;
        self.reseal_with(&eph, data_key)
    }

    fn reseal_with(&mut self, eph: &StaticSecret, data_key: &DataKey) -> Result<(), VaultError> {
        let code = self.kind_code();
        let id = self.id;
        match &mut self.body {
            SlotBody::Sealed { public, seal, .. } => {
                *seal = seal_to(code, id, public, eph, data_key)?;
                Ok(())
            }
            _ => Err(VaultError::SlotsNeedRecreating { ids: vec![id] }),
        }
    }

    /// A format-1 slot: the data key wrapped directly (vectors and upgrade tests only; Kulcs
    /// never writes new legacy slots).
    pub fn legacy_passphrase_with(
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
            body: SlotBody::Legacy(Lock::Passphrase {
                params,
                salt,
                nonce,
                wrapped: [0; WRAPPED_LEN],
            }),
        };
        let aad = slot.lock_aad();
        if let SlotBody::Legacy(Lock::Passphrase { wrapped, .. }) = &mut slot.body {
            *wrapped = gcm_wrap(&kek, &nonce, &aad, data_key.as_ref())?;
        }
        Ok(slot)
    }

    /// A format-1 recovery slot (vectors and upgrade tests only).
    pub fn legacy_recovery_with(
        id: SlotId,
        salt: [u8; SALT_LEN],
        nonce: [u8; NONCE_LEN],
        data_key: &DataKey,
        code: &RecoveryCode,
    ) -> Result<Slot, VaultError> {
        let kek = kdf::hkdf_sha256(&salt, code.expose_bytes(), RECOVERY_INFO_V1)?;
        let mut slot = Slot {
            id,
            body: SlotBody::Legacy(Lock::Recovery {
                salt,
                nonce,
                wrapped: [0; WRAPPED_LEN],
            }),
        };
        let aad = slot.lock_aad();
        if let SlotBody::Legacy(Lock::Recovery { wrapped, .. }) = &mut slot.body {
            *wrapped = gcm_wrap(&kek, &nonce, &aad, data_key.as_ref())?;
        }
        Ok(slot)
    }

    /// Tries to recover the data key. `Ok(None)` when this slot is of another kind;
    /// `Err(WrongKeyOrDamaged)` when it is of the right kind but does not open.
    pub(crate) fn unlock(
        &self,
        secret: &SlotSecret<'_>,
    ) -> Result<Option<(DataKey, Opened)>, VaultError> {
        let Some(lock) = self.lock() else {
            return Ok(None);
        };
        let legacy = matches!(self.body, SlotBody::Legacy(_));
        let aad = self.lock_aad();
        let (plain, kek) = match (lock, secret) {
            (Lock::Device { key_id, wrapped }, SlotSecret::Device(store)) => {
                match store.unwrap(key_id, wrapped) {
                    Ok(k) => (k, None),
                    Err(KeyStoreError::WrongKeyOrDamaged) => {
                        return Err(VaultError::WrongKeyOrDamaged)
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            (
                Lock::Passphrase {
                    params,
                    salt,
                    nonce,
                    wrapped,
                },
                SlotSecret::Passphrase(p),
            ) => {
                let kek = kdf::argon2id(p, salt, *params)?;
                let plain =
                    aead::open(&kek, nonce, &aad, wrapped).ok_or(VaultError::WrongKeyOrDamaged)?;
                (plain, Some(kek))
            }
            (
                Lock::Recovery {
                    salt,
                    nonce,
                    wrapped,
                },
                SlotSecret::Recovery(code),
            ) => {
                let info = if legacy {
                    RECOVERY_INFO_V1
                } else {
                    RECOVERY_INFO_V2
                };
                let kek = kdf::hkdf_sha256(salt, code.expose_bytes(), info)?;
                let plain =
                    aead::open(&kek, nonce, &aad, wrapped).ok_or(VaultError::WrongKeyOrDamaged)?;
                (plain, Some(kek))
            }
            _ => return Ok(None),
        };
        let key = to_key(&plain)?;
        if legacy {
            return Ok(Some((key, Opened::Legacy(kek))));
        }
        let sk = StaticSecret::from(*key);
        let data_key = self.open_seal(&sk)?;
        Ok(Some((data_key, Opened::Sealed(sk))))
    }

    /// Opens this slot's seal with its private key `sk` (checked against the public key).
    pub(crate) fn open_seal(&self, sk: &StaticSecret) -> Result<DataKey, VaultError> {
        let SlotBody::Sealed { public, seal, .. } = &self.body else {
            return Err(VaultError::WrongKeyOrDamaged);
        };
        if PublicKey::from(sk).as_bytes() != public {
            return Err(VaultError::WrongKeyOrDamaged);
        }
        let shared = sk.diffie_hellman(&PublicKey::from(seal.ephemeral));
        if !shared.was_contributory() {
            return Err(VaultError::WrongKeyOrDamaged);
        }
        let k = seal_key(shared.as_bytes(), &seal.ephemeral, public)?;
        let aad = seal_aad(self.kind_code(), self.id, public, &seal.ephemeral);
        let plain =
            aead::open(&k, &SEAL_NONCE, &aad, &seal.sealed).ok_or(VaultError::WrongKeyOrDamaged)?;
        to_key(&plain)
    }

    /// Converts a legacy slot just opened with `secret` (which gave `opened`) into a sealed slot
    /// with the same id, salt and parameters, sealing `data_key`. Returns the new slot and its
    /// private key.
    pub(crate) fn convert(
        &self,
        rng: &dyn Rng,
        secret: &SlotSecret<'_>,
        opened: &Opened,
        data_key: &DataKey,
    ) -> Result<(Slot, StaticSecret), VaultError> {
        let SlotBody::Legacy(lock) = &self.body else {
            return Err(VaultError::WrongKeyOrDamaged);
        };
        let mut c = SlotChoices::random(rng)?;
        c.id = self.id;
        let slot = match (lock, secret, opened) {
            (Lock::Device { key_id, .. }, SlotSecret::Device(store), _) => {
                Self::device_with(&c, data_key, *store, key_id)?
            }
            (Lock::Passphrase { params, salt, .. }, _, Opened::Legacy(Some(kek))) => {
                c.salt = *salt;
                Self::passphrase_with_kek(&c, *params, kek, data_key)?
            }
            (Lock::Recovery { .. }, SlotSecret::Recovery(code), _) => {
                // The format-2 recovery KEK has its own HKDF label, so derive it afresh (cheap).
                Self::recovery_with(&c, data_key, code)?
            }
            _ => return Err(VaultError::WrongKeyOrDamaged),
        };
        Ok((slot, StaticSecret::from(*c.secret_key)))
    }

    /// Associated data of a passphrase/recovery wrap: a label, the type byte, the id, every
    /// parameter of the slot (all of its lock except the wrapped key) and, for format-2 slots,
    /// the public key.
    fn lock_aad(&self) -> Vec<u8> {
        let mut aad = match self.body {
            SlotBody::Sealed { .. } => SEALED_AAD_PREFIX.to_vec(),
            _ => LEGACY_AAD_PREFIX.to_vec(),
        };
        aad.push(self.kind_code());
        aad.extend_from_slice(&self.id.0);
        if let Some(lock) = self.lock() {
            encode_params(lock, &mut aad);
        }
        if let SlotBody::Sealed { public, .. } = &self.body {
            aad.extend_from_slice(public);
        }
        aad
    }

    /// Appends `kind(1) id(8) body_len(2, BE) body`. Fails (rather than truncating a length)
    /// if a field is longer than its length prefix allows.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), VaultError> {
        let mut body = Vec::new();
        match &self.body {
            SlotBody::Legacy(lock) => encode_lock(lock, &mut body)?,
            SlotBody::Sealed { lock, public, seal } => {
                encode_lock(lock, &mut body)?;
                body.extend_from_slice(public);
                body.extend_from_slice(&seal.ephemeral);
                body.extend_from_slice(&seal.sealed);
            }
            SlotBody::Unknown { body: b, .. } => body.extend_from_slice(b),
        }
        out.push(self.kind_code());
        out.extend_from_slice(&self.id.0);
        out.extend_from_slice(&len_u16(body.len())?.to_be_bytes());
        out.extend_from_slice(&body);
        Ok(())
    }

    /// Reads one slot of a file of format `version`. Every malformation is
    /// [`VaultError::WrongKeyOrDamaged`]; KDF bounds are checked later, when (and only if) the
    /// slot is used.
    pub(crate) fn decode(r: &mut Reader<'_>, version: u16) -> Result<Slot, VaultError> {
        let kind = r.u8()?;
        let id = SlotId(r.array()?);
        let len = usize::from(r.u16()?);
        let mut b = Reader::new(r.take(len)?);
        let body = match kind {
            1..=3 => SlotBody::Legacy(decode_lock(kind, &mut b)?),
            4..=6 if version >= 2 => {
                let lock = decode_lock(kind - 3, &mut b)?;
                SlotBody::Sealed {
                    lock,
                    public: b.array()?,
                    seal: Seal {
                        ephemeral: b.array()?,
                        sealed: b.array()?,
                    },
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

/// Refuses a new passphrase shorter than [`MIN_PASSPHRASE_CHARS`].
pub(crate) fn check_passphrase(passphrase: &str) -> Result<(), VaultError> {
    if kdf::normalise(passphrase).chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(VaultError::PassphraseTooShort {
            min_chars: MIN_PASSPHRASE_CHARS,
        });
    }
    Ok(())
}

fn len_u16(n: usize) -> Result<u16, VaultError> {
    u16::try_from(n).map_err(|_| VaultError::WrongKeyOrDamaged)
}

fn encode_params(lock: &Lock, out: &mut Vec<u8>) {
    match lock {
        Lock::Passphrase {
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
        Lock::Recovery { salt, nonce, .. } => {
            out.push(KDF_HKDF_SHA256);
            out.extend_from_slice(salt);
            out.extend_from_slice(nonce);
        }
        Lock::Device { .. } => {}
    }
}

fn encode_lock(lock: &Lock, body: &mut Vec<u8>) -> Result<(), VaultError> {
    match lock {
        Lock::Device { key_id, wrapped } => {
            if key_id.is_empty() || key_id.len() > MAX_KEY_ID_LEN {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            if wrapped.is_empty() || wrapped.len() > MAX_DEVICE_WRAPPED_LEN {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            body.push(u8::try_from(key_id.len()).map_err(|_| VaultError::WrongKeyOrDamaged)?);
            body.extend_from_slice(key_id.as_bytes());
            body.extend_from_slice(&len_u16(wrapped.len())?.to_be_bytes());
            body.extend_from_slice(wrapped);
        }
        Lock::Passphrase { wrapped, .. } | Lock::Recovery { wrapped, .. } => {
            encode_params(lock, body);
            body.extend_from_slice(wrapped);
        }
    }
    Ok(())
}

/// Reads a lock of base kind 1 (device), 2 (passphrase) or 3 (recovery).
fn decode_lock(base: u8, b: &mut Reader<'_>) -> Result<Lock, VaultError> {
    Ok(match base {
        1 => {
            let n = usize::from(b.u8()?);
            if n == 0 || n > MAX_KEY_ID_LEN {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            let key_id = std::str::from_utf8(b.take(n)?)
                .map_err(|_| VaultError::WrongKeyOrDamaged)?
                .to_string();
            let w = usize::from(b.u16()?);
            if w == 0 || w > MAX_DEVICE_WRAPPED_LEN {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            Lock::Device {
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
            Lock::Passphrase {
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
            Lock::Recovery {
                salt: b.array()?,
                nonce: b.array()?,
                wrapped: b.array()?,
            }
        }
        _ => return Err(VaultError::WrongKeyOrDamaged),
    })
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
