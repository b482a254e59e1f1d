//! Owns 2FAS backups (`.2fas`, schema 1–4): services with their OTP settings and groups, plain
//! or decrypted by `twofas_encrypted`.

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key};
use super::json::{list, number, text};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "2FAS";

/// True for a 2FAS backup (a `services` list, or encrypted services).
pub(super) fn is_twofas(v: &Value) -> bool {
    v.get("services").is_some_and(Value::is_array) || v.get("servicesEncrypted").is_some()
}

/// Reads a 2FAS backup, decrypting its services first with `password` when they are
/// encrypted.
pub(super) fn read(v: &Value, password: Option<&str>) -> Result<ImportedFile, FileImportError> {
    let (decrypted, source);
    let services = if text(v, "servicesEncrypted").is_empty() {
        source = Source::TwoFasPlain;
        list(v, "services", APP)?
    } else {
        source = Source::TwoFasEncrypted;
        decrypted = super::twofas_encrypted::open_services(v, password)?;
        decrypted
            .as_array()
            .ok_or_else(|| FileImportError::Malformed {
                app: APP,
                what: "the decrypted services are not a list".into(),
            })?
    };
    let groups = v.get("groups").and_then(Value::as_array);
    let group_name = |id: &str| -> Vec<String> {
        groups
            .into_iter()
            .flatten()
            .filter(|g| !id.is_empty() && text(g, "id") == id)
            .map(|g| text(g, "name").to_string())
            .collect()
    };
    let (accounts, not_importable) = collect(services.iter().map(|s| {
        let otp = &s["otp"];
        let issuer = match text(otp, "issuer") {
            "" => text(s, "name"),
            i => i,
        };
        // Schema 1 has no tokenType (always TOTP); later schemas say TOTP, HOTP or STEAM.
        let kind = match text(otp, "tokenType") {
            "" => "totp",
            k => k,
        };
        build(Fields {
            issuer,
            label: text(otp, "account"),
            key: Key::Base32(text(s, "secret")),
            kind,
            algorithm: Some(text(otp, "algorithm")),
            digits: number(otp, "digits"),
            period: number(otp, "period"),
            counter: number(otp, "counter"),
            extras: Extras {
                note: Some(text(s, "notes").to_string()),
                groups: group_name(text(s, "groupId")),
                favourite: false,
            },
        })
    }));
    Ok(ImportedFile {
        source,
        accounts,
        not_importable,
    })
}
