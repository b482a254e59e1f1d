//! Owns Proton Authenticator's plain export: entries holding an otpauth URI and a note.

use serde_json::Value;

use super::entry::{collect, from_uri, Extras};
use super::json::{list, text};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "Proton Authenticator";

/// True for a Proton Authenticator export (`entries` whose items have `content.uri`).
pub(super) fn is_proton(v: &Value) -> bool {
    v.get("entries")
        .and_then(Value::as_array)
        .is_some_and(|a| a.first().is_some_and(|e| e["content"].get("uri").is_some()))
}

/// Reads a plain Proton Authenticator export.
pub(super) fn read(v: &Value) -> Result<ImportedFile, FileImportError> {
    let entries = list(v, "entries", APP)?;
    let (accounts, not_importable) = collect(entries.iter().map(|e| {
        let content = &e["content"];
        from_uri(
            text(content, "uri"),
            text(content, "name"),
            Extras {
                note: Some(text(e, "note").to_string()),
                ..Extras::default()
            },
        )
    }));
    Ok(ImportedFile {
        source: Source::ProtonPlain,
        accounts,
        not_importable,
    })
}
