//! Owns what leaves the vault: the Kulcs backup (`docs/backup.md`), the Aegis-format exports and
//! the otpauth list (`docs/export.md`), the read-back check every export passes before a shell
//! reports success, and restoring a backup into a vault without dropping anything.
//!
//! An export's entries are [`ImportedAccount`]s, the same shape the importers yield, so what is
//! written can be compared with what the importer reads back field by field.
//!
//! ```
//! use kulcs_core::{export, random::SystemRng, vault::KdfParams, Credential, Secret};
//! use kulcs_core::import::ImportedAccount;
//!
//! let key = Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap();
//! let entries = vec![ImportedAccount {
//!     credential: Credential::ugyfelkapu("kovacs.janos", key),
//!     note: Some("törlőkód: ANNA-1111".into()),
//!     groups: vec!["Állam".into()],
//!     favourite: false,
//! }];
//! let file = export::seal_backup(&entries, "hosszú jelszó", 0, KdfParams::testing(), &SystemRng::new()).unwrap();
//! export::check_backup(&file, "hosszú jelszó", &entries).unwrap();
//! assert_eq!(export::open_backup(&file, "hosszú jelszó").unwrap().accounts, entries);
//! ```

mod aegis;
mod backup;
mod body;
mod check;
mod restore;
mod text;
mod write;

use crate::account::{Account, FAVOURITES_GROUP};
use crate::import::ImportedAccount;

pub use aegis::{aegis_encrypted, aegis_plain, AEGIS_SCRYPT_LOG_N};
pub use backup::{
    backup_plaintext, open_backup, open_backup_with_key, seal_backup, seal_backup_with_key, Backup,
    BACKUP_MAGIC, BACKUP_VERSION, MAX_BACKUP_BYTES,
};
pub use check::{check_aegis, check_backup, check_backup_with_key, check_otpauth_list};
pub use restore::{restore, RestoreReport};
pub use text::otpauth_list;
pub use write::{write, ExportFormat};

/// Why an export could not be written, or a backup not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The file does not start with the Kulcs backup magic `KULCSBAK`.
    #[error("this is not a Kulcs backup")]
    NotABackup,
    /// A Kulcs backup of a format version this build does not read (made by a newer Kulcs).
    #[error("this Kulcs backup has format version {found}; this build reads up to {supported}")]
    UnsupportedVersion {
        /// The version in the file.
        found: u16,
        /// The newest version this build reads.
        supported: u16,
    },
    /// The backup asks for Argon2id costs outside the bounds the vault accepts; refused before
    /// anything was allocated.
    #[error("the backup asks for Argon2id costs outside the accepted bounds ({memory_kib} KiB, {iterations} passes, {parallelism} lanes)")]
    KdfParamsRefused {
        /// Memory in KiB.
        memory_kib: u32,
        /// Passes.
        iterations: u32,
        /// Lanes.
        parallelism: u32,
    },
    /// The passphrase does not open the backup, or the file is damaged: deliberately one case.
    #[error("the passphrase does not open this backup, or the file is damaged")]
    WrongPassphraseOrDamaged,
    /// The backup is larger than [`MAX_BACKUP_BYTES`]; nothing was read.
    #[error("the file is {bytes} bytes; backups over {max} bytes are not read")]
    TooLarge {
        /// The file's size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// A new export passphrase shorter than the vault's minimum.
    #[error("the passphrase needs at least {min} characters")]
    PassphraseTooShort {
        /// The minimum, [`crate::vault::MIN_PASSPHRASE_CHARS`].
        min: usize,
    },
    /// The system's random number generator failed; nothing was written.
    #[error("the random number generator failed")]
    RandomUnavailable,
    /// The export could not be encoded (a bug: plain strings and numbers always encode).
    #[error("the export could not be encoded")]
    EncodeFailed,
    /// The export, read back, does not hold exactly the accounts written: it must not be
    /// trusted (and a shell deletes it).
    #[error("the export, read back, differs from the vault ({what})")]
    ReadBackDiffers {
        /// The first difference, naming the account (never its key or note).
        what: String,
    },
}

impl From<crate::random::RandomUnavailable> for ExportError {
    fn from(_: crate::random::RandomUnavailable) -> Self {
        ExportError::RandomUnavailable
    }
}

/// The vault's accounts as export entries: credential, note, groups, and `favourite` for an
/// account in the [`FAVOURITES_GROUP`] (which is then not written as a group).
pub fn entries(accounts: &[Account]) -> Vec<ImportedAccount> {
    accounts
        .iter()
        .map(|a| ImportedAccount {
            credential: a.credential.clone(),
            note: a.note.as_ref().map(|n| n.expose().to_string()),
            groups: a
                .groups
                .iter()
                .filter(|g| *g != FAVOURITES_GROUP)
                .cloned()
                .collect(),
            favourite: a.groups.iter().any(|g| g == FAVOURITES_GROUP),
        })
        .collect()
}
