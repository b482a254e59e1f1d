//! Fixed keys, vectors and small harness helpers shared by the fuzz targets: an in-memory vault
//! storage, and "sealers" that encrypt fuzz bytes under a known key so a target can reach the
//! decoders that sit behind an AEAD (vault contents, replica body, transfer payload).
//!
//! Every constant comes from `tests/vectors/*.json` or `tests/fixtures/`, so the targets break
//! loudly (not silently lose coverage) if a format changes.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use kulcs_core::random::SeededRandom;
use kulcs_core::sync::replica::SyncGroup;
use kulcs_core::transfer::Receiver;
use kulcs_core::vault::{FileKeyStore, LockGuard, Storage, VaultOptions};
use ring::{aead, hkdf};
use zeroize::Zeroizing;

/// Lower-case hex to bytes; panics on bad input (only used on the constants below).
pub fn hex(s: &str) -> Vec<u8> {
    data_encoding::HEXLOWER
        .decode(s.as_bytes())
        .expect("hex constant")
}

/// The first byte of `data` picks a mode (`% modes`); the rest is the mode's input.
pub fn split_mode(data: &[u8], modes: u8) -> Option<(u8, &[u8])> {
    let (&m, rest) = data.split_first()?;
    Some((m % modes, rest))
}

// ---- vault (tests/vectors/vault.json, tests/fixtures/vault-v1.*) ----

/// `tests/vectors/vault.json`.
pub const VAULT_VECTORS: &str = include_str!("../../tests/vectors/vault.json");
/// `tests/vectors/sync.json`.
pub const SYNC_VECTORS: &str = include_str!("../../tests/vectors/sync.json");
/// `tests/vectors/transfer.json`.
pub const TRANSFER_VECTORS: &str = include_str!("../../tests/vectors/transfer.json");

/// A hex string at `path` (e.g. `["file", "aad"]`) in a vectors JSON text.
pub fn vector_hex(json: &str, path: &[&str]) -> Vec<u8> {
    let v: serde_json::Value = serde_json::from_str(json).expect("vectors JSON");
    let s = path.iter().fold(&v, |v, k| &v[*k]);
    hex(s.as_str().expect("a hex string in the vectors"))
}

struct VaultVector {
    header: Vec<u8>,
    key: aead::LessSafeKey,
    nonce: [u8; 12],
}

fn vault_vector() -> &'static VaultVector {
    static V: OnceLock<VaultVector> = OnceLock::new();
    V.get_or_init(|| {
        let key = vector_hex(VAULT_VECTORS, &["data_key"]);
        let mut nonce = [0u8; 12];
        nonce.copy_from_slice(&vector_hex(VAULT_VECTORS, &["file", "contents_nonce"]));
        VaultVector {
            header: vector_hex(VAULT_VECTORS, &["file", "aad"]),
            key: aead::LessSafeKey::new(
                aead::UnboundKey::new(&aead::AES_256_GCM, &key).expect("key"),
            ),
            nonce,
        }
    })
}

/// The vectors' recovery code: opens the recovery slot with HKDF only (no Argon2 per exec).
pub const VAULT_RECOVERY_CODE: &str = "OBYX-E43U-OV3H-O6DZ-PJ5X-Y7L6-P6AI-DAUD";
/// `tests/fixtures/vault-v1.device.key`: opens the device slot of `vault-v1.kulcs`.
pub const FIXTURE_DEVICE_KEY: &[u8] = include_bytes!("../../tests/fixtures/vault-v1.device.key");
/// `tests/fixtures/vault-v1.kulcs`.
pub const FIXTURE_VAULT: &[u8] = include_bytes!("../../tests/fixtures/vault-v1.kulcs");

/// The path the in-memory storage serves the fuzz bytes at.
pub fn vault_path() -> &'static Path {
    Path::new("/fuzz/vault.kulcs")
}

/// An in-memory [`Storage`]: serves the files it holds, keeps writes in memory, never locks out.
#[derive(Default)]
pub struct MemStorage(Mutex<HashMap<PathBuf, Vec<u8>>>);

impl MemStorage {
    /// A storage holding one file.
    pub fn with(path: &Path, bytes: &[u8]) -> Self {
        let s = MemStorage::default();
        s.0.lock()
            .unwrap()
            .insert(path.to_path_buf(), bytes.to_vec());
        s
    }
}

impl Storage for MemStorage {
    fn read(&self, path: &Path, max_len: u64) -> io::Result<Option<Vec<u8>>> {
        match self.0.lock().unwrap().get(path) {
            Some(b) if b.len() as u64 > max_len => {
                Err(io::Error::new(io::ErrorKind::InvalidData, "too large"))
            }
            b => Ok(b.cloned()),
        }
    }
    fn exists(&self, path: &Path) -> io::Result<bool> {
        Ok(self.0.lock().unwrap().contains_key(path))
    }
    fn write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .insert(path.to_path_buf(), data.to_vec());
        Ok(())
    }
    fn sync_file(&self, _: &Path) -> io::Result<()> {
        Ok(())
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let mut m = self.0.lock().unwrap();
        let b = m.remove(from).ok_or(io::ErrorKind::NotFound)?;
        m.insert(to.to_path_buf(), b);
        Ok(())
    }
    fn sync_dir(&self, _: &Path) -> io::Result<()> {
        Ok(())
    }
    fn try_lock(&self, _: &Path) -> io::Result<Option<LockGuard>> {
        Ok(Some(LockGuard::none()))
    }
}

