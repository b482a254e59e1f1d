//! Backups that run themselves (issue 13 item 4, `docs/backup.md` §Automatic backups): after
//! every change a Kulcs backup in the chosen folder that the passphrase opens with every note and
//! group, nothing new for an unchanged vault, the last N kept and nothing else touched, a broken
//! or lying folder never failing the save, the setting surviving a reopen, and the passphrase
//! test against the newest file.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use kulcs_core::backups::{self, PassphraseTestError};
use kulcs_core::export::{self, ExportError};
use kulcs_core::sync::{DirFolder, FolderError, SyncFolder};
use kulcs_core::vault::{FileKeyStore, Unlock, Vault, VaultOptions};

use super::export_backup::sample_entries;

const PASS: &str = "mentés jelszava 2026";
const NOW: u64 = 1_796_220_000_000;

struct Setup {
    _dir: tempfile::TempDir,
    path: PathBuf,
    keys: FileKeyStore,
    folder: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mentések");
    std::fs::create_dir(&folder).unwrap();
    Setup {
        path: dir.path().join("vault.kulcs"),
        keys: FileKeyStore::new(dir.path().join("device.key")),
        folder,
        _dir: dir,
    }
}

impl Setup {
    fn create(&self, keep: u32) -> Vault {
        let mut v =
            Vault::create_with(&self.path, &self.keys, NOW, VaultOptions::testing()).unwrap();
        v.set_auto_backup(&self.folder.to_string_lossy(), keep, PASS, NOW)
            .unwrap();
        backups::attach(&mut v, DirFolder::new(&self.folder));
        v
    }

    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn ours(&self) -> Vec<String> {
        backups::ours_oldest_first(&self.files())
    }

    fn open_newest(&self) -> export::Backup {
        let newest = self.ours().pop().expect("a backup");
        let bytes = std::fs::read(self.folder.join(newest)).unwrap();
        export::open_backup(&bytes, PASS).unwrap()
    }
}

#[test]
fn after_every_change_a_backup_the_passphrase_opens_holds_every_note_and_group() {
    let s = setup();
    let mut v = s.create(10);
    v.save().unwrap();
    assert_eq!(
        s.ours().len(),
        1,
        "the setting itself writes the first backup"
    );
    let entries = sample_entries();
    let mut n = 1;
    for (i, e) in entries.iter().enumerate() {
        v.import_all(std::slice::from_ref(e), NOW + 10 * i as u64 + 10)
            .unwrap();
        n += 1;
        assert_eq!(s.ours().len(), n, "one new file per change");
    }
    let newest = s.open_newest();
    let want: Vec<_> = entries
        .iter()
        .map(|e| (e.credential.clone(), e.note.clone(), e.groups.clone()))
        .collect();
    let got: Vec<_> = newest
        .accounts
        .iter()
        .map(|e| (e.credential.clone(), e.note.clone(), e.groups.clone()))
        .collect();
    assert_eq!(got, want);
    let last = v.auto_backup().unwrap().last.clone().unwrap();
    assert_eq!(last.accounts, 4);
    assert_eq!(Some(&last.name), s.ours().last());
    assert!(v.auto_backup().unwrap().failure.is_none());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.folder.join(&last.name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "backup files are private: {mode:o}");
    }
}

#[test]
fn saving_an_unchanged_vault_writes_no_new_backup_so_older_ones_are_not_pushed_out() {
    let s = setup();
    let mut v = s.create(2);
    v.import_all(&sample_entries()[..1], NOW + 1).unwrap();
    let before = s.ours();
    for secs in 1..5 {
        // The clock offset is not in a backup: these saves change nothing a backup holds.
        v.set_clock_offset(secs).unwrap();
        v.save().unwrap();
    }
    assert_eq!(s.ours(), before);
    // Deleting the newest file by hand makes the next save write it again.
    std::fs::remove_file(s.folder.join(before.last().unwrap())).unwrap();
    v.save().unwrap();
    assert_eq!(s.ours().len(), before.len());
}

