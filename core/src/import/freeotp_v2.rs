//! Owns FreeOTP 2's backup (`externalBackup.xml`, a Java-serialised map despite its name):
//! `masterKey` is a 32-byte AES key sealed with AES-256-GCM under PBKDF2-HMAC-SHA1 or -SHA512
//! of the password (its own salt and rounds, the text `mToken` as associated data); each
//! token `UUID` maps to its key sealed under the master key, `UUID-token` to its settings.
//! The GCM nonce is in `mParameters`, DER: an OCTET STRING, alone or in a SEQUENCE.

use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{aes_gcm_open_aad, pbkdf2_key, Prf};
use super::entry::collect;
use super::{freeotp, java_map, FileImportError, ImportedFile, Source};

const APP: &str = "FreeOTP";

/// True for a Java-serialised stream (FreeOTP 2 is the only source writing one).
pub(super) fn is_freeotp_v2(bytes: &[u8]) -> bool {
    java_map::is_java_serialised(bytes)
}

fn damaged(what: &str) -> FileImportError {
    FileImportError::Malformed {
        app: APP,
        what: what.into(),
    }
}

/// A JSON list of signed bytes (`[-19, 64, …]`) as bytes.
fn bytes(v: &Value, key: &str) -> Option<Vec<u8>> {
    v.get(key)?
        .as_array()?
        .iter()
        .map(|b| {
            b.as_i64()
                .and_then(|b| i8::try_from(b).ok())
                .map(|b| b as u8)
        })
        .collect()
}

/// The nonce of GCM's DER parameters: `04 len nonce`, or that inside `30 len …`.
fn nonce(der: &[u8]) -> Option<&[u8]> {
    let body = match der {
        [0x30, len, rest @ ..] if usize::from(*len) == rest.len() => rest,
        other => other,
    };
    match body {
        [0x04, len, rest @ ..] => rest.get(..usize::from(*len)),
        _ => None,
    }
}

/// Opens one sealed object (`mCipher`, `mCipherText`, `mParameters`, `mToken`) with `key`.
fn open(sealed: &Value, key: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.get("mCipher")?.as_str()? != "AES/GCM/NoPadding" {
        return None;
    }
    let parameters = bytes(sealed, "mParameters")?;
    let aad = sealed.get("mToken")?.as_str()?;
    aes_gcm_open_aad(
        key,
        nonce(&parameters)?,
        aad.as_bytes(),
        &bytes(sealed, "mCipherText")?,
    )
}

/// The master key, or `WrongPassword`.
fn master_key(master: &Value, password: &str) -> Result<Zeroizing<Vec<u8>>, FileImportError> {
    let wrong = FileImportError::WrongPassword { app: APP };
    let prf = match master.get("mAlgorithm").and_then(Value::as_str) {
        Some("PBKDF2withHmacSHA1") => Prf::Sha1,
        Some("PBKDF2withHmacSHA512") => Prf::Sha512,
        _ => return Err(damaged("an unknown master key derivation")),
    };
    let salt = bytes(master, "mSalt").ok_or_else(|| damaged("the master key's salt"))?;
    let rounds = master
        .get("mIterations")
        .and_then(Value::as_u64)
        .and_then(|r| u32::try_from(r).ok())
        .ok_or_else(|| damaged("the master key's rounds"))?;
    let key = pbkdf2_key(prf, password, &salt, rounds).ok_or(wrong.clone())?;
    let sealed = master
        .get("mEncryptedKey")
        .ok_or_else(|| damaged("no sealed master key"))?;
    open(sealed, &key[..]).ok_or(wrong)
}

/// Reads a FreeOTP 2 backup with its password.
pub(super) fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportedFile, FileImportError> {
    let map = java_map::parse(bytes).ok_or_else(|| damaged("not a serialised map of texts"))?;
    let get = |k: &str| map.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let master: Value = get("masterKey")
        .and_then(|m| serde_json::from_str(m).ok())
        .ok_or_else(|| damaged("no master key"))?;
    let password = password.ok_or(FileImportError::PasswordNeeded { app: APP })?;
    let master = master_key(&master, password)?;
    let mut tokens = Vec::new();
    for (name, value) in &map {
        if name == "masterKey" || name.ends_with("-token") {
            continue;
        }
        let what = "a token's key does not open with the master key";
        let sealed: Value = serde_json::from_str(value)
            .ok()
            .and_then(|v: Value| serde_json::from_str(v.get("key")?.as_str()?).ok())
            .ok_or_else(|| damaged(what))?;
        let secret = open(&sealed, &master).ok_or_else(|| damaged(what))?;
        let mut token: Value = get(&format!("{name}-token"))
            .and_then(|t| serde_json::from_str(t).ok())
            .filter(Value::is_object)
            .ok_or_else(|| damaged("a key without its token"))?;
        token["secret"] = secret.iter().map(|b| Value::from(*b as i8)).collect();
        tokens.push(token);
    }
    let (accounts, not_importable) = collect(tokens.iter().map(|t| freeotp::token(t, false)));
    Ok(ImportedFile {
        source: Source::FreeOtpBackup,
        accounts,
        not_importable,
    })
}
