//! Sync replica files and the sync state file. Mode 0: bytes are a replica file, opened with
//! the sync vector's group; mode 1: bytes are the decrypted body, sealed for that group so
//! they reach the body decoder; mode 2: bytes → `SyncState::from_bytes`. Asserts: no panic; an
//! opened replica re-seals and re-opens to itself; a parsed state saves back and re-parses to
//! itself.
#![no_main]
use kulcs_core::random::SeededRandom;
use kulcs_core::sync::{replica, SyncState};
use kulcs_fuzz::{seal_replica_body, sync_group};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = kulcs_fuzz::split_mode(data, 3) else {
        return;
    };
    if mode == 2 {
        if let Ok(s) = SyncState::from_bytes(rest) {
            let again = SyncState::from_bytes(&s.to_bytes()).expect("own bytes must parse");
            assert_eq!(again, s, "sync state changed in to_bytes/from_bytes");
        }
        return;
    }
    let file = if mode == 0 {
        rest.to_vec()
    } else {
        seal_replica_body(rest)
    };
    let group = sync_group();
    let header = replica::header(&file);
    let Ok(r) = replica::open(&group, &file) else {
        return;
    };
    let h = header.expect("an opened replica has a header");
    assert_eq!((h.device, h.version), (r.device, r.version));
    let sealed = replica::seal(&group, &r, &SeededRandom::new(b"fuzz")).expect("seal");
    let again = replica::open(&group, &sealed).expect("a sealed replica must open");
    assert_eq!(again, r, "replica changed in seal/open");
});
