//! Per-field merge between real vaults (issue 11, deliverable 1): concurrent edits of different
//! fields both survive, the same field keeps the loser as a visible conflict, HOTP counters take
//! the maximum, and the report names what changed.

use std::path::PathBuf;

use kulcs_core::credential::Credential;
use kulcs_core::exchange::{bundle_from_vault, import_into_vault};
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::{self, SyncGroup, SyncState};
use kulcs_core::vault::{FileKeyStore, Vault, VaultOptions};

const NOW: u64 = 1_763_700_000_000;

struct Tmp(PathBuf);
impl Tmp {
    fn new(name: &str) -> Tmp {
        let p = std::env::temp_dir().join(format!("kulcs-fields-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        for d in ["a", "b", "shared"] {
            std::fs::create_dir_all(p.join(d)).unwrap();
        }
        Tmp(p)
    }
    fn vault(&self, who: &str) -> Vault {
        let keys = FileKeyStore::new(self.0.join(who).join("device.key"));
        Vault::create_with(
            &self.0.join(who).join("vault.kulcs"),
            &keys,
            NOW,
            VaultOptions::testing(),
        )
        .unwrap()
    }
    fn shared(&self) -> PathBuf {
        self.0.join("shared")
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Device B joins A's group through a `--sync` transfer of A's one account.
fn pair(t: &Tmp, cred: Credential) -> (Vault, SyncState, Vault, SyncState) {
    let rng = SeededRandom::new(b"pair");
    let mut a = t.vault("a");
    a.add(cred, NOW).unwrap();
    let group = SyncGroup::generate(&rng).unwrap();
    let bundle = bundle_from_vault(&a, None, Some(&group));
    let mut b = t.vault("b");
    import_into_vault(&mut b, &bundle, NOW + 10).unwrap();
    let sa = SyncState::new(group, a.device_id());
    let sb = SyncState::new(
        SyncGroup::from_invite(bundle.sync.as_ref().unwrap()),
        b.device_id(),
    );
    (a, sa, b, sb)
}

fn ugyfelkapu() -> Credential {
    Credential::ugyfelkapu("anna", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap())
}

#[test]
fn a_note_and_a_concurrent_rename_both_survive_on_both_devices() {
    let t = Tmp::new("note-rename");
    let rng = SeededRandom::new(b"sync");
    let (mut a, mut sa, mut b, mut sb) = pair(&t, ugyfelkapu());
    let id = a.accounts()[0].id;
    a.set_note(id, Some("törlőkód: ANNA-1111"), NOW + 100)
        .unwrap();
    b.rename(id, "Ügyfélkapu+", "anna.kovacs", NOW + 110)
        .unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 200, &rng).unwrap();
    let rb = sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 210, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 220, &rng).unwrap();
    for v in [&a, &b] {
        let acc = &v.accounts()[0];
        assert_eq!(
            acc.note.as_ref().map(|n| n.expose()),
            Some("törlőkód: ANNA-1111"),
            "the note was lost"
        );
        assert_eq!(acc.credential.label, "anna.kovacs", "the rename was lost");
    }
    assert_eq!(a.accounts(), b.accounts());
    // B's report names the account and the field that changed there.
    let changed = &rb.changes.changed;
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].name, "Ügyfélkapu+ (anna.kovacs)");
    assert_eq!(changed[0].fields, vec![kulcs_core::account::Field::Note]);
    assert!(rb.changes.conflicts.is_empty());
}
