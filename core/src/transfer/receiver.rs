//! Owns the receiving device's session ([`Receiver`]): the offer, a fresh code `K` each time
//! the code is revealed, frames accepted in any order, the failed-decryption limit, and the
//! saved state for resuming.

use ring::aead;
use zeroize::Zeroizing;

use super::code::ConfirmationCode;
use super::error::TransferError;
use super::keys::{aead_key, frame_key, frame_nonce, public_key};
use super::protocol::{
    FrameView, Offer, FRAME_HEADER_LEN, MAX_FAILED_FRAMES, MAX_OFFER_LIFETIME_SECS, OFFER_BODY_LEN,
    SESSION_ID_LEN,
};
use crate::random::{random_array, random_below, RandomSource};

const STATE_MAGIC: &[u8; 8] = b"KULCSRS2";
const STATE_MAGIC_V1: &[u8; 8] = b"KULCSRS1";

/// How far a receiver has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Distinct frames accepted.
    pub received: usize,
    /// Frames in the transfer; `None` before the first frame.
    pub total: Option<usize>,
    /// False when the last frame given was one already accepted (a re-scan; harmless).
    pub was_new: bool,
}

impl Progress {
    /// True when every frame has been accepted.
    pub fn is_complete(&self) -> bool {
        self.total == Some(self.received)
    }
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.total {
            Some(t) => write!(f, "{}/{}", self.received, t),
            None => write!(f, "0/?"),
        }
    }
}

/// The receiving device's side: shows the offer, reveals a code once the sender has scanned
/// it, accepts frames in any order, and can be saved and restored to resume.
pub struct Receiver {
    offer: Offer,
    private: Zeroizing<[u8; 32]>,
    code: Option<ConfirmationCode>,
    sender_key: Option<[u8; 32]>,
    frames: Vec<Option<Vec<u8>>>,
    failures: u8,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("offer", &self.offer)
            .field("progress", &self.progress())
            .field("failures", &self.failures)
            .finish_non_exhaustive()
    }
}

impl Receiver {
    /// Starts a session valid for `lifetime_secs` (capped at [`MAX_OFFER_LIFETIME_SECS`]) from
    /// `now_unix`. No code exists yet: [`Receiver::reveal_code`] draws one.
    pub fn new(
        now_unix: i64,
        lifetime_secs: u64,
        rng: &dyn RandomSource,
    ) -> Result<Receiver, TransferError> {
        let session_id = random_array::<SESSION_ID_LEN>(rng)?;
        let private = Zeroizing::new(random_array::<32>(rng)?);
        let lifetime = lifetime_secs.min(MAX_OFFER_LIFETIME_SECS) as i64;
        let offer = Offer {
            session_id,
            expires_unix: now_unix.saturating_add(lifetime),
            receiver_key: public_key(&private),
        };
        Ok(Receiver {
            offer,
            private,
            code: None,
            sender_key: None,
            frames: Vec::new(),
            failures: 0,
        })
    }

    /// The offer to show as a QR code.
    pub fn offer(&self) -> &Offer {
        &self.offer
    }

    /// Draws a **fresh** `K` and returns the code to show. **Call it only after the sending
    /// device has scanned the offer** (the user taps "scanned"), and again each time the code
    /// is shown: a code shown before is spent. Frames are accepted under the latest code only,
    /// so progress made under an earlier code starts again.
    pub fn reveal_code(
        &mut self,
        rng: &dyn RandomSource,
    ) -> Result<ConfirmationCode, TransferError> {
        if self.failures >= MAX_FAILED_FRAMES {
            return Err(TransferError::TooManyBadFrames);
        }
        let k = random_below(rng, 1_000_000)?;
        let code = ConfirmationCode::new(k, &self.offer);
        self.code = Some(code.clone());
        self.sender_key = None;
        self.frames.clear();
        Ok(code)
    }

