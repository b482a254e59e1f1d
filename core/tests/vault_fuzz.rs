//! Randomised robustness: multi-byte mutations of a vault file, and mutated contents JSON
//! sealed with the right key (so they get past the AEAD), never panic and never yield a
//! vault that does not round-trip. Deterministic PRNG, so failures reproduce.

use std::path::Path;

use crate::support::XorShift64 as XorShift;
use kulcs_core::credential::Credential;
use kulcs_core::secret::Secret;
use kulcs_core::vault::internals::contents;
use kulcs_core::vault::{FileKeyStore, Unlock, Vault, VaultOptions};

fn mutate(rng: &mut XorShift, input: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(6) {
        match rng.below(5) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            1 if !b.is_empty() => {
                let i = rng.below(b.len());
                b.remove(i);
            }
            2 => {
                let i = rng.below(b.len() + 1);
                b.insert(i, rng.next() as u8);
            }
            3 => {
                let n = rng.below(b.len() + 1);
                b.truncate(n);
            }
            _ if b.len() > 20 => {
                // Duplicate a random span (header and slot lengths go out of step).
                let i = rng.below(b.len() - 10);
                let span: Vec<u8> = b[i..i + 10].to_vec();
                let at = rng.below(b.len());
                b.splice(at..at, span);
            }
            _ => {}
        }
    }
    b
}

fn setup(dir: &Path) -> (FileKeyStore, Vec<u8>) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let keys = FileKeyStore::new(dir.join("device.key"));
    let path = dir.join("src.kulcs");
    let mut v = Vault::create_with(&path, &keys, 1, VaultOptions::testing()).unwrap();
    let id = v
        .add(
            Credential::ugyfelkapu(
                "kovacs.janos",
                Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
            ),
            2,
        )
        .unwrap()
        .id();
    v.set_note(id, Some("törlőkód: 12\"34\\n"), 3).unwrap();
    v.set_groups(id, &["Állam".into()], 4).unwrap();
    let gone = v
        .add(
            Credential::ugyfelkapu("x", Secret::parse_base32("GEZDGNBVGY3TQOJQ").unwrap()),
            5,
        )
        .unwrap()
        .id();
    v.remove(gone, 6).unwrap();
    v.save().unwrap();
    drop(v);
    let bytes = std::fs::read(&path).unwrap();
    (keys, bytes)
}

#[test]
fn mutated_files_never_open_and_never_panic() {
    let dir = std::env::temp_dir().join(format!("kulcs-fuzz-file-{}", std::process::id()));
    let (keys, good) = setup(&dir);
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let path = dir.join("t.kulcs");
    let mut refused = 0;
    for round in 0..3000 {
        let bad = mutate(&mut rng, &good);
        if bad == good {
            continue;
        }
        std::fs::write(&path, &bad).unwrap();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).map(|_| ())
        }));
        match r {
            Err(_) => panic!("round {round}: panic"),
            Ok(Ok(())) => panic!("round {round}: a mutated file opened"),
            Ok(Err(_)) => refused += 1,
        }
        std::fs::remove_file(&path).unwrap();
    }
    assert!(refused > 2900);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mutated_contents_json_never_panics_and_what_parses_round_trips() {
    let dir = std::env::temp_dir().join(format!("kulcs-fuzz-json-{}", std::process::id()));
    let (keys, good) = setup(&dir);
    let path = dir.join("src.kulcs");
    std::fs::write(&path, &good).unwrap();
    let (v, _) = Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    let json = contents::to_json(v.contents()).unwrap().to_vec();
    drop(v);
    assert_eq!(contents::from_json(&json).unwrap(), {
        let (v, _) =
            Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
        v.contents().clone()
    });
    let mut rng = XorShift(0x0123_4567_89ab_cdef);
    let (mut parsed, mut refused) = (0, 0);
    for round in 0..20_000 {
        let bad = mutate(&mut rng, &json);
        let r = std::panic::catch_unwind(|| contents::from_json(&bad));
        match r {
            Err(_) => panic!(
                "round {round}: panic on {:?}",
                String::from_utf8_lossy(&bad)
            ),
            Ok(Ok(c)) => {
                parsed += 1;
                let again = contents::from_json(&contents::to_json(&c).unwrap()).unwrap();
                assert_eq!(
                    again, c,
                    "round {round}: accepted contents do not round-trip"
                );
            }
            Ok(Err(_)) => refused += 1,
        }
    }
    eprintln!("{parsed} mutated contents parsed and round-tripped, {refused} refused");
    assert!(refused > 1000);
    let _ = std::fs::remove_dir_all(&dir);
}
