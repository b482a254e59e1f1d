//! Owns Aegis's encrypted exports: a password slot's scrypt key opens the master key
//! (AES-256-GCM), which opens the database; every failure is one opaque `WrongPassword`.

use data_encoding::{BASE64, HEXLOWER_PERMISSIVE};
use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{aes_gcm_open, scrypt_key};
use super::json::{number, text};
use super::FileImportError;

const APP: &str = "Aegis";
/// Aegis's slot type for a password slot (1); others are biometric and cannot open here.
const PASSWORD_SLOT: u64 = 1;

fn hex(v: &Value, key: &str) -> Option<Vec<u8>> {
    HEXLOWER_PERMISSIVE.decode(text(v, key).as_bytes()).ok()
}

/// The master key from the first password slot that `password` opens.
fn master_key(header: &Value, password: &str) -> Option<Zeroizing<Vec<u8>>> {
    let slots = header.get("slots")?.as_array()?;
    slots
        .iter()
        .filter(|s| number(s, "type") == Some(PASSWORD_SLOT))
        .find_map(|s| {
            let key = scrypt_key(
                password,
                &hex(s, "salt")?,
                number(s, "n")?,
                number(s, "r")?,
                number(s, "p")?,
            )?;
            let params = &s["key_params"];
            let mut sealed = hex(s, "key")?;
            sealed.extend(hex(params, "tag")?);
            aes_gcm_open(&key[..], &hex(params, "nonce")?, &sealed)
        })
}

/// Decrypts the database of an encrypted Aegis export into its JSON object.
pub(super) fn open_db(v: &Value, password: Option<&str>) -> Result<Value, FileImportError> {
    let password = password.ok_or(FileImportError::PasswordNeeded { app: APP })?;
    let wrong = FileImportError::WrongPassword { app: APP };
    let header = &v["header"];
    let key = master_key(header, password).ok_or_else(|| wrong.clone())?;
    let params = &header["params"];
    let mut sealed = BASE64
        .decode(text(v, "db").as_bytes())
        .map_err(|_| wrong.clone())?;
    sealed.extend(hex(params, "tag").ok_or_else(|| wrong.clone())?);
    let nonce = hex(params, "nonce").ok_or_else(|| wrong.clone())?;
    let plain = aes_gcm_open(&key[..], &nonce, &sealed).ok_or_else(|| wrong.clone())?;
    serde_json::from_slice(&plain).map_err(|_| FileImportError::Malformed {
        app: APP,
        what: "the decrypted database is not JSON".into(),
    })
}
