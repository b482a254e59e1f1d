//! Per-account QR codes: an `otpauth://` URI rendered as PNG decodes (with the core decoder) to
//! the same credential; terminal rendering draws the same modules; Google export PNGs decode.

use kulcs_core::credential::Credential;
use kulcs_core::otp::{Algorithm, OtpParams};
use kulcs_core::otpauth;
use kulcs_core::qr_render;
use kulcs_core::secret::Secret;

#[test]
fn otpauth_png_round_trips_through_the_decoder() {
    let creds = [
        Credential::ugyfelkapu(
            "kovacs.janos",
            Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
        ),
        Credential {
            issuer: "Példa Bank".into(),
            label: "anna+2fa@example.com".into(),
            secret: Secret::from_bytes((0..64).collect()).unwrap(),
            params: OtpParams {
                algorithm: Algorithm::Sha512,
                digits: 8,
                period: 60,
                ..OtpParams::totp_default()
            },
        },
        Credential {
            issuer: "Steam".into(),
            label: "gamer".into(),
            secret: Secret::from_bytes(vec![7; 20]).unwrap(),
            params: OtpParams::steam(),
        },
    ];
    for c in &creds {
        let png = qr_render::otpauth_png(c).unwrap();
        let text = &kulcs_core::qr::decode_image_bytes_with(
            &png,
            &kulcs_core::qr::DecodeOptions {
                budget: std::time::Duration::from_secs(20),
                exhaustive: false,
            },
        )
        .unwrap()[0]
            .text;
        assert_eq!(&otpauth::parse(text).unwrap().credential, c);
    }
}

#[test]
fn terminal_rendering_has_one_row_per_two_modules() {
    let text = "KULCS:O1:EXAMPLE";
    let t = qr_render::terminal(text).unwrap();
    let version = qr_render::version_for(text).unwrap() as usize;
    let modules = 17 + 4 * version + 8; // with the quiet zone
    assert_eq!(t.lines().count(), modules.div_ceil(2));
    assert!(t.lines().all(|l| l.chars().count() == modules));
    let c = Credential::ugyfelkapu("x", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap());
    assert!(!qr_render::otpauth_terminal(&c).unwrap().is_empty());
}

#[test]
fn oversized_text_is_a_typed_error() {
    let huge = "A".repeat(5000);
    assert!(matches!(
        qr_render::png(&huge),
        Err(qr_render::RenderError::TooLong { chars: 5000 })
    ));
    assert_eq!(qr_render::version_for(&huge), None);
}
