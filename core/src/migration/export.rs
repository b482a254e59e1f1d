//! Writing Google exports: credentials as `otpauth-migration` URIs, with a warning for everything
//! the format cannot carry.

use data_encoding::BASE64;
use prost::Message;
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::otp::{Algorithm, OtpKind};

use super::proto;
use super::ACCOUNTS_PER_BATCH;

/// Something Google Authenticator cannot represent about one exported account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportIssue {
    /// SHA256/SHA512: the format has a field for it, but Google Authenticator is known to ignore
    /// it on some versions and show SHA1 codes. Exported, with this warning.
    AlgorithmMayBeIgnored(Algorithm),
    /// Only 6 or 8 digits exist in the format. Not exported.
    DigitsUnsupported(u8),
    /// Only 30-second periods exist in the format. Not exported.
    PeriodUnsupported(u32),
    /// Steam Guard codes do not exist in the format. Not exported.
    SteamUnsupported,
    /// The HOTP counter does not fit the format's signed 64-bit field. Not exported.
    CounterTooLarge,
}

impl ExportIssue {
    /// True when the account was left out of the export because of this issue.
    pub fn excluded(&self) -> bool {
        !matches!(self, ExportIssue::AlgorithmMayBeIgnored(_))
    }
}

/// A per-account export warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportWarning {
    /// Index of the account in the input.
    pub index: usize,
    /// `Issuer (label)`.
    pub display_name: String,
    /// What cannot be represented.
    pub issue: ExportIssue,
}

/// An export: the URIs to show as QR codes (secret!) and what could not be represented.
/// `Debug` shows how many URIs there are, never their contents.
pub struct ExportResult {
    /// `otpauth-migration://offline?data=…`, one per QR code, 10 accounts each.
    pub uris: Vec<Zeroizing<String>>,
    /// Per-account warnings; accounts with an excluding issue are not in `uris`.
    pub warnings: Vec<ExportWarning>,
    /// How many accounts the URIs carry.
    pub exported: usize,
}

impl std::fmt::Debug for ExportResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportResult")
            .field("uris", &format_args!("<{} redacted>", self.uris.len()))
            .field("warnings", &self.warnings)
            .field("exported", &self.exported)
            .finish()
    }
}

fn issues(c: &Credential) -> Vec<ExportIssue> {
    let p = &c.params;
    let mut out = Vec::new();
    if p.kind == OtpKind::Steam {
        out.push(ExportIssue::SteamUnsupported);
        return out;
    }
    if p.algorithm != Algorithm::Sha1 {
        out.push(ExportIssue::AlgorithmMayBeIgnored(p.algorithm));
    }
    if p.digits != 6 && p.digits != 8 {
        out.push(ExportIssue::DigitsUnsupported(p.digits));
    }
    if p.kind == OtpKind::Totp && p.period != 30 {
        out.push(ExportIssue::PeriodUnsupported(p.period));
    }
    if p.kind == OtpKind::Hotp && i64::try_from(p.counter).is_err() {
        out.push(ExportIssue::CounterTooLarge);
    }
    out
}

/// The name Google gets: the label, with the issuer prefix written out once more when the label
/// itself starts with `issuer:`. Import removes exactly one such prefix, so an export followed by
/// an import keeps the label (fuzz finding F2, docs/fuzzing.md).
fn export_name(c: &Credential) -> String {
    match c.label.split_once(':') {
        Some((prefix, _)) if !c.issuer.is_empty() && prefix.trim() == c.issuer => {
            format!("{}:{}", c.issuer, c.label)
        }
        _ => c.label.clone(),
    }
}

/// [`export`] with a random positive `batch_id` drawn from `rng` (what every shell wants).
pub fn export_random(
    credentials: &[Credential],
    rng: &dyn crate::random::RandomSource,
) -> Result<ExportResult, crate::random::RandomUnavailable> {
    let bytes = crate::random::random_array::<4>(rng)?;
    Ok(export(credentials, i32::from_be_bytes(bytes) & 0x7fff_ffff))
}

/// Exports credentials as Google Authenticator batches of [`ACCOUNTS_PER_BATCH`]. `batch_id`
/// should be random (the shell passes one); every account either is exported or gets a warning.
pub fn export(credentials: &[Credential], batch_id: i32) -> ExportResult {
    let mut warnings = Vec::new();
    let mut params = Vec::new();
    for (index, c) in credentials.iter().enumerate() {
        let found = issues(c);
        let excluded = found.iter().any(ExportIssue::excluded);
        for issue in found {
            warnings.push(ExportWarning {
                index,
                display_name: c.display_name(),
                issue,
            });
        }
        if excluded {
            continue;
        }
        let p = &c.params;
        params.push(proto::OtpParameters {
            secret: c.secret.expose_bytes().to_vec(),
            name: export_name(c),
            issuer: c.issuer.clone(),
            algorithm: match p.algorithm {
                Algorithm::Sha1 => 1,
                Algorithm::Sha256 => 2,
                Algorithm::Sha512 => 3,
            },
            digits: if p.digits == 8 { 2 } else { 1 },
            r#type: if p.kind == OtpKind::Hotp { 1 } else { 2 },
            counter: if p.kind == OtpKind::Hotp {
                p.counter as i64
            } else {
                0
            },
        });
    }
    let exported = params.len();
    let chunks: Vec<Vec<proto::OtpParameters>> = params
        .chunks(ACCOUNTS_PER_BATCH)
        .map(|c| c.to_vec())
        .collect();
    let size = chunks.len();
    let uris = chunks
        .into_iter()
        .enumerate()
        .map(|(i, otp_parameters)| {
            let payload = proto::MigrationPayload {
                otp_parameters,
                version: 1,
                batch_size: size as i32,
                batch_index: i as i32,
                batch_id,
            };
            let bytes = Zeroizing::new(payload.encode_to_vec());
            let b64 = Zeroizing::new(BASE64.encode(&bytes));
            let mut uri = Zeroizing::new(String::from("otpauth-migration://offline?data="));
            for ch in b64.chars() {
                match ch {
                    '+' => uri.push_str("%2B"),
                    '/' => uri.push_str("%2F"),
                    '=' => uri.push_str("%3D"),
                    c => uri.push(c),
                }
            }
            uri
        })
        .collect();
    ExportResult {
        uris,
        warnings,
        exported,
    }
}
