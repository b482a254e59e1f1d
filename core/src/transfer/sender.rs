//! Owns the sending device's two steps: [`PendingSend`] (an offer scanned, nothing secret) and
//! [`ConfirmedSend`] (the code matched: a fresh ephemeral key, frames made once).

use ring::aead;
use zeroize::{Zeroize, Zeroizing};

use super::code::{matches, read_typed};
use super::error::TransferError;
use super::keys::{aead_key, frame_key, frame_nonce, public_key};
use super::ledger::CodeLedgerStore;
use super::protocol::{
    check_expiry, max_body_for_chars, Offer, FRAME_HEADER_LEN, FRAME_OVERHEAD, FRAME_PREFIX,
    MAX_CODE_ATTEMPTS, MAX_FRAMES, OFFER_BODY_LEN, VERSION,
};
use crate::base45;
use crate::random::{random_array, RandomSource};

const SEND_STATE_MAGIC: &[u8; 8] = b"KULCSSS2";
const SEND_STATE_MAGIC_V1: &[u8; 8] = b"KULCSSS1";

/// The sending device after scanning an offer. It holds only the (public) offer: the
/// ephemeral key is drawn by [`PendingSend::confirm`], so every confirmation has its own frame
/// key and nothing here needs protecting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSend {
    offer: Offer,
}

/// A code that did not confirm: why, and the pending send back for another try.
#[derive(Debug)]
pub struct NotConfirmed {
    /// The pending send, unchanged (try again, or drop it).
    pub pending: PendingSend,
    /// Why the code was refused.
    pub error: TransferError,
}

impl PendingSend {
    /// Reads a scanned offer. Refuses expired offers and offers claiming more than
    /// [`super::MAX_OFFER_LIFETIME_SECS`] of remaining validity.
    pub fn scan(offer_text: &str, now_unix: i64) -> Result<PendingSend, TransferError> {
        let offer = Offer::parse(offer_text.trim())?;
        check_expiry(&offer, now_unix)?;
        Ok(PendingSend { offer })
    }

    /// The scanned offer.
    pub fn offer(&self) -> &Offer {
        &self.offer
    }

    /// Checks the 12-digit code typed from the receiver's screen (spaces and dashes allowed).
    /// Only a matching code yields a [`ConfirmedSend`], the one type that can make frames.
    ///
    /// Order (docs/transfer.md §4): as soon as six digits parse, `K` is recorded in `ledger`
    /// against this offer and persisted; only then are the ledger (a `K` first typed against
    /// another offer is [`TransferError::CodeReused`]), the attempt limit, the expiry and the
    /// tag checked. A ledger that cannot be read or written refuses the code
    /// ([`TransferError::LedgerUnavailable`]). On success a fresh X25519 key is drawn from
    /// `rng`.
    pub fn confirm(
        self,
        typed: &str,
        now_unix: i64,
        rng: &dyn RandomSource,
        ledger: &mut dyn CodeLedgerStore,
    ) -> Result<ConfirmedSend, NotConfirmed> {
        match self.check(typed, now_unix, rng, ledger) {
            Ok(c) => Ok(c),
            Err(error) => Err(NotConfirmed {
                pending: self,
                error,
            }),
        }
    }

    fn check(
        &self,
        typed: &str,
        now_unix: i64,
        rng: &dyn RandomSource,
        store: &mut dyn CodeLedgerStore,
    ) -> Result<ConfirmedSend, TransferError> {
        let typed = read_typed(typed);
        let k = typed.k.ok_or(TransferError::CodeFormat)?;
        let mut ledger = store.load()?;
        let tries = ledger.record(k, &self.offer.digest(), now_unix, typed.digits.is_some())?;
        store.persist(&ledger)?;
        let digits = typed.digits.ok_or(TransferError::CodeFormat)?;
        if tries > u32::from(MAX_CODE_ATTEMPTS) {
            return Err(TransferError::TooManyAttempts);
        }
        check_expiry(&self.offer, now_unix)?;
        if !matches(&digits, &self.offer) {
            if tries >= u32::from(MAX_CODE_ATTEMPTS) {
                return Err(TransferError::TooManyAttempts);
            }
            let left = u32::from(MAX_CODE_ATTEMPTS) - tries;
            return Err(TransferError::CodeMismatch {
                attempts_left: u8::try_from(left).unwrap_or(MAX_CODE_ATTEMPTS),
            });
        }
        let private = Zeroizing::new(random_array::<32>(rng)?);
        let sender_key = public_key(&private);
        let key = frame_key(
            &private,
            &self.offer.receiver_key,
            &self.offer,
            &sender_key,
            &digits,
        )?;
        Ok(ConfirmedSend {
            offer: self.offer.clone(),
            sender_key,
            key,
        })
    }

