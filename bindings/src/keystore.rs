//! Owns the device key store across the FFI: the [`KeyStore`] trait the shells implement
//! (Android Keystore, iOS Keychain, a JVM key for tests), its adapter to core's trait, and the
//! desktop [`FileKeyStore`] exported for Linux tests and desktop tools.

use std::sync::Arc;

use kulcs_core::vault::{self as core_vault, KeyStoreError};
use zeroize::Zeroizing;

use crate::KulcsError;

/// A platform key store that wraps and unwraps the vault's 32-byte data key with a device key
/// that never leaves the platform. Implemented in Kotlin/Swift; [`FileKeyStore`] is Rust's.
///
/// Throw `KulcsError::KeyStore` (with the failure) when the store cannot be used, and
/// `KulcsError::WrongKeyOrDamaged` when `wrapped` does not authenticate.
#[uniffi::export(with_foreign)]
pub trait KeyStore: Send + Sync {
    /// Encrypts `plaintext` under the device key named `key_id`, creating the key on first use.
    /// The result is opaque to Kulcs and stored in the vault header.
    fn wrap(&self, key_id: String, plaintext: Vec<u8>) -> Result<Vec<u8>, KulcsError>;
    /// Reverses [`KeyStore::wrap`].
    fn unwrap(&self, key_id: String, wrapped: Vec<u8>) -> Result<Vec<u8>, KulcsError>;
}

/// Core's view of a foreign key store.
pub(crate) struct ForeignKeyStore(pub(crate) Arc<dyn KeyStore>);

impl core_vault::KeyStore for ForeignKeyStore {
    fn wrap(&self, key_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
        Ok(self.0.wrap(key_id.to_string(), plaintext.to_vec())?)
    }

    fn unwrap(&self, key_id: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        Ok(Zeroizing::new(
            self.0.unwrap(key_id.to_string(), wrapped.to_vec())?,
        ))
    }
}

/// Core's desktop key store: one 256-bit key in a 0600 file, created on first use. For
/// desktop tools and for tests on Linux, where no platform key store exists.
#[derive(Debug, uniffi::Object)]
pub struct FileKeyStore(core_vault::FileKeyStore);

#[uniffi::export]
impl FileKeyStore {
    /// A key store backed by the key file at `path`. Keep it outside the vault's directory.
    #[uniffi::constructor]
    pub fn new(path: String) -> Arc<Self> {
        Arc::new(FileKeyStore(core_vault::FileKeyStore::new(path)))
    }
}

#[uniffi::export]
impl KeyStore for FileKeyStore {
    fn wrap(&self, key_id: String, plaintext: Vec<u8>) -> Result<Vec<u8>, KulcsError> {
        let plaintext = Zeroizing::new(plaintext);
        crate::guard::guard(|| Ok(core_vault::KeyStore::wrap(&self.0, &key_id, &plaintext)?))
    }

    fn unwrap(&self, key_id: String, wrapped: Vec<u8>) -> Result<Vec<u8>, KulcsError> {
        crate::guard::guard(|| {
            Ok(core_vault::KeyStore::unwrap(&self.0, &key_id, &wrapped)?.to_vec())
        })
    }
}
