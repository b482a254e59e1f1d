//! The core's one integration-test binary: every module below tests the public API of
//! `kulcs_core` from outside, the way the bindings and the CLI use it.
//!
//! Where a new test goes: beside the module it tests if it needs private items (a `#[cfg(test)]`
//! block in `core/src`); here otherwise, in the file of its area below. Shared helpers (seeded
//! generators, fixture accounts, vault files, the synthetic QR generator, the counting allocator)
//! live in `support/` and nowhere else. Run one area with e.g. `cargo test -p kulcs-core --test
//! tests vault_`.

/// Seeded generators, fixture accounts, vault files on disk, the QR generator, the allocator.
mod support;

/// The source layout itself: no module cycle, no core file over 400 lines, the module order.
mod architecture;

// Codes and their text ------------------------------------------------------------------------

/// How a code is grouped and spoken (`tests/vectors/code_text.json`).
mod code_text_vectors;
/// Codes against independent peers (oathtool, pyotp) on random keys and times.
mod peers;
/// The shared vectors in `tests/vectors/` (OTP, otpauth, secrets) that the shells run too.
mod vectors;

// Wire formats ------------------------------------------------------------------------------

/// Backups that run themselves: after every change, the last N kept, a broken folder, the test.
mod backups_auto;
/// Exports to other apps (Aegis encrypted and plain, the otpauth list), read back by the importer.
mod export_aegis;
/// The Kulcs backup format: round trips, tampering, vectors (`tests/vectors/backup.json`), restore.
mod export_backup;
/// Other apps' real export files: each read one yields the plain.txt accounts.
mod import_fixtures;
/// The import preview: added, already present (named), repeated, not importable.
mod import_preview;
/// Google Authenticator `otpauth-migration` import and export on real-shaped payloads.
mod migration_google;
/// The migration vectors shared with the shells (`tests/vectors/migration.json`).
mod migration_vectors;
/// The printable emergency sheet: every QR code on it decodes to the accounts (pdftoppm).
#[cfg(feature = "sheet")]
mod paper_sheet;
/// Per-account QR images that decode back to their `otpauth://` URI.
mod transfer_qr_render;

// QR decoding -------------------------------------------------------------------------------

/// Generated codes round-trip through the decoder; frame layout rules.
mod qr_basic;
/// Charset of decoded text: segno's vectors and the public corpus' Shift_JIS codes.
mod qr_charset;
/// Floors on the hard generated 1080p screen photos and camera sequences.
mod qr_hard;
/// Large colour photos are decoded to luma within bounded memory.
mod qr_large;
/// Floors on the synthetic regression corpus and the public corpus (`../shared/qr-corpus`).
mod qr_regression;
/// The live scanner: hints, rotation, per-frame budget.
mod qr_scanner;

// Vault -------------------------------------------------------------------------------------

/// Finding one account by a typed query (id prefix, or issuer/label/group words).
mod find_account;
/// The desktop device-key file: permissions, races, symlinks.
#[cfg(unix)]
mod keystore_file;
/// What the user sees, decided in core: code rows, search, keep-only, scan decision, calibration,
/// rotation, the add-screen rules and the message catalogue (issue 12).
mod screen_rules;
/// The vault's public behaviour: accounts, duplicates, verify, slots, locking.
mod vault_api;
/// A distinctive secret never appears in any file the vault writes.
mod vault_canary;
/// Crash injection at every write, fsync and rename.
mod vault_crash;
/// Data-key rotation when a slot is retired.
mod vault_rotation;
/// Every bit flip and truncation gives one typed error.
mod vault_tamper;
/// Older vault formats keep opening (`tests/fixtures/vault-v1.kulcs`).
mod vault_upgrade;
/// Known-answer vectors of the vault format (`tests/vectors/vault.json`).
mod vault_vectors;

// Transfer and sync -------------------------------------------------------------------------

/// Per-field merge between real vaults: note versus rename, conflicts, HOTP counters, report.
mod sync_fields;
/// A removed hostile member (forged tombstones and stamps) cannot delete an honest account.
mod sync_hostile_property;
/// Devices are members: signed replicas, member chain, removal, upgrade from format 1.
mod sync_members;
/// Randomised schedules of devices editing and merging replicas.
mod sync_property;
/// A device invited again into its own group: removed then re-invited, or sent to twice.
mod sync_rejoin;
/// Randomised sync of real vaults through a shared directory.
mod sync_vault_property;
/// Sync between real vaults: edits, deletes, conflicts.
mod sync_vaults;
/// Known-answer vectors of the replica format and merge rule.
mod sync_vectors;
/// Known answers of sync format 2: a member record and a replica envelope.
mod sync_vectors_v2;
/// Attacks on the transfer protocol: replays, substitution, bit flips.
mod transfer_attacks;
/// 100 accounts fit in at most 4 frames.
mod transfer_capacity;
/// Vault to vault through PNG frames read by the core's own decoder.
mod transfer_e2e;
/// A code typed against one offer never confirms another.
mod transfer_spent_code;
/// Known-answer vectors of the transfer format (`tests/vectors/transfer.json`).
mod transfer_vectors;

// Hostile input: nothing panics, nothing is lost, nothing large is allocated ------------------

/// Regression inputs found by the fuzz targets (`fuzz/`, `docs/fuzzing.md`).
mod fuzz_findings;
/// Oversized or hostile bundles, replicas and Google exports, refused by the shared validator.
mod hostile_input;
/// Hostile export files: truncation, wrong passwords, zip bombs, other schemas.
mod import_hostile;
/// Hostile and degenerate images for the QR decoder.
mod qr_hostile;
/// A bundle claiming millions of accounts allocates little (counting allocator).
mod replica_alloc;
/// Mutated URIs, keys and payloads (the text parsers).
mod robustness;
/// Mutated offers, frames, bundles and receiver states.
mod transfer_robustness;
/// Mutated vault files and contents JSON.
mod vault_fuzz;
/// Hostile KDF parameters are refused before Argon2 allocates.
mod vault_kdf_alloc;
