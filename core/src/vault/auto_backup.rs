//! Owns the automatic-backup setting kept inside the encrypted contents (the folder, how many
//! to keep, the key derived from the backup passphrase, what the last run did) and the
//! [`SaveHook`] through which a save runs a backup without the vault knowing how.
//!
//! The vault stores the Argon2id *result* of the backup passphrase, not the passphrase: every
//! automatic backup is then an ordinary Kulcs backup file (`docs/backup.md`) that the
//! passphrase opens, sealed without asking for it again. The folder is an opaque string the
//! shell understands (a path on the desktop, a Storage Access Framework tree on Android).

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{kdf, Contents, KdfParams, Vault, VaultError, MIN_PASSPHRASE_CHARS};
use crate::random::{random_array, RandomSource};

/// Length of a backup key's Argon2id salt.
pub const BACKUP_SALT_LEN: usize = 16;
/// The most automatic backups kept in a folder.
pub const MAX_BACKUPS_KEPT: u32 = 1000;
/// After this long without a passphrase test (or since the setting was made), shells remind the
/// user to test it: 90 days.
pub const PASSPHRASE_TEST_INTERVAL_MS: u64 = 90 * 24 * 3600 * 1000;

/// A key derived from a backup passphrase with Argon2id: what a Kulcs backup file's header
/// names (costs and salt) and the key it is sealed with. The key is wiped on drop and never
/// shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct BackupKey {
    /// The Argon2id costs.
    pub params: KdfParams,
    /// The Argon2id salt.
    pub salt: [u8; BACKUP_SALT_LEN],
    key: Zeroizing<[u8; 32]>,
}

impl fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackupKey")
            .field("params", &self.params)
            .field("key", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl BackupKey {
    /// Derives a key from `passphrase` (at least [`MIN_PASSPHRASE_CHARS`] characters after NFC)
    /// with a fresh salt from `rng`.
    pub fn derive(
        passphrase: &str,
        params: KdfParams,
        rng: &dyn RandomSource,
    ) -> Result<BackupKey, VaultError> {
        let chars = kdf::normalise(passphrase).chars().count();
        if chars < MIN_PASSPHRASE_CHARS {
            return Err(VaultError::PassphraseTooShort {
                min_chars: MIN_PASSPHRASE_CHARS,
            });
        }
        let salt = random_array(rng)?;
        Self::with_salt(passphrase, params, salt)
    }

    /// Derives the key for `passphrase` with a known salt (opening a file, testing a passphrase).
    pub fn with_salt(
        passphrase: &str,
        params: KdfParams,
        salt: [u8; BACKUP_SALT_LEN],
    ) -> Result<BackupKey, VaultError> {
        let key = kdf::argon2id(passphrase, &salt, params)?;
        Ok(BackupKey { params, salt, key })
    }

    /// A key read back from the vault contents (already checked there).
    pub(super) fn from_parts(
        params: KdfParams,
        salt: [u8; BACKUP_SALT_LEN],
        key: Zeroizing<[u8; 32]>,
    ) -> BackupKey {
        BackupKey { params, salt, key }
    }

    /// The AES-256-GCM key.
    pub fn expose(&self) -> &[u8; 32] {
        &self.key
    }

    /// True when `passphrase` derives this key (compared in constant time).
    pub fn matches(&self, passphrase: &str) -> Result<bool, VaultError> {
        let other = kdf::argon2id(passphrase, &self.salt, self.params)?;
        Ok(bool::from(other.ct_eq(&self.key[..])))
    }
}

/// The last automatic backup that was written and read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastBackup {
    /// Its file name in the folder.
    pub name: String,
    /// The time it captured (the vault clock's wall time of the newest change, Unix ms).
    pub created_ms: u64,
    /// How many accounts it holds.
    pub accounts: u32,
    /// SHA-256 of what it holds (without its time): an unchanged vault writes no new file.
    pub digest: [u8; 32],
}

/// The last automatic backup that failed, and why (the folder's words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFailure {
    /// When (the vault clock's wall time, Unix ms).
    pub at_ms: u64,
    /// Why, in the folder's or core's words (never a key or a note).
    pub reason: String,
}

/// The automatic-backup setting of this device (not synced: the folder is this device's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoBackup {
    /// Where the backups go; opaque to core.
    pub folder: String,
    /// How many backups to keep (the oldest beyond are deleted), `1..=`[`MAX_BACKUPS_KEPT`].
    pub keep: u32,
    /// The key every backup is sealed with.
    pub key: BackupKey,
    /// When the setting was made (Unix ms).
    pub set_ms: u64,
    /// When the passphrase last opened a backup of this folder (Unix ms), if ever.
    pub tested_ms: Option<u64>,
    /// The last backup written and read back, if any.
    pub last: Option<LastBackup>,
    /// The last failure, cleared by the next success.
    pub failure: Option<BackupFailure>,
}

