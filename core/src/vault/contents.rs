//! The decrypted contents (accounts, tombstones, clocks, settings) and their JSON encoding,
//! which is what the AEAD seals. Schema in `docs/vault.md`.

use serde::{Deserialize, Serialize, Serializer};
use zeroize::Zeroizing;

use super::contents_fields::{fields_from_json, stamps_out, ConflictIn, ConflictOut};
use crate::account::{Account, AccountId, Note, Tombstone};
use crate::credential::Credential;
use crate::hlc::{DeviceId, Hlc};
use crate::otp::{Algorithm, OtpKind, OtpParams};
use crate::secret::Secret;

use super::auto_backup::AutoBackup;
use super::auto_backup_json::AutoBackupJson;
use super::VaultError;
use crate::code_ledger::{CodeLedger, TypedCode};

/// Version of the contents schema inside the AEAD.
pub const CONTENTS_FORMAT: u32 = 1;

/// Everything a vault holds, decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    /// This replica's device id (the `node` of every [`Hlc`] it issues).
    pub device: DeviceId,
    /// The last timestamp issued or observed.
    pub clock: Hlc,
    /// Seconds added to the device clock before computing codes (manual §3, [`crate::manual`]).
    pub clock_offset_secs: i64,
    /// Accounts in insertion order.
    pub accounts: Vec<Account>,
    /// Deleted accounts, for sync.
    pub tombstones: Vec<Tombstone>,
    /// The transfer code ledger: every confirmation code `K` typed into this device as a
    /// sender (docs/transfer.md §4). Absent in vaults written before it existed.
    pub transfer_codes: CodeLedger,
    /// The sync membership (`sync::SyncState`, opaque here and secret: it holds the group's
    /// keys), kept inside the encrypted contents so a vault opened by passphrase or recovery
    /// code still syncs. Absent when the device is in no sync group.
    pub sync_state: Option<Zeroizing<Vec<u8>>>,
    /// This device's automatic-backup setting (`crate::backups`), if one is made.
    pub auto_backup: Option<AutoBackup>,
}

impl Contents {
    /// Empty contents for a new device.
    pub fn new(device: DeviceId) -> Self {
        Contents {
            device,
            clock: Hlc::zero(device),
            clock_offset_secs: 0,
            accounts: Vec::new(),
            tombstones: Vec::new(),
            transfer_codes: CodeLedger::default(),
            sync_state: None,
            auto_backup: None,
        }
    }
}

struct SecretOut<'a>(&'a Secret);
impl Serialize for SecretOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_base32())
    }
}
struct BytesOut<'a>(&'a [u8]);
impl Serialize for BytesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = Zeroizing::new(data_encoding::BASE64.encode(self.0));
        s.serialize_str(&text)
    }
}
struct NoteOut<'a>(&'a Note);
impl Serialize for NoteOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.expose())
    }
}

/// A string that is wiped when dropped (for secrets and notes being parsed).
struct SecretIn(Zeroizing<String>);
impl<'de> Deserialize<'de> for SecretIn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(SecretIn(Zeroizing::new(String::deserialize(d)?)))
    }
}

#[derive(Serialize)]
struct ContentsOut<'a> {
    format: u32,
    device: String,
    clock: String,
    clock_offset_secs: i64,
    accounts: Vec<AccountOut<'a>>,
    tombstones: Vec<TombstoneJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    transfer_codes: Vec<TypedCodeJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sync: Option<BytesOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    backup: Option<AutoBackupJson>,
}

/// One transfer ledger entry: `{"k":123456,"offer":"<sha-256 hex>","at":unix,"tries":n}`.
#[derive(Serialize, Deserialize)]
struct TypedCodeJson {
    k: u32,
    offer: String,
    at: i64,
    tries: u32,
}

#[derive(Serialize)]
struct AccountOut<'a> {
    id: String,
    issuer: &'a str,
    label: &'a str,
    secret: SecretOut<'a>,
    kind: &'static str,
    algorithm: &'static str,
    digits: u8,
    period: u32,
    counter: u64,
    note: Option<NoteOut<'a>>,
    groups: &'a [String],
    created: String,
    updated: String,
    /// `[stamp, base]` per field, in `Field` order (docs/vault.md).
    stamps: Vec<[String; 2]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    conflicts: Vec<ConflictOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cleared: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct TombstoneJson {
    id: String,
    deleted: String,
}

