//! Reading Google exports: parsing one `otpauth-migration` URI into a batch, and collecting the
//! batches of a multi-QR export.

use data_encoding::{BASE64, BASE64URL_NOPAD, BASE64_NOPAD};
use prost::Message;
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::otp::{Algorithm, OtpKind, OtpParams};
use crate::secret::Secret;
use crate::validate::received_name;

use super::proto;
use super::{ImportNote, Imported, MigrationBatch, MigrationError, SkipReason, Skipped};
use super::{MAX_BATCH_SIZE, MAX_MIGRATION_URI_BYTES, MIGRATION_PREFIX};

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
