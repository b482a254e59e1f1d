//! The folders of a sync test between real vaults: one per device (`a` … `e`) and the shared
//! folder, removed again when the test ends.

use std::path::PathBuf;

use kulcs_core::vault::{FileKeyStore, Vault, VaultOptions};

/// When the test vaults are created (Unix milliseconds).
pub const CREATED_MS: u64 = 1_763_700_000_000;

/// `kulcs-<tag>-<name>-<pid>` under the temp dir, with `a` … `e` and `shared` in it.
pub struct SyncDirs(pub PathBuf);

impl SyncDirs {
    /// Fresh folders (what a crashed earlier run left is removed first).
    pub fn new(tag: &str, name: &str) -> SyncDirs {
        let p = std::env::temp_dir().join(format!("kulcs-{tag}-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        for d in ["a", "b", "c", "d", "e", "shared"] {
            std::fs::create_dir_all(p.join(d)).unwrap();
        }
        SyncDirs(p)
    }

    /// A new vault of device `who` (its key file beside it), testing KDF parameters.
    pub fn vault(&self, who: &str) -> Vault {
        let keys = FileKeyStore::new(self.0.join(who).join("device.key"));
        Vault::create_with(
            &self.0.join(who).join("vault.kulcs"),
            &keys,
            CREATED_MS,
            VaultOptions::testing(),
        )
        .unwrap()
    }

    /// The shared folder.
    pub fn shared(&self) -> PathBuf {
        self.0.join("shared")
    }
}

impl Drop for SyncDirs {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
