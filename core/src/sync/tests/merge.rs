//! The merge: last writer wins, deletes that saw a version win over it, concurrent edits survive.

use super::{account, stamp};
use crate::account::AccountId;
use crate::sync::{ReplicaData, SyncTombstone};

fn tomb(id: u8, deleted: u64, seen: u64) -> SyncTombstone {
    SyncTombstone {
        id: AccountId([id; 16]),
        deleted: stamp(deleted, 2),
        seen: stamp(seen, 1),
    }
}

#[test]
fn merge_is_commutative_and_idempotent() {
    let a = ReplicaData::from_parts(
        [
            account(1, "old", stamp(10, 1)),
            account(3, "only-a", stamp(5, 1)),
        ],
        [tomb(4, 30, 20)],
    );
    let b = ReplicaData::from_parts(
        [
            account(1, "new", stamp(20, 2)),
            account(2, "only-b", stamp(7, 2)),
        ],
        [],
    );
    let mut ab = a.clone();
    ab.merge(&b);
    let mut ba = b.clone();
    ba.merge(&a);
    assert_eq!(ab, ba);
    assert_eq!(ab.accounts.len(), 3);
    assert_eq!(ab.accounts[&AccountId([1; 16])].credential.label, "new");
    let again = {
        let mut x = ab.clone();
        x.merge(&b);
        x.merge(&a);
        x
    };
    assert_eq!(again, ab);
}

#[test]
fn a_delete_wins_over_what_it_saw_but_not_over_a_concurrent_edit() {
    // The deleter had seen version 10: that version goes.
    let mut seen = ReplicaData::from_parts([account(1, "x", stamp(10, 1))], []);
    seen.merge(&ReplicaData::from_parts([], [tomb(1, 30, 10)]));
    assert!(seen.accounts.is_empty());
    assert_eq!(seen.dead_tombstones().count(), 1);
    // An edit at 20 the deleter never saw keeps the account, the tombstone stays for older ones.
    let mut concurrent = ReplicaData::from_parts([account(1, "x", stamp(20, 1))], []);
    concurrent.merge(&ReplicaData::from_parts([], [tomb(1, 30, 10)]));
    assert_eq!(concurrent.accounts.len(), 1);
    assert_eq!(concurrent.tombstones.len(), 1);
    assert_eq!(concurrent.dead_tombstones().count(), 0);
    // An old copy arriving later does not resurrect the deleted account.
    seen.merge(&ReplicaData::from_parts([account(1, "x", stamp(9, 3))], []));
    assert!(seen.accounts.is_empty());
}

#[test]
fn tombstones_of_one_account_join_to_the_latest_delete_and_most_knowledge() {
    let t = tomb(1, 30, 10).join(&tomb(1, 25, 15));
    assert_eq!(t.deleted, stamp(30, 2));
    assert_eq!(t.seen, stamp(15, 1));
    assert!(t.covers(&stamp(15, 1)) && !t.covers(&stamp(16, 1)));
}

#[test]
fn equal_stamps_pick_the_same_version_in_either_order() {
    let x = ReplicaData::from_parts([account(1, "alpha", stamp(10, 1))], []);
    let y = ReplicaData::from_parts([account(1, "beta", stamp(10, 1))], []);
    let mut xy = x.clone();
    xy.merge(&y);
    let mut yx = y.clone();
    yx.merge(&x);
    assert_eq!(xy, yx);
}

#[test]
fn capping_forgets_tombstones_of_live_accounts_first_then_the_oldest() {
    let mut d = ReplicaData::from_parts(
        [account(1, "live", stamp(50, 1))],
        [tomb(1, 40, 10), tomb(2, 5, 1), tomb(3, 6, 1), tomb(4, 7, 1)],
    );
    assert_eq!(d.tombstones.len(), 4);
    d.cap_tombstones(2);
    let left: Vec<u8> = d.tombstones.keys().map(|id| id.0[0]).collect();
    assert_eq!(left, vec![3, 4]);
    assert_eq!(d.accounts.len(), 1, "live accounts are never removed");
    assert_eq!(d.max_clock(), Some(stamp(50, 1)));
    d.cap_tombstones(10);
    assert_eq!(d.tombstones.len(), 2);
}
