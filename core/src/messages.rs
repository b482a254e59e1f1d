//! Owns the message catalogue: [`ErrorKind`], one case per error name a shell explains, and the key of the sentence each shows (texts: `tests/vectors/messages.json`).
//!
//! Every core error type has a stable `kind()` name (`SecretError::kind`, `UriError::kind`,
//! `TransferError::kind`, `SyncError::kind`, `MigrationError::kind`, …). [`ErrorKind`] is the
//! union of those names as one flat enum, so the Kotlin and Swift shells switch on a type
//! instead of a string, and [`message_key`] is the one mapping from a kind to the key of the
//! Hungarian and English sentence (the Android `strings.xml` names, the iOS
//! `Localizable.strings` keys). A name used by several error types (`Malformed`, `TooLarge`,
//! `Io`, …) is one case.

macro_rules! error_kinds {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// An error's stable core variant name, as one flat enum (see the module docs).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorKind {
            $($(#[$doc])* $name,)*
        }

        impl ErrorKind {
            /// Every case, in declaration order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$name,)*];

            /// The case's name, equal to the core error's `kind()` string.
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorKind::$name => stringify!($name),)*
                }
            }

            /// The case with this name, if there is one.
            pub fn from_name(name: &str) -> Option<ErrorKind> {
                match name {
                    $(stringify!($name) => Some(ErrorKind::$name),)*
                    _ => None,
                }
            }
        }
    };
}

