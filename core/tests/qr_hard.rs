//! Floors on the harder generated sets (`qr_synth::hard`): 1080p photos of an enrolment page
//! on a PC screen, one weak effect each, and simulated camera sequences through the live
//! scanner; plus the early give-up of a still image without a code.

use crate::support::qr_synth;

use kulcs_core::qr::{
    DecodeOptions, Decoder, LumaFrame, QrError, QrScanner, Rotation, ScanHint, ScanOptions,
};
use qr_synth::hard::{self, Hard, SeqKind};
use std::time::{Duration, Instant};

/// (effect, images, minimum decoded): the measured results (deterministic), so a change that
/// loses one of these images fails.
const FLOORS: [(Hard, u64, usize); 6] = [
    (Hard::Plain, 2, 2),
    (Hard::Motion, 3, 3),
    (Hard::Defocus, 3, 1),
    (Hard::Rot180, 2, 2),
    (Hard::Noise, 2, 2),
    (Hard::Combo, 3, 2),
];

#[test]
fn hard_screen_photos_meet_their_floors() {
    std::panic::set_hook(Box::new(|_| {}));
    let opts = DecodeOptions {
        budget: Duration::from_secs(3),
        exhaustive: false,
    };
    let mut dec = Decoder::new();
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (kind, n, floor) in FLOORS {
        let mut ok = 0;
        for i in 0..n {
            let s = hard::generate_hard(kind, i);
            match dec.decode_luma(&LumaFrame::packed(&s.luma, s.width, s.height), &opts) {
                Ok((syms, _)) => {
                    assert!(
                        syms.iter().all(|x| x.text == s.text),
                        "{}: wrong payload {syms:?}",
                        s.name
                    );
                    ok += 1;
                }
                Err(QrError::NoQrCode) => {}
                Err(e) => panic!("{}: unexpected error {e}", s.name),
            }
        }
        report.push(format!("{:<8} {ok}/{n} (floor {floor})", kind.name()));
        if ok < floor {
            failures.push(kind.name());
        }
    }
    eprintln!("hard screen photos:\n  {}", report.join("\n  "));
    assert!(failures.is_empty(), "below floor: {failures:?}");
}

/// Per sequence kind (2 sequences each): how many must be read within `ceiling` frames.
/// Measured at the 15 ms budget: approach 6 and 5 frames, shake 1 and 1, exposure unread
/// (seq 0) and 2 — the live figures are far from the goal (docs/qr.md).
const SEQ_FLOORS: [(SeqKind, usize, usize); 3] = [
    (SeqKind::Approach, 2, 8),
    (SeqKind::Shake, 2, 2),
    (SeqKind::Exposure, 1, 4),
];

#[test]
fn camera_sequences_are_read_within_their_ceilings() {
    std::panic::set_hook(Box::new(|_| {}));
    for (kind, min_read, ceiling) in SEQ_FLOORS {
        let mut read = 0;
        for i in 0..2 {
            let seq = hard::generate_sequence(kind, i);
            // A generous frame budget: on a loaded CI machine the 15 ms default makes the
            // result depend on load (steps are skipped); the live figures use 15 ms.
            let mut sc = QrScanner::new(ScanOptions {
                frame_budget: Duration::from_millis(150),
            });
            let mut read_at = None;
            for (k, f) in seq.frames.iter().enumerate() {
                let up = sc
                    .push_frame(&LumaFrame::packed(f, seq.width, seq.height), Rotation::R0)
                    .expect("valid frame");
                if up.hint == ScanHint::Found {
                    assert!(
                        up.symbols.iter().all(|s| s.text == seq.text),
                        "{}: wrong payload",
                        seq.name
                    );
                    read_at = Some(k + 1);
                    break;
                }
            }
            eprintln!("{}: read at frame {read_at:?}", seq.name);
            read += usize::from(read_at.is_some_and(|k| k <= ceiling));
        }
        assert!(
            read >= min_read,
            "{}: {read} read within {ceiling} frames, floor {min_read}",
            kind.name()
        );
    }
}

#[test]
fn still_without_a_code_gives_up_early() {
    // A 1080p "screen" of text-like bars and a lighting gradient, no code anywhere (the
    // generator's photo-like and icon kinds do not give up early yet: docs/qr.md).
    use qr_synth::nocode::{generate_nocode, NoCode, SIZE};
    let (w, h) = SIZE;
    for kind in [NoCode::TextPage, NoCode::DarkPage] {
        let img = generate_nocode(kind, 0);
        let mut dec = Decoder::new();
        let t = Instant::now();
        let res = dec.decode_luma(
            &LumaFrame::packed(&img, w as u32, h as u32),
            &DecodeOptions::default(),
        );
        let took = t.elapsed();
        assert!(
            matches!(res, Err(QrError::NoQrCode)),
            "{}: {res:?}",
            kind.name()
        );
        let st = dec.last_stats();
        eprintln!(
            "{} 1080p still: {took:?}, {} steps, gave up {}",
            kind.name(),
            st.attempts,
            st.gave_up
        );
        assert!(st.gave_up, "{}: ran {} steps", kind.name(), st.attempts);
    }
}
