//! Shared fixtures for the transfer, sync and migration tests: Ügyfélkapu-like accounts.
#![allow(dead_code)]

use kulcs_core::bundle::{BundleAccount, WireIdentity, WireStamp};
use kulcs_core::credential::Credential;
use kulcs_core::random::{RandomSource, SeededRandom};
use kulcs_core::secret::Secret;

pub const FIRST: &[&str] = &[
    "janos",
    "istvan",
    "laszlo",
    "jozsef",
    "zoltan",
    "sandor",
    "gabor",
    "ferenc",
    "attila",
    "peter",
    "maria",
    "erzsebet",
    "katalin",
    "eva",
    "ilona",
    "anna",
    "zsuzsanna",
    "margit",
    "judit",
    "agnes",
];
pub const LAST: &[&str] = &[
    "nagy", "kovacs", "toth", "szabo", "horvath", "varga", "kiss", "molnar", "nemeth", "farkas",
    "balogh", "papp", "takacs", "juhasz", "lakatos", "meszaros", "olah", "simon", "racz", "fekete",
];

/// `n` Ügyfélkapu+ accounts with distinct labels and random 80-bit keys.
pub fn ugyfelkapu_accounts(n: usize, seed: &[u8], identity: bool) -> Vec<BundleAccount> {
    let rng = SeededRandom::new(seed);
    (0..n)
        .map(|i| {
            let mut key = [0u8; 10];
            rng.fill(&mut key).unwrap();
            let user = format!(
                "{}.{}{}",
                LAST[i % LAST.len()],
                FIRST[(i / LAST.len() + i * 7) % FIRST.len()],
                if i >= 200 {
                    i.to_string()
                } else {
                    String::new()
                }
            );
            let credential =
                Credential::ugyfelkapu(&user, Secret::from_bytes(key.to_vec()).unwrap());
            let identity = identity.then(|| {
                let mut id = [0u8; 16];
                rng.fill(&mut id).unwrap();
                let mut t = [0u8; 8];
                rng.fill(&mut t).unwrap();
                let wall = 1_650_000_000_000 + u64::from_be_bytes(t) % 60_000_000_000;
                WireIdentity {
                    id,
                    created: WireStamp {
                        wall_ms: wall,
                        counter: 0,
                        node: 0x1234_5678_9abc_def0,
                    },
                    updated: WireStamp {
                        wall_ms: wall + (i as u64) * 1000,
                        counter: 0,
                        node: 0x1234_5678_9abc_def0,
                    },
                    fields: None,
                }
            });
            BundleAccount {
                credential,
                note: None,
                groups: Vec::new(),
                identity,
            }
        })
        .collect()
}
