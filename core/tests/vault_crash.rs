//! Crash injection: a storage that dies at every write, fsync and rename of a sequence of
//! saves (before the step, with a torn write, or right after it). After each crash the vault
//! must reopen with the state before or after the interrupted save, and never lose an account.

use crate::support::vault_files::generation_counts;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use kulcs_core::account::AccountId;
use kulcs_core::credential::Credential;
use kulcs_core::otp::OtpParams;
use kulcs_core::secret::Secret;
use kulcs_core::vault::internals::format;
use kulcs_core::vault::{
    unseal_data_key, FileKeyStore, FsStorage, LockGuard, Storage, Unlock, Vault, VaultOptions,
};

/// When the injected crash happens relative to the chosen operation.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// The operation never happens (a `write` leaves half its bytes: a torn write).
    Before,
    /// The operation completes, then the process dies.
    After,
}

struct Faulty {
    inner: FsStorage,
    ops: AtomicUsize,
    crash_at: usize,
    mode: Mode,
    dead: AtomicBool,
}

impl Faulty {
    fn new(crash_at: usize, mode: Mode) -> Self {
        Faulty {
            inner: FsStorage,
            ops: AtomicUsize::new(0),
            crash_at,
            mode,
            dead: AtomicBool::new(false),
        }
    }
    fn dead() -> io::Error {
        io::Error::other("injected crash")
    }
    /// Runs one mutating operation through the fault plan.
    fn step(
        &self,
        torn: impl FnOnce() -> io::Result<()>,
        real: impl FnOnce() -> io::Result<()>,
    ) -> io::Result<()> {
        if self.dead.load(Ordering::SeqCst) {
            return Err(Self::dead());
        }
        let n = self.ops.fetch_add(1, Ordering::SeqCst);
        if n == self.crash_at {
            self.dead.store(true, Ordering::SeqCst);
            match self.mode {
                Mode::Before => torn()?,
                Mode::After => real()?,
            }
            return Err(Self::dead());
        }
        real()
    }
}

impl Storage for Faulty {
    fn read(&self, path: &Path, max_len: u64) -> io::Result<Option<Vec<u8>>> {
        if self.dead.load(Ordering::SeqCst) {
            return Err(Self::dead());
        }
        self.inner.read(path, max_len)
    }
    fn exists(&self, path: &Path) -> io::Result<bool> {
        if self.dead.load(Ordering::SeqCst) {
            return Err(Self::dead());
        }
        self.inner.exists(path)
    }
    fn write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.step(
            || self.inner.write(path, &data[..data.len() / 2]),
            || self.inner.write(path, data),
        )
    }
    // fsync matters for power loss, not for a process crash (the kernel keeps what was
    // written); the step is counted and can fail, but skips the real, slow fsync.
    fn sync_file(&self, path: &Path) -> io::Result<()> {
        self.step(|| Ok(()), || self.inner.exists(path).map(|_| ()))
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.step(|| Ok(()), || self.inner.rename(from, to))
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.step(|| Ok(()), || self.inner.exists(dir).map(|_| ()))
    }
    fn try_lock(&self, path: &Path) -> io::Result<Option<LockGuard>> {
        self.inner.try_lock(path)
    }
}

const NOW: u64 = 1_763_700_000_000;
const SAVES: usize = 24;

fn cred(i: usize) -> Credential {
    Credential {
        issuer: format!("Issuer {i}"),
        label: format!("user{i}@example.com"),
        secret: Secret::from_bytes((0..20).map(|b| (b * 7 + i * 13) as u8).collect()).unwrap(),
        params: OtpParams::totp_default(),
    }
}

fn ids(v: &Vault) -> BTreeSet<AccountId> {
    v.accounts().iter().map(|a| a.id).collect()
}

