//! The directory round: devices converge through their files, and misplaced, foreign or
//! rolled-back files are reported and ignored.

use std::fs;

use super::{account, stamp};
use crate::account::Tombstone;
use crate::hlc::{DeviceId, Hlc};
use crate::sync::replica::vector_rng;
use crate::sync::{
    replica_file_name, sync_directory, write_atomic, SyncError, SyncGroup, SyncState,
};

/// This device's clock in the rounds below (the stamps are a few milliseconds after 1970).
const NOW_MS: u64 = 1_000_000;

fn group(seed: &[u8]) -> SyncGroup {
    SyncGroup::generate(&vector_rng(seed)).unwrap()
}

#[test]
fn two_devices_converge_through_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let g = group(b"group");
    let rng = vector_rng(b"dir");
    let mut a = SyncState::new(g.clone(), DeviceId(1));
    let mut b = SyncState::new(g, DeviceId(2));
    let on_a = [account(1, "from-a", stamp(10, 1))];
    let out_a = sync_directory(dir.path(), &mut a, &on_a, &[], stamp(10, 1), NOW_MS, &rng).unwrap();
    assert_eq!(out_a.report.published_version, 1);
    // Format 2: the file name is derived from the epoch key, not the device id (issue 11).
    assert!(dir.path().join(&a.published_name).exists());
    assert!(!dir.path().join(replica_file_name(DeviceId(1))).exists());

    let on_b = [account(2, "from-b", stamp(12, 2))];
    let out_b = sync_directory(dir.path(), &mut b, &on_b, &[], stamp(12, 2), NOW_MS, &rng).unwrap();
    assert_eq!(out_b.report.merged, vec![(DeviceId(1), 1)]);
    assert_eq!(out_b.report.added, 1);
    let labels: Vec<&str> = out_b
        .accounts
        .iter()
        .map(|x| x.credential.label.as_str())
        .collect();
    assert_eq!(
        labels,
        ["from-b", "from-a"],
        "the vault's order first, then new accounts"
    );
    assert_eq!(out_b.observed.map(|h| h.wall_ms), Some(10));

    // A deletion on A travels to B.
    let del = [Tombstone {
        id: on_a[0].id,
        deleted: stamp(20, 1),
    }];
    let both = out_b.accounts.clone();
    let out_a = sync_directory(
        dir.path(),
        &mut a,
        &both[..1],
        &del,
        stamp(20, 1),
        NOW_MS,
        &rng,
    )
    .unwrap();
    assert_eq!(out_a.accounts.len(), 1);
    let out_b = sync_directory(dir.path(), &mut b, &both, &[], stamp(21, 2), NOW_MS, &rng).unwrap();
    assert_eq!(out_b.report.removed, 1);
    assert_eq!(out_b.accounts.len(), 1);
    assert_eq!(out_b.tombstones.len(), 1);
}

#[test]
fn misplaced_foreign_and_rolled_back_files_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let g = group(b"group");
    let rng = vector_rng(b"dir");
    let mut a = SyncState::new(g.clone(), DeviceId(1));
    let mut b = SyncState::new(g, DeviceId(2));
    let on_a = [account(1, "a", stamp(10, 1))];
    sync_directory(dir.path(), &mut a, &on_a, &[], stamp(10, 1), NOW_MS, &rng).unwrap();
    let a_file = dir.path().join(&a.published_name);
    let version1 = fs::read(&a_file).unwrap();
    sync_directory(dir.path(), &mut a, &on_a, &[], stamp(11, 1), NOW_MS, &rng).unwrap();
    sync_directory(
        dir.path(),
        &mut b,
        &[],
        &[],
        Hlc::zero(DeviceId(2)),
        NOW_MS,
        &rng,
    )
    .unwrap();
    assert_eq!(b.seen_versions[&DeviceId(1)], 2);

    // Version 1 put back: a rollback. The same bytes under another name: a name mismatch.
    fs::write(&a_file, &version1).unwrap();
    fs::write(
        dir.path()
            .join("0123456789abcdef0123456789abcdef.kulcs-replica"),
        &version1,
    )
    .unwrap();
    // A replica of another group.
    let mut other = SyncState::new(group(b"other"), DeviceId(8));
    let elsewhere = tempfile::tempdir().unwrap();
    sync_directory(
        elsewhere.path(),
        &mut other,
        &[],
        &[],
        stamp(1, 8),
        NOW_MS,
        &rng,
    )
    .unwrap();
    fs::copy(
        elsewhere.path().join(&other.published_name),
        dir.path().join(&other.published_name),
    )
    .unwrap();

    let out = sync_directory(dir.path(), &mut b, &[], &[], stamp(30, 2), NOW_MS, &rng).unwrap();
    let mut kinds: Vec<&str> = out.report.rejected.iter().map(|r| r.error.kind()).collect();
    kinds.sort();
    assert_eq!(kinds, ["NameMismatch", "OtherGroup", "Rollback"]);
    assert!(out.report.merged.is_empty());
    assert_eq!(
        b.seen_versions[&DeviceId(1)],
        2,
        "a rollback never lowers what was seen"
    );
    assert!(out.accounts.iter().all(|x| x.credential.label == "a"));
}

#[test]
fn write_atomic_replaces_the_file_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.kulcs-replica");
    write_atomic(&path, b"first").unwrap();
    write_atomic(&path, b"second").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"second");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1);
    let missing = dir.path().join("no-such-dir").join("f");
    assert!(write_atomic(&missing, b"x").is_err());
}

#[test]
fn a_damaged_state_at_the_last_version_is_refused_not_wrapped() {
    let dir = tempfile::tempdir().unwrap();
    let g = group(b"last");
    let mut a = SyncState::new(g, DeviceId(1));
    a.published_version = u64::MAX;
    let on_a = [account(1, "janos", stamp(10, 1))];
    let r = sync_directory(
        dir.path(),
        &mut a,
        &on_a,
        &[],
        stamp(10, 1),
        NOW_MS,
        &vector_rng(b"r"),
    );
    assert!(matches!(r, Err(SyncError::BadState)), "{:?}", r.err());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing published"
    );
}
