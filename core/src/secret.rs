//! Shared OTP secrets: lenient base32 and hex parsing, grouped display, zeroizing storage.
//!
//! A [`Secret`] is the raw key bytes an enrolment page hands out. Its bytes are wiped on drop,
//! its `Debug` output never shows them, and two secrets compare in constant time.
//!
//! ```
//! use kulcs_core::secret::Secret;
//!
//! // The Ügyfélkapu+ setup key, typed by hand: lowercase, with spaces, no padding.
//! let key = Secret::parse_base32("jbsw y3dp ehpk 3pxp").unwrap();
//! assert_eq!(key.bits(), 80);
//! assert_eq!(key.to_base32_grouped().as_str(), "JBSW Y3DP EHPK 3PXP");
//! assert_eq!(format!("{key:?}"), "Secret(<redacted>, 80 bits)");
//! ```

use std::fmt;
use std::sync::LazyLock;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The longest secret accepted, in bytes. Real keys are 10 to 64 bytes; anything far beyond that
/// is a pasted document, not a key.
pub const MAX_SECRET_BYTES: usize = 1024;

/// Below this many bits a key is unusually short (the Ügyfélkapu+ key has exactly 80).
pub const WEAK_SECRET_BITS: usize = 80;

/// Why a typed or scanned key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// Nothing was left after removing spaces, dashes and padding.
    #[error("the key is empty")]
    Empty,
    /// A character that base32 (A–Z, 2–7) or hex does not use. `position` counts characters of
    /// the input as typed, from 1. `suggestion` names the base32 letter a look-alike digit was
    /// probably meant to be (0 → O, 1 → I, 8 → B); nothing is ever corrected silently.
    #[error("invalid character {character:?} at position {position}{}", suggestion.map(|s| format!(" (did you mean {s:?}?)")).unwrap_or_default())]
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// 1-based position in the input as typed.
        position: usize,
        /// A likely intended base32 letter for a look-alike digit.
        suggestion: Option<char>,
    },
    /// The number of base32 characters cannot encode whole bytes (1, 3 or 6 left over after
    /// groups of 8), which means a character is missing or extra.
    #[error(
        "a key of {length} characters cannot be complete: a character is probably missing or extra"
    )]
    InvalidLength {
        /// Significant characters counted (separators and padding excluded).
        length: usize,
    },
    /// `=` padding appeared before the end of the key.
    #[error("padding '=' may only appear at the end of the key")]
    MisplacedPadding,
    /// A hex key with an odd number of digits.
    #[error("a hex key needs an even number of digits, found {length}")]
    OddHexLength {
        /// Hex digits counted.
        length: usize,
    },
    /// Longer than [`MAX_SECRET_BYTES`].
    #[error("the key is too long ({bytes} bytes; at most {max} are accepted)")]
    TooLong {
        /// Decoded length in bytes (or an estimate from the input length).
        bytes: usize,
        /// The limit.
        max: usize,
    },
}

impl SecretError {
    /// The variant name, stable across versions; shells and shared test vectors use it.
    pub fn kind(&self) -> &'static str {
        match self {
            SecretError::Empty => "Empty",
            SecretError::InvalidCharacter { .. } => "InvalidCharacter",
            SecretError::InvalidLength { .. } => "InvalidLength",
            SecretError::MisplacedPadding => "MisplacedPadding",
            SecretError::OddHexLength { .. } => "OddHexLength",
            SecretError::TooLong { .. } => "TooLong",
        }
    }
}

/// The raw bytes of a shared OTP key. Wiped on drop; `Debug` is redacted.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secret {
    bytes: Vec<u8>,
}

static BASE32_LENIENT: LazyLock<data_encoding::Encoding> = LazyLock::new(|| {
    let mut spec = data_encoding::Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    // Keys from other apps often carry non-zero trailing bits; every mainstream authenticator
    // ignores them, so do we.
    spec.check_trailing_bits = false;
    spec.encoding()
        .expect("static base32 specification is valid")
});

/// True for the separators people type or paste inside a key: any white space and dashes.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

fn look_alike(c: char) -> Option<char> {
    match c {
        '0' => Some('O'),
        '1' => Some('I'),
        '8' => Some('B'),
        _ => None,
    }
}

/// Cleans a typed base32 key: drops separators and trailing padding, upper-cases letters.
///
/// This is the one rule every shell uses, so a key typed on a phone and on the desktop behaves
/// the same. The result is wiped on drop.
///
/// ```
/// use kulcs_core::secret::clean_base32;
/// assert_eq!(clean_base32("jbsw-y3dp ehpk\t3pxp==").unwrap().as_str(), "JBSWY3DPEHPK3PXP");
/// ```
pub fn clean_base32(input: &str) -> Result<Zeroizing<String>, SecretError> {
    if input.len() > MAX_SECRET_BYTES * 2 + 64 {
        return Err(SecretError::TooLong {
            bytes: input.len() * 5 / 8,
            max: MAX_SECRET_BYTES,
        });
    }
    let mut out = Zeroizing::new(String::with_capacity(input.len()));
    let mut padding_seen = false;
    for (index, c) in input.chars().enumerate() {
        let position = index + 1;
        if is_separator(c) {
            continue;
        }
        if c == '=' {
            padding_seen = true;
            continue;
        }
        if padding_seen {
            return Err(SecretError::MisplacedPadding);
        }
        let upper = c.to_ascii_uppercase();
        if upper.is_ascii_uppercase() || ('2'..='7').contains(&upper) {
            out.push(upper);
        } else {
            return Err(SecretError::InvalidCharacter {
                character: c,
                position,
                suggestion: look_alike(c),
            });
        }
    }
    if out.is_empty() {
        return Err(SecretError::Empty);
    }
    if matches!(out.len() % 8, 1 | 3 | 6) {
        return Err(SecretError::InvalidLength { length: out.len() });
    }
    Ok(out)
}

