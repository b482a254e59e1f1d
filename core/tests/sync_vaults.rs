//! Sync between real vaults through a shared directory: edits, deletes, the concurrent-edit
//! rule, rollback refusal, tampered and foreign replicas, crash-safe publishing and the canary
//! (no secret, issuer or label in replica files).

use kulcs_core::credential::Credential;
use kulcs_core::exchange::{bundle_from_vault, import_into_vault};
use kulcs_core::hlc::Hlc;
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::{self, envelope, Replica, ReplicaData};
use kulcs_core::sync::{SyncError, SyncGroup, SyncState};
use kulcs_core::vault::Vault;

use crate::support::sync_dirs::SyncDirs;

const NOW: u64 = 1_763_700_000_000;

fn cred(label: &str, key: &str) -> Credential {
    Credential::ugyfelkapu(label, Secret::parse_base32(key).unwrap())
}

/// Device B joins A's group the way a transfer does it: A creates the group, adds B to the
/// member list and sends its accounts with identities and the invitation.
fn pair(t: &SyncDirs) -> (Vault, SyncState, Vault, SyncState) {
    let rng = SeededRandom::new(b"pair");
    let mut a = t.vault("a");
    a.add(cred("kovacs.janos", "JBSWY3DPEHPK3PXP"), NOW)
        .unwrap();
    a.add(cred("nagy.anna", "GEZDGNBVGY3TQOJQ"), NOW + 1)
        .unwrap();
    let mut sa = SyncState::create_group(a.device_id(), "a", NOW, &rng).unwrap();
    let invite = sa.invite_device("b", NOW, &rng).unwrap();
    let bundle = bundle_from_vault(&a, None, Some(invite));
    let mut b = t.vault("b");
    let report = import_into_vault(&mut b, &bundle, NOW + 10).unwrap();
    assert_eq!(report.added, 2);
    assert!(report.joined_sync);
    assert_eq!(
        b.accounts().iter().map(|x| x.id).collect::<Vec<_>>(),
        a.accounts().iter().map(|x| x.id).collect::<Vec<_>>()
    );
    let sb = SyncState::join(bundle.sync.as_ref().unwrap(), b.device_id(), "b").unwrap();
    (a, sa, b, sb)
}

/// Writes a replica sealed and signed by the member of `s` (a hostile member's forgery).
fn forge(t: &SyncDirs, s: &SyncState, r: &Replica, rng: &SeededRandom) {
    let head = s.head.as_ref().unwrap();
    let gid = s.group.group_id;
    let bytes = envelope::seal_v2(&gid, head, s.keys.as_ref().unwrap(), &s.name, r, rng).unwrap();
    let name = envelope::replica_name(&gid, &head.epoch_key, r.device).unwrap();
    std::fs::write(t.shared().join(name), bytes).unwrap();
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
fn two_vaults_converge_with_edits_and_deletes() {
    let t = SyncDirs::new("sync", "converge");
    let rng = SeededRandom::new(b"sync");
    let (mut a, mut sa, mut b, mut sb) = pair(&t);
    let janos = a.accounts()[0].id;
    let anna = a.accounts()[1].id;
    a.rename(
        janos,
        "Ügyfélkapu+",
        "janos.kovacs@ugyfelkapu.gov.hu",
        NOW + 100,
    )
    .unwrap();
    b.add(cred("szabo.eva", "MFRGGZDFMZTWQ2LK"), NOW + 110)
        .unwrap();
    b.remove(anna, NOW + 120).unwrap();
    let r = sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 200, &rng).unwrap();
    assert_eq!(r.published_version, 1);
    assert!(r.merged.is_empty());
    let r = sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 210, &rng).unwrap();
    assert_eq!(r.merged, vec![(a.device_id(), 1)]);
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 220, &rng).unwrap();
    assert_eq!(labels(&a), labels(&b));
    assert_eq!(
        labels(&a),
        [
            "janos.kovacs@ugyfelkapu.gov.hu",
            "szabo.eva@ugyfelkapu.gov.hu"
        ]
    );
    assert_eq!(a.tombstones().len(), 1);
    // Saved and reopened, state and vault still agree.
    a.save().unwrap();
    let sa2 = SyncState::from_bytes(&sa.to_bytes()).unwrap();
    assert_eq!(sa2, sa);
}

