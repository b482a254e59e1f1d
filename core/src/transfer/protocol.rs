//! Owns the transfer handshake and framing: offers, the confirmation code, key derivation,
//! encrypted frames, the resumable [`Receiver`] and the two-step sender ([`PendingSend`] →
//! [`ConfirmedSend`]). The payload is opaque bytes here; [`super::bundle`] encodes accounts.

use ring::{aead, agreement, hkdf, hmac};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use super::base45;
use super::error::TransferError;
use super::random::{random_array, random_below, RandomSource};

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
/// Wrong confirmation codes tolerated (typing mistakes) before the sender abandons a session.
pub const MAX_CODE_ATTEMPTS: u8 = 5;
/// Digits in the confirmation code: 6 digits of key `K` followed by 6 digits of tag.
pub const CODE_DIGITS: usize = 12;

const OFFER_BODY_LEN: usize = 1 + SESSION_ID_LEN + 8 + 32;
const FRAME_HEADER_LEN: usize = 1 + SESSION_ID_LEN + 1 + 1 + 32;
const TAG_LEN: usize = 16;
const CODE_MAC_LABEL: &[u8] = b"KULCS-TRANSFER-CODE-V1";
const HKDF_SALT_LABEL: &[u8] = b"KULCS-TRANSFER-V1";
const HKDF_INFO_LABEL: &[u8] = b"KULCS-TRANSFER-V1 frame key";
const STATE_MAGIC: &[u8; 8] = b"KULCSRS1";
const SEND_STATE_MAGIC: &[u8; 8] = b"KULCSSS1";

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

    /// Parses an offer's QR text (structure only; expiry is checked by [`PendingSend::scan`]).
    pub fn parse(text: &str) -> Result<Offer, TransferError> {
        let body = strip_and_decode(text, Kind::Offer)?;
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
struct FrameView {
    body: Vec<u8>,
    session_id: [u8; SESSION_ID_LEN],
    index: u8,
    count: u8,
    sender_key: [u8; 32],
}

impl FrameView {
    fn parse(text: &str) -> Result<FrameView, TransferError> {
        let body = strip_and_decode(text, Kind::Frame)?;
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

    fn header(&self) -> &[u8] {
        &self.body[..FRAME_HEADER_LEN]
    }
}

/// The 12-digit confirmation code: 6 random digits `K` chosen by the receiver, then 6 digits of
/// `HMAC-SHA256(K, label ‖ offer body)`. Shown on the receiver only after the sender has
/// scanned the offer, typed into the sender. See `docs/transfer.md` for why this defeats a
/// substituted offer even though a 6-digit hash alone could be ground.
#[derive(Clone, PartialEq, Eq)]
pub struct ConfirmationCode(Zeroizing<String>);

impl ConfirmationCode {
    fn new(k: u32, offer: &Offer) -> Self {
        let k_digits = format!("{k:06}");
        let tag = code_tag(&k_digits, offer);
        ConfirmationCode(Zeroizing::new(format!("{k_digits}{tag}")))
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

fn code_tag(k_digits: &str, offer: &Offer) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, k_digits.as_bytes());
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(CODE_MAC_LABEL);
    ctx.update(&offer.body());
    let mac = ctx.sign();
    let v = u32::from_be_bytes(mac.as_ref()[..4].try_into().unwrap_or([0; 4])) % 1_000_000;
    format!("{v:06}")
}

/// Keeps only the digits of a typed code; `None` unless exactly 12 digits remain and nothing
/// but digits, spaces and dashes was typed.
fn clean_code(typed: &str) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::new());
    for c in typed.chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if !(c.is_whitespace() || c == '-') {
            return None;
        }
    }
    (out.len() == CODE_DIGITS).then_some(out)
}

/// X25519 private key from a stored 32-byte seed. ring only offers ephemeral keys, so the seed
/// is fed through ring's fixed-slice generator; the key derived is exactly X25519(seed).
#[allow(deprecated)]
fn x25519_key(seed: &[u8; 32]) -> Result<agreement::EphemeralPrivateKey, TransferError> {
    let rng = ring::test::rand::FixedSliceRandom { bytes: seed };
    agreement::EphemeralPrivateKey::generate(&agreement::X25519, &rng)
        .map_err(|_| TransferError::Crypto)
}

