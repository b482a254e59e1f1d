//! Owns Bitwarden's unencrypted exports, JSON and CSV: login items whose `totp` is an otpauth
//! URI, a `steam://` key or a bare base32 key; the item's name, notes, folder and favourite
//! come along.

use serde_json::Value;

use super::entry::{build, collect, from_uri, Extras, Fields, Key, NotImportable};
use super::json::{list, text};
use super::{FileImportError, ImportedAccount, ImportedFile, Source};

const APP: &str = "Bitwarden";

/// True for a Bitwarden JSON export (`items`, with `encrypted`).
pub(super) fn is_bitwarden_json(v: &Value) -> bool {
    v.get("items").is_some_and(Value::is_array) && v.get("encrypted").is_some()
}

/// True for a Bitwarden CSV export (its header names `login_totp`).
pub(super) fn is_bitwarden_csv(text: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|h| h.split(',').any(|c| c.trim() == "login_totp"))
}

/// One item's `totp` value, whichever of the three forms it takes.
fn item(
    totp: &str,
    name: &str,
    user: &str,
    e: Extras,
) -> Option<Result<ImportedAccount, NotImportable>> {
    let totp = totp.trim();
    if totp.is_empty() {
        return None;
    }
    if crate::otpauth::is_otpauth(totp) {
        return Some(from_uri(totp, name, e).map(|mut a| {
            if a.credential.issuer.is_empty() {
                a.credential.issuer = name.trim().to_string();
            }
            a
        }));
    }
    let (kind, key) = match totp.get(..8) {
        Some(p) if p.eq_ignore_ascii_case("steam://") => ("steam", &totp[8..]),
        _ => ("totp", totp),
    };
    Some(build(Fields {
        issuer: name,
        label: user,
        key: Key::Base32(key),
        kind,
        algorithm: None,
        digits: None,
        period: None,
        counter: None,
        extras: e,
    }))
}

/// Reads a Bitwarden JSON export.
pub(super) fn read_json(v: &Value) -> Result<ImportedFile, FileImportError> {
    if v.get("encrypted").and_then(Value::as_bool) == Some(true) {
        return Err(FileImportError::Unsupported {
            app: APP,
            why: "encrypted Bitwarden exports are not read; export as unencrypted JSON or CSV",
        });
    }
    let folders = v.get("folders").and_then(Value::as_array);
    let folder = |id: &str| -> Vec<String> {
        folders
            .into_iter()
            .flatten()
            .filter(|f| !id.is_empty() && text(f, "id") == id)
            .map(|f| text(f, "name").to_string())
            .collect()
    };
    let items = list(v, "items", APP)?;
    let (accounts, not_importable) = collect(items.iter().filter_map(|i| {
        let login = &i["login"];
        item(
            text(login, "totp"),
            text(i, "name"),
            text(login, "username"),
            Extras {
                note: Some(text(i, "notes").to_string()),
                groups: folder(text(i, "folderId")),
                favourite: i.get("favorite").and_then(Value::as_bool).unwrap_or(false),
            },
        )
    }));
    Ok(ImportedFile {
        source: Source::BitwardenJson,
        accounts,
        not_importable,
    })
}

/// Reads a Bitwarden CSV export.
pub(super) fn read_csv(bytes: &[u8]) -> Result<ImportedFile, FileImportError> {
    let bad = |e: csv::Error| FileImportError::Malformed {
        app: APP,
        what: format!("CSV: {e}"),
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader.headers().map_err(bad)?.clone();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (totp, name, user, notes, folder, fav) = (
        col("login_totp"),
        col("name"),
        col("login_username"),
        col("notes"),
        col("folder"),
        col("favorite"),
    );
    let mut results = Vec::new();
    for record in reader.records() {
        let r = record.map_err(bad)?;
        let get = |c: Option<usize>| c.and_then(|c| r.get(c)).unwrap_or("");
        let e = Extras {
            note: Some(get(notes).to_string()),
            groups: vec![get(folder).to_string()],
            favourite: get(fav) == "1",
        };
        results.extend(item(get(totp), get(name), get(user), e));
    }
    let (accounts, not_importable) = collect(results);
    Ok(ImportedFile {
        source: Source::BitwardenCsv,
        accounts,
        not_importable,
    })
}