#[test]
fn only_the_last_n_are_kept_and_no_other_file_is_touched() {
    let s = setup();
    for other in [
        "notes.txt",
        "kulcs-backup-kezzel.kulcsbak",
        "kulcs-backup-20200101-000000-000.kulcsbak.tmp",
    ] {
        std::fs::write(s.folder.join(other), b"mine").unwrap();
    }
    let mut v = s.create(3);
    let entries = sample_entries();
    for (i, e) in entries.iter().enumerate() {
        v.import_all(std::slice::from_ref(e), NOW + 1000 * (i as u64 + 1))
            .unwrap();
    }
    let ours = s.ours();
    assert_eq!(ours.len(), 3, "{:?}", s.files());
    assert_eq!(s.open_newest().accounts.len(), 4);
    let oldest = std::fs::read(s.folder.join(&ours[0])).unwrap();
    assert_eq!(
        export::open_backup(&oldest, PASS).unwrap().accounts.len(),
        2
    );
    for other in [
        "notes.txt",
        "kulcs-backup-kezzel.kulcsbak",
        "kulcs-backup-20200101-000000-000.kulcsbak.tmp",
    ] {
        assert_eq!(
            std::fs::read(s.folder.join(other)).unwrap(),
            b"mine",
            "{other}"
        );
    }
}

/// A folder that fails when told to, or hands back other bytes than it was given.
struct Flaky {
    inner: DirFolder,
    fail: Arc<AtomicBool>,
    lie: Arc<AtomicBool>,
}

impl SyncFolder for Flaky {
    fn list(&self) -> Result<Vec<String>, FolderError> {
        self.inner.list()
    }
    fn read(&self, name: &str, max: u64) -> Result<Vec<u8>, FolderError> {
        let mut b = self.inner.read(name, max)?;
        if self.lie.load(Ordering::SeqCst) {
            let last = b.len() - 1;
            b[last] ^= 1;
        }
        Ok(b)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), FolderError> {
        if self.fail.load(Ordering::SeqCst) {
            return Err(FolderError::Io {
                message: "the USB stick is not there".into(),
            });
        }
        self.inner.write(name, bytes)
    }
    fn delete(&self, name: &str) -> Result<(), FolderError> {
        self.inner.delete(name)
    }
}

#[test]
fn a_broken_or_lying_folder_never_fails_the_save_and_says_why() {
    let s = setup();
    let (fail, lie) = (
        Arc::new(AtomicBool::new(true)),
        Arc::new(AtomicBool::new(false)),
    );
    let mut v = Vault::create_with(&s.path, &s.keys, NOW, VaultOptions::testing()).unwrap();
    v.set_auto_backup(&s.folder.to_string_lossy(), 5, PASS, NOW)
        .unwrap();
    backups::attach(
        &mut v,
        Flaky {
            inner: DirFolder::new(&s.folder),
            fail: fail.clone(),
            lie: lie.clone(),
        },
    );
    let entries = sample_entries();
    v.import_all(&entries[..1], NOW + 1).unwrap();
    let failure = v.auto_backup().unwrap().failure.clone().expect("recorded");
    assert!(failure.reason.contains("USB stick"), "{failure:?}");
    assert!(s.ours().is_empty());
    // The change itself is saved, and so is the record of the failure.
    drop(v);
    let (mut v, _) =
        Vault::open_with(&s.path, Unlock::Device(&s.keys), VaultOptions::testing()).unwrap();
    assert_eq!(v.accounts().len(), 1);
    assert!(v.auto_backup().unwrap().failure.is_some());
    // A folder that gives back other bytes: the file is deleted, never recorded as a backup.
    fail.store(false, Ordering::SeqCst);
    lie.store(true, Ordering::SeqCst);
    backups::attach(
        &mut v,
        Flaky {
            inner: DirFolder::new(&s.folder),
            fail: fail.clone(),
            lie: lie.clone(),
        },
    );
    v.import_all(&entries[1..2], NOW + 2).unwrap();
    assert!(s.ours().is_empty(), "{:?}", s.files());
    assert!(v.auto_backup().unwrap().last.is_none());
    assert!(v.auto_backup().unwrap().failure.is_some());
    // The folder works again: the next save writes a backup and clears the failure.
    lie.store(false, Ordering::SeqCst);
    v.import_all(&entries[2..3], NOW + 3).unwrap();
    assert_eq!(s.ours().len(), 1);
    assert!(v.auto_backup().unwrap().failure.is_none());
    assert_eq!(s.open_newest().accounts.len(), 3);
}