    /// Serialises the pending send (`KULCSSS2` ‖ offer body; not secret).
    pub fn save(&self) -> Vec<u8> {
        let mut out = SEND_STATE_MAGIC.to_vec();
        out.extend_from_slice(&self.offer.body());
        out
    }

    /// Restores a pending send saved with [`PendingSend::save`]. State of format 1
    /// (`KULCSSS1`, which also held a private key and an attempt counter) still opens: only its
    /// offer is kept.
    pub fn restore(bytes: &[u8]) -> Result<PendingSend, TransferError> {
        let body = if let Some(rest) = bytes.strip_prefix(SEND_STATE_MAGIC.as_slice()) {
            (rest.len() == OFFER_BODY_LEN).then_some(rest)
        } else if let Some(rest) = bytes.strip_prefix(SEND_STATE_MAGIC_V1.as_slice()) {
            (rest.len() == OFFER_BODY_LEN + 33).then(|| &rest[..OFFER_BODY_LEN])
        } else {
            None
        };
        let body = body.ok_or(TransferError::BadState)?;
        let offer = Offer::from_body(body).map_err(|_| TransferError::BadState)?;
        Ok(PendingSend { offer })
    }
}

/// The sending device after the code matched: the only state that can encrypt frames. Its key
/// is unique to this confirmation, and [`ConfirmedSend::frames`] consumes it, so no key and
/// nonce ever encrypt two plaintexts.
pub struct ConfirmedSend {
    offer: Offer,
    sender_key: [u8; 32],
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for ConfirmedSend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfirmedSend")
            .field("offer", &self.offer)
            .finish_non_exhaustive()
    }
}

impl ConfirmedSend {
    /// The session this send belongs to.
    pub fn offer(&self) -> &Offer {
        &self.offer
    }

    /// This send's ephemeral X25519 public key (in every frame header).
    pub fn sender_key(&self) -> &[u8; 32] {
        &self.sender_key
    }

