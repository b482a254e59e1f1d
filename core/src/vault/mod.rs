//! The encrypted vault: the [`Vault`] type holding decrypted accounts in memory, and how it is
//! created, opened (with fallback to older generations), changed and saved.
//!
//! File format: `docs/vault.md` and [`internals::format`]. Every rule a user could notice (duplicates,
//! which entry produced a code, id prefixes, clock offset) is decided here, once, for all shells.
//!
//! ```
//! use kulcs_core::credential::Credential;
//! use kulcs_core::secret::Secret;
//! use kulcs_core::vault::{AddOutcome, FileKeyStore, Unlock, Vault};
//!
//! let dir = std::env::temp_dir().join(format!("kulcs-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("vault.kulcs");
//! # let _ = std::fs::remove_file(&path);
//! let keys = FileKeyStore::new(dir.join("device.key"));
//! let mut v = Vault::create(&path, &keys, 1_700_000_000_000).unwrap();
//! let key = Secret::parse_base32("JBSW Y3DP EHPK 3PXP").unwrap();
//! let AddOutcome::Added(id) = v.add(Credential::ugyfelkapu("kovacs.janos", key.clone()), 1_700_000_000_000).unwrap() else { panic!() };
//! assert_eq!(v.add(Credential::ugyfelkapu("kovacs.janos", key), 1_700_000_000_001).unwrap(), AddOutcome::AlreadyPresent(id));
//! v.save().unwrap();
//! drop(v);
//! let (v, report) = Vault::open(&path, Unlock::Device(&keys)).unwrap();
//! assert!(report.warnings.is_empty());
//! assert_eq!(v.accounts().len(), 1);
//! # drop(v); std::fs::remove_dir_all(&dir).unwrap();
//! ```

#![deny(missing_docs)]

mod accounts;
mod auto_backup;
mod auto_backup_json;
use crate::aead;
mod calibrate;
mod clock;
mod contents;
mod contents_fields;
mod create;
mod duplicates;
mod error;
mod format;
mod import_batch;
mod imported;
#[doc(hidden)]
pub mod internals;
mod kdf;
mod keep_only;
mod keystore;
mod open;
mod options;
mod preview;
mod recovery;
mod save;
mod slot_admin;
mod slots;
mod store;
mod sync_hooks;
#[cfg(test)]
mod test_support;

use std::fmt;
use std::path::{Path, PathBuf};

use x25519_dalek::StaticSecret;

pub use auto_backup::{
    AutoBackup, BackupFailure, BackupKey, LastBackup, SaveHook, BACKUP_SALT_LEN, MAX_BACKUPS_KEPT,
    PASSPHRASE_TEST_INTERVAL_MS,
};
pub use calibrate::{CalibrationError, MAX_CALIBRATION_SECS};
pub use clock::MAX_CLOCK_OFFSET_SECS;
pub use contents::Contents;
pub use duplicates::{same_code_params, AddOutcome, DuplicateGroup, VerifyMatch};
pub use error::{KeyStoreError, VaultError};
pub use kdf::KdfParams;
pub use keystore::{
    BackedKeyStore, DeviceKey, DeviceKeyBackend, FileKeyStore, KeyFileError, KeyStore,
    DEFAULT_KEY_ID, DEVICE_KEY_LEN,
};
pub use open::{unseal_data_key, MAX_PASSPHRASE_TRIES};
pub use options::{OpenReport, OpenWarning, Unlock, VaultOptions};
pub use preview::{ImportPreview, PreviewAction, PreviewRow};
pub use recovery::RecoveryCode;
pub use slots::{DataKey, Slot, SlotId, SlotInfo, SlotKind, MIN_PASSPHRASE_CHARS};
pub use store::{FsStorage, LockGuard, Storage, TooLarge};

use crate::hlc::{DeviceId, Hlc};

/// A decrypted vault, held in memory, locked against other processes while it lives.
///
/// Changes are made in memory; [`Vault::save`] writes them crash-safely. Time arguments:
/// `now_ms` is the device's Unix time in milliseconds, `unix` its Unix time in seconds; the
/// vault adds its own [`Vault::clock_offset`] to both.
pub struct Vault {
    path: PathBuf,
    opts: VaultOptions,
    data_key: DataKey,
    slots: Vec<Slot>,
    contents: Contents,
    set_aside_on_save: bool,
    /// A slot was removed or replaced: after the next save, older generations are re-sealed
    /// with the current slots so a retired passphrase or code opens none of them.
    reseal_generations: bool,
    /// Data keys retired in this session (to re-seal older generations sealed with them).
    retired_keys: Vec<DataKey>,
    /// The private key of the slot that opened the vault, to re-seal older generations that
    /// a previous session could not finish (they still hold this slot, sealed to an older key).
    slot_key: Option<(SlotId, StaticSecret)>,
    dirty: bool,
    /// Work every save runs first (the automatic backup), attached by the shell after opening.
    save_hook: Option<Box<dyn SaveHook>>,
    _lock: LockGuard,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault")
            .field("path", &self.path)
            .field("accounts", &self.contents.accounts.len())
            .field("slots", &self.slots)
            .field("dirty", &self.dirty)
            .finish_non_exhaustive()
    }
}

// The plain accessors; the other methods live in the child module of their job.
impl Vault {
    /// True when there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The vault's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This replica's device id.
    pub fn device_id(&self) -> DeviceId {
        self.contents.device
    }

    /// The decrypted contents (for sync and export).
    pub fn contents(&self) -> &Contents {
        &self.contents
    }

    /// Mutable contents, for sync merges (which replace accounts and tombstones wholesale and
    /// advance the clock with [`Hlc::observe`]). Marks the vault as changed; call
    /// [`Vault::save`] afterwards. Shells should use the specific methods instead.
    pub fn contents_mut(&mut self) -> &mut Contents {
        self.dirty = true;
        &mut self.contents
    }

    /// The current hybrid logical clock of this replica.
    pub fn clock(&self) -> Hlc {
        self.contents.clock
    }
}
