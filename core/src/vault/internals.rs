//! The vault's building blocks that known-answer vectors, fuzzers and benches check directly.
//!
//! Shells and bindings never need these: they use [`super::Vault`]. Each child re-exports
//! exactly what the tests in `core/tests`, `fuzz/` and `core/benches` name, so the modules that
//! implement them stay private to the vault.

/// The byte layout of a vault file (`docs/vault.md`): sealing, parsing and opening one.
pub mod format {
    pub use crate::vault::format::{open, parse, seal, Header, Parsed, MAX_FILE_LEN, VERSION};
}

/// The key derivations: Argon2id for passphrases, HKDF-SHA256 for recovery codes and seals.
pub mod kdf {
    pub use crate::vault::kdf::{argon2id, argon2id_runs_on_this_thread, hkdf_sha256};
}

/// The decrypted contents and their JSON form.
pub mod contents {
    pub use crate::vault::contents::{from_json, to_json, Contents};
}

/// The slot layout, for building slots from explicit random choices.
pub mod slots {
    pub use crate::vault::slots::{Lock, SlotBody, SlotChoices};
}
