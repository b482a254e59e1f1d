//! Randomized schedules with a hostile member (a stolen phone): three honest vaults and one
//! member H that, once removed, keeps publishing forged tombstones and far-ahead stamps (under
//! its own id and under honest ids, in format 2 with its old epoch key and in format 1 with
//! the old shared key), replays old files and writes competing member records. After everyone
//! honest syncs: they agree, and every account no honest device deleted is still there, with no
//! forged change visible.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::SplitMix64 as Rng;
use kulcs_core::account::AccountId;
use kulcs_core::credential::Credential;
use kulcs_core::exchange::{bundle_from_vault, import_into_vault};
use kulcs_core::hlc::{DeviceId, Hlc};
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::{self, envelope, members, replica, Replica, ReplicaData, SyncTombstone};
use kulcs_core::sync::{SyncError, SyncState};
use kulcs_core::vault::{FileKeyStore, Vault, VaultOptions};

const START: u64 = 1_763_700_000_000;

struct Dev {
    vault: Vault,
    state: SyncState,
}

impl Dev {
    fn sync(
        &mut self,
        shared: &Path,
        now: u64,
        rng: &SeededRandom,
    ) -> Result<sync::SyncReport, SyncError> {
        sync::sync_vault(shared, &mut self.vault, &mut self.state, now, rng)
    }
}

fn vault(dir: &Path, name: &str) -> Vault {
    let p = dir.join(name);
    std::fs::create_dir_all(&p).unwrap();
    Vault::create_with(
        &p.join("v.kulcs"),
        &FileKeyStore::new(p.join("k")),
        START,
        VaultOptions::testing(),
    )
    .unwrap()
}

fn secret(n: u64) -> Secret {
    let mut b = [0u8; 10];
    b[..8].copy_from_slice(&n.to_be_bytes());
    b[8] = 0x5a;
    Secret::parse_base32(&data_encoding::BASE32_NOPAD.encode(&b)).unwrap()
}

/// H's forged replica: deletes every id it knows and renames at `at` (close to the 24 h lead).
fn forged(
    ids: &[AccountId],
    known: &[kulcs_core::account::Account],
    dev: DeviceId,
    at: u64,
) -> Replica {
    let stamp = Hlc {
        wall_ms: at,
        counter: 0,
        node: dev,
    };
    let tombs = ids.iter().map(|id| SyncTombstone {
        id: *id,
        deleted: stamp,
        seen: stamp,
    });
    let evil = known.iter().take(1).cloned().map(|mut a| {
        a.credential.label = "evil@example.com".into();
        a.updated = stamp;
        a
    });
    Replica {
        device: dev,
        version: 1 << 40,
        clock: stamp,
        data: ReplicaData::from_parts(evil, tombs),
    }
}

