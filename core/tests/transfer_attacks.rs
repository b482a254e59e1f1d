//! Attacks on the transfer protocol: replayed and foreign frames, a substituted offer, bit flips
//! and truncations, expired sessions, wrong codes, a newer send; plus resume and the canary
//! (nothing identifying or secret is visible in offers or frames).

use crate::support::accounts;

use kulcs_core::base45;
use kulcs_core::bundle::{self, Bundle};
use kulcs_core::random::SeededRandom;
use kulcs_core::transfer::{
    CodeLedger, ConfirmedSend, PendingSend, Receiver, TransferError, DEFAULT_FRAME_CHARS,
    FRAME_PREFIX, MAX_CODE_ATTEMPTS, OFFER_PREFIX,
};

const NOW: i64 = 1_700_000_000;

/// Confirms a copy of `p` (the original stays usable for the next try).
fn confirm(
    p: &PendingSend,
    code: &str,
    now: i64,
    ledger: &mut CodeLedger,
) -> Result<ConfirmedSend, TransferError> {
    p.clone()
        .confirm(code, now, &SeededRandom::new(b"sender key"), ledger)
        .map_err(|f| f.error)
}

/// A receiver with its code revealed, and the code.
fn revealed(seed: &[u8]) -> (Receiver, String) {
    let rng = SeededRandom::new(seed);
    let mut receiver = Receiver::new(NOW, 600, &rng).unwrap();
    let code = receiver.reveal_code(&rng).unwrap().digits().to_string();
    (receiver, code)
}

fn session(seed: &[u8]) -> (Receiver, ConfirmedSend) {
    let (receiver, code) = revealed(seed);
    let pending = PendingSend::scan(&receiver.offer().to_text(), NOW + 5).unwrap();
    let send = confirm(&pending, &code, NOW + 10, &mut CodeLedger::default()).unwrap();
    (receiver, send)
}

fn sample_bundle(n: usize) -> Bundle {
    Bundle {
        accounts: accounts::ugyfelkapu_accounts(n, b"attacks", false),
        sync: None,
    }
}

fn frames_for(send: ConfirmedSend, n: usize) -> Vec<String> {
    send.frames(&bundle::encode(&sample_bundle(n)), 400)
        .unwrap()
}

#[test]
fn round_trip_in_any_order_with_progress() {
    let (mut receiver, send) = session(b"order");
    let frames = frames_for(send, 30);
    assert!(
        frames.len() >= 3,
        "want several frames, got {}",
        frames.len()
    );
    let n = frames.len();
    let order: Vec<usize> = (0..n).rev().collect();
    for (k, i) in order.iter().enumerate() {
        let p = receiver.accept(&frames[*i], NOW + 20).unwrap();
        assert_eq!((p.received, p.total), (k + 1, Some(n)));
        assert_eq!(p.to_string(), format!("{}/{}", k + 1, n));
        assert!(p.was_new);
    }
    assert_eq!(
        bundle::decode(&receiver.payload().unwrap()).unwrap(),
        sample_bundle(30)
    );
}

#[test]
fn replayed_frame_is_a_harmless_duplicate() {
    let (mut receiver, send) = session(b"replay");
    let frames = frames_for(send, 30);
    receiver.accept(&frames[0], NOW).unwrap();
    let again = receiver.accept(&frames[0], NOW).unwrap();
    assert!(!again.was_new);
    assert_eq!(again.received, 1);
    assert!(matches!(
        receiver.payload(),
        Err(TransferError::Incomplete { received: 1, .. })
    ));
}

#[test]
fn frame_from_another_session_is_rejected() {
    let (mut receiver, _) = session(b"mine");
    let (_, other_send) = session(b"theirs");
    let foreign = frames_for(other_send, 5);
    assert_eq!(
        receiver.accept(&foreign[0], NOW),
        Err(TransferError::WrongSession)
    );
    assert_eq!(receiver.progress().received, 0);
}

#[test]
fn frame_with_session_id_rewritten_fails_authentication() {
    let (mut receiver, _) = session(b"mine");
    let (_, other_send) = session(b"theirs");
    let foreign = frames_for(other_send, 5);
    let mut body = base45::decode(&foreign[0][FRAME_PREFIX.len()..]).unwrap();
    body[1..17].copy_from_slice(&receiver.offer().session_id);
    let forged = format!("{FRAME_PREFIX}{}", base45::encode(&body));
    assert_eq!(receiver.accept(&forged, NOW), Err(TransferError::Crypto));
}

