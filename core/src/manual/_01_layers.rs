//! Design: the layers, and what each one may touch.
//!
//! # Layers, and what each one may touch
//!
//! ```text
//!  android/ (Kotlin)   ios/ (Swift)   web/ (wasm + thin JS)   cli/ (Rust)
//!         \               /                 |                   |
//!        bindings/  (UniFFI surface)         |                   |
//!                 \                          |                   |
//!                  core/  (pure Rust: all domain logic) ---------+
//! ```
//! - `core` knows nothing of UniFFI, JNA, Swift, the browser or the terminal. It takes time,
//!   randomness, storage paths and folders as inputs (or through small traits), so every behaviour is
//!   testable from Rust.
//! - `bindings` exports objects that wrap core types, plus one public error type with few variants and
//!   an exported error kind. It adds no logic. If a bindings function grows an `if` about the domain,
//!   the `if` belongs in core.
//! - The shells turn platform things into core calls: camera frames, the keystore, files and folders,
//!   the clock, and the UI. A rule a user could notice (how duplicates are found, how a key is cleaned,
//!   when a code is "about to expire", how an account is named on screen, where the clock offset is
//!   added) is decided once, in core, and every shell shows the same result. The message texts are one
//!   catalogue of keys that every shell translates (Hungarian and English).
//! - Every shell can do what the others can: a capability that exists in core is reachable from the
//!   CLI, both phone apps and the web app.
//! - `cli` is a full desktop shell over core. It is the first thing a newcomer runs, and it serves
//!   users at a desk, such as an accountant with dozens of clients. `web` serves people with no
//!   smartphone at all.
