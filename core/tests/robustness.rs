//! No input makes the parsers panic: mutated URIs, keys and payloads, 200,000 of them.

use kulcs_core::{otpauth, payload, secret::Secret};

use crate::support::XorShift64 as Rng;

const SEEDS: &[&str] = &[
    "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos@ugyfelkapu.gov.hu?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cgyf%C3%A9lkapu%2B&algorithm=SHA1&digits=6&period=30",
    "otpauth://hotp/A:b?secret=MFRGG===&counter=18446744073709551615&digits=10",
    "otpauth://steam/Steam:x?secret=jbsw%20y3dp&encoder=steam",
    "jbsw y3dp ehpk 3pxp",
];
const ALPHABET: &[u8] = b"%:?&=/+-_ .0123456789ABCDEFabcdefXYZ\xc3\x9c\xff\x00#@";

fn mutate(rng: &mut Rng, seed: &str) -> Vec<u8> {
    let mut b = seed.as_bytes().to_vec();
    for _ in 0..=(rng.next() % 6) {
        let at = if b.is_empty() {
            0
        } else {
            (rng.next() as usize) % b.len()
        };
        match rng.next() % 4 {
            0 if !b.is_empty() => {
                b.remove(at);
            }
            1 => b.insert(at, ALPHABET[(rng.next() as usize) % ALPHABET.len()]),
            2 if !b.is_empty() => b[at] = rng.next() as u8,
            _ => b.truncate(at),
        }
    }
    b
}

#[test]
fn mutated_inputs_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0usize;
    for i in 0..200_000 {
        let bytes = mutate(&mut rng, SEEDS[i % SEEDS.len()]);
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(parsed) = otpauth::parse(&text) {
            accepted += 1;
            // Whatever was accepted formats and re-parses to the same credential.
            let again =
                otpauth::parse(&otpauth::format(&parsed.credential)).expect("formatted URI parses");
            assert_eq!(again.credential, parsed.credential, "{text}");
            let _ = parsed
                .credential
                .code_window(1_700_000_000)
                .expect("accepted params make codes");
        }
        let _ = Secret::parse_base32(&text);
        let _ = Secret::parse_hex(&text);
        let _ = payload::classify(&text);
    }
    // The mutations must exercise both paths, or this test proves nothing.
    assert!(
        accepted > 10_000 && accepted < 190_000,
        "accepted {accepted}"
    );
}
