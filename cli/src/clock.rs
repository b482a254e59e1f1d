//! The desktop clock: the system time in Unix seconds, plus the user's clock offset.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::CliError;

/// Unix seconds now (negative if the system clock is before 1970).
pub fn system_unix() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// The time codes are computed for: `--at` when given, else the system clock plus `offset`.
pub fn effective_time(at: Option<i64>, offset: i64) -> Result<i64, CliError> {
    let base = at.unwrap_or_else(system_unix);
    kulcs_core::otp::corrected_time(base, offset)
        .map_err(|e| CliError::input(crate::error::sentence(e)))
}
