//! Owns backups that run themselves (`docs/backup.md` §Automatic backups): after every change a
//! Kulcs backup is written to the folder the user chose, read back and compared, and the
//! oldest beyond the number to keep are deleted; testing the backup passphrase against the
//! newest file; what a shell shows about it.
//!
//! The vault keeps the setting ([`crate::vault::AutoBackup`]) and runs a
//! [`crate::vault::SaveHook`] inside every save; this module is that hook, so the vault does
//! not depend on the export code. The folder is a platform power: the same [`SyncFolder`]
//! trait sync uses (a directory on the desktop, a Storage Access Framework tree on Android).
//!
//! ```
//! use kulcs_core::{backups, sync::DirFolder, vault::{KdfParams, Vault, VaultOptions, FileKeyStore}};
//! # let dir = std::env::temp_dir().join(format!("kulcs-doc-backups-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&dir);
//! # std::fs::create_dir_all(dir.join("backups")).unwrap();
//! let keys = FileKeyStore::new(dir.join("device.key"));
//! let mut v = Vault::create_with(&dir.join("v.kulcs"), &keys, 1_000, VaultOptions::testing()).unwrap();
//! let folder = dir.join("backups");
//! v.set_auto_backup(&folder.to_string_lossy(), 10, "hosszú jelszó", 1_000).unwrap();
//! backups::attach(&mut v, DirFolder::new(&folder));
//! v.save().unwrap(); // the first backup is written here, read back and recorded
//! let written = v.auto_backup().unwrap().last.clone().unwrap();
//! let file = std::fs::read(folder.join(&written.name)).unwrap();
//! assert_eq!(kulcs_core::export::open_backup(&file, "hosszú jelszó").unwrap().accounts.len(), 0);
//! # drop(v); std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod names;
mod run;

use crate::export::{self, ExportError, MAX_BACKUP_BYTES};
use crate::random::RandomSource;
use crate::sync::{FolderError, SyncFolder};
use crate::vault::{BackupFailure, Contents, SaveHook, Vault};

pub use names::{name_for, ours_oldest_first};

/// The automatic backup as a [`SaveHook`]: every save of a vault with a setting writes a backup
/// into this folder first (or records why it could not).
pub struct AutoBackupHook {
    folder: Box<dyn SyncFolder + Send + Sync>,
}

impl SaveHook for AutoBackupHook {
    fn before_save(&mut self, contents: &mut Contents, rng: &dyn RandomSource) {
        let Some(setting) = contents.auto_backup.as_mut() else {
            return;
        };
        let entries = export::entries(&contents.accounts);
        let created_ms = contents.clock.wall_ms;
        match run::write_one(&*self.folder, setting, &entries, created_ms, rng) {
            Ok(Some(last)) => {
                setting.last = Some(last);
                setting.failure = None;
            }
            Ok(None) => setting.failure = None,
            Err(reason) => {
                setting.failure = Some(BackupFailure {
                    at_ms: created_ms,
                    reason,
                })
            }
        }
    }
}

/// Makes every later save of `vault` run its automatic backup into `folder` (the folder of its
/// setting, opened by the shell). Without a setting the hook does nothing.
pub fn attach(vault: &mut Vault, folder: impl SyncFolder + Send + Sync + 'static) {
    vault.attach_save_hook(Box::new(AutoBackupHook {
        folder: Box::new(folder),
    }));
}

/// Why the backup passphrase could not be tested.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseTestError {
    /// This vault has no automatic-backup setting.
    #[error("automatic backups are not set up")]
    NotSetUp,
    /// The folder holds no automatic backup yet.
    #[error("the backup folder holds no Kulcs backup yet")]
    NoBackupYet,
    /// The folder could not be read.
    #[error("the backup folder could not be read: {0}")]
    Folder(#[from] FolderError),
    /// The passphrase does not open the newest backup (or the file is damaged), or the file is
    /// not a backup this build reads.
    #[error(transparent)]
    Backup(#[from] ExportError),
}

/// The backup a passphrase test opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestedBackup {
    /// Its file name.
    pub name: String,
    /// The state it holds (Unix ms).
    pub created_ms: u64,
    /// How many accounts it holds.
    pub accounts: usize,
}

/// Opens the newest automatic backup in `folder` with `passphrase`, the full way a restore would
/// (Argon2id from the file's header), and on success records the test in the setting (the
/// caller saves). The reminder of [`crate::vault::AutoBackup::passphrase_test_due`] starts over.
pub fn test_passphrase(
    vault: &mut Vault,
    folder: &dyn SyncFolder,
    passphrase: &str,
    now_ms: u64,
) -> Result<TestedBackup, PassphraseTestError> {
    if vault.auto_backup().is_none() {
        return Err(PassphraseTestError::NotSetUp);
    }
    let name = ours_oldest_first(&folder.list()?)
        .pop()
        .ok_or(PassphraseTestError::NoBackupYet)?;
    let bytes = folder.read(&name, MAX_BACKUP_BYTES as u64)?;
    let backup = export::open_backup(&bytes, passphrase)?;
    vault.record_backup_passphrase_test(now_ms);
    Ok(TestedBackup {
        name,
        created_ms: backup.created_ms,
        accounts: backup.accounts.len(),
    })
}
