//! Devices are members, not key holders (issue 11): replicas are signed by their device and
//! checked against the member list, a removed device reads nothing newer, nothing identifying
//! is in clear, sizes are padded, and format-1 groups upgrade without losing an account.

use kulcs_core::credential::Credential;
use kulcs_core::exchange::{bundle_from_vault, import_into_vault};
use kulcs_core::hlc::{DeviceId, Hlc};
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::{self, envelope, replica, Replica, ReplicaData, SyncTombstone};
use kulcs_core::sync::{SyncError, SyncGroup, SyncState};
use kulcs_core::vault::Vault;

use crate::support::sync_dirs::SyncDirs;

const NOW: u64 = 1_763_700_000_000;

/// The names of the files in the shared folder, sorted.
fn files(t: &SyncDirs) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(t.shared())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn cred(label: &str, key: &str) -> Credential {
    Credential::ugyfelkapu(label, Secret::parse_base32(key).unwrap())
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

struct Dev {
    vault: Vault,
    state: SyncState,
}

impl Dev {
    fn sync(&mut self, t: &SyncDirs, now: u64, rng: &SeededRandom) -> sync::SyncReport {
        sync::sync_vault(&t.shared(), &mut self.vault, &mut self.state, now, rng).unwrap()
    }
}

/// A creates a group and adds `others` through transfers, as `transfer send --sync` does.
fn group(t: &SyncDirs, others: &[&str], rng: &SeededRandom) -> Vec<Dev> {
    let mut a = t.vault("a");
    a.add(cred("kovacs.janos", "JBSWY3DPEHPK3PXP"), NOW)
        .unwrap();
    a.add(cred("nagy.anna", "GEZDGNBVGY3TQOJQ"), NOW + 1)
        .unwrap();
    let mut sa = SyncState::create_group(a.device_id(), "laptop", NOW, rng).unwrap();
    sa.remember(a.accounts());
    let mut devs = Vec::new();
    for who in others {
        let invite = sa.invite_device("new", NOW, rng).unwrap();
        let bundle = bundle_from_vault(&a, None, Some(invite));
        let mut v = t.vault(who);
        import_into_vault(&mut v, &bundle, NOW + 10).unwrap();
        let mut s = SyncState::join(bundle.sync.as_ref().unwrap(), v.device_id(), who).unwrap();
        s.remember(v.accounts());
        devs.push(Dev { vault: v, state: s });
    }
    devs.insert(
        0,
        Dev {
            vault: a,
            state: sa,
        },
    );
    devs
}

/// Writes `r` sealed for the epoch of `signer`'s state and signed with its keys, under the
/// name of the device `r` claims.
fn forge(t: &SyncDirs, signer: &SyncState, r: &Replica, rng: &SeededRandom) {
    let head = signer.head.as_ref().unwrap();
    let gid = signer.group.group_id;
    let keys = signer.keys.as_ref().unwrap();
    let bytes = envelope::seal_v2(&gid, head, keys, "forger", r, rng).unwrap();
    let name = envelope::replica_name(&gid, &head.epoch_key, r.device).unwrap();
    std::fs::write(t.shared().join(name), bytes).unwrap();
}

fn delete_all(v: &Vault, device: DeviceId, at: u64, version: u64) -> Replica {
    let stamp = Hlc {
        wall_ms: at,
        counter: 0,
        node: device,
    };
    let tombs = v.accounts().iter().map(|a| SyncTombstone {
        id: a.id,
        deleted: stamp,
        seen: a.updated.max(stamp),
    });
    Replica {
        device,
        version,
        clock: stamp,
        data: ReplicaData::from_parts([], tombs),
    }
}

#[test]
fn a_member_cannot_forge_a_replica_under_another_id() {
    let t = SyncDirs::new("members", "forge");
    let rng = SeededRandom::new(b"forge");
    let mut d = group(&t, &["b", "c"], &rng);
    for x in d.iter_mut() {
        x.sync(&t, NOW + 100, &rng);
    }
    let (a_id, c_id) = (d[0].state.device, d[2].state.device);
    // B (a member: it holds the epoch key) forges C's replica deleting every account, and
    // another under an id nobody has.
    forge(
        &t,
        &d[1].state,
        &delete_all(&d[0].vault, c_id, NOW + 200, 50),
        &rng,
    );
    forge(
        &t,
        &d[1].state,
        &delete_all(&d[0].vault, DeviceId(0x1234), NOW + 200, 1),
        &rng,
    );
    let r = d[0].sync(&t, NOW + 300, &rng);
    assert_eq!(
        d[0].vault.accounts().len(),
        2,
        "a forged tombstone deleted an account"
    );
    let kinds: Vec<&str> = r.rejected.iter().map(|x| x.error.kind()).collect();
    assert!(kinds.contains(&"Crypto"), "{:?}", r.rejected);
    assert!(
        r.rejected.iter().any(|x| x.error
            == SyncError::NotMember {
                device: DeviceId(0x1234)
            }),
        "{:?}",
        r.rejected
    );
    assert!(!r
        .merged
        .iter()
        .any(|(dev, _)| *dev == c_id || dev.0 == 0x1234));
    // A format-1 replica sealed with the group's old shared key is not trusted in a group
    // made by format 2.
    let v1 = replica::seal(
        &d[1].state.group,
        &delete_all(&d[0].vault, a_id, NOW + 200, 9),
        &rng,
    )
    .unwrap();
    std::fs::write(t.shared().join(sync::replica_file_name(DeviceId(0x99))), v1).unwrap();
    let r = d[0].sync(&t, NOW + 400, &rng);
    assert!(r
        .rejected
        .iter()
        .any(|x| x.error == SyncError::LegacyRefused));
    assert_eq!(d[0].vault.accounts().len(), 2);
}

#[test]
fn nothing_identifying_in_clear_and_sizes_are_padded() {
    let t = SyncDirs::new("members", "clear");
    let rng = SeededRandom::new(b"clear");
    let mut d = group(&t, &["b"], &rng);
    d[0].sync(&t, NOW + 100, &rng);
    let name = d[0].state.published_name.clone();
    let dev = d[0].state.device;
    let file = std::fs::read(t.shared().join(&name)).unwrap();
    assert!(
        !name.contains(&dev.to_string()),
        "file name exposes the device id: {name}"
    );
    for f in files(&t) {
        assert!(!f.contains(&dev.to_string()) && !f.contains(&d[1].state.device.to_string()));
    }
    assert!(
        !file.windows(8).any(|w| w == dev.0.to_be_bytes()),
        "device id in clear"
    );
    assert!(
        !file.windows(16).any(|w| w == d[0].state.group.group_id),
        "group id in clear"
    );
    // One more account: the same padded size.
    d[0].vault
        .add(cred("szabo.eva", "MFRGGZDFMZTWQ2LK"), NOW + 150)
        .unwrap();
    d[0].sync(&t, NOW + 200, &rng);
    let again = std::fs::read(t.shared().join(&name)).unwrap();
    assert_eq!(file.len(), again.len(), "sizes are exact");
    assert_ne!(file, again);
}

#[test]
fn a_removed_device_learns_nothing_newer() {
    let t = SyncDirs::new("members", "remove");
    let rng = SeededRandom::new(b"remove");
    let mut d = group(&t, &["b", "c"], &rng);
    for x in d.iter_mut() {
        x.sync(&t, NOW + 100, &rng);
    }
    assert_eq!(d[0].state.members().len(), 3);
    let b_id = d[1].state.device;
    // The phone B is lost; A removes it, then A and C go on.
    d[0].state.remove_device(b_id, &rng).unwrap();
    let a_id = d[0].state.device;
    assert_eq!(
        d[0].state.remove_device(a_id, &rng),
        Err(SyncError::RemoveSelf)
    );
    d[0].sync(&t, NOW + 200, &rng);
    let id = d[0].vault.accounts()[0].id;
    d[0].vault
        .add(cred("szabo.eva", "MFRGGZDFMZTWQ2LK"), NOW + 210)
        .unwrap();
    d[0].vault
        .set_note(id, Some("törlőkód: ANNA-1111"), NOW + 211)
        .unwrap();
    d[0].sync(&t, NOW + 220, &rng);
    d[2].sync(&t, NOW + 230, &rng);
    assert!(labels(&d[2].vault).contains(&"szabo.eva@ugyfelkapu.gov.hu".to_string()));
    assert_eq!(d[2].state.members().len(), 2);
    // The removed device, given the folder, gets a typed error and nothing newer.
    let before = labels(&d[1].vault);
    let b = &mut d[1];
    let r = sync::sync_vault(&t.shared(), &mut b.vault, &mut b.state, NOW + 240, &rng);
    assert_eq!(r.err(), Some(SyncError::Removed));
    assert_eq!(labels(&d[1].vault), before);
    assert!(d[1].vault.account(id).unwrap().note.is_none());
    // The honest devices deleted their old-epoch files: one replica each plus records.
    let replicas = files(&t)
        .iter()
        .filter(|f| f.ends_with(".kulcs-replica"))
        .count();
    assert_eq!(replicas, 3, "{:?}", files(&t));
    // The thief keeps its old keys: its old-epoch replicas (under its id or another's) are
    // ignored, and honest accounts stay.
    let mut thief = d[1].state.clone();
    thief.head = d[1].state.head.clone();
    forge(
        &t,
        &thief,
        &delete_all(&d[0].vault, b_id, NOW + 250, 99),
        &rng,
    );
    forge(
        &t,
        &thief,
        &delete_all(&d[0].vault, d[2].state.device, NOW + 250, 99),
        &rng,
    );
    let r = d[0].sync(&t, NOW + 300, &rng);
    assert_eq!(d[0].vault.accounts().len(), 3);
    assert!(
        r.rejected.iter().all(|x| x.error.kind() == "OtherEpoch"),
        "{:?}",
        r.rejected
    );
    let c = d[2].sync(&t, NOW + 310, &rng);
    assert_eq!(d[2].vault.accounts().len(), 3, "{:?}", c.rejected);
}

#[test]
fn a_competing_member_change_is_refused_and_reported() {
    let t = SyncDirs::new("members", "race");
    let rng = SeededRandom::new(b"race");
    let mut d = group(&t, &["b", "c"], &rng);
    for x in d.iter_mut() {
        x.sync(&t, NOW + 100, &rng);
    }
    // A and B each remove C at the same time, without syncing in between: two records compete
    // for one position. A publishes first; B's record loses where A's was accepted.
    let c_id = d[2].state.device;
    d[0].state.remove_device(c_id, &rng).unwrap();
    d[1].state.remove_device(c_id, &rng).unwrap();
    d[0].sync(&t, NOW + 200, &rng);
    let r = d[1].sync(&t, NOW + 210, &rng);
    assert!(
        r.rejected
            .iter()
            .any(|x| x.error.kind() == "CompetingRecord"),
        "{:?}",
        r.rejected
    );
    let r = d[0].sync(&t, NOW + 220, &rng);
    assert!(
        r.rejected
            .iter()
            .any(|x| x.error.kind() == "CompetingRecord"),
        "{:?}",
        r.rejected
    );
}

#[test]
fn a_format_1_group_upgrades_without_losing_an_account() {
    let t = SyncDirs::new("members", "upgrade");
    let rng = SeededRandom::new(b"upgrade");
    // Three devices of an old group (one static key); C's replica was written by the old code.
    let group = SyncGroup::generate(&rng).unwrap();
    let mut a = t.vault("a");
    a.add(cred("kovacs.janos", "JBSWY3DPEHPK3PXP"), NOW)
        .unwrap();
    let mut b = t.vault("b");
    b.add(cred("nagy.anna", "GEZDGNBVGY3TQOJQ"), NOW).unwrap();
    let mut c = t.vault("c");
    c.add(cred("szabo.eva", "MFRGGZDFMZTWQ2LK"), NOW).unwrap();
    let old_c = Replica {
        device: c.device_id(),
        version: 3,
        clock: c.clock(),
        data: ReplicaData::from_parts(c.accounts().iter().cloned(), []),
    };
    std::fs::write(
        t.shared().join(sync::replica_file_name(c.device_id())),
        replica::seal(&group, &old_c, &rng).unwrap(),
    )
    .unwrap();
    let mut sa = SyncState::new(group.clone(), a.device_id());
    let mut sb = SyncState::new(group.clone(), b.device_id());
    let mut sc = SyncState::new(group.clone(), c.device_id());
    // A upgrades first (starts the chain), B next (adds itself); both read C's old replica.
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 100, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 110, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 120, &rng).unwrap();
    let all = [
        "kovacs.janos@ugyfelkapu.gov.hu",
        "nagy.anna@ugyfelkapu.gov.hu",
        "szabo.eva@ugyfelkapu.gov.hu",
    ];
    assert_eq!(labels(&a), all);
    assert_eq!(labels(&b), all);
    assert_eq!(sa.members().len(), 2);
    assert!(
        !files(&t).contains(&sync::replica_file_name(a.device_id())),
        "old file left"
    );
    // C upgrades later and joins too.
    sync::sync_vault(&t.shared(), &mut c, &mut sc, NOW + 130, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 140, &rng).unwrap();
    assert_eq!(labels(&c), all);
    assert_eq!(sa.members().len(), 3);
    // The first removal closes the format-1 door: the old key no longer admits anything.
    sa.remove_device(sb.device, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 200, &rng).unwrap();
    std::fs::write(
        t.shared().join(sync::replica_file_name(DeviceId(5))),
        replica::seal(&group, &delete_all(&a, DeviceId(5), NOW + 210, 1), &rng).unwrap(),
    )
    .unwrap();
    let r = sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 220, &rng).unwrap();
    assert!(
        r.rejected
            .iter()
            .any(|x| x.error == SyncError::LegacyRefused),
        "{:?}",
        r.rejected
    );
    assert_eq!(labels(&a), all);
    assert_eq!(
        sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 230, &rng).err(),
        Some(SyncError::Removed)
    );
    // The saved state (format 2) reads back.
    assert_eq!(SyncState::from_bytes(&sa.to_bytes()).unwrap(), sa);
}

