//! Owns Google Authenticator interop: reading and writing `otpauth-migration://offline?data=`
//! batches (the "Transfer accounts" QR codes), with a collector for multi-QR exports and a
//! per-account report of everything Google's format cannot carry. Spec: `docs/migration.md`.
//!
//! ```
//! use kulcs_core::migration::{export, MigrationCollector};
//! use kulcs_core::credential::Credential;
//! use kulcs_core::secret::Secret;
//! let c = Credential::ugyfelkapu("kovacs.janos", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap());
//! let out = export(&[c.clone()], 12345);
//! let mut collector = MigrationCollector::new();
//! let progress = collector.add(&out.uris[0]).unwrap();
//! assert_eq!(progress.to_string(), "1/1");
//! assert_eq!(collector.finish().unwrap().accounts[0].credential, c);
//! ```

use data_encoding::{BASE64, BASE64URL_NOPAD, BASE64_NOPAD};
use prost::Message;
use zeroize::{Zeroize, Zeroizing};

use crate::credential::Credential;
use crate::otp::{Algorithm, OtpKind, OtpParams};
use crate::secret::Secret;
use crate::validate::received_name;

/// The URI prefix of Google's export QR codes (compared case-insensitively).
pub const MIGRATION_PREFIX: &str = "otpauth-migration://offline?";
/// Accounts per exported QR code (what Google Authenticator itself uses).
pub const ACCOUNTS_PER_BATCH: usize = 10;
/// The largest batch count accepted from a scanned code.
pub const MAX_BATCH_SIZE: usize = 1000;
/// Longest `otpauth-migration` URI accepted, in bytes.
pub const MAX_MIGRATION_URI_BYTES: usize = 64 * 1024;

/// Google's protobuf, written by hand (field numbers from Google Authenticator's
/// `MigrationPayload`).
pub mod proto {
    /// One account. `Debug` redacts the secret.
    #[derive(Clone, PartialEq, prost::Message)]
    #[prost(skip_debug)]
    pub struct OtpParameters {
        /// Raw key bytes.
        #[prost(bytes = "vec", tag = "1")]
        pub secret: Vec<u8>,
        /// Account name; sometimes `Issuer:account`.
        #[prost(string, tag = "2")]
        pub name: String,
        /// Issuer.
        #[prost(string, tag = "3")]
        pub issuer: String,
        /// 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5.
        #[prost(int32, tag = "4")]
        pub algorithm: i32,
        /// 0 unspecified, 1 six, 2 eight.
        #[prost(int32, tag = "5")]
        pub digits: i32,
        /// 0 unspecified, 1 HOTP, 2 TOTP.
        #[prost(int32, tag = "6")]
        pub r#type: i32,
        /// HOTP counter.
        #[prost(int64, tag = "7")]
        pub counter: i64,
    }

    impl std::fmt::Debug for OtpParameters {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("OtpParameters")
                .field("secret", &"<redacted>")
                .field("name", &self.name)
                .field("issuer", &self.issuer)
                .field("algorithm", &self.algorithm)
                .field("digits", &self.digits)
                .field("type", &self.r#type)
                .field("counter", &self.counter)
                .finish()
        }
    }

    /// One QR code of an export.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct MigrationPayload {
        /// The accounts in this QR code.
        #[prost(message, repeated, tag = "1")]
        pub otp_parameters: Vec<OtpParameters>,
        /// Format version (Google writes 1).
        #[prost(int32, tag = "2")]
        pub version: i32,
        /// Number of QR codes in the export.
        #[prost(int32, tag = "3")]
        pub batch_size: i32,
        /// Zero-based index of this QR code.
        #[prost(int32, tag = "4")]
        pub batch_index: i32,
        /// Random id shared by the QR codes of one export.
        #[prost(int32, tag = "5")]
        pub batch_id: i32,
    }
}

impl Drop for proto::OtpParameters {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// Why a scanned `otpauth-migration` code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    /// The text is not an `otpauth-migration://offline?` URI.
    #[error("not a Google Authenticator export code")]
    NotMigration,
    /// No `data=` parameter.
    #[error("the export code has no data")]
    MissingData,
    /// The data is not valid (percent-encoded) Base64.
    #[error("the export code's data is not valid Base64")]
    BadBase64,
    /// The data is not a valid `MigrationPayload` protobuf.
    #[error("the export code's data is damaged")]
    BadProtobuf,
    /// Batch size or index out of range (`index >= size`, size 0 or above [`MAX_BATCH_SIZE`]).
    #[error("the export code has an impossible batch number ({index} of {size})")]
    BadBatch {
        /// Zero-based index found.
        index: i64,
        /// Batch size found.
        size: i64,
    },
    /// A code from another export (different `batch_id` or batch size) than the codes already
    /// scanned. Finish or restart the first export.
    #[error("this code belongs to a different export than the codes already scanned")]
    OtherExport,
    /// The URI is longer than [`MAX_MIGRATION_URI_BYTES`].
    #[error("the export code is too long")]
    TooLong,
    /// [`MigrationCollector::finish`] before every code of the export was scanned.
    #[error("{received} of {total} export codes scanned so far")]
    Incomplete {
        /// Codes scanned.
        received: usize,
        /// Codes in the export (0 when none yet).
        total: usize,
    },
}

