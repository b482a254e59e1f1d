//! Unit tests of creating and opening: refusing to replace, not-found, wrong keys, fallback.

use super::super::test_support::{ugyfelkapu, Scratch, NOW, RFC_KEY};
use super::*;

#[test]
fn create_makes_a_saved_vault_and_refuses_to_replace_one() {
    let s = Scratch::new("open-create");
    assert!(!Vault::exists(&s.path()).unwrap());
    let v = s.create();
    assert!(Vault::exists(&s.path()).unwrap());
    assert!(!v.is_dirty());
    drop(v);
    let again = Vault::create_with(&s.path(), &s.keys, NOW, VaultOptions::testing());
    assert!(matches!(again, Err(VaultError::AlreadyExists { path }) if path == s.path()));
}

#[test]
fn opening_nothing_is_not_found() {
    let s = Scratch::new("open-missing");
    assert!(matches!(
        s.open(Unlock::Device(&s.keys)),
        Err(VaultError::NotFound { path }) if path == s.path()
    ));
}

#[test]
fn the_device_key_opens_what_was_saved_without_warnings() {
    let s = Scratch::new("open-device");
    let mut v = s.create();
    let device = v.device_id();
    let id = v.add(ugyfelkapu("a", RFC_KEY), NOW).unwrap().id();
    v.save().unwrap();
    drop(v);
    let (v, report) = s.open_device();
    assert_eq!(report.opened, s.path());
    assert!(report.warnings.is_empty());
    assert_eq!(v.device_id(), device);
    assert!(v.account(id).is_some());
}

#[test]
fn a_wrong_passphrase_or_a_missing_slot_kind_opens_nothing() {
    let s = Scratch::new("open-wrong");
    let mut v = s.create();
    v.add_passphrase("correct horse battery").unwrap();
    v.save().unwrap();
    drop(v);
    assert!(matches!(
        s.open(Unlock::Passphrase("wrong horse battery")),
        Err(VaultError::WrongKeyOrDamaged)
    ));
    let code = RecoveryCode::from_bytes([7; 20]).to_display();
    assert!(matches!(
        s.open(Unlock::Recovery(&code)),
        Err(VaultError::NoSlotOfKind {
            kind: SlotKind::Recovery
        })
    ));
}

#[test]
fn a_damaged_newest_file_falls_back_to_the_previous_generation() {
    let s = Scratch::new("open-fallback");
    let mut v = s.create();
    v.add(ugyfelkapu("a", RFC_KEY), NOW).unwrap();
    v.save().unwrap();
    drop(v);
    let mut bytes = std::fs::read(s.path()).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    std::fs::write(s.path(), &bytes).unwrap();
    let (v, report) = s.open_device();
    let older = store::generation_path(&s.path(), 1);
    assert_eq!(report.opened, older);
    assert!(matches!(
        report.warnings.as_slice(),
        [OpenWarning::NewestUnreadable { generations_back: 1, opened, .. }] if *opened == older
    ));
    assert!(v.accounts().is_empty(), "the older copy predates the add");
}

#[test]
fn unseal_data_key_gives_the_key_the_open_vault_holds() {
    let s = Scratch::new("open-unseal");
    let v = s.create();
    let key = v.data_key.clone();
    drop(v);
    let bytes = std::fs::read(s.path()).unwrap();
    let unsealed = unseal_data_key(&bytes, &s.path(), Unlock::Device(&s.keys)).unwrap();
    assert_eq!(*unsealed, *key);
}
