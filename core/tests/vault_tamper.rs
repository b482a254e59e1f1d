//! Tampering: every single-bit flip and every truncation of a small vault file must give the
//! opaque error (or "not a vault" / "unsupported version" for the magic and version bytes),
//! never a panic and never a successful open. Also: a damaged newest generation falls back to
//! the previous one with a warning, and an old passphrase never silently opens old data.

use std::path::{Path, PathBuf};

use kulcs_core::credential::Credential;
use kulcs_core::secret::Secret;
use kulcs_core::vault::internals::format;
use kulcs_core::vault::{
    FileKeyStore, KdfParams, OpenWarning, Unlock, Vault, VaultError, VaultOptions,
};

const NOW: u64 = 1_763_700_000_000;

fn dir(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("kulcs-tamper-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// A vault with one account, a device slot and a passphrase slot; returns its bytes.
fn small_vault(d: &Path, keys: &FileKeyStore) -> Vec<u8> {
    let path = d.join("src.kulcs");
    let mut v = Vault::create_with(&path, keys, NOW, VaultOptions::testing()).unwrap();
    v.add(
        Credential::ugyfelkapu(
            "kovacs.janos",
            Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
        ),
        NOW,
    )
    .unwrap();
    v.add_passphrase("titkos jelszó").unwrap();
    v.save().unwrap();
    drop(v);
    std::fs::read(&path).unwrap()
}

fn open_bytes(d: &Path, bytes: &[u8], unlock: Unlock<'_>) -> Result<usize, VaultError> {
    let path = d.join("t.kulcs");
    std::fs::write(&path, bytes).unwrap();
    let r =
        Vault::open_with(&path, unlock, VaultOptions::testing()).map(|(v, _)| v.accounts().len());
    std::fs::remove_file(&path).unwrap();
    r
}

fn expected_for_flip(byte: usize) -> &'static str {
    match byte {
        0..=7 => "not a vault",
        8..=9 => "unsupported version",
        _ => "opaque",
    }
}

fn classify(e: &VaultError) -> &'static str {
    match e {
        VaultError::NotAVault { .. } => "not a vault",
        VaultError::UnsupportedVersion { .. } => "unsupported version",
        VaultError::WrongKeyOrDamaged => "opaque",
        _ => "other",
    }
}

