//! `otpauth://` URIs (Google's Key Uri Format): lenient parsing and canonical formatting.
//!
//! Rules (see `docs/otpauth.md`):
//! - scheme and type are case-insensitive; types are `totp`, `hotp` and `steam`;
//! - the label is `Issuer:Account` or `Account`, percent-encoded UTF-8; a literal `+` in the
//!   label stays a `+` (RFC 3986 path), while in the query `+` means a space (form encoding);
//! - when the `issuer=` parameter and the label prefix disagree, the parameter wins, unless they
//!   differ only by `+`/space and surrounding blanks (then the label's spelling, which keeps a
//!   literal `+` such as in `Ügyfélkapu+`, is used);
//! - parameter names are case-insensitive, unknown parameters are reported, never fatal;
//! - control characters, DEL, C1 controls and bidi controls are removed from the issuer and the
//!   account name ([`crate::validate::clean_name`]), so a QR code cannot rewrite a terminal or
//!   disguise its issuer;
//! - `encoder=steam` on a `totp` URI (KeeOTP, Aegis) means Steam Guard.
//!
//! ```
//! use kulcs_core::otpauth;
//! let uri = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos@ugyfelkapu.gov.hu\
//!            ?secret=jbswy3dpehpk3pxp&issuer=%C3%9Cgyf%C3%A9lkapu%2B";
//! let parsed = otpauth::parse(uri).unwrap();
//! assert_eq!(parsed.credential.issuer, "Ügyfélkapu+");
//! assert_eq!(parsed.credential.label, "kovacs.janos@ugyfelkapu.gov.hu");
//! let again = otpauth::parse(&otpauth::format(&parsed.credential)).unwrap();
//! assert_eq!(again.credential, parsed.credential);
//! ```

use crate::credential::Credential;
use crate::otp::{Algorithm, OtpError, OtpKind, OtpParams, DIGITS_RANGE};
use crate::secret::{Secret, SecretError};
use crate::validate::clean_name;

/// Longest URI accepted, in bytes.
pub const MAX_URI_BYTES: usize = 16 * 1024;
/// Longest issuer or account name accepted, in characters (the vault's cap).
pub use crate::validate::MAX_NAME_CHARS;

/// Why an `otpauth://` URI was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UriError {
    /// The text does not start with `otpauth://`.
    #[error("not an otpauth:// URI")]
    NotOtpauth,
    /// The type is not `totp`, `hotp` or `steam`.
    #[error("unsupported code type {found:?} (expected totp, hotp or steam)")]
    UnsupportedType {
        /// The type as found in the URI.
        found: String,
    },
    /// No `secret=` parameter, or an empty one.
    #[error("the URI has no secret")]
    MissingSecret,
    /// The secret is not valid base32.
    #[error("the secret is not valid: {0}")]
    BadSecret(#[from] SecretError),
    /// An `algorithm=` value other than SHA1, SHA256 or SHA512.
    #[error("unsupported algorithm {found:?}")]
    UnsupportedAlgorithm {
        /// The value as found.
        found: String,
    },
    /// `digits=` is not a number from 6 to 10.
    #[error("digits must be a number from 6 to 10, found {found:?}")]
    InvalidDigits {
        /// The value as found.
        found: String,
    },
    /// `period=` is not a positive whole number of seconds.
    #[error("period must be a positive number of seconds, found {found:?}")]
    InvalidPeriod {
        /// The value as found.
        found: String,
    },
    /// An `hotp` URI without `counter=`.
    #[error("an hotp URI needs a counter")]
    MissingCounter,
    /// `counter=` is not a non-negative 64-bit number.
    #[error("counter must be a non-negative number, found {found:?}")]
    InvalidCounter {
        /// The value as found.
        found: String,
    },
    /// The issuer or account name is longer than [`MAX_NAME_CHARS`].
    #[error("the {field} is too long (at most {max} characters)")]
    LabelTooLong {
        /// `"issuer"` or `"account name"`.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// The whole URI is longer than [`MAX_URI_BYTES`].
    #[error("the URI is too long")]
    UriTooLong,
    /// Percent-encoding decoded to bytes that are not UTF-8.
    #[error("the URI contains text that is not valid UTF-8")]
    InvalidUtf8,
}

impl UriError {
    /// The variant name, stable across versions; shells and shared test vectors use it.
    pub fn kind(&self) -> &'static str {
        match self {
            UriError::NotOtpauth => "NotOtpauth",
            UriError::UnsupportedType { .. } => "UnsupportedType",
            UriError::MissingSecret => "MissingSecret",
            UriError::BadSecret(_) => "BadSecret",
            UriError::UnsupportedAlgorithm { .. } => "UnsupportedAlgorithm",
            UriError::InvalidDigits { .. } => "InvalidDigits",
            UriError::InvalidPeriod { .. } => "InvalidPeriod",
            UriError::MissingCounter => "MissingCounter",
            UriError::InvalidCounter { .. } => "InvalidCounter",
            UriError::LabelTooLong { .. } => "LabelTooLong",
            UriError::UriTooLong => "UriTooLong",
            UriError::InvalidUtf8 => "InvalidUtf8",
        }
    }
}

