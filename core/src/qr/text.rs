//! Owns turning decoded QR payload bytes into text.
//!
//! rqrr hands back the raw data bytes (byte mode is copied verbatim, Kanji mode is emitted as
//! Shift_JIS). The rule, applied in order: valid UTF-8 is used as is; otherwise bytes that are
//! valid Shift_JIS are decoded as Shift_JIS (the Japanese codes this catches are the common
//! non-UTF-8 case); otherwise the bytes are read as ISO-8859-1, the QR standard's default byte
//! charset. A payload is therefore never dropped for its encoding, and never lossy-replaced.

/// Converts payload bytes to a `String` by the rule in the module docs.
pub(crate) fn payload_to_string(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.into_bytes();
            if let Some(s) =
                encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&bytes)
            {
                return s.into_owned();
            }
            bytes.iter().map(|&b| char::from(b)).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::payload_to_string;

    #[test]
    fn utf8_is_kept() {
        assert_eq!(
            payload_to_string("Ügyfélkapu+".as_bytes().to_vec()),
            "Ügyfélkapu+"
        );
    }

    #[test]
    fn shift_jis_is_decoded() {
        // "日本" in Shift_JIS.
        assert_eq!(payload_to_string(vec![0x93, 0xFA, 0x96, 0x7B]), "日本");
    }

    #[test]
    fn other_bytes_are_latin1() {
        // 0xFF is neither UTF-8 nor a Shift_JIS lead byte.
        assert_eq!(payload_to_string(vec![b'a', 0xFF, 0xE9]), "a\u{FF}\u{E9}");
    }
}
