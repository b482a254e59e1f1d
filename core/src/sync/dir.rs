//! Owns the shared-directory transport: read every `<device-id>.kulcs-replica` in a folder,
//! merge, and publish this device's own file crash-safely (temp file, fsync, rename, fsync dir).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::account::{Account, Tombstone};
use crate::hlc::{DeviceId, Hlc};
use crate::random::RandomSource;
use crate::validate::{check_size, MAX_TOMBSTONES};

use super::merge::{ReplicaData, SyncTombstone};
use super::replica::{self, Replica, MAX_REPLICA_BYTES, REPLICA_SUFFIX};
use super::state::SyncState;
use super::SyncError;

/// How far ahead of this device's clock a received stamp may be: 24 hours. Devices in one group
/// are people's own phones and computers; a day covers any time zone or DST mistake.
pub const MAX_CLOCK_LEAD_MS: u64 = 24 * 3600 * 1000;

/// The highest replica version accepted (2^48): a publication every millisecond for 8,900
/// years. Above it a "next version" could overflow, so such a replica is refused.
pub const MAX_REPLICA_VERSION: u64 = 1 << 48;

/// `<device-id>.kulcs-replica` (16 lower-case hex digits).
pub fn replica_file_name(device: DeviceId) -> String {
    format!("{device}{REPLICA_SUFFIX}")
}

/// A replica file that was not merged, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The file.
    pub file: PathBuf,
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

/// Writes `bytes` to `path` crash-safely: a temp file in the same directory, fsync, rename over
/// `path`, fsync of the directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SyncError> {
    let io = |p: &Path, e: std::io::Error| SyncError::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp"));
    {
        let mut f = fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
        f.write_all(bytes).map_err(|e| io(&tmp, e))?;
        f.sync_all().map_err(|e| io(&tmp, e))?;
    }
    fs::rename(&tmp, path).map_err(|e| io(path, e))?;
    if let Ok(d) = fs::File::open(dir) {
        // Directories cannot be fsynced on every platform; best effort.
        let _ = d.sync_all();
    }
    Ok(())
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
pub fn sync_directory(
    dir: &Path,
    state: &mut SyncState,
    accounts: &[Account],
    tombstones: &[Tombstone],
    clock: Hlc,
    now_ms: u64,
    rng: &dyn RandomSource,
) -> Result<SyncOutcome, SyncError> {
    let io = |p: &Path, e: std::io::Error| SyncError::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let mut data = local_data(state, accounts, tombstones);
    let before = data.accounts.clone();
    let mut report = SyncReport::default();
    let mut observed: Option<Hlc> = None;
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(REPLICA_SUFFIX) && !n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for path in entries {
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let reject = |error: SyncError| Rejected {
            file: path.clone(),
            error,
        };
        let bytes = match fs::metadata(&path) {
            Ok(m) if m.len() > MAX_REPLICA_BYTES as u64 => {
                report.rejected.push(reject(SyncError::Malformed {
                    what: "replica too large",
                }));
                continue;
            }
            Ok(_) => match fs::read(&path) {
                Ok(b) => b,
                Err(e) => {
                    report.rejected.push(reject(io(&path, e)));
                    continue;
                }
            },
            Err(e) => {
                report.rejected.push(reject(io(&path, e)));
                continue;
            }
        };
        let r: Replica = match replica::open(&state.group, &bytes) {
            Ok(r) => r,
            Err(e) => {
                report.rejected.push(reject(e));
                continue;
            }
        };
        if file_name != replica_file_name(r.device) {
            report
                .rejected
                .push(reject(SyncError::NameMismatch { file: file_name }));
            continue;
        }
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
    let sealed = replica::seal(&state.group, &mine, rng)?;
    write_atomic(&dir.join(replica_file_name(state.device)), &sealed)?;
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