#[test]
fn concurrent_edit_keeps_a_deleted_account() {
    let t = SyncDirs::new("sync", "concurrent");
    let rng = SeededRandom::new(b"sync2");
    let (mut a, mut sa, mut b, mut sb) = pair(&t);
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 100, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 100, &rng).unwrap();
    let id = a.accounts()[0].id;
    // Offline: A deletes, B edits the note (the törlőkód) — neither saw the other.
    a.remove(id, NOW + 1000).unwrap();
    b.set_note(id, Some("törlőkód 1234"), NOW + 500).unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 2000, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 2000, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 2100, &rng).unwrap();
    assert!(
        a.account(id).is_some(),
        "the concurrently edited account must be kept"
    );
    assert_eq!(
        a.account(id).unwrap().note.as_ref().unwrap().expose(),
        "törlőkód 1234"
    );
    assert!(b.account(id).is_some());
    // A delete after seeing the edit removes it everywhere.
    a.remove(id, NOW + 3000).unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 3100, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 3200, &rng).unwrap();
    assert!(b.account(id).is_none());
}

#[test]
fn rollback_tamper_foreign_and_misnamed_replicas_are_refused() {
    let t = SyncDirs::new("sync", "attacks");
    let rng = SeededRandom::new(b"sync3");
    let (mut a, mut sa, mut b, mut sb) = pair(&t);
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 100, &rng).unwrap();
    let a_file = t.shared().join(&sa.published_name);
    let old = std::fs::read(&a_file).unwrap();
    let id = a.accounts()[0].id;
    a.remove(id, NOW + 200).unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 300, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 400, &rng).unwrap();
    assert!(b.account(id).is_none());
    // Someone puts the old copy back: refused, the deletion stays.
    std::fs::write(&a_file, &old).unwrap();
    let r = sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 500, &rng).unwrap();
    assert!(
        matches!(
            r.rejected[0].error,
            SyncError::Rollback {
                version: 1,
                seen: 2,
                ..
            }
        ),
        "{:?}",
        r.rejected
    );
    assert!(b.account(id).is_none());
    // Bit flips anywhere: wrong key or damaged data (or a damaged header), never merged.
    for i in (0..old.len()).step_by(7) {
        let mut bad = old.clone();
        bad[i] ^= 0x20;
        std::fs::write(&a_file, &bad).unwrap();
        let r = sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 600, &rng).unwrap();
        assert_eq!(r.rejected.len(), 1, "byte {i}");
        assert!(r.merged.is_empty());
    }
    // Truncations.
    for len in [0, 7, 30, 52, old.len() - 1] {
        std::fs::write(&a_file, &old[..len]).unwrap();
        let r = sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 700, &rng).unwrap();
        assert_eq!(r.rejected.len(), 1);
    }
    std::fs::remove_file(&a_file).unwrap();
    // A replica of another group is ignored with a reason.
    let mut c = t.vault("c");
    c.add(cred("idegen", "JBSWY3DPEHPK3PXP"), NOW).unwrap();
    let mut sc = SyncState::new(
        SyncGroup::generate(&SeededRandom::new(b"other")).unwrap(),
        c.device_id(),
    );
    sync::sync_vault(&t.shared(), &mut c, &mut sc, NOW, &rng).unwrap();
    let r = sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 800, &rng).unwrap();
    assert!(r.rejected.iter().any(|x| x.error == SyncError::OtherGroup));
    assert!(!labels(&b).iter().any(|l| l.starts_with("idegen")));
    // A file renamed to another device id is refused.
    let b_file = t.shared().join(&sb.published_name);
    std::fs::copy(&b_file, t.shared().join("00000000000000aa.kulcs-replica")).unwrap();
    let r = sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 900, &rng).unwrap();
    assert!(r
        .rejected
        .iter()
        .any(|x| matches!(x.error, SyncError::NameMismatch { .. })));
    // No temp files are left behind.
    assert!(std::fs::read_dir(t.shared()).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains(".tmp")));
}

#[test]
fn canary_nothing_visible_in_replicas() {
    use data_encoding::{BASE32_NOPAD, BASE64, BASE64_NOPAD, HEXLOWER, HEXUPPER};
    let t = SyncDirs::new("sync", "canary");
    let rng = SeededRandom::new(b"sync4");
    let (mut a, mut sa, _, _) = pair(&t);
    let id = a.accounts()[0].id;
    a.set_note(id, Some("törlőkód-CANARY-5678"), NOW + 5)
        .unwrap();
    a.set_groups(id, &["Csoport-canary".into()], NOW + 6)
        .unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 100, &rng).unwrap();
    let bytes = std::fs::read(t.shared().join(&sa.published_name)).unwrap();
    let state = sa.to_bytes();
    for acct in a.accounts() {
        let s = acct.credential.secret.expose_bytes();
        let mut needles: Vec<Vec<u8>> = vec![s.to_vec()];
        for e in [
            BASE32_NOPAD.encode(s),
            BASE64.encode(s),
            BASE64_NOPAD.encode(s),
            HEXLOWER.encode(s),
            HEXUPPER.encode(s),
        ] {
            needles.push(e.into_bytes());
        }
        for text in [
            acct.credential.issuer.as_str(),
            acct.credential.label.as_str(),
            "ugyfelkapu",
            "CANARY",
            "canary",
        ] {
            needles.push(text.as_bytes().to_vec());
        }
        for n in &needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_slice()),
                "replica leaks {:?}",
                String::from_utf8_lossy(n)
            );
            if n.len() > 4 {
                assert!(
                    !state.windows(n.len()).any(|w| w == n.as_slice()),
                    "sync state leaks {:?}",
                    String::from_utf8_lossy(n)
                );
            }
        }
    }
}

