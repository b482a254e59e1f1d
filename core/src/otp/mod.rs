//! One-time codes: TOTP, HOTP and Steam Guard at a given Unix time, with remaining validity.
//!
//! The HMAC comes from totp-rs; the counter arithmetic (64-bit, checked, defined for every
//! `i64` time) and the digit truncation (up to 10 digits) are done here, because totp-rs
//! panics on 10 digits and takes time as `u64`.
//!
//! ```
//! use kulcs_core::otp::{OtpParams, code_window};
//! use kulcs_core::secret::Secret;
//!
//! let key = Secret::parse_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap(); // RFC 6238 seed
//! let params = OtpParams::totp_default(); // SHA1, 6 digits, 30 s
//! let w = code_window(&key, &params, 59).unwrap();
//! assert_eq!(w.code.as_str(), "287082");
//! assert_eq!(w.valid_for, Some(1));
//! assert!(w.expiring_soon);
//! ```

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

mod compute;
#[cfg(test)]
mod tests;

pub use compute::{code_at, code_for_counter, code_window, verify};

/// The smallest and largest number of digits a TOTP/HOTP code may have.
pub const DIGITS_RANGE: std::ops::RangeInclusive<u8> = 6..=10;
/// Steam Guard codes are always five characters.
pub const STEAM_DIGITS: u8 = 5;
const STEAM_ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";