#[test]
fn substituted_offer_key_gives_a_different_code() {
    let (receiver, code) = revealed(b"victim");
    // The attacker shows the sending device its own offer: same session id and expiry, its key.
    let attacker = Receiver::new(NOW, 600, &SeededRandom::new(b"attacker")).unwrap();
    let mut forged_offer = attacker.offer().clone();
    forged_offer.session_id = receiver.offer().session_id;
    forged_offer.expires_unix = receiver.offer().expires_unix;
    let pending = PendingSend::scan(&forged_offer.to_text(), NOW).unwrap();
    // The user types the code the real receiver shows: it does not match the forged offer.
    let err = confirm(&pending, &code, NOW, &mut CodeLedger::default()).unwrap_err();
    assert_eq!(
        err,
        TransferError::CodeMismatch {
            attempts_left: MAX_CODE_ATTEMPTS - 1
        }
    );
}

#[test]
fn a_code_typed_against_one_offer_cannot_be_used_with_another() {
    // After a mismatch the code's digits are known to whoever watched the receiver's screen, so
    // a second substituted offer could be ground to match them. The sender's ledger refuses the
    // spent code for any other offer; only the offer it was first typed against may be retried.
    let (receiver, code) = revealed(b"reuse");
    let attacker = Receiver::new(NOW, 600, &SeededRandom::new(b"mallory")).unwrap();
    let mut ledger = CodeLedger::default();
    let forged = PendingSend::scan(&attacker.offer().to_text(), NOW).unwrap();
    assert!(matches!(
        confirm(&forged, &code, NOW, &mut ledger),
        Err(TransferError::CodeMismatch { .. })
    ));
    let rescanned = PendingSend::scan(&receiver.offer().to_text(), NOW + 5).unwrap();
    assert_eq!(
        confirm(&rescanned, &code, NOW + 5, &mut ledger).unwrap_err(),
        TransferError::CodeReused
    );
    // A fresh session on the receiver gives a fresh code that works.
    let (fresh, fresh_code) = revealed(b"fresh");
    let p = PendingSend::scan(&fresh.offer().to_text(), NOW + 10).unwrap();
    confirm(&p, &fresh_code, NOW + 10, &mut ledger).unwrap();
    // Retrying (typos) against the same offer stays possible.
    let same = PendingSend::scan(&receiver.offer().to_text(), NOW).unwrap();
    let mut l2 = CodeLedger::default();
    let mut typo = code.clone().into_bytes();
    typo[11] = if typo[11] == b'0' { b'1' } else { b'0' };
    assert!(confirm(&same, std::str::from_utf8(&typo).unwrap(), NOW, &mut l2).is_err());
    confirm(&same, &code, NOW, &mut l2).unwrap();
}

#[test]
fn grinding_offers_against_a_known_tag_does_not_help() {
    // The tag depends on K, which the attacker does not know when choosing its offer: over many
    // forged offers, the fraction whose tag matches the real code stays near 1e-6.
    let (_, code) = revealed(b"victim2");
    let mut matches = 0;
    for i in 0..2000u32 {
        let a = Receiver::new(NOW, 600, &SeededRandom::new(&i.to_be_bytes())).unwrap();
        let pending = PendingSend::scan(&a.offer().to_text(), NOW).unwrap();
        if confirm(&pending, &code, NOW, &mut CodeLedger::default()).is_ok() {
            matches += 1;
        }
    }
    assert_eq!(matches, 0);
}

#[test]
fn wrong_codes_then_lockout() {
    let (receiver, good) = revealed(b"typos");
    let pending = PendingSend::scan(&receiver.offer().to_text(), NOW).unwrap();
    // The attempt count lives in the ledger (it survives restarts of the pending send).
    let mut ledger = CodeLedger::default();
    assert_eq!(
        confirm(&pending, "12345", NOW, &mut ledger).unwrap_err(),
        TransferError::CodeFormat
    );
    let mut bad = good.clone().into_bytes();
    bad[11] = if bad[11] == b'0' { b'1' } else { b'0' };
    let bad = String::from_utf8(bad).unwrap();
    assert_eq!(
        confirm(&pending, &format!("{}x", &bad[..11]), NOW, &mut ledger).unwrap_err(),
        TransferError::CodeFormat
    );
    for left in (1..MAX_CODE_ATTEMPTS).rev() {
        let restarted = PendingSend::restore(&pending.save()).unwrap();
        assert_eq!(
            confirm(&restarted, &bad, NOW, &mut ledger).unwrap_err(),
            TransferError::CodeMismatch {
                attempts_left: left
            }
        );
    }
    assert_eq!(
        confirm(&pending, &bad, NOW, &mut ledger).unwrap_err(),
        TransferError::TooManyAttempts
    );
    assert_eq!(
        confirm(&pending, &good, NOW, &mut ledger).unwrap_err(),
        TransferError::TooManyAttempts
    );
}

