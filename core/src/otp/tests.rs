//! Unit tests of code generation: ten digits, times before the epoch, window and expiry edges,
//! verification, Steam.

use super::*;
use crate::secret::Secret;

fn rfc_sha1() -> Secret {
    Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap()
}

#[test]
fn ten_digits_do_not_panic() {
    let p = OtpParams {
        digits: 10,
        ..OtpParams::totp_default()
    };
    let c = code_at(&rfc_sha1(), &p, 59).unwrap();
    assert_eq!(c.as_str(), "1094287082");
}

#[test]
fn before_epoch_is_a_typed_error() {
    assert_eq!(
        code_at(&rfc_sha1(), &OtpParams::totp_default(), -1),
        Err(OtpError::TimeBeforeEpoch)
    );
    assert_eq!(corrected_time(i64::MAX, 1), Err(OtpError::TimeOutOfRange));
}

#[test]
fn window_boundaries() {
    let p = OtpParams::totp_default();
    let at_start = code_window(&rfc_sha1(), &p, 60).unwrap();
    assert_eq!(at_start.valid_for, Some(30));
    assert!(!at_start.expiring_soon);
    let late = code_window(&rfc_sha1(), &p, 80).unwrap();
    assert_eq!(late.valid_for, Some(10));
    assert!(late.expiring_soon);
    assert_eq!(late.next, code_at(&rfc_sha1(), &p, 90).unwrap());
}

#[test]
fn expiry_rule_for_odd_periods() {
    assert!(is_expiring_soon(1, 1));
    assert!(is_expiring_soon(5, 10) && !is_expiring_soon(6, 10));
    assert!(is_expiring_soon(20, 60) && !is_expiring_soon(21, 60));
}

#[test]
fn verify_finds_previous_step() {
    let p = OtpParams::totp_default();
    let prev = code_at(&rfc_sha1(), &p, 30).unwrap();
    assert_eq!(
        verify(&rfc_sha1(), &p, 65, prev.as_str(), 1).unwrap(),
        Some(-1)
    );
    assert_eq!(
        verify(&rfc_sha1(), &p, 125, prev.as_str(), 1).unwrap(),
        None
    );
}

#[test]
fn steam_code_shape() {
    let c = code_at(&rfc_sha1(), &OtpParams::steam(), 59).unwrap();
    assert_eq!(c.as_str().len(), 5);
    assert!(c.as_str().bytes().all(|b| STEAM_ALPHABET.contains(&b)));
}
