//! The wire text: offers round-trip, kinds and versions are told apart, frame headers and
//! expiry are bounded.

use super::offer;
use crate::base45;
use crate::transfer::protocol::{
    check_expiry, max_body_for_chars, FrameView, Offer, FRAME_HEADER_LEN, OFFER_BODY_LEN, TAG_LEN,
};
use crate::transfer::{
    inspect, ScannedTransfer, TransferError, FRAME_PREFIX, MAX_FRAMES, MAX_OFFER_LIFETIME_SECS,
    OFFER_PREFIX,
};

fn frame_text(index: u8, count: u8) -> String {
    let mut body = vec![1u8];
    body.extend_from_slice(&[0x5a; 16]);
    body.extend_from_slice(&[index, count]);
    body.extend_from_slice(&[3; 32]);
    body.extend_from_slice(&[0; TAG_LEN]);
    format!("{FRAME_PREFIX}{}", base45::encode(&body))
}

#[test]
fn an_offer_round_trips_through_its_text() {
    let o = offer(1_700_000_600);
    assert_eq!(o.body().len(), OFFER_BODY_LEN);
    let text = o.to_text();
    assert!(text.starts_with(OFFER_PREFIX));
    assert_eq!(Offer::parse(&text).unwrap(), o);
    assert_eq!(inspect(&text).unwrap(), ScannedTransfer::Offer);
    assert_eq!(Offer::from_body(&o.body()).unwrap().digest(), o.digest());
}

#[test]
fn kinds_versions_and_damage_are_told_apart() {
    let o = offer(1_700_000_600);
    assert_eq!(
        Offer::parse(&frame_text(0, 1)),
        Err(TransferError::WrongKind {
            expected: "offer",
            found: "frame"
        })
    );
    assert_eq!(
        Offer::parse("KULCS:O7:ABC"),
        Err(TransferError::UnsupportedVersion { found: 7 })
    );
    assert_eq!(
        Offer::parse("otpauth://totp/x"),
        Err(TransferError::NotTransferData)
    );
    // Version byte inside the body changed: refused, not misread.
    let mut body = o.body();
    body[0] = 2;
    let text = format!("{OFFER_PREFIX}{}", base45::encode(&body));
    assert_eq!(
        Offer::parse(&text),
        Err(TransferError::UnsupportedVersion { found: 2 })
    );
    // One byte short.
    let short = format!(
        "{OFFER_PREFIX}{}",
        base45::encode(&o.body()[..OFFER_BODY_LEN - 1])
    );
    assert!(matches!(
        Offer::parse(&short),
        Err(TransferError::Malformed { .. })
    ));
    // Not Base45 at all.
    assert!(matches!(
        Offer::parse(&format!("{OFFER_PREFIX}a")),
        Err(TransferError::Malformed { .. })
    ));
}

#[test]
fn frame_headers_are_bounded() {
    assert_eq!(
        inspect(&frame_text(2, 3)).unwrap(),
        ScannedTransfer::Frame { index: 2, count: 3 }
    );
    let f = FrameView::parse(&frame_text(0, 1)).unwrap();
    assert_eq!(f.header().len(), FRAME_HEADER_LEN);
    assert_eq!(f.sender_key, [3; 32]);
    for (index, count) in [(0, 0), (3, 3), (0, MAX_FRAMES as u8 + 1)] {
        assert!(
            matches!(
                FrameView::parse(&frame_text(index, count)),
                Err(TransferError::Malformed { .. })
            ),
            "{index}/{count}"
        );
    }
    let mut body = base45::decode(&frame_text(0, 1)[FRAME_PREFIX.len()..]).unwrap();
    body.pop();
    assert!(FrameView::from_body(body).is_err());
}

#[test]
fn expiry_is_inclusive_and_lifetime_capped() {
    let now = 1_700_000_000;
    assert_eq!(check_expiry(&offer(now), now), Ok(()));
    assert_eq!(
        check_expiry(&offer(now), now + 1),
        Err(TransferError::Expired { expired_at: now })
    );
    let max = MAX_OFFER_LIFETIME_SECS as i64;
    assert_eq!(check_expiry(&offer(now + max), now), Ok(()));
    assert_eq!(
        check_expiry(&offer(now + max + 1), now),
        Err(TransferError::LifetimeTooLong)
    );
}

#[test]
fn the_largest_body_for_a_text_length_fits_it_exactly() {
    for chars in [FRAME_PREFIX.len() + 2, 100, 970, 971, 972] {
        let n = max_body_for_chars(chars);
        let fits = FRAME_PREFIX.len() + base45::encode(&vec![0xff; n]).len();
        let over = FRAME_PREFIX.len() + base45::encode(&vec![0xff; n + 1]).len();
        assert!(fits <= chars && over > chars, "{chars}: {n}");
    }
}