    /// Progress so far.
    pub fn progress(&self) -> Progress {
        let received = self.frames.iter().filter(|f| f.is_some()).count();
        let total = if self.frames.is_empty() {
            None
        } else {
            Some(self.frames.len())
        };
        Progress {
            received,
            total,
            was_new: false,
        }
    }

    /// Accepts one scanned frame (any order; duplicates are reported, not errors).
    ///
    /// Every frame is authenticated before it is kept. A frame of this session that fails
    /// authentication counts; the [`MAX_FAILED_FRAMES`]th ends the session
    /// ([`TransferError::TooManyBadFrames`], also for every later call). An authenticated
    /// frame of another send (the sender confirmed again, with a new key) restarts the
    /// progress with that send.
    pub fn accept(&mut self, text: &str, now_unix: i64) -> Result<Progress, TransferError> {
        if self.failures >= MAX_FAILED_FRAMES {
            return Err(TransferError::TooManyBadFrames);
        }
        if now_unix > self.offer.expires_unix {
            return Err(TransferError::Expired {
                expired_at: self.offer.expires_unix,
            });
        }
        let frame = FrameView::parse(text)?;
        if frame.session_id != self.offer.session_id {
            return Err(TransferError::WrongSession);
        }
        if self.code.is_none() {
            return Err(TransferError::CodeNotShown);
        }
        if let Err(e) = self.open(&frame) {
            if e == TransferError::Crypto {
                self.failures = self.failures.saturating_add(1);
                if self.failures >= MAX_FAILED_FRAMES {
                    return Err(TransferError::TooManyBadFrames);
                }
            }
            return Err(e);
        }
        Ok(self.keep(frame))
    }

    /// Keeps an authenticated frame.
    fn keep(&mut self, frame: FrameView) -> Progress {
        let count = usize::from(frame.count);
        if self.sender_key != Some(frame.sender_key) || self.frames.len() != count {
            self.sender_key = Some(frame.sender_key);
            self.frames = vec![None; count];
        }
        let slot = &mut self.frames[usize::from(frame.index)];
        let was_new = slot.is_none();
        if was_new {
            *slot = Some(frame.body);
        }
        Progress {
            was_new,
            ..self.progress()
        }
    }

    fn open(&self, frame: &FrameView) -> Result<Zeroizing<Vec<u8>>, TransferError> {
        let code = self.code.as_ref().ok_or(TransferError::CodeNotShown)?;
        let key = frame_key(
            &self.private,
            &frame.sender_key,
            &self.offer,
            &frame.sender_key,
            code.digits(),
        )?;
        let aead = aead_key(&key)?;
        let mut buf = Zeroizing::new(frame.body[FRAME_HEADER_LEN..].to_vec());
        let len = aead
            .open_in_place(
                frame_nonce(frame.index),
                aead::Aad::from(frame.header()),
                &mut buf[..],
            )
            .map_err(|_| TransferError::Crypto)?
            .len();
        buf.truncate(len);
        Ok(buf)
    }

    /// The transferred payload once every frame is in; [`TransferError::Incomplete`] before.
    pub fn payload(&self) -> Result<Zeroizing<Vec<u8>>, TransferError> {
        let p = self.progress();
        if !p.is_complete() {
            return Err(TransferError::Incomplete {
                received: p.received,
                total: p.total.unwrap_or(0),
            });
        }
        let mut out = Zeroizing::new(Vec::new());
        for body in self.frames.iter().flatten() {
            let frame = FrameView::from_body(body.clone())?;
            out.extend_from_slice(&self.open(&frame)?);
        }
        Ok(out)
    }

