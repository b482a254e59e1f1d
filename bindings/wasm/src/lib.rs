//! Kulcs in the browser: the wasm-bindgen surface the web shell (`web/`) calls, and nothing more.
//!
//! Every item delegates to `kulcs-bindings` (the surface the phones call) or, where the browser
//! differs, to the core: the vault lives in memory ([`MemStorage`]) and the shell persists its
//! files to IndexedDB; it is opened with the passphrase only. Records cross as JSON text, errors
//! as a thrown JSON text with the catalogue key (`error`). No domain rule lives here: the shell
//! formats nothing itself (codes arrive grouped, countdowns computed, rules decided in core).
//!
//! The shell runs this module in a Web Worker, so Argon2id and QR decoding never freeze the page.

#![deny(missing_docs)]

mod error;
mod import;
mod records;
mod scan;
mod storage;
mod transfer;
mod vault;

pub use error::to_json as error_json;
pub use import::{backup_info, WebImport, WebMigration};
pub use scan::{
    can_save_key, classify_scan, clipboard_clear_seconds, decode_image, parse_uri, qr_png,
    transfer_qr_png, typed_code_complete, WebScanner,
};
pub use storage::{MemStorage, WebFiles, VAULT_PATH};
pub use transfer::{WebReceiver, WebSender};
pub use vault::WebVault;
