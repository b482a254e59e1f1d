//! The vault's error types: one enum for the vault, one for key stores.
//!
//! Every cryptographic failure (a wrong key, passphrase or recovery code, a flipped bit, a
//! truncated file) collapses into [`VaultError::WrongKeyOrDamaged`], so no error reveals which
//! check failed.

use std::io;
use std::path::PathBuf;

use crate::account::AccountFieldError;

use super::slots::{SlotId, SlotKind};

/// Why a vault operation failed. Each variant carries what a UI needs to explain it.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The key, passphrase or recovery code is wrong, or the file is damaged. Deliberately
    /// opaque: every authentication failure and every malformed byte after the version ends here.
    #[error("wrong key or damaged data")]
    WrongKeyOrDamaged,
    /// The file does not start with the Kulcs vault magic: it is some other kind of file.
    #[error("{path} is not a Kulcs vault")]
    NotAVault {
        /// The file that was read.
        path: PathBuf,
    },
    /// The vault was written by a newer Kulcs (or an unknown format version).
    #[error(
        "the vault uses format version {found}, this Kulcs reads version {supported}; update Kulcs"
    )]
    UnsupportedVersion {
        /// The version in the file.
        found: u16,
        /// The newest version this build reads.
        supported: u16,
    },
    /// No vault exists at this path (and no older generation either).
    #[error("no vault at {path}")]
    NotFound {
        /// The path looked at.
        path: PathBuf,
    },
    /// Creating a vault where one (or an older generation of one) already exists. Kulcs never
    /// replaces an existing vault with a new empty one.
    #[error("a vault already exists at {path}; it was left untouched")]
    AlreadyExists {
        /// The existing file.
        path: PathBuf,
    },
    /// Another program (another `kulcs` process) has the vault open.
    #[error("the vault {path} is in use by another Kulcs process; try again when it has finished")]
    Locked {
        /// The vault path.
        path: PathBuf,
    },
    /// The file is larger than any vault Kulcs writes; refused before reading it into memory.
    #[error("{path} is too large to be a vault ({bytes} bytes; at most {max})")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The limit.
        max: u64,
    },
    /// A passphrase slot asks for Argon2id parameters outside the accepted range (a hostile or
    /// broken file). Refused before any memory is allocated.
    #[error("the vault asks for passphrase settings Kulcs refuses (memory {memory_kib} KiB, {iterations} passes, {parallelism} lanes)")]
    KdfParamsRefused {
        /// Memory cost in KiB, as found.
        memory_kib: u32,
        /// Passes, as found.
        iterations: u32,
        /// Lanes, as found.
        parallelism: u32,
    },
    /// The vault has no slot that this kind of unlock can use (e.g. no passphrase was ever set).
    #[error("this vault has no {kind} slot")]
    NoSlotOfKind {
        /// What was tried.
        kind: SlotKind,
    },
    /// No slot with this id.
    #[error("no slot {id}")]
    SlotNotFound {
        /// The id asked for.
        id: SlotId,
    },
    /// Removing this slot would leave the vault with no way to open it.
    #[error("this is the last way to open the vault; add another slot before removing it")]
    LastSlot,
    /// The data key must change (a slot is being removed or replaced) but these slots cannot
    /// follow it: format-1 slots not yet converted (a slot is converted the next time it opens
    /// the vault), or slot types from a newer Kulcs. Nothing was changed. Open the vault once
    /// with each of them, re-create them (a new passphrase, recovery code or device slot), or
    /// remove them explicitly with `Vault::drop_slots_needing_recreation`.
    #[error("{} way(s) to open this vault (slots {}) were made by another Kulcs version: open the vault once with each, or re-create or remove them first", .ids.len(), join_ids(.ids))]
    SlotsNeedRecreating {
        /// The slots that block the change.
        ids: Vec<SlotId>,
    },
    /// The vault already has the most slots a file may hold.
    #[error("the vault already has {max} ways to open it; remove one first")]
    TooManySlots {
        /// The limit.
        max: usize,
    },
    /// A clock offset beyond ±100 years was refused.
    #[error("a clock offset of {secs} s is out of range (at most {max} s either way)")]
    ClockOffsetOutOfRange {
        /// The refused value.
        secs: i64,
        /// The limit.
        max: i64,
    },
    /// The account's code parameters are unusable, or a time is out of range.
    #[error(transparent)]
    InvalidParams(crate::otp::OtpError),
    /// A new passphrase shorter than [`super::MIN_PASSPHRASE_CHARS`] characters.
    #[error("the passphrase must have at least {min_chars} characters")]
    PassphraseTooShort {
        /// The minimum.
        min_chars: usize,
    },
    /// An automatic-backup setting without a folder.
    #[error("choose a folder for the automatic backups")]
    BackupFolderEmpty,
    /// A recovery code with the wrong length or characters (checked before any cryptography).
    #[error("this is not a recovery code: {reason}")]
    InvalidRecoveryCode {
        /// A short explanation, e.g. "it should have 32 letters and digits".
        reason: String,
    },
    /// No account with this id or id prefix.
    #[error("no account matches {id:?}")]
    AccountNotFound {
        /// The id or prefix given.
        id: String,
    },
    /// An id prefix that matches several accounts.
    #[error("{prefix:?} matches {matches} accounts; type more of the id")]
    AmbiguousId {
        /// The prefix given.
        prefix: String,
        /// How many accounts it matches.
        matches: usize,
    },
    /// A note or group name was refused.
    #[error(transparent)]
    InvalidField(#[from] AccountFieldError),
    /// The change (an added account, a longer note, a received sync replica or transfer) would
    /// make the vault larger than a vault file may be, so that it could not be reopened.
    /// Nothing was changed.
    #[error("this would make the vault too large (about {bytes} bytes; at most {max}); nothing was changed")]
    ContentsTooLarge {
        /// The size bound the change would reach.
        bytes: usize,
        /// The limit ([`crate::validate::MAX_CONTENTS_BYTES`]).
        max: usize,
    },
    /// The platform key store failed (locked, cancelled, key missing).
    #[error(transparent)]
    KeyStore(#[from] KeyStoreError),
    /// A file operation failed.
    #[error("could not {op} {path}: {source}")]
    Io {
        /// What was being done ("read", "write", "rename", "sync", "lock" …).
        op: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The system random number generator failed (nothing was written).
    #[error("the system random number generator failed")]
    Random,
}

impl From<crate::random::RandomUnavailable> for VaultError {
    fn from(_: crate::random::RandomUnavailable) -> Self {
        VaultError::Random
    }
}

/// Why a [`super::KeyStore`] could not wrap or unwrap a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyStoreError {
    /// The store cannot be used right now (device locked, file unreadable, permissions).
    #[error("the device key store is unavailable: {reason}")]
    Unavailable {
        /// A short explanation from the platform, without secrets.
        reason: String,
    },
    /// The user cancelled an authentication prompt.
    #[error("unlocking was cancelled")]
    Cancelled,
    /// The device key does not exist (app reinstalled, key file deleted). The vault can still
    /// be opened with a passphrase or recovery code if it has one.
    #[error(
        "the device key {key_id:?} is missing; open the vault with its passphrase or recovery code"
    )]
    KeyMissing {
        /// The key asked for.
        key_id: String,
    },
    /// Unwrapping failed: wrong key or damaged data.
    #[error("wrong key or damaged data")]
    WrongKeyOrDamaged,
}

fn join_ids(ids: &[SlotId]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl VaultError {
    pub(crate) fn io(op: &'static str, path: &std::path::Path, source: io::Error) -> Self {
        VaultError::Io {
            op,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<crate::validate::TooLarge> for VaultError {
    fn from(e: crate::validate::TooLarge) -> Self {
        VaultError::ContentsTooLarge {
            bytes: e.bytes,
            max: e.max,
        }
    }
}
