//! Owns FreeOTP+'s JSON export: tokens with the key as signed bytes and the counter one behind
//! (FreeOTP increments before it makes a code, so the next code uses counter + 1).

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key};
use super::json::{list, number, text};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "FreeOTP+";

/// True for a FreeOTP+ export (`tokens`, usually with `tokenOrder`).
pub(super) fn is_freeotp_plus(v: &Value) -> bool {
    v.get("tokens").is_some_and(Value::is_array)
}

fn key_bytes(v: &Value) -> Vec<u8> {
    v.get("secret")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_i64)
                .map(|b| (b & 0xff) as u8)
                .collect()
        })
        .unwrap_or_default()
}

/// Reads a FreeOTP+ export.
pub(super) fn read(v: &Value) -> Result<ImportedFile, FileImportError> {
    let tokens = list(v, "tokens", APP)?;
    let (accounts, not_importable) = collect(tokens.iter().map(|t| {
        let issuer = match text(t, "issuerExt") {
            "" => text(t, "issuerInt"),
            i => i,
        };
        build(Fields {
            issuer,
            label: text(t, "label"),
            key: Key::Bytes(key_bytes(t)),
            kind: text(t, "type"),
            algorithm: Some(text(t, "algo")),
            digits: number(t, "digits"),
            period: number(t, "period"),
            counter: number(t, "counter").map(|c| c.saturating_add(1)),
            extras: Extras::default(),
        })
    }));
    Ok(ImportedFile {
        source: Source::FreeOtpPlusJson,
        accounts,
        not_importable,
    })
}