#[test]
fn every_bit_flip_is_refused_with_the_opaque_error() {
    let d = dir("flip");
    let keys = FileKeyStore::new(d.join("device.key"));
    let good = small_vault(&d, &keys);
    assert_eq!(
        open_bytes(&d, &good, Unlock::Device(&keys)).unwrap(),
        1,
        "the untouched file must open"
    );
    let mut flips = 0;
    for byte in 0..good.len() {
        for bit in 0..8 {
            let mut bad = good.clone();
            bad[byte] ^= 1 << bit;
            match open_bytes(&d, &bad, Unlock::Device(&keys)) {
                Ok(_) => panic!("flip of bit {bit} in byte {byte} opened"),
                Err(e) => assert_eq!(
                    classify(&e),
                    expected_for_flip(byte),
                    "byte {byte} bit {bit}: {e:?}"
                ),
            }
            flips += 1;
        }
    }
    eprintln!("{flips} bit flips refused ({} bytes)", good.len());
    assert!(flips >= 8 * 300);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn bit_flips_in_the_passphrase_path_are_refused() {
    // Argon2 runs once per attempt, so flip one bit in every 5th byte (still > 100 files).
    let d = dir("flip-pw");
    let keys = FileKeyStore::new(d.join("device.key"));
    let good = small_vault(&d, &keys);
    assert_eq!(
        open_bytes(&d, &good, Unlock::Passphrase("titkos jelszó")).unwrap(),
        1
    );
    let mut n = 0;
    for byte in (10..good.len()).step_by(5) {
        let mut bad = good.clone();
        bad[byte] ^= 1 << (byte % 8);
        match open_bytes(&d, &bad, Unlock::Passphrase("titkos jelszó")) {
            Ok(_) => panic!("flip in byte {byte} opened"),
            Err(VaultError::WrongKeyOrDamaged) => {}
            // A flipped cost parameter is refused before Argon2 runs.
            Err(VaultError::KdfParamsRefused { .. }) => {}
            Err(e) => panic!("byte {byte}: unexpected {e:?}"),
        }
        n += 1;
    }
    assert!(n > 100, "{n}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn every_truncation_is_refused_with_the_opaque_error() {
    let d = dir("trunc");
    let keys = FileKeyStore::new(d.join("device.key"));
    let good = small_vault(&d, &keys);
    for len in 0..good.len() {
        match open_bytes(&d, &good[..len], Unlock::Device(&keys)) {
            Ok(_) => panic!("truncation to {len} bytes opened"),
            Err(VaultError::WrongKeyOrDamaged) => {}
            Err(e) => panic!("truncation to {len}: {e:?}"),
        }
    }
    // Appended garbage is refused too.
    let mut longer = good.clone();
    longer.push(0);
    assert!(matches!(
        open_bytes(&d, &longer, Unlock::Device(&keys)),
        Err(VaultError::WrongKeyOrDamaged)
    ));
    let _ = std::fs::remove_dir_all(&d);
}

/// Rewrites the passphrase slot's cost parameters (breaking the AEAD, which is not reached).
fn with_kdf(good: &[u8], m: u32, t: u32, p: u32) -> Vec<u8> {
    let parsed = format::parse(good, Path::new("x")).unwrap();
    let mut header = parsed.header.clone();
    for s in &mut header.slots {
        if let Some(params) = s.kdf_params_mut() {
            *params = KdfParams {
                memory_kib: m,
                iterations: t,
                parallelism: p,
            };
        }
    }
    let mut out = header.encode().unwrap();
    out.extend_from_slice(parsed.sealed);
    out
}

#[test]
fn absurd_kdf_parameters_are_refused_before_allocating() {
    let d = dir("kdf");
    let keys = FileKeyStore::new(d.join("device.key"));
    let good = small_vault(&d, &keys);
    // 100 GiB, 4 TiB, a billion passes, 255 lanes, and too-weak values: all refused at once.
    let start = std::time::Instant::now();
    for (m, t, p) in [
        (100 * 1024 * 1024, 3, 1),
        (u32::MAX, 3, 1),
        (65536, 1_000_000_000, 1),
        (65536, 3, 255),
        (8, 1, 1),
        (65536, 0, 1),
    ] {
        let bad = with_kdf(&good, m, t, p);
        match open_bytes(&d, &bad, Unlock::Passphrase("titkos jelszó")) {
            Err(VaultError::KdfParamsRefused {
                memory_kib,
                iterations,
                parallelism,
            }) => {
                assert_eq!((memory_kib, iterations, parallelism), (m, t, p));
            }
            other => panic!("({m},{t},{p}): {other:?}"),
        }
        // The device slot still opens such a file? No: the header is authenticated.
        assert!(matches!(
            open_bytes(&d, &bad, Unlock::Device(&keys)),
            Err(VaultError::WrongKeyOrDamaged)
        ));
    }
    assert!(start.elapsed().as_secs() < 5, "refusal must not run Argon2");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn damaged_newest_generation_opens_the_previous_with_a_warning_and_is_kept() {
    let d = dir("fallback");
    let path = d.join("vault.kulcs");
    let keys = FileKeyStore::new(d.join("device.key"));
    let mut v = Vault::create_with(&path, &keys, NOW, VaultOptions::testing()).unwrap();
    v.add(
        Credential::ugyfelkapu("a", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap()),
        NOW,
    )
    .unwrap();
    v.save().unwrap();
    v.add(
        Credential::ugyfelkapu("b", Secret::parse_base32("GEZDGNBVGY3TQOJQ").unwrap()),
        NOW + 1,
    )
    .unwrap();
    v.save().unwrap();
    drop(v);

    let mut newest = std::fs::read(&path).unwrap();
    let last = newest.len() - 1;
    newest[last] ^= 0x40;
    std::fs::write(&path, &newest).unwrap();

    let (mut v, report) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    assert_eq!(
        v.accounts().len(),
        1,
        "the previous generation has one account"
    );
    assert_eq!(report.opened, d.join("vault.kulcs.1"));
    match report.warnings.as_slice() {
        [OpenWarning::NewestUnreadable {
            generations_back: 1,
            ..
        }] => {}
        w => panic!("{w:?}"),
    }
    assert!(report.warnings[0]
        .to_string()
        .contains("could not be opened"));
    v.add(
        Credential::ugyfelkapu("c", Secret::parse_base32("MFRGGZDFMZTWQ2LK").unwrap()),
        NOW + 2,
    )
    .unwrap();
    v.save().unwrap();
    drop(v);
    // The damaged file was moved aside, byte for byte, not overwritten.
    assert_eq!(
        std::fs::read(d.join("vault.kulcs.unreadable-1")).unwrap(),
        newest
    );
    let (v, report) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    assert!(report.warnings.is_empty());
    assert_eq!(v.accounts().len(), 2);
    drop(v);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn old_passphrase_does_not_silently_open_an_older_generation() {
    let d = dir("oldpw");
    let path = d.join("vault.kulcs");
    let keys = FileKeyStore::new(d.join("device.key"));
    let mut v = Vault::create_with(&path, &keys, NOW, VaultOptions::testing()).unwrap();
    v.add_passphrase("régi jelszó").unwrap();
    v.save().unwrap();
    v.change_passphrase("új jelszó 2").unwrap();
    v.add(
        Credential::ugyfelkapu("a", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap()),
        NOW,
    )
    .unwrap();
    v.save().unwrap();
    drop(v);
    // vault.kulcs.1 still opens with "régi jelszó", but the newest file must not be bypassed.
    assert!(matches!(
        Vault::open_with(
            &path,
            Unlock::Passphrase("régi jelszó"),
            VaultOptions::testing()
        ),
        Err(VaultError::WrongKeyOrDamaged)
    ));
    let (v, report) = Vault::open_with(
        &path,
        Unlock::Passphrase("új jelszó 2"),
        VaultOptions::testing(),
    )
    .unwrap();
    assert!(report.warnings.is_empty());
    assert_eq!(v.accounts().len(), 1);
    drop(v);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let d = dir("huge");
    let path = d.join("vault.kulcs");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(format::MAX_FILE_LEN + 1).unwrap();
    drop(f);
    let keys = FileKeyStore::new(d.join("device.key"));
    assert!(matches!(
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()),
        Err(VaultError::TooLarge { .. })
    ));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn interrupted_save_without_a_current_file_opens_the_previous_generation() {
    let d = dir("interrupted");
    let path = d.join("vault.kulcs");
    let keys = FileKeyStore::new(d.join("device.key"));
    let mut v = Vault::create_with(&path, &keys, NOW, VaultOptions::testing()).unwrap();
    v.add(
        Credential::ugyfelkapu("a", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap()),
        NOW,
    )
    .unwrap();
    v.save().unwrap();
    drop(v);
    // The crash window between "current → .1" and "temp → current", with a torn temp file.
    std::fs::rename(&path, d.join("vault.kulcs.1.new")).unwrap();
    std::fs::rename(d.join("vault.kulcs.1"), d.join("vault.kulcs.2")).unwrap();
    std::fs::rename(d.join("vault.kulcs.1.new"), d.join("vault.kulcs.1")).unwrap();
    std::fs::write(d.join("vault.kulcs.tmp"), b"KULCSVLT\x00\x01").unwrap();

    assert!(matches!(
        Vault::open_with(
            &path,
            Unlock::Recovery("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"),
            VaultOptions::testing()
        ),
        Err(VaultError::NoSlotOfKind { .. })
    ));
    let (v, report) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    assert_eq!(v.accounts().len(), 1);
    assert_eq!(
        report.warnings,
        vec![OpenWarning::InterruptedSave {
            opened: d.join("vault.kulcs.1"),
            recovered_new: false
        }]
    );
    drop(v);
    let _ = std::fs::remove_dir_all(&d);
}
