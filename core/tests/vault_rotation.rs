//! Data-key rotation (issue 10, finding 5): whoever once learnt the data key (or holds a
//! retired slot's secret) reads nothing saved after that slot is retired, neither the current
//! file nor the older generations; adding a slot does not rotate; legacy (format-1) slots that
//! cannot follow a new key block rotation with a typed error instead of being dropped; and a
//! passphrase open runs at most `MAX_PASSPHRASE_TRIES` Argon2id derivations.

use crate::support::vault_files::generation_counts;
use std::path::{Path, PathBuf};

use kulcs_core::credential::Credential;
use kulcs_core::secret::Secret;
use kulcs_core::vault::internals::{format, kdf};
use kulcs_core::vault::{
    unseal_data_key, FileKeyStore, SlotKind, Unlock, Vault, VaultError, VaultOptions,
    MAX_PASSPHRASE_TRIES,
};

const NOW: u64 = 1_763_700_000_000;
const PASS: &str = "régi jelszó 1";

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kulcs-rotation-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn cred(i: usize) -> Credential {
    Credential::ugyfelkapu(
        &format!("user{i}"),
        Secret::from_bytes(format!("rotation secret {i:04}").into_bytes()).unwrap(),
    )
}

/// Every vault file in `d` (current, generations, temp), with its bytes.
fn vault_files(d: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with("vault.kulcs") && !name.ends_with(".lock") {
            out.push((name, std::fs::read(e.path()).unwrap()));
        }
    }
    out.sort();
    out
}

/// A vault with device, passphrase and recovery slots, 3 accounts over 3 saves (so there are
/// older generations). Returns the recovery code.
fn setup(d: &Path, keys: &FileKeyStore) -> String {
    let path = d.join("vault.kulcs");
    let mut v = Vault::create_with(&path, keys, NOW, VaultOptions::testing()).unwrap();
    v.add_passphrase(PASS).unwrap();
    let code = v.add_recovery().unwrap().to_display().to_string();
    for i in 0..3 {
        v.add(cred(i), NOW + i as u64).unwrap();
        v.save().unwrap();
    }
    code
}

#[derive(Debug, Clone, Copy)]
enum Change {
    NewPassphrase,
    RemovePassphrase,
    ReplaceRecovery,
    ReplaceDevice,
}

#[test]
fn an_old_data_key_opens_nothing_after_each_slot_change() {
    for change in [
        Change::NewPassphrase,
        Change::RemovePassphrase,
        Change::ReplaceRecovery,
        Change::ReplaceDevice,
    ] {
        let d = dir(&format!("{change:?}"));
        let keys = FileKeyStore::new(d.join("device.key"));
        let code = setup(&d, &keys);
        let path = d.join("vault.kulcs");
        // Someone opens a copy once and keeps its data key (any slot gives the same key).
        let old = std::fs::read(&path).unwrap();
        let k0 = unseal_data_key(&old, &path, Unlock::Passphrase(PASS)).unwrap();
        assert_eq!(
            *k0,
            *unseal_data_key(&old, &path, Unlock::Recovery(&code)).unwrap()
        );

        let (mut v, _) =
            Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
        let new_keys = FileKeyStore::new(d.join("device2.key"));
        match change {
            Change::NewPassphrase => {
                v.change_passphrase("új jelszó 12").unwrap();
            }
            Change::RemovePassphrase => {
                let id = v
                    .slots()
                    .into_iter()
                    .find(|s| s.kind == SlotKind::Passphrase)
                    .unwrap()
                    .id;
                v.remove_slot(id).unwrap();
            }
            Change::ReplaceRecovery => {
                v.add_recovery().unwrap();
            }
            Change::ReplaceDevice => {
                v.add_device(&new_keys).unwrap();
            }
        }
        v.save().unwrap();
        v.add(cred(10), NOW + 10).unwrap();
        v.save().unwrap();
        drop(v);

        let files = vault_files(&d);
        assert!(
            files.len() >= 4,
            "{change:?}: {files:?}",
            files = files.len()
        );
        for (name, bytes) in &files {
            let parsed = format::parse(bytes, Path::new(name)).unwrap();
            assert!(
                format::open(&parsed, &k0).is_err(),
                "{change:?}: the old data key still opens {name}"
            );
        }
        // The retired secret opens none of them either.
        let retired = match change {
            Change::NewPassphrase | Change::RemovePassphrase => Unlock::Passphrase(PASS),
            Change::ReplaceRecovery => Unlock::Recovery(&code),
            Change::ReplaceDevice => Unlock::Device(&keys),
        };
        for (name, bytes) in &files {
            assert!(
                unseal_data_key(bytes, Path::new(name), retired).is_err(),
                "{change:?}: the retired slot still opens {name}"
            );
        }
        // And the vault, with all its history, opens with what remains.
        let remaining = match change {
            Change::ReplaceDevice => Unlock::Device(&new_keys),
            _ => Unlock::Device(&keys),
        };
        let (v, report) = Vault::open_with(&path, remaining, VaultOptions::testing()).unwrap();
        assert!(report.warnings.is_empty(), "{change:?}");
        assert_eq!(v.accounts().len(), 4, "{change:?}");
        drop(v);
        for (name, bytes) in &files {
            assert!(
                unseal_data_key(bytes, Path::new(name), remaining).is_ok(),
                "{change:?}: {name} no longer opens with the remaining slots"
            );
        }
        let _ = std::fs::remove_dir_all(&d);
    }
}

