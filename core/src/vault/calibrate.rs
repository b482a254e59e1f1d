//! Clock calibration: the whole-period offset at which an account makes the code a site accepted.

use super::{Vault, VaultError};
use crate::account::AccountId;
use crate::messages::ErrorKind;
use crate::otp::{self, OtpKind};

/// How far calibration searches either way, in seconds (24 hours): a phone clock off by more
/// is set by hand ([`Vault::set_clock_offset`]).
pub const MAX_CALIBRATION_SECS: i64 = 86_400;

/// Why [`Vault::calibrate_clock_offset`] found no offset.
#[derive(Debug, thiserror::Error)]
pub enum CalibrationError {
    /// The account is counter-based (HOTP): its codes do not depend on the clock.
    #[error("this account's codes do not depend on the clock")]
    NotTimeBased,
    /// No whole-period offset within ±[`MAX_CALIBRATION_SECS`] makes the account produce the
    /// code (a typo, or the code of another account).
    #[error("no clock correction within 24 hours makes this code")]
    NoMatchingOffset,
    /// Two offsets equally close to zero (one each way) make the code; a later code decides.
    #[error("the code fits two clock corrections ({earlier} s and {later} s); try a later code")]
    AmbiguousOffset {
        /// The negative candidate, in seconds.
        earlier: i64,
        /// The positive candidate, in seconds.
        later: i64,
    },
    /// The account is not in the vault, or the offset could not be stored.
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl CalibrationError {
    /// The catalogue kind of this error (for [`VaultError`], see the bindings' mapping).
    pub fn kind(&self) -> ErrorKind {
        match self {
            CalibrationError::NotTimeBased => ErrorKind::NotTimeBased,
            CalibrationError::NoMatchingOffset => ErrorKind::NoMatchingOffset,
            CalibrationError::AmbiguousOffset { .. } => ErrorKind::AmbiguousOffset,
            CalibrationError::Vault(_) => ErrorKind::Internal,
        }
    }
}

impl Vault {
    /// Finds the clock offset (a whole number of periods, within ±[`MAX_CALIBRATION_SECS`]) at
    /// which account `id` makes `code` at the RAW device time `device_unix`, the one closest to
    /// zero, stores it as the vault's offset (the caller saves) and returns it. The offset in
    /// use is ignored: the search starts from the raw clock. A code made at several offsets of
    /// the same distance each way is [`CalibrationError::AmbiguousOffset`]; none is
    /// [`CalibrationError::NoMatchingOffset`] (the stored offset is then unchanged).
    pub fn calibrate_clock_offset(
        &mut self,
        id: AccountId,
        code: &str,
        device_unix: i64,
    ) -> Result<i64, CalibrationError> {
        let account = self
            .account(id)
            .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })?;
        let c = &account.credential;
        if c.params.kind == OtpKind::Hotp {
            return Err(CalibrationError::NotTimeBased);
        }
        let period = i64::from(c.params.period.max(1));
        let steps = MAX_CALIBRATION_SECS / period;
        let makes = |offset: i64| {
            device_unix
                .checked_add(offset)
                .and_then(|t| otp::code_at(&c.secret, &c.params, t).ok())
                .is_some_and(|made| made.matches(code))
        };
        let mut found = None;
        for k in 0..=steps {
            let (minus, plus) = (makes(-k * period), k > 0 && makes(k * period));
            match (minus, plus) {
                (true, true) => {
                    return Err(CalibrationError::AmbiguousOffset {
                        earlier: -k * period,
                        later: k * period,
                    })
                }
                (true, false) => found = Some(-k * period),
                (false, true) => found = Some(k * period),
                (false, false) => continue,
            }
            break;
        }
        let offset = found.ok_or(CalibrationError::NoMatchingOffset)?;
        self.set_clock_offset(offset)?;
        Ok(offset)
    }
}