impl AutoBackup {
    /// True when the passphrase should be tested again: its last test (or the setting, when it
    /// was never tested) is over [`PASSPHRASE_TEST_INTERVAL_MS`] old at `now_ms`.
    pub fn passphrase_test_due(&self, now_ms: u64) -> bool {
        let since = self.tested_ms.unwrap_or(self.set_ms);
        now_ms.saturating_sub(since) > PASSPHRASE_TEST_INTERVAL_MS
    }
}

/// Work that runs inside every [`Vault::save`], before the vault file is written: the automatic
/// backup (`crate::backups`). It sees the contents about to be sealed and may update them (the
/// record of what it did), so the record and the change reach the disk in one write. Its own
/// failure never fails the save: it records it in the contents instead.
pub trait SaveHook: Send + Sync {
    /// Runs on the contents about to be saved.
    fn before_save(&mut self, contents: &mut Contents, rng: &dyn RandomSource);
}

impl Vault {
    /// This device's automatic-backup setting, if one is made.
    pub fn auto_backup(&self) -> Option<&AutoBackup> {
        self.contents.auto_backup.as_ref()
    }

    /// Makes (or replaces) the automatic-backup setting: the key is derived from `passphrase`
    /// with this vault's Argon2id costs, so the passphrase itself is not kept. Marks the vault
    /// changed; the first backup is written by the next save once a hook is attached. `keep` is
    /// brought within `1..=`[`MAX_BACKUPS_KEPT`].
    pub fn set_auto_backup(
        &mut self,
        folder: &str,
        keep: u32,
        passphrase: &str,
        now_ms: u64,
    ) -> Result<(), VaultError> {
        let folder = folder.trim();
        if folder.is_empty() {
            return Err(VaultError::BackupFolderEmpty);
        }
        let key = BackupKey::derive(passphrase, self.opts.kdf, self.opts.rng.as_ref())?;
        self.contents.auto_backup = Some(AutoBackup {
            folder: folder.to_string(),
            keep: keep.clamp(1, MAX_BACKUPS_KEPT),
            key,
            set_ms: now_ms,
            tested_ms: Some(now_ms),
            last: None,
            failure: None,
        });
        self.dirty = true;
        Ok(())
    }

    /// Turns automatic backups off (the files already written stay). Marks the vault changed.
    pub fn clear_auto_backup(&mut self) {
        if self.contents.auto_backup.take().is_some() {
            self.dirty = true;
        }
        self.save_hook = None;
    }

    /// Records that the backup passphrase was just tested successfully. Marks the vault changed.
    pub fn record_backup_passphrase_test(&mut self, now_ms: u64) {
        if let Some(b) = self.contents.auto_backup.as_mut() {
            b.tested_ms = Some(now_ms);
            self.dirty = true;
        }
    }

    /// Attaches the work every save runs first (the automatic backup); replaces any earlier one.
    pub fn attach_save_hook(&mut self, hook: Box<dyn SaveHook>) {
        self.save_hook = Some(hook);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::SeededRandom;

    #[test]
    fn a_backup_key_matches_its_passphrase_only_and_never_shows_itself() {
        let rng = SeededRandom::new(b"backup key");
        let k = BackupKey::derive("hosszú jelszó", KdfParams::testing(), &rng).unwrap();
        assert!(k.matches("hosszú jelszó").unwrap());
        // NFC: the same passphrase typed with a combining accent.
        assert!(k.matches("hosszu\u{301} jelszo\u{301}").unwrap());
        assert!(!k.matches("hosszú jelszó!").unwrap());
        let shown = format!("{k:?}");
        assert!(shown.contains("redacted"), "{shown}");
        assert!(!shown.contains(&format!("{:?}", k.expose())));
        assert!(matches!(
            BackupKey::derive("rövid", KdfParams::testing(), &rng),
            Err(VaultError::PassphraseTooShort { .. })
        ));
    }

    #[test]
    fn the_passphrase_test_falls_due_after_ninety_days() {
        let rng = SeededRandom::new(b"due");
        let mut b = AutoBackup {
            folder: "/x".into(),
            keep: 5,
            key: BackupKey::derive("hosszú jelszó", KdfParams::testing(), &rng).unwrap(),
            set_ms: 0,
            tested_ms: None,
            last: None,
            failure: None,
        };
        assert!(!b.passphrase_test_due(PASSPHRASE_TEST_INTERVAL_MS));
        assert!(b.passphrase_test_due(PASSPHRASE_TEST_INTERVAL_MS + 1));
        b.tested_ms = Some(PASSPHRASE_TEST_INTERVAL_MS);
        assert!(!b.passphrase_test_due(PASSPHRASE_TEST_INTERVAL_MS + 1));
    }
}
