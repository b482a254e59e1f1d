//! Owns Stratum's password-protected backups: `AUTHENTICATORPRO` · salt 16 · nonce 12 ·
//! AES-256-GCM (Argon2id, 64 MiB, 3 passes, 4 lanes), and the legacy `AuthenticatorPro` ·
//! salt 20 · IV 16 · AES-256-CBC (PBKDF2-HMAC-SHA1, 64 000 rounds); both hold the plain JSON
//! backup that `stratum` reads.

use super::crypto::{aes_cbc_open, aes_gcm_open, argon2id_key, pbkdf2_key, Prf};
use super::{json, stratum, FileImportError, ImportedFile, Source};

const APP: &str = "Stratum";
const HEADER: &[u8] = b"AUTHENTICATORPRO";
const HEADER_LEGACY: &[u8] = b"AuthenticatorPro";

/// True for either encrypted layout (by its header).
pub(super) fn is_stratum_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(HEADER) || bytes.starts_with(HEADER_LEGACY)
}

/// Opens and reads an encrypted Stratum backup.
pub(super) fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportedFile, FileImportError> {
    let password = password.ok_or(FileImportError::PasswordNeeded { app: APP })?;
    let wrong = FileImportError::WrongPassword { app: APP };
    let plain = if let Some(rest) = bytes.strip_prefix(HEADER) {
        if rest.len() < 16 + 12 {
            return Err(wrong);
        }
        let (salt, rest) = rest.split_at(16);
        let (nonce, sealed) = rest.split_at(12);
        let key = argon2id_key(password, salt, 64 * 1024, 3, 4).ok_or(wrong.clone())?;
        aes_gcm_open(&key[..], nonce, sealed)
    } else {
        let rest = bytes.strip_prefix(HEADER_LEGACY).ok_or(wrong.clone())?;
        if rest.len() < 20 + 16 {
            return Err(wrong);
        }
        let (salt, rest) = rest.split_at(20);
        let (iv, sealed) = rest.split_at(16);
        let key = pbkdf2_key(Prf::Sha1, password, salt, 64_000).ok_or(wrong.clone())?;
        aes_cbc_open(&key[..], iv, sealed)
    }
    .ok_or(wrong.clone())?;
    // CBC padding checks out by chance for 1 wrong password in 256: then it is not JSON.
    match json::parse(&plain) {
        Some(v) if stratum::is_stratum(&v) => Ok(ImportedFile {
            source: Source::StratumEncrypted,
            ..stratum::read(&v)?
        }),
        _ => Err(wrong),
    }
}
