//! Known-answer vectors for the transfer format (`tests/vectors/transfer.json`): offers, codes,
//! frames, bundles and refusals. Set `KULCS_WRITE_VECTORS=1` to regenerate after a deliberate
//! format change (and bump the format version).

use data_encoding::HEXLOWER;
use kulcs_core::bundle::{self, Bundle, BundleAccount, SyncInvite, WireIdentity, WireStamp};
use kulcs_core::credential::Credential;
use kulcs_core::otp::{Algorithm, OtpKind, OtpParams};
use kulcs_core::random::{RandomSource, SeededRandom};
use kulcs_core::secret::Secret;
use kulcs_core::transfer::{CodeLedger, PendingSend, Receiver};
use serde_json::{json, Value};
use zeroize::Zeroizing;

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn path() -> String {
    format!(
        "{}/../tests/vectors/transfer.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn sample_bundle() -> Bundle {
    let a = BundleAccount {
        credential: Credential::ugyfelkapu(
            "kovacs.janos",
            Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
        ),
        note: Some(Zeroizing::new("törlőkód: 1234-5678".into())),
        groups: vec!["Állam".into()],
        identity: Some(WireIdentity {
            id: [0x11; 16],
            created: WireStamp {
                wall_ms: 1_760_000_000_000,
                counter: 0,
                node: 42,
            },
            updated: WireStamp {
                wall_ms: 1_760_000_100_000,
                counter: 3,
                node: 42,
            },
            fields: None,
        }),
    };
    let b = BundleAccount {
        credential: Credential {
            issuer: "Example".into(),
            label: "alice@example.com".into(),
            secret: Secret::parse_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap(),
            params: OtpParams {
                kind: OtpKind::Hotp,
                algorithm: Algorithm::Sha256,
                digits: 8,
                period: 30,
                counter: 7,
            },
        },
        note: None,
        groups: vec!["Állam".into(), "Work".into()],
        identity: Some(WireIdentity {
            id: [0x22; 16],
            created: WireStamp {
                wall_ms: 1_760_000_000_500,
                counter: 1,
                node: 7,
            },
            updated: WireStamp {
                wall_ms: 1_760_000_000_500,
                counter: 1,
                node: 7,
            },
            fields: None,
        }),
    };
    Bundle {
        accounts: vec![a, b],
        sync: Some(SyncInvite {
            group_id: [0x33; 16],
            key: Zeroizing::new([0x44; 32]),
            members: None,
        }),
    }
}

fn generate() -> Value {
    // Session: everything derives from the two seeds through SeededRandom (documented), and
    // the intermediate random values are listed so another implementation needs no SeededRandom.
    let receiver_seed = b"kulcs transfer vector receiver";
    let sender_seed = b"kulcs transfer vector sender";
    let receiver_rng = SeededRandom::new(receiver_seed);
    let mut receiver = Receiver::new(NOW, 600, &receiver_rng).unwrap();
    let code = receiver.reveal_code(&receiver_rng).unwrap();
    // Replay the receiver's draws: session id (16), private key (32), K (u32 BE, rejection).
    let r = SeededRandom::new(receiver_seed);
    let mut sid = [0u8; 16];
    r.fill(&mut sid).unwrap();
    let mut rpriv = [0u8; 32];
    r.fill(&mut rpriv).unwrap();
    let s = SeededRandom::new(sender_seed);
    let mut spriv = [0u8; 32];
    s.fill(&mut spriv).unwrap();
    let pending = PendingSend::scan(&receiver.offer().to_text(), NOW).unwrap();
    let send = pending
        .confirm(
            code.digits(),
            NOW,
            &SeededRandom::new(sender_seed),
            &mut CodeLedger::default(),
        )
        .unwrap();
    let payload = bundle::encode(&sample_bundle());
    let frames = send.frames(&payload, 200).unwrap();
    json!({
        "format": "kulcs-transfer-vectors",
        "version": 1,
        "description": "Transfer format v1 (docs/transfer.md). seeded_random: block i = SHA-256(seed || u64be(i)), each fill starts a new block. Receiver draws: session id (16 B), X25519 private key (32 B) when the session starts, then K = first u32be below 4294000000 mod 1e6 when the code is revealed (one generator). Sender draws: X25519 private key (32 B) when the code is confirmed. Frames split the payload evenly over the fewest frames whose text fits max_chars.",
        "session": {
            "now": NOW,
            "lifetime_secs": 600,
            "receiver_seed_utf8": std::str::from_utf8(receiver_seed).unwrap(),
            "sender_seed_utf8": std::str::from_utf8(sender_seed).unwrap(),
            "session_id_hex": HEXLOWER.encode(&sid),
            "receiver_private_hex": HEXLOWER.encode(&rpriv),
            "receiver_public_hex": HEXLOWER.encode(&receiver.offer().receiver_key),
            "sender_private_hex": HEXLOWER.encode(&spriv),
            "offer_body_hex": HEXLOWER.encode(&receiver.offer().body()),
            "offer_text": receiver.offer().to_text(),
            "code": code.digits(),
            "code_display": code.display(),
            "payload_hex": HEXLOWER.encode(&payload),
            "max_chars": 200,
            "frames": frames,
        },
        "bundle": {
            "description": "sample_bundle() in core/tests/transfer_vectors.rs: two accounts with notes, groups, identities and a sync invite",
            "encoded_hex": HEXLOWER.encode(&payload),
        },
        "refusals": [
            {"text": "hello", "expect": "NotTransferData"},
            {"text": "KULCS:F9:00", "expect": "UnsupportedVersion"},
            {"text": "KULCS:F1:abc", "expect": "Malformed"},
            {"text": receiver.offer().to_text(), "expect": "WrongKind"},
        ],
    })
}

#[test]
fn transfer_vectors_match() {
    let generated = generate();
    if std::env::var_os("KULCS_WRITE_VECTORS").is_some() {
        std::fs::write(
            path(),
            serde_json::to_string_pretty(&generated).unwrap() + "\n",
        )
        .unwrap();
    }
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(path()).expect("vectors file")).unwrap();
    assert_eq!(
        stored, generated,
        "format changed: regenerate with KULCS_WRITE_VECTORS=1 and bump versions"
    );

    // Independent checks from the stored values alone.
    let s = &stored["session"];
    let rrng = SeededRandom::new(s["receiver_seed_utf8"].as_str().unwrap().as_bytes());
    let mut receiver = Receiver::new(s["now"].as_i64().unwrap(), 600, &rrng).unwrap();
    assert_eq!(
        receiver.reveal_code(&rrng).unwrap().digits(),
        s["code"].as_str().unwrap()
    );
    let mut r = Receiver::restore(&receiver.save()).unwrap();
    for f in s["frames"].as_array().unwrap().iter().rev() {
        r.accept(f.as_str().unwrap(), NOW).unwrap();
    }
    assert_eq!(
        HEXLOWER.encode(&r.payload().unwrap()),
        s["payload_hex"].as_str().unwrap()
    );
    let decoded = bundle::decode(
        &HEXLOWER
            .decode(stored["bundle"]["encoded_hex"].as_str().unwrap().as_bytes())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(decoded, sample_bundle());
    for case in stored["refusals"].as_array().unwrap() {
        let err = r.accept(case["text"].as_str().unwrap(), NOW).unwrap_err();
        assert_eq!(err.kind(), case["expect"].as_str().unwrap());
    }
}
