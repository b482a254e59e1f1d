//! Owns the message catalogue across the FFI: core's [`ErrorKind`] as a UniFFI enum, and the key of the sentence each kind shows.

use kulcs_core::messages;
pub use kulcs_core::messages::ErrorKind;

use crate::KulcsError;

/// An error's stable core variant name (core's `messages::ErrorKind`, documented there): what
/// `KulcsError` carries in `kind`, and what a shell switches on to explain an error.
#[uniffi::remote(Enum)]
pub enum ErrorKind {
    Empty,
    InvalidCharacter,
    InvalidLength,
    MisplacedPadding,
    OddHexLength,
    TooLong,
    NotOtpauth,
    UnsupportedType,
    MissingSecret,
    BadSecret,
    UnsupportedAlgorithm,
    InvalidDigits,
    InvalidPeriod,
    MissingCounter,
    InvalidCounter,
    LabelTooLong,
    UriTooLong,
    InvalidUtf8,
    ZeroPeriod,
    SteamNeedsSha1,
    TimeBeforeEpoch,
    TimeOutOfRange,
    NoQrCode,
    UnreadableImage,
    InvalidFrame,
    InvalidRotation,
    InvalidScale,
    NotAnEnrolment,
    NoteTooLong,
    InvalidGroup,
    NameTooLong,
    WrongKeyOrDamaged,
    NotAVault,
    UnsupportedVersion,
    NotFound,
    AlreadyExists,
    Locked,
    TooLarge,
    KdfParamsRefused,
    Io,
    NoSlotOfKind,
    SlotNotFound,
    LastSlot,
    TooManySlots,
    SlotsNeedRecreating,
    PassphraseTooShort,
    ClockOffsetOutOfRange,
    BackupFolderEmpty,
    InvalidRecoveryCode,
    AmbiguousId,
    AccountNotFound,
    ContentsTooLarge,
    Random,
    NoMatchingOffset,
    AmbiguousOffset,
    NotTimeBased,
    Unavailable,
    Cancelled,
    KeyMissing,
    NotTransferData,
    WrongKind,
    Malformed,
    Expired,
    LifetimeTooLong,
    WrongSession,
    CodeNotShown,
    TooManyBadFrames,
    CodeFormat,
    CodeMismatch,
    CodeReused,
    TooManyAttempts,
    Crypto,
    Incomplete,
    BadState,
    OutdatedState,
    LedgerUnavailable,
    ReplacesSyncGroup,
    BadBundle,
    NotReplica,
    OtherGroup,
    Rollback,
    FromTheFuture,
    VersionOutOfRange,
    NotMember,
    Removed,
    RemoveSelf,
    ForeignRecord,
    CompetingRecord,
    OtherEpoch,
    LegacyRefused,
    Superseded,
    NameMismatch,
    NotInGroup,
    NotMigration,
    MissingData,
    BadBase64,
    BadProtobuf,
    BadBatch,
    OtherExport,
    ImportUnrecognised,
    ImportUnsupported,
    ImportDamaged,
    ImportPasswordNeeded,
    ImportWrongPassword,
    ImportTooLarge,
    ImportEmpty,
    NotABackup,
    ReadBackDiffers,
    Internal,
}

/// The catalogue key of the sentence for `kind` (a `tests/vectors/messages.json` key and an
/// Android `strings.xml` name), e.g. `error_key_character`.
#[uniffi::export]
pub fn message_key(kind: ErrorKind) -> String {
    messages::message_key(kind).to_string()
}

/// The catalogue key for a failed sync round (`KulcsError::Sync{kind}`): `sync_not_in_group`
/// for `NotInGroup`, else `sync_error_folder`.
#[uniffi::export]
pub fn sync_message_key(kind: ErrorKind) -> String {
    messages::sync_message_key(kind).to_string()
}

/// The kind of any `KulcsError`, so a shell maps every error to a sentence the same way:
/// `InvalidInput`, `Storage` and `Sync` carry theirs; `NoQrCode`, `NotFound`
/// (`AccountNotFound`), `WrongKeyOrDamaged`, `KeyStore` (`Unavailable`, `Cancelled`,
/// `KeyMissing`) and `Internal` have one each.
#[uniffi::export]
pub fn error_kind(error: KulcsError) -> ErrorKind {
    error.kind()
}

/// The catalogue key of the sentence for any `KulcsError` ([`error_kind`], with the sync
/// sentence for `Sync`).
#[uniffi::export]
pub fn error_message_key(error: KulcsError) -> String {
    match &error {
        KulcsError::Sync { kind, .. } => messages::sync_message_key(*kind),
        other => messages::message_key(other.kind()),
    }
    .to_string()
}

/// The core kind with this `kind()` name; an unknown name is a bug ([`ErrorKind::Internal`]),
/// checked for every core error type by core's tests.
pub(crate) fn kind_named(name: &str) -> ErrorKind {
    ErrorKind::from_name(name).unwrap_or(ErrorKind::Internal)
}
