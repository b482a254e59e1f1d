//! Hostile input never panics: randomly mutated offers, frames, bundles, receiver states,
//! replicas, sync states, code ledgers and Google export URIs are refused with typed errors.

use crate::support::accounts;

use kulcs_core::base45;
use kulcs_core::bundle::{self, Bundle};
use kulcs_core::hlc::DeviceId;
use kulcs_core::migration;
use kulcs_core::payload;
use kulcs_core::random::SeededRandom;
use kulcs_core::sync::{replica, Replica, ReplicaData, SyncGroup, SyncState};
use kulcs_core::transfer::{CodeLedger, PendingSend, Receiver};

use crate::support::XorShift64 as Rng;

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(5) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            2 => {
                let cut = rng.below(b.len() + 1);
                b.truncate(cut);
            }
            3 => {
                let i = rng.below(b.len() + 1);
                b.insert(i, rng.next() as u8);
            }
            _ => {
                if b.len() > 2 {
                    let i = rng.below(b.len() - 1);
                    b.swap(i, i + 1);
                }
            }
        }
    }
    b
}

#[test]
fn mutated_inputs_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let seeded = SeededRandom::new(b"robust");
    let mut receiver = Receiver::new(0, 600, &seeded).unwrap();
    let pending = PendingSend::scan(&receiver.offer().to_text(), 0).unwrap();
    let code = receiver.reveal_code(&seeded).unwrap();
    let send = pending
        .confirm(code.digits(), 0, &seeded, &mut CodeLedger::default())
        .unwrap();
    let b = Bundle {
        accounts: accounts::ugyfelkapu_accounts(12, b"robust", true),
        sync: None,
    };
    let encoded = bundle::encode(&b);
    let frames = send.frames(&encoded, 300).unwrap();
    let frame_body = base45::decode(&frames[0]["KULCS:F1:".len()..]).unwrap();
    let state = receiver.save();
    let group = SyncGroup::generate(&seeded).unwrap();
    let accounts: Vec<_> = b
        .accounts
        .iter()
        .cloned()
        .filter_map(replica::from_bundle_account)
        .collect();
    let rep = Replica {
        device: DeviceId(5),
        version: 3,
        clock: accounts[0].updated,
        data: ReplicaData::from_parts(accounts, []),
    };
    let sealed = replica::seal(&group, &rep, &seeded).unwrap();
    let sync_state = SyncState::new(group.clone(), DeviceId(5)).to_bytes();
    let google = migration::export(
        &b.accounts
            .iter()
            .map(|a| a.credential.clone())
            .collect::<Vec<_>>(),
        9,
    )
    .uris[0]
        .to_string();
    let mut legacy_ledger = b"KULCSCL1".to_vec();
    legacy_ledger.extend_from_slice(&[7u8; 88]);
    for _ in 0..20_000 {
        // A fresh receiver each round: failed decryptions end a session after three.
        let mut r = Receiver::restore(&state).unwrap();
        // Frames: mutate the binary body (re-encoded) and the text itself.
        let body = mutate(&mut rng, &frame_body);
        if r.accept(&format!("KULCS:F1:{}", base45::encode(&body)), 0)
            .is_ok()
        {
            assert_eq!(body, frame_body, "a changed frame was accepted");
        }
        let text = mutate(&mut rng, frames[0].as_bytes());
        if let Ok(t) = String::from_utf8(text) {
            if r.accept(&t, 0).is_ok() {
                assert_eq!(t, frames[0], "a changed frame text was accepted");
            }
            let _ = payload::classify(&t);
        }
        let offer = mutate(&mut rng, receiver.offer().to_text().as_bytes());
        if let Ok(t) = String::from_utf8(offer) {
            let _ = PendingSend::scan(&t, 0);
            let _ = PendingSend::restore(t.as_bytes());
        }
        let _ = bundle::decode(&mutate(&mut rng, &encoded));
        // Raw (uncompressed) bundle bytes too, so the field parser sees the mutations.
        let mut raw = vec![0u8];
        raw.extend_from_slice(&miniz_oxide::inflate::decompress_to_vec(&encoded[1..]).unwrap());
        let _ = bundle::decode(&mutate(&mut rng, &raw));
        let _ = Receiver::restore(&mutate(&mut rng, &state));
        let _ = replica::open(&group, &mutate(&mut rng, &sealed));
        let _ = replica::header(&mutate(&mut rng, &sealed));
        let _ = SyncState::from_bytes(&mutate(&mut rng, &sync_state));
        let _ = CodeLedger::from_legacy_bytes(&mutate(&mut rng, &legacy_ledger));
        if let Ok(t) = String::from_utf8(mutate(&mut rng, google.as_bytes())) {
            let _ = migration::parse(&t);
        }
    }
    let _ = &frames;
}
