//! Owns the 12-digit confirmation code: the receiver's secret `K`, its tag over the offer, and
//! reading what the user typed.

use ring::hmac;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::protocol::{Offer, CODE_DIGITS};

const CODE_MAC_LABEL: &[u8] = b"KULCS-TRANSFER-CODE-V1";

/// The 12-digit confirmation code: 6 random digits `K` chosen by the receiver, then 6 digits of
/// `HMAC-SHA256(K, label ‖ offer body)`. Shown on the receiver only after the sender has
/// scanned the offer, typed into the sender. See `docs/transfer.md` §4.
#[derive(Clone, PartialEq, Eq)]
pub struct ConfirmationCode(Zeroizing<String>);

impl ConfirmationCode {
    pub(crate) fn new(k: u32, offer: &Offer) -> Self {
        let k_digits = Zeroizing::new(format!("{k:06}"));
        let tag = code_tag(&k_digits, offer);
        ConfirmationCode(Zeroizing::new(format!("{}{}", &*k_digits, &*tag)))
    }

    /// The 12 digits without separators.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The code as shown: `123 456 789 012`.
    pub fn display(&self) -> String {
        let d = self.0.as_bytes();
        d.chunks(3)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl std::fmt::Debug for ConfirmationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConfirmationCode(<redacted>)")
    }
}

/// The six tag digits for `K` (as 6 ASCII digits) and `offer`.
fn code_tag(k_digits: &str, offer: &Offer) -> Zeroizing<String> {
    let key = hmac::Key::new(hmac::HMAC_SHA256, k_digits.as_bytes());
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(CODE_MAC_LABEL);
    ctx.update(&offer.body());
    let mac = ctx.sign();
    let mut first = [0u8; 4];
    first.copy_from_slice(&mac.as_ref()[..4]);
    Zeroizing::new(format!("{:06}", u32::from_be_bytes(first) % 1_000_000))
}

/// What the user typed, read as far as it goes.
pub(crate) struct Typed {
    /// `K`: the first six digits typed, if at least six were.
    pub(crate) k: Option<u32>,
    /// All 12 digits, when the text is exactly 12 digits plus spaces and dashes.
    pub(crate) digits: Option<Zeroizing<String>>,
}

/// Reads a typed code. `k` is set as soon as six digits are present (whatever follows), so the
/// sender can record `K` before any other check.
pub(crate) fn read_typed(typed: &str) -> Typed {
    let mut all = Zeroizing::new(String::new());
    let mut clean = true;
    for c in typed.chars() {
        if c.is_ascii_digit() {
            all.push(c);
        } else if !(c.is_whitespace() || c == '-') {
            clean = false;
        }
    }
    let k = all.get(..6).and_then(|d| d.parse().ok());
    let digits = (clean && all.len() == CODE_DIGITS).then_some(all);
    Typed { k, digits }
}

/// True when the 12 `digits` are `K ‖ tag(K, offer)` (constant-time comparison of the tag).
pub(crate) fn matches(digits: &str, offer: &Offer) -> bool {
    let expected = code_tag(&digits[..6], offer);
    bool::from(expected.as_bytes().ct_eq(&digits.as_bytes()[6..]))
}

#[cfg(test)]
mod tests {
    //! Unit tests. The confirmation code: `K` then a tag bound to the offer; what the user types is
    //! read leniently but completely.

    use crate::transfer::code::{matches, read_typed};
    use crate::transfer::keys::tests::offer;
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
}
