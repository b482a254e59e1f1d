//! Google Authenticator `otpauth-migration` import/export: a real-world-shaped payload, multi-code
//! collection in any order, foreign codes, per-account export warnings, and the scan classifier.

use crate::support::accounts;

use kulcs_core::credential::Credential;
use kulcs_core::migration::{
    self, ExportIssue, ImportNote, MigrationCollector, MigrationError, SkipReason,
};
use kulcs_core::otp::{Algorithm, OtpKind, OtpParams};
use kulcs_core::payload::{classify, Payload};
use kulcs_core::secret::Secret;
use prost::Message;

// Hand-built with Google's field numbers: one TOTP "Example:alice" (issuer Example, SHA1, six
// digits) and one HOTP with counter 5, batch 0 of 1, id 42. The data below is what
// `echo <hex> | xxd -r -p | base64` gives for the protobuf bytes.
fn google_payload() -> migration::proto::MigrationPayload {
    use migration::proto::*;
    MigrationPayload {
        otp_parameters: vec![
            OtpParameters {
                secret: b"Hello!\xde\xad\xbe\xef".to_vec(),
                name: "Example:alice@example.com".into(),
                issuer: "Example".into(),
                algorithm: 1,
                digits: 1,
                r#type: 2,
                counter: 0,
            },
            OtpParameters {
                secret: b"12345678901234567890".to_vec(),
                name: "bob".into(),
                issuer: String::new(),
                algorithm: 0,
                digits: 0,
                r#type: 1,
                counter: 5,
            },
            OtpParameters {
                secret: vec![1, 2, 3],
                name: "md5".into(),
                issuer: "Old".into(),
                algorithm: 4,
                digits: 1,
                r#type: 2,
                counter: 0,
            },
        ],
        version: 1,
        batch_size: 1,
        batch_index: 0,
        batch_id: 42,
    }
}

fn uri(p: &migration::proto::MigrationPayload) -> String {
    let b64 = data_encoding::BASE64.encode(&p.encode_to_vec());
    format!(
        "otpauth-migration://offline?data={}",
        b64.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    )
}

#[test]
fn imports_google_payload_and_reports_skips() {
    let b = migration::parse(&uri(&google_payload())).unwrap();
    assert_eq!((b.batch_id, b.batch_index, b.batch_size), (42, 0, 1));
    assert_eq!(b.accounts.len(), 2);
    let alice = &b.accounts[0];
    assert_eq!(alice.credential.issuer, "Example");
    assert_eq!(alice.credential.label, "alice@example.com");
    assert_eq!(alice.notes, vec![ImportNote::IssuerPrefixRemoved]);
    assert_eq!(alice.credential.params, OtpParams::totp_default());
    let bob = &b.accounts[1];
    assert_eq!(bob.credential.params, OtpParams::hotp(5));
    assert_eq!(bob.notes, vec![ImportNote::DefaultsAssumed]);
    assert_eq!(
        bob.credential.code_window(0).unwrap().code.as_str(),
        "254676"
    ); // RFC 4226 count 5
    assert_eq!(b.skipped.len(), 1);
    assert_eq!(b.skipped[0].reason, SkipReason::UnsupportedAlgorithm(4));
    assert_eq!(b.skipped[0].display_name, "Old (md5)");
}

#[test]
fn accepts_unencoded_and_urlsafe_base64() {
    let raw = data_encoding::BASE64.encode(&google_payload().encode_to_vec());
    assert!(migration::parse(&format!("otpauth-migration://offline?data={raw}")).is_ok());
    let spaced = raw.replace('+', " ");
    assert!(migration::parse(&format!("otpauth-migration://offline?data={spaced}")).is_ok());
    let urlsafe = data_encoding::BASE64URL_NOPAD.encode(&google_payload().encode_to_vec());
    assert!(migration::parse(&format!("OTPAUTH-MIGRATION://offline?data={urlsafe}")).is_ok());
}

