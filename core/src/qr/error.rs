//! Owns the typed error of the QR module ([`QrError`]).

/// Why a QR decode call produced no payload.
///
/// Every variant carries enough for a UI to explain the problem; none of them is a panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The bytes are not a PNG/JPEG/WebP image this module can read, the image is damaged,
    /// or its dimensions exceed the safety limits (more than [`crate::qr::MAX_PIXELS`] pixels).
    #[error("unreadable image: {reason}")]
    UnreadableImage {
        /// Human-readable cause (format not recognised, truncated data, too large, ...).
        reason: String,
    },
    /// A caller-supplied luma frame is inconsistent: zero width/height, `row_stride < width`,
    /// a buffer shorter than `row_stride * (height - 1) + width`, or absurd dimensions.
    #[error("invalid frame: {reason}")]
    InvalidFrame {
        /// Which check failed, with the offending numbers.
        reason: String,
    },
    /// The image was read but no QR code could be decoded in it (within the time budget).
    ///
    /// This is returned instead of an empty list so callers cannot mistake "nothing found"
    /// for success.
    #[error("no QR code found")]
    NoQrCode,
    /// Nothing decoded, nothing was even located, and the decoding engine (rqrr) panicked
    /// during the call. The panics were contained; the image is probably pathological for
    /// rqrr. (When a code was located, or rqrr did not panic, the error is `NoQrCode`.)
    #[error("the QR decoder failed internally on this image")]
    DecoderFault,
}
