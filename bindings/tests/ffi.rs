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
            assert_eq!((field.as_str(), kind.as_str()), ("key", "InvalidCharacter"))
        }
        other => panic!("{other:?}"),
    }
    match parse_uri("otpauth://totp/x?issuer=a".into()) {
        Err(KulcsError::InvalidInput { field, kind, .. }) => {
            assert_eq!((field.as_str(), kind.as_str()), ("uri", "MissingSecret"))
        }
        other => panic!("{other:?}"),
    }
    let key = SetupKey::from_hex("3132333435363738393031323334353637383930".into()).unwrap();
    match key.code_at(default_otp_params(), -1) {
        Err(KulcsError::InvalidInput { kind, .. }) => assert_eq!(kind, "TimeBeforeEpoch"),
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
