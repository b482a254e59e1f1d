//! A device that is invited again into the group it is in (after being removed, or a second
//! `--sync` transfer) takes the new membership: it syncs again, and no stale member is left.

use kulcs_core::credential::Credential;
use kulcs_core::exchange::{bundle_from_vault, import_and_join, sync_invite_for_new_device};
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::{self, SyncError};
use kulcs_core::vault::Vault;

use crate::support::sync_dirs::SyncDirs;

const NOW: u64 = 1_763_700_000_000;

fn cred(label: &str, key: &str) -> Credential {
    Credential::ugyfelkapu(label, Secret::parse_base32(key).unwrap())
}

/// A sends everything to B with a sync invitation, the way `kulcs transfer send --sync` does.
fn send_with_sync(a: &mut Vault, b: &mut Vault, now: u64, rng: &SeededRandom) {
    let invite = sync_invite_for_new_device(a, "laptop", now, rng).unwrap();
    let bundle = bundle_from_vault(a, None, Some(invite));
    import_and_join(b, &bundle, false, "phone", now + 1, rng).unwrap();
}

/// A, then B, then A again, so each has merged the other's newest replica.
fn round(t: &SyncDirs, a: &mut Vault, b: &mut Vault, at: u64, rng: &SeededRandom) {
    sync::sync_now(&t.shared(), a, at, rng).unwrap();
    sync::sync_now(&t.shared(), b, at + 1, rng).expect("B syncs");
    sync::sync_now(&t.shared(), a, at + 2, rng).unwrap();
}

fn names(v: &Vault) -> Vec<String> {
    let mut n: Vec<String> = sync::vault_members(v)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    n.sort();
    n
}

fn labels(v: &Vault) -> Vec<String> {
    let mut l: Vec<String> = v
        .accounts()
        .iter()
        .map(|a| a.credential.label.clone())
        .collect();
    l.sort();
    l
}

#[test]
fn a_removed_device_invited_again_syncs_again() {
    let t = SyncDirs::new("rejoin", "removed");
    let rng = SeededRandom::new(b"rejoin-removed");
    let (mut a, mut b) = (t.vault("a"), t.vault("b"));
    a.add(cred("kovacs.janos", "JBSWY3DPEHPK3PXP"), NOW)
        .unwrap();
    send_with_sync(&mut a, &mut b, NOW, &rng);
    round(&t, &mut a, &mut b, NOW + 10, &rng);
    assert_eq!(names(&a), ["laptop", "phone"]);

    // The phone was thought lost and removed; then it is found and sent to again.
    let phone = sync::vault_members(&a)
        .unwrap()
        .into_iter()
        .find(|m| !m.this_device)
        .unwrap();
    sync::remove_vault_member(&mut a, phone.device, &rng).unwrap();
    sync::sync_now(&t.shared(), &mut a, NOW + 30, &rng).unwrap();
    assert_eq!(
        sync::sync_now(&t.shared(), &mut b, NOW + 40, &rng).unwrap_err(),
        SyncError::Removed
    );
    send_with_sync(&mut a, &mut b, NOW + 50, &rng);
    round(&t, &mut a, &mut b, NOW + 60, &rng);

    // An account added on the laptop reaches the phone again.
    a.add(cred("nagy.anna", "GEZDGNBVGY3TQOJQ"), NOW + 80)
        .unwrap();
    round(&t, &mut a, &mut b, NOW + 90, &rng);
    assert_eq!(labels(&b), labels(&a));
    assert_eq!(names(&a), ["laptop", "phone"]);
    assert_eq!(names(&b), ["laptop", "phone"]);
}

#[test]
fn a_second_sync_transfer_leaves_no_stale_member() {
    let t = SyncDirs::new("rejoin", "twice");
    let rng = SeededRandom::new(b"rejoin-twice");
    let (mut a, mut b) = (t.vault("a"), t.vault("b"));
    a.add(cred("kovacs.janos", "JBSWY3DPEHPK3PXP"), NOW)
        .unwrap();
    send_with_sync(&mut a, &mut b, NOW, &rng);
    round(&t, &mut a, &mut b, NOW + 10, &rng);

    // The user runs the same `--sync` transfer once more (unsure the first one worked).
    send_with_sync(&mut a, &mut b, NOW + 30, &rng);
    for at in [40, 50, 60] {
        round(&t, &mut a, &mut b, NOW + at, &rng);
    }
    assert_eq!(names(&a), ["laptop", "phone"], "one phone, not two");
    assert_eq!(names(&b), ["laptop", "phone"]);
    a.add(cred("nagy.anna", "GEZDGNBVGY3TQOJQ"), NOW + 80)
        .unwrap();
    round(&t, &mut a, &mut b, NOW + 90, &rng);
    assert_eq!(labels(&b), labels(&a));
}
