//! Owns Duo Mobile's account list: third-party OTP accounts (`OtpAccount`) with a base32 key,
//! HOTP when a counter is given; Duo's own push accounts are not importable.

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key, NotImportable, NotImportableReason};
use super::json::{number, text};
use super::{ImportedFile, Source};

/// True for a Duo list: entries with `accountType` and `otpGenerator`.
pub(super) fn is_duo(v: &Value) -> bool {
    v.as_array()
        .is_some_and(|a| a.first().is_some_and(|e| e.get("accountType").is_some()))
}

/// Reads a Duo list (already known to be a list).
pub(super) fn read(v: &Value) -> ImportedFile {
    let entries = v.as_array().map(Vec::as_slice).unwrap_or_default();
    let (accounts, not_importable) = collect(entries.iter().map(|e| {
        let generator = &e["otpGenerator"];
        if text(e, "accountType") != "OtpAccount" || generator.is_null() {
            return Err(NotImportable {
                name: text(e, "name").to_string(),
                reason: NotImportableReason::UnsupportedType {
                    kind: format!("Duo {}", text(e, "accountType")),
                },
            });
        }
        let counter = number(generator, "counter");
        build(Fields {
            issuer: "",
            label: text(e, "name"),
            key: Key::Base32(text(generator, "otpSecret")),
            kind: if counter.is_some() { "hotp" } else { "totp" },
            algorithm: None,
            digits: None,
            period: None,
            counter,
            extras: Extras::default(),
        })
    }));
    ImportedFile {
        source: Source::Duo,
        accounts,
        not_importable,
    }
}
