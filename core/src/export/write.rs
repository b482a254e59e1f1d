//! Owns making an export file in one call: the chosen format sealed and then read back and
//! compared, so no shell can report success for a file the importer would not read the same.

use zeroize::Zeroizing;

use super::{
    aegis_encrypted, aegis_plain, check_aegis, check_backup, check_otpauth_list, otpauth_list,
    seal_backup, ExportError,
};
use crate::import::ImportedAccount;
use crate::random::RandomSource;
use crate::vault::KdfParams;

/// The file formats a user can leave with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Kulcs backup: Argon2id and AES-256-GCM, every field, note and group (`docs/backup.md`).
    KulcsBackup,
    /// Encrypted Aegis vault (scrypt, AES-256-GCM), which Aegis, Ente, 2FAS, Proton and
    /// Bitwarden import.
    AegisEncrypted,
    /// Aegis vault JSON without encryption.
    AegisPlain,
    /// One `otpauth://` URI per line, without encryption (no notes or groups).
    OtpauthList,
}

impl ExportFormat {
    /// True for the formats that need a passphrase.
    pub fn is_encrypted(self) -> bool {
        matches!(
            self,
            ExportFormat::KulcsBackup | ExportFormat::AegisEncrypted
        )
    }
}

/// Writes `entries` in `format` and reads the result back, comparing every field, before
/// returning it. `passphrase` is required for the encrypted formats (at least
/// [`crate::vault::MIN_PASSPHRASE_CHARS`] characters) and ignored otherwise; `kdf` is the
/// Argon2id cost of a Kulcs backup ([`KdfParams::DEFAULT`] in production).
pub fn write(
    format: ExportFormat,
    entries: &[ImportedAccount],
    passphrase: Option<&str>,
    created_ms: u64,
    kdf: KdfParams,
    rng: &dyn RandomSource,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let pass = || {
        passphrase.ok_or(ExportError::PassphraseTooShort {
            min: crate::vault::MIN_PASSPHRASE_CHARS,
        })
    };
    let file = match format {
        ExportFormat::KulcsBackup => {
            let pass = pass()?;
            let file = Zeroizing::new(seal_backup(entries, pass, created_ms, kdf, rng)?);
            check_backup(&file, pass, entries)?;
            file
        }
        ExportFormat::AegisEncrypted => {
            let pass = pass()?;
            let file = Zeroizing::new(aegis_encrypted(entries, pass, rng)?);
            check_aegis(&file, Some(pass), entries)?;
            file
        }
        ExportFormat::AegisPlain => {
            let file = aegis_plain(entries, rng)?;
            check_aegis(&file, None, entries)?;
            file
        }
        ExportFormat::OtpauthList => {
            let file = otpauth_list(entries);
            check_otpauth_list(&file, entries)?;
            file
        }
    };
    Ok(file)
}
