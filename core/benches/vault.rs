//! Vault benchmarks: open + decrypt 1,000 accounts (device slot, no KDF), one add with a full
//! crash-safe save, and Argon2id with the production parameters.
//!
//! `cargo bench -p kulcs-core --bench vault`; figures are recorded in `docs/vault.md`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use kulcs_core::credential::Credential;
use kulcs_core::otp::OtpParams;
use kulcs_core::secret::Secret;
use kulcs_core::vault::internals::kdf;
use kulcs_core::vault::{FileKeyStore, KdfParams, Unlock, Vault, VaultOptions};

const NOW: u64 = 1_763_700_000_000;

fn cred(i: u32) -> Credential {
    let mut bytes = i.to_be_bytes().to_vec();
    bytes.extend_from_slice(b"0123456789abcdef");
    Credential {
        issuer: format!("Service {}", i % 50),
        label: format!("user{i}@example.com"),
        secret: Secret::from_bytes(bytes).unwrap(),
        params: OtpParams::totp_default(),
    }
}

fn setup(n: u32) -> (PathBuf, FileKeyStore) {
    let dir = std::env::temp_dir().join(format!("kulcs-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("vault.kulcs");
    let keys = FileKeyStore::new(dir.join("device.key"));
    let mut v = Vault::create(&path, &keys, NOW).unwrap();
    for i in 0..n {
        v.add(cred(i), NOW + i as u64).unwrap();
    }
    v.save().unwrap();
    (path, keys)
}

fn benches(c: &mut Criterion) {
    let (path, keys) = setup(1000);
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!("vault with 1000 accounts: {size} bytes");

    c.bench_function("open_decrypt_1000_accounts", |b| {
        b.iter(|| {
            let (v, _) = Vault::open(&path, Unlock::Device(&keys)).unwrap();
            assert_eq!(v.accounts().len(), 1000);
        })
    });

    let (mut v, _) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::default()).unwrap();
    let mut i = 1_000_000;
    c.bench_function("add_one_and_save_1000_accounts", |b| {
        b.iter(|| {
            i += 1;
            v.add(cred(i), NOW + i as u64).unwrap();
            v.save().unwrap();
        })
    });
    drop(v);

    let mut g = c.benchmark_group("kdf");
    g.sample_size(10);
    g.bench_function("argon2id_64MiB_t3_p1", |b| {
        b.iter(|| {
            kdf::argon2id(
                "correct horse battery staple",
                &[7u8; 16],
                KdfParams::DEFAULT,
            )
            .unwrap()
        })
    });
    g.bench_function("argon2id_test_params_19MiB_t2_p1", |b| {
        b.iter(|| {
            kdf::argon2id(
                "correct horse battery staple",
                &[7u8; 16],
                KdfParams::testing(),
            )
            .unwrap()
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

criterion_group!(vault, benches);
criterion_main!(vault);