#[test]
fn delete_before_first_sync_keeps_an_edit_made_since_the_transfer() {
    let t = SyncDirs::new("sync", "early-delete");
    let rng = SeededRandom::new(b"sync5");
    let (mut a, mut sa, mut b, mut sb) = pair(&t);
    // `pair` joins without remembering; do what the CLI does on joining.
    let accounts: Vec<_> = b.accounts().to_vec();
    sb.remember(&accounts);
    sa.remember(a.accounts());
    let id = a.accounts()[0].id;
    // A edits after the transfer (its clock is behind B's), B deletes before any sync.
    a.set_note(id, Some("új törlőkód"), NOW + 20).unwrap();
    b.remove(id, NOW + 100_000).unwrap();
    sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 100_100, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 100_200, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 100_300, &rng).unwrap();
    assert!(
        a.account(id).is_some() && b.account(id).is_some(),
        "the concurrent edit keeps the account"
    );
}

/// Issue 11, bounds: a member (a stolen phone holds the group key) publishes stamps far in the
/// future. The honest device neither merges them nor lets them move its clock, so its own later
/// edits still win.
#[test]
fn far_future_stamps_are_refused_and_never_move_the_clock() {
    let t = SyncDirs::new("sync", "future");
    let rng = SeededRandom::new(b"future");
    let (mut a, mut sa, b, sb) = pair(&t);
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 100, &rng).unwrap();
    let far = Hlc {
        wall_ms: 1 << 63,
        counter: 0,
        node: sb.device,
    };
    let renamed = b.accounts().iter().cloned().map(|mut x| {
        x.credential.label = "evil@ugyfelkapu.gov.hu".into();
        x.updated = far;
        x
    });
    let forged = Replica {
        device: sb.device,
        version: 7,
        clock: far,
        data: ReplicaData::from_parts(renamed, []),
    };
    forge(&t, &sb, &forged, &rng);

    let r = sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 200, &rng).unwrap();
    let day_ms = 24 * 3600 * 1000;
    assert!(
        a.clock().wall_ms <= NOW + 200 + day_ms,
        "the clock moved to {}",
        a.clock()
    );
    assert!(
        !labels(&a).contains(&"evil@ugyfelkapu.gov.hu".to_string()),
        "{:?}",
        labels(&a)
    );
    assert!(r.merged.is_empty(), "{:?}", r.merged);
    assert!(
        r.rejected.iter().any(|x| matches!(
            x.error,
            SyncError::FromTheFuture { device, .. } if device == sb.device
        )),
        "{:?}",
        r.rejected
    );
}

/// Issue 11, bounds: a forged replica at version u64::MAX under another device's id. Nobody
/// panics, nobody records it, and the victim's next publication is still accepted.
#[test]
fn a_replica_at_the_last_version_neither_panics_nor_locks_a_device_out() {
    let t = SyncDirs::new("sync", "lastversion");
    let rng = SeededRandom::new(b"lastversion");
    let (mut a, mut sa, mut b, mut sb) = pair(&t);
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 100, &rng).unwrap();
    sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 110, &rng).unwrap();
    let forged = Replica {
        device: sb.device,
        version: u64::MAX,
        clock: b.clock(),
        data: ReplicaData::from_parts(b.accounts().iter().cloned(), []),
    };
    forge(&t, &sb, &forged, &rng);

    let r = sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 200, &rng).unwrap();
    assert!(r.merged.is_empty(), "{:?}", r.merged);
    assert!(
        matches!(
            r.rejected[..],
            [sync::Rejected {
                error: SyncError::VersionOutOfRange {
                    version: u64::MAX,
                    ..
                },
                ..
            }]
        ),
        "{:?}",
        r.rejected
    );
    // The victim reads the forgery under its own name and publishes its next version.
    b.add(cred("szabo.eva", "MFRGGZDFMZTWQ2LK"), NOW + 300)
        .unwrap();
    let r = sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 310, &rng).unwrap();
    assert_eq!(r.published_version, 2);
    let r = sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 320, &rng).unwrap();
    assert_eq!(r.merged, vec![(sb.device, 2)]);
    assert!(labels(&a).contains(&"szabo.eva@ugyfelkapu.gov.hu".to_string()));
}