/// Figures for docs/sync.md: `cargo test -p kulcs-core --release --test tests
/// sync_members::figures -- --ignored --nocapture`.
#[test]
#[ignore]
fn figures() {
    let t = SyncDirs::new("members", "figures");
    let rng = SeededRandom::new(b"figures");
    let mut d = group(&t, &["b", "c", "d", "e"], &rng);
    for i in 0..1000u64 {
        let mut b = [0u8; 10];
        b[..8].copy_from_slice(&i.to_be_bytes());
        let key = data_encoding::BASE32_NOPAD.encode(&b);
        d[0].vault
            .add(cred(&format!("user{i}"), &key), NOW + 20 + i)
            .unwrap();
        if i == 99 {
            d[0].sync(&t, NOW + 5000, &rng);
            let n = std::fs::metadata(t.shared().join(&d[0].state.published_name)).unwrap();
            println!("replica with 102 accounts: {} bytes", n.len());
        }
    }
    for x in d.iter_mut() {
        x.sync(&t, NOW + 6000, &rng);
    }
    let start = std::time::Instant::now();
    for x in d.iter_mut() {
        x.sync(&t, NOW + 7000, &rng);
    }
    let n = std::fs::metadata(t.shared().join(&d[0].state.published_name)).unwrap();
    println!(
        "round of 5 devices with 1002 accounts: {:?}; replica {} bytes",
        start.elapsed(),
        n.len()
    );
}

#[test]
fn members_and_removal_through_the_vault() {
    let t = SyncDirs::new("members", "vaultapi");
    let rng = SeededRandom::new(b"vaultapi");
    let mut d = group(&t, &["b"], &rng);
    let mut a = d.remove(0);
    assert_eq!(sync::vault_members(&a.vault), Err(SyncError::NotInGroup));
    a.state.store(&mut a.vault);
    let m = sync::vault_members(&a.vault).unwrap();
    assert_eq!(m.len(), 2);
    assert!(m[0].this_device && m[0].name == "laptop" && !m[1].this_device);
    let b = m[1].device;
    sync::remove_vault_member(&mut a.vault, b, &rng).unwrap();
    assert_eq!(sync::vault_members(&a.vault).unwrap().len(), 1);
    assert_eq!(
        sync::remove_vault_member(&mut a.vault, b, &rng),
        Err(SyncError::NotMember { device: b })
    );
}
