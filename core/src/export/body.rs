//! Owns the Kulcs backup's plaintext: the JSON list of accounts (every credential field, note,
//! groups, favourite), written in a fixed field order and read back through the same checks an
//! entered key passes.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::ExportError;
use crate::credential::Credential;
use crate::import::ImportedAccount;
use crate::otp::{Algorithm, OtpKind, OtpParams};
use crate::secret::Secret;

/// The `format` value of the plaintext.
const FORMAT: &str = "kulcs-backup";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    format: String,
    version: u16,
    created_ms: u64,
    accounts: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    issuer: String,
    label: String,
    secret: String,
    #[serde(rename = "type")]
    kind: String,
    algorithm: String,
    digits: u8,
    period: u32,
    counter: u64,
    note: Option<String>,
    groups: Vec<String>,
    favourite: bool,
}

/// The plaintext JSON of a backup of `entries` made at `created_ms`, in a wiped buffer.
pub(super) fn encode(
    entries: &[ImportedAccount],
    version: u16,
    created_ms: u64,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let body = Body {
        format: FORMAT.into(),
        version,
        created_ms,
        accounts: entries
            .iter()
            .map(|e| {
                let p = &e.credential.params;
                Entry {
                    issuer: e.credential.issuer.clone(),
                    label: e.credential.label.clone(),
                    secret: e.credential.secret.to_base32().to_string(),
                    kind: p.kind.as_str().into(),
                    algorithm: p.algorithm.as_str().into(),
                    digits: p.digits,
                    period: p.period,
                    counter: p.counter,
                    note: e.note.clone(),
                    groups: e.groups.clone(),
                    favourite: e.favourite,
                }
            })
            .collect(),
    };
    let out = serde_json::to_vec(&body).map(Zeroizing::new);
    // The body holds keys in plain text: wipe every copy.
    for mut e in body.accounts {
        zeroize::Zeroize::zeroize(&mut e.secret);
        if let Some(n) = e.note.as_mut() {
            zeroize::Zeroize::zeroize(n);
        }
    }
    out.map_err(|_| ExportError::EncodeFailed)
}

/// The created time and entries of an authenticated plaintext. A plaintext that authenticates
/// but does not parse was written wrongly: the one opaque error as well.
pub(super) fn decode(
    plain: &[u8],
    version: u16,
) -> Result<(u64, Vec<ImportedAccount>), ExportError> {
    let damaged = ExportError::WrongPassphraseOrDamaged;
    let body: Body = serde_json::from_slice(plain).map_err(|_| damaged.clone())?;
    if body.format != FORMAT || body.version != version {
        return Err(damaged);
    }
    let mut out = Vec::with_capacity(body.accounts.len());
    for mut e in body.accounts {
        let secret = Secret::parse_base32(&e.secret).map_err(|_| damaged.clone());
        zeroize::Zeroize::zeroize(&mut e.secret);
        let kind = match e.kind.as_str() {
            "totp" => OtpKind::Totp,
            "hotp" => OtpKind::Hotp,
            "steam" => OtpKind::Steam,
            _ => return Err(damaged.clone()),
        };
        let params = OtpParams {
            kind,
            algorithm: Algorithm::parse(&e.algorithm).ok_or_else(|| damaged.clone())?,
            digits: e.digits,
            period: e.period,
            counter: e.counter,
        };
        params.validate().map_err(|_| damaged.clone())?;
        out.push(ImportedAccount {
            credential: Credential {
                issuer: std::mem::take(&mut e.issuer),
                label: std::mem::take(&mut e.label),
                secret: secret?,
                params,
            },
            note: e.note.take(),
            groups: std::mem::take(&mut e.groups),
            favourite: e.favourite,
        });
    }
    Ok((body.created_ms, out))
}
