//! Owns reading other apps' exports in the browser: [`WebImport`] (the phones' `ImportFile`:
//! read, preview, then `WebVault::import_file`), [`WebMigration`] (a Google Authenticator
//! export's QR codes, collected, then `WebVault::import_migration`) and a Kulcs backup's check.

use std::sync::Arc;

use kulcs_ffi as ffi;
use serde_json::json;
use wasm_bindgen::prelude::*;

use crate::error::OrJs;
use crate::records;

/// Another app's export, read and checked by core (keys stay in Rust).
#[wasm_bindgen]
pub struct WebImport {
    pub(crate) inner: Arc<ffi::ImportFile>,
}

#[wasm_bindgen]
impl WebImport {
    /// Reads an export of any supported app (found from the content; app databases need SQLite
    /// and are read by the CLI and phones only). `ImportPasswordNeeded`: ask and call again.
    pub fn read(bytes: Vec<u8>, password: Option<String>) -> Result<WebImport, JsValue> {
        Ok(WebImport {
            inner: ffi::ImportFile::read(bytes, password).js()?,
        })
    }

    /// The preview: JSON `{"app", "accounts": [...], "refused": [...]}`.
    pub fn preview(&self) -> String {
        json!({
            "app": self.inner.app_name(),
            "accounts": self.inner.accounts().iter().map(records::import_entry).collect::<Vec<_>>(),
            "refused": self.inner.refused().iter().map(records::refused_entry).collect::<Vec<_>>(),
        })
        .to_string()
    }
}

/// The QR codes of one Google Authenticator export ("Transfer accounts"), scanned or read from
/// images in any order (the phones' `MigrationImport`; re-scans are harmless).
#[wasm_bindgen]
pub struct WebMigration {
    pub(crate) inner: Arc<ffi::MigrationImport>,
}

#[wasm_bindgen]
impl WebMigration {
    /// An empty collector.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> WebMigration {
        WebMigration {
            inner: ffi::MigrationImport::new(),
        }
    }

    /// Adds one `otpauth-migration://` text: JSON `{"batches_read", "batch_count", "done"}`.
    pub fn add(&self, text: String) -> Result<String, JsValue> {
        let p = self.inner.add(text).js()?;
        Ok(
            json!({"batches_read": p.batches_read, "batch_count": p.batch_count, "done": p.done})
                .to_string(),
        )
    }
}

/// Opens a Kulcs backup and says what it holds, changing nothing: JSON `{version, created_ms,
/// accounts}` ("test your backup").
#[wasm_bindgen]
pub fn backup_info(bytes: Vec<u8>, passphrase: String) -> Result<String, JsValue> {
    Ok(records::backup_info(&ffi::backup_info(bytes, passphrase).js()?).to_string())
}
