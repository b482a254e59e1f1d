//! Owns Aegis vault exports: the database (versions 1–3, groups by name or by uuid), plain or
//! decrypted by `aegis_encrypted`.

use serde_json::Value;

use super::entry::{build, collect, Extras, Fields, Key};
use super::json::{list, number, text};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "Aegis";

/// True for an Aegis export (`version`, `header`, `db`).
pub(super) fn is_aegis(v: &Value) -> bool {
    v.get("header").is_some() && v.get("db").is_some() && v.get("version").is_some()
}

/// Reads an Aegis export, decrypting it first with `password` when it is encrypted.
pub(super) fn read(v: &Value, password: Option<&str>) -> Result<ImportedFile, FileImportError> {
    if v["db"].is_string() {
        let db = super::aegis_encrypted::open_db(v, password)?;
        return read_db(&db, Source::AegisEncrypted);
    }
    read_db(&v["db"], Source::AegisPlain)
}

fn read_db(db: &Value, source: Source) -> Result<ImportedFile, FileImportError> {
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
        source,
        accounts,
        not_importable,
    })
}
