//! Which [`ErrorKind`] each core error the CLI shows is, and the catalogue sentence for a kind.

use kulcs_core::messages::{message_key, ErrorKind, GENERIC_KEY};

use crate::i18n::t;

/// A core error with a stable kind (`None`: no kind, the English text is shown).
pub trait Kinded: std::fmt::Display {
    /// The error's kind.
    fn error_kind(&self) -> Option<ErrorKind>;

    /// The error's own sentence in the user's language, when its details (a path) matter
    /// more than its kind; `None`: the kind's sentence.
    fn localised(&self) -> Option<String> {
        None
    }
}

/// The catalogue key of the sentence for `kind`: the apps' key when it has its own
/// sentence, else the CLI's `kind-<name>`.
pub fn kind_key(kind: ErrorKind) -> String {
    match message_key(kind) {
        GENERIC_KEY => format!("kind-{}", kind.name()),
        key => key.to_string(),
    }
}

/// The sentence for `kind` in the user's language; `english` (core's own text) fills the
/// `$detail` argument some sentences show.
pub fn kind_sentence(kind: ErrorKind, english: &str) -> String {
    t(&kind_key(kind), &[("detail", english)])
}

impl<T: Kinded + ?Sized> Kinded for &T {
    fn error_kind(&self) -> Option<ErrorKind> {
        (**self).error_kind()
    }

    fn localised(&self) -> Option<String> {
        (**self).localised()
    }
}

/// The kind of a core error whose `kind()` is a name.
fn named(name: &str) -> Option<ErrorKind> {
    ErrorKind::from_name(name)
}

macro_rules! by_name {
    ($($t:ty),*) => {$(
        impl Kinded for $t {
            fn error_kind(&self) -> Option<ErrorKind> {
                named(self.kind())
            }
        }
    )*};
}

by_name!(
    kulcs_core::otpauth::UriError,
    kulcs_core::transfer::TransferError,
    kulcs_core::sync::SyncError,
    kulcs_core::migration::MigrationError
);

impl Kinded for kulcs_core::secret::SecretError {
    fn error_kind(&self) -> Option<ErrorKind> {
        named(self.kind())
    }

    /// A refused character keeps its position and its likely meaning, as in English.
    fn localised(&self) -> Option<String> {
        let kulcs_core::secret::SecretError::InvalidCharacter {
            character,
            position,
            suggestion,
        } = self
        else {
            return None;
        };
        let at = t(
            "key-character-at",
            &[
                ("character", &format!("{character:?}")),
                ("position", &position.to_string()),
            ],
        );
        let hint = suggestion
            .map(|s| t("key-did-you-mean", &[("suggestion", &format!("{s:?}"))]))
            .unwrap_or_default();
        Some(format!("{at}{hint}. {}", t("error_key_character", &[])))
    }
}

impl Kinded for kulcs_core::vault::CalibrationError {
    fn error_kind(&self) -> Option<ErrorKind> {
        match self {
            kulcs_core::vault::CalibrationError::Vault(v) => v.error_kind(),
            other => Some(other.kind()),
        }
    }
}

impl Kinded for kulcs_core::otp::OtpError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::otp::OtpError as E;
        Some(match self {
            E::InvalidDigits { .. } => ErrorKind::InvalidDigits,
            E::ZeroPeriod => ErrorKind::ZeroPeriod,
            E::SteamNeedsSha1 => ErrorKind::SteamNeedsSha1,
            E::TimeBeforeEpoch => ErrorKind::TimeBeforeEpoch,
            E::TimeOutOfRange => ErrorKind::TimeOutOfRange,
        })
    }
}

impl Kinded for kulcs_core::QrError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::QrError as E;
        Some(match self {
            E::NoQrCode | E::DecoderFault => ErrorKind::NoQrCode,
            E::UnreadableImage { .. } => ErrorKind::UnreadableImage,
            E::InvalidFrame { .. } => ErrorKind::InvalidFrame,
        })
    }
}

impl Kinded for kulcs_core::vault::KeyStoreError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::vault::KeyStoreError as E;
        Some(match self {
            E::WrongKeyOrDamaged => ErrorKind::WrongKeyOrDamaged,
            E::Unavailable { .. } => ErrorKind::Unavailable,
            E::Cancelled => ErrorKind::Cancelled,
            E::KeyMissing { .. } => ErrorKind::KeyMissing,
        })
    }
}

impl Kinded for kulcs_core::account::AccountFieldError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::account::AccountFieldError as E;
        Some(match self {
            E::NoteTooLong { .. } => ErrorKind::NoteTooLong,
            E::InvalidGroup { .. } => ErrorKind::InvalidGroup,
            E::NameTooLong { .. } => ErrorKind::NameTooLong,
        })
    }
}