#[test]
fn the_setting_survives_reopening_by_passphrase_and_the_vault_never_holds_the_passphrase() {
    let s = setup();
    let mut v = s.create(10);
    v.add_passphrase(PASS).unwrap();
    v.save().unwrap();
    drop(v);
    for unlock in [Unlock::Device(&s.keys), Unlock::Passphrase(PASS)] {
        let (mut v, _) = Vault::open_with(&s.path, unlock, VaultOptions::testing()).unwrap();
        let setting = v.auto_backup().cloned().expect("kept");
        assert_eq!(
            (setting.keep, setting.folder.clone()),
            (10, s.folder.to_string_lossy().into_owned())
        );
        backups::attach(&mut v, DirFolder::new(&s.folder));
        let n = s.ours().len();
        v.import_all(&sample_entries()[n - 1..n], NOW + n as u64)
            .unwrap();
        assert_eq!(s.ours().len(), n + 1);
        assert_eq!(s.open_newest().accounts.len(), n);
        let plain = kulcs_core::vault::internals::contents::to_json(v.contents()).unwrap();
        let text = String::from_utf8_lossy(&plain);
        assert!(
            !text.contains("mentés jelszava"),
            "the passphrase is never stored"
        );
        assert!(text.contains("\"backup\""));
    }
}

#[test]
fn an_automatic_backup_restores_into_a_fresh_vault_with_every_note_and_group() {
    let s = setup();
    let mut v = s.create(10);
    let entries = sample_entries();
    v.import_all(&entries, NOW + 1).unwrap();
    drop(v);
    let other = setup();
    let mut fresh =
        Vault::create_with(&other.path, &other.keys, NOW, VaultOptions::testing()).unwrap();
    let report = export::restore(&mut fresh, &s.open_newest().accounts, NOW + 2).unwrap();
    assert_eq!((report.added, report.already_present), (4, 0));
    let back = export::entries(fresh.accounts());
    for (b, e) in back.iter().zip(&entries) {
        assert_eq!(
            (&b.credential, &b.note, &b.groups),
            (&e.credential, &e.note, &e.groups)
        );
    }
}

#[test]
fn the_passphrase_test_opens_the_newest_backup_and_records_only_a_success() {
    let s = setup();
    let mut v = Vault::create_with(&s.path, &s.keys, NOW, VaultOptions::testing()).unwrap();
    let folder = DirFolder::new(&s.folder);
    assert_eq!(
        backups::test_passphrase(&mut v, &folder, PASS, NOW).unwrap_err(),
        PassphraseTestError::NotSetUp
    );
    v.set_auto_backup(&s.folder.to_string_lossy(), 10, PASS, NOW)
        .unwrap();
    assert_eq!(
        backups::test_passphrase(&mut v, &folder, PASS, NOW).unwrap_err(),
        PassphraseTestError::NoBackupYet
    );
    backups::attach(&mut v, DirFolder::new(&s.folder));
    v.import_all(&sample_entries(), NOW + 1).unwrap();
    let later = NOW + 100 * 24 * 3600 * 1000;
    assert!(v.auto_backup().unwrap().passphrase_test_due(later));
    assert_eq!(
        backups::test_passphrase(&mut v, &folder, "mentés jelszava 2025", later).unwrap_err(),
        PassphraseTestError::Backup(ExportError::WrongPassphraseOrDamaged)
    );
    assert!(v.auto_backup().unwrap().passphrase_test_due(later));
    let tested = backups::test_passphrase(&mut v, &folder, PASS, later).unwrap();
    assert_eq!(tested.accounts, 4);
    assert_eq!(Some(&tested.name), s.ours().last());
    assert!(!v.auto_backup().unwrap().passphrase_test_due(later + 1));
    assert!(v.is_dirty(), "the caller saves the record");
}

#[test]
fn turning_backups_off_keeps_the_files_and_writes_no_more() {
    let s = setup();
    let mut v = s.create(10);
    v.import_all(&sample_entries()[..1], NOW + 1).unwrap();
    let before = s.ours();
    v.clear_auto_backup();
    v.import_all(&sample_entries()[1..2], NOW + 2).unwrap();
    assert_eq!(s.ours(), before);
    assert!(v.auto_backup().is_none());
}
