//! Owns the one error JavaScript sees: every `KulcsError` (the phones' public error) becomes a
//! JSON object `{"error": variant, "kind": ErrorKind name, "key": catalogue key, "reason": English,
//! "field": field or null}` thrown as a string, so the shell explains it from the same catalogue
//! keys as Android and iOS.

use kulcs_ffi::{error_kind, error_message_key, KulcsError};
use serde_json::json;
use wasm_bindgen::JsValue;

/// The thrown value for `e`.
pub fn to_js(e: KulcsError) -> JsValue {
    JsValue::from_str(&to_json(e))
}

/// The JSON text of `e` (tested on the host).
pub fn to_json(e: KulcsError) -> String {
    let variant = match &e {
        KulcsError::InvalidInput { .. } => "InvalidInput",
        KulcsError::NoQrCode => "NoQrCode",
        KulcsError::NotFound { .. } => "NotFound",
        KulcsError::WrongKeyOrDamaged => "WrongKeyOrDamaged",
        KulcsError::KeyStore { .. } => "KeyStore",
        KulcsError::Storage { .. } => "Storage",
        KulcsError::Sync { .. } => "Sync",
        KulcsError::Internal { .. } => "Internal",
    };
    let field = match &e {
        KulcsError::InvalidInput { field, .. } => Some(field.clone()),
        _ => None,
    };
    json!({
        "error": variant,
        "kind": error_kind(e.clone()).name(),
        "key": error_message_key(e.clone()),
        "field": field,
        "reason": e.to_string(),
    })
    .to_string()
}

/// An `InvalidInput` of the browser layer itself (a bad argument from the shell).
pub fn invalid(field: &str, kind: &str, reason: &str) -> JsValue {
    let kind = kulcs_core::messages::ErrorKind::from_name(kind)
        .unwrap_or(kulcs_core::messages::ErrorKind::Internal);
    to_js(KulcsError::InvalidInput {
        field: field.into(),
        kind,
        reason: reason.into(),
    })
}

/// Maps a bindings result for JavaScript.
pub trait OrJs<T> {
    /// `Err` becomes the thrown JSON.
    fn js(self) -> Result<T, JsValue>;
}

impl<T> OrJs<T> for Result<T, KulcsError> {
    fn js(self) -> Result<T, JsValue> {
        self.map_err(to_js)
    }
}