fn x25519_public(seed: &[u8; 32]) -> Result<[u8; 32], TransferError> {
    let k = x25519_key(seed)?;
    let pk = k.compute_public_key().map_err(|_| TransferError::Crypto)?;
    pk.as_ref().try_into().map_err(|_| TransferError::Crypto)
}

struct KeyLen32;
impl hkdf::KeyType for KeyLen32 {
    fn len(&self) -> usize {
        32
    }
}

/// The frame key: HKDF-SHA256(salt = label ‖ session id, ikm = X25519 shared secret,
/// info = label ‖ offer body ‖ sender public key ‖ 12 code digits).
fn frame_key(
    my_seed: &[u8; 32],
    peer_public: &[u8; 32],
    offer: &Offer,
    sender_public: &[u8; 32],
    code_digits: &str,
) -> Result<Zeroizing<[u8; 32]>, TransferError> {
    let private = x25519_key(my_seed)?;
    let peer = agreement::UnparsedPublicKey::new(&agreement::X25519, peer_public);
    let mut salt_bytes = HKDF_SALT_LABEL.to_vec();
    salt_bytes.extend_from_slice(&offer.session_id);
    let salt = hkdf::Salt::new(hkdf::HKDF_SHA256, &salt_bytes);
    let offer_body = offer.body();
    let info: [&[u8]; 4] = [
        HKDF_INFO_LABEL,
        &offer_body,
        sender_public,
        code_digits.as_bytes(),
    ];
    let mut out = Zeroizing::new([0u8; 32]);
    agreement::agree_ephemeral(private, &peer, |dh| {
        let prk = salt.extract(dh);
        prk.expand(&info, KeyLen32)
            .and_then(|okm| okm.fill(&mut out[..]))
    })
    .map_err(|_| TransferError::Crypto)?
    .map_err(|_| TransferError::Crypto)?;
    Ok(out)
}

fn aead_key(key: &[u8; 32]) -> Result<aead::LessSafeKey, TransferError> {
    aead::UnboundKey::new(&aead::CHACHA20_POLY1305, key)
        .map(aead::LessSafeKey::new)
        .map_err(|_| TransferError::Crypto)
}

fn frame_nonce(index: u8) -> aead::Nonce {
    let mut n = [0u8; 12];
    n[11] = index;
    aead::Nonce::assume_unique_for_key(n)
}

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

/// The receiving device's side: shows the offer, reveals the code once the sender has scanned
/// it, accepts frames in any order, and can be saved and restored to resume.
pub struct Receiver {
    offer: Offer,
    seed: Zeroizing<[u8; 32]>,
    code: ConfirmationCode,
    sender_key: Option<[u8; 32]>,
    frames: Vec<Option<Vec<u8>>>,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("offer", &self.offer)
            .field("progress", &self.progress())
            .finish_non_exhaustive()
    }
}

impl Receiver {
    /// Starts a session valid for `lifetime_secs` (capped at [`MAX_OFFER_LIFETIME_SECS`]) from
    /// `now_unix`.
    pub fn new(
        now_unix: i64,
        lifetime_secs: u64,
        rng: &dyn RandomSource,
    ) -> Result<Receiver, TransferError> {
        let session_id = random_array::<SESSION_ID_LEN>(rng)?;
        let seed = Zeroizing::new(random_array::<32>(rng)?);
        let k = random_below(rng, 1_000_000)?;
        let lifetime = lifetime_secs.min(MAX_OFFER_LIFETIME_SECS) as i64;
        let offer = Offer {
            session_id,
            expires_unix: now_unix.saturating_add(lifetime),
            receiver_key: x25519_public(&seed)?,
        };
        let code = ConfirmationCode::new(k, &offer);
        Ok(Receiver {
            offer,
            seed,
            code,
            sender_key: None,
            frames: Vec::new(),
        })
    }

    /// The offer to show as a QR code.
    pub fn offer(&self) -> &Offer {
        &self.offer
    }

