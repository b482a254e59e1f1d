//! Design: every persisted or transmitted format is versioned, specified and vectored.
//!
//! # Formats
//!
//! Every persisted or transmitted format (vault file, transfer frames, sync replica, backup) has a
//! magic prefix, a version, a spec in `docs/`, and known-answer test vectors in `tests/vectors/`
//! that the Rust, Kotlin and Swift tests all check.
//!
//! ## otpauth URIs
//! See `docs/otpauth.md`. When the label prefix and the `issuer=` parameter disagree, the
//! parameter wins (Google's recommendation), unless they differ only by `+`/space: form encoding
//! turns an unencoded `+` in `issuer=Ügyfélkapu+` into a space, and the label keeps the real name.
//!
