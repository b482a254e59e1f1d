//! Owns the shared-directory transport: follow the member records, read every replica in a
//! folder, merge, and publish this device's own file crash-safely (temp file, fsync, rename,
//! fsync dir).

use crate::account::{Account, Tombstone};
use crate::hlc::{DeviceId, Hlc};
use crate::random::RandomSource;
use crate::validate::{check_size, MAX_TOMBSTONES};

pub use super::admit::replica_file_name;
use super::admit::{admit, seal_own};
use super::folder::{FolderError, SyncFolder};
use super::members::{MAX_RECORD_BYTES, RECORD_SUFFIX};
use super::membership::follow_chain;
use super::merge::{ReplicaData, SyncTombstone};
use super::replica::{Replica, MAX_REPLICA_BYTES, REPLICA_SUFFIX};
use super::state::{Seen, SyncState};
use super::SyncError;

/// How far ahead of this device's clock a received stamp may be: 24 hours. Devices in one group
/// are people's own phones and computers; a day covers any time zone or DST mistake.
pub const MAX_CLOCK_LEAD_MS: u64 = 24 * 3600 * 1000;

/// The highest replica version accepted (2^48): a publication every millisecond for 8,900
/// years. Above it a "next version" could overflow, so such a replica is refused.
pub const MAX_REPLICA_VERSION: u64 = 1 << 48;

/// True for the names sync reads: `*<suffix>` (replicas, member records), but not hidden or
/// temporary files (a dot name: ours while writing, Syncthing's `.syncthing.*.tmp`) and not
/// file-sync conflict copies (`*.sync-conflict-*`: an older copy its device has since replaced).
fn is_sync_name(name: &str, suffix: &str) -> bool {
    name.ends_with(suffix)
        && !name.starts_with('.')
        && !name.starts_with('~')
        && !name.contains(".sync-conflict-")
}

/// A replica file that was not merged, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The file's name in the shared folder.
    pub file: String,
    /// Why it was not merged.
    pub error: SyncError,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// Devices merged, with the replica version read.
    pub merged: Vec<(DeviceId, u64)>,
    /// Files not merged (other group, rollback, damaged …).
    pub rejected: Vec<Rejected>,
    /// The version this device published.
    pub published_version: u64,
    /// Accounts that appeared locally.
    pub added: usize,
    /// Accounts whose contents changed locally.
    pub changed: usize,
    /// Accounts removed locally.
    pub removed: usize,
    /// The same by name, with the fields changed and the new conflicts.
    pub changes: super::report::SyncChanges,
}

/// The result to install into the vault, then persist `state`.
#[derive(Debug)]
pub struct SyncOutcome {
    /// The merged live accounts.
    pub accounts: Vec<Account>,
    /// The merged deletions (of accounts that are not live).
    pub tombstones: Vec<Tombstone>,
    /// The largest remote clock seen (the vault observes it).
    pub observed: Option<Hlc>,
    /// What happened.
    pub report: SyncReport,
}

/// Local data as sync sees it: the vault's accounts, plus tombstones with what each delete had
/// seen (from the sync state, or for deletions since the last sync, the version known then).
fn local_data(state: &SyncState, accounts: &[Account], tombstones: &[Tombstone]) -> ReplicaData {
    let mut tombs: Vec<SyncTombstone> = state.tombstones.values().copied().collect();
    for t in tombstones {
        if state
            .tombstones
            .get(&t.id)
            .is_some_and(|s| s.deleted >= t.deleted)
        {
            continue;
        }
        // The newest version this device had merged before deleting; local edits made since the
        // last sync were never published, so no replica holds a version between the two.
        // An account never synced (e.g. deleted right after a transfer) counts as seen up to the
        // delete itself.
        let seen = state.known.get(&t.id).copied().unwrap_or(t.deleted);
        tombs.push(SyncTombstone {
            id: t.id,
            deleted: t.deleted,
            seen: seen.min(t.deleted),
        });
    }
    let mut data = ReplicaData::from_parts(accounts.iter().cloned(), tombs);
    data.cap_tombstones(MAX_TOMBSTONES);
    data
}

