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
