//! What a slot is and how one is made: its kind and public key, and the constructors of device,
//! passphrase and recovery slots (sealed and legacy).

use x25519_dalek::{PublicKey, StaticSecret};

use super::keys::{gcm_wrap, new_secret, seal_to, store_wrap, SlotChoices};
use super::*;
use crate::aead::{KEY_LEN, NONCE_LEN};
use crate::random::RandomSource;
use crate::vault::kdf::{self, KdfParams};
use crate::vault::keystore::KeyStore;
use crate::vault::recovery::RecoveryCode;
use crate::vault::VaultError;

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

    pub(super) fn lock(&self) -> Option<&Lock> {
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
        rng: &dyn RandomSource,
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
        rng: &dyn RandomSource,
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

    pub(super) fn passphrase_with_kek(
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
        rng: &dyn RandomSource,
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
    pub fn reseal(&mut self, rng: &dyn RandomSource, data_key: &DataKey) -> Result<(), VaultError> {
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
}