/// One sync round through directory `dir`: merges every readable replica of the group (refusing
/// rollbacks), then publishes this device's replica with the next version. Returns what to
/// install into the vault; `state` is updated in memory and must be saved after the vault.
///
/// `clock` is the vault's current HLC (the published replica carries it); `now_ms` is this
/// device's (offset-corrected) clock, against which received stamps are bounded
/// ([`MAX_CLOCK_LEAD_MS`]).
pub fn sync_directory<F: SyncFolder + ?Sized>(
    folder: &F,
    state: &mut SyncState,
    accounts: &[Account],
    tombstones: &[Tombstone],
    clock: Hlc,
    now_ms: u64,
    rng: &dyn RandomSource,
) -> Result<SyncOutcome, SyncError> {
    let io = |name: &str, e: FolderError| SyncError::Io {
        path: name.to_string(),
        message: e.to_string(),
    };
    // A damaged state at the last version publishes nothing at all (checked again below).
    if state.published_version >= MAX_REPLICA_VERSION {
        return Err(SyncError::BadState);
    }
    let mut data = local_data(state, accounts, tombstones);
    let before = data.accounts.clone();
    let mut report = SyncReport::default();
    let mut observed: Option<Hlc> = None;
    let listed: Vec<String> = folder.list().map_err(|e| io(".", e))?;
    let with_suffix = |suffix: &str| {
        let mut v: Vec<String> = listed
            .iter()
            .filter(|n| is_sync_name(n, suffix))
            .cloned()
            .collect();
        v.sort();
        v
    };
    // The member list first: which devices and which epoch key count.
    let mut records = Vec::new();
    for name in with_suffix(RECORD_SUFFIX) {
        match folder.read(&name, MAX_RECORD_BYTES as u64) {
            Ok(b) => records.push((name, b)),
            Err(FolderError::NotFound) => {}
            Err(FolderError::TooLarge { .. }) => report.rejected.push(Rejected {
                file: name,
                error: SyncError::Malformed {
                    what: "member record too large",
                },
            }),
            Err(e) => report.rejected.push(Rejected {
                error: io(&name, e),
                file: name,
            }),
        }
    }
    let step = follow_chain(state, &records, now_ms, rng)?;
    for (file, error) in step.refused {
        report.rejected.push(Rejected { file, error });
    }
    for (name, bytes) in &step.writes {
        folder.write(name, bytes).map_err(|e| io(name, e))?;
    }
    let head = state.head.clone().ok_or(SyncError::BadState)?;
    for file_name in with_suffix(REPLICA_SUFFIX) {
        let reject = |error: SyncError| Rejected {
            file: file_name.clone(),
            error,
        };
        let bytes = match folder.read(&file_name, MAX_REPLICA_BYTES as u64) {
            Ok(b) => b,
            // Deleted between listing and reading: nothing to merge.
            Err(FolderError::NotFound) => continue,
            Err(FolderError::TooLarge { .. }) => {
                report.rejected.push(reject(SyncError::Malformed {
                    what: "replica too large",
                }));
                continue;
            }
            Err(e) => {
                report.rejected.push(reject(io(&file_name, e)));
                continue;
            }
        };
        let (r, name): (Replica, Option<String>) = match admit(state, &head, &file_name, &bytes) {
            Ok(a) => (a.replica, a.name),
            Err(e) => {
                report.rejected.push(reject(e));
                continue;
            }
        };
        if r.version > MAX_REPLICA_VERSION {
            report.rejected.push(reject(SyncError::VersionOutOfRange {
                device: r.device,
                version: r.version,
            }));
            continue;
        }
        let newest = r.data.max_clock().map_or(r.clock, |m| m.max(r.clock));
        let limit = now_ms.saturating_add(MAX_CLOCK_LEAD_MS);
        if newest.wall_ms > limit {
            report.rejected.push(reject(SyncError::FromTheFuture {
                device: r.device,
                ahead_s: (newest.wall_ms - now_ms) / 1000,
            }));
            continue;
        }
        if r.device != state.device {
            let seen = state.seen_versions.get(&r.device).copied().unwrap_or(0);
            if r.version < seen {
                report.rejected.push(reject(SyncError::Rollback {
                    device: r.device,
                    version: r.version,
                    seen,
                }));
                continue;
            }
        }
        // Merge into a copy first: a replica whose result could not be saved and reopened
        // (too large) is refused whole, and nothing of it is published (issue 10).
        let mut merged = data.clone();
        merged.merge(&r.data);
        merged.cap_tombstones(MAX_TOMBSTONES);
        if let Err(e) = check_size(merged.accounts.values(), merged.dead_tombstones().count()) {
            report.rejected.push(reject(e.into()));
            continue;
        }
        data = merged;
        if r.device == state.device {
            // Our own earlier publication: useful after restoring an old vault; keep the
            // counter monotonic.
            state.published_version = state.published_version.max(r.version);
        } else {
            state.seen_versions.insert(r.device, r.version);
            report.merged.push((r.device, r.version));
            if let Some(name) = name {
                let at_ms = r.clock.wall_ms.min(now_ms);
                state.last_seen.insert(r.device, Seen { at_ms, name });
            }
        }
        observed = observed.max(Some(r.clock)).max(r.data.max_clock());
    }
    // Publish.
    // A damaged state file could hold any number: never wrap (issue 11).
    let version = state
        .published_version
        .checked_add(1)
        .filter(|v| *v <= MAX_REPLICA_VERSION)
        .ok_or(SyncError::BadState)?;
    let publish_clock = observed.map_or(clock, |o| {
        clock.max(Hlc {
            node: state.device,
            ..o
        })
    });
    let mine = Replica {
        device: state.device,
        version,
        clock: publish_clock,
        data: data.clone(),
    };
    let (own_name, sealed) = seal_own(state, &head, &mine, rng)?;
    folder
        .write(&own_name, &sealed)
        .map_err(|e| io(&own_name, e))?;
    // This device's files under older names (format 1, an earlier epoch) go: nobody reads them.
    for old in [
        replica_file_name(state.device),
        state.published_name.clone(),
    ] {
        if !old.is_empty() && old != own_name && listed.contains(&old) {
            folder.delete(&old).map_err(|e| io(&old, e))?;
        }
    }
    state.published_name = own_name;
    state.published_version = version;
    report.published_version = version;
    state.known = data
        .accounts
        .iter()
        .map(|(id, a)| (*id, a.updated))
        .collect();
    state.tombstones = data.tombstones.clone();
    report.changes = super::report::diff(&before, &data.accounts);
    report.added = report.changes.added.len();
    report.changed = report.changes.changed.len();
    report.removed = report.changes.removed.len();
    let tombstones: Vec<Tombstone> = data
        .dead_tombstones()
        .map(|t| Tombstone {
            id: t.id,
            deleted: t.deleted,
        })
        .collect();
    // Keep the vault's order; new accounts follow in creation order.
    let mut merged = data.accounts;
    let mut ordered: Vec<Account> = accounts
        .iter()
        .filter_map(|a| merged.remove(&a.id))
        .collect();
    let mut new: Vec<Account> = merged.into_values().collect();
    new.sort_by_key(|a| (a.created, a.id));
    ordered.extend(new);
    Ok(SyncOutcome {
        accounts: ordered,
        tombstones,
        observed,
        report,
    })
}
