//! Owns the one public error type, [`KulcsError`], and its mapping from every core error.
//!
//! Each variant is a case a shell explains differently (in Hungarian and English); `kind` fields
//! carry core's [`ErrorKind`] (the stable variant name of `SecretError::kind()` and friends) for
//! finer messages ([`crate::message_key`]) and for the shared test vectors, which compare errors
//! by that name.

use kulcs_core::account::{AccountFieldError, AccountIdError};
use kulcs_core::otp::OtpError;
use kulcs_core::otpauth::UriError;
use kulcs_core::qr::QrError;
use kulcs_core::secret::SecretError;
use kulcs_core::vault::{KeyStoreError, VaultError};

use crate::messages::{kind_named, ErrorKind};

/// The error of every exported call. Kotlin sees it as `KulcsException`, Swift as `KulcsError`.
#[derive(Debug, Clone, thiserror::Error, uniffi::Error)]
pub enum KulcsError {
    /// Something typed, scanned or passed in was refused: a setup key, an `otpauth://` URI, OTP
    /// parameters, a time, a camera frame, an image, a QR payload, a note, a passphrase …
    /// The UI points at `field` and explains `kind`; `reason` is an English sentence suitable
    /// for logs and as a fallback message.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// What was refused: `key`, `uri`, `params`, `time`, `frame`, `image`, `qr`, `note`,
        /// `groups`, `passphrase`, `recovery_code`, `clock_offset`, `slot`, `unlock`, `id`, `device` or (shells)
        /// `rotation`.
        field: String,
        /// The core error's stable variant name, e.g. `InvalidCharacter`, `MissingSecret`.
        kind: ErrorKind,
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
    /// The platform key store could not be used. Thrown by shell `KeyStore` implementations
    /// too (the failure says why), and passed through to the caller of `open`/`create`.
    #[error("the device key store failed ({failure:?}): {reason}")]
    KeyStore {
        /// Why: unavailable, cancelled by the user, or the key is gone.
        failure: KeyStoreFailure,
        /// Platform explanation (never a secret).
        reason: String,
    },
    /// The vault file cannot be used as it is: not there, not a vault, from a newer Kulcs, in
    /// use by another process, already existing (on create), or a file operation failed.
    #[error("storage error ({kind}): {reason}")]
    Storage {
        /// `NotFound`, `AlreadyExists`, `NotAVault`, `UnsupportedVersion`, `Locked`,
        /// `TooLarge`, `KdfParamsRefused`, `ContentsTooLarge` or `Io`.
        kind: ErrorKind,
        /// What failed, with the path and the operating system's message.
        reason: String,
    },
    /// A sync round could not run: this vault is in no sync group (`NotInGroup`), the shared
    /// folder cannot be listed or written (`Io`), or the saved membership is damaged
    /// (`BadState`). Files in the folder that cannot be merged are not errors: they are in the
    /// report's `rejected` list.
    #[error("sync failed ({kind}): {reason}")]
    Sync {
        /// Core's stable `SyncError` variant name.
        kind: ErrorKind,
        /// An English sentence (never a secret).
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

/// Why a platform key store failed; mirrors core's `KeyStoreError` minus the crypto case
/// (which is [`KulcsError::WrongKeyOrDamaged`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KeyStoreFailure {
    /// The store cannot be used now (device locked, hardware error, permissions).
    Unavailable,
    /// The user cancelled an authentication prompt.
    Cancelled,
    /// The device key is gone (app reinstalled, key invalidated); open with the passphrase.
    KeyMissing,
}

impl KulcsError {
    /// An [`KulcsError::InvalidInput`] for `field` from a core error with a `kind()`.
    pub(crate) fn invalid(field: &str, kind: ErrorKind, err: &dyn std::fmt::Display) -> Self {
        KulcsError::InvalidInput {
            field: field.to_string(),
            kind,
            reason: err.to_string(),
        }
    }

