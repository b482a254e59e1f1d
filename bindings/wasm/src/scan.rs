//! Owns reading QR codes in the browser: decoding an image file or a pasted image, the webcam's
//! live scanner ([`WebScanner`], core's, fed the canvas's RGBA), classifying a scanned text,
//! and drawing QR codes as PNG for the screen.

use kulcs_core::qr::{self as core_qr, LumaFrame, Rotation, ScanHint, ScanOptions};
use kulcs_ffi as ffi;
use serde_json::json;
use wasm_bindgen::prelude::*;

use crate::error::{invalid, to_js, OrJs};
use crate::records;

/// Every QR text in a PNG, JPEG or WebP image. Errors: `NoQrCode`, or `InvalidInput{field:
/// "image"}` for bytes that are not a readable image.
#[wasm_bindgen]
pub fn decode_image(image: Vec<u8>) -> Result<Vec<String>, JsValue> {
    ffi::decode_qr_image(image).js()
}

/// What an add screen does with a scanned text: JSON `{"payload": "Enrolment", "account": …}`,
/// `{"payload": "MigrationBatch", "index", "count"}`, `{"payload": "TransferOffer"}`, or
/// `{"payload": "Refused", "kind", "key"}` (core's rule; never fails).
#[wasm_bindgen]
pub fn classify_scan(text: String) -> String {
    match ffi::classify_scan(text) {
        ffi::ScanPayload::Enrolment { account } => {
            json!({"payload": "Enrolment", "account": records::parsed_uri(&account)})
        }
        ffi::ScanPayload::MigrationBatch { index, count } => {
            json!({"payload": "MigrationBatch", "index": index, "count": count})
        }
        ffi::ScanPayload::TransferOffer => json!({"payload": "TransferOffer"}),
        ffi::ScanPayload::Refused { kind } => json!({
            "payload": "Refused", "kind": kind.name(), "key": ffi::message_key(kind),
        }),
    }
    .to_string()
}

/// A QR code for `text` as a PNG, `scale` pixels per module (an account's URI for another app).
#[wasm_bindgen]
pub fn qr_png(text: String, scale: u32) -> Result<Vec<u8>, JsValue> {
    ffi::qr_png(text, scale).js()
}

/// A transfer offer or frame as a PNG sized for a phone camera to read from a screen.
#[wasm_bindgen]
pub fn transfer_qr_png(text: String) -> Result<Vec<u8>, JsValue> {
    ffi::transfer_qr_png(text).js()
}

/// Seconds a copied code stays on the clipboard before the shell clears it.
#[wasm_bindgen]
pub fn clipboard_clear_seconds() -> u32 {
    ffi::clipboard_clear_seconds()
}

/// True when a typed-back code is long enough to check without a button (Ügyfélkapu+: 6).
#[wasm_bindgen]
pub fn typed_code_complete(typed: String) -> bool {
    ffi::typed_code_complete(ffi::default_otp_params(), typed)
}

/// The add-by-key screen's "Save" rule (core's `can_save_key`).
#[wasm_bindgen]
pub fn can_save_key(
    ugyfelkapu_preset: bool,
    issuer: String,
    label: String,
    key_text: String,
    code_confirmed: bool,
) -> bool {
    ffi::can_save_key(ugyfelkapu_preset, issuer, label, key_text, code_confirmed)
}

/// The webcam's live scanner: core's `QrScanner` (per-frame budget, hints, multi-frame
/// agreement) over the canvas's RGBA pixels, reporting every text read.
#[wasm_bindgen]
pub struct WebScanner {
    inner: core_qr::QrScanner,
    luma: Vec<u8>,
}

#[wasm_bindgen]
impl WebScanner {
    /// A new scanner.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WebScanner {
        WebScanner {
            inner: core_qr::QrScanner::new(ScanOptions::default()),
            luma: Vec::new(),
        }
    }

    /// Scans one RGBA frame (`ImageData.data`): JSON `{"hint": "NoCode"|"MoveCloser"|
    /// "HoldStill"|"Found", "texts": [...]}`. Only an inconsistent frame is an error.
    pub fn push_rgba(&mut self, rgba: &[u8], width: u32, height: u32) -> Result<String, JsValue> {
        let pixels = (width as usize).checked_mul(height as usize);
        if pixels.and_then(|p| p.checked_mul(4)) != Some(rgba.len()) {
            return Err(invalid(
                "frame",
                "InvalidFrame",
                "RGBA length does not match the size",
            ));
        }
        self.luma.clear();
        self.luma.extend(rgba.chunks_exact(4).map(luma_of));
        let frame = LumaFrame {
            data: &self.luma,
            width,
            height,
            row_stride: width,
        };
        let update = self
            .inner
            .push_frame(&frame, Rotation::R0)
            .map_err(|e| to_js(e.into()))?;
        let hint = match update.hint {
            ScanHint::NoCode => "NoCode",
            ScanHint::MoveCloser => "MoveCloser",
            ScanHint::HoldStill => "HoldStill",
            ScanHint::Found => "Found",
        };
        let texts: Vec<String> = update.symbols.into_iter().map(|s| s.text).collect();
        Ok(json!({"hint": hint, "texts": texts}).to_string())
    }
}

impl Default for WebScanner {
    fn default() -> Self {
        Self::new()
    }
}

/// BT.601 luma of one RGBA pixel, in integers (what a camera's Y plane holds).
fn luma_of(px: &[u8]) -> u8 {
    let (r, g, b) = (px[0] as u32, px[1] as u32, px[2] as u32);
    ((66 * r + 129 * g + 25 * b + 128) / 256 + 16).min(255) as u8
}

/// Parses an `otpauth://` text for a confirmation screen: JSON account without the key.
#[wasm_bindgen]
pub fn parse_uri(uri: String) -> Result<String, JsValue> {
    Ok(records::parsed_uri(&ffi::parse_uri(uri).js()?).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luma_matches_the_bt601_ends() {
        assert_eq!(luma_of(&[0, 0, 0, 255]), 16);
        assert_eq!(luma_of(&[255, 255, 255, 255]), 235);
    }
}