    /// Serialises the session so it can be resumed later (e.g. by another CLI invocation):
    /// `KULCSRS2` ‖ offer body (57) ‖ private key (32) ‖ u8 code shown (0/1) ‖ K (6 ASCII
    /// digits, `000000` when none) ‖ u8 failed decryptions ‖ u8 frame count ‖ per frame
    /// u32be length (0 = not yet) ‖ frame body.
    ///
    /// **The result is secret** (it holds the private key and the code): store it only where
    /// the vault lives, readable by the user alone, and delete it when the transfer is done.
    pub fn save(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(STATE_MAGIC.to_vec());
        out.extend_from_slice(&self.offer.body());
        out.extend_from_slice(&self.private[..]);
        match &self.code {
            Some(c) => {
                out.push(1);
                out.extend_from_slice(&c.digits().as_bytes()[..6]);
            }
            None => {
                out.push(0);
                out.extend_from_slice(b"000000");
            }
        }
        out.push(self.failures);
        out.push(self.frames.len() as u8);
        for f in &self.frames {
            match f {
                Some(body) => {
                    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
                    out.extend_from_slice(body);
                }
                None => out.extend_from_slice(&0u32.to_be_bytes()),
            }
        }
        out
    }

    /// Restores a session saved with [`Receiver::save`]. Frames are re-authenticated (and do
    /// not count as failures). State of format 1 (`KULCSRS1`) is refused with
    /// [`TransferError::OutdatedState`]: start a new transfer.
    pub fn restore(bytes: &[u8]) -> Result<Receiver, TransferError> {
        let bad = || TransferError::BadState;
        if bytes.starts_with(STATE_MAGIC_V1) {
            return Err(TransferError::OutdatedState);
        }
        let rest = bytes.strip_prefix(STATE_MAGIC.as_slice()).ok_or_else(bad)?;
        let mut r = Cursor { data: rest, pos: 0 };
        let offer = Offer::from_body(r.take(OFFER_BODY_LEN)?).map_err(|_| bad())?;
        let mut private = Zeroizing::new([0u8; 32]);
        private.copy_from_slice(r.take(32)?);
        if public_key(&private) != offer.receiver_key {
            return Err(bad());
        }
        let shown = r.take(1)?[0];
        let k_digits = std::str::from_utf8(r.take(6)?).map_err(|_| bad())?;
        if !k_digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let k: u32 = k_digits.parse().map_err(|_| bad())?;
        let code = match shown {
            0 => None,
            1 => Some(ConfirmationCode::new(k, &offer)),
            _ => return Err(bad()),
        };
        let failures = r.take(1)?[0];
        if failures > MAX_FAILED_FRAMES {
            return Err(bad());
        }
        let count = usize::from(r.take(1)?[0]);
        let mut receiver = Receiver {
            offer,
            private,
            code,
            sender_key: None,
            frames: Vec::new(),
            failures,
        };
        let mut bodies = Vec::new();
        for _ in 0..count {
            let mut len = [0u8; 4];
            len.copy_from_slice(r.take(4)?);
            let len = usize::try_from(u32::from_be_bytes(len)).map_err(|_| bad())?;
            if len > 0 {
                bodies.push(r.take(len)?.to_vec());
            }
        }
        if r.pos != rest.len() {
            return Err(bad());
        }
        for body in bodies {
            let frame = FrameView::from_body(body).map_err(|_| bad())?;
            if frame.session_id != receiver.offer.session_id
                || usize::from(frame.count) != count
                || receiver.sender_key.is_some_and(|k| k != frame.sender_key)
            {
                return Err(bad());
            }
            receiver.open(&frame).map_err(|_| bad())?;
            if !receiver.keep(frame).was_new {
                return Err(bad());
            }
        }
        if count != 0 && receiver.frames.is_empty() {
            receiver.frames = vec![None; count];
        }
        Ok(receiver)
    }
}

/// Reads saved state with checked offsets (no arithmetic that can wrap on 32-bit targets).
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TransferError> {
        let end = self.pos.checked_add(n).ok_or(TransferError::BadState)?;
        let s = self
            .data
            .get(self.pos..end)
            .ok_or(TransferError::BadState)?;
        self.pos = end;
        Ok(s)
    }
}
