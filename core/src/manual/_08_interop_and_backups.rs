//! Design: coming in from other apps, leaving, and backups.
//!
//! # Coming in, leaving, and backups
//!
//! - Every other authenticator's export can be imported (one small core module per source, detected
//!   from the content), with a preview and a per-account reason for anything that cannot come in.
//! - A user can always leave: an encrypted Aegis-format export (which most authenticators import) and a
//!   plain list on request. Kulcs's own backup format is documented and versioned.
//! - Backups run by themselves into a folder the user picks, keep several versions, are verified by
//!   reading them back, and restore by merging, never by replacing. A printable emergency sheet holds
//!   each setup key, its QR code and its note (the törlőkód), plus the recovery code.
//!
//! Decisions, and why:
//! - The vault keeps the Argon2id *result* of the backup passphrase, not the passphrase: backups
//!   can then be sealed after every change without asking, each file is still an ordinary Kulcs
//!   backup the passphrase opens, and nothing stored reveals the passphrase itself.
//! - The backup runs inside the save, before the vault file is written (`vault::SaveHook`), so
//!   the record of the backup reaches the disk with the change; the vault module only knows the
//!   hook, not the export code (no module cycle).
//! - A failed backup never fails the save: losing the change to protect its backup would be
//!   worse. The failure is recorded and shown until a backup succeeds.
//! - An unchanged vault writes no new file (a digest of the body), so frequent saves (sync
//!   rounds, the clock offset) cannot push older, different backups out of the folder.
//! - The sheet's recovery code is always a new one: the vault keeps only a slot sealed to the
//!   code, so no shell could print the old one. `paper::check_sheet` runs first, so a sheet that
//!   cannot be made never costs the user their old code.
