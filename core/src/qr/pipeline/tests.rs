//! Unit tests of the cascade's acceptance rules.

use super::accept::{admit, MAX_PENDING, PROVEN_LOG10};

#[test]
fn weakly_proven_decode_needs_an_independent_read() {
    let mut pending = Vec::new();
    // Proven by itself: returned at once, nothing remembered.
    assert!(admit(&mut pending, "strong", -20.0));
    assert!(pending.is_empty());
    // Not proven: set aside until another read gives the same text.
    assert!(!admit(&mut pending, "weak", -6.2));
    assert!(!admit(&mut pending, "other", -7.0));
    assert!(admit(&mut pending, "weak", -6.0));
    // The memory is bounded.
    for i in 0..20 {
        assert!(!admit(&mut pending, &format!("x{i}"), -1.0));
    }
    assert_eq!(pending.len(), MAX_PENDING);
}

#[test]
fn false_accept_estimate() {
    use crate::qr::engine::Payload;
    let block = |corrected, parity, len| rqrr::BlockCorrection {
        corrected,
        parity,
        len,
    };
    let p = |blocks| Payload {
        bytes: vec![],
        segments: vec![],
        blocks,
    };
    // Version 1-L: 26 codewords, 7 parity. Clean: 256^-7; 3 corrections: C(26,3)·255^3/256^7.
    let clean = p(vec![block(0, 7, 26)]).false_accept_log10();
    assert!((clean + 16.86).abs() < 0.01, "{clean}");
    let heavy = p(vec![block(3, 7, 26)]).false_accept_log10();
    assert!((heavy + 6.22).abs() < 0.01, "{heavy}");
    assert!(heavy > PROVEN_LOG10 && clean < PROVEN_LOG10);
    // The double QR's outer code (version 6-H, 4 blocks of 43 with 28 parity, 7–9
    // corrections each) is proven: a random grid decodes like that with p < 10^-100.
    let outer = p(vec![
        block(7, 28, 43),
        block(7, 28, 43),
        block(9, 28, 43),
        block(8, 28, 43),
    ]);
    assert!(outer.false_accept_log10() < -100.0);
}
