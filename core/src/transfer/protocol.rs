//! Owns the transfer wire format: the constants, the offer and the frame header as text and
//! bytes (parsing and classification; nothing here is secret or decrypted).

use super::error::TransferError;
use crate::base45;

/// Text prefix of an offer QR code (format version 1). All characters are in the QR
/// alphanumeric alphabet, like the Base45 body that follows.
pub const OFFER_PREFIX: &str = "KULCS:O1:";
/// Text prefix of a frame QR code (format version 1).
pub const FRAME_PREFIX: &str = "KULCS:F1:";
/// The binary format version carried (and authenticated) inside offers and frames.
pub const VERSION: u8 = 1;
/// Length of a session id in bytes.
pub const SESSION_ID_LEN: usize = 16;
/// How long an offer is valid by default: ten minutes.
pub const DEFAULT_OFFER_LIFETIME_SECS: u64 = 600;
/// Offers claiming a longer lifetime than this (one day) are refused.
pub const MAX_OFFER_LIFETIME_SECS: u64 = 86_400;
/// The most frames one transfer may have.
pub const MAX_FRAMES: usize = 64;
/// Codes that may be typed against one offer (typing mistakes) before the sender abandons it.
/// Counted in the persistent code ledger, so restarts do not reset it.
pub const MAX_CODE_ATTEMPTS: u8 = 5;
/// Frames that fail authentication before the receiver ends the session
/// ([`TransferError::TooManyBadFrames`]): only `K` (20 bits) is unknown to someone who saw the
/// offer, so forgery attempts must be bounded.
pub const MAX_FAILED_FRAMES: u8 = 3;
/// Digits in the confirmation code: 6 digits of key `K` followed by 6 digits of tag.
pub const CODE_DIGITS: usize = 12;

pub(crate) const OFFER_BODY_LEN: usize = 1 + SESSION_ID_LEN + 8 + 32;
pub(crate) const FRAME_HEADER_LEN: usize = 1 + SESSION_ID_LEN + 1 + 1 + 32;
pub(crate) const TAG_LEN: usize = 16;

/// Frame overhead in bytes before Base45: header plus AEAD tag.
pub const FRAME_OVERHEAD: usize = FRAME_HEADER_LEN + TAG_LEN;

/// What the receiving device shows first: its ephemeral X25519 public key, a random session id
/// and an expiry. Contains nothing secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// Random session id; frames carry it.
    pub session_id: [u8; SESSION_ID_LEN],
    /// Unix seconds after which the session is refused.
    pub expires_unix: i64,
    /// The receiver's ephemeral X25519 public key.
    pub receiver_key: [u8; 32],
}

impl Offer {
    /// The 57-byte binary body: version, session id, expiry (u64 BE), public key.
    pub fn body(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(OFFER_BODY_LEN);
        b.push(VERSION);
        b.extend_from_slice(&self.session_id);
        b.extend_from_slice(&(self.expires_unix.max(0) as u64).to_be_bytes());
        b.extend_from_slice(&self.receiver_key);
        b
    }

    /// The QR text: [`OFFER_PREFIX`] + Base45(body).
    pub fn to_text(&self) -> String {
        format!("{OFFER_PREFIX}{}", base45::encode(&self.body()))
    }

    /// Parses an offer's QR text (structure only; expiry is checked by
    /// [`super::PendingSend::scan`]).
    pub fn parse(text: &str) -> Result<Offer, TransferError> {
        Offer::from_body(&strip_and_decode(text, Kind::Offer)?)
    }

    /// SHA-256 of the body: what the code ledger records an offer by.
    pub fn digest(&self) -> [u8; 32] {
        let d = ring::digest::digest(&ring::digest::SHA256, &self.body());
        let mut out = [0u8; 32];
        out.copy_from_slice(d.as_ref());
        out
    }

