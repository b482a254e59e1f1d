//! Owns Steam authenticator files (`.maFile` of Steam Desktop Authenticator and the Steam
//! mobile app's data, old single-account and new `accounts` layouts): the base64
//! `shared_secret` makes Steam Guard codes.

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key};
use super::json::text;
use super::{ImportedFile, Source};

/// True for a Steam file: `shared_secret` at the top, or in each of `accounts`.
pub(super) fn is_steam(v: &Value) -> bool {
    v.get("shared_secret").is_some()
        || v.get("accounts")
            .and_then(Value::as_object)
            .is_some_and(|a| a.values().any(|e| e.get("shared_secret").is_some()))
}

/// Reads a Steam file.
pub(super) fn read(v: &Value) -> ImportedFile {
    let entries: Vec<&Value> = match v.get("accounts").and_then(Value::as_object) {
        Some(a) => a.values().collect(),
        None => vec![v],
    };
    let (accounts, not_importable) = collect(entries.into_iter().map(|e| {
        build(Fields {
            issuer: "Steam",
            label: text(e, "account_name"),
            key: Key::Base64(text(e, "shared_secret")),
            kind: "steam",
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
            extras: Extras::default(),
        })
    }));
    ImportedFile {
        source: Source::Steam,
        accounts,
        not_importable,
    }
}
