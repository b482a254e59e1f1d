//! Owns Aegis vault exports: the plain JSON (`db` an object; database versions 1–3, groups by
//! name or by uuid); an encrypted one (`db` a string) is recognised and refused for now.

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key};
use super::json::{list, number, text};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "Aegis";

/// True for an Aegis export (`version`, `header`, `db`).
pub(super) fn is_aegis(v: &Value) -> bool {
    v.get("header").is_some() && v.get("db").is_some() && v.get("version").is_some()
}

/// Reads a plain Aegis export.
pub(super) fn read(v: &Value) -> Result<ImportedFile, FileImportError> {
    let db = &v["db"];
    if db.is_string() {
        return Err(FileImportError::Unsupported {
            app: APP,
            why: "encrypted Aegis exports are not read yet; export from Aegis without a password",
        });
    }
    let groups = db.get("groups").and_then(Value::as_array);
    let group_name = |uuid: &str| -> Option<String> {
        groups?
            .iter()
            .find(|g| text(g, "uuid") == uuid)
            .map(|g| text(g, "name").to_string())
    };
    let entries = list(db, "entries", APP)?;
    let (accounts, not_importable) = collect(entries.iter().map(|e| {
        let info = &e["info"];
        let mut names: Vec<String> = Vec::new();
        if !text(e, "group").is_empty() {
            names.push(text(e, "group").to_string());
        }
        for uuid in e
            .get("groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            names.extend(uuid.as_str().and_then(group_name));
        }
        build(Fields {
            issuer: text(e, "issuer"),
            label: text(e, "name"),
            key: Key::Base32(text(info, "secret")),
            kind: text(e, "type"),
            algorithm: Some(text(info, "algo")),
            digits: number(info, "digits"),
            period: number(info, "period"),
            counter: number(info, "counter"),
            extras: Extras {
                note: Some(text(e, "note").to_string()),
                groups: names,
                favourite: e.get("favorite").and_then(Value::as_bool).unwrap_or(false),
            },
        })
    }));
    Ok(ImportedFile {
        source: Source::AegisPlain,
        accounts,
        not_importable,
    })
}
