//! Known-answer vectors for sync format 2 (`tests/vectors/sync/v2.json`): a member record
//! (`KULCSMR1`) and a replica envelope (`KULCSRP2`) made from fixed keys and a seeded random
//! source. The stored bytes must open with the documented keys, and sealing again must give
//! the same bytes. `KULCS_WRITE_VECTORS=1` regenerates after a deliberate change.

use data_encoding::HEXLOWER;
use kulcs_core::account::{Account, AccountId, FieldClocks};
use kulcs_core::credential::Credential;
use kulcs_core::hlc::{DeviceId, Hlc};
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::keys::DeviceKeys;
use kulcs_core::sync::members::{self, Member, MemberHead, RecordDraft};
use kulcs_core::sync::{envelope, Replica, ReplicaData, SyncTombstone};
use serde_json::{json, Value};
use zeroize::Zeroizing;

const GROUP: [u8; 16] = [0xa5; 16];
const EPOCH_KEY: [u8; 32] = [0x3c; 32];

fn h(wall_ms: u64, counter: u32, node: u64) -> Hlc {
    Hlc {
        wall_ms,
        counter,
        node: DeviceId(node),
    }
}

fn keys() -> DeviceKeys {
    DeviceKeys::from_bytes(&[0x11; 64])
}

fn member() -> Member {
    let k = keys();
    Member {
        device: DeviceId(1),
        name: "laptop".into(),
        sign_public: k.sign_public(),
        kx_public: k.kx_public(),
        added_ms: 1_760_000_000_000,
    }
}

fn record() -> Vec<u8> {
    let members = [member()];
    let draft = RecordDraft {
        group_id: &GROUP,
        seq: 0,
        epoch: 0,
        epoch_key: &EPOCH_KEY,
        prev: [0; 32],
        upgraded: false,
        members: &members,
    };
    members::seal_record(&draft, &keys(), &SeededRandom::new(b"kulcs record vector")).unwrap()
}

fn head(rec: &[u8]) -> MemberHead {
    MemberHead {
        seq: 0,
        hash: members::record_hash(rec),
        epoch: 0,
        epoch_key: Zeroizing::new(EPOCH_KEY),
        members: vec![member()],
        upgraded: false,
    }
}

fn replica_value() -> Replica {
    let account = Account {
        id: AccountId([1; 16]),
        credential: Credential::ugyfelkapu(
            "kovacs.janos",
            Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
        ),
        note: None,
        groups: vec![],
        created: h(1_760_000_000_000, 0, 1),
        updated: h(1_760_000_100_000, 2, 1),
        fields: FieldClocks::uniform(h(1_760_000_100_000, 2, 1)),
    };
    Replica {
        device: DeviceId(1),
        version: 7,
        clock: h(1_760_000_200_000, 1, 1),
        data: ReplicaData::from_parts(
            [account],
            [SyncTombstone {
                id: AccountId([3; 16]),
                deleted: h(1_760_000_200_000, 0, 1),
                seen: h(1_760_000_000_000, 0, 1),
            }],
        ),
    }
}

fn generate() -> Value {
    let rec = record();
    let sealed = envelope::seal_v2(
        &GROUP,
        &head(&rec),
        &keys(),
        "laptop",
        &replica_value(),
        &SeededRandom::new(b"kulcs replica v2 vector"),
    )
    .unwrap();
    json!({
        "format": "kulcs-sync-vectors",
        "version": 2,
        "description": "Sync format 2 (docs/sync.md §3, §5). device_keys_hex = ed25519 seed (32) || X25519 secret (32). The record is the first of a chain (seq 0, epoch 0) listing one member, sealed under epoch_key_hex and signed by it; the replica is that member's, sealed under the same epoch key. Names: record_file, replica_file.",
        "group_id_hex": HEXLOWER.encode(&GROUP),
        "epoch_key_hex": HEXLOWER.encode(&EPOCH_KEY),
        "device_keys_hex": HEXLOWER.encode(&keys().to_bytes()[..]),
        "sign_public_hex": HEXLOWER.encode(&keys().sign_public()),
        "kx_public_hex": HEXLOWER.encode(&keys().kx_public()),
        "group_tag_hex": HEXLOWER.encode(&members::group_tag(&GROUP)),
        "record": {
            "seq": 0,
            "epoch": 0,
            "device": "0000000000000001",
            "name": "laptop",
            "record_file": members::record_file_name(0, &members::record_hash(&rec)),
            "record_hex": HEXLOWER.encode(&rec),
        },
        "replica": {
            "device": "0000000000000001",
            "version": 7,
            "accounts": 1,
            "tombstones": 1,
            "padded_plaintext_len": envelope::bucket(1),
            "replica_file": envelope::replica_name(&GROUP, &EPOCH_KEY, DeviceId(1)).unwrap(),
            "replica_hex": HEXLOWER.encode(&sealed),
        },
    })
}

#[test]
fn sync_v2_vectors_match() {
    let path = format!(
        "{}/../tests/vectors/sync/v2.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let generated = generate();
    if std::env::var_os("KULCS_WRITE_VECTORS").is_some() {
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&generated).unwrap() + "\n",
        )
        .unwrap();
    }
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let hex = |v: &Value| HEXLOWER.decode(v.as_str().unwrap().as_bytes()).unwrap();
    // The stored record opens with the epoch key and is signed by the member it lists.
    let rec = hex(&stored["record"]["record_hex"]);
    let hdr = members::record_header(&GROUP, &rec).unwrap();
    assert_eq!((hdr.seq, hdr.epoch, hdr.wraps.len()), (0, 0, 1));
    let body = members::open_record(&GROUP, &hdr, &rec, &EPOCH_KEY).unwrap();
    assert_eq!(body.members, vec![member()]);
    assert!(members::signed_by(&GROUP, &rec, &member().sign_public));
    // The member's X25519 key opens the epoch key sealed in the record.
    let ctx = [&GROUP[..], &0u64.to_be_bytes()[..]].concat();
    assert_eq!(
        *keys().unwrap_epoch_key(&ctx, &hdr.wraps).unwrap(),
        EPOCH_KEY
    );
    // The stored replica opens, verifies, and holds what was sealed.
    let rep = hex(&stored["replica"]["replica_hex"]);
    let opened = envelope::open_v2(&GROUP, &head(&rec), &rep).unwrap();
    assert_eq!(opened.replica, replica_value());
    assert_eq!(opened.name, "laptop");
    assert!(
        !rep.windows(8).any(|w| w == 1u64.to_be_bytes()),
        "device id in clear"
    );
    assert_eq!(rep.len(), 44 + envelope::bucket(1) + 16 + 64);
    // Sealing again gives the same bytes (the vectors pin the layout).
    assert_eq!(stored, generated);
}
