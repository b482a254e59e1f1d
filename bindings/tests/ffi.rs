//! Calls the exported surface the way the shells do: the enrolment scenario every shell
//! repeats (same image, same time, same code as the CLI), panic containment on the rqrr-panic
//! corpus image, error mapping, and the vault round trip with a key store.

use std::path::PathBuf;
use std::sync::Arc;

use kulcs_ffi::*;

/// The code `kulcs code --qr examples/ugyfelkapu-enrolment.png --at 1700000000` prints; the
/// Kotlin and Swift scenario tests assert the same value.
const ENROLMENT_CODE_AT_1700000000: &str = "461751";
const AT: i64 = 1_700_000_000;
const NOW_MS: u64 = 1_700_000_000_000;

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kulcs-ffi-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn new_vault(dir: &std::path::Path) -> (Arc<Vault>, Arc<dyn KeyStore>) {
    let keys: Arc<dyn KeyStore> = FileKeyStore::new(dir.join("device.key").display().to_string());
    let vault = Vault::create(
        dir.join("vault.kulcs").display().to_string(),
        keys.clone(),
        NOW_MS,
    )
    .unwrap();
    (vault, keys)
}

#[test]
fn enrolment_image_gives_the_cli_code() {
    let dir = temp_dir("enrol");
    let (vault, _) = new_vault(&dir);
    let image = std::fs::read(repo("examples/ugyfelkapu-enrolment.png")).unwrap();
    let outcomes = vault.add_image(image, NOW_MS).unwrap();
    assert!(
        matches!(outcomes.as_slice(), [AddOutcome::Added { .. }]),
        "{outcomes:?}"
    );
    let codes = vault.codes(AT).unwrap();
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0].issuer, "Ügyfélkapu+");
    assert_eq!(codes[0].label, "kovacs.janos@ugyfelkapu.gov.hu");
    assert_eq!(codes[0].window.code, ENROLMENT_CODE_AT_1700000000);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn rqrr_panic_image_never_unwinds_through_the_ffi() {
    let path = repo("../shared/qr-corpus/qrcode-6/7.png");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("notice: {} absent, skipping", path.display());
        return;
    };
    // Either the text or NoQrCode; never a panic, never another error.
    match decode_qr_image(bytes.clone()) {
        Ok(texts) => assert_eq!(texts, ["1234567890"]),
        Err(KulcsError::NoQrCode) => {}
        Err(other) => panic!("unexpected {other:?}"),
    }
    let dir = temp_dir("panic");
    let (vault, _) = new_vault(&dir);
    assert!(matches!(
        vault.add_image(bytes, NOW_MS),
        Err(KulcsError::NoQrCode | KulcsError::InvalidInput { .. })
    ));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn errors_carry_field_and_core_kind() {
    match SetupKey::from_base32("JBSW Y3D0".into()) {
        Err(KulcsError::InvalidInput { field, kind, .. }) => {
            assert_eq!((field.as_str(), kind.name()), ("key", "InvalidCharacter"))
        }
        other => panic!("{other:?}"),
    }
    match parse_uri("otpauth://totp/x?issuer=a".into()) {
        Err(KulcsError::InvalidInput { field, kind, .. }) => {
            assert_eq!((field.as_str(), kind.name()), ("uri", "MissingSecret"))
        }
        other => panic!("{other:?}"),
    }
    let key = SetupKey::from_hex("3132333435363738393031323334353637383930".into()).unwrap();
    match key.code_at(default_otp_params(), -1) {
        Err(KulcsError::InvalidInput { kind, .. }) => assert_eq!(kind, ErrorKind::TimeBeforeEpoch),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        decode_qr_frame(&[0; 10], 4, 4, 4),
        Err(KulcsError::InvalidInput { .. })
    ));
}

