//! Owns leaving and backing up across the FFI: `Vault.export_file` (core's checked `export::write`), `Vault.restore_backup` and [`backup_info`] (core's Kulcs backup reader).

pub use kulcs_core::export::ExportFormat;
use kulcs_core::export::{self, ExportError};
use kulcs_core::random::SystemRng;
use kulcs_core::vault::KdfParams;

use crate::guard::{guard, lock};
use crate::messages::ErrorKind;
use crate::{AddOutcome, KulcsError, Vault};

impl From<ExportError> for KulcsError {
    fn from(e: ExportError) -> Self {
        let invalid = |field: &str, kind| KulcsError::invalid(field, kind, &e);
        match &e {
            ExportError::NotABackup => invalid("backup", ErrorKind::NotABackup),
            ExportError::UnsupportedVersion { .. } => {
                invalid("backup", ErrorKind::UnsupportedVersion)
            }
            ExportError::KdfParamsRefused { .. } => invalid("backup", ErrorKind::KdfParamsRefused),
            ExportError::WrongPassphraseOrDamaged => KulcsError::WrongKeyOrDamaged,
            ExportError::TooLarge { .. } => invalid("backup", ErrorKind::TooLarge),
            ExportError::PassphraseTooShort { .. } => {
                invalid("passphrase", ErrorKind::PassphraseTooShort)
            }
            ExportError::RandomUnavailable => invalid("random", ErrorKind::Random),
            ExportError::ReadBackDiffers { .. } => invalid("export", ErrorKind::ReadBackDiffers),
            ExportError::EncodeFailed => KulcsError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

/// The file formats a user can leave with (core's `export::ExportFormat`).
#[uniffi::remote(Enum)]
pub enum ExportFormat {
    /// Kulcs backup: Argon2id and AES-256-GCM, every field, note and group.
    KulcsBackup,
    /// Encrypted Aegis vault (scrypt, AES-256-GCM): Aegis, Ente, 2FAS, Proton, Bitwarden read it.
    AegisEncrypted,
    /// Aegis vault JSON, unencrypted: warn before writing it.
    AegisPlain,
    /// One `otpauth://` URI per line, unencrypted, without notes or groups: warn first.
    OtpauthList,
}

/// What a Kulcs backup holds, for "verify backup".
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BackupInfo {
    /// The backup's format version.
    pub version: u16,
    /// When it was made (Unix milliseconds, the writing device's clock).
    pub created_ms: u64,
    /// How many accounts it holds.
    pub accounts: u32,
}

/// Opens a Kulcs backup with its passphrase and says what it holds, without changing anything:
/// the "test your backup" check. `WrongKeyOrDamaged` for a wrong passphrase or a damaged file;
/// `InvalidInput{field: "backup"}` with `NotABackup`, `UnsupportedVersion`, `KdfParamsRefused`
/// or `TooLarge` otherwise.
#[uniffi::export]
pub fn backup_info(bytes: Vec<u8>, passphrase: String) -> Result<BackupInfo, KulcsError> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    guard(|| {
        let backup = export::open_backup(&bytes, &passphrase)?;
        Ok(BackupInfo {
            version: backup.version,
            created_ms: backup.created_ms,
            accounts: u32::try_from(backup.accounts.len()).unwrap_or(u32::MAX),
        })
    })
}

#[uniffi::export]
impl Vault {
    /// Every account as a file in `format`, already read back and compared by core (a file
    /// that would not re-import the same is never returned: `InvalidInput{kind:
    /// ReadBackDiffers}`). `passphrase` is needed for the encrypted formats (`PassphraseTooShort`
    /// otherwise). SECRET: write it only where the user chose, never to a shared or cache folder.
    pub fn export_file(
        &self,
        format: ExportFormat,
        passphrase: Option<String>,
        now_ms: u64,
    ) -> Result<Vec<u8>, KulcsError> {
        let passphrase = passphrase.map(zeroize::Zeroizing::new);
        guard(|| {
            // The accounts are copied under the lock, which is then released: the KDF (up to a
            // second) must not hold up every other call on this vault.
            let entries = export::entries(lock(&self.inner)?.accounts());
            let file = export::write(
                format,
                &entries,
                passphrase.as_deref().map(String::as_str),
                now_ms,
                KdfParams::DEFAULT,
                &SystemRng::new(),
            )?;
            Ok(file.to_vec())
        })
    }

    /// Merges a Kulcs backup into this vault: every entry whose key is not here is added with
    /// its note and groups, nothing here is changed or dropped, and this vault's passphrase and
    /// keys stay as they are. One outcome per backup entry; all or nothing on error.
    pub fn restore_backup(
        &self,
        bytes: Vec<u8>,
        passphrase: String,
        now_ms: u64,
    ) -> Result<Vec<AddOutcome>, KulcsError> {
        let passphrase = zeroize::Zeroizing::new(passphrase);
        guard(|| {
            let backup = export::open_backup(&bytes, &passphrase)?;
            let mut v = lock(&self.inner)?;
            let outcomes = v.import_all(&backup.accounts, now_ms)?;
            Ok(outcomes.into_iter().map(Into::into).collect())
        })
    }
}