fn run(seed: u64, root: &Path) -> usize {
    let mut rng = Rng(seed);
    let dir = root.join(format!("h{seed}"));
    let shared = dir.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    let srng = SeededRandom::new(&seed.to_be_bytes());
    let mut now = START;
    // A creates the group, B, C and H join by transfers.
    let mut a = vault(&dir, "a");
    a.add(Credential::ugyfelkapu("kovacs.janos", secret(0)), now)
        .unwrap();
    let mut sa = SyncState::create_group(a.device_id(), "a", now, &srng).unwrap();
    let mut devs = Vec::new();
    for name in ["b", "c", "h"] {
        let invite = sa.invite_device(name, now, &srng).unwrap();
        let bundle = bundle_from_vault(&a, None, Some(invite));
        let mut v = vault(&dir, name);
        import_into_vault(&mut v, &bundle, now).unwrap();
        let mut s = SyncState::join(bundle.sync.as_ref().unwrap(), v.device_id(), name).unwrap();
        s.remember(v.accounts());
        devs.push(Dev { vault: v, state: s });
    }
    sa.remember(a.accounts());
    devs.insert(
        0,
        Dev {
            vault: a,
            state: sa,
        },
    );
    let mut next_key = 1u64;
    let mut honest_deleted: BTreeSet<AccountId> = BTreeSet::new();
    let mut ever: BTreeSet<AccountId> = devs[0].vault.accounts().iter().map(|x| x.id).collect();
    let mut old_files: Vec<(String, Vec<u8>)> = Vec::new();
    let removal_at = 10 + rng.below(20);
    let mut thief: Option<SyncState> = None;
    // Honest devices that accepted the removal (a competing record made from the old list can
    // only win on a device that has not: the race docs/sync.md §5 describes).
    let mut moved: BTreeSet<usize> = BTreeSet::new();
    let v1_group = devs[0].state.group.clone();
    for step in 0..60 + rng.below(40) {
        now += 1 + rng.below(5_000);
        if step == removal_at {
            // H is lost: A (which added everyone, so its list is complete) removes it.
            let who = 0;
            let _ = devs[who].sync(&shared, now, &srng);
            let h_id = devs[3].state.device;
            thief = Some(devs[3].state.clone());
            devs[who].state.remove_device(h_id, &srng).unwrap();
            devs[who].sync(&shared, now, &srng).unwrap();
            moved.insert(who);
            continue;
        }
        let honest = rng.below(3) as usize;
        match (thief.as_ref(), rng.below(10)) {
            (Some(h), 0..=3) => {
                let ids: Vec<AccountId> = h_known(&devs).iter().map(|x| x.id).collect();
                let known = h_known(&devs);
                let ahead = now + 23 * 3_600_000;
                let head = h.head.as_ref().unwrap();
                let gid = h.group.group_id;
                let keys = h.keys.as_ref().unwrap();
                match rng.below(4) {
                    0 | 1 => {
                        let dev = if rng.below(2) == 0 {
                            h.device
                        } else {
                            devs[rng.below(3) as usize].state.device
                        };
                        let r = forged(&ids, &known, dev, ahead);
                        let b = envelope::seal_v2(&gid, head, keys, "h", &r, &srng).unwrap();
                        let n = envelope::replica_name(&gid, &head.epoch_key, dev).unwrap();
                        std::fs::write(shared.join(n), b).unwrap();
                    }
                    2 => {
                        let dev = DeviceId(rng.below(u64::MAX));
                        let r = forged(&ids, &known, dev, ahead);
                        let b = replica::seal(&v1_group, &r, &srng).unwrap();
                        std::fs::write(shared.join(sync::replica_file_name(dev)), b).unwrap();
                    }
                    _ => {
                        // A record re-adding H or removing the honest devices, from its old
                        // head; or an old file put back.
                        if let Some((n, b)) =
                            old_files.get(rng.below(old_files.len() as u64 + 1) as usize)
                        {
                            std::fs::write(shared.join(n), b).unwrap();
                        } else if moved.len() == 3 {
                            let members: Vec<members::Member> = head
                                .members
                                .iter()
                                .filter(|m| m.device == h.device)
                                .cloned()
                                .collect();
                            let mut k = zeroize::Zeroizing::new([0u8; 32]);
                            k[0] = 1;
                            let draft = members::RecordDraft {
                                group_id: &gid,
                                seq: head.seq + 1,
                                epoch: head.epoch + 1,
                                epoch_key: &k,
                                prev: head.hash,
                                upgraded: head.upgraded,
                                members: &members,
                            };
                            let b = members::seal_record(&draft, keys, &srng).unwrap();
                            let n = members::record_file_name(draft.seq, &members::record_hash(&b));
                            std::fs::write(shared.join(n), b).unwrap();
                        }
                    }
                }
            }
            (_, 4..=5) => {
                let d = &mut devs[honest];
                let r = d.sync(&shared, now, &srng);
                assert!(r.is_ok(), "seed {seed}: honest sync failed: {:?}", r.err());
                if thief.is_some() {
                    moved.insert(honest);
                }
                if rng.below(3) == 0 {
                    let n = d.state.published_name.clone();
                    if let Ok(b) = std::fs::read(shared.join(&n)) {
                        old_files.push((n, b));
                    }
                }
            }
            (_, 6) if !devs[honest].vault.accounts().is_empty() => {
                let v = &mut devs[honest].vault;
                let i = rng.below(v.accounts().len() as u64) as usize;
                let id = v.accounts()[i].id;
                v.remove(id, now).unwrap();
                honest_deleted.insert(id);
            }
            (_, 7) if !devs[honest].vault.accounts().is_empty() => {
                let v = &mut devs[honest].vault;
                let i = rng.below(v.accounts().len() as u64) as usize;
                let id = v.accounts()[i].id;
                v.set_note(id, Some(&format!("note {step}")), now).unwrap();
            }
            _ if thief.is_none() && honest == 0 && rng.below(2) == 0 => {
                // Before its removal H is an ordinary member.
                let d = &mut devs[3];
                let _ = d.sync(&shared, now, &srng);
            }
            _ => {
                let v = &mut devs[honest].vault;
                let added = v
                    .add(
                        Credential::ugyfelkapu(&format!("acct{next_key}"), secret(next_key)),
                        now,
                    )
                    .unwrap();
                ever.insert(added.id());
                next_key += 1;
            }
        }
    }
    // Everyone honest syncs until quiet.
    for _ in 0..3 {
        for d in devs.iter_mut().take(3) {
            now += 10;
            d.sync(&shared, now, &srng).unwrap();
        }
    }
    let ids = |v: &Vault| v.accounts().iter().map(|x| x.id).collect::<BTreeSet<_>>();
    let first = ids(&devs[0].vault);
    for d in devs.iter().take(3) {
        assert_eq!(ids(&d.vault), first, "seed {seed}: honest devices disagree");
        assert!(
            d.vault
                .accounts()
                .iter()
                .all(|x| x.credential.label != "evil@example.com"),
            "seed {seed}: a forged rename was merged"
        );
        assert!(
            d.vault.clock().wall_ms <= now + 24 * 3_600_000,
            "seed {seed}: a forged stamp moved the clock"
        );
    }
    // Every account an honest device created that no honest device deleted survives.
    for id in ever.difference(&honest_deleted) {
        assert!(first.contains(id), "seed {seed}: account {id:?} was lost");
    }
    ever.len()
}

/// What H knows: every account in the vaults (it was a member; ids leak to a thief).
fn h_known(devs: &[Dev]) -> Vec<kulcs_core::account::Account> {
    let mut v: Vec<_> = devs
        .iter()
        .flat_map(|d| d.vault.accounts().to_vec())
        .collect();
    v.sort_by_key(|a| a.id);
    v.dedup_by_key(|a| a.id);
    v
}

#[test]
fn a_removed_hostile_member_cannot_delete_an_honest_account() {
    let seeds: u64 = std::env::var("KULCS_HOSTILE_SYNC_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let root = tempfile::tempdir().unwrap();
    let mut accounts = 0;
    for seed in 0..seeds {
        accounts += run(seed, root.path());
    }
    assert!(accounts > 0);
}
