//! Recovery codes: 160 random bits shown once as 8 groups of 4 base32 characters.
//!
//! `ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567`. Typing is forgiving: case, spaces and dashes do
//! not matter, and the digits 0, 1 and 8 (which base32 does not use) are read as O, I and B.
//! The key-encryption key is HKDF-SHA256 of the 20 code bytes with the slot's salt: with 160
//! bits of entropy, brute force is infeasible without a slow KDF (see `docs/vault.md`).

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::VaultError;
use crate::random::RandomSource;

/// Random bytes in a recovery code.
pub const RECOVERY_BYTES: usize = 20;
/// Base32 characters in a recovery code.
pub const RECOVERY_CHARS: usize = 32;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A recovery code as shown to the user once. Wiped on drop; `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct RecoveryCode {
    bytes: [u8; RECOVERY_BYTES],
}

impl RecoveryCode {
    /// A fresh random code.
    pub fn generate(rng: &dyn RandomSource) -> Result<RecoveryCode, VaultError> {
        let mut bytes = [0u8; RECOVERY_BYTES];
        rng.fill(&mut bytes)?;
        Ok(RecoveryCode { bytes })
    }

    /// A code from known bytes (vectors and tests).
    pub fn from_bytes(bytes: [u8; RECOVERY_BYTES]) -> RecoveryCode {
        RecoveryCode { bytes }
    }

    /// Parses a typed code (case, spaces and dashes ignored; 0/1/8 read as O/I/B).
    pub fn parse(input: &str) -> Result<RecoveryCode, VaultError> {
        let mut symbols = Zeroizing::new(Vec::with_capacity(RECOVERY_CHARS));
        for c in input.chars() {
            if c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}') {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                '0' => 'O',
                '1' => 'I',
                '8' => 'B',
                other => other,
            };
            match ALPHABET.iter().position(|&a| a as char == c) {
                Some(v) => symbols.push(v as u8),
                None => {
                    return Err(VaultError::InvalidRecoveryCode {
                        reason: format!(
                            "{c:?} is not used in recovery codes (letters A–Z and digits 2–7)"
                        ),
                    })
                }
            }
        }
        if symbols.len() != RECOVERY_CHARS {
            return Err(VaultError::InvalidRecoveryCode {
                reason: format!(
                    "it has {} letters and digits, a recovery code has {RECOVERY_CHARS}",
                    symbols.len()
                ),
            });
        }
        let mut bytes = [0u8; RECOVERY_BYTES];
        // 32 symbols × 5 bits = 160 bits = 20 bytes exactly; 8 symbols make 5 bytes.
        for (chunk, out) in symbols.chunks_exact(8).zip(bytes.chunks_exact_mut(5)) {
            let mut acc: u64 = 0;
            for &s in chunk {
                acc = (acc << 5) | s as u64;
            }
            for (i, b) in out.iter_mut().enumerate() {
                *b = (acc >> (32 - 8 * i)) as u8;
            }
            acc.zeroize();
        }
        Ok(RecoveryCode { bytes })
    }

    /// The code in display form: 8 groups of 4 characters joined by dashes.
    pub fn to_display(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(RECOVERY_CHARS + 7));
        for (gi, chunk) in self.bytes.chunks_exact(5).enumerate() {
            let mut acc: u64 = 0;
            for &b in chunk {
                acc = (acc << 8) | b as u64;
            }
            for i in 0..8 {
                if (gi * 8 + i) % 4 == 0 && gi * 8 + i > 0 {
                    out.push('-');
                }
                out.push(ALPHABET[((acc >> (35 - 5 * i)) & 31) as usize] as char);
            }
            acc.zeroize();
        }
        out
    }

    /// The raw 20 bytes (input to HKDF).
    pub(crate) fn expose_bytes(&self) -> &[u8; RECOVERY_BYTES] {
        &self.bytes
    }
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        let code = RecoveryCode::from_bytes(
            *b"\x00\x02\x23\x13\x27\x42\x54\xb6\x35\xcf\x84\x65\x3a\x56\xd7\xc6\x75\xbe\x77\xdf",
        );
        let shown = code.to_display();
        assert_eq!(shown.as_str(), "AABC-GEZH-IJKL-MNOP-QRST-UVWX-YZ23-4567");
        assert_eq!(RecoveryCode::parse(&shown.to_lowercase()).unwrap(), code);
        assert_eq!(
            RecoveryCode::parse("aabc gezh 1jkl mn0p qrst uvwx yz23 4567").unwrap(),
            code
        );
        assert!(matches!(
            RecoveryCode::parse("AABC"),
            Err(VaultError::InvalidRecoveryCode { .. })
        ));
        assert!(matches!(
            RecoveryCode::parse("AABC-GEZH-IJKL-MNOP-QRST-UVWX-YZ23-456!"),
            Err(VaultError::InvalidRecoveryCode { .. })
        ));
        assert_eq!(format!("{code:?}"), "RecoveryCode(<redacted>)");
    }
}
