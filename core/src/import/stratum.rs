//! Owns Stratum's (formerly Authenticator Pro) plain JSON backup: numbered types and
//! algorithms, and categories as groups.

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key};
use super::json::{list, number, text};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "Stratum";

/// True for a Stratum backup (`Authenticators`).
pub(super) fn is_stratum(v: &Value) -> bool {
    v.get("Authenticators").is_some_and(Value::is_array)
}

pub(super) fn kind(n: Option<u64>) -> &'static str {
    match n {
        Some(1) => "hotp",
        Some(2) => "totp",
        Some(3) => "mOTP",
        Some(4) => "steam",
        Some(5) => "Yandex",
        _ => "unknown",
    }
}

pub(super) fn algorithm(n: Option<u64>) -> &'static str {
    match n {
        None | Some(0) => "SHA1",
        Some(1) => "SHA256",
        Some(2) => "SHA512",
        _ => "unknown",
    }
}

/// Reads a plain Stratum backup.
pub(super) fn read(v: &Value) -> Result<ImportedFile, FileImportError> {
    let categories = v.get("Categories").and_then(Value::as_array);
    let links = v.get("AuthenticatorCategories").and_then(Value::as_array);
    let groups_of = |secret: &str| -> Vec<String> {
        links
            .into_iter()
            .flatten()
            .filter(|l| text(l, "AuthenticatorSecret") == secret)
            .filter_map(|l| {
                categories?
                    .iter()
                    .find(|c| text(c, "Id") == text(l, "CategoryId"))
                    .map(|c| text(c, "Name").to_string())
            })
            .collect()
    };
    let entries = list(v, "Authenticators", APP)?;
    let (accounts, not_importable) = collect(entries.iter().map(|e| {
        build(Fields {
            issuer: text(e, "Issuer"),
            label: text(e, "Username"),
            key: Key::Base32(text(e, "Secret")),
            kind: kind(number(e, "Type")),
            algorithm: Some(algorithm(number(e, "Algorithm"))),
            digits: number(e, "Digits"),
            period: number(e, "Period"),
            counter: number(e, "Counter"),
            extras: Extras {
                groups: groups_of(text(e, "Secret")),
                ..Extras::default()
            },
        })
    }));
    Ok(ImportedFile {
        source: Source::StratumPlain,
        accounts,
        not_importable,
    })
}
