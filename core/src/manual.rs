//! The Kulcs core manual: design decisions and the reasons behind them (documentation only).
//!
//! This module holds no code. It records the decisions a reader of the core needs, the way
//! rustls keeps its manual: what was chosen, why, and what was rejected.
//!
//! # Time
//! Every function that depends on time takes the Unix time as an `i64` argument; nothing in the
//! core reads a clock. Shells pass their clock plus a per-vault offset
//! ([`crate::otp::corrected_time`]), which the user can set when the phone's clock is wrong.
//! TOTP is undefined before 1970, so a negative time is the typed error
//! [`crate::otp::OtpError::TimeBeforeEpoch`] instead of a counter that silently wraps to 2^64.
//! Counters are 64-bit everywhere; `T = 20000000000` (year 2603) is a known-answer vector.
//!
//! # When the next code is shown
//! [`crate::otp::CodeWindow::expiring_soon`] is true in the last third of a step and at least
//! in its last 5 s (for 30 s: the last 10 s). People paste a code just as it expires; showing the
//! next one early lets them wait a moment instead of failing a login. The rule lives here so the
//! Android, iOS and desktop shells switch at the same second.
//!
//! # Keys typed by hand
//! [`crate::secret::clean_base32`] is the one cleaning rule: white space and dashes are dropped,
//! letters upper-cased, trailing `=` optional. Look-alike digits (0, 1, 8) are *not* corrected;
//! the error names the character, its position and the letter it probably was, because a silent
//! correction could store a wrong key that only fails at the next login. Non-zero trailing bits
//! are accepted as every mainstream authenticator does. 80-bit keys (Ügyfélkapu+) are first-class:
//! the core never applies totp-rs's 128-bit floor (nor pyotp's 112-bit one, which the peer test
//! has to lift to compare on such keys).
//!
//! # Codes
//! totp-rs computes the HMAC (`Totp::sign` with a 1-second step over our counter); the core
//! truncates, because totp-rs panics at 10 digits and takes time as `u64`. Codes are compared in
//! constant time ([`crate::otp::Code::matches`]); [`crate::otp::verify`] evaluates every candidate
//! step even after a match.
//!
//! # otpauth URIs
//! See `docs/otpauth.md`. When the label prefix and the `issuer=` parameter disagree, the
//! parameter wins (Google's recommendation), unless they differ only by `+`/space: form encoding
//! turns an unencoded `+` in `issuer=Ügyfélkapu+` into a space, and the label keeps the real name.
//!
//! # QR decoding
//! rqrr can panic on hostile geometry. Every call into it runs under `catch_unwind`, and the
//! shells additionally silence the panic hook, so a user never sees a backtrace and the FFI never
//! unwinds. "Nothing found" is an error, not an empty list, so no caller can mistake it for
//! success.