#[test]
fn refusals_are_typed() {
    assert_eq!(
        migration::parse("otpauth://totp/x?secret=AA").unwrap_err(),
        MigrationError::NotMigration
    );
    assert_eq!(
        migration::parse("otpauth-migration://offline?foo=1").unwrap_err(),
        MigrationError::MissingData
    );
    assert_eq!(
        migration::parse("otpauth-migration://offline?data=!!!").unwrap_err(),
        MigrationError::BadBase64
    );
    assert_eq!(
        migration::parse("otpauth-migration://offline?data=%FF%FF%FF%FF")
            .unwrap_err()
            .kind(),
        "BadBase64"
    );
    assert_eq!(
        migration::parse("otpauth-migration://offline?data=/////w%3D%3D").unwrap_err(),
        MigrationError::BadProtobuf
    );
    let mut p = google_payload();
    p.batch_index = 3;
    p.batch_size = 2;
    assert_eq!(
        migration::parse(&uri(&p)).unwrap_err(),
        MigrationError::BadBatch { index: 3, size: 2 }
    );
    // Truncating the data never panics.
    let u = uri(&google_payload());
    for len in 0..u.len() {
        let _ = migration::parse(&u[..len]);
    }
}

#[test]
fn collects_batches_in_any_order_and_rejects_other_exports() {
    let accounts = accounts::ugyfelkapu_accounts(25, b"google", false);
    let creds: Vec<Credential> = accounts.iter().map(|a| a.credential.clone()).collect();
    let out = migration::export(&creds, 777);
    assert_eq!(out.uris.len(), 3);
    assert_eq!(out.exported, 25);
    assert!(out.warnings.is_empty());
    let mut c = MigrationCollector::new();
    assert_eq!(c.add(&out.uris[2]).unwrap().to_string(), "1/3");
    assert_eq!(c.missing(), vec![0, 1]);
    assert!(matches!(
        c.finish(),
        Err(MigrationError::Incomplete {
            received: 1,
            total: 3
        })
    ));
    let other = migration::export(&creds, 778);
    assert_eq!(
        c.add(&other.uris[0]).unwrap_err(),
        MigrationError::OtherExport
    );
    let again = c.add(&out.uris[2]).unwrap();
    assert!(!again.was_new);
    assert_eq!(c.add(&out.uris[0]).unwrap().to_string(), "2/3");
    assert_eq!(c.add(&out.uris[1]).unwrap().to_string(), "3/3");
    let result = c.finish().unwrap();
    let back: Vec<Credential> = result.accounts.into_iter().map(|a| a.credential).collect();
    assert_eq!(back, creds);
    assert!(result.skipped.is_empty());
}

#[test]
fn export_warns_per_account_and_never_drops_silently() {
    let key = || Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap();
    let mk = |label: &str, params: OtpParams| Credential {
        issuer: "X".into(),
        label: label.into(),
        secret: key(),
        params,
    };
    let creds = vec![
        mk("ok", OtpParams::totp_default()),
        mk(
            "sha256",
            OtpParams {
                algorithm: Algorithm::Sha256,
                ..OtpParams::totp_default()
            },
        ),
        mk(
            "seven",
            OtpParams {
                digits: 7,
                ..OtpParams::totp_default()
            },
        ),
        mk(
            "sixty",
            OtpParams {
                period: 60,
                ..OtpParams::totp_default()
            },
        ),
        mk("steam", OtpParams::steam()),
        mk(
            "eight",
            OtpParams {
                digits: 8,
                ..OtpParams::totp_default()
            },
        ),
        mk("hotp", OtpParams::hotp(9)),
    ];
    let out = migration::export(&creds, 1);
    assert_eq!(out.exported, 4);
    let issues: Vec<(usize, ExportIssue)> = out
        .warnings
        .iter()
        .map(|w| (w.index, w.issue.clone()))
        .collect();
    assert_eq!(
        issues,
        vec![
            (1, ExportIssue::AlgorithmMayBeIgnored(Algorithm::Sha256)),
            (2, ExportIssue::DigitsUnsupported(7)),
            (3, ExportIssue::PeriodUnsupported(60)),
            (4, ExportIssue::SteamUnsupported),
        ]
    );
    // Every input account is either exported or named in a warning that excludes it.
    let excluded: Vec<usize> = out
        .warnings
        .iter()
        .filter(|w| w.issue.excluded())
        .map(|w| w.index)
        .collect();
    assert_eq!(out.exported + excluded.len(), creds.len());
    let mut c = MigrationCollector::new();
    c.add(&out.uris[0]).unwrap();
    let labels: Vec<String> = c
        .finish()
        .unwrap()
        .accounts
        .into_iter()
        .map(|a| a.credential.label)
        .collect();
    assert_eq!(labels, ["ok", "sha256", "eight", "hotp"]);
    assert!(creds
        .iter()
        .all(|c| c.params.kind != OtpKind::Steam || !labels.contains(&c.label)));
}

