//! The vault's clock: the user-set offset, corrected time for codes, and the hybrid logical clock
//! ticks.

use super::{Vault, VaultError};
use crate::hlc::Hlc;
use crate::otp::{self, OtpError};

/// The largest clock offset accepted, in seconds (100 years).
pub const MAX_CLOCK_OFFSET_SECS: i64 = 100 * 366 * 86_400;

impl Vault {
    /// Seconds added to the device clock before codes are computed (manual §3, [`crate::manual`]).
    pub fn clock_offset(&self) -> i64 {
        self.contents.clock_offset_secs
    }

    /// Sets the clock offset (e.g. after the user calibrated against a known-good clock).
    /// At most [`MAX_CLOCK_OFFSET_SECS`] either way (a phone reset to 1970 is ~56 years off).
    pub fn set_clock_offset(&mut self, secs: i64) -> Result<(), VaultError> {
        if secs.unsigned_abs() > MAX_CLOCK_OFFSET_SECS as u64 {
            return Err(VaultError::ClockOffsetOutOfRange {
                secs,
                max: MAX_CLOCK_OFFSET_SECS,
            });
        }
        if self.contents.clock_offset_secs != secs {
            self.contents.clock_offset_secs = secs;
            self.dirty = true;
        }
        Ok(())
    }

    /// The device time in seconds corrected by the clock offset.
    pub fn corrected_unix(&self, unix: i64) -> Result<i64, OtpError> {
        otp::corrected_time(unix, self.contents.clock_offset_secs)
    }

    /// The device time in milliseconds corrected by the clock offset, clamped to `u64`: the
    /// wall time the hybrid logical clock is moved with.
    pub(super) fn corrected_ms(&self, now_ms: u64) -> u64 {
        corrected_ms(now_ms, self.contents.clock_offset_secs)
    }

    /// Moves the clock forward for a local change and returns the new timestamp.
    pub(super) fn tick(&mut self, now_ms: u64) -> Hlc {
        self.contents.clock = self.contents.clock.tick(self.corrected_ms(now_ms));
        self.contents.clock
    }
}

/// `now_ms + offset_secs * 1000`, saturating, clamped to `0..=u64::MAX`.
fn corrected_ms(now_ms: u64, offset_secs: i64) -> u64 {
    let offset_ms = offset_secs.saturating_mul(1000);
    (now_ms as i128 + offset_ms as i128).clamp(0, u64::MAX as i128) as u64
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{Scratch, NOW};
    use super::*;

    #[test]
    fn corrected_ms_adds_the_offset_and_clamps_to_u64() {
        assert_eq!(corrected_ms(1_000, 2), 3_000);
        assert_eq!(corrected_ms(1_000, -5), 0);
        assert_eq!(corrected_ms(u64::MAX, 5), u64::MAX);
        assert_eq!(corrected_ms(5_000, i64::MIN), 0);
    }

    #[test]
    fn an_offset_beyond_a_century_is_refused_and_changes_nothing() {
        let s = Scratch::new("clock-offset");
        let mut v = s.create();
        v.save().unwrap();
        let too_far = MAX_CLOCK_OFFSET_SECS + 1;
        let refused = v.set_clock_offset(-too_far);
        let max = MAX_CLOCK_OFFSET_SECS;
        assert!(matches!(
            refused,
            Err(VaultError::ClockOffsetOutOfRange { secs, max: m }) if secs == -too_far && m == max
        ));
        assert_eq!(v.clock_offset(), 0);
        assert!(!v.is_dirty());
        v.set_clock_offset(-MAX_CLOCK_OFFSET_SECS).unwrap();
        assert!(v.is_dirty());
        assert_eq!(
            v.corrected_unix(1_000).unwrap(),
            1_000 - MAX_CLOCK_OFFSET_SECS
        );
    }

    #[test]
    fn tick_uses_the_corrected_time_and_never_goes_back() {
        let s = Scratch::new("clock-tick");
        let mut v = s.create();
        v.set_clock_offset(60).unwrap();
        let t1 = v.tick(NOW);
        assert_eq!(t1.wall_ms, NOW + 60_000);
        let t2 = v.tick(NOW - 1_000_000);
        assert!(t2 > t1);
        assert_eq!(v.clock(), t2);
    }
}
