//! Replica body v2 against its vector (`tests/vectors/sync/body-v2.json`): field stamps, bases,
//! a conflict and the clearing stamp round-trip; a body v1 still reads, every field stamped at
//! `updated`.

use super::{account, stamp};
use crate::account::AccountId;
use crate::account::{Conflict, ConflictValue, Field, FieldClocks, FieldStamp, Note};
use crate::bundle::{self, Bundle};
use crate::otp::OtpParams;
use crate::sync::body::{decode_body, decode_body_v1, encode_body, to_bundle_account};
use crate::sync::{ReplicaData, SyncTombstone};

fn case() -> (crate::hlc::Hlc, ReplicaData) {
    let mut a = account(1, "anna.kovacs", stamp(1_760_000_000_300, 2));
    a.note = Some(Note::new("törlőkód: ANNA-2222").unwrap());
    a.fields = FieldClocks::uniform(stamp(1_760_000_000_000, 1));
    a.fields.stamps[Field::Label as usize] = FieldStamp {
        stamp: stamp(1_760_000_000_200, 2),
        base: stamp(1_760_000_000_000, 1),
    };
    a.fields.stamps[Field::Note as usize] = FieldStamp {
        stamp: stamp(1_760_000_000_300, 2),
        base: stamp(1_760_000_000_000, 1),
    };
    a.fields.conflicts.push(Conflict {
        field: Field::Note,
        value: ConflictValue::Note(Some(Note::new("törlőkód: ANNA-1111").unwrap())),
        stamp: stamp(1_760_000_000_250, 1),
    });
    a.fields.cleared = stamp(1_760_000_000_100, 1);
    a.updated = a.fields.newest();
    let mut h = account(2, "hotp", stamp(1_760_000_000_000, 1));
    h.credential.params = OtpParams::hotp(9);
    h.fields.stamps[Field::Counter as usize].stamp = stamp(1_760_000_000_400, 1);
    h.updated = h.fields.newest();
    let data = ReplicaData::from_parts(
        [a, h],
        [SyncTombstone {
            id: AccountId([3; 16]),
            deleted: stamp(1_760_000_000_500, 2),
            seen: stamp(1_760_000_000_000, 1),
        }],
    );
    (stamp(1_760_000_000_600, 1), data)
}

#[test]
fn body_v2_matches_its_vector_and_round_trips() {
    let path = format!(
        "{}/../tests/vectors/sync/body-v2.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let (clock, data) = case();
    let bytes = encode_body(&clock, &data);
    let generated = serde_json::json!({
        "format": "kulcs-sync-body",
        "version": 2,
        "description": "Replica body v2 (docs/sync.md §2.3): the plaintext inside a replica's encryption. Account 1 has its label and note changed on device 2 over a base written on device 1, a losing note from device 1 as a conflict and a clearing stamp; account 2 is HOTP at counter 9; one tombstone.",
        "clock": clock.to_string(),
        "accounts": 2,
        "tombstones": 1,
        "body_hex": data_encoding::HEXLOWER.encode(&bytes),
    });
    if std::env::var_os("KULCS_WRITE_VECTORS").is_some() {
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&generated).unwrap() + "\n",
        )
        .unwrap();
    }
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(stored, generated);
    let hex = stored["body_hex"].as_str().unwrap();
    let raw = data_encoding::HEXLOWER.decode(hex.as_bytes()).unwrap();
    let (c, d) = decode_body(&raw).unwrap();
    assert_eq!((c, &d), (clock, &data));
    let acc = &d.accounts[&AccountId([1; 16])];
    assert_eq!(acc.conflicts().count(), 1);
    // A v1 body holds no field clocks: refused as such.
    assert!(decode_body_v1(&raw).is_err());
}

#[test]
fn a_body_v1_reads_with_every_field_stamped_at_updated() {
    let (clock, data) = case();
    // What the old encoder wrote: the same layout, identities without field clocks.
    let accounts = data
        .accounts
        .values()
        .map(|a| {
            let mut b = to_bundle_account(a);
            b.identity.as_mut().unwrap().fields = None;
            b
        })
        .collect();
    let enc = bundle::encode(&Bundle {
        accounts,
        sync: None,
    });
    let mut v1 = Vec::new();
    let full = encode_body(&clock, &ReplicaData::default());
    // Clock (20 bytes), then the bundle length and bytes, then the tombstones.
    v1.extend_from_slice(&full[..20]);
    v1.extend_from_slice(&(enc.len() as u32).to_be_bytes());
    v1.extend_from_slice(&enc);
    v1.extend_from_slice(&(data.tombstones.len() as u32).to_be_bytes());
    for t in data.tombstones.values() {
        v1.extend_from_slice(&t.id.0);
        for h in [t.deleted, t.seen] {
            v1.extend_from_slice(&h.wall_ms.to_be_bytes());
            v1.extend_from_slice(&h.counter.to_be_bytes());
            v1.extend_from_slice(&h.node.0.to_be_bytes());
        }
    }
    for decode in [decode_body_v1, decode_body] {
        let (_, d) = decode(&v1).unwrap();
        let a = &d.accounts[&AccountId([1; 16])];
        assert_eq!(a.fields, FieldClocks::uniform(a.updated));
        assert_eq!(a.note, data.accounts[&AccountId([1; 16])].note);
    }
}
