//! Owns moving accounts from one device to another over QR codes, offline: the handshake
//! (offer → confirmation code → encrypted frames), the compact account bundle, and the
//! randomness they use. The format is specified in `docs/transfer.md`.
//!
//! ```
//! use kulcs_core::transfer::{CodeLedger, Receiver, PendingSend, SeededRandom, DEFAULT_FRAME_CHARS};
//! let rng = SeededRandom::new(b"doc example");
//! let now = 1_700_000_000;
//! let mut receiver = Receiver::new(now, 600, &rng).unwrap();
//! let offer_qr = receiver.offer().to_text();               // new device shows this
//! let mut pending = PendingSend::scan(&offer_qr, now, &rng).unwrap(); // old device scans it
//! let code = receiver.confirmation_code().display();       // new device shows this only now
//! let mut ledger = CodeLedger::default();                  // persisted by the sending device
//! let send = pending.confirm(&code, now, &mut ledger).unwrap(); // the user types it there
//! for frame in send.frames(b"accounts", DEFAULT_FRAME_CHARS).unwrap() {
//!     receiver.accept(&frame, now).unwrap();
//! }
//! assert_eq!(&receiver.payload().unwrap()[..], b"accounts");
//! ```
//!
//! Frames cannot be produced before the code is confirmed: only [`ConfirmedSend`] has
//! `frames`, and only [`PendingSend::confirm`] makes one.
//!
//! ```compile_fail
//! use kulcs_core::transfer::{PendingSend, Receiver, SeededRandom};
//! let rng = SeededRandom::new(b"x");
//! let r = Receiver::new(0, 600, &rng).unwrap();
//! let pending = PendingSend::scan(&r.offer().to_text(), 0, &rng).unwrap();
//! let frames = pending.frames(b"secrets", 970); // no such method
//! ```

pub mod base45;
pub mod bundle;
mod error;
mod protocol;
mod random;

pub use error::TransferError;
pub use protocol::{
    inspect, CodeLedger, ConfirmationCode, ConfirmedSend, Offer, PendingSend, Progress, Receiver,
    ScannedTransfer, CODE_DIGITS, CODE_LEDGER_RETENTION_SECS, DEFAULT_OFFER_LIFETIME_SECS,
    FRAME_OVERHEAD, FRAME_PREFIX, MAX_CODE_ATTEMPTS, MAX_FRAMES, MAX_OFFER_LIFETIME_SECS,
    OFFER_PREFIX, SESSION_ID_LEN, VERSION,
};
pub use random::{RandomSource, RandomUnavailable, SeededRandom};

/// QR text length per frame used by default (see `docs/transfer.md`, "Capacity"): it fits a
/// version-20 QR code (97 × 97 modules) at error correction level M in alphanumeric mode.
pub const DEFAULT_FRAME_CHARS: usize = 970;

mod vault_io;
pub use vault_io::{bundle_from_vault, import_into_vault, ImportReport};