fn base_dir(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("kulcs-crash-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// What one crash scenario ended with.
#[derive(Debug, Default, Clone, Copy)]
struct Outcome {
    crashed: bool,
    /// The reopened vault holds the interrupted save's new state.
    got_new: bool,
    /// The new state was recovered from the complete temp file (crash between the renames).
    recovered_from_temp: bool,
}

/// One scenario: a vault with three accounts, then up to SAVES changes each followed by a
/// save, with the storage dying at operation `crash_at`.
fn run(dir: &Path, crash_at: usize, mode: Mode) -> Outcome {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("vault.kulcs");
    let keys = FileKeyStore::new(dir.join("device.key"));
    let setup = VaultOptions {
        storage: Arc::new(Faulty::new(usize::MAX, mode)),
        ..VaultOptions::testing()
    };
    let mut v = Vault::create_with(&path, &keys, NOW, setup).unwrap();
    for i in 0..3 {
        v.add(cred(1000 + i), NOW).unwrap();
    }
    v.save().unwrap();
    drop(v);

    let faulty = Arc::new(Faulty::new(crash_at, mode));
    let opts = VaultOptions {
        storage: faulty.clone(),
        ..VaultOptions::testing()
    };
    let (mut v, _) = Vault::open_with(&path, Unlock::Device(&keys), opts).unwrap();
    let mut committed = ids(&v);
    let mut crashed_during: Option<BTreeSet<AccountId>> = None;
    for step in 0..SAVES {
        let t = NOW + 1 + step as u64;
        // Mostly adds, sometimes a removal or a rename, so saves differ in shape.
        match step % 6 {
            4 => {
                let victim = v.accounts()[0].id;
                v.remove(victim, t).unwrap();
            }
            5 => {
                let id = v.accounts()[0].id;
                v.rename(id, "Renamed", &format!("r{step}"), t).unwrap();
            }
            _ => {
                v.add(cred(step), t).unwrap();
            }
        }
        let attempted = ids(&v);
        match v.save() {
            Ok(()) => committed = attempted,
            Err(_) => {
                crashed_during = Some(attempted);
                break;
            }
        }
    }
    drop(v);

    let Some(attempted) = crashed_during else {
        return Outcome::default();
    };
    // Reopen with the real file system, as the next run of the program would.
    let (v, report) = Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing())
        .unwrap_or_else(|e| panic!("crash at op {crash_at} ({mode:?}): vault does not open: {e}"));
    let now = ids(&v);
    assert!(
        now == committed || now == attempted,
        "crash at op {crash_at} ({mode:?}): reopened state is neither the old nor the new one ({} vs {}/{}); warnings {:?}",
        now.len(),
        committed.len(),
        attempted.len(),
        report.warnings
    );
    // Every account of the last committed state that the attempted save did not delete is there.
    let lost: Vec<_> = committed
        .intersection(&attempted)
        .filter(|id| !now.contains(id))
        .collect();
    assert!(
        lost.is_empty(),
        "crash at op {crash_at} ({mode:?}): lost {lost:?}"
    );
    let outcome = Outcome {
        crashed: true,
        got_new: now == attempted && now != committed,
        recovered_from_temp: report.warnings.iter().any(|w| {
            matches!(
                w,
                kulcs_core::vault::OpenWarning::InterruptedSave {
                    recovered_new: true,
                    ..
                }
            )
        }),
    };
    // And the recovered vault can be written again and reopened cleanly.
    let mut v = v;
    v.add(cred(9999), NOW + 10_000).unwrap();
    v.save().unwrap();
    let expected = ids(&v);
    drop(v);
    let (v, report) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    assert_eq!(ids(&v), expected);
    assert!(
        report.warnings.is_empty(),
        "after recovery save: {:?}",
        report.warnings
    );
    outcome
}

#[test]
fn every_write_fsync_and_rename_can_crash_without_losing_accounts() {
    let dir = base_dir("all");
    let mut points = 0;
    let (mut new_states, mut old_states, mut from_temp) = (0, 0, 0);
    for mode in [Mode::Before, Mode::After] {
        let mut k = 0;
        loop {
            let o = run(&dir, k, mode);
            if !o.crashed {
                break;
            }
            points += 1;
            if o.got_new {
                new_states += 1;
            } else {
                old_states += 1;
            }
            from_temp += o.recovered_from_temp as usize;
            k += 1;
        }
        // The loop ends at the first index past the workload's last operation.
        assert!(k > 100, "{mode:?}: only {k} operations in {SAVES} saves");
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("crash points exercised: {points} ({old_states} reopened the old state, {new_states} the new one, {from_temp} via the temp file)");
    assert!(points >= 200, "only {points} crash points");
    // Both outcomes occur, so the check above is not vacuous.
    assert!(old_states > 0 && new_states > 0 && from_temp > 0);
}

#[test]
fn crashes_while_resealing_generations_after_a_passphrase_change_lose_nothing() {
    let dir = base_dir("reseal");
    let mut points = 0;
    let mut rotated_points = 0;
    for mode in [Mode::Before, Mode::After] {
        for crash_at in 0.. {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("vault.kulcs");
            let keys = FileKeyStore::new(dir.join("device.key"));
            let setup = VaultOptions {
                storage: Arc::new(Faulty::new(usize::MAX, mode)),
                ..VaultOptions::testing()
            };
            let mut v = Vault::create_with(&path, &keys, NOW, setup).unwrap();
            v.add_passphrase("régi jelszó 1").unwrap();
            for i in 0..4 {
                v.add(cred(i), NOW + i as u64).unwrap();
                v.save().unwrap();
            }
            let expected = ids(&v);
            drop(v);
            let k0 = unseal_data_key(
                &std::fs::read(&path).unwrap(),
                &path,
                Unlock::Passphrase("régi jelszó 1"),
            )
            .unwrap();

            let faulty = Arc::new(Faulty::new(crash_at, mode));
            let opts = VaultOptions {
                storage: faulty.clone(),
                ..VaultOptions::testing()
            };
            let (mut v, _) = Vault::open_with(&path, Unlock::Device(&keys), opts).unwrap();
            v.change_passphrase("új jelszó 12").unwrap();
            let _ = v.save();
            drop(v);
            if !faulty.dead.load(Ordering::SeqCst) {
                break; // the whole save and reseal ran without reaching the crash point
            }
            points += 1;
            // The vault reopens with all accounts; the change touched slots only.
            let (v, _) = Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing())
                .unwrap_or_else(|e| panic!("crash at {crash_at} ({mode:?}): {e}"));
            assert_eq!(ids(&v), expected, "crash at {crash_at} ({mode:?})");
            drop(v);
            // Every generation still opens on its own, with one of the states it could hold.
            for (name, n) in generation_counts(&dir, &keys) {
                assert!(
                    (1..=4).contains(&n),
                    "crash at {crash_at} ({mode:?}): {name} has {n} accounts"
                );
            }
            // If the rotation reached the disk (the new passphrase opens the current file), the
            // next clean save finishes it: then no file opens with the old data key.
            let rotated = unseal_data_key(
                &std::fs::read(&path).unwrap_or_default(),
                &path,
                Unlock::Passphrase("új jelszó 12"),
            )
            .is_ok();
            if rotated {
                rotated_points += 1;
                let (mut v, _) =
                    Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing())
                        .unwrap();
                v.add(cred(99), NOW + 99).unwrap();
                v.save().unwrap();
                drop(v);
                for name in [
                    "vault.kulcs",
                    "vault.kulcs.1",
                    "vault.kulcs.2",
                    "vault.kulcs.3",
                ] {
                    let Ok(bytes) = std::fs::read(dir.join(name)) else {
                        continue;
                    };
                    let parsed = format::parse(&bytes, &dir.join(name)).unwrap();
                    assert!(
                        format::open(&parsed, &k0).is_err(),
                        "crash at {crash_at} ({mode:?}): the old data key still opens {name}"
                    );
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "reseal crash points: {points} ({rotated_points} after the rotation reached the disk)"
    );
    assert!(rotated_points > 0);
    // 7 steps of the save plus 3 generations × (write, fsync, rename) and a directory fsync.
    assert!(points >= 30, "{points}");
}
