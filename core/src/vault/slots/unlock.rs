//! Opening a slot: recovering the data key with the slot's secret, opening its seal, and converting
//! a legacy slot to a sealed one.

use x25519_dalek::{PublicKey, StaticSecret};

use super::keys::{seal_aad, seal_key, to_key, SlotChoices};
use super::*;
use crate::aead;
use crate::random::RandomSource;
use crate::vault::kdf;
use crate::vault::{KeyStoreError, VaultError};

impl Slot {
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
        rng: &dyn RandomSource,
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