/// The HMAC hash function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// HMAC-SHA1, used by nearly every service (Ügyfélkapu+ included).
    #[default]
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl Algorithm {
    /// The name used in otpauth URIs.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    /// Parses `SHA1`, `sha-256`, `HmacSHA512`… case-insensitively.
    pub fn parse(name: &str) -> Option<Algorithm> {
        let n: String = name
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect::<String>()
            .to_ascii_uppercase();
        match n.strip_prefix("HMAC").unwrap_or(&n) {
            "SHA1" => Some(Algorithm::Sha1),
            "SHA256" => Some(Algorithm::Sha256),
            "SHA512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    fn to_totp_rs(self) -> totp_rs::Algorithm {
        match self {
            Algorithm::Sha1 => totp_rs::Algorithm::SHA1,
            Algorithm::Sha256 => totp_rs::Algorithm::SHA256,
            Algorithm::Sha512 => totp_rs::Algorithm::SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which kind of one-time password an account produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OtpKind {
    /// Time-based (RFC 6238).
    Totp,
    /// Counter-based (RFC 4226); the counter lives in [`OtpParams::counter`].
    Hotp,
    /// Steam Guard: TOTP/SHA1/30 s rendered as five characters of Steam's alphabet.
    Steam,
}

impl OtpKind {
    /// The otpauth URI type (`totp`, `hotp`, `steam`).
    pub fn as_str(self) -> &'static str {
        match self {
            OtpKind::Totp => "totp",
            OtpKind::Hotp => "hotp",
            OtpKind::Steam => "steam",
        }
    }
}

/// How codes are computed for an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OtpParams {
    /// TOTP, HOTP or Steam.
    pub kind: OtpKind,
    /// HMAC hash (Steam is always SHA1).
    pub algorithm: Algorithm,
    /// Code length: 6–10 for TOTP/HOTP, 5 for Steam.
    pub digits: u8,
    /// Time step in seconds (TOTP and Steam); at least 1.
    pub period: u32,
    /// The next HOTP counter value (ignored for TOTP and Steam).
    pub counter: u64,
}

/// Why a code could not be computed, or parameters were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OtpError {
    /// Digits outside 6–10 (or not 5 for Steam).
    #[error("{digits} digits are not supported (use 6 to 10)")]
    InvalidDigits {
        /// The refused value.
        digits: u8,
    },
    /// A period of zero seconds.
    #[error("the period must be at least 1 second")]
    ZeroPeriod,
    /// Steam Guard codes only exist with SHA1.
    #[error("Steam Guard codes always use SHA1")]
    SteamNeedsSha1,
    /// The (offset-corrected) time is before 1970-01-01, where TOTP is undefined. Usually a
    /// wildly wrong clock or clock offset.
    #[error("the clock reads a time before 1970; check the device clock or the clock offset")]
    TimeBeforeEpoch,
    /// Time plus clock offset, or the next counter, does not fit in 64 bits.
    #[error("the time is out of range")]
    TimeOutOfRange,
}

impl OtpParams {
    /// TOTP, SHA1, 6 digits, 30 s: what Ügyfélkapu+ and most services use.
    pub const fn totp_default() -> Self {
        OtpParams {
            kind: OtpKind::Totp,
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            counter: 0,
        }
    }

    /// HOTP, SHA1, 6 digits at `counter`.
    pub const fn hotp(counter: u64) -> Self {
        OtpParams {
            kind: OtpKind::Hotp,
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            counter,
        }
    }

    /// Steam Guard (SHA1, 5 characters, 30 s).
    pub const fn steam() -> Self {
        OtpParams {
            kind: OtpKind::Steam,
            algorithm: Algorithm::Sha1,
            digits: STEAM_DIGITS,
            period: 30,
            counter: 0,
        }
    }

    /// Checks the parameters are ones codes can be computed with.
    pub fn validate(&self) -> Result<(), OtpError> {
        match self.kind {
            OtpKind::Steam => {
                if self.digits != STEAM_DIGITS {
                    return Err(OtpError::InvalidDigits {
                        digits: self.digits,
                    });
                }
                if self.algorithm != Algorithm::Sha1 {
                    return Err(OtpError::SteamNeedsSha1);
                }
            }
            OtpKind::Totp | OtpKind::Hotp => {
                if !DIGITS_RANGE.contains(&self.digits) {
                    return Err(OtpError::InvalidDigits {
                        digits: self.digits,
                    });
                }
            }
        }
        if self.period == 0 {
            return Err(OtpError::ZeroPeriod);
        }
        Ok(())
    }

    /// True for time-based kinds (TOTP and Steam).
    pub fn is_time_based(&self) -> bool {
        matches!(self.kind, OtpKind::Totp | OtpKind::Steam)
    }
}

/// A one-time code. Compared in constant time; wiped on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Code(String);

impl Code {
    /// The code as the user types it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Constant-time comparison with what a user typed; spaces in the input are ignored.
    pub fn matches(&self, typed: &str) -> bool {
        let cleaned: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        let cleaned = cleaned.to_ascii_uppercase();
        self.0.as_bytes().ct_eq(cleaned.as_bytes()).into()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code(<redacted>, {} chars)", self.0.len())
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}
impl Eq for Code {}

/// The code to show now, with what a UI needs around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeWindow {
    /// The current code.
    pub code: Code,
    /// The code of the next step (next counter for HOTP).
    pub next: Code,
    /// Seconds the current code stays valid (`None` for HOTP).
    pub valid_for: Option<u32>,
    /// The step length in seconds (`None` for HOTP).
    pub period: Option<u32>,
    /// The moving factor used (time step, or HOTP counter).
    pub counter: u64,
    /// True near the end of a step (the last third, and at least the last 5 s when the period
    /// allows), when a UI should show [`CodeWindow::next`] beside the code. One rule, decided
    /// here, so every shell shows the next code at the same moment.
    pub expiring_soon: bool,
}

/// Adds a clock offset to a device time, refusing overflow.
pub fn corrected_time(device_unix: i64, offset_secs: i64) -> Result<i64, OtpError> {
    device_unix
        .checked_add(offset_secs)
        .ok_or(OtpError::TimeOutOfRange)
}

/// The TOTP time step at `unix` (floor division), refusing times before 1970.
pub fn time_step(unix: i64, period: u32) -> Result<u64, OtpError> {
    if period == 0 {
        return Err(OtpError::ZeroPeriod);
    }
    if unix < 0 {
        return Err(OtpError::TimeBeforeEpoch);
    }
    Ok(unix as u64 / period as u64)
}

/// Whether a UI should show the next code, given the seconds left in a step.
pub fn is_expiring_soon(valid_for: u32, period: u32) -> bool {
    let threshold = (period / 3).max(5.min(period));
    valid_for <= threshold
}
