//! Kulcs core: the pure-Rust domain logic of an offline-first two-factor authenticator.
//!
//! No FFI and no platform code live here: time, randomness, storage paths and key stores come in
//! as arguments or small traits, so every behaviour is testable from Rust. The bindings
//! (`kulcs_ffi`) and the desktop CLI are thin shells over this crate.
//!
//! The modules below are declared in dependency order: each uses only modules above it (the map
//! with what each owns is `docs/modules.md`, checked by a test). The types most callers need are
//! re-exported here; each module keeps its internals private behind its own `pub use` list. The
//! design decisions and their reasons are the [`manual`].
//!
//! # Example: the code for a key typed by hand
//!
//! The Ügyfélkapu+ page shows a 16-character (80-bit) key; people type it with spaces and in
//! lower case.
//!
//! ```
//! use kulcs_core::{Credential, Secret};
//!
//! let key = Secret::parse_base32("jbsw y3dp ehpk 3pxp").unwrap();
//! let account = Credential::ugyfelkapu("kovacs.janos", key);
//! assert_eq!(account.label, "kovacs.janos@ugyfelkapu.gov.hu");
//! let window = account.code_window(1_700_000_000).unwrap();
//! assert_eq!(window.code.as_str(), "324550"); // as `oathtool --totp -b JBSWY3DPEHPK3PXP` says
//! ```
//!
//! # Example: reading an enrolment QR code
//!
//! ```
//! use kulcs_core::{otpauth, qr, qr_render};
//!
//! let uri = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos%40ugyfelkapu.gov.hu\
//!            ?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cgyf%C3%A9lkapu%2B";
//! let png = qr_render::png(uri).unwrap(); // stands in for a photo of the page
//! let symbols = qr::decode_image_bytes(&png).unwrap();
//! let parsed = otpauth::parse(&symbols[0].text).unwrap();
//! assert_eq!(parsed.credential.issuer, "Ügyfélkapu+");
//! assert_eq!(parsed.credential.label, "kovacs.janos@ugyfelkapu.gov.hu");
//! ```
//!
//! # Example: an encrypted vault on disk, with the törlőkód as a note
//!
//! ```
//! use kulcs_core::{Credential, FileKeyStore, Secret, Unlock, Vault, VaultOptions};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let keys = FileKeyStore::new(dir.path().join("device.key"));
//! let path = dir.path().join("vault.kulcs");
//! let now_ms = 1_700_000_000_000;
//! // `testing()` picks the cheapest Argon2id parameters; real vaults use the default options.
//! let mut vault = Vault::create_with(&path, &keys, now_ms, VaultOptions::testing()).unwrap();
//! let key = Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap();
//! let id = vault.add(Credential::ugyfelkapu("kovacs.janos", key), now_ms).unwrap().id();
//! vault.set_note(id, Some("törlőkód: ANNA-1111"), now_ms + 1).unwrap();
//! vault.save().unwrap();
//! drop(vault);
//!
//! let (vault, _report) =
//!     Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
//! let note = vault.accounts()[0].note.as_ref().unwrap();
//! assert_eq!(note.expose(), "törlőkód: ANNA-1111");
//! ```
//!
//! # Example: a Google Authenticator export, read back
//!
//! ```
//! use kulcs_core::{migration, Credential, Secret};
//!
//! let key = Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap();
//! let export = migration::export(&[Credential::ugyfelkapu("kovacs.janos", key)], 1);
//! let mut batch = migration::MigrationCollector::new();
//! for uri in &export.uris {
//!     batch.add(uri).unwrap(); // each one a QR code on screen
//! }
//! let imported = batch.finish().unwrap();
//! assert_eq!(imported.accounts[0].credential.issuer, "Ügyfélkapu+");
//! ```

#![deny(missing_docs)]

// Leaves: randomness, secrets and codes.
mod aead;
pub mod code_text;
pub mod messages;
mod monotonic;
pub mod otp;
pub mod random;
pub mod secret;

// Accounts and the rules for every value written.
pub mod account;
pub mod credential;
pub mod hlc;
pub mod validate;

// Wire formats.
pub mod base45;
pub mod bundle;
mod code_ledger;
pub mod import;
pub mod migration;
pub mod otpauth;

// QR codes in and out.
pub mod qr;
pub mod qr_render;

// The vault, then what moves accounts between vaults.
pub mod exchange;
pub mod sync;
pub mod transfer;
pub mod vault;

// What leaves the vault: backups and exports to other apps.
pub mod backups;
pub mod export;
#[cfg(feature = "sheet")]
pub mod paper;

// What a scanned text is, and what the screens show.
pub mod code_row;
pub mod find;
pub mod payload;
pub mod screen_rules;

// Design decisions (documentation only).
pub mod manual;

pub use account::{Account, AccountId, Note};
pub use credential::Credential;
pub use otp::{Algorithm, Code, CodeWindow, OtpKind, OtpParams};
pub use qr::{QrError, QrScanner};
pub use random::{RandomSource, SystemRng};
pub use secret::Secret;
pub use sync::{SyncGroup, SyncState};
pub use transfer::{PendingSend, Receiver, TransferError};
pub use vault::{FileKeyStore, KeyStore, Unlock, Vault, VaultError, VaultOptions};