impl MigrationError {
    /// The variant name, stable across versions.
    pub fn kind(&self) -> &'static str {
        match self {
            MigrationError::NotMigration => "NotMigration",
            MigrationError::MissingData => "MissingData",
            MigrationError::BadBase64 => "BadBase64",
            MigrationError::BadProtobuf => "BadProtobuf",
            MigrationError::BadBatch { .. } => "BadBatch",
            MigrationError::OtherExport => "OtherExport",
            MigrationError::TooLong => "TooLong",
            MigrationError::Incomplete { .. } => "Incomplete",
        }
    }
}

/// Why one account of an import could not be taken over (the others still are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// MD5 or an unknown algorithm number.
    UnsupportedAlgorithm(i32),
    /// An unknown digit-count number.
    UnsupportedDigits(i32),
    /// An unknown OTP type number.
    UnsupportedType(i32),
    /// Empty or oversized key.
    BadSecret,
    /// A negative HOTP counter.
    BadCounter,
}

/// An account that was not imported, with enough to tell the user which one and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Zero-based QR code index in the export.
    pub batch_index: usize,
    /// Zero-based position in that QR code.
    pub position: usize,
    /// Issuer and name as found, for the message.
    pub display_name: String,
    /// Why.
    pub reason: SkipReason,
}

/// A note about an account that was imported with an adjustment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportNote {
    /// Unspecified algorithm/digits/type were taken as Google's defaults (SHA1, 6, TOTP).
    DefaultsAssumed,
    /// The `Issuer:` prefix of the name was removed because it repeats the issuer.
    IssuerPrefixRemoved,
}

/// One imported account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The account.
    pub credential: Credential,
    /// What was adjusted.
    pub notes: Vec<ImportNote>,
}

/// One decoded QR code of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationBatch {
    /// Export id shared by its codes.
    pub batch_id: i32,
    /// Zero-based index of this code.
    pub batch_index: usize,
    /// Codes in the export.
    pub batch_size: usize,
    /// Accounts taken over.
    pub accounts: Vec<Imported>,
    /// Accounts that could not be taken over (never dropped silently).
    pub skipped: Vec<Skipped>,
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        k.eq_ignore_ascii_case(name).then_some(v)
    })
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// True when `text` starts like a Google export code.
pub fn is_migration(text: &str) -> bool {
    text.trim_start()
        .get(..MIGRATION_PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(MIGRATION_PREFIX))
}

fn decode_payload(text: &str) -> Result<proto::MigrationPayload, MigrationError> {
    let text = text.trim();
    if text.len() > MAX_MIGRATION_URI_BYTES {
        return Err(MigrationError::TooLong);
    }
    if !is_migration(text) {
        return Err(MigrationError::NotMigration);
    }
    let query = &text[MIGRATION_PREFIX.len()..];
    let data = query_param(query, "data")
        .filter(|d| !d.is_empty())
        .ok_or(MigrationError::MissingData)?;
    let raw = percent_decode(data).ok_or(MigrationError::BadBase64)?;
    // Some tools leave '+' form-encoded as a space.
    let cleaned: Vec<u8> = raw
        .iter()
        .map(|&c| if c == b' ' { b'+' } else { c })
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let bytes = Zeroizing::new(
        BASE64
            .decode(&cleaned)
            .or_else(|_| BASE64_NOPAD.decode(&cleaned))
            .or_else(|_| {
                BASE64URL_NOPAD.decode(
                    cleaned
                        .strip_suffix(b"==")
                        .or(cleaned.strip_suffix(b"="))
                        .unwrap_or(&cleaned),
                )
            })
            .map_err(|_| MigrationError::BadBase64)?,
    );
    proto::MigrationPayload::decode(bytes.as_slice()).map_err(|_| MigrationError::BadProtobuf)
}

/// Decodes one `otpauth-migration://offline?data=…` code.
pub fn parse(text: &str) -> Result<MigrationBatch, MigrationError> {
    let payload = decode_payload(text)?;
    let (size, index) = (payload.batch_size as i64, payload.batch_index as i64);
    // Old exports leave batch_size at 0 for a single code.
    let size_eff = if size == 0 && index == 0 { 1 } else { size };
    if size_eff < 1 || size_eff as usize > MAX_BATCH_SIZE || index < 0 || index >= size_eff {
        return Err(MigrationError::BadBatch { index, size });
    }
    let mut accounts = Vec::new();
    let mut skipped = Vec::new();
    for (position, p) in payload.otp_parameters.iter().enumerate() {
        match convert(p) {
            Ok(imported) => accounts.push(imported),
            Err(reason) => skipped.push(Skipped {
                batch_index: index as usize,
                position,
                display_name: {
                    let (issuer, name) = (received_name(&p.issuer), received_name(&p.name));
                    if issuer.is_empty() {
                        name
                    } else {
                        format!("{issuer} ({name})")
                    }
                },
                reason,
            }),
        }
    }
    Ok(MigrationBatch {
        batch_id: payload.batch_id,
        batch_index: index as usize,
        batch_size: size_eff as usize,
        accounts,
        skipped,
    })
}

