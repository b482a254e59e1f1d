//! Known-answer vectors for the vault format (`tests/vectors/vault.json`), shared with the
//! Kotlin and Swift tests and checked independently by `tests/vectors/check_vault_vectors.py`.
//!
//! Regenerate (only when the format deliberately changes, with a version bump):
//! `KULCS_WRITE_VECTORS=1 cargo test -p kulcs-core --test vault_vectors`.

use crate::support::vault_files::private;
use std::path::{Path, PathBuf};

use kulcs_core::account::{Account, AccountId, Note, Tombstone};
use kulcs_core::credential::Credential;
use kulcs_core::hlc::{DeviceId, Hlc};
use kulcs_core::otp::OtpParams;
use kulcs_core::random::FixedRng;
use kulcs_core::secret::Secret;
use kulcs_core::vault::internals::format::{self, Header};
use kulcs_core::vault::internals::slots::{Lock, SlotBody, SlotChoices};
use kulcs_core::vault::internals::{contents, kdf};
use kulcs_core::vault::{
    FileKeyStore, KdfParams, KeyStore, RecoveryCode, Slot, SlotId, Unlock, Vault, VaultOptions,
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
        fields: kulcs_core::account::FieldClocks::uniform(t(1_763_700_000_100, 1)),
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
        fields: kulcs_core::account::FieldClocks::uniform(t(1_763_700_000_200, 0)),
    });
    c.tombstones.push(Tombstone {
        id: AccountId::from_bytes(seq(0x60)),
        deleted: t(1_763_700_000_300, 0),
    });
    c
}

