//! Owns classifying the text of a scanned QR code, so every scanner screen gives the same hint:
//! an authenticator code, a Google export part "k/n", a Kulcs transfer offer or frame, or
//! something else ("found a QR code, but it is not an authenticator code").

use crate::migration;
use crate::otpauth;
use crate::transfer::{self, ScannedTransfer};

/// What a scanned QR code contains, decided without decrypting or importing anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannedPayload {
    /// A valid `otpauth://` enrolment code.
    Otpauth,
    /// An `otpauth://` code that does not parse; `reason` is the parser's message.
    BrokenOtpauth {
        /// Why it was refused.
        reason: String,
    },
    /// Part `index + 1` of `size` of a Google Authenticator export.
    GoogleMigration {
        /// Zero-based index.
        index: usize,
        /// Codes in the export.
        size: usize,
        /// Accounts in this code.
        accounts: usize,
    },
    /// A Google export code that does not decode.
    BrokenGoogleMigration {
        /// Why it was refused.
        reason: String,
    },
    /// A Kulcs transfer offer: scan it with the sending (old) device.
    TransferOffer,
    /// A Kulcs transfer frame `index + 1` of `count`: scan it with the receiving (new) device.
    TransferFrame {
        /// Zero-based index.
        index: usize,
        /// Frames in the transfer.
        count: usize,
    },
    /// Starts like a Kulcs transfer code but is damaged or of another version.
    BrokenTransfer {
        /// Why it was refused.
        reason: String,
    },
    /// A web address (many sites show a link QR code next to the real one).
    WebLink,
    /// Any other text: "found a QR code, but it is not an authenticator code".
    Other,
}

impl ScannedPayload {
    /// A stable key for the hint a scanner shows (the shells translate it).
    pub fn hint_key(&self) -> &'static str {
        match self {
            ScannedPayload::Otpauth => "scan.otpauth",
            ScannedPayload::BrokenOtpauth { .. } => "scan.otpauth_broken",
            ScannedPayload::GoogleMigration { .. } => "scan.google_part",
            ScannedPayload::BrokenGoogleMigration { .. } => "scan.google_broken",
            ScannedPayload::TransferOffer => "scan.transfer_offer",
            ScannedPayload::TransferFrame { .. } => "scan.transfer_frame",
            ScannedPayload::BrokenTransfer { .. } => "scan.transfer_broken",
            ScannedPayload::WebLink => "scan.web_link",
            ScannedPayload::Other => "scan.not_authenticator",
        }
    }

    /// An English hint for the CLI and logs.
    pub fn hint(&self) -> String {
        match self {
            ScannedPayload::Otpauth => "an authenticator code".into(),
            ScannedPayload::BrokenOtpauth { reason } => format!("an authenticator code that cannot be used: {reason}"),
            ScannedPayload::GoogleMigration { index, size, accounts } => {
                format!("Google Authenticator export, code {}/{} ({accounts} accounts)", index + 1, size)
            }
            ScannedPayload::BrokenGoogleMigration { reason } => format!("a damaged Google Authenticator export code: {reason}"),
            ScannedPayload::TransferOffer => "a Kulcs transfer offer: scan it with the device that has the accounts".into(),
            ScannedPayload::TransferFrame { index, count } => {
                format!("Kulcs transfer frame {}/{}: scan it with the receiving device", index + 1, count)
            }
            ScannedPayload::BrokenTransfer { reason } => format!("a Kulcs transfer code that cannot be read: {reason}"),
            ScannedPayload::WebLink => "a web link, not an authenticator code".into(),
            ScannedPayload::Other => "found a QR code, but it is not an authenticator code".into(),
        }
    }
}

/// Classifies scanned text.
///
/// ```
/// use kulcs_core::payload::{classify, ScannedPayload};
/// assert_eq!(classify("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"), ScannedPayload::Otpauth);
/// assert_eq!(classify("https://example.com"), ScannedPayload::WebLink);
/// assert_eq!(classify("hello"), ScannedPayload::Other);
/// ```
pub fn classify(text: &str) -> ScannedPayload {
    let t = text.trim();
    if migration::is_migration(t) {
        return match migration::parse(t) {
            Ok(b) => ScannedPayload::GoogleMigration {
                index: b.batch_index,
                size: b.batch_size,
                accounts: b.accounts.len() + b.skipped.len(),
            },
            Err(e) => ScannedPayload::BrokenGoogleMigration { reason: e.to_string() },
        };
    }
    if otpauth::is_otpauth(t) {
        return match otpauth::parse(t) {
            Ok(_) => ScannedPayload::Otpauth,
            Err(e) => ScannedPayload::BrokenOtpauth { reason: e.to_string() },
        };
    }
    if t.starts_with("KULCS:") {
        return match transfer::inspect(t) {
            Ok(ScannedTransfer::Offer) => ScannedPayload::TransferOffer,
            Ok(ScannedTransfer::Frame { index, count }) => ScannedPayload::TransferFrame { index, count },
            Err(e) => ScannedPayload::BrokenTransfer { reason: e.to_string() },
        };
    }
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return ScannedPayload::WebLink;
    }
    ScannedPayload::Other
}
