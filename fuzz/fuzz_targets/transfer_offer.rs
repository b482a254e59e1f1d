//! The transfer offer QR text and the saved transfer states. Mode 0: text → `Offer::parse`,
//! `inspect`, `PendingSend::scan`; mode 1: bytes → `Receiver::restore`, `PendingSend::restore`,
//! `CodeLedger::from_legacy_bytes`; mode 2: Base45 both ways. Asserts: no panic; Base45 is a
//! bijection (decode(encode(x)) == x, and accepted text is exactly encode of its bytes), so an
//! accepted offer text is exactly `to_text()` of the parsed offer; a restored state saves back
//! to the same bytes.
#![no_main]
use kulcs_core::base45;
use kulcs_core::transfer::{
    inspect, CodeLedger, Offer, PendingSend, Receiver, ScannedTransfer, OFFER_PREFIX,
};
use kulcs_fuzz::TRANSFER_NOW;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = kulcs_fuzz::split_mode(data, 3) else {
        return;
    };
    match mode {
        0 => {
            let Ok(text) = std::str::from_utf8(rest) else {
                return;
            };
            let parsed = Offer::parse(text);
            if text.starts_with(OFFER_PREFIX) {
                assert_eq!(
                    matches!(inspect(text), Ok(ScannedTransfer::Offer)),
                    parsed.is_ok(),
                    "inspect and Offer::parse disagree"
                );
            } else {
                let _ = inspect(text);
            }
            let scanned = PendingSend::scan(text, TRANSFER_NOW);
            let Ok(offer) = parsed else { return };
            assert_eq!(
                offer.to_text(),
                text,
                "accepted offer text is not canonical"
            );
            assert_eq!(Offer::parse(&offer.to_text()).expect("own text"), offer);
            if let Ok(p) = scanned {
                assert_eq!(p.offer(), &offer);
            }
        }
        1 => {
            if let Ok(r) = Receiver::restore(rest) {
                assert_eq!(&r.save()[..], rest, "receiver state does not save back");
            }
            if let Ok(p) = PendingSend::restore(rest) {
                let saved = p.save();
                if rest.starts_with(b"KULCSSS1") {
                    // A version-1 state (it held a sender seed) is read and saved as version 2.
                    let again = PendingSend::restore(&saved).expect("own state");
                    assert_eq!(
                        again.offer(),
                        p.offer(),
                        "send state upgrade lost the offer"
                    );
                } else {
                    assert_eq!(&saved[..], rest, "send state does not save back");
                }
            }
            // The former side-file ledger (KULCSCL1) is only read now, to migrate it.
            if let Ok(l) = CodeLedger::from_legacy_bytes(rest) {
                assert!(l.entries().len() <= rest.len() / 44);
            }
        }
        _ => {
            let enc = base45::encode(rest);
            assert_eq!(base45::decode(&enc).as_deref(), Some(rest));
            let Ok(text) = std::str::from_utf8(rest) else {
                return;
            };
            if let Some(bytes) = base45::decode(text) {
                assert_eq!(
                    base45::encode(&bytes),
                    text,
                    "two texts decode to the same bytes"
                );
            }
        }
    }
});
