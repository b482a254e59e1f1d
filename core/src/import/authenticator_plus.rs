//! Owns Authenticator Plus's backup: a password-protected zip (ZipCrypto) whose
//! `Accounts.txt` is an otpauth list. Bounded: an entry whose declared or actual size is over
//! [`MAX_IMPORT_BYTES`] is refused before or while inflating (zip bombs).

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use super::{text, FileImportError, ImportedFile, Source, MAX_IMPORT_BYTES};

const APP: &str = "Authenticator Plus";
const ACCOUNTS: &str = "Accounts.txt";

/// True for a zip archive (local file header).
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn damaged(what: impl std::fmt::Display) -> FileImportError {
    FileImportError::Malformed {
        app: APP,
        what: what.to_string(),
    }
}

fn too_large() -> FileImportError {
    FileImportError::TooLarge {
        bytes: MAX_IMPORT_BYTES + 1,
        max: MAX_IMPORT_BYTES,
    }
}

/// Reads the backup's account list; an encrypted entry needs `password`.
pub(super) fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportedFile, FileImportError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let index = (0..archive.len())
        .find(|&i| {
            archive
                .name_for_index(i)
                .is_some_and(|n| n.rsplit('/').next() == Some(ACCOUNTS))
        })
        .ok_or(FileImportError::Unsupported {
            app: "A zip archive",
            why: "only Authenticator Plus backups (with Accounts.txt) are read from zip files",
        })?;
    let wrong = FileImportError::WrongPassword { app: APP };
    let entry = match password {
        Some(p) => archive.by_index_decrypt(index, p.as_bytes()),
        None => archive.by_index(index),
    };
    let entry = match entry {
        Ok(e) => e,
        Err(ZipError::InvalidPassword) => return Err(wrong),
        Err(ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED)) => {
            return Err(FileImportError::PasswordNeeded { app: APP })
        }
        Err(e) => return Err(damaged(e)),
    };
    if entry.size() > MAX_IMPORT_BYTES as u64 {
        return Err(too_large());
    }
    let encrypted = entry.encrypted();
    let mut content = zeroize::Zeroizing::new(Vec::new());
    // One byte over the limit tells a lying header from an honest one.
    match entry
        .take(MAX_IMPORT_BYTES as u64 + 1)
        .read_to_end(&mut content)
    {
        Ok(_) if content.len() > MAX_IMPORT_BYTES => return Err(too_large()),
        Ok(_) => {}
        // A wrong password passes ZipCrypto's one check byte in 1 of 256 tries: the CRC or the
        // inflating then fails.
        Err(_) if encrypted => return Err(wrong),
        Err(e) => return Err(damaged(e)),
    }
    let list = std::str::from_utf8(&content).map_err(|_| {
        if encrypted {
            wrong.clone()
        } else {
            damaged("Accounts.txt is not text")
        }
    })?;
    Ok(ImportedFile {
        source: Source::AuthenticatorPlus,
        ..text::read(list)
    })
}
