//! Typed keys: base32 (lenient) and hex parsing of arbitrary text, and raw key bytes. Asserts:
//! no panic; decode(encode(x)) == x for base32 (plain and grouped) and hex; an accepted text
//! cleans to the canonical form's characters.
#![no_main]
use kulcs_core::secret::{clean_base32, Secret};
use libfuzzer_sys::fuzz_target;

fn round_trips(s: &Secret) {
    let b32 = s.to_base32();
    assert_eq!(&Secret::parse_base32(&b32).expect("canonical base32"), s);
    assert_eq!(
        &Secret::parse_base32(&s.to_base32_grouped()).expect("grouped"),
        s
    );
    assert_eq!(&Secret::parse_hex(&s.to_hex()).expect("hex"), s);
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = Secret::from_bytes(data.to_vec()) {
        round_trips(&s);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = Secret::parse_base32(text) {
        round_trips(&s);
        // Trailing bits are not checked (lenient), so only the length is canonical.
        let cleaned = clean_base32(text).expect("parsed text must clean");
        assert_eq!(
            cleaned.len(),
            s.to_base32().len(),
            "cleaned length is not canonical"
        );
    }
    if let Ok(s) = Secret::parse_hex(text) {
        round_trips(&s);
    }
});
