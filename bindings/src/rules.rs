//! Owns the small screen rules across the FFI: rotation from degrees, the scan decision, the add screen's save and auto-confirm rules, the clipboard delay (all core's).

use kulcs_core::otp::OtpParams;
use kulcs_core::payload::{self, ScanDecision};
use kulcs_core::qr::Rotation;
use kulcs_core::screen_rules;

use crate::guard::guard;
use crate::messages::ErrorKind;
use crate::{KulcsError, ParsedUri};

/// The camera's rotation in degrees as a [`Rotation`]: 0, 90, 180 or 270, modulo 360 (-90 is
/// 270). Anything else is `InvalidInput{field: "rotation", kind: InvalidRotation}`.
#[uniffi::export]
pub fn rotation_from_degrees(degrees: i32) -> Result<Rotation, KulcsError> {
    guard(|| {
        Rotation::from_degrees(degrees)
            .map_err(|e| KulcsError::invalid("rotation", ErrorKind::InvalidRotation, &e))
    })
}

/// What an add screen does with a scanned text (core's `payload::decide`).
#[derive(Debug, uniffi::Enum)]
pub enum ScanPayload {
    /// An `otpauth://` enrolment: offer to add this account (key kept in Rust).
    Enrolment {
        /// The parsed account.
        account: ParsedUri,
    },
    /// One code of a Google Authenticator export: feed it to a `MigrationImport`.
    MigrationBatch {
        /// Zero-based position of this code in the export (show `index + 1`).
        index: u32,
        /// Codes in the export.
        count: u32,
    },
    /// A Kulcs transfer offer (the new phone's code): start sending from this phone.
    TransferOffer,
    /// Nothing to add; explain `kind` (`message_key(kind)`): a broken enrolment's URI error,
    /// a damaged export's or transfer code's error, or `NotAnEnrolment`.
    Refused {
        /// Why.
        kind: ErrorKind,
    },
}

/// Classifies a scanned text for an add screen: enrolment, Google export batch k of n,
/// transfer offer, or refused with a kind. Never fails.
#[uniffi::export]
pub fn classify_scan(text: String) -> ScanPayload {
    let text = zeroize::Zeroizing::new(text);
    match payload::decide(&text) {
        ScanDecision::Enrolment(parsed) => ScanPayload::Enrolment {
            account: (*parsed).into(),
        },
        ScanDecision::MigrationBatch { index, count } => {
            ScanPayload::MigrationBatch { index, count }
        }
        ScanDecision::TransferOffer => ScanPayload::TransferOffer,
        ScanDecision::Refused(kind) => ScanPayload::Refused { kind },
    }
}

/// Seconds a copied code stays on the clipboard before the app clears it (30).
#[uniffi::export]
pub fn clipboard_clear_seconds() -> u32 {
    screen_rules::CLIPBOARD_CLEAR_SECS
}

/// How many characters of a typed-back code make the add screen check it without a button
/// (the code length: 6 for Ügyfélkapu+).
#[uniffi::export]
pub fn auto_confirm_digits(params: OtpParams) -> u32 {
    screen_rules::auto_confirm_digits(&params)
}

/// True when `typed` is long enough to be checked now ([`auto_confirm_digits`], spaces
/// ignored): the text field's change handler calls `check_typed_code` then.
#[uniffi::export]
pub fn typed_code_complete(params: OtpParams, typed: String) -> bool {
    screen_rules::typed_code_complete(&params, &typed)
}

/// The add-by-key screen's "Save" rule (`canSave`): the key parses, the typed-back code was
/// confirmed, the label is not blank, and the issuer is not blank unless the Ügyfélkapu+
/// preset supplies it. Blank = only Unicode whitespace.
#[uniffi::export]
pub fn can_save_key(
    ugyfelkapu_preset: bool,
    issuer: String,
    label: String,
    key_text: String,
    code_confirmed: bool,
) -> bool {
    let key_text = zeroize::Zeroizing::new(key_text);
    screen_rules::can_save_key(
        ugyfelkapu_preset,
        &issuer,
        &label,
        &key_text,
        code_confirmed,
    )
}
