//! Design: everything from outside is hostile until the one validator checked it.
//!
//! # Inputs from outside
//!
//! Everything that comes from a QR code, a file, a transfer or another device is hostile until
//! checked: one validator for every write path, control and bidi characters removed from names,
//! lengths and counts bounded before allocation, and nothing received can make the vault unopenable.
//!
//! ## QR decoding
//! rqrr can panic on hostile geometry. Every call into it runs under `catch_unwind`, and the
//! shells additionally silence the panic hook, so a user never sees a backtrace and the FFI never
//! unwinds. "Nothing found" is an error, not an empty list, so no caller can mistake it for
//! success.
