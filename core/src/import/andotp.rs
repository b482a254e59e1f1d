//! Owns andOTP's plain JSON backup: a list of entries with type, algorithm, digits, period or
//! counter, and tags.

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key};
use super::json::{number, strings, text};
use super::{ImportedFile, Source};

/// True for an andOTP backup: a list whose entries have `secret` and `type` but no
/// `accountType` (Duo).
pub(super) fn is_andotp(v: &Value) -> bool {
    v.as_array().is_some_and(|a| {
        a.first()
            .is_some_and(|e| e.get("secret").is_some() && e.get("type").is_some())
    })
}

/// Issuer and label. Old andOTP versions had no issuer field and wrote `issuer - label` (or
/// `issuer - issuer:label`) or `issuer:label` into the label.
fn names<'a>(issuer: &'a str, label: &'a str) -> (&'a str, &'a str) {
    if !issuer.is_empty() {
        return (issuer, label);
    }
    if let Some((i, rest)) = label.split_once(" - ") {
        let rest = rest
            .strip_prefix(i)
            .and_then(|r| r.strip_prefix(':'))
            .unwrap_or(rest);
        return (i, rest);
    }
    label.split_once(':').unwrap_or(("", label))
}

/// Reads an andOTP backup (already known to be a list).
pub(super) fn read(v: &Value) -> ImportedFile {
    let entries = v.as_array().map(Vec::as_slice).unwrap_or_default();
    let (accounts, not_importable) = collect(entries.iter().map(|e| {
        let (issuer, label) = names(text(e, "issuer"), text(e, "label"));
        build(Fields {
            issuer,
            label,
            key: Key::Base32(text(e, "secret")),
            kind: text(e, "type"),
            algorithm: Some(text(e, "algorithm")),
            digits: number(e, "digits"),
            period: number(e, "period"),
            counter: number(e, "counter"),
            extras: Extras {
                note: None,
                groups: strings(e, "tags"),
                favourite: false,
            },
        })
    }));
    ImportedFile {
        source: Source::AndOtpPlain,
        accounts,
        not_importable,
    }
}
