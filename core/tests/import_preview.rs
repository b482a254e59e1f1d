//! The import preview (`Vault::import_preview`): per entry of a file, added, added beside an
//! entry of the same name, already present (naming the vault's entry), repeated in the file,
//! or not importable with its reason; and it changes nothing.

use kulcs_core::import::{self, NotImportableReason};
use kulcs_core::vault::{FileKeyStore, PreviewAction, Vault, VaultOptions};

const NOW: u64 = 1_763_700_000_000;

struct Tmp(std::path::PathBuf);
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn vault(name: &str) -> (Tmp, Vault) {
    let p = std::env::temp_dir().join(format!("kulcs-preview-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    let keys = FileKeyStore::new(p.join("device.key"));
    let v =
        Vault::create_with(&p.join("vault.kulcs"), &keys, NOW, VaultOptions::testing()).unwrap();
    (Tmp(p), v)
}

const FILE: &str = "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno
otpauth://totp/SPDX:James?secret=5OM4WOOGPLQEF6UGN3CPEOOLWU&issuer=SPDX
otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno
otpauth://totp/Airbnb:Elijah?secret=7ELGJSGXNCCTV3O6LKJWYFV2RA&issuer=Airbnb
otpauth://yandex/Y:Z?secret=7ELGJSGXNCCTV3O6LKJWYFV2RA
";

#[test]
fn each_entry_says_what_importing_it_would_do() {
    let (_t, mut v) = vault("rows");
    // Already here under another name: the same key and settings.
    let here = import::read(
        b"otpauth://totp/Old%20Deno:me?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Old%20Deno\n",
        None,
    )
    .unwrap();
    let deno = v.add_imported(&here.accounts[0], NOW).unwrap().id();
    // Same name as the file's Airbnb entry, another key.
    let other = import::read(
        b"otpauth://totp/Airbnb:Elijah?secret=JBSWY3DPEHPK3PXP&issuer=Airbnb\n",
        None,
    )
    .unwrap();
    let airbnb = v.add_imported(&other.accounts[0], NOW).unwrap().id();
    let before = v.accounts().len();

    let file = import::read(FILE.as_bytes(), None).unwrap();
    let p = v.import_preview(&file);
    let actions: Vec<_> = p
        .rows
        .iter()
        .map(|r| (r.name.as_str(), &r.action))
        .collect();
    assert_eq!(actions.len(), 5, "{actions:?}");
    assert_eq!(
        actions[0],
        (
            "Deno (Mason)",
            &PreviewAction::AlreadyPresent {
                id: deno,
                name: "Old Deno (me)".into()
            }
        )
    );
    assert_eq!(actions[1], ("SPDX (James)", &PreviewAction::Add));
    // Already present wins over repeated: the vault's entry is named.
    assert!(matches!(actions[2].1, PreviewAction::AlreadyPresent { .. }));
    assert_eq!(
        actions[3],
        (
            "Airbnb (Elijah)",
            &PreviewAction::AddBesideSameName {
                existing: vec![airbnb]
            }
        )
    );
    assert!(
        matches!(
            actions[4].1,
            PreviewAction::NotImportable(NotImportableReason::BadUri(_))
        ),
        "{actions:?}"
    );
    assert_eq!(p.to_add(), 2);
    assert_eq!(v.accounts().len(), before, "the preview adds nothing");
}

#[test]
fn a_key_twice_in_one_file_is_added_once() {
    let (_t, v) = vault("repeat");
    let file = import::read(FILE.as_bytes(), None).unwrap();
    let p = v.import_preview(&file);
    assert_eq!(p.rows[0].action, PreviewAction::Add);
    assert_eq!(p.rows[2].action, PreviewAction::RepeatedInFile);
    assert_eq!(p.to_add(), 3);
}
