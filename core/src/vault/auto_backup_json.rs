//! Owns the JSON form of the automatic-backup setting inside the vault contents (`"backup"` in
//! `docs/vault.md`): the key and salt in base64, the costs, what the last run did.

use serde::{Deserialize, Serialize, Serializer};
use zeroize::Zeroizing;

use super::auto_backup::{AutoBackup, BackupFailure, BackupKey, LastBackup, BACKUP_SALT_LEN};
use super::{KdfParams, VaultError};

/// The stored form, written and read by `contents`.
#[derive(Serialize, Deserialize)]
pub(super) struct AutoBackupJson {
    folder: String,
    keep: u32,
    m: u32,
    t: u32,
    p: u32,
    salt: String,
    key: KeyText,
    set: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tested: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last: Option<LastJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    failure: Option<FailureJson>,
}

#[derive(Serialize, Deserialize)]
struct LastJson {
    name: String,
    at: u64,
    accounts: u32,
    digest: String,
}

#[derive(Serialize, Deserialize)]
struct FailureJson {
    at: u64,
    reason: String,
}

/// Base64 text that is wiped when dropped (the backup key).
struct KeyText(Zeroizing<String>);

impl Serialize for KeyText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(KeyText(Zeroizing::new(String::deserialize(d)?)))
    }
}

impl AutoBackupJson {
    pub(super) fn from_setting(b: &AutoBackup) -> Self {
        let b64 = data_encoding::BASE64;
        AutoBackupJson {
            folder: b.folder.clone(),
            keep: b.keep,
            m: b.key.params.memory_kib,
            t: b.key.params.iterations,
            p: b.key.params.parallelism,
            salt: b64.encode(&b.key.salt),
            key: KeyText(Zeroizing::new(b64.encode(b.key.expose()))),
            set: b.set_ms,
            tested: b.tested_ms,
            last: b.last.as_ref().map(|l| LastJson {
                name: l.name.clone(),
                at: l.created_ms,
                accounts: l.accounts,
                digest: data_encoding::HEXLOWER.encode(&l.digest),
            }),
            failure: b.failure.as_ref().map(|f| FailureJson {
                at: f.at_ms,
                reason: f.reason.clone(),
            }),
        }
    }

    /// The setting, checked: costs within the vault's bounds, a 16-byte salt, a 32-byte key.
    pub(super) fn into_setting(self) -> Result<AutoBackup, VaultError> {
        let bad = || VaultError::WrongKeyOrDamaged;
        let b64 = data_encoding::BASE64;
        let params = KdfParams {
            memory_kib: self.m,
            iterations: self.t,
            parallelism: self.p,
        };
        params.check().map_err(|_| bad())?;
        let salt: [u8; BACKUP_SALT_LEN] = b64
            .decode(self.salt.as_bytes())
            .map_err(|_| bad())?
            .try_into()
            .map_err(|_| bad())?;
        let raw = Zeroizing::new(b64.decode(self.key.0.as_bytes()).map_err(|_| bad())?);
        let key: Zeroizing<[u8; 32]> =
            Zeroizing::new(raw.as_slice().try_into().map_err(|_| bad())?);
        let last = match self.last {
            Some(l) => Some(LastBackup {
                name: l.name,
                created_ms: l.at,
                accounts: l.accounts,
                digest: data_encoding::HEXLOWER
                    .decode(l.digest.as_bytes())
                    .map_err(|_| bad())?
                    .try_into()
                    .map_err(|_| bad())?,
            }),
            None => None,
        };
        if self.folder.is_empty() {
            return Err(bad());
        }
        Ok(AutoBackup {
            folder: self.folder,
            keep: self.keep.clamp(1, super::auto_backup::MAX_BACKUPS_KEPT),
            key: BackupKey::from_parts(params, salt, key),
            set_ms: self.set,
            tested_ms: self.tested,
            last,
            failure: self.failure.map(|f| BackupFailure {
                at_ms: f.at,
                reason: f.reason,
            }),
        })
    }
}
