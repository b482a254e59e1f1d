//! The vault's public behaviour: accounts, duplicates, verify, slots, locking, creation rules.

use std::path::PathBuf;

use kulcs_core::credential::Credential;
use kulcs_core::otp::{code_at, OtpParams};
use kulcs_core::secret::Secret;
use kulcs_core::vault::{
    AddOutcome, FileKeyStore, KdfParams, SlotKind, Unlock, Vault, VaultError, VaultOptions,
};

const NOW: u64 = 1_763_700_000_000;

struct Tmp(PathBuf);
impl Tmp {
    fn new(name: &str) -> Tmp {
        let p = std::env::temp_dir().join(format!("kulcs-api-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
    fn vault(&self) -> PathBuf {
        self.0.join("vault.kulcs")
    }
    fn keys(&self) -> FileKeyStore {
        FileKeyStore::new(self.0.join("device.key"))
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn key(b32: &str) -> Secret {
    Secret::parse_base32(b32).unwrap()
}

fn cred(issuer: &str, label: &str, b32: &str) -> Credential {
    Credential {
        issuer: issuer.into(),
        label: label.into(),
        secret: key(b32),
        params: OtpParams::totp_default(),
    }
}

fn new_vault(t: &Tmp) -> Vault {
    Vault::create_with(&t.vault(), &t.keys(), NOW, VaultOptions::testing()).unwrap()
}

#[test]
fn create_add_save_reopen_keeps_everything() {
    let t = Tmp::new("roundtrip");
    let mut v = new_vault(&t);
    let id = v
        .add(
            Credential::ugyfelkapu("kovacs.janos", key("JBSWY3DPEHPK3PXP")),
            NOW,
        )
        .unwrap()
        .id();
    v.set_note(id, Some("törlőkód: 1234-5678"), NOW + 1)
        .unwrap();
    v.set_groups(
        id,
        &["Állam".into(), " állam ".into(), "Család".into()],
        NOW + 2,
    )
    .unwrap();
    v.set_clock_offset(-7).unwrap();
    assert!(matches!(
        v.set_clock_offset(i64::MIN),
        Err(VaultError::ClockOffsetOutOfRange { .. })
    ));
    let other = v
        .add(
            cred("GitHub", "me", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            NOW + 3,
        )
        .unwrap()
        .id();
    v.remove(other, NOW + 4).unwrap();
    v.save().unwrap();
    let before = v.contents().clone();
    drop(v);

    let (v, report) = Vault::open_with(
        &t.vault(),
        Unlock::Device(&t.keys()),
        VaultOptions::testing(),
    )
    .unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(v.contents(), &before);
    let a = v.account(id).unwrap();
    assert_eq!(a.credential.label, "kovacs.janos@ugyfelkapu.gov.hu");
    assert_eq!(a.note.as_ref().unwrap().expose(), "törlőkód: 1234-5678");
    assert_eq!(a.groups, vec!["Állam".to_string(), "Család".to_string()]);
    assert_eq!(v.clock_offset(), -7);
    assert_eq!(v.tombstones().len(), 1);
    assert_eq!(v.tombstones()[0].id, other);
    assert!(a.updated > a.created);
    assert!(v.tombstones()[0].deleted > a.updated);
}

#[test]
fn same_key_is_not_added_twice_and_conflicts_are_reported() {
    let t = Tmp::new("dups");
    let mut v = new_vault(&t);
    let live = key("JBSWY3DPEHPK3PXP");
    let first = v
        .add(Credential::ugyfelkapu("kovacs.janos", live.clone()), NOW)
        .unwrap();
    let AddOutcome::Added(first) = first else {
        panic!("{first:?}")
    };
    // Same key again, even under another name: nothing added.
    let again = v
        .add(cred("Other", "name", "jbsw y3dp ehpk 3pxp"), NOW + 1)
        .unwrap();
    assert_eq!(again, AddOutcome::AlreadyPresent(first));
    assert_eq!(v.accounts().len(), 1);
    // Same name, different key: added, with the conflict named.
    let dead = v
        .add(
            Credential::ugyfelkapu("KOVACS.JANOS@ugyfelkapu.gov.hu ", key("GEZDGNBVGY3TQOJQ")),
            NOW + 2,
        )
        .unwrap();
    let AddOutcome::AddedWithConflict {
        id: second,
        conflicts_with,
    } = dead
    else {
        panic!("{dead:?}")
    };
    assert_eq!(conflicts_with, vec![first]);
    // Same key with different digits is a different credential.
    let mut eight = cred("X", "y", "JBSWY3DPEHPK3PXP");
    eight.params.digits = 8;
    assert!(matches!(
        v.add(eight, NOW + 3).unwrap(),
        AddOutcome::Added(_)
    ));

    let groups = v.duplicates();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].accounts, vec![second, first]);
    assert_eq!(groups[0].newest, second);
}

#[test]
fn verify_says_which_entry_made_the_code() {
    let t = Tmp::new("verify");
    let mut v = new_vault(&t);
    let a = v
        .add(Credential::ugyfelkapu("a", key("JBSWY3DPEHPK3PXP")), NOW)
        .unwrap()
        .id();
    let b = v
        .add(Credential::ugyfelkapu("a", key("GEZDGNBVGY3TQOJQ")), NOW)
        .unwrap()
        .id();
    let unix = 1_763_700_015;
    let prev = code_at(
        &key("GEZDGNBVGY3TQOJQ"),
        &OtpParams::totp_default(),
        unix - 30,
    )
    .unwrap();
    let matches = v.verify(prev.as_str(), unix);
    assert_eq!(matches.len(), 1);
    assert_eq!((matches[0].id, matches[0].step_offset), (b, -1));
    let now = code_at(&key("JBSWY3DPEHPK3PXP"), &OtpParams::totp_default(), unix).unwrap();
    assert_eq!(v.verify(now.as_str(), unix)[0].id, a);
    assert_eq!(v.verify(now.as_str(), unix + 90), vec![]);
    // The clock offset is applied: a phone 90 s behind still verifies.
    v.set_clock_offset(90).unwrap();
    assert_eq!(v.verify(now.as_str(), unix - 90)[0].step_offset, 0);
    assert_eq!(v.code_window(a, unix - 90).unwrap().code, now);
}

#[test]
fn id_prefixes_resolve_uniquely() {
    let t = Tmp::new("prefix");
    let mut v = new_vault(&t);
    let a = v.add(cred("A", "a", "JBSWY3DPEHPK3PXP"), NOW).unwrap().id();
    assert_eq!(v.resolve(&a.to_string()[..6]).unwrap(), a);
    assert_eq!(v.resolve(&a.to_string().to_uppercase()).unwrap(), a);
    assert!(matches!(
        v.resolve("xyz"),
        Err(VaultError::AccountNotFound { .. })
    ));
    for i in 0..40 {
        let c = Credential {
            issuer: "B".into(),
            label: format!("b{i}"),
            secret: Secret::from_bytes(vec![i as u8 + 1; 10]).unwrap(),
            params: OtpParams::totp_default(),
        };
        assert!(matches!(v.add(c, NOW).unwrap(), AddOutcome::Added(_)));
    }
    // With ~37 entries some single hex digit is shared by several ids.
    let ambiguous = "0123456789abcdef".chars().any(|c| {
        matches!(
            v.resolve(&c.to_string()),
            Err(VaultError::AmbiguousId { .. })
        )
    });
    assert!(ambiguous);
}

#[test]
fn slots_passphrase_recovery_and_removal() {
    let t = Tmp::new("slots");
    let mut v = new_vault(&t);
    let id = v.add(cred("A", "a", "JBSWY3DPEHPK3PXP"), NOW).unwrap().id();
    assert!(matches!(
        v.add_passphrase(""),
        Err(VaultError::PassphraseTooShort { min_chars: 8 })
    ));
    assert!(matches!(
        v.add_passphrase("hétbetű"),
        Err(VaultError::PassphraseTooShort { .. })
    ));
    v.add_passphrase("régi jelszó").unwrap();
    let code = v.add_recovery().unwrap();
    v.save().unwrap();
    drop(v);

    let opts = VaultOptions::testing;
    let (mut v, _) =
        Vault::open_with(&t.vault(), Unlock::Passphrase("régi jelszó"), opts()).unwrap();
    assert_eq!(v.accounts()[0].id, id);
    assert!(matches!(
        Vault::open_with(
            &t.vault(),
            Unlock::Passphrase("x"),
            VaultOptions {
                lock_wait: Default::default(),
                ..opts()
            }
        ),
        Err(VaultError::Locked { .. })
    ));
    v.change_passphrase("új jelszó").unwrap();
    let slots = v.slots();
    assert_eq!(
        slots
            .iter()
            .filter(|s| s.kind == SlotKind::Passphrase)
            .count(),
        1
    );
    let device = slots
        .iter()
        .find(|s| s.kind == SlotKind::Device)
        .unwrap()
        .id;
    v.remove_slot(device).unwrap();
    v.save().unwrap();
    drop(v);

    assert!(matches!(
        Vault::open_with(&t.vault(), Unlock::Passphrase("régi jelszó"), opts()),
        Err(VaultError::WrongKeyOrDamaged)
    ));
    assert!(matches!(
        Vault::open_with(&t.vault(), Unlock::Device(&t.keys()), opts()),
        Err(VaultError::NoSlotOfKind {
            kind: SlotKind::Device
        })
    ));
    let shown = code.to_display();
    let (mut v, _) =
        Vault::open_with(&t.vault(), Unlock::Recovery(&shown.to_lowercase()), opts()).unwrap();
    assert_eq!(v.accounts().len(), 1);
    // The last two slots: recovery and passphrase. Removing both is refused at the last one.
    let ids: Vec<_> = v.slots().iter().map(|s| s.id).collect();
    v.remove_slot(ids[0]).unwrap();
    assert!(matches!(v.remove_slot(ids[1]), Err(VaultError::LastSlot)));
    drop(v);
    let (_v, _) = Vault::open_with(&t.vault(), Unlock::Passphrase("új jelszó"), opts()).unwrap();
}

#[test]
fn wrong_passphrase_and_malformed_recovery_code_are_clear() {
    let t = Tmp::new("wrongpw");
    let mut v = new_vault(&t);
    v.add_passphrase("helyes jelszó").unwrap();
    v.save().unwrap();
    drop(v);
    let err = Vault::open_with(
        &t.vault(),
        Unlock::Passphrase("helytelen jelszó"),
        VaultOptions::testing(),
    )
    .unwrap_err();
    assert!(matches!(err, VaultError::WrongKeyOrDamaged));
    assert_eq!(err.to_string(), "wrong key or damaged data");
    let err = Vault::open_with(
        &t.vault(),
        Unlock::Recovery("ABCD-EFGH"),
        VaultOptions::testing(),
    )
    .unwrap_err();
    assert!(
        matches!(err, VaultError::InvalidRecoveryCode { .. }),
        "{err}"
    );
    let err = Vault::open_with(
        &t.vault(),
        Unlock::Recovery("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"),
        VaultOptions::testing(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::NoSlotOfKind {
                kind: SlotKind::Recovery
            }
        ),
        "{err}"
    );
}

#[test]
fn creating_over_an_existing_vault_is_refused() {
    let t = Tmp::new("exists");
    let mut v = new_vault(&t);
    v.add(cred("A", "a", "JBSWY3DPEHPK3PXP"), NOW).unwrap();
    v.save().unwrap();
    drop(v);
    let before = std::fs::read(t.vault()).unwrap();
    assert!(matches!(
        Vault::create_with(&t.vault(), &t.keys(), NOW, VaultOptions::testing()),
        Err(VaultError::AlreadyExists { .. })
    ));
    // Even when only an older generation is left.
    std::fs::rename(t.vault(), t.0.join("vault.kulcs.1")).unwrap();
    assert!(matches!(
        Vault::create_with(&t.vault(), &t.keys(), NOW, VaultOptions::testing()),
        Err(VaultError::AlreadyExists { .. })
    ));
    assert!(Vault::exists(&t.vault()).unwrap());
    assert_eq!(std::fs::read(t.0.join("vault.kulcs.1")).unwrap(), before);
    assert!(matches!(
        Vault::open_with(
            &t.0.join("nothing.kulcs"),
            Unlock::Device(&t.keys()),
            VaultOptions::testing()
        ),
        Err(VaultError::NotFound { .. })
    ));
}

#[test]
fn production_kdf_params_are_the_default() {
    assert_eq!(VaultOptions::default().kdf, KdfParams::DEFAULT);
    assert_eq!(
        KdfParams::DEFAULT,
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1
        }
    );
    assert_ne!(VaultOptions::testing().kdf, KdfParams::DEFAULT);
    // A passphrase slot added with default options records the production parameters.
    let t = Tmp::new("prodkdf");
    let mut v = Vault::create(&t.vault(), &t.keys(), NOW).unwrap();
    v.add_passphrase("production pw").unwrap();
    let kdf = v.slots().into_iter().find_map(|s| s.kdf).unwrap();
    assert_eq!(kdf, KdfParams::DEFAULT);
}

#[test]
fn key_file_is_private_and_missing_key_is_explained() {
    let t = Tmp::new("keyfile");
    let v = new_vault(&t);
    drop(v);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(t.0.join("device.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let mode = std::fs::metadata(t.vault()).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0);
    }
    std::fs::remove_file(t.0.join("device.key")).unwrap();
    let err = Vault::open_with(
        &t.vault(),
        Unlock::Device(&t.keys()),
        VaultOptions::testing(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::KeyStore(kulcs_core::vault::KeyStoreError::KeyMissing { .. })
        ),
        "{err}"
    );
}

#[test]
fn exactly_three_generations_are_kept_and_each_opens() {
    let t = Tmp::new("gens");
    let mut v = new_vault(&t);
    for i in 0..6u8 {
        let c = Credential {
            issuer: "G".into(),
            label: format!("g{i}"),
            secret: Secret::from_bytes(vec![i + 1; 10]).unwrap(),
            params: OtpParams::totp_default(),
        };
        v.add(c, NOW + i as u64).unwrap();
        v.save().unwrap();
    }
    drop(v);
    let names: Vec<String> = {
        let mut n: Vec<String> = std::fs::read_dir(&t.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("vault.kulcs"))
            .collect();
        n.sort();
        n
    };
    assert_eq!(
        names,
        [
            "vault.kulcs",
            "vault.kulcs.1",
            "vault.kulcs.2",
            "vault.kulcs.3",
            "vault.kulcs.lock"
        ]
    );
    // Generation n holds the state n saves ago.
    for (n, expected) in [(0, 6), (1, 5), (2, 4), (3, 3)] {
        let dir = Tmp::new(&format!("gen{n}"));
        let src = if n == 0 {
            t.vault()
        } else {
            t.0.join(format!("vault.kulcs.{n}"))
        };
        std::fs::copy(src, dir.vault()).unwrap();
        std::fs::copy(t.0.join("device.key"), dir.0.join("device.key")).unwrap();
        let (v, _) = Vault::open_with(
            &dir.vault(),
            Unlock::Device(&dir.keys()),
            VaultOptions::testing(),
        )
        .unwrap();
        assert_eq!(v.accounts().len(), expected, "generation {n}");
    }
}

/// A key store shaped like Android Keystore / iOS Keychain: the key never leaves it, and the
/// user can cancel the biometric prompt.
struct PlatformLike {
    key: [u8; 32],
    cancel: std::sync::atomic::AtomicBool,
}

impl kulcs_core::vault::KeyStore for PlatformLike {
    fn wrap(
        &self,
        _key_id: &str,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, kulcs_core::vault::KeyStoreError> {
        // Not real crypto: an opaque, reversible blob is all the trait needs for this test.
        let mut out: Vec<u8> = plaintext
            .iter()
            .zip(self.key.iter().cycle())
            .map(|(p, k)| p ^ k)
            .collect();
        out.reverse();
        Ok(out)
    }
    fn unwrap(
        &self,
        _key_id: &str,
        wrapped: &[u8],
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, kulcs_core::vault::KeyStoreError> {
        if self.cancel.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(kulcs_core::vault::KeyStoreError::Cancelled);
        }
        let fwd: Vec<u8> = wrapped.iter().rev().copied().collect();
        Ok(zeroize::Zeroizing::new(
            fwd.iter()
                .zip(self.key.iter().cycle())
                .map(|(p, k)| p ^ k)
                .collect(),
        ))
    }
}

#[test]
fn platform_key_stores_plug_in_and_cancellation_is_not_damage() {
    let t = Tmp::new("platform");
    let ks = PlatformLike {
        key: [0x5a; 32],
        cancel: Default::default(),
    };
    let mut v = Vault::create_with(&t.vault(), &ks, NOW, VaultOptions::testing()).unwrap();
    v.add(cred("A", "a", "JBSWY3DPEHPK3PXP"), NOW).unwrap();
    v.save().unwrap();
    v.save().unwrap();
    drop(v);
    let (v, _) =
        Vault::open_with(&t.vault(), Unlock::Device(&ks), VaultOptions::testing()).unwrap();
    assert_eq!(v.accounts().len(), 1);
    drop(v);
    ks.cancel.store(true, std::sync::atomic::Ordering::SeqCst);
    let err =
        Vault::open_with(&t.vault(), Unlock::Device(&ks), VaultOptions::testing()).unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::KeyStore(kulcs_core::vault::KeyStoreError::Cancelled)
        ),
        "{err:?}"
    );
    // A different platform key is a wrong key, not a reason to open an older copy.
    let other = PlatformLike {
        key: [0x11; 32],
        cancel: Default::default(),
    };
    let err =
        Vault::open_with(&t.vault(), Unlock::Device(&other), VaultOptions::testing()).unwrap_err();
    assert!(matches!(err, VaultError::WrongKeyOrDamaged), "{err:?}");
}

#[test]
fn vault_types_can_cross_threads_for_the_bindings() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Vault>();
    send_sync::<VaultError>();
    send_sync::<FileKeyStore>();
    send_sync::<kulcs_core::account::Account>();
}

/// Opens a copy of one file (generation) of `t`'s vault on its own.
fn open_copy(t: &Tmp, file: &str, unlock_pw: Option<&str>) -> Result<usize, VaultError> {
    let dir = Tmp::new(&format!("copy-{file}-{}", unlock_pw.unwrap_or("dev").len()));
    std::fs::copy(t.0.join(file), dir.vault()).unwrap();
    std::fs::copy(t.0.join("device.key"), dir.0.join("device.key")).unwrap();
    let keys = dir.keys();
    let unlock = match unlock_pw {
        Some(p) => Unlock::Passphrase(p),
        None => Unlock::Device(&keys),
    };
    Vault::open_with(&dir.vault(), unlock, VaultOptions::testing()).map(|(v, _)| v.accounts().len())
}

#[test]
fn a_retired_passphrase_opens_no_generation_but_history_is_kept() {
    let t = Tmp::new("retire");
    let mut v = new_vault(&t);
    v.add_passphrase("régi jelszó 1").unwrap();
    for i in 0..4u8 {
        let c = Credential {
            issuer: "R".into(),
            label: format!("r{i}"),
            secret: Secret::from_bytes(vec![i + 1; 10]).unwrap(),
            params: OtpParams::totp_default(),
        };
        v.add(c, NOW + i as u64).unwrap();
        v.save().unwrap();
    }
    // Before: the generations open with the old passphrase.
    assert_eq!(
        open_copy(&t, "vault.kulcs.2", Some("régi jelszó 1")).unwrap(),
        2
    );
    v.change_passphrase("új jelszó 12").unwrap();
    v.save().unwrap();
    drop(v);
    for (file, accounts) in [
        ("vault.kulcs", 4),
        ("vault.kulcs.1", 4),
        ("vault.kulcs.2", 3),
        ("vault.kulcs.3", 2),
    ] {
        assert!(
            matches!(
                open_copy(&t, file, Some("régi jelszó 1")),
                Err(VaultError::WrongKeyOrDamaged)
            ),
            "{file} still opens with the old passphrase"
        );
        assert_eq!(
            open_copy(&t, file, Some("új jelszó 12")).unwrap(),
            accounts,
            "{file}"
        );
        assert_eq!(open_copy(&t, file, None).unwrap(), accounts, "{file}");
    }
}

/// A stale `<vault>.tmp` left world-readable (a crash, another tool) must not lend its mode to the
/// vault: the save writes a fresh private temp file instead of truncating the old one.
#[cfg(unix)]
#[test]
fn a_stale_world_readable_temp_file_never_becomes_the_vault() {
    use std::os::unix::fs::PermissionsExt;
    let t = Tmp::new("staletmp");
    let mut v = new_vault(&t);
    let tmp = t.0.join("vault.kulcs.tmp");
    std::fs::write(&tmp, b"stale").unwrap();
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644)).unwrap();
    v.add(cred("Bank", "alice", "JBSWY3DPEHPK3PXP"), NOW)
        .unwrap();
    v.save().unwrap();
    let mode = std::fs::metadata(t.vault()).unwrap().permissions().mode();
    assert_eq!(
        mode & 0o077,
        0,
        "vault mode {:o} after a stale temp file",
        mode & 0o777
    );
}