    /// Parses a 57-byte offer body (as kept in saved state).
    pub(crate) fn from_body(body: &[u8]) -> Result<Offer, TransferError> {
        if body.first() != Some(&VERSION) {
            return Err(TransferError::Malformed {
                what: "offer version",
            });
        }
        if body.len() != OFFER_BODY_LEN {
            return Err(TransferError::Malformed {
                what: "offer length",
            });
        }
        let mut session_id = [0u8; SESSION_ID_LEN];
        session_id.copy_from_slice(&body[1..17]);
        let expires = u64::from_be_bytes(
            body[17..25]
                .try_into()
                .map_err(|_| TransferError::Malformed { what: "expiry" })?,
        );
        let expires_unix =
            i64::try_from(expires).map_err(|_| TransferError::Malformed { what: "expiry" })?;
        let mut receiver_key = [0u8; 32];
        receiver_key.copy_from_slice(&body[25..57]);
        Ok(Offer {
            session_id,
            expires_unix,
            receiver_key,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Offer,
    Frame,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Offer => "offer",
            Kind::Frame => "frame",
        }
    }
}

/// Checks the prefix, the version and the Base45 body of a scanned text.
fn strip_and_decode(text: &str, expected: Kind) -> Result<Vec<u8>, TransferError> {
    let (found, rest) = if let Some(r) = text.strip_prefix(OFFER_PREFIX) {
        (Kind::Offer, r)
    } else if let Some(r) = text.strip_prefix(FRAME_PREFIX) {
        (Kind::Frame, r)
    } else if let Some(v) = other_version(text) {
        return Err(TransferError::UnsupportedVersion { found: v });
    } else {
        return Err(TransferError::NotTransferData);
    };
    if found != expected {
        return Err(TransferError::WrongKind {
            expected: expected.name(),
            found: found.name(),
        });
    }
    let body = base45::decode(rest).ok_or(TransferError::Malformed {
        what: "base45 text",
    })?;
    match body.first() {
        None => Err(TransferError::Malformed { what: "empty body" }),
        Some(&VERSION) => Ok(body),
        Some(&v) => Err(TransferError::UnsupportedVersion { found: v }),
    }
}

/// `KULCS:O7:` / `KULCS:F7:` → Some(7): a Kulcs code of another version.
fn other_version(text: &str) -> Option<u8> {
    let rest = text.strip_prefix("KULCS:")?;
    let mut chars = rest.chars();
    let kind = chars.next()?;
    if kind != 'O' && kind != 'F' {
        return None;
    }
    let digits: String = chars.take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// Kind of a scanned Kulcs transfer text, without decrypting anything (for the scanner's hints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannedTransfer {
    /// A transfer offer (scan it on the sending device).
    Offer,
    /// Frame `index + 1` of `count` (scan it on the receiving device).
    Frame {
        /// Zero-based index.
        index: usize,
        /// Frames in the transfer.
        count: usize,
    },
}

/// Classifies a Kulcs transfer text (structure only; nothing is decrypted).
pub fn inspect(text: &str) -> Result<ScannedTransfer, TransferError> {
    if text.starts_with(OFFER_PREFIX) {
        Offer::parse(text).map(|_| ScannedTransfer::Offer)
    } else {
        let f = FrameView::parse(text)?;
        Ok(ScannedTransfer::Frame {
            index: f.index as usize,
            count: f.count as usize,
        })
    }
}

/// A parsed (not yet authenticated) frame.
pub(crate) struct FrameView {
    pub(crate) body: Vec<u8>,
    pub(crate) session_id: [u8; SESSION_ID_LEN],
    pub(crate) index: u8,
    pub(crate) count: u8,
    pub(crate) sender_key: [u8; 32],
}

impl FrameView {
    /// Parses a frame body (the bytes after Base45), as kept in saved receiver state.
    pub(crate) fn from_body(body: Vec<u8>) -> Result<FrameView, TransferError> {
        match body.first() {
            Some(&VERSION) => {}
            Some(&v) => return Err(TransferError::UnsupportedVersion { found: v }),
            None => return Err(TransferError::Malformed { what: "empty body" }),
        }
        FrameView::check(body)
    }

    pub(crate) fn parse(text: &str) -> Result<FrameView, TransferError> {
        FrameView::check(strip_and_decode(text, Kind::Frame)?)
    }

    fn check(body: Vec<u8>) -> Result<FrameView, TransferError> {
        if body.len() < FRAME_HEADER_LEN + TAG_LEN {
            return Err(TransferError::Malformed {
                what: "frame length",
            });
        }
        let mut session_id = [0u8; SESSION_ID_LEN];
        session_id.copy_from_slice(&body[1..17]);
        let index = body[17];
        let count = body[18];
        if count == 0 || index >= count || count as usize > MAX_FRAMES {
            return Err(TransferError::Malformed {
                what: "frame index or count",
            });
        }
        let mut sender_key = [0u8; 32];
        sender_key.copy_from_slice(&body[19..51]);
        Ok(FrameView {
            body,
            session_id,
            index,
            count,
            sender_key,
        })
    }

    pub(crate) fn header(&self) -> &[u8] {
        &self.body[..FRAME_HEADER_LEN]
    }
}

/// Refuses an offer that expired, or that claims more than [`MAX_OFFER_LIFETIME_SECS`] of
/// remaining validity.
pub(crate) fn check_expiry(offer: &Offer, now_unix: i64) -> Result<(), TransferError> {
    if now_unix > offer.expires_unix {
        return Err(TransferError::Expired {
            expired_at: offer.expires_unix,
        });
    }
    if offer.expires_unix.saturating_sub(now_unix) > MAX_OFFER_LIFETIME_SECS as i64 {
        return Err(TransferError::LifetimeTooLong);
    }
    Ok(())
}

/// The largest binary frame body whose QR text fits `max_chars` characters.
pub(crate) fn max_body_for_chars(max_chars: usize) -> usize {
    let avail = max_chars.saturating_sub(FRAME_PREFIX.len());
    avail / 3 * 2 + if avail % 3 == 2 { 1 } else { 0 }
}

#[cfg(test)]
mod tests {
    //! Unit tests of the wire text: offer round trips, kinds, versions, frame and expiry bounds.

    use crate::base45;
    use crate::transfer::protocol::{
        check_expiry, max_body_for_chars, FrameView, Offer, FRAME_HEADER_LEN, OFFER_BODY_LEN,
        TAG_LEN,
    };
    use crate::transfer::{
        inspect, ScannedTransfer, TransferError, FRAME_PREFIX, MAX_FRAMES, MAX_OFFER_LIFETIME_SECS,
        OFFER_PREFIX,
    };

    fn offer(expires_unix: i64) -> Offer {
        Offer {
            session_id: [0x5a; 16],
            expires_unix,
            receiver_key: [0x42; 32],
        }
    }

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
}
