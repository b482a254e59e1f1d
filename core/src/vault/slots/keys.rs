//! A slot's key material: fresh X25519 keys, sealing a data key to a slot's public key, wrapping
//! under a slot secret, and the random choices of a new slot.

use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::*;
use crate::aead::{self, KEY_LEN, NONCE_LEN};
use crate::random::{random_array, RandomSource};
use crate::vault::kdf;
use crate::vault::keystore::KeyStore;
use crate::vault::{KeyStoreError, VaultError};

/// A fresh X25519 private key from the vault's random source (so vectors are reproducible).
pub(super) fn new_secret(rng: &dyn RandomSource) -> Result<StaticSecret, VaultError> {
    let bytes: Zeroizing<[u8; X25519_LEN]> = Zeroizing::new(random_array(rng)?);
    Ok(StaticSecret::from(*bytes))
}

/// Seals `data_key` to `public` with the ephemeral private key `ephemeral`.
pub(super) fn seal_to(
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

pub(super) fn seal_key(
    shared: &[u8; 32],
    ephemeral: &[u8; X25519_LEN],
    public: &[u8; X25519_LEN],
) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let mut salt = [0u8; 2 * X25519_LEN];
    salt[..X25519_LEN].copy_from_slice(ephemeral);
    salt[X25519_LEN..].copy_from_slice(public);
    kdf::hkdf_sha256(&salt, shared, SEAL_INFO)
}

pub(super) fn seal_aad(
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

pub(super) fn to_key(plain: &[u8]) -> Result<Zeroizing<[u8; KEY_LEN]>, VaultError> {
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

pub(super) fn store_wrap(
    store: &dyn KeyStore,
    key_id: &str,
    plain: &[u8],
) -> Result<Vec<u8>, VaultError> {
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

pub(super) fn gcm_wrap(
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
    pub fn random(rng: &dyn RandomSource) -> Result<SlotChoices, VaultError> {
        Ok(SlotChoices {
            id: SlotId(random_array(rng)?),
            salt: random_array(rng)?,
            nonce: random_array(rng)?,
            secret_key: Zeroizing::new(random_array(rng)?),
            ephemeral: Zeroizing::new(random_array(rng)?),
        })
    }
}