impl Kinded for kulcs_core::VaultError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::VaultError as E;
        Some(match self {
            E::WrongKeyOrDamaged => ErrorKind::WrongKeyOrDamaged,
            E::NotAVault { .. } => ErrorKind::NotAVault,
            E::UnsupportedVersion { .. } => ErrorKind::UnsupportedVersion,
            E::NotFound { .. } => ErrorKind::NotFound,
            E::AlreadyExists { .. } => ErrorKind::AlreadyExists,
            E::Locked { .. } => ErrorKind::Locked,
            E::TooLarge { .. } => ErrorKind::TooLarge,
            E::KdfParamsRefused { .. } => ErrorKind::KdfParamsRefused,
            E::Io { .. } => ErrorKind::Io,
            E::NoSlotOfKind { .. } => ErrorKind::NoSlotOfKind,
            E::SlotNotFound { .. } => ErrorKind::SlotNotFound,
            E::LastSlot => ErrorKind::LastSlot,
            E::TooManySlots { .. } => ErrorKind::TooManySlots,
            E::SlotsNeedRecreating { .. } => ErrorKind::SlotsNeedRecreating,
            E::PassphraseTooShort { .. } => ErrorKind::PassphraseTooShort,
            E::ClockOffsetOutOfRange { .. } => ErrorKind::ClockOffsetOutOfRange,
            E::BackupFolderEmpty => ErrorKind::BackupFolderEmpty,
            E::InvalidRecoveryCode { .. } => ErrorKind::InvalidRecoveryCode,
            E::AmbiguousId { .. } => ErrorKind::AmbiguousId,
            E::AccountNotFound { .. } => ErrorKind::AccountNotFound,
            E::InvalidParams(otp) => return otp.error_kind(),
            E::InvalidField(field) => return field.error_kind(),
            E::ContentsTooLarge { .. } => ErrorKind::ContentsTooLarge,
            E::KeyStore(ks) => return ks.error_kind(),
            E::Random => ErrorKind::Random,
        })
    }
}

impl Kinded for kulcs_core::vault::KeyFileError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::vault::KeyFileError as E;
        match self {
            // The path and the chmod advice are the message: no kind sentence replaces them.
            E::TooOpen { .. } => None,
            E::NotAKeyFile { .. } => Some(ErrorKind::NotAVault),
            E::Unreadable { .. } => Some(ErrorKind::Io),
        }
    }
}

impl Kinded for kulcs_core::import::FileImportError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::import::FileImportError as E;
        Some(match self {
            E::TooLarge { .. } => ErrorKind::ImportTooLarge,
            E::Unrecognised => ErrorKind::ImportUnrecognised,
            E::Unsupported { .. } => ErrorKind::ImportUnsupported,
            E::Malformed { .. } => ErrorKind::ImportDamaged,
            E::PasswordNeeded { .. } => ErrorKind::ImportPasswordNeeded,
            E::WrongPassword { .. } => ErrorKind::ImportWrongPassword,
            E::Empty { .. } => ErrorKind::ImportEmpty,
        })
    }
}

impl Kinded for kulcs_core::export::ExportError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::export::ExportError as E;
        Some(match self {
            E::NotABackup => ErrorKind::NotABackup,
            E::UnsupportedVersion { .. } => ErrorKind::UnsupportedVersion,
            E::KdfParamsRefused { .. } => ErrorKind::KdfParamsRefused,
            E::WrongPassphraseOrDamaged => ErrorKind::WrongKeyOrDamaged,
            E::TooLarge { .. } => ErrorKind::TooLarge,
            E::PassphraseTooShort { .. } => ErrorKind::PassphraseTooShort,
            E::RandomUnavailable => ErrorKind::Random,
            E::EncodeFailed => ErrorKind::Internal,
            E::ReadBackDiffers { .. } => ErrorKind::ReadBackDiffers,
        })
    }
}

impl Kinded for kulcs_core::exchange::ImportError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::exchange::ImportError as E;
        match self {
            E::Transfer(e) => e.error_kind(),
            E::Vault(e) => e.error_kind(),
            E::Sync(e) => e.error_kind(),
        }
    }
}

impl Kinded for kulcs_core::bundle::BundleError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::bundle::BundleError as E;
        Some(match self {
            E::UnsupportedVersion(_) => ErrorKind::UnsupportedVersion,
            _ => ErrorKind::BadBundle,
        })
    }
}

impl Kinded for kulcs_core::qr_render::RenderError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::qr_render::RenderError as E;
        Some(match self {
            E::TooLong { .. } => ErrorKind::TooLong,
            E::InvalidScale { .. } => ErrorKind::InvalidScale,
            E::Png => ErrorKind::Internal,
        })
    }
}

impl Kinded for kulcs_core::paper::PaperError {
    fn error_kind(&self) -> Option<ErrorKind> {
        use kulcs_core::paper::PaperError as E;
        match self {
            E::TooManyAccounts { .. } => Some(ErrorKind::TooLarge),
            E::Qr(r) => r.error_kind(),
            E::Vault(v) => v.error_kind(),
            E::Pdf { .. } => Some(ErrorKind::Internal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{has, lookup_in, Lang};

    /// Every core error kind has a sentence in English and in Hungarian, and the Hungarian
    /// one is translated (not the English text).
    #[test]
    fn every_error_kind_has_a_sentence_in_both_languages() {
        for &kind in ErrorKind::ALL {
            let key = kind_key(kind);
            assert!(has(Lang::En, &key), "en: {key} ({kind:?})");
            assert!(has(Lang::Hu, &key), "hu: {key} ({kind:?})");
            assert_ne!(
                lookup_in(Lang::En, &key),
                lookup_in(Lang::Hu, &key),
                "{key}"
            );
        }
    }
}