#[test]
fn export_qr_images_decode_with_the_core_decoder() {
    let accounts = accounts::ugyfelkapu_accounts(10, b"google-png", false);
    let creds: Vec<Credential> = accounts.iter().map(|a| a.credential.clone()).collect();
    let out = migration::export(&creds, 5);
    let png = kulcs_core::qr_render::png(&out.uris[0]).unwrap();
    let text = &kulcs_core::qr::decode_image_bytes_with(
        &png,
        &kulcs_core::qr::DecodeOptions {
            budget: std::time::Duration::from_secs(20),
            exhaustive: false,
        },
    )
    .unwrap()[0]
        .text;
    assert_eq!(
        classify(text),
        Payload::GoogleMigration {
            index: 0,
            size: 1,
            accounts: 10
        }
    );
    assert_eq!(
        classify(text).hint(),
        "Google Authenticator export, batch 1/1 (10 accounts)"
    );
}

#[test]
fn classifier_hints() {
    use kulcs_core::random::SeededRandom;
    use kulcs_core::transfer::{CodeLedger, PendingSend, Receiver};
    assert!(matches!(
        classify("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"),
        Payload::Otpauth(_)
    ));
    assert!(matches!(
        classify("otpauth://totp/A:b"),
        Payload::BrokenOtpauth(_)
    ));
    assert!(matches!(
        classify("otpauth-migration://offline?data=!"),
        Payload::BrokenGoogleMigration(_)
    ));
    assert_eq!(classify("HTTPS://ugyfelkapu.gov.hu"), Payload::Url);
    assert_eq!(
        classify("WIFI:S:home;;").hint(),
        "found a QR code, but it is not an authenticator code (Wi-Fi network details)"
    );
    let rng = SeededRandom::new(b"classify");
    let mut r = Receiver::new(0, 600, &rng).unwrap();
    assert_eq!(classify(&r.offer().to_text()), Payload::TransferOffer);
    let p = PendingSend::scan(&r.offer().to_text(), 0).unwrap();
    let code = r.reveal_code(&rng).unwrap();
    let frames = p
        .confirm(code.digits(), 0, &rng, &mut CodeLedger::default())
        .map_err(|failed| failed.error)
        .unwrap()
        .frames(&[0u8; 900], 400)
        .unwrap();
    assert_eq!(
        classify(&frames[1]),
        Payload::TransferFrame {
            index: 1,
            count: frames.len()
        }
    );
    assert!(matches!(
        classify("KULCS:F1:zz"),
        Payload::BrokenTransfer(_)
    ));
    assert!(matches!(
        classify("KULCS:O2:00"),
        Payload::BrokenTransfer(_)
    ));
}

#[test]
fn debug_output_never_shows_secrets() {
    let p = google_payload();
    let shown = format!(
        "{p:?} {:?}",
        migration::export(
            &[Credential::ugyfelkapu(
                "x",
                Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap()
            )],
            1
        )
    );
    assert!(
        !shown.contains("72, 101, 108") && !shown.contains("Hello") && !shown.contains("data="),
        "{shown}"
    );
}