impl Secret {
    /// Wraps raw key bytes. Empty or oversized keys are refused.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, SecretError> {
        let secret = Secret { bytes };
        if secret.bytes.is_empty() {
            return Err(SecretError::Empty);
        }
        if secret.bytes.len() > MAX_SECRET_BYTES {
            return Err(SecretError::TooLong {
                bytes: secret.bytes.len(),
                max: MAX_SECRET_BYTES,
            });
        }
        Ok(secret)
    }

    /// Parses a base32 key leniently: spaces, dashes and lowercase are accepted, padding is
    /// optional. See [`clean_base32`].
    pub fn parse_base32(input: &str) -> Result<Self, SecretError> {
        let cleaned = clean_base32(input)?;
        let decoded = BASE32_LENIENT
            .decode(cleaned.as_bytes())
            // Unreachable after cleaning (alphabet and length are checked), but never panic.
            .map_err(|_| SecretError::InvalidLength {
                length: cleaned.len(),
            })?;
        Self::from_bytes(decoded)
    }

    /// Parses a hex key (upper or lower case; spaces, dashes and a `0x` prefix are accepted).
    pub fn parse_hex(input: &str) -> Result<Self, SecretError> {
        let trimmed = input.trim_start();
        let (offset, body) = match trimmed
            .strip_prefix("0x")
            .or_else(|| trimmed.strip_prefix("0X"))
        {
            Some(rest) => (input.chars().count() - rest.chars().count(), rest),
            None => (input.chars().count() - trimmed.chars().count(), trimmed),
        };
        if body.len() > MAX_SECRET_BYTES * 3 {
            return Err(SecretError::TooLong {
                bytes: body.len() / 2,
                max: MAX_SECRET_BYTES,
            });
        }
        let mut nibbles = Zeroizing::new(Vec::with_capacity(body.len()));
        for (index, c) in body.chars().enumerate() {
            if is_separator(c) {
                continue;
            }
            match c.to_digit(16) {
                Some(v) => nibbles.push(v as u8),
                None => {
                    return Err(SecretError::InvalidCharacter {
                        character: c,
                        position: offset + index + 1,
                        suggestion: None,
                    })
                }
            }
        }
        if nibbles.is_empty() {
            return Err(SecretError::Empty);
        }
        if nibbles.len() % 2 == 1 {
            return Err(SecretError::OddHexLength {
                length: nibbles.len(),
            });
        }
        let bytes = nibbles
            .chunks_exact(2)
            .map(|p| (p[0] << 4) | p[1])
            .collect();
        Self::from_bytes(bytes)
    }

    /// The raw key bytes. Handle with care: never log them.
    pub fn expose_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Key length in bits.
    pub fn bits(&self) -> usize {
        self.bytes.len() * 8
    }

    /// True when the key is shorter than [`WEAK_SECRET_BITS`]; a UI may warn, it still works.
    pub fn is_short(&self) -> bool {
        self.bits() < WEAK_SECRET_BITS
    }

    /// Canonical base32: upper case, no padding, no spaces (what otpauth URIs carry).
    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(BASE32_LENIENT.encode(&self.bytes))
    }

    /// Base32 in groups of four, separated by spaces, the way the enrolment page shows it.
    pub fn to_base32_grouped(&self) -> Zeroizing<String> {
        let plain = self.to_base32();
        let mut out = Zeroizing::new(String::with_capacity(plain.len() + plain.len() / 4));
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }

    /// Lower-case hex of the key.
    pub fn to_hex(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(self.bytes.len() * 2));
        for b in &self.bytes {
            out.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
            out.push(char::from_digit((b & 0xf) as u32, 16).unwrap_or('0'));
        }
        out
    }
}

impl PartialEq for Secret {
    /// Constant-time in the contents (the length is not secret).
    fn eq(&self, other: &Self) -> bool {
        self.bytes.ct_eq(&other.bytes).into()
    }
}
impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<redacted>, {} bits)", self.bits())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighty_bit_key_round_trips() {
        let s = Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(s.expose_bytes(), b"Hello!\xde\xad\xbe\xef");
        assert_eq!(s.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
    }

    #[test]
    fn invalid_character_is_named_with_position_and_hint() {
        let err = Secret::parse_base32("JBSW Y3D0").unwrap_err();
        assert_eq!(
            err,
            SecretError::InvalidCharacter {
                character: '0',
                position: 9,
                suggestion: Some('O')
            }
        );
        assert!(err.to_string().contains("did you mean 'O'"));
    }

    #[test]
    fn padding_in_the_middle_is_refused() {
        assert_eq!(
            Secret::parse_base32("JBSW=Y3DP"),
            Err(SecretError::MisplacedPadding)
        );
    }

    #[test]
    fn hex_with_prefix_and_errors() {
        assert_eq!(Secret::parse_hex("0x48 65").unwrap().expose_bytes(), b"He");
        assert_eq!(
            Secret::parse_hex("abc"),
            Err(SecretError::OddHexLength { length: 3 })
        );
        assert!(matches!(
            Secret::parse_hex("0xzz"),
            Err(SecretError::InvalidCharacter {
                character: 'z',
                position: 3,
                ..
            })
        ));
    }

    #[test]
    fn debug_is_redacted() {
        let s = Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("JBSW") && !shown.contains("Hello"));
    }
}