#[test]
fn a_passphrase_only_vault_has_one_slot_and_refuses_a_short_passphrase() {
    // The browser's vault (issue 16): no device key store, so the passphrase is the only slot.
    let t = Tmp::new("pwonly");
    assert!(matches!(
        Vault::create_with_passphrase(&t.vault(), "rövid", NOW, VaultOptions::testing()),
        Err(VaultError::PassphraseTooShort { min_chars: 8 })
    ));
    assert!(
        !Vault::exists(&t.vault()).unwrap(),
        "a refused create leaves nothing"
    );
    let mut v =
        Vault::create_with_passphrase(&t.vault(), "csak jelszó", NOW, VaultOptions::testing())
            .unwrap();
    let kinds: Vec<_> = v.slots().iter().map(|s| s.kind).collect();
    assert_eq!(kinds, vec![SlotKind::Passphrase]);
    let id = v.add(cred("A", "a", "JBSWY3DPEHPK3PXP"), NOW).unwrap().id();
    v.save().unwrap();
    drop(v);
    let (v, _) = Vault::open_with(
        &t.vault(),
        Unlock::Passphrase("csak jelszó"),
        VaultOptions::testing(),
    )
    .unwrap();
    assert_eq!(v.accounts()[0].id, id);
    drop(v);
    assert!(matches!(
        Vault::open_with(
            &t.vault(),
            Unlock::Device(&t.keys()),
            VaultOptions::testing()
        ),
        Err(VaultError::NoSlotOfKind {
            kind: SlotKind::Device
        })
    ));
    assert!(matches!(
        Vault::create_with_passphrase(&t.vault(), "csak jelszó", NOW, VaultOptions::testing()),
        Err(VaultError::AlreadyExists { .. })
    ));
}
