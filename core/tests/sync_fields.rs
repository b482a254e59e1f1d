//! Per-field merge between real vaults (issue 11, deliverable 1): concurrent edits of different
//! fields both survive, the same field keeps the loser as a visible conflict, HOTP counters take
//! the maximum, and the report names what changed.

use kulcs_core::credential::Credential;
use kulcs_core::exchange::{bundle_from_vault, import_into_vault};
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::{self, SyncGroup, SyncState};
use kulcs_core::vault::Vault;

use crate::support::sync_dirs::SyncDirs;

const NOW: u64 = 1_763_700_000_000;

/// Device B joins A's group through a `--sync` transfer of A's one account.
fn pair(t: &SyncDirs, cred: Credential) -> (Vault, SyncState, Vault, SyncState) {
    let rng = SeededRandom::new(b"pair");
    let mut a = t.vault("a");
    a.add(cred, NOW).unwrap();
    let mut sa = SyncState::create_group(a.device_id(), "a", NOW, &rng).unwrap();
    let invite = sa.invite_device("b", NOW, &rng).unwrap();
    let bundle = bundle_from_vault(&a, None, Some(invite));
    let mut b = t.vault("b");
    import_into_vault(&mut b, &bundle, NOW + 10).unwrap();
    let sb = SyncState::join(bundle.sync.as_ref().unwrap(), b.device_id(), "b").unwrap();
    (a, sa, b, sb)
}

fn ugyfelkapu() -> Credential {
    Credential::ugyfelkapu("anna", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap())
}

#[test]
fn a_note_and_a_concurrent_rename_both_survive_on_both_devices() {
    let t = SyncDirs::new("fields", "note-rename");
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

/// Both sync, in both directions.
fn round(
    t: &SyncDirs,
    a: &mut Vault,
    sa: &mut SyncState,
    b: &mut Vault,
    sb: &mut SyncState,
    at: u64,
) {
    let rng = SeededRandom::new(b"round");
    sync::sync_vault(&t.shared(), a, sa, at, &rng).unwrap();
    sync::sync_vault(&t.shared(), b, sb, at + 10, &rng).unwrap();
    sync::sync_vault(&t.shared(), a, sa, at + 20, &rng).unwrap();
}

#[test]
fn two_notes_written_concurrently_keep_the_loser_as_a_conflict_until_cleared() {
    let t = SyncDirs::new("fields", "note-note");
    let rng = SeededRandom::new(b"sync");
    let (mut a, mut sa, mut b, mut sb) = pair(&t, ugyfelkapu());
    let id = a.accounts()[0].id;
    a.set_note(id, Some("törlőkód: ANNA-1111"), NOW + 100)
        .unwrap();
    b.set_note(id, Some("törlőkód: ANNA-2222"), NOW + 110)
        .unwrap();
    sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 200, &rng).unwrap();
    let rb = sync::sync_vault(&t.shared(), &mut b, &mut sb, NOW + 210, &rng).unwrap();
    let ra = sync::sync_vault(&t.shared(), &mut a, &mut sa, NOW + 220, &rng).unwrap();
    assert_eq!(a.accounts(), b.accounts());
    let acc = &a.accounts()[0];
    // The later stamp wins; the other note is kept, visible, and named in A's report.
    assert_eq!(acc.note.as_ref().unwrap().expose(), "törlőkód: ANNA-2222");
    let conflicts: Vec<_> = acc.conflicts().collect();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, kulcs_core::account::Field::Note);
    assert_eq!(
        conflicts[0].value.describe(true).as_str(),
        "\"törlőkód: ANNA-1111\""
    );
    assert_eq!(conflicts[0].stamp.node, a.device_id());
    assert!(!format!("{:?}", conflicts[0]).contains("ANNA-1111"));
    assert_eq!(rb.changes.conflicts.len(), 1);
    assert_eq!(rb.changes.conflicts[0].device, a.device_id());
    assert_eq!(
        ra.changes.changed[0].fields,
        vec![kulcs_core::account::Field::Note]
    );
    // The conflict survives a reopen (vault JSON) and clearing it on B clears it on A too.
    assert_eq!(b.clear_conflicts(id).unwrap(), 1);
    b.save().unwrap();
    round(&t, &mut a, &mut sa, &mut b, &mut sb, NOW + 300);
    assert_eq!(a.accounts()[0].conflicts().count(), 0);
    assert_eq!(a.accounts(), b.accounts());
}