#[test]
fn bit_flips_and_truncations_are_rejected() {
    let (receiver, send) = session(b"flips");
    let frames = frames_for(send, 10);
    let body = base45::decode(&frames[0][FRAME_PREFIX.len()..]).unwrap();
    for byte in 0..body.len() {
        for bit in [0u8, 3, 7] {
            let mut r = Receiver::restore(&receiver.save()).unwrap();
            let mut b = body.clone();
            b[byte] ^= 1 << bit;
            let text = format!("{FRAME_PREFIX}{}", base45::encode(&b));
            let err = r.accept(&text, NOW).unwrap_err();
            assert!(
                matches!(
                    err,
                    TransferError::Crypto
                        | TransferError::WrongSession
                        | TransferError::Malformed { .. }
                        | TransferError::UnsupportedVersion { .. }
                ),
                "byte {byte} bit {bit}: {err:?}"
            );
            assert_eq!(r.progress().received, 0);
        }
    }
    for len in 0..frames[0].len() {
        let mut r = Receiver::restore(&receiver.save()).unwrap();
        assert!(
            r.accept(&frames[0][..len], NOW).is_err(),
            "truncated to {len}"
        );
    }
    let offer = receiver.offer().to_text();
    for len in 0..offer.len() {
        assert!(PendingSend::scan(&offer[..len], NOW).is_err());
    }
    let mut r = Receiver::restore(&receiver.save()).unwrap();
    assert_eq!(
        r.accept("KULCS:F1:abc", NOW).unwrap_err().kind(),
        "Malformed"
    );
    assert_eq!(
        r.accept("hello", NOW).unwrap_err(),
        TransferError::NotTransferData
    );
    assert_eq!(
        r.accept("KULCS:F9:000", NOW).unwrap_err(),
        TransferError::UnsupportedVersion { found: 9 }
    );
    assert_eq!(
        r.accept(&offer, NOW).unwrap_err(),
        TransferError::WrongKind {
            expected: "frame",
            found: "offer"
        }
    );
}

#[test]
fn expired_sessions_are_rejected_everywhere() {
    let (mut receiver, code) = revealed(b"expiry");
    let offer = receiver.offer().to_text();
    let late = NOW + 601;
    assert_eq!(
        PendingSend::scan(&offer, late).unwrap_err(),
        TransferError::Expired {
            expired_at: NOW + 600
        }
    );
    let pending = PendingSend::scan(&offer, NOW + 590).unwrap();
    let mut ledger = CodeLedger::default();
    assert_eq!(
        confirm(&pending, &code, late, &mut ledger).unwrap_err(),
        TransferError::Expired {
            expired_at: NOW + 600
        }
    );
    let send = confirm(&pending, &code, NOW + 599, &mut ledger).unwrap();
    let frames = frames_for(send, 3);
    assert_eq!(
        receiver.accept(&frames[0], late).unwrap_err(),
        TransferError::Expired {
            expired_at: NOW + 600
        }
    );
    // Offers claiming a lifetime beyond a day are refused.
    let mut long = receiver.offer().clone();
    long.expires_unix = NOW + 2 * 86_400;
    assert_eq!(
        PendingSend::scan(&long.to_text(), NOW).unwrap_err(),
        TransferError::LifetimeTooLong
    );
}

#[test]
fn a_newer_send_restarts_the_progress() {
    // Two confirmations (the sender app restarted and the code was typed again) have two keys;
    // authenticated frames of the other send restart the progress instead of mixing.
    let (mut receiver, code) = revealed(b"mixed");
    let pending = PendingSend::scan(&receiver.offer().to_text(), NOW).unwrap();
    let mut ledger = CodeLedger::default();
    let send_a = confirm(&pending, &code, NOW, &mut ledger).unwrap();
    let send_b = pending
        .clone()
        .confirm(&code, NOW, &SeededRandom::new(b"second"), &mut ledger)
        .unwrap();
    let a = frames_for(send_a, 30);
    let b = frames_for(send_b, 30);
    receiver.accept(&a[0], NOW).unwrap();
    receiver.accept(&a[2], NOW).unwrap();
    let p = receiver.accept(&b[1], NOW).unwrap();
    assert_eq!((p.received, p.total), (1, Some(b.len())));
    for f in &b {
        receiver.accept(f, NOW).unwrap();
    }
    assert_eq!(
        bundle::decode(&receiver.payload().unwrap()).unwrap(),
        sample_bundle(30)
    );
}

