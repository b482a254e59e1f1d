//! Known-answer vectors for the vault format (`tests/vectors/vault.json`), shared with the
//! Kotlin and Swift tests and checked independently by `tests/vectors/check_vault_vectors.py`.
//!
//! Regenerate (only when the format deliberately changes, with a version bump):
//! `KULCS_WRITE_VECTORS=1 cargo test -p kulcs-core --test vault_vectors`.

use std::path::{Path, PathBuf};

use kulcs_core::account::{Account, AccountId, Note, Tombstone};
use kulcs_core::credential::Credential;
use kulcs_core::hlc::{DeviceId, Hlc};
use kulcs_core::otp::OtpParams;
use kulcs_core::secret::Secret;
use kulcs_core::vault::format::{self, Header};
use kulcs_core::vault::{
    contents, kdf, FileKeyStore, FixedRng, KdfParams, KeyStore, RecoveryCode, Slot, SlotId, Unlock,
    Vault, VaultOptions,
};
use serde_json::{json, Value};
use zeroize::Zeroizing;

fn hex(b: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(b)
}
fn seq<const N: usize>(start: u8) -> [u8; N] {
    let mut a = [0u8; N];
    for (i, x) in a.iter_mut().enumerate() {
        *x = start.wrapping_add(i as u8);
    }
    a
}

fn vectors_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/vault.json")
}

const PASSPHRASE: &str = "Kulcs vektor jelszó";

fn fixed_contents() -> contents::Contents {
    let node = DeviceId::from_u64(0x0102_0304_0506_0708);
    let t = |ms: u64, c: u32| Hlc {
        wall_ms: ms,
        counter: c,
        node,
    };
    let mut c = contents::Contents::new(node);
    c.clock = t(1_763_700_000_500, 0);
    c.clock_offset_secs = -3;
    c.accounts.push(Account {
        id: AccountId::from_bytes(seq(0x40)),
        credential: Credential::ugyfelkapu(
            "kovacs.janos",
            Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
        ),
        note: Some(Note::new("törlőkód: 1234-5678").unwrap()),
        groups: vec!["Állam".into()],
        created: t(1_763_700_000_000, 0),
        updated: t(1_763_700_000_100, 1),
    });
    c.accounts.push(Account {
        id: AccountId::from_bytes(seq(0x50)),
        credential: Credential {
            issuer: "Example".into(),
            label: "alice".into(),
            secret: Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap(),
            params: OtpParams::hotp(7),
        },
        note: None,
        groups: vec![],
        created: t(1_763_700_000_200, 0),
        updated: t(1_763_700_000_200, 0),
    });
    c.tombstones.push(Tombstone {
        id: AccountId::from_bytes(seq(0x60)),
        deleted: t(1_763_700_000_300, 0),
    });
    c
}

