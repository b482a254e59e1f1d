//! Design: time as an argument, the clock offset, and when the next code shows.
//!
//! # Time
//!
//! Core functions take the Unix time as an argument. The shell passes its clock plus a per-vault
//! offset, which the user can set or calibrate, so a phone with a wrong clock can still show correct
//! codes. A code is shown with its remaining validity, and the next code is shown near the boundary.
//!
//! ## In the core
//! Every function that depends on time takes the Unix time as an `i64` argument; nothing in the
//! core reads a clock. Shells pass their clock plus a per-vault offset
//! ([`crate::otp::corrected_time`]), which the user can set when the phone's clock is wrong.
//! TOTP is undefined before 1970, so a negative time is the typed error
//! [`crate::otp::OtpError::TimeBeforeEpoch`] instead of a counter that silently wraps to 2^64.
//! Counters are 64-bit everywhere; `T = 20000000000` (year 2603) is a known-answer vector.
//!
//! ## When the next code is shown
//! [`crate::otp::CodeWindow::expiring_soon`] is true in the last third of a step and at least
//! in its last 5 s (for 30 s: the last 10 s). People paste a code just as it expires; showing the
//! next one early lets them wait a moment instead of failing a login. The rule lives here so the
//! Android, iOS and desktop shells switch at the same second.
//!
