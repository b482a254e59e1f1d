//! Owns the small rules of the add and list screens: when a typed key may be saved, when a typed-back code is checked, how long a copied code stays on the clipboard.

use crate::otp::OtpParams;
use crate::secret::Secret;

/// Seconds a copied code stays on the clipboard before the app clears it.
pub const CLIPBOARD_CLEAR_SECS: u32 = 30;

/// How many digits of a typed-back code make the add screen check it without a button press:
/// the code length of the account (6 for Ügyfélkapu+).
pub fn auto_confirm_digits(params: &OtpParams) -> u32 {
    u32::from(params.digits)
}

/// True when `typed` holds [`auto_confirm_digits`] characters or more (spaces ignored): check it
/// now.
pub fn typed_code_complete(params: &OtpParams, typed: &str) -> bool {
    let n = typed.chars().filter(|c| c.is_alphanumeric()).count();
    n >= auto_confirm_digits(params) as usize
}

/// The "Save" rule of the add-by-key screen: the key parses (core's lenient base32), the code
/// typed back was confirmed, the label is not blank, and the issuer is not blank unless the
/// Ügyfélkapu+ preset supplies it. Blank means empty after removing every Unicode whitespace
/// (so a no-break space is blank on both platforms).
pub fn can_save_key(
    ugyfelkapu_preset: bool,
    issuer: &str,
    label: &str,
    key_text: &str,
    code_confirmed: bool,
) -> bool {
    let filled = |s: &str| !s.trim().is_empty();
    code_confirmed
        && filled(label)
        && (ugyfelkapu_preset || filled(issuer))
        && Secret::parse_base32(key_text).is_ok()
}
