//! Owns recognising a file from its content (never from its name): binary formats and XML by
//! their first bytes, JSON by its keys, text by its lines.

use super::{
    aegis, andotp, andotp_encrypted, authenticator_plus, authy, battle_net, bitwarden, duo,
    freeotp, freeotp_v2, json, proton, steam, stratum, stratum_encrypted, text, totp_authenticator,
    twofas, xml,
};
use super::{FileImportError, ImportedFile};

/// Reads a file that its first bytes identify, or `None` to look further.
fn read_by_magic(
    bytes: &[u8],
    password: Option<&str>,
) -> Option<Result<ImportedFile, FileImportError>> {
    Some(if bytes.starts_with(b"SQLite format 3\0") {
        read_database(bytes)
    } else if authenticator_plus::is_zip(bytes) {
        authenticator_plus::read(bytes, password)
    } else if stratum_encrypted::is_stratum_encrypted(bytes) {
        stratum_encrypted::read(bytes, password)
    } else if freeotp_v2::is_freeotp_v2(bytes) {
        freeotp_v2::read(bytes, password)
    } else if xml::is_xml(bytes) {
        read_prefs(bytes, password)
    } else {
        return None;
    })
}

/// Reads a preferences XML with the reader of the app whose preference names it has.
fn read_prefs(bytes: &[u8], password: Option<&str>) -> Result<ImportedFile, FileImportError> {
    let prefs = xml::parse(bytes)?;
    if let Some(tokens) = authy::tokens(&prefs) {
        authy::read(tokens, password)
    } else if battle_net::is_battle_net(&prefs) {
        battle_net::read(&prefs)
    } else if let Some(list) = xml::get(&prefs, totp_authenticator::PREF_KEY) {
        totp_authenticator::read_list(list, super::Source::TotpAuthenticatorInternal)
    } else if freeotp::is_freeotp_xml(&prefs) {
        Ok(freeotp::read_xml(&prefs))
    } else {
        Err(FileImportError::Unrecognised)
    }
}

#[cfg(feature = "sqlite")]
fn read_database(bytes: &[u8]) -> Result<ImportedFile, FileImportError> {
    super::databases::read(bytes)
}

#[cfg(not(feature = "sqlite"))]
fn read_database(_: &[u8]) -> Result<ImportedFile, FileImportError> {
    Err(FileImportError::Unsupported {
        app: "app database",
        why: "this build of Kulcs reads no databases (Google or Microsoft Authenticator, Stratum); use the app's own export",
    })
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
    if let Some(read) = read_by_magic(bytes, password) {
        return read;
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
    } else if let Some(sealed) = totp_authenticator::backup_ciphertext(content) {
        totp_authenticator::read_backup(&sealed, password)
    } else {
        Err(FileImportError::Unrecognised)
    }
}
