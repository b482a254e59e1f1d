//! Owns Authy's preferences XML (`com.authy.storage.tokens.*.key`): a JSON token list, with
//! each key in base32 (`decryptedSecret`), as Authy's own hex seed (`secretSeed`, 10-second
//! codes), or encrypted under the backup password (`encryptedSecret`: PBKDF2-HMAC-SHA1, 1 000
//! rounds, the entry's `salt` text, AES-256-CBC with a zero IV, giving the base32 key).

use data_encoding::{BASE64, HEXLOWER_PERMISSIVE};
use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{aes_cbc_open, pbkdf2_key, Prf};
use super::entry::{build, collect, Extras, Fields, Key};
use super::json::{number, text};
use super::xml::{get, Pref};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "Authy";
const KEYS: [&str; 2] = [
    "com.authy.storage.tokens.authenticator.key",
    "com.authy.storage.tokens.authy.key",
];
const ITERATIONS: u32 = 1000;

/// The token list's JSON text, when the preferences are Authy's.
pub(super) fn tokens(prefs: &[Pref]) -> Option<&str> {
    KEYS.iter().find_map(|k| get(prefs, k))
}

fn is_clear(t: &Value) -> bool {
    t.get("decryptedSecret").is_some() || t.get("secretSeed").is_some()
}

/// The base32 key of an encrypted entry, or `None` when the password does not open it.
fn decrypt(t: &Value, password: &str) -> Option<Zeroizing<String>> {
    let sealed = BASE64.decode(text(t, "encryptedSecret").as_bytes()).ok()?;
    let key = pbkdf2_key(Prf::Sha1, password, text(t, "salt").as_bytes(), ITERATIONS)?;
    let plain = aes_cbc_open(&key[..], &[0u8; 16], &sealed)?;
    let base32 = std::str::from_utf8(&plain).ok()?;
    // Padding checks out by chance for 1 wrong password in 256: the text must be base32 too.
    let ok = !base32.is_empty()
        && base32
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b) || b == b'=');
    ok.then(|| Zeroizing::new(base32.to_string()))
}

/// Issuer and label as Authy's other apps' tokens hold them: the original issuer, or the part
/// of the name before `:` or ` - `; the label is the name without it.
fn names(t: &Value) -> (String, String) {
    let name = text(t, "name");
    let original = text(t, "originalName");
    let (issuer, separator) = if !text(t, "originalIssuer").is_empty() {
        (text(t, "originalIssuer").to_string(), "")
    } else if let Some((i, _)) = original.split_once(':') {
        (i.to_string(), ":")
    } else if let Some((i, _)) = name.split_once(" - ") {
        (i.to_string(), " - ")
    } else {
        (String::new(), "")
    };
    let label = name.replacen(&format!("{issuer}{separator}"), "", 1);
    let label = label.strip_prefix(": ").unwrap_or(&label).to_string();
    (issuer, label)
}

/// Reads Authy's token list; encrypted keys need `password`.
pub(super) fn read(tokens: &str, password: Option<&str>) -> Result<ImportedFile, FileImportError> {
    let list: Vec<Value> =
        serde_json::from_str(tokens).map_err(|_| FileImportError::Malformed {
            app: APP,
            what: "the token list is not a JSON list".into(),
        })?;
    let encrypted = list.iter().any(|t| !is_clear(t));
    let mut keys: Vec<Option<Zeroizing<String>>> = Vec::with_capacity(list.len());
    for t in &list {
        if is_clear(t) {
            keys.push(None);
            continue;
        }
        let password = password.ok_or(FileImportError::PasswordNeeded { app: APP })?;
        let key = decrypt(t, password).ok_or(FileImportError::WrongPassword { app: APP })?;
        keys.push(Some(key));
    }
    let (accounts, not_importable) = collect(list.iter().zip(&keys).map(|(t, decrypted)| {
        let seed = text(t, "secretSeed");
        let (issuer, label, key, period) = if !seed.is_empty() {
            let bytes = HEXLOWER_PERMISSIVE
                .decode(seed.as_bytes())
                .unwrap_or_default();
            (
                text(t, "name").to_string(),
                String::new(),
                Key::Bytes(bytes),
                10,
            )
        } else {
            let (issuer, label) = names(t);
            let base32 = decrypted
                .as_ref()
                .map_or(text(t, "decryptedSecret"), |k| k.as_str());
            (issuer, label, Key::Base32(base32), 30)
        };
        build(Fields {
            issuer: &issuer,
            label: &label,
            key,
            kind: "totp",
            algorithm: None,
            digits: number(t, "digits"),
            period: Some(period),
            counter: None,
            extras: Extras::default(),
        })
    }));
    Ok(ImportedFile {
        source: if encrypted {
            Source::AuthyEncrypted
        } else {
            Source::Authy
        },
        accounts,
        not_importable,
    })
}
