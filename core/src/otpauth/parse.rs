//! Parsing an `otpauth://` URI leniently into a credential plus notes on what was ignored.

use crate::credential::Credential;
use crate::otp::{Algorithm, OtpError, OtpKind, OtpParams, DIGITS_RANGE};
use crate::secret::Secret;
use crate::validate::clean_name;

use super::{is_otpauth, ParsedUri, UriError, UriNote, MAX_NAME_CHARS, MAX_URI_BYTES};

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
