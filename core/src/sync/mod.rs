//! Owns keeping devices of one sync group in step: the replica format, the deterministic merge
//! and a shared-directory transport where each device writes only `<device-id>.kulcs-replica`.
//! Spec and rules (last-writer-wins, tombstones, concurrent edit keeps an account, rollback
//! refusal) in `docs/sync.md`.

mod body;
mod dir;
mod fields;
mod merge;
pub mod replica;
mod report;
mod state;

pub use dir::{
    replica_file_name, sync_directory, write_atomic, Rejected, SyncOutcome, SyncReport,
    MAX_CLOCK_LEAD_MS, MAX_REPLICA_VERSION,
};
pub use merge::{ReplicaData, SyncTombstone};
pub use replica::{Replica, ReplicaHeader, SyncGroup, REPLICA_MAGIC, REPLICA_SUFFIX};
pub use report::{ChangedAccount, NamedAccount, NewConflict, SyncChanges};
pub use state::SyncState;

use crate::hlc::DeviceId;

/// Why a replica or a sync step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// The file is not a Kulcs replica at all.
    #[error("not a Kulcs sync replica")]
    NotReplica,
    /// A replica of a newer format version; update the app on this device.
    #[error("this replica was written by a newer version of Kulcs; update this device")]
    UnsupportedVersion,
    /// The replica is cut off or its contents do not decode. `what` names the part.
    #[error("the replica is damaged ({what})")]
    Malformed {
        /// What failed.
        what: &'static str,
    },
    /// The replica belongs to another sync group (another set of devices); it is ignored.
    #[error("the replica belongs to a different sync group")]
    OtherGroup,
    /// Wrong key or damaged data (authentication failed).
    #[error("wrong key or damaged data")]
    Crypto,
    /// The replica is older than one already merged from that device: an old copy was put
    /// back (a restored backup, a stale sync client). Refused so deleted or changed accounts do
    /// not come back.
    #[error("replica of device {device} is version {version}, older than version {seen} already merged; ignored")]
    Rollback {
        /// The device the replica claims to be from.
        device: DeviceId,
        /// The version found.
        version: u64,
        /// The newest version already merged.
        seen: u64,
    },
    /// The replica carries a stamp more than [`MAX_CLOCK_LEAD_MS`] (24 h) ahead of this
    /// device's clock: a device with a wildly wrong clock, or a hostile one trying to win every
    /// future edit. Not merged, and this device's clock does not move.
    #[error("replica of device {device} is stamped {ahead_s} s ahead of this device's clock; ignored (check that device's date and time)")]
    FromTheFuture {
        /// The device the replica claims to be from.
        device: DeviceId,
        /// How far its newest stamp is ahead of this device's clock, in seconds.
        ahead_s: u64,
    },
    /// The replica's version is above [`MAX_REPLICA_VERSION`], so no later version could follow
    /// it; no honest device gets there (one publication a millisecond for 8,900 years).
    #[error(
        "replica of device {device} claims version {version}, beyond any real device; ignored"
    )]
    VersionOutOfRange {
        /// The device the replica claims to be from.
        device: DeviceId,
        /// The version found.
        version: u64,
    },
    /// The file name does not match the device id inside (a renamed or misplaced file).
    #[error("the file {file} does not hold that device's replica")]
    NameMismatch {
        /// The file name.
        file: String,
    },
    /// Reading or writing the sync directory failed.
    #[error("{path}: {message}")]
    Io {
        /// The path involved.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The random number generator failed.
    #[error("the system random number generator failed")]
    Random,
    /// The saved sync state is damaged.
    #[error("the saved sync settings are damaged")]
    BadState,
    /// Merging this replica would make the vault larger than a vault file may be (a hostile
    /// or broken device); it was not merged and nothing of it was published.
    #[error("merging this replica would make the vault too large (about {bytes} bytes; at most {max}); ignored")]
    TooLarge {
        /// The size bound the merge would reach.
        bytes: usize,
        /// The limit ([`crate::validate::MAX_CONTENTS_BYTES`]).
        max: usize,
    },
}

impl From<crate::validate::TooLarge> for SyncError {
    fn from(e: crate::validate::TooLarge) -> Self {
        SyncError::TooLarge {
            bytes: e.bytes,
            max: e.max,
        }
    }
}

impl SyncError {
    /// The variant name, stable across versions.
    pub fn kind(&self) -> &'static str {
        match self {
            SyncError::NotReplica => "NotReplica",
            SyncError::UnsupportedVersion => "UnsupportedVersion",
            SyncError::Malformed { .. } => "Malformed",
            SyncError::OtherGroup => "OtherGroup",
            SyncError::Crypto => "Crypto",
            SyncError::Rollback { .. } => "Rollback",
            SyncError::FromTheFuture { .. } => "FromTheFuture",
            SyncError::VersionOutOfRange { .. } => "VersionOutOfRange",
            SyncError::NameMismatch { .. } => "NameMismatch",
            SyncError::Io { .. } => "Io",
            SyncError::Random => "Random",
            SyncError::BadState => "BadState",
            SyncError::TooLarge { .. } => "TooLarge",
        }
    }
}

/// One sync round of a vault through directory `dir`: merge, publish, install the result into
/// the vault. The caller then saves the vault and, after that, `state` (in that order, so a
/// crash in between only repeats work).
pub fn sync_vault(
    dir: &std::path::Path,
    vault: &mut crate::vault::Vault,
    state: &mut SyncState,
    now_ms: u64,
    rng: &dyn crate::random::RandomSource,
) -> Result<SyncReport, SyncError> {
    let c = vault.contents();
    let outcome = sync_directory(dir, state, &c.accounts, &c.tombstones, c.clock, now_ms, rng)?;
    vault
        .install_synced(
            outcome.accounts,
            outcome.tombstones,
            outcome.observed,
            now_ms,
        )
        .map_err(|e| match e {
            crate::vault::VaultError::ContentsTooLarge { bytes, max } => {
                SyncError::TooLarge { bytes, max }
            }
            // install_synced fails only on size; anything else is a bug, reported as such.
            _ => SyncError::Malformed {
                what: "merged result",
            },
        })?;
    Ok(outcome.report)
}

#[cfg(test)]
mod tests;
