//! Owns 2FAS backups (`.2fas`, schema 1–4): services with their OTP settings and groups; an
//! encrypted backup (`servicesEncrypted`) is recognised and refused for now.

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key};
use super::json::{list, number, text};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "2FAS";

/// True for a 2FAS backup (a `services` list, or encrypted services).
pub(super) fn is_twofas(v: &Value) -> bool {
    v.get("services").is_some_and(Value::is_array) || v.get("servicesEncrypted").is_some()
}

/// Reads a plain 2FAS backup.
pub(super) fn read(v: &Value) -> Result<ImportedFile, FileImportError> {
    if !text(v, "servicesEncrypted").is_empty() {
        return Err(FileImportError::Unsupported {
            app: APP,
            why: "password-protected 2FAS backups are not read yet; export from 2FAS without a password",
        });
    }
    let groups = v.get("groups").and_then(Value::as_array);
    let group_name = |id: &str| -> Vec<String> {
        groups
            .into_iter()
            .flatten()
            .filter(|g| !id.is_empty() && text(g, "id") == id)
            .map(|g| text(g, "name").to_string())
            .collect()
    };
    let services = list(v, "services", APP)?;
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
        source: Source::TwoFasPlain,
        accounts,
        not_importable,
    })
}
