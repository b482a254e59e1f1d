//! The Kulcs backup format (`docs/backup.md`): round trips with every field, one opaque error
//! for a wrong passphrase or any damage, hostile KDF parameters refused before Argon2 runs, the
//! known-answer vectors of `tests/vectors/backup.json`, and a restore that merges into a vault.
//!
//! Regenerate the vectors (only when the format deliberately changes, with a version bump):
//! `KULCS_WRITE_VECTORS=1 cargo test -p kulcs-core --test tests export_backup`.

use std::path::{Path, PathBuf};

use kulcs_core::credential::Credential;
use kulcs_core::export::{self, ExportError, BACKUP_VERSION};
use kulcs_core::import::ImportedAccount;
use kulcs_core::otp::{Algorithm, OtpParams};
use kulcs_core::random::{FixedRng, SeededRandom};
use kulcs_core::secret::Secret;
use kulcs_core::vault::internals::kdf::argon2id_runs_on_this_thread;
use kulcs_core::vault::{FileKeyStore, KdfParams, Vault, VaultOptions};
use serde_json::Value;

const PASSPHRASE: &str = "Kulcs mentés jelszó";

/// Four accounts covering every field: the Ügyfélkapu+ one with its törlőkód and groups, an
/// HOTP counter, SHA-512 with 8 digits and a 60 s period (a favourite), and Steam.
pub fn sample_entries() -> Vec<ImportedAccount> {
    let key = |s: &str| Secret::parse_base32(s).unwrap();
    let mut sha512 = OtpParams::totp_default();
    sha512.algorithm = Algorithm::Sha512;
    sha512.digits = 8;
    sha512.period = 60;
    vec![
        ImportedAccount {
            credential: Credential::ugyfelkapu("kovacs.janos", key("JBSWY3DPEHPK3PXP")),
            note: Some("törlőkód: ANNA-1111-BÉLA-2222".into()),
            groups: vec!["Állam".into(), "Család".into()],
            favourite: false,
        },
        ImportedAccount {
            credential: Credential {
                issuer: "Issuu".into(),
                label: "James".into(),
                secret: key("YOOMIXWS5GN6RTBPUFFWKTW5M4"),
                params: OtpParams::hotp(41),
            },
            note: None,
            groups: vec![],
            favourite: false,
        },
        ImportedAccount {
            credential: Credential {
                issuer: "Airbnb".into(),
                label: "Elijah".into(),
                secret: key("7ELGJSGXNCCTV3O6LKJWYFV2RA"),
                params: sha512,
            },
            note: Some("second line\nof a note".into()),
            groups: vec!["Utazás".into()],
            favourite: true,
        },
        ImportedAccount {
            credential: Credential {
                issuer: "Steam".into(),
                label: "gamer".into(),
                secret: key("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
                params: OtpParams::steam(),
            },
            note: None,
            groups: vec!["Játék".into()],
            favourite: false,
        },
    ]
}

fn seal(entries: &[ImportedAccount], rng_seed: &[u8]) -> Vec<u8> {
    export::seal_backup(
        entries,
        PASSPHRASE,
        1_763_700_000_000,
        KdfParams::testing(),
        &SeededRandom::new(rng_seed),
    )
    .unwrap()
}

#[test]
fn a_backup_opens_to_every_account_with_notes_groups_and_favourites() {
    let entries = sample_entries();
    let file = seal(&entries, b"round trip");
    assert_eq!(&file[..8], b"KULCSBAK");
    let backup = export::open_backup(&file, PASSPHRASE).unwrap();
    assert_eq!(backup.version, BACKUP_VERSION);
    assert_eq!(backup.created_ms, 1_763_700_000_000);
    assert_eq!(backup.accounts, entries);
    // The read-back check every export passes before success is reported.
    export::check_backup(&file, PASSPHRASE, &entries).unwrap();
    // The same accounts under a fresh salt and nonce give a different file.
    assert_ne!(seal(&entries, b"another"), file);
}

#[test]
fn a_decomposed_passphrase_opens_what_a_precomposed_one_sealed() {
    let file = seal(&sample_entries(), b"nfc");
    let decomposed = "Kulcs mente\u{301}s jelszo\u{301}";
    assert_eq!(
        export::open_backup(&file, decomposed)
            .unwrap()
            .accounts
            .len(),
        4
    );
}

#[test]
fn a_wrong_passphrase_and_any_damage_are_one_opaque_error() {
    let file = seal(&sample_entries(), b"tamper");
    assert_eq!(
        export::open_backup(&file, "not the passphrase").unwrap_err(),
        ExportError::WrongPassphraseOrDamaged
    );
    // Bit flips across the header (after the magic and version) and the sealed body.
    for pos in (10..file.len()).step_by(11) {
        let mut bad = file.clone();
        bad[pos] ^= 0x10;
        let err = export::open_backup(&bad, PASSPHRASE).unwrap_err();
        assert!(
            matches!(
                err,
                ExportError::WrongPassphraseOrDamaged | ExportError::KdfParamsRefused { .. }
            ),
            "flip at {pos}: {err:?}"
        );
    }
    for len in [0, 5, 8, 10, 20, 50, 51, 60, file.len() - 1] {
        let err = export::open_backup(&file[..len], PASSPHRASE).unwrap_err();
        assert!(
            matches!(err, ExportError::WrongPassphraseOrDamaged),
            "cut at {len}: {err:?}"
        );
    }
    let mut longer = file.clone();
    longer.push(0);
    assert_eq!(
        export::open_backup(&longer, PASSPHRASE).unwrap_err(),
        ExportError::WrongPassphraseOrDamaged
    );
}

#[test]
fn other_files_and_versions_are_named_not_guessed() {
    assert_eq!(
        export::open_backup(b"KULCSVLT\x00\x02rest", PASSPHRASE).unwrap_err(),
        ExportError::NotABackup
    );
    let mut file = seal(&sample_entries(), b"version");
    file[9] = 9;
    assert_eq!(
        export::open_backup(&file, PASSPHRASE).unwrap_err(),
        ExportError::UnsupportedVersion {
            found: 9,
            supported: BACKUP_VERSION
        }
    );
    let huge = vec![0u8; export::MAX_BACKUP_BYTES + 1];
    assert!(matches!(
        export::open_backup(&huge, PASSPHRASE).unwrap_err(),
        ExportError::TooLarge { .. }
    ));
}

#[test]
fn hostile_kdf_parameters_are_refused_before_argon2_runs() {
    let mut file = seal(&sample_entries(), b"kdf");
    // memory_kib lives at offset 11..15 (docs/backup.md §2).
    file[11..15].copy_from_slice(&u32::MAX.to_be_bytes());
    let before = argon2id_runs_on_this_thread();
    assert!(matches!(
        export::open_backup(&file, PASSPHRASE).unwrap_err(),
        ExportError::KdfParamsRefused { .. }
    ));
    assert_eq!(argon2id_runs_on_this_thread(), before);
}

#[test]
fn a_short_passphrase_is_refused_when_sealing() {
    let err = export::seal_backup(
        &sample_entries(),
        "short",
        0,
        KdfParams::testing(),
        &SeededRandom::new(b"x"),
    )
    .unwrap_err();
    assert_eq!(err, ExportError::PassphraseTooShort { min: 8 });
}

#[test]
fn the_read_back_check_notices_a_difference() {
    let entries = sample_entries();
    let file = seal(&entries, b"check");
    let mut other = entries.clone();
    other[0].note = None;
    assert!(matches!(
        export::check_backup(&file, PASSPHRASE, &other).unwrap_err(),
        ExportError::ReadBackDiffers { .. }
    ));
}

#[test]
fn a_backup_restores_into_a_fresh_vault_and_merges_into_a_used_one() {
    let dir = tempfile::tempdir().unwrap();
    let keys = FileKeyStore::new(dir.path().join("device.key"));
    let path = dir.path().join("vault.kulcs");
    let now = 1_763_700_000_000;
    let mut vault = Vault::create_with(&path, &keys, now, VaultOptions::testing()).unwrap();
    let entries = sample_entries();
    // One account is already there, with its own note that must survive.
    let here = vault.add(entries[1].credential.clone(), now).unwrap().id();
    vault.set_note(here, Some("mine"), now + 1).unwrap();
    let backup = export::open_backup(&seal(&entries, b"restore"), PASSPHRASE).unwrap();
    let report = export::restore(&mut vault, &backup.accounts, now + 2).unwrap();
    assert_eq!((report.added, report.already_present), (3, 1));
    assert_eq!(vault.accounts().len(), 4);
    assert_eq!(
        vault.account(here).unwrap().note.as_ref().unwrap().expose(),
        "mine"
    );
    // Read back from the vault: every note and group of the new ones.
    let back = export::entries(vault.accounts());
    for e in [&entries[0], &entries[2], &entries[3]] {
        let got = back
            .iter()
            .find(|b| b.credential == e.credential)
            .expect("restored");
        assert_eq!((&got.note, &got.groups), (&e.note, &e.groups));
    }
    // Restoring twice adds nothing.
    let again = export::restore(&mut vault, &backup.accounts, now + 3).unwrap();
    assert_eq!((again.added, again.already_present), (0, 4));
}

fn vectors_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/backup.json")
}

