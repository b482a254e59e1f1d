//! Owns the error type of the transfer protocol ([`TransferError`]).

use crate::random::RandomUnavailable;

/// Why a transfer step failed. Every cryptographic failure is the single opaque
/// [`TransferError::Crypto`]; the other variants say exactly what a UI should tell the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    /// The scanned text is not a Kulcs transfer code at all (no `KULCS:O1:` / `KULCS:F1:`
    /// prefix). The scanner should say "this QR code is not a Kulcs transfer code".
    #[error("this is not a Kulcs transfer code")]
    NotTransferData,
    /// A Kulcs transfer code of a format version this build does not know; update the app.
    #[error("this transfer code uses format version {found}, which this version of Kulcs cannot read; update the app")]
    UnsupportedVersion {
        /// The version found in the code.
        found: u8,
    },
    /// The user scanned the wrong half of the exchange: a frame where the offer was expected, or
    /// the offer where frames were expected. `expected` is `"offer"` or `"frame"`.
    #[error("expected a transfer {expected}, but this is a transfer {found}")]
    WrongKind {
        /// What this step needs.
        expected: &'static str,
        /// What was scanned.
        found: &'static str,
    },
    /// The code has the right prefix but its contents are cut off or malformed (a damaged or
    /// truncated scan). `what` names the part that failed.
    #[error("the transfer code is damaged ({what})")]
    Malformed {
        /// Which part could not be read.
        what: &'static str,
    },
    /// The session's time limit has passed (checked against the caller's corrected clock).
    /// Start a new transfer on the receiving device.
    #[error("the transfer session expired at {expired_at} (Unix time); start a new transfer")]
    Expired {
        /// When the session stopped being valid, Unix seconds.
        expired_at: i64,
    },
    /// An offer claims a lifetime longer than [`super::MAX_OFFER_LIFETIME_SECS`]; real offers
    /// never do, so it is refused.
    #[error("the transfer offer claims to be valid for too long")]
    LifetimeTooLong,
    /// A frame from a different transfer session (an old photo, or another device's transfer).
    #[error("this frame belongs to a different transfer session")]
    WrongSession,
    /// A frame arrived before the receiver revealed a code ([`super::Receiver::reveal_code`]):
    /// no frame can be valid yet.
    #[error("show the confirmation code first, then scan the frames")]
    CodeNotShown,
    /// Frames failed authentication [`super::MAX_FAILED_FRAMES`] times: someone may be trying
    /// to guess the code. The session is over; start a new transfer.
    #[error("too many frames failed to decrypt; start a new transfer")]
    TooManyBadFrames,
    /// The typed confirmation code is not 12 digits.
    #[error("the confirmation code must be 12 digits")]
    CodeFormat,
    /// The typed confirmation code does not match the offer that was scanned: either a typing
    /// mistake or a substituted offer QR code. Nothing was sent.
    #[error("the confirmation code does not match; check it, or restart the transfer ({attempts_left} attempts left)")]
    CodeMismatch {
        /// How many more codes may be tried before the session is abandoned.
        attempts_left: u8,
    },
    /// This code was already typed against a different offer. Its digits are spent (whoever
    /// saw the receiver's screen knows them), so a new offer matching them could be forged.
    /// Start a new transfer on the receiving device to get a new code.
    #[error("this code was already used with another offer; start a new transfer on the receiving device for a new code")]
    CodeReused,
    /// Too many wrong confirmation codes; this session is abandoned, start a new one.
    #[error("too many wrong confirmation codes; start a new transfer")]
    TooManyAttempts,
    /// Wrong key or damaged data: a frame failed authentication (tampered, bit-flipped,
    /// encrypted for another device, or the code differed). Deliberately says nothing more.
    #[error("wrong key or damaged data")]
    Crypto,
    /// Not all frames have been scanned yet.
    #[error("{received} of {total} frames scanned so far")]
    Incomplete {
        /// Frames accepted.
        received: usize,
        /// Frames in the transfer (0 when no frame has been scanned yet).
        total: usize,
    },
    /// The accounts would need more than [`super::MAX_FRAMES`] frames.
    #[error("too much data for one transfer ({frames} frames needed, at most {max})")]
    TooLarge {
        /// Frames that would be needed.
        frames: usize,
        /// The limit.
        max: usize,
    },
    /// A saved session state could not be read (damaged or from another version).
    #[error("the saved transfer session is damaged")]
    BadState,
    /// A saved receiving session of an older format (`KULCSRS1`); sessions last minutes, so
    /// it is not converted. Start a new transfer.
    #[error(
        "this transfer session was started by an older version of Kulcs; start a new transfer"
    )]
    OutdatedState,
    /// The sending device's code ledger could not be read or saved, so the typed code was not
    /// checked (the ledger is what stops a spent code from being reused). Nothing was sent.
    #[error("the record of typed codes could not be read or saved ({reason}); nothing was sent")]
    LedgerUnavailable {
        /// What failed.
        reason: String,
    },
    /// The transfer invites this device into a sync group while it already belongs to another
    /// one. Joining would leave the current group; the caller must ask and pass an explicit
    /// "replace" to go on.
    #[error("this transfer would replace this device's sync group; confirm to replace it")]
    ReplacesSyncGroup,
    /// The decrypted accounts could not be decoded (a sender bug or an incompatible version).
    #[error("the transferred accounts could not be read: {reason}")]
    BadBundle {
        /// What was wrong.
        reason: String,
    },
    /// The random number generator failed.
    #[error(transparent)]
    Random(#[from] RandomUnavailable),
}

impl TransferError {
    /// The variant name, stable across versions; shells and shared test vectors use it.
    pub fn kind(&self) -> &'static str {
        match self {
            TransferError::NotTransferData => "NotTransferData",
            TransferError::UnsupportedVersion { .. } => "UnsupportedVersion",
            TransferError::WrongKind { .. } => "WrongKind",
            TransferError::Malformed { .. } => "Malformed",
            TransferError::Expired { .. } => "Expired",
            TransferError::LifetimeTooLong => "LifetimeTooLong",
            TransferError::WrongSession => "WrongSession",
            TransferError::CodeNotShown => "CodeNotShown",
            TransferError::TooManyBadFrames => "TooManyBadFrames",
            TransferError::CodeFormat => "CodeFormat",
            TransferError::CodeMismatch { .. } => "CodeMismatch",
            TransferError::CodeReused => "CodeReused",
            TransferError::TooManyAttempts => "TooManyAttempts",
            TransferError::Crypto => "Crypto",
            TransferError::Incomplete { .. } => "Incomplete",
            TransferError::TooLarge { .. } => "TooLarge",
            TransferError::BadState => "BadState",
            TransferError::OutdatedState => "OutdatedState",
            TransferError::LedgerUnavailable { .. } => "LedgerUnavailable",
            TransferError::ReplacesSyncGroup => "ReplacesSyncGroup",
            TransferError::BadBundle { .. } => "BadBundle",
            TransferError::Random(_) => "Random",
        }
    }
}
