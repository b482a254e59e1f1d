//! Owns turning decoded QR payload bytes into text (charset by ECI, else UTF-8, else a guess).
//!
//! rqrr hands back the data bytes and, per segment, its mode and the ECI in force. The rule:
//!
//! 1. Numeric and alphanumeric segments are ASCII; Kanji segments are Shift_JIS (rqrr writes
//!    them as Shift_JIS pairs).
//! 2. A byte segment under an ECI designator uses that charset (ECI 3/1 ISO-8859-1, 4–18
//!    ISO-8859-2…16, 20 Shift_JIS, 21–24 windows-125x, 25 UTF-16BE, 26 UTF-8, 27/170 ASCII,
//!    28 Big5, 29 GB18030, 30 EUC-KR).
//! 3. A byte segment without ECI (or with one we do not know, or whose bytes are malformed in
//!    it) is UTF-8 if it is valid UTF-8, else the charset [`guess_charset`] picks between
//!    ISO-8859-1 (the QR standard's default) and Shift_JIS from the bytes' statistics, the
//!    heuristic of ZXing's `StringUtils.guessEncoding`.
//!
//! A payload is therefore never dropped for its encoding, and never lossy-replaced: every
//! byte string has an ISO-8859-1 reading.

use super::engine::Payload;
use encoding_rs::Encoding;

/// The charset [`guess_charset`] picked for a byte string without ECI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuessedCharset {
    /// Valid UTF-8 (checked first; ASCII is reported as this).
    Utf8,
    /// ISO-8859-1, the QR default byte charset.
    Iso8859_1,
    /// Shift_JIS (Japanese).
    ShiftJis,
}

/// Converts a byte-mode payload without ECI to text by the no-ECI rule (rule 3 above).
pub fn bytes_to_text(bytes: &[u8]) -> String {
    match guess_charset(bytes) {
        GuessedCharset::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        GuessedCharset::ShiftJis => encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|s| s.into_owned())
            .unwrap_or_else(|| latin1(bytes)),
        GuessedCharset::Iso8859_1 => latin1(bytes),
    }
}

/// Picks the charset of a byte string without ECI: UTF-8 if valid, else ISO-8859-1 or
/// Shift_JIS by ZXing's statistics (a Shift_JIS reading needs ≥ 3 consecutive double-byte or
/// katakana characters, or exactly two katakana, or ≥ 10 % bytes that would be rare Latin-1
/// symbols; otherwise ISO-8859-1 wins when both readings are possible).
pub fn guess_charset(bytes: &[u8]) -> GuessedCharset {
    if std::str::from_utf8(bytes).is_ok() {
        return GuessedCharset::Utf8;
    }
    let mut can_iso = true;
    let mut can_sjis = true;
    let mut sjis_bytes_left = 0usize;
    let mut sjis_katakana = 0usize;
    let mut cur_katakana = 0usize;
    let mut max_katakana = 0usize;
    let mut cur_double = 0usize;
    let mut max_double = 0usize;
    let mut iso_high_other = 0usize;
    for &v in bytes {
        if can_iso {
            if (0x80..0xA0).contains(&v) {
                can_iso = false;
            } else if v > 0x9F && (v < 0xC0 || v == 0xD7 || v == 0xF7) {
                iso_high_other += 1;
            }
        }
        if can_sjis {
            if sjis_bytes_left > 0 {
                if v < 0x40 || v == 0x7F || v > 0xFC {
                    can_sjis = false;
                } else {
                    sjis_bytes_left -= 1;
                }
            } else if v == 0x80 || v == 0xA0 || v > 0xEF {
                can_sjis = false;
            } else if v > 0xA0 && v < 0xE0 {
                sjis_katakana += 1;
                cur_double = 0;
                cur_katakana += 1;
                max_katakana = max_katakana.max(cur_katakana);
            } else if v > 0x7F {
                sjis_bytes_left += 1;
                cur_katakana = 0;
                cur_double += 1;
                max_double = max_double.max(cur_double);
            } else {
                cur_katakana = 0;
                cur_double = 0;
            }
        }
    }
    if can_sjis && sjis_bytes_left > 0 {
        can_sjis = false;
    }
    if can_sjis && (max_katakana >= 3 || max_double >= 3) {
        return GuessedCharset::ShiftJis;
    }
    if can_iso && can_sjis {
        return if (max_katakana == 2 && sjis_katakana == 2) || iso_high_other * 10 >= bytes.len() {
            GuessedCharset::ShiftJis
        } else {
            GuessedCharset::Iso8859_1
        };
    }
    if can_sjis && !can_iso {
        return GuessedCharset::ShiftJis;
    }
    GuessedCharset::Iso8859_1
}