#[derive(Deserialize)]
struct ContentsIn {
    format: u32,
    device: String,
    clock: String,
    clock_offset_secs: i64,
    accounts: Vec<AccountIn>,
    tombstones: Vec<TombstoneJson>,
    #[serde(default)]
    transfer_codes: Vec<TypedCodeJson>,
    #[serde(default)]
    sync: Option<SecretIn>,
    #[serde(default)]
    backup: Option<AutoBackupJson>,
}

#[derive(Deserialize)]
struct AccountIn {
    id: String,
    issuer: String,
    label: String,
    secret: SecretIn,
    kind: String,
    algorithm: String,
    digits: u8,
    period: u32,
    counter: u64,
    note: Option<SecretIn>,
    groups: Vec<String>,
    created: String,
    updated: String,
    #[serde(default)]
    stamps: Option<Vec<[String; 2]>>,
    #[serde(default)]
    conflicts: Vec<ConflictIn>,
    #[serde(default)]
    cleared: Option<String>,
}

/// Serialises the contents as compact JSON into a buffer that is wiped on drop. The buffer is
/// reserved up front so that growing it does not leave copies of secrets in freed memory.
pub fn to_json(c: &Contents) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    // Never write a file that could not be reopened (issue 10); the write paths refuse such a
    // change earlier, this also covers `Vault::contents_mut`.
    crate::validate::check_size(&c.accounts, c.tombstones.len())?;
    let out = ContentsOut {
        format: CONTENTS_FORMAT,
        device: c.device.to_string(),
        clock: c.clock.to_string(),
        clock_offset_secs: c.clock_offset_secs,
        accounts: c
            .accounts
            .iter()
            .map(|a| AccountOut {
                id: a.id.to_string(),
                issuer: &a.credential.issuer,
                label: &a.credential.label,
                secret: SecretOut(&a.credential.secret),
                kind: a.credential.params.kind.as_str(),
                algorithm: a.credential.params.algorithm.as_str(),
                digits: a.credential.params.digits,
                period: a.credential.params.period,
                counter: a.credential.params.counter,
                note: a.note.as_ref().map(NoteOut),
                groups: &a.groups,
                created: a.created.to_string(),
                updated: a.updated.to_string(),
                stamps: stamps_out(&a.fields),
                conflicts: a.fields.conflicts.iter().map(ConflictOut).collect(),
                cleared: (a.fields.cleared != Hlc::zero(DeviceId(0)))
                    .then(|| a.fields.cleared.to_string()),
            })
            .collect(),
        tombstones: c
            .tombstones
            .iter()
            .map(|t| TombstoneJson {
                id: t.id.to_string(),
                deleted: t.deleted.to_string(),
            })
            .collect(),
        transfer_codes: c
            .transfer_codes
            .entries()
            .iter()
            .map(|e| TypedCodeJson {
                k: e.k,
                offer: data_encoding::HEXLOWER.encode(&e.offer_digest),
                at: e.first_typed_unix,
                tries: e.tries,
            })
            .collect(),
        sync: c.sync_state.as_ref().map(|b| BytesOut(b)),
        backup: c.auto_backup.as_ref().map(AutoBackupJson::from_setting),
    };
    let estimate: usize = 256
        + c.accounts
            .iter()
            .map(|a| {
                400 + 2 * (a.credential.issuer.len() + a.credential.label.len())
                    + 2 * a.credential.secret.expose_bytes().len()
                    + a.note.as_ref().map_or(0, |n| 6 * n.expose().len())
                    + a.groups.iter().map(|g| 6 * g.len() + 3).sum::<usize>()
                    + 2 * crate::validate::account_bytes_bound(a)
            })
            .sum::<usize>()
        + 120 * c.tombstones.len()
        + 120 * c.transfer_codes.entries().len()
        + c.sync_state.as_ref().map_or(0, |b| 2 * b.len())
        + c.auto_backup
            .as_ref()
            .map_or(0, |b| 512 + 2 * b.folder.len());
    let mut buf = Zeroizing::new(Vec::with_capacity(estimate));
    // Serialising strings and numbers into a Vec does not fail; if it ever did, saving stops
    // here rather than write an empty vault.
    serde_json::to_writer(&mut *buf, &out).map_err(|_| VaultError::WrongKeyOrDamaged)?;
    Ok(buf)
}

