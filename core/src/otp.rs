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

use crate::secret::Secret;

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

/// Computes the code for a moving factor (time step or HOTP counter).
pub fn code_for_counter(
    secret: &Secret,
    params: &OtpParams,
    counter: u64,
) -> Result<Code, OtpError> {
    params.validate()?;
    let algorithm = match params.kind {
        OtpKind::Steam => totp_rs::Algorithm::SHA1,
        _ => params.algorithm.to_totp_rs(),
    };
    // Step 1 turns totp-rs's `sign(time)` into a plain HMAC over the 64-bit counter.
    let signer = totp_rs::Builder::new()
        .with_algorithm(algorithm)
        .with_step_duration(1)
        .with_secret(secret.expose_bytes())
        .build_noncompliant();
    let mac = signer.sign(counter);
    let mac = mac.as_ref();
    let offset = (mac[mac.len() - 1] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff;
    let text = match params.kind {
        OtpKind::Steam => {
            let mut value = binary;
            let mut s = String::with_capacity(STEAM_DIGITS as usize);
            for _ in 0..STEAM_DIGITS {
                s.push(STEAM_ALPHABET[(value % 26) as usize] as char);
                value /= 26;
            }
            s
        }
        OtpKind::Totp | OtpKind::Hotp => {
            let modulus = 10u64.pow(params.digits as u32);
            format!(
                "{:0width$}",
                binary as u64 % modulus,
                width = params.digits as usize
            )
        }
    };
    Ok(Code(text))
}

/// The code at Unix time `unix` (already offset-corrected), for TOTP and Steam; for HOTP the
/// time is ignored and the stored counter is used.
pub fn code_at(secret: &Secret, params: &OtpParams, unix: i64) -> Result<Code, OtpError> {
    let counter = match params.kind {
        OtpKind::Hotp => params.counter,
        _ => time_step(unix, params.period)?,
    };
    code_for_counter(secret, params, counter)
}

/// The current code, the next one and the remaining validity at Unix time `unix`.
pub fn code_window(secret: &Secret, params: &OtpParams, unix: i64) -> Result<CodeWindow, OtpError> {
    params.validate()?;
    let (counter, valid_for, period) = match params.kind {
        OtpKind::Hotp => (params.counter, None, None),
        OtpKind::Totp | OtpKind::Steam => {
            let step = time_step(unix, params.period)?;
            let left = params.period - (unix as u64 % params.period as u64) as u32;
            (step, Some(left), Some(params.period))
        }
    };
    // The 8-byte moving factor wraps (RFC 4226 §5.2); only a HOTP counter at 2^64-1 can get here.
    let next_counter = counter.wrapping_add(1);
    Ok(CodeWindow {
        code: code_for_counter(secret, params, counter)?,
        next: code_for_counter(secret, params, next_counter)?,
        valid_for,
        period,
        counter,
        expiring_soon: match (valid_for, period) {
            (Some(v), Some(p)) => is_expiring_soon(v, p),
            _ => false,
        },
    })
}

/// Finds which step within `±window` steps of `unix` produced `typed` (constant-time per
/// comparison). Returns the step offset (-1, 0, +1 …). For HOTP, offsets are counted from the
/// stored counter forward only (0..=window), as counters never go back.
pub fn verify(
    secret: &Secret,
    params: &OtpParams,
    unix: i64,
    typed: &str,
    window: u32,
) -> Result<Option<i64>, OtpError> {
    params.validate()?;
    let (base, range): (u64, Vec<i64>) = match params.kind {
        OtpKind::Hotp => (params.counter, (0..=window as i64).collect()),
        _ => {
            let w = window as i64;
            (time_step(unix, params.period)?, (-w..=w).collect())
        }
    };
    let mut found = None;
    for delta in range {
        let Some(counter) = base.checked_add_signed(delta) else {
            continue;
        };
        let code = code_for_counter(secret, params, counter)?;
        // Evaluate every candidate so the time taken does not reveal which step matched.
        if code.matches(typed) && found.is_none() {
            found = Some(delta);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc_sha1() -> Secret {
        Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap()
    }

    #[test]
    fn ten_digits_do_not_panic() {
        let p = OtpParams {
            digits: 10,
            ..OtpParams::totp_default()
        };
        let c = code_at(&rfc_sha1(), &p, 59).unwrap();
        assert_eq!(c.as_str(), "1094287082");
    }

    #[test]
    fn before_epoch_is_a_typed_error() {
        assert_eq!(
            code_at(&rfc_sha1(), &OtpParams::totp_default(), -1),
            Err(OtpError::TimeBeforeEpoch)
        );
        assert_eq!(corrected_time(i64::MAX, 1), Err(OtpError::TimeOutOfRange));
    }

    #[test]
    fn window_boundaries() {
        let p = OtpParams::totp_default();
        let at_start = code_window(&rfc_sha1(), &p, 60).unwrap();
        assert_eq!(at_start.valid_for, Some(30));
        assert!(!at_start.expiring_soon);
        let late = code_window(&rfc_sha1(), &p, 80).unwrap();
        assert_eq!(late.valid_for, Some(10));
        assert!(late.expiring_soon);
        assert_eq!(late.next, code_at(&rfc_sha1(), &p, 90).unwrap());
    }

    #[test]
    fn expiry_rule_for_odd_periods() {
        assert!(is_expiring_soon(1, 1));
        assert!(is_expiring_soon(5, 10) && !is_expiring_soon(6, 10));
        assert!(is_expiring_soon(20, 60) && !is_expiring_soon(21, 60));
    }

    #[test]
    fn verify_finds_previous_step() {
        let p = OtpParams::totp_default();
        let prev = code_at(&rfc_sha1(), &p, 30).unwrap();
        assert_eq!(
            verify(&rfc_sha1(), &p, 65, prev.as_str(), 1).unwrap(),
            Some(-1)
        );
        assert_eq!(
            verify(&rfc_sha1(), &p, 125, prev.as_str(), 1).unwrap(),
            None
        );
    }

    #[test]
    fn steam_code_shape() {
        let c = code_at(&rfc_sha1(), &OtpParams::steam(), 59).unwrap();
        assert_eq!(c.as_str().len(), 5);
        assert!(c.as_str().bytes().all(|b| STEAM_ALPHABET.contains(&b)));
    }
}
