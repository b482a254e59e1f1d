//! Owns the one public error type, [`KulcsError`], and its mapping from every core error.
//!
//! Each variant is a case a shell explains differently (in Hungarian and English); `kind` fields
//! carry the stable core variant name (`SecretError::kind()` and friends) for finer messages and
//! for the shared test vectors, which compare errors by that name.

use kulcs_core::otp::OtpError;
use kulcs_core::otpauth::UriError;
use kulcs_core::qr::QrError;
use kulcs_core::secret::SecretError;

/// The error of every exported call. Kotlin sees it as `KulcsException`, Swift as `KulcsError`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum KulcsError {
    /// Something typed, scanned or passed in was refused: a setup key, an `otpauth://` URI, OTP
    /// parameters, a time, a camera frame or an image. The UI points at `field` and explains
    /// `kind`; `reason` is an English sentence suitable for logs and as a fallback message.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// What was refused: `key`, `uri`, `params`, `time`, `frame` or `image`.
        field: String,
        /// The core error's stable variant name, e.g. `InvalidCharacter`, `MissingSecret`.
        kind: String,
        /// Human-readable explanation (never contains a secret).
        reason: String,
    },
    /// The image or frame was read, but no QR code could be decoded in it. For a camera this is
    /// the normal "keep scanning" answer.
    #[error("no QR code found")]
    NoQrCode,
    /// No account has this id (deleted meanwhile, or a stale id).
    #[error("no account with id {id}")]
    NotFound {
        /// The id that was asked for.
        id: String,
    },
    /// The vault could not be decrypted: a wrong passphrase, a key store that lost its key, or a
    /// damaged file. Deliberately one case: cryptography cannot tell these apart safely.
    #[error("wrong key, or the data is damaged")]
    WrongKeyOrDamaged,
    /// Reading or writing the vault file failed (permissions, disk full, missing directory).
    #[error("storage error: {reason}")]
    Storage {
        /// What failed, with the operating system's message.
        reason: String,
    },
    /// A bug: a contained panic or a broken invariant. The call had no effect the UI can rely on;
    /// the app should offer to report it.
    #[error("internal error: {reason}")]
    Internal {
        /// Where it happened (never a secret).
        reason: String,
    },
}

impl KulcsError {
    /// An [`KulcsError::InvalidInput`] for `field` from a core error with a `kind()`.
    pub(crate) fn invalid(field: &str, kind: &str, err: &dyn std::fmt::Display) -> Self {
        KulcsError::InvalidInput { field: field.to_string(), kind: kind.to_string(), reason: err.to_string() }
    }
}

impl From<SecretError> for KulcsError {
    fn from(e: SecretError) -> Self {
        KulcsError::invalid("key", e.kind(), &e)
    }
}

impl From<UriError> for KulcsError {
    fn from(e: UriError) -> Self {
        KulcsError::invalid("uri", e.kind(), &e)
    }
}

impl From<OtpError> for KulcsError {
    fn from(e: OtpError) -> Self {
        let (field, kind) = match e {
            OtpError::InvalidDigits { .. } => ("params", "InvalidDigits"),
            OtpError::ZeroPeriod => ("params", "ZeroPeriod"),
            OtpError::SteamNeedsSha1 => ("params", "SteamNeedsSha1"),
            OtpError::TimeBeforeEpoch => ("time", "TimeBeforeEpoch"),
            OtpError::TimeOutOfRange => ("time", "TimeOutOfRange"),
        };
        KulcsError::invalid(field, kind, &e)
    }
}

impl From<QrError> for KulcsError {
    fn from(e: QrError) -> Self {
        match e {
            QrError::NoQrCode => KulcsError::NoQrCode,
            // The decoder's contained panic: for the user this image simply holds no readable code.
            QrError::DecoderFault => KulcsError::NoQrCode,
            QrError::UnreadableImage { .. } => KulcsError::invalid("image", "UnreadableImage", &e),
            QrError::InvalidFrame { .. } => KulcsError::invalid("frame", "InvalidFrame", &e),
        }
    }
}

/// A foreign `KeyStore` implementation threw something that is not a `KulcsError`.
impl From<uniffi::UnexpectedUniFFICallbackError> for KulcsError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        KulcsError::Internal { reason: format!("the platform key store failed unexpectedly: {}", e.reason) }
    }
}
