//! Sync replica files and the sync state file. Mode 0: bytes are a replica file, opened with
//! the sync vector's group; mode 1: bytes are the decrypted body, sealed for that group so
//! they reach the body decoder; mode 2: bytes → `SyncState::from_bytes`. Asserts: no panic; an
//! opened replica re-seals and re-opens to itself; a parsed state saves back and re-parses to
//! itself. Mode 3: bytes are a format-2 replica and a member record, opened with the keys of
//! `tests/vectors/sync/v2.json`; an opened replica re-seals and re-opens to itself.
#![no_main]
use kulcs_core::random::SeededRandom;
use kulcs_core::hlc::DeviceId;
use kulcs_core::sync::keys::DeviceKeys;
use kulcs_core::sync::members::{self, Member, MemberHead};
use kulcs_core::sync::{envelope, replica, SyncState};
use kulcs_fuzz::{seal_replica_body, sync_group};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = kulcs_fuzz::split_mode(data, 4) else {
        return;
    };
    if mode == 3 {
        let group = [0xa5u8; 16];
        let keys = DeviceKeys::from_bytes(&[0x11; 64]);
        let head = MemberHead {
            seq: 0,
            hash: [0; 32],
            epoch: 0,
            epoch_key: zeroize::Zeroizing::new([0x3c; 32]),
            members: vec![Member {
                device: DeviceId(1),
                name: "laptop".into(),
                sign_public: keys.sign_public(),
                kx_public: keys.kx_public(),
                added_ms: 0,
            }],
            upgraded: false,
        };
        if let Ok(h) = members::record_header(&group, rest) {
            let _ = members::open_record(&group, &h, rest, &head.epoch_key);
        }
        if let Ok(o) = envelope::open_v2(&group, &head, rest) {
            let rng = SeededRandom::new(b"fuzz");
            let sealed = envelope::seal_v2(&group, &head, &keys, &o.name, &o.replica, &rng)
                .expect("seal");
            let again = envelope::open_v2(&group, &head, &sealed).expect("must open");
            assert_eq!(again, o, "replica changed in seal/open");
        }
        return;
    }
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
