//! Upgrade: the committed format-1 vault `tests/fixtures/vault-v1.kulcs` must keep opening.
//!
//! Its keys (test-only, public on purpose):
//! - device slot: the desktop key file `tests/fixtures/vault-v1.device.key`
//!   (key id `kulcs-vault-device-key-v1`);
//! - passphrase slot: `Kulcs fixture v1 jelszó` (Argon2id 19 MiB / 2 passes / 1 lane);
//! - recovery slot: `P6DI-3FE3-UKU3-BN56-YXGN-HWXB-5DX7-MAQJ`.
//!
//! The fixture is never regenerated: if this test fails, the reader broke compatibility.
//! (It was written once by `write_fixture` below, which is ignored.)

use crate::support::vault_files::private;
use std::path::{Path, PathBuf};

use kulcs_core::credential::Credential;
use kulcs_core::otp::{OtpKind, OtpParams};
use kulcs_core::random::FixedRng;
use kulcs_core::secret::Secret;
use kulcs_core::vault::internals::format;
use kulcs_core::vault::{
    unseal_data_key, FileKeyStore, SlotKind, Unlock, Vault, VaultError, VaultOptions,
};

const PASSPHRASE: &str = "Kulcs fixture v1 jelszó";
const RECOVERY: &str = "P6DI-3FE3-UKU3-BN56-YXGN-HWXB-5DX7-MAQJ";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// Copies the fixture into a scratch directory (opening takes a lock file beside it).
fn scratch(name: &str) -> (PathBuf, PathBuf) {
    let d = std::env::temp_dir().join(format!("kulcs-upgrade-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::copy(fixtures().join("vault-v1.kulcs"), d.join("vault.kulcs")).unwrap();
    std::fs::copy(fixtures().join("vault-v1.device.key"), d.join("device.key")).unwrap();
    // A checkout gives the fixture the umask's mode; a key file others can read is refused.
    private(&d.join("device.key"));
    (d.join("vault.kulcs"), d)
}

fn check(v: &Vault) {
    let accounts = v.accounts();
    assert_eq!(accounts.len(), 3);
    let uk = &accounts[0];
    assert_eq!(uk.id.to_string(), "b4bbc2c9d0d7dee5ecf3fa060d141b22");
    assert_eq!(uk.credential.issuer, "Ügyfélkapu+");
    assert_eq!(uk.credential.label, "kovacs.janos@ugyfelkapu.gov.hu");
    assert_eq!(
        uk.credential.secret.to_base32().as_str(),
        "JBSWY3DPEHPK3PXP"
    );
    assert_eq!(uk.credential.params, OtpParams::totp_default());
    assert_eq!(uk.note.as_ref().unwrap().expose(), "törlőkód: 1234-5678");
    assert_eq!(uk.groups, vec!["Állam".to_string()]);
    // The code it shows at a fixed time (RFC 6238 arithmetic, checked by otp tests).
    assert_eq!(
        v.code_window(uk.id, 1_763_700_000).unwrap().code.as_str(),
        {
            let c = kulcs_core::otp::code_at(
                &Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
                &OtpParams::totp_default(),
                1_763_700_000 + 5,
            )
            .unwrap();
            c.as_str().to_string()
        }
    );
    assert_eq!(accounts[1].credential.params.kind, OtpKind::Hotp);
    assert_eq!(accounts[1].credential.params.counter, 42);
    assert_eq!(accounts[2].credential.params.kind, OtpKind::Steam);
    assert_eq!(v.tombstones().len(), 1);
    assert_eq!(v.clock_offset(), 5);
    assert_eq!(v.duplicates().len(), 0);
}

#[test]
fn version_1_fixture_opens_with_every_slot() {
    let (path, d) = scratch("all");
    let keys = FileKeyStore::new(d.join("device.key"));
    let (v, report) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    assert!(report.warnings.is_empty());
    check(&v);
    drop(v);
    let (v, _) = Vault::open_with(
        &path,
        Unlock::Passphrase(PASSPHRASE),
        VaultOptions::testing(),
    )
    .unwrap();
    check(&v);
    drop(v);
    let (mut v, _) =
        Vault::open_with(&path, Unlock::Recovery(RECOVERY), VaultOptions::testing()).unwrap();
    check(&v);
    // Writing it back with this version keeps it readable.
    v.save().unwrap();
    drop(v);
    let (v, _) = Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    check(&v);
    drop(v);
    let _ = std::fs::remove_dir_all(&d);
}

fn legacy_kinds(v: &Vault) -> Vec<SlotKind> {
    v.slots()
        .into_iter()
        .filter(|s| s.legacy)
        .map(|s| s.kind)
        .collect()
}

fn file_version(path: &Path) -> u16 {
    let bytes = std::fs::read(path).unwrap();
    format::parse(&bytes, path).unwrap().header.version
}

/// Opens with every slot kind and checks the contents.
fn opens_every_way(path: &Path, keys: &FileKeyStore) {
    for unlock in [
        Unlock::Device(keys),
        Unlock::Passphrase(PASSPHRASE),
        Unlock::Recovery(RECOVERY),
    ] {
        let (v, _) = Vault::open_with(path, unlock, VaultOptions::testing())
            .unwrap_or_else(|e| panic!("{unlock:?}: {e}"));
        check(&v);
    }
}

/// The upgrade path: each format-1 slot is converted when it opens the vault (its secret is
/// at hand); until every remaining slot is converted, retiring a slot is refused with a typed
/// error naming the slots that block it, and nothing is dropped.
#[test]
fn version_1_fixture_upgrades_slot_by_slot_and_rotation_waits_for_it() {
    let (path, d) = scratch("convert");
    let keys = FileKeyStore::new(d.join("device.key"));
    assert_eq!(file_version(&path), 1);

    let (mut v, _) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    assert_eq!(
        legacy_kinds(&v),
        vec![SlotKind::Passphrase, SlotKind::Recovery]
    );
    assert!(
        v.is_dirty(),
        "the conversion must be written by the next save"
    );
    let recovery_id = v
        .slots()
        .into_iter()
        .find(|s| s.kind == SlotKind::Recovery)
        .unwrap()
        .id;
    let passphrase_id = v
        .slots()
        .into_iter()
        .find(|s| s.kind == SlotKind::Passphrase)
        .unwrap()
        .id;
    // Changing the passphrase would leave the legacy recovery slot on the old key: refused,
    // naming it, and nothing changes.
    match v.change_passphrase("új jelszó 12") {
        Err(VaultError::SlotsNeedRecreating { ids }) => assert_eq!(ids, vec![recovery_id]),
        other => panic!("{other:?}"),
    }
    assert_eq!(v.slots().len(), 3);
    match v.remove_slot(recovery_id) {
        Err(VaultError::SlotsNeedRecreating { ids }) => assert_eq!(ids, vec![passphrase_id]),
        other => panic!("{other:?}"),
    }
    v.save().unwrap();
    drop(v);
    assert_eq!(file_version(&path), 2);
    opens_every_way(&path, &keys);

    // Opening with the passphrase and the recovery code converts those too.
    for unlock in [Unlock::Passphrase(PASSPHRASE), Unlock::Recovery(RECOVERY)] {
        let (mut v, _) = Vault::open_with(&path, unlock, VaultOptions::testing()).unwrap();
        v.save().unwrap();
    }
    opens_every_way(&path, &keys);
    let (mut v, _) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    assert!(legacy_kinds(&v).is_empty(), "{:?}", v.slots());

    // Now rotation works, and the fixture's original data key opens nothing any more.
    let original = std::fs::read(fixtures().join("vault-v1.kulcs")).unwrap();
    let k0 = unseal_data_key(&original, &path, Unlock::Passphrase(PASSPHRASE)).unwrap();
    v.change_passphrase("új jelszó 12").unwrap();
    v.save().unwrap();
    drop(v);
    for n in [
        "vault.kulcs",
        "vault.kulcs.1",
        "vault.kulcs.2",
        "vault.kulcs.3",
    ] {
        let p = d.join(n);
        if let Ok(bytes) = std::fs::read(&p) {
            let parsed = format::parse(&bytes, &p).unwrap();
            assert!(format::open(&parsed, &k0).is_err(), "{n}");
        }
    }
    let (v, _) = Vault::open_with(
        &path,
        Unlock::Passphrase("új jelszó 12"),
        VaultOptions::testing(),
    )
    .unwrap();
    check(&v);
    drop(v);
    let _ = std::fs::remove_dir_all(&d);
}

/// The explicit way out when a legacy slot's secret is gone: the shell asks, then drops them.
#[test]
fn legacy_slots_are_dropped_only_when_asked() {
    let (path, d) = scratch("drop");
    let keys = FileKeyStore::new(d.join("device.key"));
    let (mut v, _) =
        Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    let dropped = v.drop_slots_needing_recreation().unwrap();
    assert_eq!(dropped.len(), 2);
    v.save().unwrap();
    drop(v);
    assert!(matches!(
        Vault::open_with(
            &path,
            Unlock::Passphrase(PASSPHRASE),
            VaultOptions::testing()
        ),
        Err(VaultError::NoSlotOfKind { .. })
    ));
    let (v, _) = Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    check(&v);
    drop(v);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
#[ignore = "writes the fixture; run once, by hand, never to 'fix' a failing upgrade test"]
fn write_fixture() {
    let d = std::env::temp_dir().join(format!("kulcs-fixture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let path = d.join("vault.kulcs");
    // Deterministic randomness: every id, key, salt and nonce is reproducible.
    let bytes: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(7).wrapping_add(11) % 251) as u8)
        .collect();
    let rng = std::sync::Arc::new(FixedRng::new(bytes));
    let keys = FileKeyStore::with_rng(
        d.join("device.key"),
        Box::new(FixedRng::new((100u8..200).collect())),
    );
    let opts = VaultOptions {
        rng: rng.clone(),
        ..VaultOptions::testing()
    };
    let mut v = Vault::create_with(&path, &keys, 1_763_700_000_000, opts).unwrap();
    let t = 1_763_700_000_000;
    let uk = v
        .add(
            Credential::ugyfelkapu(
                "kovacs.janos",
                Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
            ),
            t,
        )
        .unwrap()
        .id();
    v.set_note(uk, Some("törlőkód: 1234-5678"), t + 1).unwrap();
    v.set_groups(uk, &["Állam".into()], t + 2).unwrap();
    v.add(
        Credential {
            issuer: "Example".into(),
            label: "hotp".into(),
            secret: Secret::parse_base32("GEZDGNBVGY3TQOJQ").unwrap(),
            params: OtpParams::hotp(42),
        },
        t + 3,
    )
    .unwrap();
    v.add(
        Credential {
            issuer: "Steam".into(),
            label: "gamer".into(),
            secret: Secret::parse_base32("MFRGGZDFMZTWQ2LK").unwrap(),
            params: OtpParams::steam(),
        },
        t + 4,
    )
    .unwrap();
    let gone = v
        .add(
            Credential {
                issuer: "Old".into(),
                label: "gone".into(),
                secret: Secret::parse_base32("ONSWG4TFOQ").unwrap(),
                params: OtpParams::totp_default(),
            },
            t + 5,
        )
        .unwrap()
        .id();
    v.remove(gone, t + 6).unwrap();
    v.set_clock_offset(5).unwrap();
    v.add_passphrase(PASSPHRASE).unwrap();
    eprintln!(
        "recovery code: {}",
        v.add_recovery().unwrap().to_display().as_str()
    );
    v.save().unwrap();
    drop(v);
    std::fs::copy(&path, fixtures().join("vault-v1.kulcs")).unwrap();
    std::fs::copy(d.join("device.key"), fixtures().join("vault-v1.device.key")).unwrap();
    let _ = std::fs::remove_dir_all(&d);
}