#[test]
fn vault_round_trip_with_duplicates_notes_and_verify() {
    let dir = temp_dir("vault");
    let path = dir.join("vault.kulcs").display().to_string();
    let (vault, keys) = new_vault(&dir);
    let first = vault
        .add_ugyfelkapu("kovacs.janos".into(), "jbsw y3dp ehpk 3pxp".into(), NOW_MS)
        .unwrap();
    let AddOutcome::Added { id } = first else {
        panic!("{first:?}")
    };
    assert_eq!(
        vault
            .add_ugyfelkapu("kovacs.janos".into(), "JBSWY3DPEHPK3PXP".into(), NOW_MS + 1)
            .unwrap(),
        AddOutcome::AlreadyPresent { id: id.clone() }
    );
    let second = vault
        .add_ugyfelkapu("kovacs.janos".into(), "KULCSPELDAKULCS2".into(), NOW_MS + 2)
        .unwrap();
    assert!(
        matches!(&second, AddOutcome::AddedWithConflict { conflicts_with, .. } if conflicts_with == std::slice::from_ref(&id))
    );
    assert_eq!(vault.duplicates().unwrap().len(), 1);

    vault
        .set_note(id.clone(), Some("törlőkód: 1234".into()), NOW_MS + 3)
        .unwrap();
    vault
        .rename(
            id.clone(),
            "Ügyfélkapu+".into(),
            "régi kulcs".into(),
            NOW_MS + 4,
        )
        .unwrap();
    let code = vault
        .codes(AT)
        .unwrap()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap();
    assert!(code.has_note);
    assert_eq!(code.label, "régi kulcs");
    let matches = vault.verify(code.window.code.clone(), AT).unwrap();
    assert!(matches.contains(&VerifyMatch {
        id: id.clone(),
        step_offset: 0
    }));

    vault.set_passphrase("correct horse".into()).unwrap();
    drop(vault);
    let reopened = Vault::open(path.clone(), keys).unwrap();
    assert_eq!(
        reopened.note(id.clone()).unwrap().as_deref(),
        Some("törlőkód: 1234")
    );
    reopened.delete(id.clone(), NOW_MS + 5).unwrap();
    assert!(matches!(
        reopened.note(id.clone()),
        Err(KulcsError::NotFound { .. })
    ));
    drop(reopened);
    assert!(matches!(
        Vault::open_with_passphrase(path.clone(), "wrong".into()),
        Err(KulcsError::WrongKeyOrDamaged)
    ));
    assert_eq!(
        Vault::open_with_passphrase(path, "correct horse".into())
            .unwrap()
            .codes(AT)
            .unwrap()
            .len(),
        1
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn camera_frame_with_padded_rows_adds_the_enrolment() {
    let image = std::fs::read(repo("examples/ugyfelkapu-enrolment.png")).unwrap();
    let luma = kulcs_core::qr::LumaImage::from_image_bytes(&image).unwrap();
    let (width, height) = (luma.width as usize, luma.height as usize);
    let stride = width + 48;
    let mut plane = vec![0u8; stride * height];
    for (row, src) in plane.chunks_mut(stride).zip(luma.data.chunks(width)) {
        row[..width].copy_from_slice(src);
    }
    let dir = temp_dir("frame");
    let (vault, _) = new_vault(&dir);
    let outcomes = vault
        .add_frame(&plane, luma.width, luma.height, stride as u32, NOW_MS)
        .unwrap();
    assert!(
        matches!(outcomes.as_slice(), [AddOutcome::Added { .. }]),
        "{outcomes:?}"
    );
    assert_eq!(
        vault.codes(AT).unwrap()[0].window.code,
        ENROLMENT_CODE_AT_1700000000
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn live_scanner_classifies_what_it_sees() {
    let image = std::fs::read(repo("examples/ugyfelkapu-enrolment.png")).unwrap();
    let luma = kulcs_core::qr::LumaImage::from_image_bytes(&image).unwrap();
    let scanner = QrScanner::new();
    let scan = scanner
        .push_frame(
            &luma.data,
            luma.width,
            luma.height,
            luma.width,
            kulcs_core::qr::Rotation::R0,
        )
        .unwrap();
    match scan.codes.as_slice() {
        [ScannedCode::Enrolment { account }] => assert_eq!(account.issuer, "Ügyfélkapu+"),
        other => panic!("{other:?}"),
    }
}

// Issue 12: what the user sees, decided in core ------------------------------------------------

fn ugyfelkapu_key() -> Arc<SetupKey> {
    SetupKey::from_base32("JBSWY3DPEHPK3PXP".into()).unwrap()
}

fn add(vault: &Vault, user: &str, key: &str) -> String {
    match vault
        .add_ugyfelkapu(user.into(), key.into(), NOW_MS)
        .unwrap()
    {
        AddOutcome::Added { id }
        | AddOutcome::AlreadyPresent { id }
        | AddOutcome::AddedWithConflict { id, .. } => id,
    }
}

#[test]
fn error_kinds_are_an_enum_with_catalogue_keys() {
    match SetupKey::from_base32("JBSW1".into()) {
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::InvalidCharacter);
            assert_eq!(error_kind(e.clone()), ErrorKind::InvalidCharacter);
            assert_eq!(error_message_key(e), "error_key_character");
        }
        Ok(_) => panic!("accepted"),
    }
    assert_eq!(message_key(ErrorKind::NoQrCode), "error_no_qr");
    assert_eq!(message_key(ErrorKind::InvalidRotation), "error_generic");
    assert_eq!(
        error_message_key(KulcsError::NotFound { id: "x".into() }),
        "error_not_found"
    );
    let sync_io = KulcsError::Sync {
        kind: ErrorKind::Io,
        reason: String::new(),
    };
    assert_eq!(error_message_key(sync_io), "sync_error_folder");
    assert_eq!(sync_message_key(ErrorKind::NotInGroup), "sync_not_in_group");
}

#[test]
fn code_rows_apply_the_offset_in_core_and_search_without_accents() {
    let dir = temp_dir("rows");
    let (vault, _) = new_vault(&dir);
    let id = add(&vault, "kovacs.janos", "JBSWY3DPEHPK3PXP");
    let other = match vault
        .add_uri(
            "otpauth://totp/GitHub:alice?secret=KRSXG5CTMVRXEZLU".into(),
            NOW_MS,
        )
        .unwrap()
    {
        AddOutcome::Added { id } => id,
        o => panic!("{o:?}"),
    };
    vault.set_clock_offset(120).unwrap();
    let params = default_otp_params();
    let row = vault.code_row(id.clone(), AT).unwrap();
    assert_eq!(
        row.code,
        ugyfelkapu_key().code_at(params, AT + 120).unwrap()
    );
    assert_eq!(
        row.display_name,
        "Ügyfélkapu+ (kovacs.janos@ugyfelkapu.gov.hu)"
    );
    assert_eq!(row.code_spoken, spoken_code(row.code.clone()));
    assert_eq!(row.code_grouped, display_code(row.code.clone()));
    assert_eq!(row.period, 30);
    assert_eq!(vault.corrected_time(AT).unwrap(), AT + 120);

    vault
        .set_groups(
            other.clone(),
            vec!["Munka".into(), "Fejlesztés".into()],
            NOW_MS,
        )
        .unwrap();
    assert_eq!(
        vault.account_groups(other.clone()).unwrap(),
        ["Munka", "Fejlesztés"]
    );
    assert_eq!(vault.groups().unwrap(), ["Fejlesztés", "Munka"]);
    let found = |q: Option<&str>, g: Option<&str>| {
        vault
            .code_rows(AT, q.map(Into::into), g.map(Into::into))
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(found(None, None), [id.clone(), other.clone()]);
    assert_eq!(found(Some("ugyfel"), None), [id.clone()]);
    assert_eq!(found(Some("FEJLESZTES"), None), [other.clone()]);
    assert_eq!(found(None, Some("Munka")), [other.clone()]);
    assert!(found(None, Some("munka")).is_empty());
    assert!(matches!(
        vault.code_row("00".repeat(16), AT),
        Err(KulcsError::NotFound { .. })
    ));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn rotation_from_degrees_is_cores_rule() {
    assert_eq!(rotation_from_degrees(270).unwrap(), Rotation::R270);
    assert_eq!(rotation_from_degrees(-90).unwrap(), Rotation::R270);
    match rotation_from_degrees(45) {
        Err(KulcsError::InvalidInput { field, kind, .. }) => {
            assert_eq!(
                (field.as_str(), kind),
                ("rotation", ErrorKind::InvalidRotation)
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn keep_only_deletes_the_other_duplicates_at_once() {
    let dir = temp_dir("keep-only");
    let path = dir.join("vault.kulcs").display().to_string();
    let (vault, keys) = new_vault(&dir);
    let old = add(&vault, "kovacs.janos", "JBSWY3DPEHPK3PXP");
    let live = add(&vault, "kovacs.janos", "KULCSPELDAKULCS2");
    let unrelated = add(&vault, "nagy.anna", "MFRGGZDFMZTWQ2LK");
    assert!(vault.code_row(old.clone(), AT).unwrap().duplicate);
    assert_eq!(
        vault.keep_only(live.clone(), NOW_MS + 1).unwrap(),
        [old.clone()]
    );
    assert!(vault
        .keep_only(live.clone(), NOW_MS + 2)
        .unwrap()
        .is_empty());
    drop(vault);
    let reopened = Vault::open(path, keys).unwrap();
    let ids: Vec<String> = reopened
        .code_rows(AT, None, None)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, [live, unrelated]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_scanned_text_is_classified_by_core() {
    assert!(matches!(
        classify_scan("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP".into()),
        ScanPayload::Enrolment { account } if account.label == "b"
    ));
    assert!(matches!(
        classify_scan("otpauth://totp/A:b?issuer=A".into()),
        ScanPayload::Refused {
            kind: ErrorKind::MissingSecret
        }
    ));
    assert!(matches!(
        classify_scan("https://example.com".into()),
        ScanPayload::Refused {
            kind: ErrorKind::NotAnEnrolment
        }
    ));
    let offer = TransferReceiver::new(AT).unwrap().offer_text().unwrap();
    assert!(matches!(classify_scan(offer), ScanPayload::TransferOffer));
}

#[test]
fn calibration_stores_the_offset_of_an_accepted_code() {
    let dir = temp_dir("calibrate");
    let (vault, _) = new_vault(&dir);
    let id = add(&vault, "kovacs.janos", "JBSWY3DPEHPK3PXP");
    let accepted = ugyfelkapu_key().code_at(default_otp_params(), AT).unwrap();
    // The phone is 95 s fast.
    let offset = vault
        .calibrate_clock_offset(id.clone(), accepted.clone(), AT + 95, NOW_MS)
        .unwrap();
    assert_eq!(offset % 30, 0);
    assert_eq!(vault.clock_offset().unwrap(), offset);
    assert_eq!(vault.code_row(id.clone(), AT + 95).unwrap().code, accepted);
    let far = ugyfelkapu_key()
        .code_at(default_otp_params(), AT + 3 * 86_400)
        .unwrap();
    match vault.calibrate_clock_offset(id, far, AT, NOW_MS) {
        Err(KulcsError::InvalidInput { field, kind, .. }) => {
            assert_eq!(
                (field.as_str(), kind),
                ("clock_offset", ErrorKind::NoMatchingOffset)
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(vault.clock_offset().unwrap(), offset, "unchanged");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn add_screen_rules_come_from_core() {
    assert_eq!(clipboard_clear_seconds(), 30);
    let params = default_otp_params();
    assert_eq!(auto_confirm_digits(params), 6);
    assert!(typed_code_complete(params, "461 751".into()));
    assert!(!typed_code_complete(params, "4617".into()));
    assert!(can_save_key(
        true,
        "".into(),
        "kovacs.janos".into(),
        "jbsw y3dp ehpk 3pxp".into(),
        true
    ));
    assert!(!can_save_key(
        true,
        "".into(),
        "\u{a0}".into(),
        "JBSWY3DPEHPK3PXP".into(),
        true
    ));
    assert!(!can_save_key(
        false,
        " ".into(),
        "alice".into(),
        "JBSWY3DPEHPK3PXP".into(),
        true
    ));
    assert!(!can_save_key(
        true,
        "".into(),
        "kovacs.janos".into(),
        "JBSWY3DPEHPK3PXP".into(),
        false
    ));
}
