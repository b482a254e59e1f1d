//! Owns recognising a file from its content (never from its name): JSON by its keys, text by
//! its lines, and the binary formats not read yet by their magic bytes.

use super::{
    aegis, andotp, andotp_encrypted, bitwarden, duo, freeotp, json, proton, steam, stratum, text,
    twofas,
};
use super::{FileImportError, ImportedFile};

/// What the first bytes say about a file no reader takes yet.
fn unsupported(bytes: &[u8]) -> Option<FileImportError> {
    let (app, why) = if bytes.starts_with(b"SQLite format 3\0") {
        (
            "app database",
            "databases copied from a rooted phone (Google or Microsoft Authenticator, Stratum) are not read yet; use the app's own export",
        )
    } else if bytes.starts_with(b"PK\x03\x04") {
        (
            "A zip archive",
            "zip backups (Authenticator Plus) are not read yet",
        )
    } else if bytes.starts_with(b"AUTHENTICATORPRO") || bytes.starts_with(b"AuthenticatorPro") {
        (
            "Stratum",
            "password-protected Stratum backups are not read yet; back up from Stratum without a password",
        )
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
        let head = head.trim_start();
        if head.starts_with("<?xml") || head.starts_with("<map") {
            (
                "XML",
                "XML exports (FreeOTP, Authy, Battle.net, TOTP Authenticator) are not read yet",
            )
        } else {
            return None;
        }
    };
    Some(FileImportError::Unsupported { app, why })
}

/// A binary file without magic bytes: an andOTP backup when its layout fits, else unknown.
fn read_binary(bytes: &[u8], password: Option<&str>) -> Result<ImportedFile, FileImportError> {
    if !andotp_encrypted::may_be_andotp(bytes) && password.is_none() {
        return Err(FileImportError::Unrecognised);
    }
    let plain = andotp_encrypted::open(bytes, password)?;
    match json::parse(&plain) {
        Some(v) if andotp::is_andotp(&v) => Ok(ImportedFile {
            source: super::Source::AndOtpEncrypted,
            ..andotp::read(&v)
        }),
        _ => Err(FileImportError::Malformed {
            app: "andOTP",
            what: "the decrypted backup is not an andOTP entry list".into(),
        }),
    }
}

/// Reads `bytes` with the reader its content calls for.
pub(super) fn read_any(
    bytes: &[u8],
    password: Option<&str>,
) -> Result<ImportedFile, FileImportError> {
    if let Some(e) = unsupported(bytes) {
        return Err(e);
    }
    if let Some(v) = json::parse(bytes) {
        return if aegis::is_aegis(&v) {
            aegis::read(&v, password)
        } else if twofas::is_twofas(&v) {
            twofas::read(&v, password)
        } else if bitwarden::is_bitwarden_json(&v) {
            bitwarden::read_json(&v)
        } else if freeotp::is_freeotp_plus(&v) {
            freeotp::read(&v)
        } else if proton::is_proton(&v) {
            proton::read(&v)
        } else if stratum::is_stratum(&v) {
            stratum::read(&v)
        } else if steam::is_steam(&v) {
            Ok(steam::read(&v))
        } else if duo::is_duo(&v) {
            Ok(duo::read(&v))
        } else if andotp::is_andotp(&v) {
            Ok(andotp::read(&v))
        } else {
            Err(FileImportError::Unrecognised)
        };
    }
    let Ok(content) = std::str::from_utf8(bytes) else {
        return read_binary(bytes, password);
    };
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    if bitwarden::is_bitwarden_csv(content) {
        bitwarden::read_csv(content.as_bytes())
    } else if text::is_otpauth_list(content) {
        Ok(text::read(content))
    } else {
        Err(FileImportError::Unrecognised)
    }
}
