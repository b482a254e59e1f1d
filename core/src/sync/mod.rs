//! Owns keeping devices of one sync group in step: the replica formats, the signed member
//! list, the deterministic merge and a shared-directory transport where each device writes
//! only its own replica file. Spec and rules (last-writer-wins, tombstones, members and
//! epochs, rollback refusal) in `docs/sync.md`.

mod admit;
mod body;
mod chain;
mod dir;
pub mod envelope;
mod fields;
mod folder;
pub mod keys;
pub mod members;
mod membership;
mod merge;
mod reader;
pub mod replica;
mod report;
mod state;

pub use dir::{
    replica_file_name, sync_directory, Rejected, SyncOutcome, SyncReport, MAX_CLOCK_LEAD_MS,
    MAX_REPLICA_VERSION,
};
pub use folder::{write_atomic, DirFolder, FolderError, SyncFolder};
pub use membership::{follow_chain, remove_vault_member, vault_members, ChainStep, MemberInfo};
pub use merge::{ReplicaData, SyncTombstone};
pub use replica::{Replica, ReplicaHeader, SyncGroup, REPLICA_MAGIC, REPLICA_SUFFIX};
pub use report::{ChangedAccount, NamedAccount, NewConflict, SyncChanges};
pub use state::{Seen, SyncState};

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
    /// A format-2 replica whose device is not in the group's member list (never added, or
    /// removed), or a removal of a device that is not a member.
    #[error("device {device} is not a member of this sync group; ignored")]
    NotMember {
        /// The device the replica claims to be from.
        device: DeviceId,
    },
    /// This device is not a member of the group's newest member list: another device removed
    /// it (or it was never added). Nothing was merged or published; join again with a
    /// transfer from a member.
    #[error("this device was removed from the sync group; nothing was synced (join again with `kulcs transfer send --sync` on a member)")]
    Removed,
    /// A device cannot remove itself (another member removes it).
    #[error("a device cannot remove itself; remove it from another member")]
    RemoveSelf,
    /// A member record not signed by a member of the record before it; ignored.
    #[error("a member list change not signed by a member; ignored")]
    ForeignRecord,
    /// A member record competing with the one this device accepted at the same position
    /// (two members changed the list at the same time, or a forgery): ignored. The change it
    /// made must be made again.
    #[error("a member list change (number {seq}) competes with the one this device accepted; ignored (redo that change)")]
    CompetingRecord {
        /// Its position in the chain.
        seq: u64,
    },
    /// A replica sealed under another epoch's key: a device that has not synced since a
    /// removal (or a removed one); ignored.
    #[error("a replica of epoch {epoch}, this device is at epoch {current}; ignored (a removed device, or one that has not synced since)")]
    OtherEpoch {
        /// The replica's epoch.
        epoch: u64,
        /// This device's epoch.
        current: u64,
    },
    /// A format-1 replica in a group where the old shared key no longer proves membership
    /// (after the first removal, or a group created by format 2); ignored.
    #[error("a replica of the old format that this group no longer trusts; ignored (update that device and add it again)")]
    LegacyRefused,
    /// A format-1 replica under the id of a device that already publishes format 2; ignored.
    #[error(
        "an old-format replica of device {device}, which now publishes the new format; ignored"
    )]
    Superseded {
        /// The device id in the replica.
        device: DeviceId,
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
    /// The saved sync state is damaged, or belongs to another vault.
    #[error("the saved sync settings are damaged")]
    BadState,
    /// This vault is in no sync group yet: a `--sync` transfer from a device that has the
    /// accounts joins one.
    #[error("this device is not in a sync group; join one with a sync transfer from a device that has the accounts")]
    NotInGroup,
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
            SyncError::NotMember { .. } => "NotMember",
            SyncError::Removed => "Removed",
            SyncError::RemoveSelf => "RemoveSelf",
            SyncError::ForeignRecord => "ForeignRecord",
            SyncError::CompetingRecord { .. } => "CompetingRecord",
            SyncError::OtherEpoch { .. } => "OtherEpoch",
            SyncError::LegacyRefused => "LegacyRefused",
            SyncError::Superseded { .. } => "Superseded",
            SyncError::NameMismatch { .. } => "NameMismatch",
            SyncError::Io { .. } => "Io",
            SyncError::Random => "Random",
            SyncError::BadState => "BadState",
            SyncError::NotInGroup => "NotInGroup",
            SyncError::TooLarge { .. } => "TooLarge",
        }
    }
}

/// One sync round of a vault whose membership is saved inside it (what every shell calls):
/// merge every replica in `folder`, publish this device's, install the result and the updated
/// membership into the vault. The caller then saves the vault: accounts and sync state go to
/// disk in one crash-safe write. [`SyncError::NotInGroup`] when the vault is in no group.
pub fn sync_now<F: SyncFolder + ?Sized>(
    folder: &F,
    vault: &mut crate::vault::Vault,
    now_ms: u64,
    rng: &dyn crate::random::RandomSource,
) -> Result<SyncReport, SyncError> {
    let mut state = SyncState::load(vault)?.ok_or(SyncError::NotInGroup)?;
    let report = sync_vault(folder, vault, &mut state, now_ms, rng)?;
    state.store(vault);
    Ok(report)
}

/// One sync round of a vault through `folder` with an explicitly held `state` (tests, and
/// callers that keep the state elsewhere): merge, publish, install the result into the vault.
/// The caller then saves the vault and, after that, `state` (in that order, so a crash in
/// between only repeats work).
pub fn sync_vault<F: SyncFolder + ?Sized>(
    folder: &F,
    vault: &mut crate::vault::Vault,
    state: &mut SyncState,
    now_ms: u64,
    rng: &dyn crate::random::RandomSource,
) -> Result<SyncReport, SyncError> {
    let c = vault.contents();
    let outcome = sync_directory(
        folder,
        state,
        &c.accounts,
        &c.tombstones,
        c.clock,
        now_ms,
        rng,
    )?;
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
