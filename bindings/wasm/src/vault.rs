//! Owns the browser's open vault, [`WebVault`]: created or opened over a [`MemStorage`] with the
//! passphrase (the browser keeps no device key: anything beside the vault in IndexedDB is as
//! readable as the vault), then the phones' `Vault` surface method for method.

use std::path::Path;
use std::sync::Arc;

use kulcs_core::vault::{self as core_vault, Unlock, VaultOptions};
use kulcs_ffi as ffi;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::error::{invalid, to_js, OrJs};
use crate::records;
use crate::storage::{MemStorage, WebFiles, VAULT_PATH};

/// An open, decrypted vault. Dropping it (`free()` in JavaScript, on lock) wipes the keys.
#[wasm_bindgen]
pub struct WebVault {
    pub(crate) inner: Arc<ffi::Vault>,
    storage: Arc<MemStorage>,
}

fn options(storage: &Arc<MemStorage>) -> VaultOptions {
    VaultOptions {
        storage: storage.clone(),
        ..VaultOptions::default()
    }
}

fn core_err(e: core_vault::VaultError) -> JsValue {
    to_js(e.into())
}

fn json(v: serde_json::Value) -> String {
    v.to_string()
}

#[wasm_bindgen]
impl WebVault {
    /// Creates a new vault whose one slot is `passphrase` (Argon2id at the vault's default
    /// parameters: this takes a second or more). `files` must hold no vault yet.
    pub fn create(files: WebFiles, passphrase: String, now_ms: u64) -> Result<WebVault, JsValue> {
        let passphrase = Zeroizing::new(passphrase);
        let storage = files.into_storage();
        let v = core_vault::Vault::create_with_passphrase(
            Path::new(VAULT_PATH),
            &passphrase,
            now_ms,
            options(&storage),
        )
        .map_err(core_err)?;
        Ok(WebVault {
            inner: ffi::Vault::from_core(v, core_vault::OpenReport::default()),
            storage,
        })
    }

    /// Opens the vault in `files` (what IndexedDB held, or a vault file the user picked, named
    /// `vault.kulcs`) with its passphrase, falling back to older generations like the apps.
    pub fn open(files: WebFiles, passphrase: String) -> Result<WebVault, JsValue> {
        let passphrase = Zeroizing::new(passphrase);
        Self::open_with(files, Unlock::Passphrase(&passphrase))
    }

    /// Opens the vault in `files` with its printed recovery code.
    pub fn open_with_recovery_code(files: WebFiles, code: String) -> Result<WebVault, JsValue> {
        let code = Zeroizing::new(code);
        Self::open_with(files, Unlock::Recovery(&code))
    }

    /// True when `files` hold a vault (or an older copy, or an interrupted save): open it, never
    /// create over it.
    pub fn exists(files: &WebFiles) -> bool {
        files.names().iter().any(|n| {
            n == VAULT_PATH || n.starts_with(&format!("{VAULT_PATH}.")) && !n.ends_with(".lock")
        })
    }

    /// Messages to show once after opening (an older copy was opened, a save was interrupted).
    pub fn open_warnings(&self) -> Vec<String> {
        self.inner.open_warnings()
    }

    /// Counts the writes to the vault's files: when it changed, persist [`WebVault::files`].
    pub fn revision(&self) -> u64 {
        self.storage.revision()
    }

    /// Every file of the vault (the current one and its generations), to persist.
    pub fn files(&self) -> WebFiles {
        WebFiles::from_storage(&self.storage)
    }

    /// The current vault file, to download ("keep a copy outside the browser").
    pub fn vault_file(&self) -> Result<Vec<u8>, JsValue> {
        self.storage
            .snapshot()
            .into_iter()
            .find(|(n, _)| n == VAULT_PATH)
            .map(|(_, b)| b)
            .ok_or_else(|| invalid("file", "NotFound", "the vault has not been saved"))
    }

    /// Replaces the passphrase (the data key changes; older copies are re-sealed).
    pub fn set_passphrase(&self, passphrase: String) -> Result<(), JsValue> {
        self.inner.set_passphrase(passphrase).js()
    }