    /// Encrypts `payload` into as few frames as fit `max_chars` characters of QR text each
    /// (prefix included), split evenly. Consumes the send: one payload per key.
    pub fn frames(self, payload: &[u8], max_chars: usize) -> Result<Vec<String>, TransferError> {
        let max_body = max_body_for_chars(max_chars);
        if max_body <= FRAME_OVERHEAD {
            return Err(TransferError::TooLarge {
                frames: usize::MAX,
                max: MAX_FRAMES,
            });
        }
        let per = max_body - FRAME_OVERHEAD;
        let n = payload.len().div_ceil(per).max(1);
        if n > MAX_FRAMES {
            return Err(TransferError::TooLarge {
                frames: n,
                max: MAX_FRAMES,
            });
        }
        let chunk = payload.len().div_ceil(n).max(1);
        let aead = aead_key(&self.key)?;
        let mut out = Vec::with_capacity(n);
        for index in 0..n as u8 {
            let start = usize::from(index).saturating_mul(chunk).min(payload.len());
            let part = &payload[start..start.saturating_add(chunk).min(payload.len())];
            let mut body = Vec::with_capacity(FRAME_OVERHEAD + part.len());
            body.push(VERSION);
            body.extend_from_slice(&self.offer.session_id);
            body.push(index);
            body.push(n as u8);
            body.extend_from_slice(&self.sender_key);
            let mut buf = Zeroizing::new(part.to_vec());
            let tag = aead
                .seal_in_place_separate_tag(
                    frame_nonce(index),
                    aead::Aad::from(&body[..FRAME_HEADER_LEN]),
                    &mut buf[..],
                )
                .map_err(|_| TransferError::Crypto)?;
            body.extend_from_slice(&buf);
            body.extend_from_slice(tag.as_ref());
            buf.zeroize();
            out.push(format!("{FRAME_PREFIX}{}", base45::encode(&body)));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    //! Unit tests. A whole session between a receiver and a sender: the payload arrives only under
    //! the shown code, forged frames end the session, both sides resume from saved state.

    use crate::random::SeededRandom;
    use crate::transfer::{CodeLedger, PendingSend, Receiver, TransferError, MAX_FAILED_FRAMES};

    const NOW: i64 = 1_700_000_000;

    fn started(rng: &SeededRandom) -> (Receiver, PendingSend) {
        let r = Receiver::new(NOW, 600, rng).unwrap();
        let p = PendingSend::scan(&r.offer().to_text(), NOW + 1).unwrap();
        (r, p)
    }

    #[test]
    fn the_payload_arrives_over_several_frames_in_any_order() {
        let rng = SeededRandom::new(b"session");
        let (mut r, p) = started(&rng);
        let code = r.reveal_code(&rng).unwrap();
        let send = p
            .confirm(&code.display(), NOW + 2, &rng, &mut CodeLedger::default())
            .unwrap();
        let payload: Vec<u8> = (0..2000u32).map(|i| (i * 7) as u8).collect();
        let frames = send.frames(&payload, 300).unwrap();
        assert!(frames.len() > 2 && frames.iter().all(|f| f.len() <= 300));
        for f in frames.iter().rev() {
            assert!(r.accept(f, NOW + 3).unwrap().was_new);
        }
        assert!(
            !r.accept(&frames[0], NOW + 3).unwrap().was_new,
            "a repeat is not new"
        );
        assert_eq!(&r.payload().unwrap()[..], &payload[..]);
    }

    #[test]
    fn a_wrong_code_is_refused_and_counted() {
        let rng = SeededRandom::new(b"wrong");
        let (mut r, p) = started(&rng);
        let code = r.reveal_code(&rng).unwrap();
        let mut wrong = code.digits().to_string();
        wrong.replace_range(11.., if wrong.ends_with('0') { "1" } else { "0" });
        let mut ledger = CodeLedger::default();
        let err = p.confirm(&wrong, NOW + 2, &rng, &mut ledger).unwrap_err();
        assert_eq!(err.error, TransferError::CodeMismatch { attempts_left: 4 });
        // The right code still works after one mistake; the K is now spent for other offers.
        err.pending
            .confirm(code.digits(), NOW + 3, &rng, &mut ledger)
            .unwrap();
        let (_, other) = started(&rng);
        let reused = other
            .confirm(code.digits(), NOW + 4, &rng, &mut ledger)
            .unwrap_err();
        assert_eq!(reused.error, TransferError::CodeReused);
    }

    #[test]
    fn forged_frames_end_the_session() {
        let rng = SeededRandom::new(b"forged");
        let (mut r, p) = started(&rng);
        let code = r.reveal_code(&rng).unwrap();
        let send = p
            .confirm(code.digits(), NOW + 2, &rng, &mut CodeLedger::default())
            .unwrap();
        let good = send.frames(b"secret accounts", 970).unwrap().remove(0);
        // A frame of another session is refused without counting as a forgery.
        let (mut fresh, _) = started(&rng);
        let err = fresh.accept(&good, NOW + 3).unwrap_err();
        assert_eq!(err, TransferError::WrongSession);
        // Changing one character of the Base45 body breaks authentication (or the header).
        let mut failures = 0;
        for i in 0..MAX_FAILED_FRAMES {
            let mut bytes = good.clone().into_bytes();
            let at = bytes.len() - 1 - usize::from(i);
            bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
            match r.accept(std::str::from_utf8(&bytes).unwrap(), NOW + 3) {
                Err(TransferError::Crypto) => failures += 1,
                Err(TransferError::TooManyBadFrames) => {
                    failures += 1;
                    break;
                }
                other => panic!("forged frame: {other:?}"),
            }
        }
        assert_eq!(failures, MAX_FAILED_FRAMES);
        assert_eq!(
            r.accept(&good, NOW + 3),
            Err(TransferError::TooManyBadFrames)
        );
        assert_eq!(
            r.reveal_code(&rng).unwrap_err(),
            TransferError::TooManyBadFrames
        );
    }

    #[test]
    fn both_sides_resume_from_saved_state() {
        let rng = SeededRandom::new(b"resume");
        let (mut r, p) = started(&rng);
        let p = PendingSend::restore(&p.save()).unwrap();
        let code = r.reveal_code(&rng).unwrap();
        let send = p
            .confirm(code.digits(), NOW + 2, &rng, &mut CodeLedger::default())
            .unwrap();
        let frames = send.frames(&[0xab; 900], 400).unwrap();
        r.accept(&frames[0], NOW + 3).unwrap();
        let mut r = Receiver::restore(&r.save()).unwrap();
        for f in &frames[1..] {
            r.accept(f, NOW + 4).unwrap();
        }
        assert_eq!(&r.payload().unwrap()[..], &[0xab; 900][..]);
        // After the offer expires nothing is accepted.
        assert!(matches!(
            r.accept(&frames[0], NOW + 601),
            Err(TransferError::Expired { .. })
        ));
        assert!(PendingSend::restore(b"KULCSSS2").is_err());
    }
}
