//! Owns FreeOTP's token layout: FreeOTP+'s JSON export and the preferences XML of FreeOTP 1
//! and FreeOTP+ (one token JSON per preference), with the key as signed bytes and the counter
//! one behind (FreeOTP increments before it makes a code, so the next code uses counter + 1).

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key, NotImportable};
use super::json::{list, number, text};
use super::xml::Pref;
use super::{FileImportError, ImportedAccount, ImportedFile, Source};

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

/// One token (FreeOTP+'s JSON, FreeOTP's XML, FreeOTP 2 with its decrypted key put in);
/// `behind`: the stored counter is the last one used (FreeOTP 1, FreeOTP+), not the next.
pub(super) fn token(t: &Value, behind: bool) -> Result<ImportedAccount, NotImportable> {
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
        counter: number(t, "counter").map(|c| c.saturating_add(u64::from(behind))),
        extras: Extras::default(),
    })
}

/// Reads a FreeOTP+ export.
pub(super) fn read(v: &Value) -> Result<ImportedFile, FileImportError> {
    let tokens = list(v, "tokens", APP)?;
    let (accounts, not_importable) = collect(tokens.iter().map(|t| token(t, true)));
    Ok(ImportedFile {
        source: Source::FreeOtpPlusJson,
        accounts,
        not_importable,
    })
}

/// The token JSON of a preference, unless it is FreeOTP's `tokenOrder` list.
fn xml_token(p: &Pref) -> Option<Value> {
    (p.name != "tokenOrder")
        .then(|| serde_json::from_str::<Value>(&p.value).ok())
        .flatten()
        .filter(|v| v.get("secret").is_some() && v.get("type").is_some())
}

/// True for FreeOTP's `tokens.xml` (FreeOTP 1, FreeOTP+ internal): token JSONs by name.
pub(super) fn is_freeotp_xml(prefs: &[Pref]) -> bool {
    prefs.iter().any(|p| xml_token(p).is_some())
}

/// Reads FreeOTP's `tokens.xml`; a preference that is not a token is refused by name.
pub(super) fn read_xml(prefs: &[Pref]) -> ImportedFile {
    let (accounts, not_importable) = collect(prefs.iter().filter(|p| p.name != "tokenOrder").map(
        |p| match xml_token(p) {
            Some(t) => token(&t, true),
            None => Err(NotImportable {
                name: p.name.clone(),
                reason: super::NotImportableReason::Unreadable,
            }),
        },
    ));
    ImportedFile {
        source: Source::FreeOtpXml,
        accounts,
        not_importable,
    }
}
