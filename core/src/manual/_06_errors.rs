//! Design: errors, from module enums to the one public FFI error.
//!
//! # Errors
//!
//! Each core module has its own `thiserror` enum. Every variant is documented and carries what a UI
//! needs in order to explain it. Cryptographic failures collapse into one opaque "wrong key or
//! damaged data" error. The FFI error maps these to a few cases that each shell can show in Hungarian
//! and English. Panics never cross the FFI.