    /// The confirmation code. **Show it only after the sending device has scanned the offer**
    /// (the user taps "scanned"); showing it together with the offer lets an attacker who
    /// substitutes the offer choose a matching one.
    pub fn confirmation_code(&self) -> &ConfirmationCode {
        &self.code
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
    /// Every frame is authenticated before it is kept, so a forged, flipped or foreign frame
    /// never disturbs the progress.
    pub fn accept(&mut self, text: &str, now_unix: i64) -> Result<Progress, TransferError> {
        if now_unix > self.offer.expires_unix {
            return Err(TransferError::Expired {
                expired_at: self.offer.expires_unix,
            });
        }
        let frame = FrameView::parse(text)?;
        if frame.session_id != self.offer.session_id {
            return Err(TransferError::WrongSession);
        }
        if let Some(known) = self.sender_key {
            if known != frame.sender_key || self.frames.len() != frame.count as usize {
                // Authenticate first: a forged frame must not be able to claim "mixed sends".
                self.open(&frame)?;
                return Err(TransferError::Inconsistent);
            }
        }
        self.open(&frame)?;
        if self.sender_key.is_none() {
            self.sender_key = Some(frame.sender_key);
            self.frames = vec![None; frame.count as usize];
        }
        let slot = &mut self.frames[frame.index as usize];
        let was_new = slot.is_none();
        if was_new {
            *slot = Some(frame.body);
        }
        Ok(Progress {
            was_new,
            ..self.progress()
        })
    }

    fn open(&self, frame: &FrameView) -> Result<Zeroizing<Vec<u8>>, TransferError> {
        let key = frame_key(
            &self.seed,
            &frame.sender_key,
            &self.offer,
            &frame.sender_key,
            self.code.digits(),
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
            let frame = FrameView::parse(&format!("{FRAME_PREFIX}{}", base45::encode(body)))?;
            out.extend_from_slice(&self.open(&frame)?);
        }
        Ok(out)
    }

    /// Serialises the session so it can be resumed later (e.g. by another CLI invocation).
    ///
    /// **The result is secret** (it holds the private key and the code): store it only where
    /// the vault lives, readable by the user alone, and delete it when the transfer is done.
    pub fn save(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(STATE_MAGIC.to_vec());
        out.extend_from_slice(&self.offer.body());
        out.extend_from_slice(&self.seed[..]);
        out.extend_from_slice(&self.code.digits().as_bytes()[..6]);
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

    /// Restores a session saved with [`Receiver::save`]. Frames are re-authenticated.
    pub fn restore(bytes: &[u8]) -> Result<Receiver, TransferError> {
        let bad = || TransferError::BadState;
        let rest = bytes.strip_prefix(STATE_MAGIC.as_slice()).ok_or_else(bad)?;
        if rest.len() < OFFER_BODY_LEN + 32 + 6 + 1 {
            return Err(bad());
        }
        let offer_text = format!("{OFFER_PREFIX}{}", base45::encode(&rest[..OFFER_BODY_LEN]));
        let offer = Offer::parse(&offer_text).map_err(|_| bad())?;
        let mut seed = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(&rest[OFFER_BODY_LEN..OFFER_BODY_LEN + 32]);
        let k_digits = std::str::from_utf8(&rest[OFFER_BODY_LEN + 32..OFFER_BODY_LEN + 38])
            .map_err(|_| bad())?;
        let k: u32 = k_digits.parse().map_err(|_| bad())?;
        if x25519_public(&seed)? != offer.receiver_key {
            return Err(bad());
        }
        let code = ConfirmationCode::new(k, &offer);
        let count = rest[OFFER_BODY_LEN + 38] as usize;
        let mut pos = OFFER_BODY_LEN + 39;
        let mut receiver = Receiver {
            offer,
            seed,
            code,
            sender_key: None,
            frames: Vec::new(),
        };
        let mut bodies = Vec::new();
        for _ in 0..count {
            let len_bytes: [u8; 4] = rest
                .get(pos..pos + 4)
                .ok_or_else(bad)?
                .try_into()
                .map_err(|_| bad())?;
            let len = u32::from_be_bytes(len_bytes) as usize;
            pos += 4;
            if len > 0 {
                bodies.push(rest.get(pos..pos + len).ok_or_else(bad)?.to_vec());
                pos += len;
            }
        }
        if pos != rest.len() {
            return Err(bad());
        }
        for body in bodies {
            let text = format!("{FRAME_PREFIX}{}", base45::encode(&body));
            receiver.accept(&text, i64::MIN).map_err(|_| bad())?;
        }
        if count != 0 && receiver.frames.len() != count {
            return Err(bad());
        }
        if count != 0 && receiver.frames.is_empty() {
            receiver.frames = vec![None; count];
        }
        Ok(receiver)
    }
}

/// The sending device after scanning an offer: it has an ephemeral key but produces nothing
/// secret until [`PendingSend::confirm`] accepts the code typed from the receiver's screen.
pub struct PendingSend {
    offer: Offer,
    seed: Zeroizing<[u8; 32]>,
    attempts: u8,
}

impl std::fmt::Debug for PendingSend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingSend")
            .field("offer", &self.offer)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl PendingSend {
    /// Reads a scanned offer. Refuses expired offers and offers claiming more than
    /// [`MAX_OFFER_LIFETIME_SECS`] of remaining validity.
    pub fn scan(
        offer_text: &str,
        now_unix: i64,
        rng: &dyn RandomSource,
    ) -> Result<PendingSend, TransferError> {
        let offer = Offer::parse(offer_text.trim())?;
        check_expiry(&offer, now_unix)?;
        let seed = Zeroizing::new(random_array::<32>(rng)?);
        Ok(PendingSend {
            offer,
            seed,
            attempts: 0,
        })
    }

    /// The scanned offer.
    pub fn offer(&self) -> &Offer {
        &self.offer
    }

    /// Checks the 12-digit code typed from the receiver's screen (spaces and dashes allowed), in
    /// constant time. Only a matching code yields a [`ConfirmedSend`], the one type that can
    /// produce frames.
    ///
    /// `ledger` is this device's memory of codes already typed (persist it): a code whose first
    /// six digits were ever typed against a *different* offer is refused with
    /// [`TransferError::CodeReused`], because once shown, those digits are no longer secret and
    /// an attacker could make a new substituted offer to match them.
    pub fn confirm(
        &mut self,
        typed: &str,
        now_unix: i64,
        ledger: &mut CodeLedger,
    ) -> Result<ConfirmedSend, TransferError> {
        if self.attempts >= MAX_CODE_ATTEMPTS {
            return Err(TransferError::TooManyAttempts);
        }
        check_expiry(&self.offer, now_unix)?;
        let digits = clean_code(typed).ok_or(TransferError::CodeFormat)?;
        let k: u32 = digits[..6].parse().map_err(|_| TransferError::CodeFormat)?;
        ledger.record(k, &self.offer, now_unix)?;
        let expected = code_tag(&digits[..6], &self.offer);
        if !bool::from(expected.as_bytes().ct_eq(digits[6..].as_bytes())) {
            self.attempts += 1;
            if self.attempts >= MAX_CODE_ATTEMPTS {
                return Err(TransferError::TooManyAttempts);
            }
            return Err(TransferError::CodeMismatch {
                attempts_left: MAX_CODE_ATTEMPTS - self.attempts,
            });
        }
        let sender_key = x25519_public(&self.seed)?;
        let key = frame_key(
            &self.seed,
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

    /// Serialises the pending send (secret: holds the ephemeral private key).
    pub fn save(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(SEND_STATE_MAGIC.to_vec());
        out.extend_from_slice(&self.offer.body());
        out.extend_from_slice(&self.seed[..]);
        out.push(self.attempts);
        out
    }

    /// Restores a pending send saved with [`PendingSend::save`].
    pub fn restore(bytes: &[u8]) -> Result<PendingSend, TransferError> {
        let rest = bytes
            .strip_prefix(SEND_STATE_MAGIC.as_slice())
            .ok_or(TransferError::BadState)?;
        if rest.len() != OFFER_BODY_LEN + 33 {
            return Err(TransferError::BadState);
        }
        let offer = Offer::parse(&format!(
            "{OFFER_PREFIX}{}",
            base45::encode(&rest[..OFFER_BODY_LEN])
        ))
        .map_err(|_| TransferError::BadState)?;
        let mut seed = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(&rest[OFFER_BODY_LEN..OFFER_BODY_LEN + 32]);
        Ok(PendingSend {
            offer,
            seed,
            attempts: rest[OFFER_BODY_LEN + 32],
        })
    }
}

/// How long a typed code is remembered by [`CodeLedger`] (a week).
pub const CODE_LEDGER_RETENTION_SECS: i64 = 7 * 86_400;
const LEDGER_MAGIC: &[u8; 8] = b"KULCSCL1";
const LEDGER_MAX: usize = 4096;

/// The sending device's memory of the codes typed into it: the receiver's 6-digit key `K`, with
/// a digest of the offer it was typed against. Not secret (a typed code is spent), but it must
/// be persisted across sessions; see [`PendingSend::confirm`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeLedger {
    entries: Vec<(u32, [u8; 32], i64)>,
}

impl CodeLedger {
    fn record(&mut self, k: u32, offer: &Offer, now: i64) -> Result<(), TransferError> {
        self.entries.retain(|e| {
            now.saturating_sub(e.2) <= CODE_LEDGER_RETENTION_SECS
                && e.2 <= now.saturating_add(86_400)
        });
        let digest: [u8; 32] = ring::digest::digest(&ring::digest::SHA256, &offer.body())
            .as_ref()
            .try_into()
            .unwrap_or([0; 32]);
        if self.entries.iter().any(|e| e.0 == k && e.1 != digest) {
            return Err(TransferError::CodeReused);
        }
        if !self.entries.iter().any(|e| e.0 == k) {
            if self.entries.len() >= LEDGER_MAX {
                self.entries.remove(0);
            }
            self.entries.push((k, digest, now));
        }
        Ok(())
    }

    /// Serialises the ledger.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = LEDGER_MAGIC.to_vec();
        for (k, d, t) in &self.entries {
            out.extend_from_slice(&k.to_be_bytes());
            out.extend_from_slice(d);
            out.extend_from_slice(&t.to_be_bytes());
        }
        out
    }

    /// Reads a ledger written by [`CodeLedger::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<CodeLedger, TransferError> {
        let rest = bytes
            .strip_prefix(LEDGER_MAGIC.as_slice())
            .ok_or(TransferError::BadState)?;
        if rest.len() % 44 != 0 {
            return Err(TransferError::BadState);
        }
        let entries = rest
            .chunks(44)
            .map(|c| {
                let k = u32::from_be_bytes(c[..4].try_into().unwrap_or_default());
                let d: [u8; 32] = c[4..36].try_into().unwrap_or([0; 32]);
                let t = i64::from_be_bytes(c[36..44].try_into().unwrap_or_default());
                (k, d, t)
            })
            .collect();
        Ok(CodeLedger { entries })
    }
}

fn check_expiry(offer: &Offer, now_unix: i64) -> Result<(), TransferError> {
    if now_unix > offer.expires_unix {
        return Err(TransferError::Expired {
            expired_at: offer.expires_unix,
        });
    }
    if offer.expires_unix - now_unix > MAX_OFFER_LIFETIME_SECS as i64 {
        return Err(TransferError::LifetimeTooLong);
    }
    Ok(())
}

/// The sending device after the code matched: the only state that can encrypt frames.
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

    /// Encrypts `payload` into as few frames as fit `max_chars` characters of QR text each
    /// (prefix included), split evenly. Deterministic: calling it twice gives the same frames,
    /// so nonces are never reused with different data.
    pub fn frames(&self, payload: &[u8], max_chars: usize) -> Result<Vec<String>, TransferError> {
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
        for i in 0..n {
            let part = payload
                .get(i * chunk..((i + 1) * chunk).min(payload.len()))
                .unwrap_or(&[]);
            let mut body = Vec::with_capacity(FRAME_OVERHEAD + part.len());
            body.push(VERSION);
            body.extend_from_slice(&self.offer.session_id);
            body.push(i as u8);
            body.push(n as u8);
            body.extend_from_slice(&self.sender_key);
            let mut buf = Zeroizing::new(part.to_vec());
            let tag = aead
                .seal_in_place_separate_tag(
                    frame_nonce(i as u8),
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

/// The largest binary frame body whose QR text fits `max_chars` characters.
fn max_body_for_chars(max_chars: usize) -> usize {
    let avail = max_chars.saturating_sub(FRAME_PREFIX.len());
    avail / 3 * 2 + if avail % 3 == 2 { 1 } else { 0 }
}