#[test]
fn resume_from_saved_state() {
    let (mut receiver, send) = session(b"resume");
    let frames = frames_for(send, 30);
    receiver.accept(&frames[1], NOW).unwrap();
    let saved = receiver.save();
    let mut resumed = Receiver::restore(&saved).unwrap();
    assert_eq!(resumed.progress().received, 1);
    assert_eq!(resumed.progress().total, Some(frames.len()));
    for f in &frames {
        resumed.accept(f, NOW).unwrap();
    }
    assert_eq!(
        bundle::decode(&resumed.payload().unwrap()).unwrap(),
        sample_bundle(30)
    );
    // A damaged state is refused, never half-loaded.
    for cut in [0, 5, 20, saved.len() - 1] {
        assert_eq!(
            Receiver::restore(&saved[..cut]).unwrap_err(),
            TransferError::BadState
        );
    }
    let mut flipped = saved.to_vec();
    flipped[60] ^= 1;
    assert_eq!(
        Receiver::restore(&flipped).unwrap_err(),
        TransferError::BadState
    );
    // The sender's pending state resumes too.
    let (r2, code) = revealed(b"pending");
    let pending = PendingSend::scan(&r2.offer().to_text(), NOW).unwrap();
    let back = PendingSend::restore(&pending.save()).unwrap();
    confirm(&back, &code, NOW, &mut CodeLedger::default()).unwrap();
}

fn encodings(bytes: &[u8]) -> Vec<String> {
    use data_encoding::{BASE32_NOPAD, BASE64, BASE64URL_NOPAD, BASE64_NOPAD, HEXLOWER, HEXUPPER};
    vec![
        BASE32_NOPAD.encode(bytes),
        BASE64.encode(bytes),
        BASE64_NOPAD.encode(bytes),
        BASE64URL_NOPAD.encode(bytes),
        HEXLOWER.encode(bytes),
        HEXUPPER.encode(bytes),
        base45::encode(bytes),
    ]
}

#[test]
fn canary_nothing_visible_in_offers_or_frames() {
    let (receiver, send) = session(b"canary");
    let b = sample_bundle(12);
    let frames = send
        .frames(&bundle::encode(&b), DEFAULT_FRAME_CHARS)
        .unwrap();
    let mut texts = vec![receiver.offer().to_text()];
    texts.extend(frames.iter().cloned());
    let mut blobs: Vec<Vec<u8>> = texts.iter().map(|t| t.as_bytes().to_vec()).collect();
    for t in &texts {
        let prefix = if t.starts_with(OFFER_PREFIX) {
            OFFER_PREFIX
        } else {
            FRAME_PREFIX
        };
        blobs.push(base45::decode(&t[prefix.len()..]).unwrap());
    }
    blobs.push(receiver.save().to_vec());
    for acct in &b.accounts {
        let secret = acct.credential.secret.expose_bytes();
        let mut needles: Vec<Vec<u8>> = vec![secret.to_vec()];
        needles.extend(encodings(secret).into_iter().map(String::into_bytes));
        let user = acct.credential.label.split('@').next().unwrap();
        for s in [
            acct.credential.issuer.as_str(),
            acct.credential.label.as_str(),
            user,
            "ugyfelkapu",
        ] {
            needles.push(s.as_bytes().to_vec());
            needles.push(s.to_uppercase().into_bytes());
            needles.extend(encodings(s.as_bytes()).into_iter().map(String::into_bytes));
        }
        for blob in &blobs {
            for n in &needles {
                assert!(
                    !blob.windows(n.len()).any(|w| w == n.as_slice()),
                    "leaked {:?}",
                    String::from_utf8_lossy(n)
                );
            }
        }
    }
}

#[test]
fn debug_output_never_shows_secrets_or_notes() {
    let mut b = sample_bundle(2);
    b.accounts[0].note = Some(zeroize::Zeroizing::new("törlőkód-SECRET".into()));
    b.sync = Some(bundle::SyncInvite {
        group_id: [1; 16],
        key: zeroize::Zeroizing::new([0xab; 32]),
        members: None,
    });
    let rng = SeededRandom::new(b"debug");
    let mut receiver = Receiver::new(NOW, 600, &rng).unwrap();
    let code = receiver.reveal_code(&rng).unwrap();
    let shown = format!("{b:?} {receiver:?} {code:?}");
    assert!(
        !shown.contains("SECRET") && !shown.contains("171, 171"),
        "{shown}"
    );
    assert!(!shown.contains(code.digits()));
    for a in &b.accounts {
        assert!(!shown.contains(&*a.credential.secret.to_base32()));
    }
}
