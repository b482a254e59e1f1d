//! Owns Google Authenticator interop: reading and writing `otpauth-migration://offline?data=`
//! batches (the "Transfer accounts" QR codes), with a collector for multi-QR exports and a
//! per-account report of everything Google's format cannot carry. Spec: `docs/migration.md`.
//!
//! ```
//! use kulcs_core::migration::{export, MigrationCollector};
//! use kulcs_core::credential::Credential;
//! use kulcs_core::secret::Secret;
//! let c = Credential::ugyfelkapu("kovacs.janos", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap());
//! let out = export(&[c.clone()], 12345);
//! let mut collector = MigrationCollector::new();
//! let progress = collector.add(&out.uris[0]).unwrap();
//! assert_eq!(progress.to_string(), "1/1");
//! assert_eq!(collector.finish().unwrap().accounts[0].credential, c);
//! ```

mod export;
mod import;
/// Google's protobuf, written by hand. Not part of the API: public only so integration tests can
/// build Google payloads byte for byte.
#[doc(hidden)]
pub mod proto;

pub use export::{export, export_random, ExportIssue, ExportResult, ExportWarning};
pub use import::{is_migration, parse, BatchProgress, ImportResult, MigrationCollector};

use crate::credential::Credential;

/// The URI prefix of Google's export QR codes (compared case-insensitively).
pub const MIGRATION_PREFIX: &str = "otpauth-migration://offline?";
/// Accounts per exported QR code (what Google Authenticator itself uses).
pub const ACCOUNTS_PER_BATCH: usize = 10;
/// The largest batch count accepted from a scanned code.
pub const MAX_BATCH_SIZE: usize = 1000;
/// Longest `otpauth-migration` URI accepted, in bytes.
pub const MAX_MIGRATION_URI_BYTES: usize = 64 * 1024;

/// Why a scanned `otpauth-migration` code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    /// The text is not an `otpauth-migration://offline?` URI.
    #[error("not a Google Authenticator export code")]
    NotMigration,
    /// No `data=` parameter.
    #[error("the export code has no data")]
    MissingData,
    /// The data is not valid (percent-encoded) Base64.
    #[error("the export code's data is not valid Base64")]
    BadBase64,
    /// The data is not a valid `MigrationPayload` protobuf.
    #[error("the export code's data is damaged")]
    BadProtobuf,
    /// Batch size or index out of range (`index >= size`, size 0 or above [`MAX_BATCH_SIZE`]).
    #[error("the export code has an impossible batch number ({index} of {size})")]
    BadBatch {
        /// Zero-based index found.
        index: i64,
        /// Batch size found.
        size: i64,
    },
    /// A code from another export (different `batch_id` or batch size) than the codes already
    /// scanned. Finish or restart the first export.
    #[error("this code belongs to a different export than the codes already scanned")]
    OtherExport,
    /// The URI is longer than [`MAX_MIGRATION_URI_BYTES`].
    #[error("the export code is too long")]
    TooLong,
    /// [`MigrationCollector::finish`] before every code of the export was scanned.
    #[error("{received} of {total} export codes scanned so far")]
    Incomplete {
        /// Codes scanned.
        received: usize,
        /// Codes in the export (0 when none yet).
        total: usize,
    },
}

impl MigrationError {
    /// The variant name, stable across versions.
    pub fn kind(&self) -> &'static str {
        match self {
            MigrationError::NotMigration => "NotMigration",
            MigrationError::MissingData => "MissingData",
            MigrationError::BadBase64 => "BadBase64",
            MigrationError::BadProtobuf => "BadProtobuf",
            MigrationError::BadBatch { .. } => "BadBatch",
            MigrationError::OtherExport => "OtherExport",
            MigrationError::TooLong => "TooLong",
            MigrationError::Incomplete { .. } => "Incomplete",
        }
    }
}

/// Why one account of an import could not be taken over (the others still are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// MD5 or an unknown algorithm number.
    UnsupportedAlgorithm(i32),
    /// An unknown digit-count number.
    UnsupportedDigits(i32),
    /// An unknown OTP type number.
    UnsupportedType(i32),
    /// Empty or oversized key.
    BadSecret,
    /// A negative HOTP counter.
    BadCounter,
}

/// An account that was not imported, with enough to tell the user which one and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Zero-based QR code index in the export.
    pub batch_index: usize,
    /// Zero-based position in that QR code.
    pub position: usize,
    /// Issuer and name as found, for the message.
    pub display_name: String,
    /// Why.
    pub reason: SkipReason,
}

/// A note about an account that was imported with an adjustment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportNote {
    /// Unspecified algorithm/digits/type were taken as Google's defaults (SHA1, 6, TOTP).
    DefaultsAssumed,
    /// The `Issuer:` prefix of the name was removed because it repeats the issuer.
    IssuerPrefixRemoved,
}

/// One imported account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The account.
    pub credential: Credential,
    /// What was adjusted.
    pub notes: Vec<ImportNote>,
}

/// One decoded QR code of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationBatch {
    /// Export id shared by its codes.
    pub batch_id: i32,
    /// Zero-based index of this code.
    pub batch_index: usize,
    /// Codes in the export.
    pub batch_size: usize,
    /// Accounts taken over.
    pub accounts: Vec<Imported>,
    /// Accounts that could not be taken over (never dropped silently).
    pub skipped: Vec<Skipped>,
}