    /// A new recovery code (replacing any earlier one), to show once.
    pub fn add_recovery_code(&self, now_ms: u64) -> Result<String, JsValue> {
        self.inner.add_recovery_code(now_ms).js()
    }

    /// True when a recovery code can open the vault.
    pub fn has_recovery_code(&self) -> Result<bool, JsValue> {
        self.inner.has_recovery_code().js()
    }

    /// The code list at RAW device time, filtered by `query` (words of issuer, label, groups;
    /// accents ignored) and `group`: JSON array of rows.
    pub fn code_rows(
        &self,
        device_unix_time: i64,
        query: Option<String>,
        group: Option<String>,
    ) -> Result<String, JsValue> {
        let rows = self.inner.code_rows(device_unix_time, query, group).js()?;
        Ok(json(rows.iter().map(records::code_row).collect()))
    }

    /// One row (JSON).
    pub fn code_row(&self, id: String, device_unix_time: i64) -> Result<String, JsValue> {
        Ok(json(records::code_row(
            &self.inner.code_row(id, device_unix_time).js()?,
        )))
    }

    /// Every group in use, sorted.
    pub fn groups(&self) -> Result<Vec<String>, JsValue> {
        self.inner.groups().js()
    }

    /// Replaces an account's groups.
    pub fn set_groups(&self, id: String, groups: Vec<String>, now_ms: u64) -> Result<(), JsValue> {
        self.inner.set_groups(id, groups, now_ms).js()
    }

    /// Adds every enrolment QR code in a PNG/JPEG/WebP image (file, paste): JSON outcomes.
    pub fn add_image(&self, image: Vec<u8>, now_ms: u64) -> Result<String, JsValue> {
        Ok(json(records::add_outcomes(
            &self.inner.add_image(image, now_ms).js()?,
        )))
    }

    /// Adds the account an `otpauth://` text describes (a code the webcam read): JSON outcome.
    pub fn add_uri(&self, uri: String, now_ms: u64) -> Result<String, JsValue> {
        Ok(json(records::add_outcome(
            &self.inner.add_uri(uri, now_ms).js()?,
        )))
    }

    /// Adds an Ügyfélkapu+ account from the username and a typed setup key: JSON outcome.
    pub fn add_ugyfelkapu(
        &self,
        username: String,
        key: String,
        now_ms: u64,
    ) -> Result<String, JsValue> {
        let out = self.inner.add_ugyfelkapu(username, key, now_ms).js()?;
        Ok(json(records::add_outcome(&out)))
    }

    /// Checks a code typed back from a typed key before saving (±1 step at device time plus
    /// this vault's offset): the matching step, or `undefined` when it is not this key's code.
    pub fn check_typed_code(
        &self,
        key: String,
        typed: String,
        device_unix_time: i64,
    ) -> Result<Option<i64>, JsValue> {
        let key = ffi::SetupKey::from_base32(key).js()?;
        let offset = self.inner.clock_offset().js()?;
        ffi::check_typed_code(
            key,
            ffi::default_otp_params(),
            typed,
            device_unix_time,
            offset,
        )
        .js()
    }

    /// Changes an account's issuer and label.
    pub fn rename(
        &self,
        id: String,
        issuer: String,
        label: String,
        now_ms: u64,
    ) -> Result<(), JsValue> {
        self.inner.rename(id, issuer, label, now_ms).js()
    }

    /// Deletes an account.
    pub fn delete(&self, id: String, now_ms: u64) -> Result<(), JsValue> {
        self.inner.delete(id, now_ms).js()
    }

    /// Sets (or clears, with `undefined` or "") the private note, e.g. the törlőkód.
    pub fn set_note(&self, id: String, note: Option<String>, now_ms: u64) -> Result<(), JsValue> {
        self.inner.set_note(id, note, now_ms).js()
    }

    /// The private note (only for an explicit "show note").
    pub fn note(&self, id: String) -> Result<Option<String>, JsValue> {
        self.inner.note(id).js()
    }

    /// Moves an HOTP counter on after its code was used.
    pub fn advance_counter(&self, id: String, now_ms: u64) -> Result<u64, JsValue> {
        self.inner.advance_counter(id, now_ms).js()
    }

