//! A whole session between a receiver and a sender: the payload arrives only under the shown
//! code, forged frames end the session, both sides resume from saved state.

use crate::transfer::{
    CodeLedger, PendingSend, Receiver, SeededRandom, TransferError, MAX_FAILED_FRAMES,
};

const NOW: i64 = 1_700_000_000;

fn started(rng: &SeededRandom) -> (Receiver, PendingSend) {
    let r = Receiver::new(NOW, 600, rng).unwrap();
    let p = PendingSend::scan(&r.offer().to_text(), NOW + 1).unwrap();
    (r, p)
}

#[test]
fn the_payload_arrives_over_several_frames_in_any_order() {
    let rng = SeededRandom::new(b"session");
    let (mut r, p) = started(&rng);
    let code = r.reveal_code(&rng).unwrap();
    let send = p
        .confirm(&code.display(), NOW + 2, &rng, &mut CodeLedger::default())
        .unwrap();
    let payload: Vec<u8> = (0..2000u32).map(|i| (i * 7) as u8).collect();
    let frames = send.frames(&payload, 300).unwrap();
    assert!(frames.len() > 2 && frames.iter().all(|f| f.len() <= 300));
    for f in frames.iter().rev() {
        assert!(r.accept(f, NOW + 3).unwrap().was_new);
    }
    assert!(
        !r.accept(&frames[0], NOW + 3).unwrap().was_new,
        "a repeat is not new"
    );
    assert_eq!(&r.payload().unwrap()[..], &payload[..]);
}

#[test]
fn a_wrong_code_is_refused_and_counted() {
    let rng = SeededRandom::new(b"wrong");
    let (mut r, p) = started(&rng);
    let code = r.reveal_code(&rng).unwrap();
    let mut wrong = code.digits().to_string();
    wrong.replace_range(11.., if wrong.ends_with('0') { "1" } else { "0" });
    let mut ledger = CodeLedger::default();
    let err = p.confirm(&wrong, NOW + 2, &rng, &mut ledger).unwrap_err();
    assert_eq!(err.error, TransferError::CodeMismatch { attempts_left: 4 });
    // The right code still works after one mistake; the K is now spent for other offers.
    err.pending
        .confirm(code.digits(), NOW + 3, &rng, &mut ledger)
        .unwrap();
    let (_, other) = started(&rng);
    let reused = other
        .confirm(code.digits(), NOW + 4, &rng, &mut ledger)
        .unwrap_err();
    assert_eq!(reused.error, TransferError::CodeReused);
}

#[test]
fn forged_frames_end_the_session() {
    let rng = SeededRandom::new(b"forged");
    let (mut r, p) = started(&rng);
    let code = r.reveal_code(&rng).unwrap();
    let send = p
        .confirm(code.digits(), NOW + 2, &rng, &mut CodeLedger::default())
        .unwrap();
    let good = send.frames(b"secret accounts", 970).unwrap().remove(0);
    // A frame of another session is refused without counting as a forgery.
    let (mut fresh, _) = started(&rng);
    let err = fresh.accept(&good, NOW + 3).unwrap_err();
    assert_eq!(err, TransferError::WrongSession);
    // Changing one character of the Base45 body breaks authentication (or the header).
    let mut failures = 0;
    for i in 0..MAX_FAILED_FRAMES {
        let mut bytes = good.clone().into_bytes();
        let at = bytes.len() - 1 - usize::from(i);
        bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
        match r.accept(std::str::from_utf8(&bytes).unwrap(), NOW + 3) {
            Err(TransferError::Crypto) => failures += 1,
            Err(TransferError::TooManyBadFrames) => {
                failures += 1;
                break;
            }
            other => panic!("forged frame: {other:?}"),
        }
    }
    assert_eq!(failures, MAX_FAILED_FRAMES);
    assert_eq!(
        r.accept(&good, NOW + 3),
        Err(TransferError::TooManyBadFrames)
    );
    assert_eq!(
        r.reveal_code(&rng).unwrap_err(),
        TransferError::TooManyBadFrames
    );
}

#[test]
fn both_sides_resume_from_saved_state() {
    let rng = SeededRandom::new(b"resume");
    let (mut r, p) = started(&rng);
    let p = PendingSend::restore(&p.save()).unwrap();
    let code = r.reveal_code(&rng).unwrap();
    let send = p
        .confirm(code.digits(), NOW + 2, &rng, &mut CodeLedger::default())
        .unwrap();
    let frames = send.frames(&[0xab; 900], 400).unwrap();
    r.accept(&frames[0], NOW + 3).unwrap();
    let mut r = Receiver::restore(&r.save()).unwrap();
    for f in &frames[1..] {
        r.accept(f, NOW + 4).unwrap();
    }
    assert_eq!(&r.payload().unwrap()[..], &[0xab; 900][..]);
    // After the offer expires nothing is accepted.
    assert!(matches!(
        r.accept(&frames[0], NOW + 601),
        Err(TransferError::Expired { .. })
    ));
    assert!(matches!(PendingSend::restore(b"KULCSSS2"), Err(_)));
}
