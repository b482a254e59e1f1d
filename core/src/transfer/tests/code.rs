//! The confirmation code: `K` then a tag bound to the offer; what the user types is read
//! leniently but completely.

use super::offer;
use crate::transfer::code::{matches, read_typed};
use crate::transfer::ConfirmationCode;

#[test]
fn a_code_is_k_then_a_tag_bound_to_its_offer() {
    let o = offer(1_700_000_600);
    let code = ConfirmationCode::new(42, &o);
    let d = code.digits();
    assert_eq!(d.len(), 12);
    assert!(d.starts_with("000042"));
    assert!(matches(d, &o));
    // Another offer, another tag.
    assert!(!matches(d, &offer(1_700_000_601)));
    // One tag digit changed.
    let mut bad = d.to_string().into_bytes();
    bad[11] = if bad[11] == b'9' { b'0' } else { bad[11] + 1 };
    assert!(!matches(std::str::from_utf8(&bad).unwrap(), &o));
    assert_eq!(code.display().len(), 15);
    assert_eq!(&code.display()[..7], "000 042");
    assert_eq!(format!("{code:?}"), "ConfirmationCode(<redacted>)");
}

#[test]
fn typed_codes_are_read_as_far_as_they_go() {
    let t = read_typed("123 456-789 012");
    assert_eq!(t.k, Some(123_456));
    assert_eq!(
        t.digits.as_deref().map(|s| s.as_str()),
        Some("123456789012")
    );
    // Six digits are enough for K (recorded before anything else), not for the code.
    let t = read_typed("123456");
    assert_eq!((t.k, t.digits.is_none()), (Some(123_456), true));
    // A stray letter spoils the code, not K.
    let t = read_typed("123456 78901x2");
    assert_eq!((t.k, t.digits.is_none()), (Some(123_456), true));
    let t = read_typed("12345");
    assert_eq!((t.k, t.digits.is_none()), (None, true));
    assert!(read_typed("1234567890123").digits.is_none());
}
