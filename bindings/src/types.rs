//! Owns the plain data records shared by every call: OTP parameters (the core types themselves,
//! exported as remote types) and the code window a list row shows.

use kulcs_core::otp;
pub use kulcs_core::otp::{Algorithm as OtpAlgorithm, OtpKind, OtpParams};

/// Which kind of one-time password an account produces.
#[uniffi::remote(Enum)]
pub enum OtpKind {
    Totp,
    Hotp,
    Steam,
}

/// The HMAC hash function.
#[uniffi::remote(Enum)]
pub enum OtpAlgorithm {
    Sha1,
    Sha256,
    Sha512,
}

/// How codes are computed: kind, hash, digits (6–10, or 5 for Steam), period in seconds and
/// the HOTP counter.
#[uniffi::remote(Record)]
pub struct OtpParams {
    pub kind: OtpKind,
    pub algorithm: OtpAlgorithm,
    pub digits: u8,
    pub period: u32,
    pub counter: u64,
}

/// The code to show now, the next one, and when to show the next one (decided by core).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CodeWindow {
    /// The current code.
    pub code: String,
    /// The code of the next step (next counter for HOTP).
    pub next: String,
    /// Seconds the current code stays valid; absent for HOTP.
    pub valid_for: Option<u32>,
    /// The step length in seconds; absent for HOTP.
    pub period: Option<u32>,
    /// The time step or HOTP counter the code was made from.
    pub counter: u64,
    /// Show `next` beside the code now (core's one rule, so both shells switch at once).
    pub expiring_soon: bool,
}

impl From<otp::CodeWindow> for CodeWindow {
    fn from(w: otp::CodeWindow) -> Self {
        CodeWindow {
            code: w.code.as_str().to_string(),
            next: w.next.as_str().to_string(),
            valid_for: w.valid_for,
            period: w.period,
            counter: w.counter,
            expiring_soon: w.expiring_soon,
        }
    }
}

/// TOTP, SHA1, 6 digits, 30 s: the parameters of Ügyfélkapu+ and most services.
#[uniffi::export]
pub fn default_otp_params() -> OtpParams {
    OtpParams::totp_default()
}