impl UriNote {
    /// The variant name, stable across versions.
    pub fn kind(&self) -> &'static str {
        match self {
            UriNote::IssuerMismatch { .. } => "IssuerMismatch",
            UriNote::UnknownParameters(_) => "UnknownParameters",
        }
    }
}

/// Something worth telling the user about a URI that was still accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriNote {
    /// The label prefix and the `issuer=` parameter disagreed; the parameter was used.
    IssuerMismatch {
        /// The prefix from the label.
        label_prefix: String,
        /// The `issuer=` value that was kept.
        parameter: String,
    },
    /// Parameters Kulcs does not use (e.g. `image`, `color`); they were ignored.
    UnknownParameters(Vec<String>),
}

/// A parsed URI: the credential plus notes about what was adjusted or ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUri {
    /// The account described by the URI.
    pub credential: Credential,
    /// What was adjusted or ignored while parsing.
    pub notes: Vec<UriNote>,
}

/// True when `text` looks like an otpauth URI (case-insensitive scheme check).
pub fn is_otpauth(text: &str) -> bool {
    text.trim_start()
        .get(..10)
        .is_some_and(|p| p.eq_ignore_ascii_case("otpauth://"))
}

/// Parses an `otpauth://` URI.
pub fn parse(uri: &str) -> Result<ParsedUri, UriError> {
    let uri = uri.trim();
    if uri.len() > MAX_URI_BYTES {
        return Err(UriError::UriTooLong);
    }
    if !is_otpauth(uri) {
        return Err(UriError::NotOtpauth);
    }
    let rest = &uri[10..];
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (kind_text, label_raw) = path.split_once('/').unwrap_or((path, ""));
    let mut kind = match kind_text.to_ascii_lowercase().as_str() {
        "totp" => OtpKind::Totp,
        "hotp" => OtpKind::Hotp,
        "steam" => OtpKind::Steam,
        _ => {
            return Err(UriError::UnsupportedType {
                found: percent_decode(kind_text, false)?,
            })
        }
    };

    let label = percent_decode(label_raw.trim_start_matches('/'), false)?;
    // Names lose control and bidi characters here, before anything compares or shows them
    // (issue 10, finding 7): a QR code cannot rewrite a terminal or fake an issuer.
    let (label_prefix, account) = match label.split_once(':') {
        Some((prefix, account)) => (Some(clean_name(prefix)), clean_name(account)),
        None => (None, clean_name(&label)),
    };

    let mut secret_text: Option<String> = None;
    let mut issuer_param: Option<String> = None;
    let mut algorithm_text: Option<String> = None;
    let mut digits_text: Option<String> = None;
    let mut period_text: Option<String> = None;
    let mut counter_text: Option<String> = None;
    let mut unknown = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(key, true)?.to_ascii_lowercase();
        let value = percent_decode(value, true)?;
        // The first occurrence wins, as in Google Authenticator.
        let slot = match key.as_str() {
            "secret" => &mut secret_text,
            "issuer" => &mut issuer_param,
            "algorithm" => &mut algorithm_text,
            "digits" => &mut digits_text,
            "period" => &mut period_text,
            "counter" => &mut counter_text,
            "encoder" => {
                if value.eq_ignore_ascii_case("steam") {
                    kind = OtpKind::Steam;
                }
                continue;
            }
            _ => {
                unknown.push(clean_name(&key));
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
    if let Some(issuer) = &mut issuer_param {
        *issuer = clean_name(issuer);
    }

    let mut notes = Vec::new();
    let issuer = resolve_issuer(label_prefix, issuer_param, &mut notes);
    for (field, value) in [("issuer", &issuer), ("account name", &account)] {
        if value.chars().count() > MAX_NAME_CHARS {
            return Err(UriError::LabelTooLong {
                field,
                max: MAX_NAME_CHARS,
            });
        }
    }

    let secret_text = secret_text
        .filter(|s| !s.trim().is_empty())
        .ok_or(UriError::MissingSecret)?;
    let secret = Secret::parse_base32(&secret_text)?;

    let mut params = match kind {
        OtpKind::Steam => OtpParams::steam(),
        OtpKind::Totp => OtpParams::totp_default(),
        OtpKind::Hotp => OtpParams::hotp(0),
    };
    if let Some(a) = algorithm_text {
        let algorithm = Algorithm::parse(&a).ok_or(UriError::UnsupportedAlgorithm { found: a })?;
        // Steam is SHA1 by definition; some exporters still write another value.
        if kind != OtpKind::Steam {
            params.algorithm = algorithm;
        }
    }
    if let Some(d) = digits_text {
        // Steam codes always have five characters; exporters write 5 or 6 there, so the value
        // is ignored for Steam.
        if kind != OtpKind::Steam {
            params.digits = d
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|v| DIGITS_RANGE.contains(v))
                .ok_or(UriError::InvalidDigits { found: d })?;
        }
    }
    if let Some(p) = period_text {
        let period = p.trim().parse::<u32>().ok().filter(|v| *v > 0);
        match (period, kind) {
            (None, _) => return Err(UriError::InvalidPeriod { found: p }),
            (Some(v), OtpKind::Totp) => params.period = v,
            (Some(_), _) => {}
        }
    }
    match (kind, counter_text) {
        (OtpKind::Hotp, None) => return Err(UriError::MissingCounter),
        (OtpKind::Hotp, Some(c)) => {
            params.counter = c
                .trim()
                .parse::<u64>()
                .map_err(|_| UriError::InvalidCounter { found: c })?;
        }
        _ => {}
    }
    if !unknown.is_empty() {
        notes.push(UriNote::UnknownParameters(unknown));
    }
    params.validate().map_err(|e| match e {
        OtpError::InvalidDigits { digits } => UriError::InvalidDigits {
            found: digits.to_string(),
        },
        _ => UriError::InvalidPeriod {
            found: params.period.to_string(),
        },
    })?;
    Ok(ParsedUri {
        credential: Credential {
            issuer,
            label: account,
            secret,
            params,
        },
        notes,
    })
}

fn resolve_issuer(
    prefix: Option<String>,
    param: Option<String>,
    notes: &mut Vec<UriNote>,
) -> String {
    let param = param
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    let prefix = prefix.filter(|p| !p.is_empty());
    match (prefix, param) {
        (None, None) => String::new(),
        (Some(p), None) => p,
        (None, Some(q)) => q,
        (Some(p), Some(q)) if p == q => q,
        (Some(p), Some(q)) => {
            let loose = |s: &str| s.replace('+', " ").trim().to_string();
            if loose(&p) == loose(&q) {
                p
            } else {
                notes.push(UriNote::IssuerMismatch {
                    label_prefix: p,
                    parameter: q.clone(),
                });
                q
            }
        }
    }
}

/// Decodes `%XX` escapes to UTF-8; with `plus_is_space`, `+` becomes a space. A `%` not
/// followed by two hex digits is kept literally, as browsers do.
fn percent_decode(input: &str, plus_is_space: bool) -> Result<String, UriError> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (
                    bytes.get(i + 1).and_then(|b| hex(*b)),
                    bytes.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| UriError::InvalidUtf8)
}

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