fn bad() -> VaultError {
    VaultError::WrongKeyOrDamaged
}

fn kind_from(s: &str) -> Option<OtpKind> {
    match s {
        "totp" => Some(OtpKind::Totp),
        "hotp" => Some(OtpKind::Hotp),
        "steam" => Some(OtpKind::Steam),
        _ => None,
    }
}

/// Parses and validates decrypted contents. Anything unexpected is `WrongKeyOrDamaged`; names
/// and groups are brought within the rules by [`crate::validate::repair_account`], the check
/// every received account passes, so nothing that was accepted can make the vault unopenable.
pub fn from_json(bytes: &[u8]) -> Result<Contents, VaultError> {
    let c: ContentsIn = serde_json::from_slice(bytes).map_err(|_| bad())?;
    if c.format != CONTENTS_FORMAT || c.device.len() != 16 {
        return Err(bad());
    }
    let device = DeviceId(u64::from_str_radix(&c.device, 16).map_err(|_| bad())?);
    let clock: Hlc = c.clock.parse().map_err(|_| bad())?;
    let mut accounts = Vec::with_capacity(c.accounts.len());
    let mut seen = std::collections::HashSet::with_capacity(c.accounts.len());
    for a in c.accounts {
        let params = OtpParams {
            kind: kind_from(&a.kind).ok_or_else(bad)?,
            algorithm: Algorithm::parse(&a.algorithm).ok_or_else(bad)?,
            digits: a.digits,
            period: a.period,
            counter: a.counter,
        };
        params.validate().map_err(|_| bad())?;
        let secret = Secret::parse_base32(&a.secret.0).map_err(|_| bad())?;
        let note = match a.note {
            Some(n) => Some(Note::new(&n.0).map_err(|_| bad())?),
            None => None,
        };
        let updated: Hlc = a.updated.parse().map_err(|_| bad())?;
        let mut account = Account {
            fields: fields_from_json(a.stamps, a.conflicts, a.cleared, updated).ok_or_else(bad)?,
            id: a.id.parse().map_err(|_| bad())?,
            credential: Credential {
                issuer: a.issuer,
                label: a.label,
                secret,
                params,
            },
            note,
            groups: a.groups,
            created: a.created.parse().map_err(|_| bad())?,
            updated,
        };
        account.updated = account.fields.newest();
        // The same rules as every received account (issue 10): a file an older Kulcs wrote
        // with raw control characters, long names or odd groups opens, with them cleaned.
        crate::validate::repair_account(&mut account);
        if !seen.insert(account.id) {
            return Err(bad());
        }
        accounts.push(account);
    }
    let mut tombstones = Vec::with_capacity(c.tombstones.len());
    for t in c.tombstones {
        let id: AccountId = t.id.parse().map_err(|_| bad())?;
        tombstones.push(Tombstone {
            id,
            deleted: t.deleted.parse().map_err(|_| bad())?,
        });
    }
    crate::validate::cap_tombstones(&mut tombstones);
    let mut codes = Vec::with_capacity(c.transfer_codes.len());
    for e in c.transfer_codes {
        let digest = data_encoding::HEXLOWER
            .decode(e.offer.as_bytes())
            .map_err(|_| bad())?;
        codes.push(TypedCode {
            k: e.k,
            offer_digest: digest.try_into().map_err(|_| bad())?,
            first_typed_unix: e.at,
            tries: e.tries,
        });
    }
    let sync_state = match c.sync {
        Some(text) => Some(Zeroizing::new(
            data_encoding::BASE64
                .decode(text.0.as_bytes())
                .map_err(|_| bad())?,
        )),
        None => None,
    };
    Ok(Contents {
        device,
        clock,
        clock_offset_secs: c.clock_offset_secs,
        accounts,
        tombstones,
        transfer_codes: CodeLedger::from_entries(codes),
        sync_state,
        auto_backup: c.backup.map(AutoBackupJson::into_setting).transpose()?,
    })
}
