//! Owns 2FAS's password-protected backups: `servicesEncrypted` is `ciphertext‖tag : salt : iv`
//! (base64) under PBKDF2-HMAC-SHA256 (10 000 rounds) and AES-256-GCM; the `reference` field, the
//! same under its own iv, must decrypt to 2FAS's public marker before anything else is used.

use data_encoding::BASE64;
use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{aes_gcm_open, pbkdf2_key, Prf};
use super::json::text;
use super::FileImportError;

const APP: &str = "2FAS";
const ITERATIONS: u32 = 10_000;
/// The fixed text 2FAS encrypts into `reference` (public, from 2FAS's `BackupContent.kt`), so
/// a wrong password is told before the services are touched.
const REFERENCE: &[u8] = b"tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd";

/// One encrypted field's three base64 parts.
struct Sealed {
    data: Vec<u8>,
    salt: Vec<u8>,
    iv: Vec<u8>,
}

fn sealed(field: &str) -> Option<Sealed> {
    let mut parts = field.split(':').map(|p| BASE64.decode(p.as_bytes()).ok());
    let s = Sealed {
        data: parts.next()??,
        salt: parts.next()??,
        iv: parts.next()??,
    };
    parts.next().is_none().then_some(s)
}

/// Decrypts the services of a password-protected 2FAS backup into their JSON list.
pub(super) fn open_services(v: &Value, password: Option<&str>) -> Result<Value, FileImportError> {
    let password = password.ok_or(FileImportError::PasswordNeeded { app: APP })?;
    let wrong = || FileImportError::WrongPassword { app: APP };
    let services = sealed(text(v, "servicesEncrypted")).ok_or_else(wrong)?;
    let key: Zeroizing<[u8; 32]> =
        pbkdf2_key(Prf::Sha256, password, &services.salt, ITERATIONS).ok_or_else(wrong)?;
    if let Some(reference) = sealed(text(v, "reference")) {
        let plain = aes_gcm_open(&key[..], &reference.iv, &reference.data).ok_or_else(wrong)?;
        if plain.as_slice() != REFERENCE {
            return Err(wrong());
        }
    }
    let plain = aes_gcm_open(&key[..], &services.iv, &services.data).ok_or_else(wrong)?;
    serde_json::from_slice(&plain).map_err(|_| FileImportError::Malformed {
        app: APP,
        what: "the decrypted services are not JSON".into(),
    })
}
