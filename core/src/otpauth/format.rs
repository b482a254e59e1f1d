//! Writing a credential as a canonical `otpauth://` URI.

use crate::credential::Credential;
use crate::otp::OtpKind;

/// Percent-encodes everything but RFC 3986 unreserved characters and, where `keep` allows,
/// a few readable ones.
fn percent_encode(input: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(input.len());
    for &b in input.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Formats a credential as a canonical `otpauth://` URI that other authenticators read.
///
/// The secret is unpadded upper-case base32. The issuer appears both as the label prefix and as
/// the `issuer=` parameter, as Google's format recommends.
pub fn format(c: &Credential) -> String {
    // A colon, literal or encoded, separates the issuer prefix from the account name, so an
    // issuer containing one cannot be a prefix, and an account name containing one needs an
    // (empty) prefix before it. The issuer then travels in `issuer=` alone.
    let account = percent_encode(&c.label, b"@");
    let label = if !c.issuer.is_empty() && !c.issuer.contains(':') {
        format!("{}:{account}", percent_encode(&c.issuer, b"@"))
    } else if c.label.contains(':') || !c.issuer.is_empty() {
        format!(":{account}")
    } else {
        account
    };
    let p = &c.params;
    let mut uri = format!(
        "otpauth://{}/{}?secret={}",
        p.kind.as_str(),
        label,
        c.secret.to_base32().as_str()
    );
    if !c.issuer.is_empty() {
        uri.push_str("&issuer=");
        uri.push_str(&percent_encode(&c.issuer, b""));
    }
    uri.push_str(&format!(
        "&algorithm={}&digits={}",
        p.algorithm.as_str(),
        p.digits
    ));
    match p.kind {
        OtpKind::Hotp => uri.push_str(&format!("&counter={}", p.counter)),
        OtpKind::Totp | OtpKind::Steam => uri.push_str(&format!("&period={}", p.period)),
    }
    uri
}
