//! Kulcs core: the pure-Rust domain logic of an offline-first two-factor authenticator.
//!
//! No FFI and no platform code live here: time, randomness, storage paths and key stores come in
//! as arguments or small traits, so every behaviour is testable from Rust.
//!
//! ```
//! use kulcs_core::otpauth;
//! let parsed = otpauth::parse("otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
//! let window = parsed.credential.code_window(59).unwrap();
//! assert_eq!(window.code.as_str(), "287082");
//! ```

pub mod account;
pub mod base45;
pub mod bundle;
pub mod code_ledger;
pub mod code_text;
pub mod credential;
pub mod exchange;
pub mod hlc;
pub mod manual;
pub mod migration;
pub mod otp;
pub mod otpauth;
pub mod payload;
pub mod qr;
pub mod qr_render;
pub mod random;
pub mod secret;
pub mod sync;
pub mod transfer;
pub mod validate;
pub mod vault;
