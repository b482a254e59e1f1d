//! Classifies the text of a scanned QR code: an enrolment URI, a Google export batch, or
//! something that is not an authenticator code (and then what it is, for the user).
//!
//! ```
//! use kulcs_core::payload::{classify, Payload};
//! assert!(matches!(classify("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"), Payload::Otpauth(_)));
//! assert_eq!(classify("https://example.com").describe(), "a web address");
//! ```

use crate::otpauth::{self, ParsedUri, UriError};

/// What a scanned QR payload is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// A valid `otpauth://` enrolment URI.
    Otpauth(Box<ParsedUri>),
    /// An `otpauth://` URI that could not be used, with the reason.
    BrokenOtpauth(UriError),
    /// A Google Authenticator export batch (`otpauth-migration://offline?data=…`).
    GoogleMigration,
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
            Payload::GoogleMigration => "a Google Authenticator export batch",
            Payload::Url => "a web address",
            Payload::Wifi => "Wi-Fi network details",
            Payload::Contact => "a contact card or calendar entry",
            Payload::Messaging => "a phone number, SMS or e-mail link",
            Payload::Text => "plain text",
        }
    }

    /// True when the payload can add accounts.
    pub fn is_authenticator_code(&self) -> bool {
        matches!(self, Payload::Otpauth(_) | Payload::GoogleMigration)
    }
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Classifies a payload. `otpauth://` URIs are parsed fully.
pub fn classify(text: &str) -> Payload {
    let t = text.trim();
    if starts_with_ci(t, "otpauth-migration://") {
        return Payload::GoogleMigration;
    }
    if otpauth::is_otpauth(t) {
        return match otpauth::parse(t) {
            Ok(parsed) => Payload::Otpauth(Box::new(parsed)),
            Err(e) => Payload::BrokenOtpauth(e),
        };
    }
    if starts_with_ci(t, "http://") || starts_with_ci(t, "https://") || starts_with_ci(t, "www.") {
        return Payload::Url;
    }
    if starts_with_ci(t, "WIFI:") {
        return Payload::Wifi;
    }
    if starts_with_ci(t, "BEGIN:VCARD") || starts_with_ci(t, "MECARD:") || starts_with_ci(t, "BEGIN:VEVENT") {
        return Payload::Contact;
    }
    if ["tel:", "sms:", "smsto:", "mailto:", "matmsg:"].iter().any(|p| starts_with_ci(t, p)) {
        return Payload::Messaging;
    }
    Payload::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(classify("otpauth-migration://offline?data=CjEK"), Payload::GoogleMigration);
        assert!(matches!(classify("otpauth://totp/x?issuer=a"), Payload::BrokenOtpauth(UriError::MissingSecret)));
        assert_eq!(classify("WIFI:S:home;T:WPA;P:x;;"), Payload::Wifi);
        assert_eq!(classify("mailto:a@b.hu"), Payload::Messaging);
        assert_eq!(classify("hello"), Payload::Text);
        assert!(!classify("hello").is_authenticator_code());
    }
}
