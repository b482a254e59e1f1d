//! Hostile export files: truncated, under a wrong password, zip bombs, huge or deeply nested
//! input, XML entity bombs, SQLite databases of another schema. Each is a typed
//! `FileImportError` (never a panic, never a half-read file) within bounded memory.

use std::io::Write;
use std::path::{Path, PathBuf};

use kulcs_core::import::{self, FileImportError, MAX_IMPORT_BYTES};

use crate::support::alloc::largest_during;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/imports")
}

/// The password-protected fixtures and their passwords.
const ENCRYPTED: &[(&str, &str)] = &[
    ("aegis_encrypted.json", "test"),
    ("2fas_authenticator_encrypted_v4.2fas", "test"),
    ("andotp_encrypted.bin", "test"),
    ("freeotp_v2_api34.xml", "test"),
    ("authy_encrypted.xml", "testtest"),
    ("authenticator_plus.zip", "testtesttest"),
    ("stratum_encrypted.bin", "test"),
    ("stratum_encrypted_legacy.bin", "test"),
    ("totp_authenticator.bin", "Testtest1"),
];

#[test]
fn a_truncated_encrypted_file_never_opens() {
    if !dir().exists() {
        return;
    }
    for (file, password) in ENCRYPTED {
        let bytes = std::fs::read(dir().join(file)).unwrap();
        let whole = import::read(&bytes, Some(password)).unwrap();
        let n = bytes.len();
        for cut in [0, 1, 16, 40, n / 3, n / 2, n - 17, n - 1] {
            // Nothing half-read: an error, or (a text format cut in its last closing
            // characters) everything.
            match import::read(&bytes[..cut], Some(password)) {
                Err(_) => {}
                Ok(read) => assert_eq!(read, whole, "{file} cut at {cut} of {n}"),
            }
        }
    }
}

#[test]
fn every_truncation_of_every_fixture_is_typed_not_a_panic() {
    if !dir().exists() {
        return;
    }
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        // Without a password: the KDFs do not run, so every 7th cut is cheap to try.
        for cut in (0..bytes.len()).step_by(7) {
            let _ = import::read(&bytes[..cut], None);
        }
    }
}

#[test]
fn a_wrong_password_is_one_opaque_error_for_every_encrypted_format() {
    if !dir().exists() {
        return;
    }
    for (file, _) in ENCRYPTED {
        let bytes = std::fs::read(dir().join(file)).unwrap();
        for wrong in ["", "tset", "test "] {
            assert!(
                matches!(
                    import::read(&bytes, Some(wrong)),
                    Err(FileImportError::WrongPassword { .. })
                ),
                "{file} with {wrong:?}"
            );
        }
    }
}

/// A zip whose `Accounts.txt` inflates to `size` bytes of one letter.
fn zip_of(size: usize) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(size > u32::MAX as usize);
    z.start_file("Accounts.txt", options).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        z.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    z.finish().unwrap();
    out.into_inner()
}

#[test]
fn a_zip_bomb_is_refused_within_bounded_memory() {
    let bomb = zip_of(MAX_IMPORT_BYTES + 1024);
    assert!(bomb.len() < 64 * 1024, "{} bytes", bomb.len());
    let (r, largest) = largest_during(|| import::read(&bomb, None));
    assert!(matches!(r, Err(FileImportError::TooLarge { .. })), "{r:?}");
    assert!(
        largest <= 2 * MAX_IMPORT_BYTES + 4096,
        "largest allocation {largest}"
    );
}