    /// An [`KulcsError::InvalidInput`] from a core error's `kind()` name.
    pub(crate) fn invalid_named(field: &str, name: &str, err: &dyn std::fmt::Display) -> Self {
        Self::invalid(field, kind_named(name), err)
    }

    /// The catalogue kind of this error (every variant has one).
    pub fn kind(&self) -> ErrorKind {
        match self {
            KulcsError::InvalidInput { kind, .. }
            | KulcsError::Storage { kind, .. }
            | KulcsError::Sync { kind, .. } => *kind,
            KulcsError::NoQrCode => ErrorKind::NoQrCode,
            KulcsError::NotFound { .. } => ErrorKind::AccountNotFound,
            KulcsError::WrongKeyOrDamaged => ErrorKind::WrongKeyOrDamaged,
            KulcsError::KeyStore { failure, .. } => match failure {
                KeyStoreFailure::Unavailable => ErrorKind::Unavailable,
                KeyStoreFailure::Cancelled => ErrorKind::Cancelled,
                KeyStoreFailure::KeyMissing => ErrorKind::KeyMissing,
            },
            KulcsError::Internal { .. } => ErrorKind::Internal,
        }
    }
}

impl From<SecretError> for KulcsError {
    fn from(e: SecretError) -> Self {
        KulcsError::invalid_named("key", e.kind(), &e)
    }
}

impl From<UriError> for KulcsError {
    fn from(e: UriError) -> Self {
        KulcsError::invalid_named("uri", e.kind(), &e)
    }
}

impl From<OtpError> for KulcsError {
    fn from(e: OtpError) -> Self {
        let (field, kind) = match e {
            OtpError::InvalidDigits { .. } => ("params", ErrorKind::InvalidDigits),
            OtpError::ZeroPeriod => ("params", ErrorKind::ZeroPeriod),
            OtpError::SteamNeedsSha1 => ("params", ErrorKind::SteamNeedsSha1),
            OtpError::TimeBeforeEpoch => ("time", ErrorKind::TimeBeforeEpoch),
            OtpError::TimeOutOfRange => ("time", ErrorKind::TimeOutOfRange),
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
            QrError::UnreadableImage { .. } => {
                KulcsError::invalid("image", ErrorKind::UnreadableImage, &e)
            }
            QrError::InvalidFrame { .. } => {
                KulcsError::invalid("frame", ErrorKind::InvalidFrame, &e)
            }
        }
    }
}

impl From<KeyStoreError> for KulcsError {
    fn from(e: KeyStoreError) -> Self {
        let failure = match &e {
            KeyStoreError::WrongKeyOrDamaged => return KulcsError::WrongKeyOrDamaged,
            KeyStoreError::Unavailable { .. } => KeyStoreFailure::Unavailable,
            KeyStoreError::Cancelled => KeyStoreFailure::Cancelled,
            KeyStoreError::KeyMissing { .. } => KeyStoreFailure::KeyMissing,
        };
        KulcsError::KeyStore {
            failure,
            reason: e.to_string(),
        }
    }
}

/// The reverse, for errors a shell's `KeyStore` throws back into core.
impl From<KulcsError> for KeyStoreError {
    fn from(e: KulcsError) -> Self {
        match e {
            KulcsError::WrongKeyOrDamaged => KeyStoreError::WrongKeyOrDamaged,
            KulcsError::KeyStore {
                failure: KeyStoreFailure::Cancelled,
                ..
            } => KeyStoreError::Cancelled,
            KulcsError::KeyStore {
                failure: KeyStoreFailure::KeyMissing,
                ..
            } => KeyStoreError::KeyMissing {
                key_id: String::new(),
            },
            other => KeyStoreError::Unavailable {
                reason: other.to_string(),
            },
        }
    }
}

impl From<AccountFieldError> for KulcsError {
    fn from(e: AccountFieldError) -> Self {
        match e {
            AccountFieldError::NoteTooLong { .. } => {
                KulcsError::invalid("note", ErrorKind::NoteTooLong, &e)
            }
            AccountFieldError::InvalidGroup { .. } => {
                KulcsError::invalid("groups", ErrorKind::InvalidGroup, &e)
            }
            AccountFieldError::NameTooLong { .. } => {
                KulcsError::invalid("name", ErrorKind::NameTooLong, &e)
            }
        }
    }
}

/// A malformed id names no account.
impl From<(AccountIdError, &str)> for KulcsError {
    fn from((_, id): (AccountIdError, &str)) -> Self {
        KulcsError::NotFound { id: id.to_string() }
    }
}

impl From<VaultError> for KulcsError {
    fn from(e: VaultError) -> Self {
        let storage = |kind: ErrorKind, e: &VaultError| KulcsError::Storage {
            kind,
            reason: e.to_string(),
        };
        match e {
            VaultError::WrongKeyOrDamaged => KulcsError::WrongKeyOrDamaged,
            VaultError::NotAVault { .. } => storage(ErrorKind::NotAVault, &e),
            VaultError::UnsupportedVersion { .. } => storage(ErrorKind::UnsupportedVersion, &e),
            VaultError::NotFound { .. } => storage(ErrorKind::NotFound, &e),
            VaultError::AlreadyExists { .. } => storage(ErrorKind::AlreadyExists, &e),
            VaultError::Locked { .. } => storage(ErrorKind::Locked, &e),
            VaultError::TooLarge { .. } => storage(ErrorKind::TooLarge, &e),
            VaultError::KdfParamsRefused { .. } => storage(ErrorKind::KdfParamsRefused, &e),
            VaultError::Io { .. } => storage(ErrorKind::Io, &e),
            VaultError::NoSlotOfKind { .. } => {
                KulcsError::invalid("unlock", ErrorKind::NoSlotOfKind, &e)
            }
            VaultError::SlotNotFound { .. } => {
                KulcsError::invalid("slot", ErrorKind::SlotNotFound, &e)
            }
            VaultError::LastSlot => KulcsError::invalid("slot", ErrorKind::LastSlot, &e),
            VaultError::TooManySlots { .. } => {
                KulcsError::invalid("slot", ErrorKind::TooManySlots, &e)
            }
            VaultError::SlotsNeedRecreating { .. } => {
                KulcsError::invalid("slot", ErrorKind::SlotsNeedRecreating, &e)
            }
            VaultError::PassphraseTooShort { .. } => {
                KulcsError::invalid("passphrase", ErrorKind::PassphraseTooShort, &e)
            }
            VaultError::ClockOffsetOutOfRange { .. } => {
                KulcsError::invalid("clock_offset", ErrorKind::ClockOffsetOutOfRange, &e)
            }
            VaultError::BackupFolderEmpty => {
                KulcsError::invalid("backup_folder", ErrorKind::BackupFolderEmpty, &e)
            }
            VaultError::InvalidRecoveryCode { .. } => {
                KulcsError::invalid("recovery_code", ErrorKind::InvalidRecoveryCode, &e)
            }
            VaultError::AmbiguousId { .. } => KulcsError::invalid("id", ErrorKind::AmbiguousId, &e),
            VaultError::AccountNotFound { id } => KulcsError::NotFound { id },
            VaultError::InvalidParams(otp) => otp.into(),
            VaultError::InvalidField(field) => field.into(),
            VaultError::ContentsTooLarge { .. } => storage(ErrorKind::ContentsTooLarge, &e),
            VaultError::KeyStore(ks) => ks.into(),
            VaultError::Random => KulcsError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

/// A foreign `KeyStore` implementation threw something that is not a `KulcsError`.
impl From<uniffi::UnexpectedUniFFICallbackError> for KulcsError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        KulcsError::Internal {
            reason: format!("the platform key store failed unexpectedly: {}", e.reason),
        }
    }
}
