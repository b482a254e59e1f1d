//! Owns moving accounts from one device to another over QR codes, offline: the handshake
//! (offer → confirmation code → encrypted frames) and the randomness it uses. What the frames
//! carry (a [`crate::bundle`]) is built from and imported into a vault by [`crate::exchange`].
//! The format is specified in `docs/transfer.md`.
//!
//! ```
//! use kulcs_core::random::SeededRandom;
//! use kulcs_core::transfer::{CodeLedger, Receiver, PendingSend, DEFAULT_FRAME_CHARS};
//! let rng = SeededRandom::new(b"doc example");
//! let now = 1_700_000_000;
//! let mut receiver = Receiver::new(now, 600, &rng).unwrap();
//! let offer_qr = receiver.offer().to_text();               // new device shows this
//! let pending = PendingSend::scan(&offer_qr, now).unwrap(); // old device scans it
//! let code = receiver.reveal_code(&rng).unwrap().display(); // new device shows this only now
//! let mut ledger = CodeLedger::default(); // in production: VaultLedger, inside the vault
//! let send = pending.confirm(&code, now, &rng, &mut ledger).unwrap(); // typed there
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
//! use kulcs_core::random::SeededRandom;
//! use kulcs_core::transfer::{PendingSend, Receiver};
//! let rng = SeededRandom::new(b"x");
//! let r = Receiver::new(0, 600, &rng).unwrap();
//! let pending = PendingSend::scan(&r.offer().to_text(), 0).unwrap();
//! let frames = pending.frames(b"secrets", 970); // no such method
//! ```

mod code;
mod error;
mod keys;
mod ledger;
mod protocol;
mod receiver;
mod sender;

pub use crate::code_ledger::{CodeLedger, TypedCode, CODE_LEDGER_MAX, CODE_LEDGER_RETENTION_SECS};
pub use code::ConfirmationCode;
pub use error::TransferError;
pub use ledger::CodeLedgerStore;
pub use protocol::{
    inspect, Offer, ScannedTransfer, CODE_DIGITS, DEFAULT_OFFER_LIFETIME_SECS, FRAME_OVERHEAD,
    FRAME_PREFIX, MAX_CODE_ATTEMPTS, MAX_FAILED_FRAMES, MAX_FRAMES, MAX_OFFER_LIFETIME_SECS,
    OFFER_PREFIX, SESSION_ID_LEN, VERSION,
};
pub use receiver::{Progress, Receiver};
pub use sender::{ConfirmedSend, NotConfirmed, PendingSend};

/// QR text length per frame used by default (see `docs/transfer.md`, "Capacity"): it fits a
/// version-20 QR code (97 × 97 modules) at error correction level M in alphanumeric mode.
pub const DEFAULT_FRAME_CHARS: usize = 970;
