//! Owns `otpauth://` parsing across the FFI: [`parse_uri`] returns the account it describes
//! with the key kept in Rust as a [`SetupKey`].

use std::sync::Arc;

use kulcs_core::otpauth;

use crate::guard::guard;
use crate::{KulcsError, OtpParams, SetupKey};

/// Something worth telling the user about a URI that was still accepted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum UriNote {
    /// The label prefix and the `issuer=` parameter disagreed; the parameter was used.
    IssuerMismatch {
        /// The prefix from the label.
        label_prefix: String,
        /// The `issuer=` value that was kept.
        parameter: String,
    },
    /// Parameters Kulcs does not use (e.g. `image`, `color`); they were ignored.
    UnknownParameters {
        /// Their names, lower case.
        names: Vec<String>,
    },
}

impl From<otpauth::UriNote> for UriNote {
    fn from(n: otpauth::UriNote) -> Self {
        match n {
            otpauth::UriNote::IssuerMismatch {
                label_prefix,
                parameter,
            } => UriNote::IssuerMismatch {
                label_prefix,
                parameter,
            },
            otpauth::UriNote::UnknownParameters(names) => UriNote::UnknownParameters { names },
        }
    }
}

/// The account an `otpauth://` URI describes. The key stays in Rust.
#[derive(Debug, uniffi::Record)]
pub struct ParsedUri {
    /// The service, e.g. `Ügyfélkapu+`; empty when the URI names none.
    pub issuer: String,
    /// The account name; may be empty.
    pub label: String,
    /// Kind, algorithm, digits, period, counter.
    pub params: OtpParams,
    /// The shared key.
    pub key: Arc<SetupKey>,
    /// What was adjusted or ignored while parsing.
    pub notes: Vec<UriNote>,
}

impl From<otpauth::ParsedUri> for ParsedUri {
    fn from(parsed: otpauth::ParsedUri) -> Self {
        let c = parsed.credential;
        ParsedUri {
            issuer: c.issuer,
            label: c.label,
            params: c.params,
            key: SetupKey::new(c.secret),
            notes: parsed.notes.into_iter().map(UriNote::from).collect(),
        }
    }
}

/// Parses an `otpauth://` URI (lenient, as core's `otpauth::parse`).
#[uniffi::export]
pub fn parse_uri(uri: String) -> Result<ParsedUri, KulcsError> {
    let uri = zeroize::Zeroizing::new(uri);
    guard(|| Ok(otpauth::parse(&uri)?.into()))
}
