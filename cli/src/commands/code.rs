//! `kulcs code`: the code for a URI, a typed key or an enrolment QR image, without a vault.

use std::path::Path;

use kulcs_core::credential::Credential;
use kulcs_core::otp::{Algorithm, OtpKind, OtpParams};
use kulcs_core::otpauth;
use kulcs_core::payload::{self, Payload};
use kulcs_core::secret::Secret;

use crate::args::CodeArgs;
use crate::error::{sentence, CliError};
use crate::input::{self, QrFile};
use crate::output;

/// Where the account comes from.
pub enum Source<'a> {
    /// An `otpauth://` URI.
    Uri(&'a str),
    /// A typed base32 key with parameters.
    Key {
        key: &'a str,
        digits: u8,
        period: u32,
        algorithm: &'a str,
    },
    /// An image holding one or more enrolment QR codes.
    Qr(&'a str),
}

/// Turns the source into credentials.
pub fn credentials(source: &Source<'_>) -> Result<Vec<Credential>, CliError> {
    match source {
        Source::Uri(uri) => {
            let parsed = otpauth::parse(uri).map_err(|e| CliError::input(sentence(e)))?;
            Ok(vec![parsed.credential])
        }
        Source::Key {
            key,
            digits,
            period,
            algorithm,
        } => {
            let secret = Secret::parse_base32(key)
                .map_err(|e| CliError::input(format!("The key is not valid: {e}.")))?;
            let algorithm = Algorithm::parse(algorithm).ok_or_else(|| {
                CliError::input(format!(
                    "Unsupported algorithm {algorithm:?}; use SHA1, SHA256 or SHA512."
                ))
            })?;
            let params = OtpParams {
                kind: OtpKind::Totp,
                algorithm,
                digits: *digits,
                period: *period,
                counter: 0,
            };
            params
                .validate()
                .map_err(|e| CliError::input(sentence(e)))?;
            Ok(vec![Credential {
                issuer: String::new(),
                label: String::new(),
                secret,
                params,
            }])
        }
        Source::Qr(path) => {
            let symbols = QrFile::read(Path::new(path))?.decode()?;
            let found = payload::enrolments(symbols.iter().map(|s| s.text.as_str()));
            if found.credentials.is_empty() {
                let other: Vec<String> = found
                    .passed_over
                    .iter()
                    .map(|p| match p {
                        Payload::BrokenOtpauth(e) => {
                            format!("an enrolment code Kulcs cannot use ({e})")
                        }
                        kind => kind.describe().to_string(),
                    })
                    .collect();
                return Err(CliError::input(format!(
                    "The QR code in {path} holds {}, not an authenticator enrolment code.",
                    other.join(" and ")
                )));
            }
            Ok(found.credentials)
        }
    }
}

/// Runs `code`.
pub fn run(args: &CodeArgs) -> Result<(), CliError> {
    let typed;
    let source = if let Some(uri) = &args.uri {
        typed = input::value_or_stdin(uri, "otpauth:// URI: ")?;
        Source::Uri(&typed)
    } else if let Some(key) = &args.key {
        typed = input::value_or_stdin(key, "Setup key: ")?;
        Source::Key {
            key: &typed,
            digits: args.params.digits,
            period: args.params.period,
            algorithm: &args.params.algorithm,
        }
    } else if let Some(qr) = &args.qr {
        Source::Qr(qr)
    } else {
        return Err(CliError::usage("Give --uri, --key or --qr."));
    };
    let accounts = credentials(&source)?;
    output::show_codes(&accounts, &args.view.options())
}
