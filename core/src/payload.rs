//! Owns classifying the text of a scanned QR code, so every scanner screen gives the same hint:
//! an enrolment URI, a Google export part "k/n", a Kulcs transfer offer or frame, or something
//! that is not an authenticator code (and then what it is, for the user).
//!
//! ```
//! use kulcs_core::payload::{classify, Payload};
//! assert!(matches!(classify("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"), Payload::Otpauth(_)));
//! assert_eq!(classify("https://example.com").describe(), "a web address");
//! assert_eq!(classify("hello").hint(), "found a QR code, but it is not an authenticator code (plain text)");
//! ```

use crate::messages::ErrorKind;
use crate::migration::{self, MigrationError};
use crate::otpauth::{self, ParsedUri, UriError};
use crate::transfer::{self, ScannedTransfer, TransferError};

/// What a scanned QR payload is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// A valid `otpauth://` enrolment URI.
    Otpauth(Box<ParsedUri>),
    /// An `otpauth://` URI that could not be used, with the reason.
    BrokenOtpauth(UriError),
    /// Part `index + 1` of `size` of a Google Authenticator export
    /// (`otpauth-migration://offline?data=…`), holding `accounts` accounts.
    GoogleMigration {
        /// Zero-based index of this code in the export.
        index: usize,
        /// Codes in the export.
        size: usize,
        /// Accounts in this code (including ones that cannot be imported).
        accounts: usize,
    },
    /// A Google export code that does not decode, with the reason.
    BrokenGoogleMigration(MigrationError),
    /// A Kulcs transfer offer: scan it with the device that has the accounts.
    TransferOffer,
    /// Kulcs transfer frame `index + 1` of `count`: scan it with the receiving device.
    TransferFrame {
        /// Zero-based index.
        index: usize,
        /// Frames in the transfer.
        count: usize,
    },
    /// Starts like a Kulcs transfer code but is damaged or of another version.
    BrokenTransfer(TransferError),
    /// A web address.
    Url,
    /// Wi-Fi network credentials (`WIFI:`).
    Wifi,
    /// A contact card or calendar entry.
    Contact,
    /// A phone number, SMS or e-mail link.
    Messaging,
    /// Any other text.
    Text,
}

impl Payload {
    /// A short English noun phrase for messages such as "this QR code holds … , not an
    /// authenticator code". Shells translate by matching the variant.
    pub fn describe(&self) -> &'static str {
        match self {
            Payload::Otpauth(_) => "an authenticator enrolment code",
            Payload::BrokenOtpauth(_) => "a damaged authenticator enrolment code",
            Payload::GoogleMigration { .. } => "a Google Authenticator export batch",
            Payload::BrokenGoogleMigration(_) => "a damaged Google Authenticator export batch",
            Payload::TransferOffer => "a Kulcs transfer offer",
            Payload::TransferFrame { .. } => "a Kulcs transfer frame",
            Payload::BrokenTransfer(_) => "a damaged Kulcs transfer code",
            Payload::Url => "a web address",
            Payload::Wifi => "Wi-Fi network details",
            Payload::Contact => "a contact card or calendar entry",
            Payload::Messaging => "a phone number, SMS or e-mail link",
            Payload::Text => "plain text",
        }
    }

    /// A stable key for the scanner hint (the shells translate it).
    pub fn hint_key(&self) -> &'static str {
        match self {
            Payload::Otpauth(_) => "scan.otpauth",
            Payload::BrokenOtpauth(_) => "scan.otpauth_broken",
            Payload::GoogleMigration { .. } => "scan.google_part",
            Payload::BrokenGoogleMigration(_) => "scan.google_broken",
            Payload::TransferOffer => "scan.transfer_offer",
            Payload::TransferFrame { .. } => "scan.transfer_frame",
            Payload::BrokenTransfer(_) => "scan.transfer_broken",
            _ => "scan.not_authenticator",
        }
    }

    /// The English hint a scanner shows.
    pub fn hint(&self) -> String {
        match self {
            Payload::Otpauth(_) => "an authenticator code".into(),
            Payload::BrokenOtpauth(e) => format!("an authenticator code that cannot be used: {e}"),
            Payload::GoogleMigration {
                index,
                size,
                accounts,
            } => {
                format!(
                    "Google Authenticator export, batch {}/{} ({accounts} accounts)",
                    index + 1,
                    size
                )
            }
            Payload::BrokenGoogleMigration(e) => {
                format!("a damaged Google Authenticator export code: {e}")
            }
            Payload::TransferOffer => {
                "a Kulcs transfer offer: scan it with the device that has the accounts".into()
            }
            Payload::TransferFrame { index, count } => {
                format!(
                    "Kulcs transfer frame {}/{}: scan it with the receiving device",
                    index + 1,
                    count
                )
            }
            Payload::BrokenTransfer(e) => format!("a Kulcs transfer code that cannot be read: {e}"),
            other => format!(
                "found a QR code, but it is not an authenticator code ({})",
                other.describe()
            ),
        }
    }

    /// True when the payload can add accounts.
    pub fn is_authenticator_code(&self) -> bool {
        matches!(self, Payload::Otpauth(_) | Payload::GoogleMigration { .. })
    }
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Classifies a payload. `otpauth://` URIs and Google export codes are parsed fully; Kulcs
/// transfer codes structurally (nothing is decrypted).
pub fn classify(text: &str) -> Payload {
    let t = text.trim();
    if starts_with_ci(t, "otpauth-migration://") {
        return match migration::parse(t) {
            Ok(b) => Payload::GoogleMigration {
                index: b.batch_index,
                size: b.batch_size,
                accounts: b.accounts.len() + b.skipped.len(),
            },
            Err(e) => Payload::BrokenGoogleMigration(e),
        };
    }
    if otpauth::is_otpauth(t) {
        return match otpauth::parse(t) {
            Ok(parsed) => Payload::Otpauth(Box::new(parsed)),
            Err(e) => Payload::BrokenOtpauth(e),
        };
    }
    if t.starts_with("KULCS:") {
        return match transfer::inspect(t) {
            Ok(ScannedTransfer::Offer) => Payload::TransferOffer,
            Ok(ScannedTransfer::Frame { index, count }) => Payload::TransferFrame { index, count },
            Err(e) => Payload::BrokenTransfer(e),
        };
    }
    if starts_with_ci(t, "http://") || starts_with_ci(t, "https://") || starts_with_ci(t, "www.") {
        return Payload::Url;
    }
    if starts_with_ci(t, "WIFI:") {
        return Payload::Wifi;
    }
    if starts_with_ci(t, "BEGIN:VCARD")
        || starts_with_ci(t, "MECARD:")
        || starts_with_ci(t, "BEGIN:VEVENT")
    {
        return Payload::Contact;
    }
    if ["tel:", "sms:", "smsto:", "mailto:", "matmsg:"]
        .iter()
        .any(|p| starts_with_ci(t, p))
    {
        return Payload::Messaging;
    }
    Payload::Text
}

