//! Exports a user can leave with (`docs/export.md`): an encrypted Aegis-format vault that
//! Kulcs's own importer reads back to the same accounts (and `tests/vectors/check_exports.py`
//! decrypts with Python's `cryptography`), the plain Aegis JSON, and the otpauth list.

use kulcs_core::export::{self, ExportError};
use kulcs_core::import::{self, FileImportError, Source};
use kulcs_core::random::{FixedRng, SeededRandom};
use serde_json::Value;

use crate::export_backup::sample_entries;

const PASSWORD: &str = "Aegis export jelszó";

#[test]
fn an_encrypted_aegis_export_reimports_to_the_same_accounts() {
    let entries = sample_entries();
    let file = export::aegis_encrypted(&entries, PASSWORD, &SeededRandom::new(b"aegis")).unwrap();
    let read = import::read(&file, Some(PASSWORD)).unwrap();
    assert_eq!(read.source, Source::AegisEncrypted);
    assert_eq!(read.accounts, entries);
    assert!(read.not_importable.is_empty());
    assert_eq!(
        import::read(&file, Some("wrong password")).unwrap_err(),
        FileImportError::WrongPassword { app: "Aegis" }
    );
    assert_eq!(
        import::read(&file, None).unwrap_err(),
        FileImportError::PasswordNeeded { app: "Aegis" }
    );
    export::check_aegis(&file, Some(PASSWORD), &entries).unwrap();
    // The shape Aegis itself writes: version 1, one password slot with scrypt N=2^15, r=8, p=1.
    let v: Value = serde_json::from_slice(&file).unwrap();
    assert_eq!(v["version"], 1);
    let slot = &v["header"]["slots"][0];
    assert_eq!(
        (slot["type"].as_u64(), slot["n"].as_u64()),
        (Some(1), Some(32768))
    );
    assert_eq!((slot["r"].as_u64(), slot["p"].as_u64()), (Some(8), Some(1)));
    assert!(v["db"].is_string());
}

#[test]
fn a_plain_aegis_export_and_an_otpauth_list_reimport() {
    let entries = sample_entries();
    let plain = export::aegis_plain(&entries, &SeededRandom::new(b"plain")).unwrap();
    let read = import::read(&plain, None).unwrap();
    assert_eq!(read.source, Source::AegisPlain);
    assert_eq!(read.accounts, entries);
    export::check_aegis(&plain, None, &entries).unwrap();

    let list = export::otpauth_list(&entries);
    let text = std::str::from_utf8(&list).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(text.lines().all(|l| l.starts_with("otpauth://")));
    let read = import::read(&list, None).unwrap();
    assert_eq!(read.source, Source::OtpauthList);
    let creds: Vec<_> = read.accounts.iter().map(|a| &a.credential).collect();
    let want: Vec<_> = entries.iter().map(|a| &a.credential).collect();
    assert_eq!(creds, want);
    export::check_otpauth_list(&list, &entries).unwrap();
}

#[test]
fn the_aegis_read_back_check_notices_a_difference() {
    let entries = sample_entries();
    let file = export::aegis_plain(&entries, &SeededRandom::new(b"diff")).unwrap();
    let mut other = entries.clone();
    other[2].groups.clear();
    assert!(matches!(
        export::check_aegis(&file, None, &other).unwrap_err(),
        ExportError::ReadBackDiffers { .. }
    ));
    assert!(matches!(
        export::check_otpauth_list(b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n", &entries)
            .unwrap_err(),
        ExportError::ReadBackDiffers { .. }
    ));
}

/// The fixed random bytes of the Aegis vector, in the order the writer takes them.
fn vector_random() -> Vec<u8> {
    (0..=255u8).cycle().take(4096).map(|i| i ^ 0x5a).collect()
}

fn vector_file() -> Vec<u8> {
    export::aegis_encrypted(&sample_entries(), PASSWORD, &FixedRng::new(vector_random())).unwrap()
}

/// The `"aegis"` part of `tests/vectors/backup.json` (written by `export_backup`).
pub fn vector_json() -> Value {
    serde_json::json!({
        "password_utf8": PASSWORD,
        "file_utf8": String::from_utf8(vector_file()).unwrap(),
    })
}

#[test]
fn the_aegis_vector_holds() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/backup.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let a = &v["aegis"];
    assert_eq!(
        String::from_utf8(vector_file()).unwrap(),
        a["file_utf8"].as_str().unwrap(),
        "the writer changed"
    );
    let read = import::read(
        a["file_utf8"].as_str().unwrap().as_bytes(),
        a["password_utf8"].as_str(),
    )
    .unwrap();
    assert_eq!(read.accounts, sample_entries());
}

#[test]
fn a_favourite_comes_in_as_the_favourites_group_and_leaves_as_a_favourite_again() {
    use kulcs_core::account::FAVOURITES_GROUP;
    use kulcs_core::vault::{FileKeyStore, Vault, VaultOptions};
    let dir = tempfile::tempdir().unwrap();
    let keys = FileKeyStore::new(dir.path().join("device.key"));
    let mut v = Vault::create_with(
        &dir.path().join("v.kulcs"),
        &keys,
        1_000,
        VaultOptions::testing(),
    )
    .unwrap();
    let entries = sample_entries();
    assert!(entries[2].favourite && !entries[0].favourite);
    let plain = export::aegis_plain(&entries, &SeededRandom::new(b"fav")).unwrap();
    v.import_all(&import::read(&plain, None).unwrap().accounts, 2_000)
        .unwrap();
    // In the vault: a group the shells can filter on, synced like any group.
    assert_eq!(v.accounts()[2].groups, ["Utazás", FAVOURITES_GROUP]);
    assert!(!v.accounts()[0].groups.iter().any(|g| g == FAVOURITES_GROUP));
    // Out again: Aegis's favourite flag, not a group; every entry as it came.
    let out = export::entries(v.accounts());
    assert_eq!(out, entries);
    let json: Value =
        serde_json::from_slice(&export::aegis_plain(&out, &SeededRandom::new(b"o")).unwrap())
            .unwrap();
    assert_eq!(json["db"]["entries"][2]["favorite"], true);
    assert_eq!(json["db"]["entries"][0]["favorite"], false);
}
