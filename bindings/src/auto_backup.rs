//! Owns backups that run themselves across the FFI: the setting (`Vault.set_auto_backup`,
//! `Vault.turn_off_auto_backup`), attaching the folder after opening
//! (`Vault.attach_backup_folder`), what a settings or status screen shows
//! (`Vault.auto_backup_status`) and the passphrase test (`Vault.test_backup_passphrase`), all
//! delegating to core's `backups`.

use std::sync::Arc;

use kulcs_core::backups::{self, PassphraseTestError};
use kulcs_core::vault::AutoBackup;

use crate::guard::{guard, lock};
use crate::messages::ErrorKind;
use crate::sync::{ForeignFolder, SyncFolder};
use crate::{KulcsError, Vault};

/// What the automatic backups are doing, for the settings and status screens.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AutoBackupStatus {
    /// The folder as the shell gave it (a tree URI, a bookmark id, a path).
    pub folder: String,
    /// How many backups are kept.
    pub keep: u32,
    /// The newest backup written and read back: its file name.
    pub last_name: Option<String>,
    /// The state it holds (Unix ms).
    pub last_created_ms: Option<u64>,
    /// How many accounts it holds.
    pub last_accounts: Option<u32>,
    /// Why the last backup failed (the folder's words), until one succeeds again.
    pub failure_reason: Option<String>,
    /// When it failed (Unix ms).
    pub failure_ms: Option<u64>,
    /// When the backup passphrase last opened a backup (or was set), Unix ms.
    pub tested_ms: Option<u64>,
    /// True when the user should be reminded to test the passphrase (over 90 days).
    pub test_due: bool,
}

impl AutoBackupStatus {
    fn of(b: &AutoBackup, now_ms: u64) -> Self {
        AutoBackupStatus {
            folder: b.folder.clone(),
            keep: b.keep,
            last_name: b.last.as_ref().map(|l| l.name.clone()),
            last_created_ms: b.last.as_ref().map(|l| l.created_ms),
            last_accounts: b.last.as_ref().map(|l| l.accounts),
            failure_reason: b.failure.as_ref().map(|f| f.reason.clone()),
            failure_ms: b.failure.as_ref().map(|f| f.at_ms),
            tested_ms: b.tested_ms,
            test_due: b.passphrase_test_due(now_ms),
        }
    }
}

/// The backup a passphrase test opened.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TestedBackup {
    /// Its file name.
    pub name: String,
    /// The state it holds (Unix ms).
    pub created_ms: u64,
    /// How many accounts it holds.
    pub accounts: u32,
}

impl From<PassphraseTestError> for KulcsError {
    fn from(e: PassphraseTestError) -> Self {
        match e {
            PassphraseTestError::NotSetUp => {
                KulcsError::invalid("backup_folder", ErrorKind::BackupFolderEmpty, &e)
            }
            PassphraseTestError::NoBackupYet => KulcsError::NotFound {
                id: "backup".into(),
            },
            PassphraseTestError::Folder(f) => KulcsError::Storage {
                kind: ErrorKind::Io,
                reason: f.to_string(),
            },
            PassphraseTestError::Backup(b) => b.into(),
        }
    }
}

#[uniffi::export]
impl Vault {
    /// Turns automatic backups on (or changes them): after every change a Kulcs backup goes
    /// into `folder`, read back and checked, the last `keep` (1–1000) kept. `folder_id` is how
    /// the shell finds the folder again after a restart (a tree URI); `passphrase` (at least 8
    /// characters) opens every backup and is not kept. Writes the first backup now and returns
    /// the status: a `failure_reason` means the folder could not be written.
    pub fn set_auto_backup(
        &self,
        folder_id: String,
        keep: u32,
        passphrase: String,
        folder: Arc<dyn SyncFolder>,
        now_ms: u64,
    ) -> Result<AutoBackupStatus, KulcsError> {
        let passphrase = zeroize::Zeroizing::new(passphrase);
        self.change(|v| {
            v.set_auto_backup(&folder_id, keep, &passphrase, now_ms)?;
            backups::attach(v, ForeignFolder(folder));
            Ok(())
        })?;
        self.auto_backup_status(now_ms)?
            .ok_or_else(|| KulcsError::Internal {
                reason: "the setting was not kept".into(),
            })
    }

    /// After opening a vault whose status names a folder: gives core that folder, so every
    /// later save writes its backup. Without a setting nothing is written.
    pub fn attach_backup_folder(&self, folder: Arc<dyn SyncFolder>) -> Result<(), KulcsError> {
        guard(|| {
            let mut v = lock(&self.inner)?;
            backups::attach(&mut v, ForeignFolder(folder));
            Ok(())
        })
    }

    /// The automatic backups' state, or `None` when they are off.
    pub fn auto_backup_status(&self, now_ms: u64) -> Result<Option<AutoBackupStatus>, KulcsError> {
        self.read(|v| Ok(v.auto_backup().map(|b| AutoBackupStatus::of(b, now_ms))))
    }

    /// Turns automatic backups off; the files already written stay.
    pub fn turn_off_auto_backup(&self) -> Result<(), KulcsError> {
        self.change(|v| {
            v.clear_auto_backup();
            Ok(())
        })
    }

    /// Opens the newest backup in `folder` with `passphrase` and records the test. A wrong
    /// passphrase is `WrongKeyOrDamaged` and records nothing; no setting is
    /// `InvalidInput{kind: BackupFolderEmpty}`; an empty folder `NotFound{id: "backup"}`.
    pub fn test_backup_passphrase(
        &self,
        folder: Arc<dyn SyncFolder>,
        passphrase: String,
        now_ms: u64,
    ) -> Result<TestedBackup, KulcsError> {
        let passphrase = zeroize::Zeroizing::new(passphrase);
        self.change(|v| {
            let t = backups::test_passphrase(v, &ForeignFolder(folder), &passphrase, now_ms)?;
            Ok(TestedBackup {
                name: t.name,
                created_ms: t.created_ms,
                accounts: u32::try_from(t.accounts).unwrap_or(u32::MAX),
            })
        })
    }
}