fn build() -> Value {
    let data_key = Zeroizing::new(seq::<32>(0x00));
    let contents_nonce = seq::<12>(0xa0);
    let pw_params = KdfParams::MIN;
    let pw_salt = seq::<16>(0x10);
    let pw_nonce = seq::<12>(0x20);
    let pw_id = SlotId(seq(0x30));
    let pw_kek = kdf::argon2id(PASSPHRASE, &pw_salt, pw_params).unwrap();
    let pw_slot =
        Slot::passphrase_with(pw_id, pw_salt, pw_nonce, pw_params, &data_key, PASSPHRASE).unwrap();

    let code = RecoveryCode::from_bytes(seq(0x70));
    let rc_salt = seq::<16>(0x80);
    let rc_nonce = seq::<12>(0x90);
    let rc_id = SlotId(seq(0x38));
    let rc_kek =
        kdf::hkdf_sha256(&rc_salt, &seq::<20>(0x70), b"kulcs vault v1 recovery slot").unwrap();
    let rc_slot = Slot::recovery_with(rc_id, rc_salt, rc_nonce, &data_key, &code).unwrap();

    let plain = contents::to_json(&fixed_contents()).unwrap();
    let header = Header {
        nonce: contents_nonce,
        slots: vec![pw_slot.clone(), rc_slot.clone()],
    };
    let aad = header.encode();
    let file = format::seal(&header, &data_key, &plain).unwrap();

    let slot_bytes = |s: &Slot| {
        let h = Header {
            nonce: [0; 12],
            slots: vec![s.clone()],
        };
        // Skip prefix(14) + aead(1) + nonce(12) + count(1).
        hex(&h.encode()[28..])
    };
    let wrapped = |s: &Slot| match &s.body {
        kulcs_core::vault::slots::SlotBody::Passphrase { wrapped, .. }
        | kulcs_core::vault::slots::SlotBody::Recovery { wrapped, .. } => hex(wrapped),
        _ => unreachable!(),
    };

    // Device slot through the desktop key store with a fixed key and nonce.
    let dir = std::env::temp_dir().join(format!("kulcs-vectors-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut fixed = seq::<32>(0xc0).to_vec();
    fixed.extend_from_slice(&seq::<12>(0xe0));
    let ks = FileKeyStore::with_rng(dir.join("device.key"), Box::new(FixedRng::new(fixed)));
    let dev_wrapped = ks
        .wrap("kulcs-vault-device-key-v1", data_key.as_ref())
        .unwrap();
    let key_file = std::fs::read(dir.join("device.key")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);

    json!({
        "description": "Kulcs vault format v1 known-answer vectors. All byte strings are lower-case hex. See docs/vault.md.",
        "data_key": hex(data_key.as_ref()),
        "passphrase_slot": {
            "passphrase_utf8": PASSPHRASE,
            "argon2id": { "version": 19, "memory_kib": pw_params.memory_kib, "iterations": pw_params.iterations, "parallelism": pw_params.parallelism, "salt": hex(&pw_salt), "output_len": 32 },
            "kek": hex(pw_kek.as_ref()),
            "slot_id": hex(&pw_id.0),
            "nonce": hex(&pw_nonce),
            "wrap_aad": hex(&[b"KULCS slot v1".as_slice(), &[2], &pw_id.0, &[1], &pw_params.memory_kib.to_be_bytes(), &pw_params.iterations.to_be_bytes(), &pw_params.parallelism.to_be_bytes(), &pw_salt, &pw_nonce].concat()),
            "wrapped": wrapped(&pw_slot),
            "encoded": slot_bytes(&pw_slot),
        },
        "recovery_slot": {
            "code": code.to_display().as_str(),
            "code_bytes": hex(&seq::<20>(0x70)),
            "hkdf_sha256": { "salt": hex(&rc_salt), "info_utf8": "kulcs vault v1 recovery slot" },
            "kek": hex(rc_kek.as_ref()),
            "slot_id": hex(&rc_id.0),
            "nonce": hex(&rc_nonce),
            "wrap_aad": hex(&[b"KULCS slot v1".as_slice(), &[3], &rc_id.0, &[1], &rc_salt, &rc_nonce].concat()),
            "wrapped": wrapped(&rc_slot),
            "encoded": slot_bytes(&rc_slot),
        },
        "device_slot_file_keystore": {
            "key_file": hex(&key_file),
            "key_id": "kulcs-vault-device-key-v1",
            "nonce": hex(&seq::<12>(0xe0)),
            "wrapped": hex(&dev_wrapped),
        },
        "file": {
            "contents_nonce": hex(&contents_nonce),
            "contents_json": std::str::from_utf8(&plain).unwrap(),
            "aad": hex(&aad),
            "bytes": hex(&file),
        },
    })
}

#[test]
fn vectors_match_the_committed_file() {
    let built = build();
    let path = vectors_path();
    if std::env::var_os("KULCS_WRITE_VECTORS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&built).unwrap() + "\n").unwrap();
    }
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).expect("tests/vectors/vault.json is committed"),
    )
    .unwrap();
    assert_eq!(
        committed, built,
        "the vault format changed: bump the version and regenerate deliberately"
    );
}

#[test]
fn the_vector_file_opens_with_its_passphrase_and_recovery_code() {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(vectors_path()).unwrap()).unwrap();
    let bytes = data_encoding::HEXLOWER
        .decode(v["file"]["bytes"].as_str().unwrap().as_bytes())
        .unwrap();
    let dir = std::env::temp_dir().join(format!("kulcs-vectors-open-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("vault.kulcs");
    std::fs::write(&path, &bytes).unwrap();
    let expected = fixed_contents();
    let (vault, _) = Vault::open_with(
        &path,
        Unlock::Passphrase(PASSPHRASE),
        VaultOptions::testing(),
    )
    .unwrap();
    assert_eq!(vault.contents(), &expected);
    drop(vault);
    let code = v["recovery_slot"]["code"].as_str().unwrap();
    let (vault, _) =
        Vault::open_with(&path, Unlock::Recovery(code), VaultOptions::testing()).unwrap();
    assert_eq!(vault.contents(), &expected);
    assert_eq!(
        contents::to_json(vault.contents()).unwrap().as_slice(),
        v["file"]["contents_json"].as_str().unwrap().as_bytes()
    );
    drop(vault);
    let _ = std::fs::remove_dir_all(&dir);
}