#[test]
fn rotation_reseals_older_generations_with_their_own_contents() {
    let d = dir("generations");
    let keys = FileKeyStore::new(d.join("device.key"));
    setup(&d, &keys);
    let path = d.join("vault.kulcs");
    let counts_before: Vec<(String, usize)> = generation_counts(&d, &keys);
    let (mut v, _) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    v.change_passphrase("új jelszó 12").unwrap();
    v.save().unwrap();
    drop(v);
    let counts_after = generation_counts(&d, &keys);
    // The save shifted each generation down by one; each keeps its own account count.
    let shifted: Vec<usize> = counts_before.iter().map(|(_, n)| *n).collect();
    let after: Vec<usize> = counts_after.iter().map(|(_, n)| *n).collect();
    assert_eq!(after[0], 3);
    assert_eq!(&after[1..], &shifted[..after.len() - 1]);
    // All of them are now sealed under the current key: the new passphrase opens each.
    for (name, bytes) in vault_files(&d) {
        let k = unseal_data_key(&bytes, Path::new(&name), Unlock::Passphrase("új jelszó 12"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let parsed = format::parse(&bytes, Path::new(&name)).unwrap();
        assert!(format::open(&parsed, &k).is_ok(), "{name}");
        assert_eq!(parsed.header.version, format::VERSION, "{name}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn adding_a_slot_keeps_the_data_key() {
    let d = dir("add");
    let keys = FileKeyStore::new(d.join("device.key"));
    let path = d.join("vault.kulcs");
    let mut v = Vault::create_with(&path, &keys, NOW, VaultOptions::testing()).unwrap();
    v.add_passphrase(PASS).unwrap();
    v.save().unwrap();
    let k0 = unseal_data_key(
        &std::fs::read(&path).unwrap(),
        &path,
        Unlock::Passphrase(PASS),
    )
    .unwrap();
    v.add_passphrase("második jelszó").unwrap();
    v.add_recovery().unwrap();
    v.save().unwrap();
    drop(v);
    let bytes = std::fs::read(&path).unwrap();
    let parsed = format::parse(&bytes, &path).unwrap();
    assert!(format::open(&parsed, &k0).is_ok());
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn sixteen_passphrase_slots_cost_at_most_four_kdf_runs() {
    let d = dir("tries");
    let keys = FileKeyStore::new(d.join("device.key"));
    let path = d.join("vault.kulcs");
    let mut v = Vault::create_with(&path, &keys, NOW, VaultOptions::testing()).unwrap();
    for i in 0..15 {
        v.add_passphrase(&format!("jelszó szám {i}")).unwrap();
    }
    v.save().unwrap();
    drop(v);
    // A hostile file could ask for the ceiling (256 MiB × 10 passes) in each slot; counting
    // derivations shows the bound without running 16 slow ones.
    let before = kdf::argon2id_runs_on_this_thread();
    let r = Vault::open_with(
        &path,
        Unlock::Passphrase("rossz jelszó!!"),
        VaultOptions::testing(),
    );
    let runs = kdf::argon2id_runs_on_this_thread() - before;
    assert!(matches!(r, Err(VaultError::WrongKeyOrDamaged)), "{r:?}");
    assert_eq!(runs, MAX_PASSPHRASE_TRIES as u64);
    // The first four slots still open with their passphrases (one derivation each at most 4).
    let before = kdf::argon2id_runs_on_this_thread();
    let (v, _) = Vault::open_with(
        &path,
        Unlock::Passphrase("jelszó szám 2"),
        VaultOptions::testing(),
    )
    .unwrap();
    assert_eq!(kdf::argon2id_runs_on_this_thread() - before, 3);
    drop(v);
    let _ = std::fs::remove_dir_all(&d);
}

/// A storage whose writes of re-sealed generations fail while `fail` is set.
struct FailReseal {
    inner: kulcs_core::vault::FsStorage,
    fail: std::sync::atomic::AtomicBool,
}

impl kulcs_core::vault::Storage for FailReseal {
    fn read(&self, p: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
        self.inner.read(p, max)
    }
    fn exists(&self, p: &Path) -> std::io::Result<bool> {
        self.inner.exists(p)
    }
    fn write(&self, p: &Path, data: &[u8]) -> std::io::Result<()> {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let gen_tmp = [".1.tmp", ".2.tmp", ".3.tmp"]
            .iter()
            .any(|s| name.ends_with(s));
        if gen_tmp && self.fail.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(std::io::Error::other("injected"));
        }
        self.inner.write(p, data)
    }
    fn sync_file(&self, p: &Path) -> std::io::Result<()> {
        self.inner.sync_file(p)
    }
    fn rename(&self, a: &Path, b: &Path) -> std::io::Result<()> {
        self.inner.rename(a, b)
    }
    fn sync_dir(&self, p: &Path) -> std::io::Result<()> {
        self.inner.sync_dir(p)
    }
    fn try_lock(&self, p: &Path) -> std::io::Result<Option<kulcs_core::vault::LockGuard>> {
        self.inner.try_lock(p)
    }
}

#[test]
fn generations_left_under_a_retired_key_are_resealed_by_the_next_session() {
    let d = dir("interrupted");
    let keys = FileKeyStore::new(d.join("device.key"));
    setup(&d, &keys);
    let path = d.join("vault.kulcs");
    let k0 = unseal_data_key(
        &std::fs::read(&path).unwrap(),
        &path,
        Unlock::Passphrase(PASS),
    )
    .unwrap();
    let storage = std::sync::Arc::new(FailReseal {
        inner: kulcs_core::vault::FsStorage,
        fail: std::sync::atomic::AtomicBool::new(true),
    });
    let opts = VaultOptions {
        storage: storage.clone(),
        ..VaultOptions::testing()
    };
    let (mut v, _) = Vault::open_with(&path, Unlock::Device(&keys), opts).unwrap();
    v.change_passphrase("új jelszó 12").unwrap();
    v.save().unwrap(); // the current file is saved; re-sealing the generations fails
    drop(v);
    let opens_with_k0 = |d: &Path| {
        vault_files(d)
            .into_iter()
            .filter(|(name, bytes)| {
                let parsed = format::parse(bytes, Path::new(name)).unwrap();
                format::open(&parsed, &k0).is_ok()
            })
            .count()
    };
    assert!(opens_with_k0(&d) > 0, "the injected failure did not happen");
    // A later session (which never knew k0) finishes the job at its first save.
    let (mut v, _) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    v.add(cred(20), NOW + 20).unwrap();
    v.save().unwrap();
    drop(v);
    assert_eq!(opens_with_k0(&d), 0);
    let _ = std::fs::remove_dir_all(&d);
}