error_kinds! {
    // Setup keys (SecretError).
    /// No key was given.
    Empty,
    /// A character that base32 (or hex) does not have.
    InvalidCharacter,
    /// A base32 length no key can have (a character is missing).
    InvalidLength,
    /// `=` padding in the middle of a key.
    MisplacedPadding,
    /// A hex key with an odd number of digits.
    OddHexLength,
    /// The key (or a migration code) is longer than accepted.
    TooLong,
    // otpauth:// URIs (UriError).
    /// Not an `otpauth://` URI.
    NotOtpauth,
    /// An OTP type other than totp/hotp/steam.
    UnsupportedType,
    /// The URI has no `secret=`.
    MissingSecret,
    /// The URI's secret is not a valid key.
    BadSecret,
    /// An unknown hash algorithm.
    UnsupportedAlgorithm,
    /// A digit count Kulcs cannot make.
    InvalidDigits,
    /// A period that is not a positive number.
    InvalidPeriod,
    /// An HOTP URI without `counter=`.
    MissingCounter,
    /// A counter that is not a non-negative number.
    InvalidCounter,
    /// Issuer or account name too long in a URI.
    LabelTooLong,
    /// The whole URI is too long.
    UriTooLong,
    /// Percent-encoding that is not UTF-8.
    InvalidUtf8,
    // OTP parameters and times (OtpError).
    /// A period of zero seconds.
    ZeroPeriod,
    /// Steam codes need SHA1.
    SteamNeedsSha1,
    /// A time before 1970.
    TimeBeforeEpoch,
    /// A time (or counter) that overflows.
    TimeOutOfRange,
    // QR input (QrError, InvalidRotation, the scan classification).
    /// The image or frame holds no readable QR code.
    NoQrCode,
    /// The bytes are not an image Kulcs can read.
    UnreadableImage,
    /// A camera frame whose sizes do not fit its buffer.
    InvalidFrame,
    /// A camera rotation other than 0, 90, 180 or 270 degrees.
    InvalidRotation,
    /// A QR image scale (pixels per module) out of range.
    InvalidScale,
    /// The QR code is not an authenticator enrolment code (a web address, Wi-Fi details, …).
    NotAnEnrolment,
    // Account fields.
    /// The note is too long.
    NoteTooLong,
    /// A group name that is empty or too long, or too many groups.
    InvalidGroup,
    /// An issuer or label that is too long.
    NameTooLong,
    // The vault (VaultError).
    /// Wrong passphrase or device key, or a damaged file (deliberately one case).
    WrongKeyOrDamaged,
    /// The file is not a Kulcs vault.
    NotAVault,
    /// A file (vault, replica, transfer) from a newer Kulcs.
    UnsupportedVersion,
    /// The vault file does not exist.
    NotFound,
    /// A vault already exists where one was to be created.
    AlreadyExists,
    /// The vault is in use by another process.
    Locked,
    /// A file or merge larger than allowed.
    TooLarge,
    /// The file asks for key-derivation work outside the accepted bounds.
    KdfParamsRefused,
    /// A file operation failed (vault file or shared sync folder).
    Io,
    /// The vault has no unlock slot of the requested kind.
    NoSlotOfKind,
    /// No unlock slot has this id.
    SlotNotFound,
    /// The last unlock slot cannot be removed.
    LastSlot,
    /// The vault has the maximum number of unlock slots.
    TooManySlots,
    /// Slots of an older format must be recreated first.
    SlotsNeedRecreating,
    /// The passphrase is too short.
    PassphraseTooShort,
    /// A clock correction beyond the accepted bound.
    ClockOffsetOutOfRange,
    /// An automatic-backup setting without a folder.
    BackupFolderEmpty,
    /// A recovery code that is malformed (wrong length or characters).
    InvalidRecoveryCode,
    /// An id prefix that matches several accounts.
    AmbiguousId,
    /// No account has this id (deleted meanwhile, or stale).
    AccountNotFound,
    /// The vault's contents would exceed the size budget.
    ContentsTooLarge,
    /// The system random number generator failed.
    Random,
    // The clock calibration.
    /// No whole-period offset within the bound makes the account produce the typed code.
    NoMatchingOffset,
    /// Two offsets equally close to zero produce the typed code; type a later code.
    AmbiguousOffset,
    /// The account is counter-based: its codes do not depend on the clock.
    NotTimeBased,
    // The platform key store (KeyStoreError).
    /// The key store cannot be used now.
    Unavailable,
    /// The user cancelled an authentication prompt.
    Cancelled,
    /// The device key is gone; open with the passphrase or recovery code.
    KeyMissing,
    // Device-to-device transfer (TransferError).
    /// Not a Kulcs transfer code.
    NotTransferData,
    /// A transfer code of another kind than expected (offer vs frame).
    WrongKind,
    /// A damaged transfer code, replica or device id.
    Malformed,
    /// The transfer offer has expired.
    Expired,
    /// An offer lifetime longer than allowed.
    LifetimeTooLong,
    /// A code of another transfer.
    WrongSession,
    /// The receiver has not shown its code yet.
    CodeNotShown,
    /// Too many damaged frames: start again.
    TooManyBadFrames,
    /// The typed transfer code is not 12 digits.
    CodeFormat,
    /// The typed transfer code does not match.
    CodeMismatch,
    /// This transfer code was already used.
    CodeReused,
    /// Too many wrong transfer codes.
    TooManyAttempts,
    /// Decryption failed (transfer or replica).
    Crypto,
    /// Not every frame (or migration code) has been scanned yet.
    Incomplete,
    /// The transfer or sync state is inconsistent.
    BadState,
    /// The sender's ledger is older than the transfer.
    OutdatedState,
    /// The sender's ledger of typed codes cannot be used.
    LedgerUnavailable,
    /// Importing would replace this device's sync group.
    ReplacesSyncGroup,
    /// The transferred accounts do not decode.
    BadBundle,
    // Sync (SyncError).
    /// A file in the shared folder that is not a replica.
    NotReplica,
    /// A replica of another sync group.
    OtherGroup,
    /// A replica older than one already merged.
    Rollback,
    /// A replica dated too far in the future.
    FromTheFuture,
    /// A replica version outside the accepted range.
    VersionOutOfRange,
    /// A replica from a device that is not a member.
    NotMember,
    /// This device was removed from the sync group.
    Removed,
    /// A device cannot remove itself.
    RemoveSelf,
    /// A membership record of another group.
    ForeignRecord,
    /// Two competing membership records.
    CompetingRecord,
    /// A replica sealed under another key epoch.
    OtherEpoch,
    /// A legacy replica format that is no longer accepted.
    LegacyRefused,
    /// A replica superseded by a newer one.
    Superseded,
    /// A replica whose file name does not match its content.
    NameMismatch,
    /// This device is in no sync group yet.
    NotInGroup,
    // Google Authenticator migration (MigrationError).
    /// Not an `otpauth-migration://offline?` code.
    NotMigration,
    /// A migration code without data.
    MissingData,
    /// Migration data that is not Base64.
    BadBase64,
    /// Migration data that does not decode.
    BadProtobuf,
    /// An impossible batch number.
    BadBatch,
    /// A migration code of another export than the codes already scanned.
    OtherExport,
    // Other apps' export files (import::FileImportError).
    /// Not an export file of any app Kulcs knows.
    ImportUnrecognised,
    /// An app's export Kulcs recognises but cannot read (the reason says how to export instead).
    ImportUnsupported,
    /// A known app's export that is damaged (truncated, a missing field).
    ImportDamaged,
    /// The export is protected by a password: ask for it, then read again.
    ImportPasswordNeeded,
    /// The password does not open the export, or the file is damaged (one case).
    ImportWrongPassword,
    /// The export file is larger than any real export.
    ImportTooLarge,
    /// The export holds no accounts.
    ImportEmpty,
    // Exports and Kulcs backups (export::ExportError).
    /// The file is not a Kulcs backup.
    NotABackup,
    /// An export, read back, differs from the vault: it was not kept.
    ReadBackDiffers,
    // Bugs.
    /// A contained panic or broken invariant.
    Internal,
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The catalogue key of the sentence a shell shows for `kind` (a key of
/// `tests/vectors/messages.json`, an Android `strings.xml` name). Kinds without a sentence of
/// their own share `error_generic`.
pub fn message_key(kind: ErrorKind) -> &'static str {
    use ErrorKind::*;
    match kind {
        InvalidCharacter => "error_key_character",
        Empty | InvalidLength | MisplacedPadding => "error_key_too_short",
        NoQrCode => "error_no_qr",
        UnreadableImage => "error_unreadable_image",
        NotAnEnrolment => "scan_not_enrolment_title",
        PassphraseTooShort => "error_passphrase_short",
        NoteTooLong => "error_note_long",
        WrongKeyOrDamaged => "error_wrong_key",
        Cancelled => "error_cancelled",
        KeyMissing => "error_key_missing",
        Locked => "error_locked",
        AccountNotFound => "error_not_found",
        ClockOffsetOutOfRange => "error_clock_offset",
        Expired => "transfer_error_expired",
        TooManyAttempts => "transfer_error_attempts",
        CodeReused | TooManyBadFrames | OutdatedState | LedgerUnavailable => {
            "transfer_error_restart"
        }
        NotInGroup => "sync_not_in_group",
        ImportUnrecognised | NotABackup => "import_error_unrecognised",
        ImportUnsupported => "import_error_unsupported",
        ImportDamaged => "import_error_damaged",
        ImportPasswordNeeded => "import_error_password_needed",
        ImportWrongPassword => "import_error_wrong_password",
        ImportTooLarge => "import_error_too_large",
        ImportEmpty => "import_error_empty",
        ReplacesSyncGroup => "transfer_error_replaces_sync_group",
        NotTransferData | WrongSession | WrongKind | Malformed | Crypto => "transfer_error_other",
        _ => GENERIC_KEY,
    }
}

/// The key of the sentence for an error without a sentence of its own.
pub const GENERIC_KEY: &str = "error_generic";
/// The key of the title above an error sentence.
pub const TITLE_KEY: &str = "error_title";
/// The key of the sentence for a sync round whose shared folder failed (`Sync{kind: Io}` and
/// every other sync failure but [`ErrorKind::NotInGroup`]).
pub const SYNC_FOLDER_KEY: &str = "sync_error_folder";

/// The key for a failed sync round: [`message_key`] for `NotInGroup`, else the shared-folder
/// sentence ([`SYNC_FOLDER_KEY`]). Shells use it for `KulcsError::Sync`.
pub fn sync_message_key(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::NotInGroup => message_key(kind),
        _ => SYNC_FOLDER_KEY,
    }
}

/// Every key the catalogue uses: the targets of [`message_key`] and [`sync_message_key`], and
/// [`TITLE_KEY`]. `tests/vectors/messages.json` holds exactly these, each in `en` and `hu`.
pub fn all_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = ErrorKind::ALL
        .iter()
        .flat_map(|&k| [message_key(k), sync_message_key(k)])
        .chain([TITLE_KEY, GENERIC_KEY])
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &k in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(k.name()), Some(k));
        }
        assert_eq!(ErrorKind::from_name("nope"), None);
    }
}
