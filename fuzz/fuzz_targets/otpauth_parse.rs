//! `otpauth://` URIs (what an enrolment QR code says). Asserts: no panic; an accepted URI is
//! recognised by `is_otpauth`; re-formatting the parsed account gives a URI that parses to
//! the same account, and formatting is then a fixed point.
#![no_main]
use kulcs_core::{otpauth, payload};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = payload::classify(text);
    let Ok(parsed) = otpauth::parse(text) else {
        return;
    };
    assert!(otpauth::is_otpauth(text));
    let uri = otpauth::format(&parsed.credential);
    assert!(
        uri.len() <= otpauth::MAX_URI_BYTES,
        "formatted URI too long to parse again (F1)"
    );
    let again = otpauth::parse(&uri).expect("a formatted account must parse");
    assert_eq!(
        again.credential, parsed.credential,
        "format/parse changed the account"
    );
    assert_eq!(
        otpauth::format(&again.credential),
        uri,
        "format is not a fixed point"
    );
});
