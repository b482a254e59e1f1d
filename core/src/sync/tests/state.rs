//! The saved sync state: a byte-exact round trip, and damaged bytes refused as `BadState`.

use std::collections::BTreeMap;

use super::{account, stamp};
use crate::account::AccountId;
use crate::hlc::DeviceId;
use crate::sync::{SyncError, SyncGroup, SyncState, SyncTombstone};

fn full_state() -> SyncState {
    let group = SyncGroup {
        group_id: [7; 16],
        key: zeroize::Zeroizing::new([9; 32]),
    };
    let mut s = SyncState::new(group, DeviceId(42));
    s.published_version = 5;
    s.seen_versions = BTreeMap::from([(DeviceId(1), 3), (DeviceId(2), u64::MAX)]);
    s.remember(&[
        account(1, "a", stamp(10, 42)),
        account(2, "b", stamp(11, 42)),
    ]);
    let id = AccountId([3; 16]);
    s.tombstones.insert(
        id,
        SyncTombstone {
            id,
            deleted: stamp(20, 42),
            seen: stamp(12, 1),
        },
    );
    s
}

#[test]
fn state_round_trips() {
    let s = full_state();
    let bytes = s.to_bytes();
    assert_eq!(SyncState::from_bytes(&bytes).unwrap(), s);
    let fresh = SyncState::new(s.group.clone(), DeviceId(1));
    assert_eq!(SyncState::from_bytes(&fresh.to_bytes()).unwrap(), fresh);
}

#[test]
fn damaged_state_is_bad_state() {
    let bytes = full_state().to_bytes().to_vec();
    for cut in [0, 7, 8, 30, bytes.len() - 1] {
        assert_eq!(
            SyncState::from_bytes(&bytes[..cut]),
            Err(SyncError::BadState),
            "cut {cut}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(SyncState::from_bytes(&longer), Err(SyncError::BadState));
    let mut magic = bytes.clone();
    magic[0] ^= 1;
    assert_eq!(SyncState::from_bytes(&magic), Err(SyncError::BadState));
    // A count far beyond the data ends in BadState, not in a huge allocation or a panic.
    let mut count = bytes;
    let at = 8 + 16 + 32 + 8 + 8;
    count[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(SyncState::from_bytes(&count), Err(SyncError::BadState));
}

#[test]
fn remember_keeps_the_version_known_first() {
    let mut s = full_state();
    s.remember(&[
        account(1, "a", stamp(99, 42)),
        account(9, "new", stamp(50, 42)),
    ]);
    assert_eq!(s.known[&AccountId([1; 16])], stamp(10, 42));
    assert_eq!(s.known[&AccountId([9; 16])], stamp(50, 42));
}
