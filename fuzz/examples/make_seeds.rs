//! Writes the seed corpus under fuzz/corpus/<target>/ from the shared vectors and fixtures:
//! `cargo +nightly run --example make_seeds` in fuzz/. Each seed starts with the target's mode
//! byte where the target has modes (see the target's header comment).
use std::path::Path;

use kulcs_core::credential::Credential;
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::replica::{self};
use kulcs_core::sync::SyncState;
use kulcs_core::transfer::{CodeLedger, PendingSend};
use kulcs_core::vault::internals::contents;
use kulcs_core::vault::{Unlock, Vault};
use kulcs_core::{hlc::DeviceId, qr, qr_render};
use kulcs_fuzz::*;
use serde_json::Value;

fn put(target: &str, name: &str, mode: Option<u8>, bytes: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    std::fs::create_dir_all(&dir).unwrap();
    let mut b = mode.map(|m| vec![m]).unwrap_or_default();
    b.extend_from_slice(bytes);
    std::fs::write(dir.join(name), b).unwrap();
}

fn vectors(name: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

fn main() {
    // otpauth_parse, secret_parse
    let o = vectors("otpauth.json");
    for (kind, list) in [("valid", &o["valid"]), ("invalid", &o["invalid"])] {
        for (i, c) in list.as_array().unwrap().iter().enumerate() {
            put(
                "otpauth_parse",
                &format!("{kind}-{i}"),
                None,
                s(&c["uri"]).as_bytes(),
            );
        }
    }
    let b = vectors("base32.json");
    for (kind, list) in [("valid", &b["valid"]), ("invalid", &b["invalid"])] {
        for (i, c) in list.as_array().unwrap().iter().enumerate() {
            put(
                "secret_parse",
                &format!("{kind}-{i}"),
                None,
                s(&c["input"]).as_bytes(),
            );
        }
    }
    put("secret_parse", "hex", None, b"0x3132 3334 3536 3738 3930");

    // migration_payload: the URI text (mode 1) and its protobuf bytes (mode 0)
    let m = vectors("migration.json");
    let uris = m["imports"]
        .as_array()
        .unwrap()
        .iter()
        .chain(m["refusals"].as_array().unwrap());
    for (i, c) in uris.enumerate() {
        let uri = s(&c["uri"]);
        put(
            "migration_payload",
            &format!("uri-{i}"),
            Some(1),
            uri.as_bytes(),
        );
        if let Some(data) = uri.split("data=").nth(1) {
            let b64 = data
                .replace("%2B", "+")
                .replace("%2F", "/")
                .replace("%3D", "=");
            if let Ok(pb) = data_encoding::BASE64.decode(b64.as_bytes()) {
                put("migration_payload", &format!("proto-{i}"), Some(0), &pb);
            }
        }
    }

    // vault_open: fixture and vector files (mode 0), contents JSON (mode 1)
    let v = vectors("vault.json");
    put("vault_open", "fixture-v1", Some(0), FIXTURE_VAULT);
    put(
        "vault_open",
        "vector-file",
        Some(0),
        &hex(s(&v["file"]["bytes"])),
    );
    put(
        "vault_open",
        "vector-contents",
        Some(1),
        s(&v["file"]["contents_json"]).as_bytes(),
    );
    let keys = fixture_keys();
    let (fixture, _) = Vault::open_with(
        vault_path(),
        Unlock::Device(keys),
        vault_options(FIXTURE_VAULT),
    )
    .unwrap();
    put(
        "vault_open",
        "fixture-contents",
        Some(1),
        &contents::to_json(fixture.contents()).unwrap(),
    );

    // transfer_offer
    let t = vectors("transfer.json");
    let session = &t["session"];
    put(
        "transfer_offer",
        "offer",
        Some(0),
        s(&session["offer_text"]).as_bytes(),
    );
    for (i, r) in t["refusals"].as_array().unwrap().iter().enumerate() {
        put(
            "transfer_offer",
            &format!("refusal-{i}"),
            Some(0),
            s(&r["text"]).as_bytes(),
        );
    }
    let mut receiver = vector_receiver();
    put(
        "transfer_offer",
        "receiver-state-empty",
        Some(1),
        &receiver.save(),
    );
    let frames: Vec<&str> = session["frames"]
        .as_array()
        .unwrap()
        .iter()
        .map(s)
        .collect();
    receiver.accept(frames[1], TRANSFER_NOW).unwrap();
    put(
        "transfer_offer",
        "receiver-state-one",
        Some(1),
        &receiver.save(),
    );
    let rng = SeededRandom::new(TRANSFER_SENDER_SEED);
    let pending = PendingSend::scan(s(&session["offer_text"]), TRANSFER_NOW).unwrap();
    put("transfer_offer", "send-state", Some(1), &pending.save());
    let mut ledger = CodeLedger::default();
    assert!(pending
        .confirm(s(&session["code"]), TRANSFER_NOW, &rng, &mut ledger)
        .is_ok());
    // The former side-file ledger (KULCSCL1), which the target still migrates from.
    let mut legacy = b"KULCSCL1".to_vec();
    for e in ledger.entries() {
        legacy.extend_from_slice(&e.k.to_be_bytes());
        legacy.extend_from_slice(&e.offer_digest);
        legacy.extend_from_slice(&e.first_typed_unix.to_be_bytes());
    }
    put("transfer_offer", "ledger", Some(1), &legacy);
    put("transfer_offer", "base45", Some(2), b"%69 VD92EX0");

    // transfer_frame
    for (i, f) in frames.iter().enumerate() {
        put(
            "transfer_frame",
            &format!("frame-{i}"),
            Some(0),
            f.as_bytes(),
        );
    }
    put(
        "transfer_frame",
        "all-frames",
        Some(0),
        frames.join("\n").as_bytes(),
    );
    let bundle = hex(s(&t["bundle"]["encoded_hex"]));
    let mut framed = vec![50u8];
    framed.extend_from_slice(&bundle);
    put("transfer_frame", "payload", Some(1), &framed);
    put("transfer_frame", "bundle", Some(2), &bundle);

    // replica_open
    let file = vector_hex(SYNC_VECTORS, &["replica", "replica_hex"]);
    put("replica_open", "vector", Some(0), &file);
    put(
        "replica_open",
        "vector-body",
        Some(1),
        &unseal_replica_body(&file).unwrap(),
    );
    let r = replica::open(&sync_group(), &file).unwrap();
    let mut state = SyncState::new(sync_group(), DeviceId(1));
    state.remember(&r.data.accounts.values().cloned().collect::<Vec<_>>());
    put("replica_open", "state", Some(2), &state.to_bytes());

    // qr_decode: a small rendered enrolment code as PNG (mode 0) and as luma (mode 1)
    let c = Credential::ugyfelkapu(
        "kovacs.janos",
        Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
    );
    let uri = kulcs_core::otpauth::format(&c);
    let png = qr_render::png_with_module(&uri, 2).unwrap();
    put("qr_decode", "enrolment-png", Some(0), &png);
    let luma = qr::LumaImage::from_image_bytes(&png).unwrap();
    let mut frame = vec![(luma.width - 1) as u8];
    frame.extend_from_slice(&luma.data);
    assert!(luma.width <= 256, "luma seed too wide: {}", luma.width);
    put("qr_decode", "enrolment-luma", Some(1), &frame);
    let small = qr_render::png_with_module("KULCS", 1).unwrap();
    put("qr_decode", "tiny-png", Some(0), &small);
    println!("seeds written");
}
