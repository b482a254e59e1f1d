//! Owns the one check every imported entry goes through: the source's raw fields become an
//! account, or a [`NotImportable`] saying why not.

use data_encoding::BASE64;

use super::ImportedAccount;
use crate::credential::Credential;
use crate::otp::{Algorithm, OtpError, OtpKind, OtpParams};
use crate::otpauth::{self, UriError};
use crate::secret::{Secret, SecretError};

/// An entry of the file that cannot become an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotImportable {
    /// How the source names the entry (issuer and label), for the preview.
    pub name: String,
    /// Why it cannot be imported.
    pub reason: NotImportableReason,
}

/// Why one entry cannot be imported; the other entries of the file still can.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotImportableReason {
    /// A code type Kulcs does not make (mOTP, Yandex, a vendor's own).
    #[error("{kind} codes are not supported")]
    UnsupportedType {
        /// The type as the source names it.
        kind: String,
    },
    /// A hash algorithm Kulcs does not know (or a missing one where the source requires it).
    #[error("the algorithm {name} is not supported")]
    UnknownAlgorithm {
        /// The algorithm as the source names it.
        name: String,
    },
    /// The key is missing, not valid base32/base64, empty or too long.
    #[error("the key cannot be used: {0}")]
    BadKey(SecretError),
    /// A key the source stores in base64 is not valid base64.
    #[error("the key is not valid base64")]
    KeyNotBase64,
    /// Digits or period out of range.
    #[error("the code settings cannot be used: {0}")]
    BadParams(OtpError),
    /// The entry's otpauth URI is broken.
    #[error("the otpauth link cannot be used: {0}")]
    BadUri(UriError),
    /// The entry itself cannot be read (not the JSON or fields its app writes).
    #[error("the entry cannot be read")]
    Unreadable,
    /// The source app keeps this entry encrypted under a key of its own, which the export does
    /// not carry (Google Authenticator's encrypted accounts).
    #[error("the app keeps this entry encrypted with a key the file does not hold")]
    EncryptedBySource,
}

/// How the source stores the key.
pub(super) enum Key<'a> {
    /// Base32 text (padding, spaces and case are forgiven).
    Base32(&'a str),
    /// Standard base64 (Steam's `shared_secret`).
    Base64(&'a str),
    /// Raw bytes (FreeOTP's signed byte arrays, decrypted blobs).
    Bytes(Vec<u8>),
}

/// One entry as a source describes it; `None` fields take the otpauth defaults.
pub(super) struct Fields<'a> {
    pub issuer: &'a str,
    pub label: &'a str,
    pub key: Key<'a>,
    /// `totp`, `hotp` or `steam`, any case; anything else is refused.
    pub kind: &'a str,
    pub algorithm: Option<&'a str>,
    pub digits: Option<u64>,
    pub period: Option<u64>,
    pub counter: Option<u64>,
    pub extras: Extras,
}

/// What a source keeps beside the key.
#[derive(Default)]
pub(super) struct Extras {
    pub note: Option<String>,
    pub groups: Vec<String>,
    pub favourite: bool,
}

fn display(issuer: &str, label: &str) -> String {
    match (issuer.is_empty(), label.is_empty()) {
        (false, false) => format!("{issuer} ({label})"),
        (false, true) => issuer.to_string(),
        _ => label.to_string(),
    }
}

fn refuse(issuer: &str, label: &str, reason: NotImportableReason) -> NotImportable {
    NotImportable {
        name: display(issuer, label),
        reason,
    }
}

fn extras_into(credential: Credential, e: Extras) -> ImportedAccount {
    let note = e.note.filter(|n| !n.trim().is_empty());
    let mut groups: Vec<String> = Vec::new();
    for g in e.groups {
        let g = g.trim().to_string();
        if !g.is_empty() && !groups.contains(&g) {
            groups.push(g);
        }
    }
    ImportedAccount {
        credential,
        note,
        groups,
        favourite: e.favourite,
    }
}

/// Checks one entry: the key decodes, the type and algorithm are known, the parameters give
/// codes.
pub(super) fn build(f: Fields<'_>) -> Result<ImportedAccount, NotImportable> {
    let (issuer, label) = (f.issuer.trim(), f.label.trim());
    let no = |r| refuse(issuer, label, r);
    let secret = match f.key {
        Key::Base32(t) => Secret::parse_base32(t),
        Key::Base64(t) => match BASE64.decode(t.trim().as_bytes()) {
            Ok(b) => Secret::from_bytes(b),
            Err(_) => return Err(no(NotImportableReason::KeyNotBase64)),
        },
        Key::Bytes(b) => Secret::from_bytes(b),
    }
    .map_err(|e| no(NotImportableReason::BadKey(e)))?;
    let kind = match f.kind.to_ascii_lowercase().as_str() {
        "totp" => OtpKind::Totp,
        "hotp" => OtpKind::Hotp,
        "steam" => OtpKind::Steam,
        other => {
            return Err(no(NotImportableReason::UnsupportedType {
                kind: other.to_string(),
            }))
        }
    };
    let mut params = match kind {
        OtpKind::Steam => OtpParams::steam(),
        OtpKind::Hotp => OtpParams::hotp(f.counter.unwrap_or(0)),
        OtpKind::Totp => OtpParams::totp_default(),
    };
    if kind != OtpKind::Steam {
        if let Some(name) = f.algorithm.filter(|a| !a.trim().is_empty()) {
            params.algorithm = Algorithm::parse(name).ok_or_else(|| {
                no(NotImportableReason::UnknownAlgorithm {
                    name: name.to_string(),
                })
            })?;
        }
        if let Some(d) = f.digits {
            params.digits = u8::try_from(d).unwrap_or(u8::MAX);
        }
        if let Some(p) = f.period.filter(|_| kind == OtpKind::Totp) {
            params.period = u32::try_from(p).unwrap_or(0);
        }
    }
    params
        .validate()
        .map_err(|e| no(NotImportableReason::BadParams(e)))?;
    let credential = Credential {
        issuer: issuer.to_string(),
        label: label.to_string(),
        secret,
        params,
    };
    Ok(extras_into(credential, f.extras))
}

/// An entry the source stores as an otpauth URI; `name` names it in a refusal when the URI
/// cannot be read.
pub(super) fn from_uri(uri: &str, name: &str, e: Extras) -> Result<ImportedAccount, NotImportable> {
    match otpauth::parse(uri) {
        Ok(parsed) => Ok(extras_into(parsed.credential, e)),
        Err(err) => Err(refuse("", name, NotImportableReason::BadUri(err))),
    }
}

/// Splits entry results into the accounts and the refusals, keeping the file's order.
pub(super) fn collect(
    results: impl IntoIterator<Item = Result<ImportedAccount, NotImportable>>,
) -> (Vec<ImportedAccount>, Vec<NotImportable>) {
    let mut ok = Vec::new();
    let mut no = Vec::new();
    for r in results {
        match r {
            Ok(a) => ok.push(a),
            Err(n) => no.push(n),
        }
    }
    (ok, no)
}
