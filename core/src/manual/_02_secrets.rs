//! Design: how secrets are held, cleaned, computed with and compared.
//!
//! # Secrets
//!
//! - A secret is bytes held in a zeroizing type, with `Debug` redacted. Codes cross the FFI; secrets
//!   cross it only when the user explicitly asks to see or export a setup key.
//! - Base32 input is cleaned the same way everywhere: spaces, dashes and lowercase are accepted, and
//!   padding is optional. The Ügyfélkapu+ key is 16 characters, i.e. **80 bits**. It must work, even
//!   though some libraries reject keys under 128 bits by default.
//! - MACs and codes are compared in constant time (`subtle`, or ring's verify functions).
//!
//! ## Keys typed by hand
//! [`crate::secret::clean_base32`] is the one cleaning rule: white space and dashes are dropped,
//! letters upper-cased, trailing `=` optional. Look-alike digits (0, 1, 8) are *not* corrected;
//! the error names the character, its position and the letter it probably was, because a silent
//! correction could store a wrong key that only fails at the next login. Non-zero trailing bits
//! are accepted as every mainstream authenticator does. 80-bit keys (Ügyfélkapu+) are first-class:
//! the core never applies totp-rs's 128-bit floor (nor pyotp's 112-bit one, which the peer test
//! has to lift to compare on such keys).
//!
//! ## Codes
//! totp-rs computes the HMAC (`Totp::sign` with a 1-second step over our counter); the core
//! truncates, because totp-rs panics at 10 digits and takes time as `u64`. Codes are compared in
//! constant time ([`crate::otp::Code::matches`]); [`crate::otp::verify`] evaluates every candidate
//! step even after a match.
//!