#[test]
fn a_zip_that_understates_its_size_is_cut_off_while_inflating() {
    let mut bomb = zip_of(MAX_IMPORT_BYTES + 1024);
    // Claim 10 bytes in both headers (local: offset 22, central: 24 into its record).
    let declared = (MAX_IMPORT_BYTES as u32 + 1024).to_le_bytes();
    let mut patched = 0;
    for i in 0..bomb.len().saturating_sub(4) {
        if bomb[i..i + 4] == declared {
            bomb[i..i + 4].copy_from_slice(&10u32.to_le_bytes());
            patched += 1;
        }
    }
    assert!(patched >= 2, "{patched}");
    let (r, largest) = largest_during(|| import::read(&bomb, None));
    assert!(r.is_err(), "{r:?}");
    assert!(
        largest <= 2 * MAX_IMPORT_BYTES + 4096,
        "largest allocation {largest}"
    );
}

#[test]
fn a_small_honest_zip_without_a_password_is_read() {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    z.start_file("Accounts.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(b"otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno\n")
        .unwrap();
    z.finish().unwrap();
    let read = import::read(&out.into_inner(), None).unwrap();
    assert_eq!(read.source, import::Source::AuthenticatorPlus);
    assert_eq!(read.accounts.len(), 1);
}

#[test]
fn huge_and_deeply_nested_input_is_refused() {
    let huge = vec![b' '; MAX_IMPORT_BYTES + 1];
    assert!(matches!(
        import::read(&huge, None),
        Err(FileImportError::TooLarge { .. })
    ));
    let deep = "[".repeat(1_000_000);
    assert!(import::read(deep.as_bytes(), None).is_err());
    let deep_xml = format!("<map>{}</map>", "<set>".repeat(200_000));
    assert!(import::read(deep_xml.as_bytes(), None).is_err());
}

#[test]
fn an_xml_entity_bomb_is_refused_without_expanding() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<map><string name="STATIC_TOTP_CODES_LIST">&lol3;</string></map>"#;
    let (r, largest) = largest_during(|| import::read(bomb.as_bytes(), None));
    assert!(matches!(r, Err(FileImportError::Malformed { .. })), "{r:?}");
    assert!(largest < 1 << 20, "{largest}");
}

#[cfg(feature = "sqlite")]
mod databases {
    use super::*;

    /// A database file made by SQLite itself from `sql`.
    fn database(sql: &str) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch(sql).unwrap();
        drop(db);
        std::fs::read(path).unwrap()
    }

    #[test]
    fn a_database_of_another_schema_is_unrecognised() {
        for sql in [
            "CREATE TABLE notes(id INTEGER, body TEXT); INSERT INTO notes VALUES (1, 'x');",
            "CREATE TABLE accounts(id INTEGER, secret TEXT);",
            // The right columns, but a view (its query could be anything) is not read.
            "CREATE TABLE t(email, secret, counter, type, issuer);
             CREATE VIEW accounts AS SELECT * FROM t;",
        ] {
            let r = import::read(&database(sql), None);
            assert_eq!(r, Err(FileImportError::Unrecognised), "{sql}");
        }
    }

    #[test]
    fn a_truncated_or_damaged_database_is_malformed() {
        if !dir().exists() {
            return;
        }
        let bytes = std::fs::read(dir().join("google_authenticator.sqlite")).unwrap();
        for cut in [100, 4096, bytes.len() / 2] {
            let r = import::read(&bytes[..cut], None);
            assert!(r.is_err(), "cut at {cut}: {r:?}");
        }
        let mut flipped = bytes.clone();
        for b in flipped[4096..8192].iter_mut() {
            *b ^= 0x5a;
        }
        let _ = import::read(&flipped, None);
    }
}

/// What an importer read never shows a note or key in debug output (logs, panics).
#[test]
fn debug_output_redacts_the_note_and_the_key() {
    let file = br#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":3,"entries":[
        {"type":"totp","uuid":"a","name":"kovacs.janos","issuer":"Ugyfelkapu","note":"torlokod: QXJ7-MAGIC",
         "info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":30}}]}}"#;
    let read = kulcs_core::import::read(file, None).unwrap();
    let shown = format!("{read:?}");
    assert!(!shown.contains("QXJ7-MAGIC"), "{shown}");
    assert!(!shown.contains("JBSWY3DPEHPK3PXP"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}
