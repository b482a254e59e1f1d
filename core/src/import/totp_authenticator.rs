//! Owns TOTP Authenticator (com.authenticator.authservice2): its internal preferences list
//! (`STATIC_TOTP_CODES_LIST`) and its backup file, base64 of AES-256-CBC (key SHA-256 of the
//! password, zero IV) over a JSON object whose first name is that list as text. A backup made
//! without a password of the user's is under the app's own built-in one.

use data_encoding::{BASE64, HEXUPPER_PERMISSIVE};
use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{aes_cbc_open, sha256_key};
use super::entry::{build, collect, Extras, Fields, Key};
use super::json::{number, text};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "TOTP Authenticator";
/// The preference holding the account list.
pub(super) const PREF_KEY: &str = "STATIC_TOTP_CODES_LIST";
/// The password the app encrypts with when the user gives none (public, in the app).
const BUILT_IN_PASSWORD: &str = "TotpAuthenticator";

/// Reads the account list (JSON text) of the app.
pub(super) fn read_list(list: &str, source: Source) -> Result<ImportedFile, FileImportError> {
    let entries: Vec<Value> =
        serde_json::from_str(list).map_err(|_| FileImportError::Malformed {
            app: APP,
            what: "the account list is not a JSON list".into(),
        })?;
    let (accounts, not_importable) = collect(entries.iter().map(|e| {
        let k = text(e, "key");
        // A key that is not hex is an empty one: refused with the entry's name.
        let key = match number(e, "base") {
            Some(16) => Key::Bytes(
                HEXUPPER_PERMISSIVE
                    .decode(k.trim().as_bytes())
                    .unwrap_or_default(),
            ),
            Some(64) => Key::Base64(k),
            _ => Key::Base32(k),
        };
        build(Fields {
            issuer: text(e, "issuer"),
            label: text(e, "name"),
            key,
            kind: "totp",
            algorithm: None,
            digits: number(e, "digits"),
            period: number(e, "period"),
            counter: None,
            extras: Extras {
                favourite: e.get("isFavorite").and_then(Value::as_bool) == Some(true),
                ..Extras::default()
            },
        })
    }));
    Ok(ImportedFile {
        source,
        accounts,
        not_importable,
    })
}

/// The ciphertext of a backup: the whole text is base64 of whole AES blocks.
pub(super) fn backup_ciphertext(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.split_whitespace().collect();
    let bytes = BASE64.decode(compact.as_bytes()).ok()?;
    (!bytes.is_empty() && bytes.len() % 16 == 0).then_some(bytes)
}

fn open(sealed: &[u8], password: &str) -> Option<Zeroizing<String>> {
    let plain = aes_cbc_open(&sha256_key(password)[..], &[0u8; 16], sealed)?;
    let object: serde_json::Map<String, Value> = serde_json::from_slice(&plain).ok()?;
    object
        .keys()
        .find(|k| k.trim_start().starts_with('['))
        .map(|k| Zeroizing::new(k.clone()))
}

/// Reads a backup; without `password` the app's built-in one is tried first.
pub(super) fn read_backup(
    sealed: &[u8],
    password: Option<&str>,
) -> Result<ImportedFile, FileImportError> {
    let list = match password {
        Some(p) => open(sealed, p).ok_or(FileImportError::WrongPassword { app: APP })?,
        None => {
            open(sealed, BUILT_IN_PASSWORD).ok_or(FileImportError::PasswordNeeded { app: APP })?
        }
    };
    read_list(&list, Source::TotpAuthenticatorBackup)
}