/// Cheapest options (`VaultOptions::testing`, no waiting) reading from `bytes` in memory.
pub fn vault_options(bytes: &[u8]) -> VaultOptions {
    VaultOptions {
        storage: Arc::new(MemStorage::with(vault_path(), bytes)),
        lock_wait: std::time::Duration::ZERO,
        ..VaultOptions::testing()
    }
}

/// A file key store holding the fixture's device key (written once to a private temp dir).
pub fn fixture_keys() -> &'static FileKeyStore {
    static KEYS: OnceLock<FileKeyStore> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kulcs-fuzz-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("device.key");
        std::fs::write(&path, FIXTURE_DEVICE_KEY).expect("write key");
        FileKeyStore::new(path)
    })
}

/// A complete vault file: the vectors' header, `contents` sealed under the vectors' data key.
pub fn seal_vault_contents(contents: &[u8]) -> Vec<u8> {
    let v = vault_vector();
    let mut file = v.header.clone();
    let mut buf = contents.to_vec();
    v.key
        .seal_in_place_append_tag(
            aead::Nonce::assume_unique_for_key(v.nonce),
            aead::Aad::from(&file),
            &mut buf,
        )
        .expect("seal");
    file.extend_from_slice(&buf);
    file
}

// ---- sync replica (tests/vectors/sync.json) ----

/// The replica vector's group.
pub fn sync_group() -> SyncGroup {
    static G: OnceLock<SyncGroup> = OnceLock::new();
    G.get_or_init(sync_group_from_vectors).clone()
}

fn sync_group_from_vectors() -> SyncGroup {
    let mut group_id = [0u8; 16];
    group_id.copy_from_slice(&vector_hex(SYNC_VECTORS, &["replica", "group_id_hex"]));
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&vector_hex(SYNC_VECTORS, &["replica", "group_key_hex"]));
    SyncGroup { group_id, key }
}

/// A replica file of [`sync_group`] from device 1, version 7, whose decrypted body is `body`
/// (key derivation as in `docs/sync.md`: HKDF-SHA256, ChaCha20-Poly1305, header as AAD).
pub fn seal_replica_body(body: &[u8]) -> Vec<u8> {
    struct L;
    impl hkdf::KeyType for L {
        fn len(&self) -> usize {
            32
        }
    }
    let g = sync_group();
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, b"KULCS-SYNC-V1").extract(&g.key[..]);
    let info: [&[u8]; 2] = [b"KULCS-SYNC-V1 replica key", &g.group_id];
    let mut k = [0u8; 32];
    prk.expand(&info, L)
        .and_then(|o| o.fill(&mut k))
        .expect("hkdf");
    let key =
        aead::LessSafeKey::new(aead::UnboundKey::new(&aead::CHACHA20_POLY1305, &k).expect("key"));
    let mut out = b"KULCSRP1".to_vec();
    out.extend_from_slice(&g.group_id);
    out.extend_from_slice(&1u64.to_be_bytes());
    out.extend_from_slice(&7u64.to_be_bytes());
    let nonce = [7u8; 12];
    out.extend_from_slice(&nonce);
    let mut buf = body.to_vec();
    key.seal_in_place_append_tag(
        aead::Nonce::assume_unique_for_key(nonce),
        aead::Aad::from(out.clone()),
        &mut buf,
    )
    .expect("seal");
    out.extend_from_slice(&buf);
    out
}

// ---- transfer (tests/vectors/transfer.json) ----

/// The transfer vector's "now".
pub const TRANSFER_NOW: i64 = 1_767_225_600;
/// The receiver seed of the transfer vector.
pub const TRANSFER_RECEIVER_SEED: &[u8] = b"kulcs transfer vector receiver";
/// The sender seed of the transfer vector.
pub const TRANSFER_SENDER_SEED: &[u8] = b"kulcs transfer vector sender";

/// The transfer vector's receiver, fresh (its frames in the vector are accepted by it).
pub fn vector_receiver() -> Receiver {
    // One generator for the session and the revealed code, as in tests/vectors/transfer.json.
    let rng = SeededRandom::new(TRANSFER_RECEIVER_SEED);
    let mut receiver = Receiver::new(TRANSFER_NOW, 600, &rng).expect("receiver");
    receiver.reveal_code(&rng).expect("reveal");
    receiver
}

/// The decrypted body of a replica file of [`sync_group`] (for building seeds), or `None`.
pub fn unseal_replica_body(file: &[u8]) -> Option<Vec<u8>> {
    struct L;
    impl hkdf::KeyType for L {
        fn len(&self) -> usize {
            32
        }
    }
    let g = sync_group();
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, b"KULCS-SYNC-V1").extract(&g.key[..]);
    let info: [&[u8]; 2] = [b"KULCS-SYNC-V1 replica key", &g.group_id];
    let mut k = [0u8; 32];
    prk.expand(&info, L).and_then(|o| o.fill(&mut k)).ok()?;
    let key = aead::LessSafeKey::new(aead::UnboundKey::new(&aead::CHACHA20_POLY1305, &k).ok()?);
    let nonce = aead::Nonce::try_assume_unique_for_key(file.get(40..52)?).ok()?;
    let mut buf = file.get(52..)?.to_vec();
    let plain = key
        .open_in_place(nonce, aead::Aad::from(&file[..52]), &mut buf)
        .ok()?;
    Some(plain.to_vec())
}
