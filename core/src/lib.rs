//! Kulcs core: the pure-Rust domain logic of an offline-first two-factor authenticator.

pub mod qr;
