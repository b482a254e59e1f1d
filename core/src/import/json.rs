//! Owns the few lookups the JSON sources share over `serde_json::Value`: a field as text, as a
//! number (also when the source wrote it as text), and the file-level parse with its limit.

use serde_json::Value;

use super::FileImportError;

/// Parses `bytes` as JSON, or `None` when they are not JSON at all.
pub(super) fn parse(bytes: &[u8]) -> Option<Value> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    if !matches!(bytes[start], b'{' | b'[') {
        return None;
    }
    serde_json::from_slice(bytes).ok()
}

/// `v[key]` as text; numbers are written out, anything else (absent, null) is "".
pub(super) fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `v[key]` as a whole number, also from text ("30"); `None` when absent, null or not one.
pub(super) fn number(v: &Value, key: &str) -> Option<u64> {
    match v.get(key)? {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `v[key]` as an array of entries, or a `Malformed` error naming `app` and `key`.
pub(super) fn list<'a>(
    v: &'a Value,
    key: &str,
    app: &'static str,
) -> Result<&'a Vec<Value>, FileImportError> {
    v.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| FileImportError::Malformed {
            app,
            what: format!("no \"{key}\" list"),
        })
}

/// `v[key]` as a list of strings (tags); anything else is empty.
pub(super) fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}