/// The enrolment codes among scanned payloads, and what the others were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolments {
    /// The usable `otpauth://` accounts, in scan order.
    pub credentials: Vec<crate::credential::Credential>,
    /// Every other payload, classified, in scan order (broken enrolments included).
    pub passed_over: Vec<Payload>,
}

/// Picks the enrolment codes out of scanned QR texts: the one rule the CLI, the FFI and the
/// shells use for "add from an image". A caller with no credentials explains `passed_over[0]`.
///
/// ```
/// use kulcs_core::payload::enrolments;
/// let e = enrolments(["https://example.com", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"]);
/// assert_eq!(e.credentials.len(), 1);
/// assert_eq!(e.passed_over[0].describe(), "a web address");
/// ```
pub fn enrolments<'a>(texts: impl IntoIterator<Item = &'a str>) -> Enrolments {
    let mut out = Enrolments {
        credentials: Vec::new(),
        passed_over: Vec::new(),
    };
    for text in texts {
        match classify(text) {
            Payload::Otpauth(parsed) => out.credentials.push(parsed.credential),
            other => out.passed_over.push(other),
        }
    }
    out
}

/// What an add-by-camera screen does with one scanned text: the enrolment-or-refusal rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanDecision {
    /// An `otpauth://` enrolment: offer to add this account.
    Enrolment(Box<ParsedUri>),
    /// Part of a Google Authenticator export: collect it (zero-based `index` of `count`).
    MigrationBatch {
        /// Zero-based position of this code in the export (show `index + 1`).
        index: u32,
        /// Codes in the export.
        count: u32,
    },
    /// A Kulcs transfer offer: this is the receiving phone's code; start sending from here.
    TransferOffer,
    /// Nothing to add; `kind` says why (a broken enrolment names its URI error, anything
    /// that is no authenticator code is [`ErrorKind::NotAnEnrolment`]).
    Refused(ErrorKind),
}

/// Decides what a scanned text is for an add screen ([`ScanDecision`]), on top of [`classify`].
///
/// ```
/// use kulcs_core::messages::ErrorKind;
/// use kulcs_core::payload::{decide, ScanDecision};
/// assert_eq!(decide("https://example.com"), ScanDecision::Refused(ErrorKind::NotAnEnrolment));
/// ```
pub fn decide(text: &str) -> ScanDecision {
    let kind = |name: &str| ErrorKind::from_name(name).unwrap_or(ErrorKind::NotAnEnrolment);
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    match classify(text) {
        Payload::Otpauth(parsed) => ScanDecision::Enrolment(parsed),
        Payload::GoogleMigration { index, size, .. } => ScanDecision::MigrationBatch {
            index: n(index),
            count: n(size),
        },
        Payload::TransferOffer => ScanDecision::TransferOffer,
        Payload::BrokenOtpauth(e) => ScanDecision::Refused(kind(e.kind())),
        Payload::BrokenGoogleMigration(e) => ScanDecision::Refused(kind(e.kind())),
        Payload::BrokenTransfer(e) => ScanDecision::Refused(kind(e.kind())),
        _ => ScanDecision::Refused(ErrorKind::NotAnEnrolment),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert!(matches!(
            classify("otpauth-migration://offline?data=CjEK"),
            Payload::BrokenGoogleMigration(_)
        ));
        assert!(matches!(
            classify("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC"),
            Payload::GoogleMigration { index: 0, size: 1, accounts: 1 }
        ));
        assert!(matches!(
            classify("otpauth://totp/x?issuer=a"),
            Payload::BrokenOtpauth(UriError::MissingSecret)
        ));
        assert_eq!(classify("WIFI:S:home;T:WPA;P:x;;"), Payload::Wifi);
        assert_eq!(classify("mailto:a@b.hu"), Payload::Messaging);
        assert_eq!(classify("hello"), Payload::Text);
        assert!(!classify("hello").is_authenticator_code());
    }
}
