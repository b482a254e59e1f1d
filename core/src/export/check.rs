//! Owns the read-back check: an export is opened again by the reader a user would rely on (the
//! backup reader, or Kulcs's own importer for the Aegis and otpauth files) and compared with
//! the entries written, before any shell reports success.

use super::{open_backup, open_backup_with_key, ExportError};
use crate::import::{self, ImportedAccount};
use crate::vault::BackupKey;

fn differs(what: impl Into<String>) -> ExportError {
    ExportError::ReadBackDiffers { what: what.into() }
}

/// Compares in order; `full` also compares note, groups and favourite.
fn compare(
    got: &[ImportedAccount],
    want: &[ImportedAccount],
    full: bool,
) -> Result<(), ExportError> {
    if got.len() != want.len() {
        return Err(differs(format!(
            "{} accounts read back, {} written",
            got.len(),
            want.len()
        )));
    }
    for (g, w) in got.iter().zip(want) {
        let name = w.credential.display_name();
        if g.credential != w.credential {
            return Err(differs(format!("{name}: key, name or code settings")));
        }
        if full && g.note != w.note {
            return Err(differs(format!("{name}: note")));
        }
        if full && g.groups != w.groups {
            return Err(differs(format!("{name}: groups")));
        }
        if full && g.favourite != w.favourite {
            return Err(differs(format!("{name}: favourite")));
        }
    }
    Ok(())
}

/// Opens a Kulcs backup with `passphrase` and checks it holds exactly `entries`.
pub fn check_backup(
    file: &[u8],
    passphrase: &str,
    entries: &[ImportedAccount],
) -> Result<(), ExportError> {
    compare(&open_backup(file, passphrase)?.accounts, entries, true)
}

/// Opens a Kulcs backup with an already derived `key` (an automatic backup's read-back) and
/// checks it holds exactly `entries`.
pub fn check_backup_with_key(
    file: &[u8],
    key: &BackupKey,
    entries: &[ImportedAccount],
) -> Result<(), ExportError> {
    compare(&open_backup_with_key(file, key)?.accounts, entries, true)
}

fn reimport(file: &[u8], password: Option<&str>) -> Result<Vec<ImportedAccount>, ExportError> {
    let read = import::read(file, password).map_err(|e| differs(e.to_string()))?;
    if let Some(n) = read.not_importable.first() {
        return Err(differs(format!("{}: {}", n.name, n.reason)));
    }
    Ok(read.accounts)
}

/// Reads an Aegis export back with Kulcs's importer (`password` for an encrypted one) and
/// checks it holds exactly `entries`, notes, groups and favourites included.
pub fn check_aegis(
    file: &[u8],
    password: Option<&str>,
    entries: &[ImportedAccount],
) -> Result<(), ExportError> {
    compare(&reimport(file, password)?, entries, true)
}

/// Reads an otpauth list back and checks it holds exactly the keys, names and code settings of
/// `entries` (the format has no notes or groups).
pub fn check_otpauth_list(file: &[u8], entries: &[ImportedAccount]) -> Result<(), ExportError> {
    compare(&reimport(file, None)?, entries, false)
}
