//! The desktop clock: the system time (Unix seconds, and milliseconds for change times), plus
//! the user's clock offset.

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

/// Unix milliseconds now, for the vault's change times (one reading of the clock; 0 if the
/// system clock is before 1970).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Milliseconds since the start of the current second (for redrawing on the second).
pub fn millis_into_second() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_millis() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_ms_is_the_system_clock_in_milliseconds() {
        let before = system_unix();
        let secs = (now_ms() / 1000) as i64;
        let after = system_unix();
        assert!(
            before <= secs && secs <= after,
            "{before} <= {secs} <= {after}"
        );
    }
}
