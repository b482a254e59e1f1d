//! Owns what the phone screens need beside the vault: core's code grouping and screen-reader
//! text, and checking a code the user typed back against a key before it is saved.

use std::sync::Arc;

use kulcs_core::{code_text, otp};

use crate::guard::guard;
use crate::{KulcsError, OtpParams, SetupKey};

/// The code as screens show it, grouped by core's rule ("461 751").
#[uniffi::export]
pub fn display_code(code: String) -> String {
    code_text::display_code(&code)
}

/// The code as a screen reader says it ("4 6 1, 7 5 1"): the content description /
/// accessibility label of every code on screen.
#[uniffi::export]
pub fn spoken_code(code: String) -> String {
    code_text::spoken_code(&code)
}

/// Checks a code the user typed back from `key` before saving a typed key: core's `verify`
/// within ±1 step at device time `unix_time` plus `clock_offset` (the vault's). Returns the step
/// offset that matched, or nothing when the code does not belong to this key.
#[uniffi::export]
pub fn check_typed_code(
    key: Arc<SetupKey>,
    params: OtpParams,
    typed: String,
    unix_time: i64,
    clock_offset: i64,
) -> Result<Option<i64>, KulcsError> {
    guard(|| {
        let unix = otp::corrected_time(unix_time, clock_offset)?;
        Ok(otp::verify(key.secret(), &params, unix, &typed, 1)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Arc<SetupKey> {
        SetupKey::from_base32("kulc spel daku lcs2".into()).unwrap()
    }

    #[test]
    fn a_code_typed_back_matches_within_one_step_with_the_offset() {
        let params = crate::default_otp_params();
        let now = key().code_at(params, 1_700_000_000).unwrap();
        let previous = key().code_at(params, 1_700_000_000 - 30).unwrap();
        let typed = format!("{} {}", &now[..3], &now[3..]);
        assert_eq!(
            check_typed_code(key(), params, typed, 1_700_000_000, 0).unwrap(),
            Some(0)
        );
        assert_eq!(
            check_typed_code(key(), params, previous, 1_700_000_000, 0).unwrap(),
            Some(-1)
        );
        // The phone is two minutes slow; the vault's offset puts it right.
        assert_eq!(
            check_typed_code(key(), params, now.clone(), 1_700_000_000 - 120, 120).unwrap(),
            Some(0)
        );
        assert_eq!(
            check_typed_code(key(), params, now, 1_700_000_000 - 120, 0).unwrap(),
            None
        );
    }

    #[test]
    fn display_and_spoken_forms_come_from_core() {
        assert_eq!(display_code("461751".into()), "461 751");
        assert_eq!(spoken_code("461751".into()), "4 6 1, 7 5 1");
    }
}
