//! Transfer frames and the bundle they carry. Mode 0: text, one frame per line, fed to the
//! transfer vector's receiver (`Receiver::accept`); mode 1: bytes as a payload, framed by the
//! vector's confirmed sender and accepted in reverse order; mode 2: bytes → `bundle::decode`.
//! Asserts: no panic; progress never exceeds the total; a complete transfer yields exactly the
//! payload sent; a decoded bundle re-encodes and decodes to itself.
#![no_main]
use kulcs_core::bundle;
use kulcs_core::random::SeededRandom;
use kulcs_core::transfer::{CodeLedger, PendingSend, Receiver};
use kulcs_fuzz::{vector_receiver, TRANSFER_NOW, TRANSFER_SENDER_SEED};
use libfuzzer_sys::fuzz_target;

fn check_bundle(bytes: &[u8]) {
    if let Ok(b) = bundle::decode(bytes) {
        let again = bundle::decode(&bundle::encode(&b)).expect("an encoded bundle must decode");
        assert_eq!(again, b, "bundle changed in encode/decode");
    }
}

fn finish(receiver: &Receiver) {
    if receiver.progress().is_complete() {
        let payload = receiver
            .payload()
            .expect("a complete transfer must give its payload");
        check_bundle(&payload);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = kulcs_fuzz::split_mode(data, 3) else {
        return;
    };
    match mode {
        0 => {
            let Ok(text) = std::str::from_utf8(rest) else {
                return;
            };
            let mut receiver = vector_receiver();
            for line in text.lines().take(80) {
                if let Ok(p) = receiver.accept(line, TRANSFER_NOW) {
                    assert!(p.total.is_some_and(|t| p.received <= t && t > 0));
                }
            }
            finish(&receiver);
        }
        1 => {
            let Some((&width, payload)) = rest.split_first() else {
                return;
            };
            let payload = &payload[..payload.len().min(8192)];
            let mut receiver = vector_receiver();
            let rng = SeededRandom::new(TRANSFER_SENDER_SEED);
            let code = receiver.reveal_code(&rng).expect("reveal").display();
            let pending =
                PendingSend::scan(&receiver.offer().to_text(), TRANSFER_NOW).expect("scan");
            let send = pending
                .confirm(&code, TRANSFER_NOW, &rng, &mut CodeLedger::default())
                .map_err(|failed| failed.error)
                .expect("the right code");
            let max_chars = 100 + usize::from(width) * 4;
            let Ok(frames) = send.frames(payload, max_chars) else {
                return;
            };
            for f in frames.iter().rev() {
                assert!(f.len() <= max_chars, "frame longer than asked for");
                receiver
                    .accept(f, TRANSFER_NOW)
                    .expect("an honest frame must be accepted");
            }
            assert_eq!(&receiver.payload().expect("complete")[..], payload);
            check_bundle(payload);
        }
        _ => check_bundle(rest),
    }
});
