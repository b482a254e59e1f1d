//! Fixtures for the vault's unit tests: a throw-away directory with a device key file.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{FileKeyStore, OpenReport, Unlock, Vault, VaultError, VaultOptions};
use crate::credential::Credential;
use crate::secret::Secret;

/// The device time every fixture starts at (ms).
pub(super) const NOW: u64 = 1_700_000_000_000;

/// The RFC 6238 SHA-1 key `"12345678901234567890"`: its 6-digit code at `T = 59` is `287082`.
pub(super) const RFC_KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// A fresh directory, removed with everything in it when dropped.
pub(super) struct Scratch {
    pub(super) dir: PathBuf,
    pub(super) keys: FileKeyStore,
}

impl Scratch {
    pub(super) fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("kulcs-unit-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let keys = FileKeyStore::new(dir.join("device.key"));
        Scratch { dir, keys }
    }

    pub(super) fn path(&self) -> PathBuf {
        self.dir.join("vault.kulcs")
    }

    pub(super) fn create(&self) -> Vault {
        Vault::create_with(&self.path(), &self.keys, NOW, VaultOptions::testing()).unwrap()
    }

    pub(super) fn open(&self, unlock: Unlock<'_>) -> Result<(Vault, OpenReport), VaultError> {
        Vault::open_with(&self.path(), unlock, VaultOptions::testing())
    }

    pub(super) fn open_device(&self) -> (Vault, OpenReport) {
        self.open(Unlock::Device(&self.keys)).unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An Ügyfélkapu+ credential (TOTP SHA-1, 6 digits, 30 s) with the base32 `key`.
pub(super) fn ugyfelkapu(user: &str, key: &str) -> Credential {
    Credential::ugyfelkapu(user, Secret::parse_base32(key).unwrap())
}
