//! `kulcs code`: the code for a URI, a typed key or an enrolment QR image, without a vault.

use kulcs_core::credential::Credential;
use kulcs_core::otp::{Algorithm, OtpKind, OtpParams};
use kulcs_core::otpauth;
use kulcs_core::payload::{self, Payload};
use kulcs_core::secret::Secret;

use crate::error::{sentence, CliError};
use crate::{display, scan_cmd};

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

/// Options shared by the code views.
pub struct ViewOptions {
    /// `--at`: a fixed Unix time; prints only the codes.
    pub at: Option<i64>,
    /// Clock offset in seconds added to the system clock.
    pub offset: i64,
    /// Refresh every second.
    pub watch: bool,
    /// Machine-readable output.
    pub json: bool,
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
            let (symbols, _) = scan_cmd::decode_file(path)?;
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
pub fn run(source: Source<'_>, view: ViewOptions) -> Result<(), CliError> {
    let accounts = credentials(&source)?;
    display::show_codes(&accounts, &view)
}