/// The format-1 vectors (legacy slots wrap the data key directly). Format 1 is still read, so
/// these stay byte for byte as they were committed.
fn build_v1() -> serde_json::Map<String, Value> {
    let data_key = Zeroizing::new(seq::<32>(0x00));
    let contents_nonce = seq::<12>(0xa0);
    let pw_params = KdfParams::MIN;
    let pw_salt = seq::<16>(0x10);
    let pw_nonce = seq::<12>(0x20);
    let pw_id = SlotId(seq(0x30));
    let pw_kek = kdf::argon2id(PASSPHRASE, &pw_salt, pw_params).unwrap();
    let pw_slot =
        Slot::legacy_passphrase_with(pw_id, pw_salt, pw_nonce, pw_params, &data_key, PASSPHRASE)
            .unwrap();

    let code = RecoveryCode::from_bytes(seq(0x70));
    let rc_salt = seq::<16>(0x80);
    let rc_nonce = seq::<12>(0x90);
    let rc_id = SlotId(seq(0x38));
    let rc_kek =
        kdf::hkdf_sha256(&rc_salt, &seq::<20>(0x70), b"kulcs vault v1 recovery slot").unwrap();
    let rc_slot = Slot::legacy_recovery_with(rc_id, rc_salt, rc_nonce, &data_key, &code).unwrap();

    let plain = contents::to_json(&fixed_contents()).unwrap();
    let header = Header {
        version: 1,
        nonce: contents_nonce,
        slots: vec![pw_slot.clone(), rc_slot.clone()],
    };
    let aad = header.encode().unwrap();
    let file = format::seal(&header, &data_key, &plain).unwrap();

    let wrapped = |s: &Slot| match &s.body {
        SlotBody::Legacy(Lock::Passphrase { wrapped, .. } | Lock::Recovery { wrapped, .. }) => {
            hex(wrapped)
        }
        _ => unreachable!(),
    };

    let (key_file, dev_wrapped) = file_keystore_wrap(data_key.as_ref());

    let v = json!({
        "description": "Kulcs vault known-answer vectors: format 1 at the top level (still read), format 2 under \"v2\". All byte strings are lower-case hex. See docs/vault.md.",
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
    });
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

/// One slot's encoding: `kind id body_len body`.
fn slot_bytes(s: &Slot) -> String {
    let h = Header {
        version: format::VERSION,
        nonce: [0; 12],
        slots: vec![s.clone()],
    };
    // Skip prefix(14) + aead(1) + nonce(12) + count(1).
    hex(&h.encode().unwrap()[28..])
}

/// The desktop key store with a fixed key (0xc0..) and nonce (0xe0..) wrapping `plain`:
/// (key file, wrapped).
fn file_keystore_wrap(plain: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let dir =
        std::env::temp_dir().join(format!("kulcs-vectors-{}-{}", std::process::id(), plain[0]));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut fixed = seq::<32>(0xc0).to_vec();
    fixed.extend_from_slice(&seq::<12>(0xe0));
    let ks = FileKeyStore::with_rng(dir.join("device.key"), Box::new(FixedRng::new(fixed)));
    let wrapped = ks.wrap("kulcs-vault-device-key-v1", plain).unwrap();
    let key_file = std::fs::read(dir.join("device.key")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (key_file, wrapped)
}

/// The X25519 public key of a private key, computed by x25519-dalek.
fn public_of(sk: &[u8; 32]) -> [u8; 32] {
    x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(*sk)).to_bytes()
}

/// Everything about one format-2 slot's seal, so another implementation can re-derive it.
fn seal_json(s: &Slot, eph_sk: &[u8; 32], data_key: &[u8; 32]) -> Value {
    let SlotBody::Sealed { public, seal, .. } = &s.body else {
        unreachable!()
    };
    let shared = x25519_dalek::StaticSecret::from(*eph_sk)
        .diffie_hellman(&x25519_dalek::PublicKey::from(*public));
    let salt = [seal.ephemeral.as_slice(), public].concat();
    let wrap_key =
        kdf::hkdf_sha256(&salt, shared.as_bytes(), b"kulcs vault v2 data key seal").unwrap();
    let aad = [
        b"KULCS seal v2".as_slice(),
        &[s.kind_code()],
        &s.id.0,
        public,
        &seal.ephemeral,
    ]
    .concat();
    let _ = data_key;
    json!({
        "ephemeral_secret": hex(eph_sk),
        "ephemeral_public": hex(&seal.ephemeral),
        "shared": hex(shared.as_bytes()),
        "hkdf_sha256": { "salt": hex(&salt), "info_utf8": "kulcs vault v2 data key seal" },
        "wrap_key": hex(wrap_key.as_ref()),
        "nonce": hex(&[0u8; 12]),
        "aad": hex(&aad),
        "sealed": hex(&seal.sealed),
    })
}

/// The format-2 vectors: three sealed slots (device through the desktop key store,
/// passphrase, recovery code) and a file holding them.
fn build_v2() -> Value {
    let data_key = Zeroizing::new(seq::<32>(0x00));
    let contents_nonce = seq::<12>(0xa0);
    let choices = |id: u8, salt: u8, nonce: u8, sk: u8, eph: u8| SlotChoices {
        id: SlotId(seq(id)),
        salt: seq(salt),
        nonce: seq(nonce),
        secret_key: Zeroizing::new(seq(sk)),
        ephemeral: Zeroizing::new(seq(eph)),
    };

    // Passphrase.
    let pw_params = KdfParams::MIN;
    let pc = choices(0x30, 0x10, 0x20, 0x41, 0x61);
    let pw_kek = kdf::argon2id(PASSPHRASE, &pc.salt, pw_params).unwrap();
    let pw_slot = Slot::passphrase_with(&pc, pw_params, &data_key, PASSPHRASE).unwrap();
    let pw_pub = public_of(&pc.secret_key);
    let lock_wrapped = |s: &Slot| match &s.body {
        SlotBody::Sealed {
            lock: Lock::Passphrase { wrapped, .. } | Lock::Recovery { wrapped, .. },
            ..
        } => hex(wrapped),
        _ => unreachable!(),
    };

    // Recovery.
    let code = RecoveryCode::from_bytes(seq(0x70));
    let rc = choices(0x38, 0x80, 0x90, 0x51, 0x71);
    let rc_kek =
        kdf::hkdf_sha256(&rc.salt, &seq::<20>(0x70), b"kulcs vault v2 recovery slot").unwrap();
    let rc_slot = Slot::recovery_with(&rc, &data_key, &code).unwrap();
    let rc_pub = public_of(&rc.secret_key);

    // Device (the desktop key store wraps the slot's private key).
    let dc = choices(0x28, 0x00, 0x00, 0x21, 0x81);
    let (key_file, dev_wrapped) = file_keystore_wrap(dc.secret_key.as_ref());
    let dir = std::env::temp_dir().join(format!("kulcs-vectors-dev-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("device.key"), &key_file).unwrap();
    private(&dir.join("device.key"));
    let mut fixed_nonce = seq::<12>(0xe0).to_vec();
    fixed_nonce.extend_from_slice(&[0; 0]);
    let ks = FileKeyStore::with_rng(dir.join("device.key"), Box::new(FixedRng::new(fixed_nonce)));
    let dev_slot = Slot::device_with(&dc, &data_key, &ks, "kulcs-vault-device-key-v1").unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let dev_pub = public_of(&dc.secret_key);

    let plain = contents::to_json(&fixed_contents()).unwrap();
    let header = Header {
        version: 2,
        nonce: contents_nonce,
        slots: vec![dev_slot.clone(), pw_slot.clone(), rc_slot.clone()],
    };
    let aad = header.encode().unwrap();
    let file = format::seal(&header, &data_key, &plain).unwrap();

    json!({
        "data_key": hex(data_key.as_ref()),
        "device_slot": {
            "slot_id": hex(&dc.id.0),
            "kind": 4,
            "key_id": "kulcs-vault-device-key-v1",
            "key_file": hex(&key_file),
            "keystore_nonce": hex(&seq::<12>(0xe0)),
            "secret_key": hex(dc.secret_key.as_ref()),
            "public_key": hex(&dev_pub),
            "wrapped_secret": hex(&dev_wrapped),
            "seal": seal_json(&dev_slot, &dc.ephemeral, &data_key),
            "encoded": slot_bytes(&dev_slot),
        },
        "passphrase_slot": {
            "slot_id": hex(&pc.id.0),
            "kind": 5,
            "passphrase_utf8": PASSPHRASE,
            "argon2id": { "version": 19, "memory_kib": pw_params.memory_kib, "iterations": pw_params.iterations, "parallelism": pw_params.parallelism, "salt": hex(&pc.salt), "output_len": 32 },
            "kek": hex(pw_kek.as_ref()),
            "nonce": hex(&pc.nonce),
            "secret_key": hex(pc.secret_key.as_ref()),
            "public_key": hex(&pw_pub),
            "wrap_aad": hex(&[b"KULCS slot v2".as_slice(), &[5], &pc.id.0, &[1], &pw_params.memory_kib.to_be_bytes(), &pw_params.iterations.to_be_bytes(), &pw_params.parallelism.to_be_bytes(), &pc.salt, &pc.nonce, &pw_pub].concat()),
            "wrapped_secret": lock_wrapped(&pw_slot),
            "seal": seal_json(&pw_slot, &pc.ephemeral, &data_key),
            "encoded": slot_bytes(&pw_slot),
        },
        "recovery_slot": {
            "slot_id": hex(&rc.id.0),
            "kind": 6,
            "code": code.to_display().as_str(),
            "code_bytes": hex(&seq::<20>(0x70)),
            "hkdf_sha256": { "salt": hex(&rc.salt), "info_utf8": "kulcs vault v2 recovery slot" },
            "kek": hex(rc_kek.as_ref()),
            "nonce": hex(&rc.nonce),
            "secret_key": hex(rc.secret_key.as_ref()),
            "public_key": hex(&rc_pub),
            "wrap_aad": hex(&[b"KULCS slot v2".as_slice(), &[6], &rc.id.0, &[1], &rc.salt, &rc.nonce, &rc_pub].concat()),
            "wrapped_secret": lock_wrapped(&rc_slot),
            "seal": seal_json(&rc_slot, &rc.ephemeral, &data_key),
            "encoded": slot_bytes(&rc_slot),
        },
        "file": {
            "version": 2,
            "contents_nonce": hex(&contents_nonce),
            "contents_json": std::str::from_utf8(&plain).unwrap(),
            "aad": hex(&aad),
            "bytes": hex(&file),
        },
    })
}

fn build() -> Value {
    let mut m = build_v1();
    m.insert("v2".into(), build_v2());
    Value::Object(m)
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

#[test]
fn the_v2_vector_file_opens_with_each_of_its_three_slots() {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(vectors_path()).unwrap()).unwrap();
    let w = &v["v2"];
    let de = |s: &Value| {
        data_encoding::HEXLOWER
            .decode(s.as_str().unwrap().as_bytes())
            .unwrap()
    };
    let dir = std::env::temp_dir().join(format!("kulcs-vectors-v2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("vault.kulcs");
    std::fs::write(&path, de(&w["file"]["bytes"])).unwrap();
    std::fs::write(dir.join("device.key"), de(&w["device_slot"]["key_file"])).unwrap();
    private(&dir.join("device.key"));
    let keys = FileKeyStore::new(dir.join("device.key"));
    let code = w["recovery_slot"]["code"].as_str().unwrap();
    for unlock in [
        Unlock::Device(&keys),
        Unlock::Passphrase(PASSPHRASE),
        Unlock::Recovery(code),
    ] {
        let (vault, _) = Vault::open_with(&path, unlock, VaultOptions::testing()).unwrap();
        assert_eq!(vault.contents(), &fixed_contents(), "{unlock:?}");
        assert!(vault.slots().iter().all(|s| !s.legacy));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
