//! `otpauth://` URIs (Google's Key Uri Format): lenient parsing and canonical formatting.
//!
//! Rules (see `docs/otpauth.md`):
//! - scheme and type are case-insensitive; types are `totp`, `hotp` and `steam`;
//! - the label is `Issuer:Account` or `Account`, percent-encoded UTF-8; a literal `+` in the
//!   label stays a `+` (RFC 3986 path), while in the query `+` means a space (form encoding);
//! - when the `issuer=` parameter and the label prefix disagree, the parameter wins, unless they
//!   differ only by `+`/space and surrounding blanks (then the label's spelling, which keeps a
//!   literal `+` such as in `Ügyfélkapu+`, is used);
//! - parameter names are case-insensitive, unknown parameters are reported, never fatal;
//! - control characters, DEL, C1 controls and bidi controls are removed from the issuer and the
//!   account name ([`crate::validate::clean_name`]), so a QR code cannot rewrite a terminal or
//!   disguise its issuer;
//! - `encoder=steam` on a `totp` URI (KeeOTP, Aegis) means Steam Guard.
//!
//! ```
//! use kulcs_core::otpauth;
//! let uri = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos@ugyfelkapu.gov.hu\
//!            ?secret=jbswy3dpehpk3pxp&issuer=%C3%9Cgyf%C3%A9lkapu%2B";
//! let parsed = otpauth::parse(uri).unwrap();
//! assert_eq!(parsed.credential.issuer, "Ügyfélkapu+");
//! assert_eq!(parsed.credential.label, "kovacs.janos@ugyfelkapu.gov.hu");
//! let again = otpauth::parse(&otpauth::format(&parsed.credential)).unwrap();
//! assert_eq!(again.credential, parsed.credential);
//! ```

use crate::credential::Credential;
use crate::secret::SecretError;

mod format;
mod parse;

pub use format::format;
pub use parse::parse;

/// Longest URI accepted, in bytes.
pub const MAX_URI_BYTES: usize = 16 * 1024;
/// Longest issuer or account name accepted, in characters (the vault's cap).
pub use crate::validate::MAX_NAME_CHARS;

/// Why an `otpauth://` URI was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UriError {
    /// The text does not start with `otpauth://`.
    #[error("not an otpauth:// URI")]
    NotOtpauth,
    /// The type is not `totp`, `hotp` or `steam`.
    #[error("unsupported code type {found:?} (expected totp, hotp or steam)")]
    UnsupportedType {
        /// The type as found in the URI.
        found: String,
    },
    /// No `secret=` parameter, or an empty one.
    #[error("the URI has no secret")]
    MissingSecret,
    /// The secret is not valid base32.
    #[error("the secret is not valid: {0}")]
    BadSecret(#[from] SecretError),
    /// An `algorithm=` value other than SHA1, SHA256 or SHA512.
    #[error("unsupported algorithm {found:?}")]
    UnsupportedAlgorithm {
        /// The value as found.
        found: String,
    },
    /// `digits=` is not a number from 6 to 10.
    #[error("digits must be a number from 6 to 10, found {found:?}")]
    InvalidDigits {
        /// The value as found.
        found: String,
    },
    /// `period=` is not a positive whole number of seconds.
    #[error("period must be a positive number of seconds, found {found:?}")]
    InvalidPeriod {
        /// The value as found.
        found: String,
    },
    /// An `hotp` URI without `counter=`.
    #[error("an hotp URI needs a counter")]
    MissingCounter,
    /// `counter=` is not a non-negative 64-bit number.
    #[error("counter must be a non-negative number, found {found:?}")]
    InvalidCounter {
        /// The value as found.
        found: String,
    },
    /// The issuer or account name is longer than [`MAX_NAME_CHARS`].
    #[error("the {field} is too long (at most {max} characters)")]
    LabelTooLong {
        /// `"issuer"` or `"account name"`.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// The whole URI is longer than [`MAX_URI_BYTES`].
    #[error("the URI is too long")]
    UriTooLong,
    /// Percent-encoding decoded to bytes that are not UTF-8.
    #[error("the URI contains text that is not valid UTF-8")]
    InvalidUtf8,
}

impl UriError {
    /// The variant name, stable across versions; shells and shared test vectors use it.
    pub fn kind(&self) -> &'static str {
        match self {
            UriError::NotOtpauth => "NotOtpauth",
            UriError::UnsupportedType { .. } => "UnsupportedType",
            UriError::MissingSecret => "MissingSecret",
            UriError::BadSecret(_) => "BadSecret",
            UriError::UnsupportedAlgorithm { .. } => "UnsupportedAlgorithm",
            UriError::InvalidDigits { .. } => "InvalidDigits",
            UriError::InvalidPeriod { .. } => "InvalidPeriod",
            UriError::MissingCounter => "MissingCounter",
            UriError::InvalidCounter { .. } => "InvalidCounter",
            UriError::LabelTooLong { .. } => "LabelTooLong",
            UriError::UriTooLong => "UriTooLong",
            UriError::InvalidUtf8 => "InvalidUtf8",
        }
    }
}

impl UriNote {
    /// The variant name, stable across versions.
    pub fn kind(&self) -> &'static str {
        match self {
            UriNote::IssuerMismatch { .. } => "IssuerMismatch",
            UriNote::UnknownParameters(_) => "UnknownParameters",
        }
    }
}

/// Something worth telling the user about a URI that was still accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriNote {
    /// The label prefix and the `issuer=` parameter disagreed; the parameter was used.
    IssuerMismatch {
        /// The prefix from the label.
        label_prefix: String,
        /// The `issuer=` value that was kept.
        parameter: String,
    },
    /// Parameters Kulcs does not use (e.g. `image`, `color`); they were ignored.
    UnknownParameters(Vec<String>),
}

/// A parsed URI: the credential plus notes about what was adjusted or ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUri {
    /// The account described by the URI.
    pub credential: Credential,
    /// What was adjusted or ignored while parsing.
    pub notes: Vec<UriNote>,
}

/// True when `text` looks like an otpauth URI (case-insensitive scheme check).
pub fn is_otpauth(text: &str) -> bool {
    text.trim_start()
        .get(..10)
        .is_some_and(|p| p.eq_ignore_ascii_case("otpauth://"))
}
