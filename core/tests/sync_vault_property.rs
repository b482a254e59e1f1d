//! Randomized sync of 3–4 real vaults through a shared directory with `sync::sync_vault`: adds,
//! renames, notes and deletes on vaults with skewed clocks (±24 h), devices that stay offline
//! for a while, then everyone syncs. Checks convergence, no lost account, and that an account
//! survives a delete only if its final version was not causally before that delete (vector
//! clocks kept by the test). Exercises what the pure merge test cannot: how a vault deletion's
//! `seen` stamp is derived from the sync state.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{vc_join, vc_le, SplitMix64 as Rng, VectorClock};
use kulcs_core::account::AccountId;
use kulcs_core::credential::Credential;
use kulcs_core::hlc::Hlc;
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::{self, SyncGroup, SyncState};
use kulcs_core::vault::{FileKeyStore, Vault, VaultOptions};

type Vc = VectorClock<usize>;

struct Dev {
    vault: Vault,
    state: SyncState,
    skew_ms: i64,
    offline: bool,
    vc: Vc,
}

fn run(seed: u64, root: &Path) -> (usize, usize) {
    let mut rng = Rng(seed);
    let dir = root.join(format!("s{seed}"));
    let shared = dir.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    let group = SyncGroup::generate(&SeededRandom::new(&seed.to_be_bytes())).unwrap();
    let srng = SeededRandom::new(b"nonces");
    let n = 3 + rng.below(2) as usize;
    let day = 86_400_000i64;
    let mut real: u64 = 1_763_700_000_000;
    let mut devs: Vec<Dev> = (0..n)
        .map(|i| {
            let p = dir.join(format!("d{i}"));
            std::fs::create_dir_all(&p).unwrap();
            let vault = Vault::create_with(
                &p.join("v.kulcs"),
                &FileKeyStore::new(p.join("k")),
                real,
                VaultOptions::testing(),
            )
            .unwrap();
            let state = SyncState::new(group.clone(), vault.device_id());
            Dev {
                vault,
                state,
                // Within ±12 h, so any two devices are at most the 24 h apart that sync accepts
                // (`sync::MAX_CLOCK_LEAD_MS`; a device further off is refused, see sync_vaults).
                skew_ms: rng.below(day as u64 + 1) as i64 - day / 2,
                offline: false,
                vc: Vc::new(),
            }
        })
        .collect();
    // Published vector clock per device (what its replica file carries).
    let mut published: Vec<Vc> = vec![Vc::new(); n];
    let mut versions: BTreeMap<(AccountId, Hlc), Vc> = BTreeMap::new();
    let mut deletes: BTreeMap<AccountId, Vec<Vc>> = BTreeMap::new();
    let mut ever: Vec<AccountId> = Vec::new();
    let mut counter = 0u64;
    for _ in 0..25 + rng.below(25) {
        real += rng.below(3_600_000);
        let d = rng.below(n as u64) as usize;
        let now = (real as i64 + devs[d].skew_ms) as u64;
        let dev = &mut devs[d];
        match rng.below(8) {
            0 | 1 => {
                counter += 1;
                let mut key = seed.to_be_bytes().to_vec();
                key.extend_from_slice(&counter.to_be_bytes());
                let c = Credential::ugyfelkapu(
                    &format!("u{counter}"),
                    Secret::from_bytes(key).unwrap(),
                );
                let id = dev.vault.add(c, now).unwrap().id();
                *dev.vc.entry(d).or_insert(0) += 1;
                let a = dev.vault.account(id).unwrap();
                versions.insert((id, a.updated), dev.vc.clone());
                ever.push(id);
            }
            2 | 3 => {
                if dev.vault.accounts().is_empty() {
                    continue;
                }
                let id =
                    dev.vault.accounts()[rng.below(dev.vault.accounts().len() as u64) as usize].id;
                if rng.below(2) == 0 {
                    dev.vault
                        .set_note(id, Some(&format!("n{}", rng.below(100))), now)
                        .unwrap();
                } else {
                    dev.vault
                        .rename(id, "Ügyfélkapu+", &format!("r{}@x", rng.below(100)), now)
                        .unwrap();
                }
                *dev.vc.entry(d).or_insert(0) += 1;
                let a = dev.vault.account(id).unwrap();
                versions.insert((id, a.updated), dev.vc.clone());
            }
            4 => {
                if dev.vault.accounts().is_empty() {
                    continue;
                }
                let id =
                    dev.vault.accounts()[rng.below(dev.vault.accounts().len() as u64) as usize].id;
                dev.vault.remove(id, now).unwrap();
                *dev.vc.entry(d).or_insert(0) += 1;
                deletes.entry(id).or_default().push(dev.vc.clone());
            }
            5 => dev.offline = !dev.offline,
            _ => {
                if dev.offline {
                    continue;
                }
                for p in &published {
                    vc_join(&mut dev.vc, p);
                }
                sync::sync_vault(&shared, &mut dev.vault, &mut dev.state, now, &srng).unwrap();
                published[d] = dev.vc.clone();
            }
        }
    }
    for _ in 0..3 {
        for d in 0..n {
            real += 1000;
            let now = (real as i64 + devs[d].skew_ms) as u64;
            let dev = &mut devs[d];
            for p in &published {
                vc_join(&mut dev.vc, p);
            }
            let r = sync::sync_vault(&shared, &mut dev.vault, &mut dev.state, now, &srng).unwrap();
            assert!(r.rejected.is_empty(), "seed {seed}: {:?}", r.rejected);
            published[d] = dev.vc.clone();
        }
    }
    let first = devs[0].vault.accounts().to_vec();
    let mut sorted = first.clone();
    sorted.sort_by_key(|a| a.id);
    for dev in &devs[1..] {
        let mut other = dev.vault.accounts().to_vec();
        other.sort_by_key(|a| a.id);
        assert_eq!(other, sorted, "seed {seed}: vaults diverge");
    }
    let mut kept = 0;
    for id in &ever {
        let live = first.iter().find(|a| a.id == *id);
        match (deletes.get(id), live) {
            (None, None) => panic!("seed {seed}: lost account {id}"),
            (Some(dels), Some(a)) => {
                let vc = &versions[&(a.id, a.updated)];
                for del in dels {
                    assert!(
                        !vc_le(vc, del),
                        "seed {seed}: {id} came back although the delete had seen its version"
                    );
                }
                kept += 1;
            }
            _ => {}
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    (ever.len(), kept)
}

#[test]
fn random_vault_schedules_converge() {
    let root = std::env::temp_dir().join(format!("kulcs-syncprop-{}", std::process::id()));
    let seeds: u64 = std::env::var("KULCS_VAULT_SYNC_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let (mut total, mut kept) = (0, 0);
    for seed in 0..seeds {
        let (t, k) = run(seed, &root);
        total += t;
        kept += k;
    }
    eprintln!("{seeds} vault schedules: {total} accounts, {kept} kept by the concurrent-edit rule");
    let _ = std::fs::remove_dir_all(&root);
}