/// Converts a byte segment under ECI assignment number `eci` to text, or `None` when the
/// ECI is unknown or the bytes are malformed in its charset.
pub fn eci_bytes_to_text(eci: u32, bytes: &[u8]) -> Option<String> {
    let label: &[u8] = match eci {
        1 | 3 => return Some(latin1(bytes)),
        4..=13 => {
            return Encoding::for_label(format!("iso-8859-{}", eci - 2).as_bytes())
                .and_then(|e| strict(e, bytes))
        }
        15..=18 => {
            return Encoding::for_label(format!("iso-8859-{}", eci - 2).as_bytes())
                .and_then(|e| strict(e, bytes))
        }
        20 => b"shift_jis",
        21 => b"windows-1250",
        22 => b"windows-1251",
        23 => b"windows-1252",
        24 => b"windows-1256",
        25 => b"utf-16be",
        26 => return std::str::from_utf8(bytes).ok().map(str::to_owned),
        27 | 170 => return bytes.is_ascii().then(|| latin1(bytes)),
        28 => b"big5",
        29 => b"gb18030",
        30 => b"euc-kr",
        _ => return None,
    };
    Encoding::for_label(label).and_then(|e| strict(e, bytes))
}

/// Decodes without BOM sniffing and without replacement characters.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
}

/// ISO-8859-1: every byte is the code point of the same value.
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Converts a decoded payload to a `String` by the rule in the module docs.
pub(crate) fn payload_to_string(p: &Payload) -> String {
    let total: usize = p.segments.iter().map(|s| s.len).sum();
    if total != p.bytes.len() || p.segments.is_empty() {
        return bytes_to_text(&p.bytes);
    }
    let mut out = String::with_capacity(p.bytes.len());
    let mut at = 0;
    for seg in &p.segments {
        let bytes = &p.bytes[at..at + seg.len];
        at += seg.len;
        match seg.mode {
            rqrr::DataMode::Numeric | rqrr::DataMode::Alphanumeric => out.push_str(&latin1(bytes)),
            rqrr::DataMode::Kanji => match strict(encoding_rs::SHIFT_JIS, bytes) {
                Some(s) => out.push_str(&s),
                None => out.push_str(&bytes_to_text(bytes)),
            },
            rqrr::DataMode::Byte => match seg.eci.and_then(|eci| eci_bytes_to_text(eci, bytes)) {
                Some(s) => out.push_str(&s),
                None => out.push_str(&bytes_to_text(bytes)),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept() {
        assert_eq!(bytes_to_text("Ügyfélkapu+".as_bytes()), "Ügyfélkapu+");
    }

    #[test]
    fn iso_8859_1_ugyfelkapu_is_not_shift_jis() {
        // segno writes "Ügyfélkapu+" as ISO-8859-1 without ECI (the QR default).
        let latin1: Vec<u8> = "Ügyfélkapu+".chars().map(|c| c as u8).collect();
        assert_eq!(guess_charset(&latin1), GuessedCharset::Iso8859_1);
        assert_eq!(bytes_to_text(&latin1), "Ügyfélkapu+");
    }

    #[test]
    fn shift_jis_is_decoded() {
        // "日本語" in Shift_JIS: three double-byte characters.
        let b = [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA];
        assert_eq!(guess_charset(&b), GuessedCharset::ShiftJis);
        assert_eq!(bytes_to_text(&b), "日本語");
    }

    #[test]
    fn other_bytes_are_latin1() {
        // 0xFF is neither UTF-8 nor a Shift_JIS lead byte.
        assert_eq!(bytes_to_text(&[b'a', 0xFF, 0xE9]), "a\u{FF}\u{E9}");
    }

    #[test]
    fn eci_decides() {
        assert_eq!(eci_bytes_to_text(3, &[0xDC]).as_deref(), Some("Ü"));
        assert_eq!(eci_bytes_to_text(26, "Ü".as_bytes()).as_deref(), Some("Ü"));
        assert_eq!(eci_bytes_to_text(4, &[0xDB]).as_deref(), Some("Ű"));
        assert_eq!(eci_bytes_to_text(20, &[0x93, 0xFA]).as_deref(), Some("日"));
        assert_eq!(eci_bytes_to_text(26, &[0xFF]), None);
        assert_eq!(eci_bytes_to_text(9999, b"a"), None);
    }
}