    /// Which entries make `code` within ±1 step of device time: JSON array of matches.
    pub fn verify(&self, code: String, device_unix_time: i64) -> Result<String, JsValue> {
        let m = self.inner.verify(code, device_unix_time).js()?;
        Ok(json(m.iter().map(records::verify_match).collect()))
    }

    /// Entries sharing issuer and label, newest first: JSON array of groups.
    pub fn duplicates(&self) -> Result<String, JsValue> {
        let g = self.inner.duplicates().js()?;
        Ok(json(g.iter().map(records::duplicate_group).collect()))
    }

    /// "Keep this one, delete the others", in one save: the removed ids.
    pub fn keep_only(&self, id: String, now_ms: u64) -> Result<Vec<String>, JsValue> {
        self.inner.keep_only(id, now_ms).js()
    }

    /// Seconds added to the device clock before codes are computed.
    pub fn clock_offset(&self) -> Result<i64, JsValue> {
        self.inner.clock_offset().js()
    }

    /// Sets the clock offset (core bounds it).
    pub fn set_clock_offset(&self, seconds: i64) -> Result<(), JsValue> {
        self.inner.set_clock_offset(seconds).js()
    }

    /// Calibrates the offset from a code the site accepted; returns the new offset.
    pub fn calibrate_clock_offset(
        &self,
        id: String,
        code: String,
        device_unix_time: i64,
        now_ms: u64,
    ) -> Result<i64, JsValue> {
        self.inner
            .calibrate_clock_offset(id, code, device_unix_time, now_ms)
            .js()
    }

    /// An account's `otpauth://` URI, to show as a QR code for another app (SECRET).
    pub fn account_uri(&self, id: String) -> Result<String, JsValue> {
        self.inner.account_uri(id).js()
    }

    /// Every account as a file: `format` is `kulcs` (Kulcs backup), `aegis` (encrypted Aegis),
    /// `aegis-plain` or `otpauth` (both unencrypted: the shell warns first). Read back and
    /// compared by core before it is returned.
    pub fn export_file(
        &self,
        format: &str,
        passphrase: Option<String>,
        now_ms: u64,
    ) -> Result<Vec<u8>, JsValue> {
        let format = match format {
            "kulcs" => ffi::ExportFormat::KulcsBackup,
            "aegis" => ffi::ExportFormat::AegisEncrypted,
            "aegis-plain" => ffi::ExportFormat::AegisPlain,
            "otpauth" => ffi::ExportFormat::OtpauthList,
            _ => return Err(invalid("format", "Malformed", "unknown export format")),
        };
        self.inner.export_file(format, passphrase, now_ms).js()
    }

    /// Merges a Kulcs backup into this vault (nothing here is changed or dropped): JSON outcomes.
    pub fn restore_backup(
        &self,
        bytes: Vec<u8>,
        passphrase: String,
        now_ms: u64,
    ) -> Result<String, JsValue> {
        let out = self.inner.restore_backup(bytes, passphrase, now_ms).js()?;
        Ok(json(records::add_outcomes(&out)))
    }

    /// Adds every account of another app's export read by [`crate::WebImport`]: JSON outcomes.
    pub fn import_file(&self, file: &crate::WebImport, now_ms: u64) -> Result<String, JsValue> {
        let out = self.inner.import_file(file.inner.clone(), now_ms).js()?;
        Ok(json(records::add_outcomes(&out)))
    }

    /// Adds every account of a complete Google Authenticator export in one save: JSON outcomes
    /// (`Incomplete` before every code was read).
    pub fn import_migration(
        &self,
        codes: &crate::WebMigration,
        now_ms: u64,
    ) -> Result<String, JsValue> {
        let out = self
            .inner
            .import_migration(codes.inner.clone(), now_ms)
            .js()?;
        Ok(json(records::add_outcomes(&out)))
    }
}

impl WebVault {
    fn open_with(files: WebFiles, unlock: Unlock<'_>) -> Result<WebVault, JsValue> {
        let storage = files.into_storage();
        let (v, report) =
            core_vault::Vault::open_with(Path::new(VAULT_PATH), unlock, options(&storage))
                .map_err(core_err)?;
        Ok(WebVault {
            inner: ffi::Vault::from_core(v, report),
            storage,
        })
    }
}
