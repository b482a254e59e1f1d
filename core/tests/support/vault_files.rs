//! Vault files on disk in the vault tests: each generation opened on its own, and key files made
//! private as real ones are.

use std::path::Path;

use kulcs_core::vault::{FileKeyStore, Unlock, Vault, VaultOptions};

/// Generation files present, with their account counts, opened with the device key one by one.
pub fn generation_counts(dir: &Path, keys: &FileKeyStore) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for name in [
        "vault.kulcs",
        "vault.kulcs.1",
        "vault.kulcs.2",
        "vault.kulcs.3",
    ] {
        let src = dir.join(name);
        if !src.exists() {
            continue;
        }
        let single = dir.join("single");
        let _ = std::fs::remove_dir_all(&single);
        std::fs::create_dir_all(&single).unwrap();
        std::fs::copy(&src, single.join("v.kulcs")).unwrap();
        let (v, _) = Vault::open_with(
            &single.join("v.kulcs"),
            Unlock::Device(keys),
            VaultOptions::testing(),
        )
        .unwrap_or_else(|e| panic!("{name} does not open: {e}"));
        out.push((name.to_string(), v.accounts().len()));
        drop(v);
        let _ = std::fs::remove_dir_all(&single);
    }
    out
}

/// Makes a copied or written key file private (0600): a key file others can read is refused.
pub fn private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    #[cfg(not(unix))]
    let _ = path;
}