#[test]
fn an_edit_made_after_seeing_the_other_value_is_no_conflict() {
    let t = SyncDirs::new("fields", "sequential");
    let (mut a, mut sa, mut b, mut sb) = pair(&t, ugyfelkapu());
    let id = a.accounts()[0].id;
    a.set_note(id, Some("első"), NOW + 100).unwrap();
    round(&t, &mut a, &mut sa, &mut b, &mut sb, NOW + 200);
    b.set_note(id, Some("második"), NOW + 300).unwrap();
    round(&t, &mut a, &mut sa, &mut b, &mut sb, NOW + 400);
    assert_eq!(a.accounts()[0].note.as_ref().unwrap().expose(), "második");
    assert_eq!(a.accounts()[0].conflicts().count(), 0);
    assert_eq!(a.accounts(), b.accounts());
}

#[test]
fn hotp_counters_merge_by_maximum_whatever_the_stamps() {
    let t = SyncDirs::new("fields", "hotp");
    let hotp = Credential {
        issuer: "Bank".into(),
        label: "anna".into(),
        secret: Secret::parse_base32("GEZDGNBVGY3TQOJQ").unwrap(),
        params: kulcs_core::otp::OtpParams::hotp(5),
    };
    let (mut a, mut sa, mut b, mut sb) = pair(&t, hotp);
    let id = a.accounts()[0].id;
    // A uses three codes early; B one code later (the later stamp, the lower counter).
    for i in 0..3 {
        a.advance_counter(id, NOW + 100 + i).unwrap();
    }
    b.advance_counter(id, NOW + 150).unwrap();
    b.rename(id, "Bank", "anna.k", NOW + 160).unwrap();
    round(&t, &mut a, &mut sa, &mut b, &mut sb, NOW + 200);
    for v in [&a, &b] {
        let acc = &v.accounts()[0];
        assert_eq!(acc.credential.params.counter, 8, "a counter was reused");
        assert_eq!(acc.credential.label, "anna.k");
        assert_eq!(acc.conflicts().count(), 0);
    }
}

#[test]
fn a_sync_transfer_after_a_plain_one_does_not_duplicate_the_keys() {
    let t = SyncDirs::new("fields", "plain-then-sync");
    let rng = SeededRandom::new(b"pair");
    let mut a = t.vault("a");
    a.add(ugyfelkapu(), NOW).unwrap();
    let mut b = t.vault("b");
    // First a plain transfer: the same key under a new id on B, where the user adds a note.
    let r = import_into_vault(&mut b, &bundle_from_vault(&a, None, None), NOW + 10).unwrap();
    assert_eq!(r.added, 1);
    let local = b.accounts()[0].id;
    assert_ne!(local, a.accounts()[0].id);
    b.set_note(local, Some("törlőkód: ANNA-1111"), NOW + 20)
        .unwrap();
    // Then a `--sync` transfer of the same accounts.
    let invite = SyncGroup::generate(&rng).unwrap().invite();
    let r =
        import_into_vault(&mut b, &bundle_from_vault(&a, None, Some(invite)), NOW + 30).unwrap();
    assert_eq!((r.added, r.already_present), (0, 1), "{r:?}");
    assert_eq!(b.accounts().len(), 1, "the key was added twice");
    let acc = &b.accounts()[0];
    assert_eq!(acc.id, a.accounts()[0].id, "the synced copy is kept");
    assert_eq!(
        acc.note.as_ref().map(|n| n.expose()),
        Some("törlőkód: ANNA-1111")
    );
    assert!(b.tombstones().is_empty(), "no deletion may propagate");
}

/// The field clocks' cost in a `--sync` transfer of 100 Ügyfélkapu-like accounts: printed,
/// and bounded so a change that bloats them is noticed (QR frames are the scarce resource).
#[test]
fn field_clocks_add_little_to_a_hundred_account_sync_bundle() {
    let t = SyncDirs::new("fields", "size");
    let rng = SeededRandom::new(b"size");
    let mut a = t.vault("a");
    for i in 0..100u64 {
        let mut key = [0u8; 10];
        key[..8].copy_from_slice(&(i * 7919 + 13).to_be_bytes());
        let c = Credential::ugyfelkapu(
            &format!("user{i}.name@ugyfelkapu.gov.hu"),
            Secret::from_bytes(key.to_vec()).unwrap(),
        );
        a.add(c, NOW + i * 1000).unwrap();
    }
    let invite = SyncGroup::generate(&rng).unwrap().invite();
    let with = bundle_from_vault(&a, None, Some(invite));
    let mut without = with.clone();
    for b in &mut without.accounts {
        b.identity.as_mut().unwrap().fields = None;
    }
    let (w, wo) = (
        kulcs_core::bundle::encode(&with).len(),
        kulcs_core::bundle::encode(&without).len(),
    );
    eprintln!("100-account sync bundle: {wo} B without field clocks, {w} B with");
    assert!(w * 10 <= wo * 13, "field clocks add over 30%: {wo} -> {w}");
}