fn hex(b: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(b)
}

fn unhex(s: &Value) -> Vec<u8> {
    data_encoding::HEXLOWER
        .decode(s.as_str().unwrap().as_bytes())
        .unwrap()
}

/// The vector's fixed random bytes: salt (16) then nonce (12).
fn vector_random() -> Vec<u8> {
    (0u8..28).map(|i| 0xa0 ^ i).collect()
}

#[test]
fn the_kulcs_backup_vectors_hold() {
    let entries = sample_entries();
    let file = export::seal_backup(
        &entries,
        PASSPHRASE,
        1_763_700_000_000,
        KdfParams::testing(),
        &FixedRng::new(vector_random()),
    )
    .unwrap();
    let plain = export::backup_plaintext(&entries, 1_763_700_000_000).unwrap();
    if std::env::var_os("KULCS_WRITE_VECTORS").is_some() {
        let p = KdfParams::testing();
        let r = vector_random();
        let v = serde_json::json!({
            "about": "Kulcs backup format 1 (docs/backup.md). Checked by core/tests/export_backup.rs and tests/vectors/check_exports.py.",
            "kulcs": {
                "passphrase_utf8": PASSPHRASE,
                "argon2id": {"memory_kib": p.memory_kib, "iterations": p.iterations, "parallelism": p.parallelism, "salt": hex(&r[..16])},
                "nonce": hex(&r[16..]),
                "plaintext_utf8": String::from_utf8(plain.to_vec()).unwrap(),
                "file": hex(&file),
                "accounts": serde_json::from_slice::<Value>(&plain).unwrap()["accounts"],
            },
            "aegis": crate::export_aegis::vector_json(),
        });
        std::fs::write(
            vectors_path(),
            serde_json::to_string_pretty(&v).unwrap() + "\n",
        )
        .unwrap();
    }
    let v: Value = serde_json::from_str(&std::fs::read_to_string(vectors_path()).unwrap()).unwrap();
    let k = &v["kulcs"];
    assert_eq!(
        hex(&file),
        k["file"].as_str().unwrap(),
        "the writer changed"
    );
    assert_eq!(
        std::str::from_utf8(&plain).unwrap(),
        k["plaintext_utf8"].as_str().unwrap()
    );
    let opened = export::open_backup(&unhex(&k["file"]), k["passphrase_utf8"].as_str().unwrap());
    assert_eq!(opened.unwrap().accounts, entries);
}
