//! End to end: a transfer between two vaults through PNG files read by the core's own QR
//! decoder (offer PNG → sender, frame PNGs → receiver, in reverse order, with a resume in the
//! middle), joining a sync group, then the two devices syncing through a directory.

use crate::support::accounts;

use std::path::PathBuf;

use kulcs_core::bundle;
use kulcs_core::exchange::{bundle_from_vault, import_into_vault, VaultLedger};
use kulcs_core::qr_render;
use kulcs_core::random::SeededRandom;
use kulcs_core::sync::{self, SyncGroup, SyncState};
use kulcs_core::transfer::{PendingSend, Receiver, DEFAULT_FRAME_CHARS};
use kulcs_core::vault::{FileKeyStore, Vault, VaultOptions};

const NOW_MS: u64 = 1_763_700_000_000;
const NOW: i64 = (NOW_MS / 1000) as i64;

fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("kulcs-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

fn scan(path: &PathBuf) -> String {
    let bytes = std::fs::read(path).unwrap();
    let symbols = kulcs_core::qr::decode_image_bytes_with(
        &bytes,
        &kulcs_core::qr::DecodeOptions {
            budget: std::time::Duration::from_secs(20),
            exhaustive: false,
        },
    )
    .unwrap();
    assert_eq!(symbols.len(), 1);
    symbols[0].text.clone()
}

#[test]
fn transfer_between_vaults_through_png_files_then_sync() {
    let dir = tmp("png");
    let rng = SeededRandom::new(b"e2e");
    // The old device has 100 Ügyfélkapu-like accounts.
    let mut old = Vault::create_with(
        &dir.join("old.kulcs"),
        &FileKeyStore::new(dir.join("old.key")),
        NOW_MS,
        VaultOptions::testing(),
    )
    .unwrap();
    for (i, a) in accounts::ugyfelkapu_accounts(100, b"e2e-accounts", false)
        .into_iter()
        .enumerate()
    {
        old.add(a.credential, NOW_MS + i as u64).unwrap();
    }
    let first = old.accounts()[0].id;
    old.set_note(first, Some("törlőkód: 9876-5432"), NOW_MS + 200)
        .unwrap();
    let mut new = Vault::create_with(
        &dir.join("new.kulcs"),
        &FileKeyStore::new(dir.join("new.key")),
        NOW_MS,
        VaultOptions::testing(),
    )
    .unwrap();

    // New device: offer PNG.
    let receiver = Receiver::new(NOW, 600, &rng).unwrap();
    std::fs::write(
        dir.join("offer.png"),
        qr_render::png(&receiver.offer().to_text()).unwrap(),
    )
    .unwrap();
    let saved = receiver.save();
    drop(receiver);

    // Old device scans the offer; then the new device reveals the code; the user types it.
    let pending = PendingSend::scan(&scan(&dir.join("offer.png")), NOW + 20).unwrap();
    let mut receiver = Receiver::restore(&saved).unwrap();
    let code = receiver.reveal_code(&rng).unwrap().display();
    // The code ledger is the one inside the old device's vault.
    let send = pending
        .confirm(&code, NOW + 30, &rng, &mut VaultLedger(&mut old))
        .unwrap();
    assert_eq!(old.contents().transfer_codes.entries().len(), 1);
    let group = SyncGroup::generate(&rng).unwrap();
    let payload = bundle::encode(&bundle_from_vault(&old, None, Some(group.invite())));
    let frames = send.frames(&payload, DEFAULT_FRAME_CHARS).unwrap();
    eprintln!("100 accounts with sync identities: {} frames", frames.len());
    let mut paths = Vec::new();
    for (i, f) in frames.iter().enumerate() {
        let p = dir.join(format!("frame-{i}.png"));
        std::fs::write(&p, qr_render::png(f).unwrap()).unwrap();
        paths.push(p);
    }

    // New device scans the frames in reverse order, saving and resuming halfway.
    for (k, p) in paths.iter().rev().enumerate() {
        let progress = receiver.accept(&scan(p), NOW + 60).unwrap();
        assert_eq!(progress.received, k + 1);
        if k == frames.len() / 2 {
            receiver = Receiver::restore(&receiver.save()).unwrap();
        }
    }
    let received = bundle::decode(&receiver.payload().unwrap()).unwrap();
    let report = import_into_vault(&mut new, &received, NOW_MS + 70_000).unwrap();
    assert_eq!(report.added, 100);
    assert!(report.joined_sync);
    assert_eq!(new.accounts(), old.accounts());
    assert_eq!(
        new.account(first).unwrap().note.as_ref().unwrap().expose(),
        "törlőkód: 9876-5432"
    );
    new.save().unwrap();

    // Both devices now sync through a directory.
    let shared = dir.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    let mut s_old = SyncState::new(group, old.device_id());
    let mut s_new = SyncState::new(
        SyncGroup::from_invite(received.sync.as_ref().unwrap()),
        new.device_id(),
    );
    let second = old.accounts()[1].id;
    new.remove(second, NOW_MS + 100_000).unwrap();
    old.rename(
        first,
        "Ügyfélkapu+",
        "atnevezve@ugyfelkapu.gov.hu",
        NOW_MS + 100_500,
    )
    .unwrap();
    sync::sync_vault(&shared, &mut old, &mut s_old, NOW_MS + 200_000, &rng).unwrap();
    sync::sync_vault(&shared, &mut new, &mut s_new, NOW_MS + 200_100, &rng).unwrap();
    sync::sync_vault(&shared, &mut old, &mut s_old, NOW_MS + 200_200, &rng).unwrap();
    assert_eq!(old.accounts(), new.accounts());
    assert_eq!(old.accounts().len(), 99);
    assert_eq!(
        new.account(first).unwrap().credential.label,
        "atnevezve@ugyfelkapu.gov.hu"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn plain_transfer_without_sync_adds_new_accounts_and_skips_duplicates() {
    let dir = tmp("plain");
    let rng = SeededRandom::new(b"plain");
    let mut old = Vault::create_with(
        &dir.join("old.kulcs"),
        &FileKeyStore::new(dir.join("old.key")),
        NOW_MS,
        VaultOptions::testing(),
    )
    .unwrap();
    for a in accounts::ugyfelkapu_accounts(5, b"plain", false) {
        old.add(a.credential, NOW_MS).unwrap();
    }
    let mut new = Vault::create_with(
        &dir.join("new.kulcs"),
        &FileKeyStore::new(dir.join("new.key")),
        NOW_MS,
        VaultOptions::testing(),
    )
    .unwrap();
    new.add(old.accounts()[0].credential.clone(), NOW_MS)
        .unwrap();
    let b = bundle_from_vault(&old, None, None);
    assert!(b.accounts.iter().all(|a| a.identity.is_none()));
    let report = import_into_vault(&mut new, &b, NOW_MS + 1).unwrap();
    assert_eq!(
        (report.added, report.already_present, report.joined_sync),
        (4, 1, false)
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = rng;
}