fn convert(p: &proto::OtpParameters) -> Result<Imported, SkipReason> {
    let mut notes = Vec::new();
    let mut defaulted = false;
    let algorithm = match p.algorithm {
        0 => {
            defaulted = true;
            Algorithm::Sha1
        }
        1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        n => return Err(SkipReason::UnsupportedAlgorithm(n)),
    };
    let digits = match p.digits {
        0 => {
            defaulted = true;
            6
        }
        1 => 6,
        2 => 8,
        n => return Err(SkipReason::UnsupportedDigits(n)),
    };
    let params = match p.r#type {
        0 | 2 => {
            defaulted |= p.r#type == 0;
            OtpParams {
                kind: OtpKind::Totp,
                algorithm,
                digits,
                period: 30,
                counter: 0,
            }
        }
        1 => {
            let counter = u64::try_from(p.counter).map_err(|_| SkipReason::BadCounter)?;
            OtpParams {
                kind: OtpKind::Hotp,
                algorithm,
                digits,
                period: 30,
                counter,
            }
        }
        n => return Err(SkipReason::UnsupportedType(n)),
    };
    if defaulted {
        notes.push(ImportNote::DefaultsAssumed);
    }
    let secret = Secret::from_bytes(p.secret.clone()).map_err(|_| SkipReason::BadSecret)?;
    // Names as every received name (issue 10): control and bidi characters removed, cut to
    // the vault's cap, so an export code can neither rewrite a terminal nor fail the import.
    let mut label = received_name(&p.name);
    let issuer = received_name(&p.issuer);
    if !issuer.is_empty() {
        if let Some((prefix, rest)) = label.split_once(':') {
            if prefix.trim() == issuer {
                label = rest.trim().to_string();
                notes.push(ImportNote::IssuerPrefixRemoved);
            }
        }
    }
    Ok(Imported {
        credential: Credential {
            issuer,
            label,
            secret,
            params,
        },
        notes,
    })
}

/// Progress of a multi-code import: "batch 2/3".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchProgress {
    /// Distinct codes scanned.
    pub received: usize,
    /// Codes in the export.
    pub total: usize,
    /// False when the last code was a re-scan.
    pub was_new: bool,
}

impl std::fmt::Display for BatchProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.received, self.total)
    }
}

/// Everything an import produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportResult {
    /// Accounts in export order.
    pub accounts: Vec<Imported>,
    /// Accounts that could not be imported, with reasons.
    pub skipped: Vec<Skipped>,
}

/// Collects the codes of one export, scanned in any order, checked by `batch_id`,
/// `batch_size` and `batch_index`.
#[derive(Debug, Default)]
pub struct MigrationCollector {
    batch_id: Option<i32>,
    parts: Vec<Option<MigrationBatch>>,
}

impl MigrationCollector {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one scanned code.
    pub fn add(&mut self, text: &str) -> Result<BatchProgress, MigrationError> {
        let batch = parse(text)?;
        match self.batch_id {
            None => {
                self.batch_id = Some(batch.batch_id);
                self.parts = vec![None; batch.batch_size];
            }
            Some(id) if id != batch.batch_id || self.parts.len() != batch.batch_size => {
                return Err(MigrationError::OtherExport)
            }
            Some(_) => {}
        }
        let i = batch.batch_index;
        let was_new = self.parts[i].is_none();
        if was_new {
            self.parts[i] = Some(batch);
        }
        Ok(BatchProgress {
            was_new,
            ..self.progress()
        })
    }

    /// Codes scanned so far.
    pub fn progress(&self) -> BatchProgress {
        BatchProgress {
            received: self.parts.iter().flatten().count(),
            total: self.parts.len(),
            was_new: false,
        }
    }

    /// Zero-based indices still missing.
    pub fn missing(&self) -> Vec<usize> {
        self.parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
            .map(|(i, _)| i)
            .collect()
    }

    /// The accounts of the whole export, once every code is in.
    pub fn finish(&self) -> Result<ImportResult, MigrationError> {
        let p = self.progress();
        if p.total == 0 || p.received != p.total {
            return Err(MigrationError::Incomplete {
                received: p.received,
                total: p.total,
            });
        }
        let mut out = ImportResult::default();
        for b in self.parts.iter().flatten() {
            out.accounts.extend(b.accounts.iter().cloned());
            out.skipped.extend(b.skipped.iter().cloned());
        }
        Ok(out)
    }
}

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
