//! Design: the encrypted vault file, its slots, and crash-safe writes.
//!
//! # The vault
//!
//! - One encrypted file per device. A random 256-bit data key encrypts the contents with an AEAD.
//!   The data key is wrapped by one or more **slots** (the Aegis idea): a device slot wrapped by the
//!   platform keystore (passed in as a foreign trait), and optionally a passphrase slot (Argon2id)
//!   and a recovery-code slot. Retiring a slot (a changed passphrase, a replaced recovery code or
//!   device) rotates the data key, so whoever once opened an old copy reads nothing newer.
//! - Everything in the header (format version, KDF parameters, slots) is bound as AEAD associated
//!   data, so no part of the file can be swapped or downgraded unnoticed. KDF parameters read from a
//!   file have floors and ceilings, so a hostile file cannot demand 100 GiB of memory.
//! - Writes are crash-safe: write a temp file in the same directory, fsync it, rename it over the
//!   old file, then fsync the directory. Keep the last few generations. Never replace a non-empty
//!   vault that failed to open with an empty one.
//! - Each account has a stable id, issuer, label, secret, OTP parameters, an optional encrypted
//!   note (the törlőkód goes here), groups/tags, and timestamps for sync.
