//! Owns transfer in the browser: [`WebReceiver`] (show the offer, reveal the code, accept frames)
//! and [`WebSender`] (read the phone's offer, check the typed code, return the frames to show),
//! the phones' `TransferReceiver`/`TransferSender` one for one.

use std::sync::Arc;

use kulcs_ffi as ffi;
use wasm_bindgen::prelude::*;

use crate::error::OrJs;
use crate::records;
use crate::WebVault;

/// The new device's side of a transfer.
#[wasm_bindgen]
pub struct WebReceiver {
    inner: Arc<ffi::TransferReceiver>,
}

#[wasm_bindgen]
impl WebReceiver {
    /// A new session at device time `unix_time` (valid for core's default lifetime).
    #[wasm_bindgen(constructor)]
    pub fn new(unix_time: i64) -> Result<WebReceiver, JsValue> {
        Ok(WebReceiver {
            inner: ffi::TransferReceiver::new(unix_time).js()?,
        })
    }

    /// The offer text (`KULCS:O1:…`), to show with `transfer_qr_png`.
    pub fn offer_text(&self) -> Result<String, JsValue> {
        self.inner.offer_text().js()
    }

    /// A fresh 12-digit code, after the other device scanned the offer.
    pub fn reveal_code(&self) -> Result<String, JsValue> {
        self.inner.reveal_code().js()
    }

    /// One scanned frame text: JSON progress.
    pub fn accept(&self, text: String, unix_time: i64) -> Result<String, JsValue> {
        Ok(records::transfer_progress(&self.inner.accept(text, unix_time).js()?).to_string())
    }

    /// Imports the complete transfer into `vault`: JSON `{added, already_present, conflicts,
    /// joined_sync}`. `replace_sync_group` after the user agreed to leave this vault's group.
    pub fn import_into(
        &self,
        vault: &WebVault,
        device_name: String,
        replace_sync_group: bool,
        now_ms: u64,
    ) -> Result<String, JsValue> {
        let v = vault.inner.clone();
        let out = if replace_sync_group {
            self.inner
                .import_replacing_sync_group(v, device_name, now_ms)
        } else {
            self.inner.import_into(v, device_name, now_ms)
        };
        Ok(records::transfer_import(&out.js()?).to_string())
    }
}

/// The old device's side: sends every account of `vault`.
#[wasm_bindgen]
pub struct WebSender {
    inner: Arc<ffi::TransferSender>,
}

#[wasm_bindgen]
impl WebSender {
    /// A sender over `vault` (no sync invitation: the browser has no shared folder).
    #[wasm_bindgen(constructor)]
    pub fn new(vault: &WebVault) -> WebSender {
        WebSender {
            inner: ffi::TransferSender::new(vault.inner.clone()),
        }
    }

    /// The offer text the other device shows (read from its QR code).
    pub fn scan_offer(&self, offer_text: String, unix_time: i64) -> Result<(), JsValue> {
        self.inner.scan_offer(offer_text, unix_time).js()
    }

    /// The code typed from the other device; when it matches, the frame texts to show as QR codes.
    pub fn confirm(&self, typed: String, unix_time: i64) -> Result<Vec<String>, JsValue> {
        self.inner.confirm(typed, unix_time).js()
    }
}
