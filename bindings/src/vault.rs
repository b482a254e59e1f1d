//! Owns the vault across the FFI: [`Vault`] wraps core's `Vault` in a `Mutex` and saves after
//! every change; records here are the list rows, add outcomes, verify matches and duplicate
//! groups a phone UI shows. Ids cross as 32-digit hex strings.

use std::path::Path;
use std::sync::{Arc, Mutex};

use kulcs_core::account::AccountId;
use kulcs_core::credential::Credential;
use kulcs_core::otpauth;
use kulcs_core::qr as core_qr;
use kulcs_core::secret::Secret;
use kulcs_core::vault::{self as core_vault, Unlock};

use crate::guard::{guard, lock};
use crate::keystore::{ForeignKeyStore, KeyStore};
use crate::qr::{enrolments, frame};
use crate::{CodeWindow, KulcsError, OtpParams, ParsedUri};

pub(crate) fn account_id(id: &str) -> Result<AccountId, KulcsError> {
    id.parse().map_err(|e| (e, id).into())
}

fn ids(ids: Vec<AccountId>) -> Vec<String> {
    ids.into_iter().map(|id| id.to_hex()).collect()
}

/// What adding an account did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AddOutcome {
    /// A new entry was created.
    Added {
        /// Its id.
        id: String,
    },
    /// The same key with the same parameters is already there; nothing changed.
    AlreadyPresent {
        /// The existing entry.
        id: String,
    },
    /// Added, but entries with the same issuer and label and another key exist: offer the
    /// duplicates report.
    AddedWithConflict {
        /// The new entry.
        id: String,
        /// The existing entries with the same name.
        conflicts_with: Vec<String>,
    },
}

impl From<core_vault::AddOutcome> for AddOutcome {
    fn from(o: core_vault::AddOutcome) -> Self {
        match o {
            core_vault::AddOutcome::Added(id) => AddOutcome::Added { id: id.to_hex() },
            core_vault::AddOutcome::AlreadyPresent(id) => {
                AddOutcome::AlreadyPresent { id: id.to_hex() }
            }
            core_vault::AddOutcome::AddedWithConflict { id, conflicts_with } => {
                AddOutcome::AddedWithConflict {
                    id: id.to_hex(),
                    conflicts_with: ids(conflicts_with),
                }
            }
        }
    }
}

/// One row of the code list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountCode {
    /// Stable id (32 hex digits).
    pub id: String,
    /// The service, e.g. `Ügyfélkapu+`.
    pub issuer: String,
    /// The account name.
    pub label: String,
    /// How the codes are made.
    pub params: OtpParams,
    /// Current code, next code, seconds left, and whether to show the next one.
    pub window: CodeWindow,
    /// True when a private note is stored (read it with `note`).
    pub has_note: bool,
    /// Groups / tags.
    pub groups: Vec<String>,
}

/// An entry whose code matched a typed code.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VerifyMatch {
    /// The entry.
    pub id: String,
    /// -1 previous step, 0 current, +1 next (HOTP: counters ahead).
    pub step_offset: i64,
}

/// Entries sharing issuer and label (core decides what "same" means).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DuplicateGroup {
    /// The issuer as the newest entry spells it.
    pub issuer: String,
    /// The label as the newest entry spells it.
    pub label: String,
    /// The entries, newest first.
    pub accounts: Vec<String>,
    /// The newest entry (usually the live key).
    pub newest: String,
}

/// True if a vault (or an older copy of one) exists at `path`: open it, never create over it.
#[uniffi::export]
pub fn vault_exists(path: String) -> Result<bool, KulcsError> {
    guard(|| Ok(core_vault::Vault::exists(Path::new(&path))?))
}

/// An open, decrypted vault. It holds the vault's file lock until it is closed (Kotlin
/// `close()`/`use {}`, Swift: released with the last reference). Every change is saved before
/// the call returns. Times: `now_ms` is the device clock in milliseconds, `unix_time` in
/// seconds; the vault adds its own clock offset to both.
#[derive(Debug, uniffi::Object)]
pub struct Vault {
    pub(crate) inner: Mutex<core_vault::Vault>,
    warnings: Vec<String>,
}

impl Vault {
    /// Wraps a core vault opened over another storage than the file system: the browser shell
    /// (`bindings/wasm`) opens vaults kept in memory and persisted to IndexedDB, then uses this
    /// same surface. Not exported over UniFFI.
    pub fn from_core(vault: core_vault::Vault, report: core_vault::OpenReport) -> Arc<Self> {
        Self::wrap(vault, report)
    }

    pub(crate) fn wrap(vault: core_vault::Vault, report: core_vault::OpenReport) -> Arc<Self> {
        let warnings = report.warnings.iter().map(ToString::to_string).collect();
        Arc::new(Vault {
            inner: Mutex::new(vault),
            warnings,
        })
    }

    /// Runs a change on the vault and saves it.
    pub(crate) fn change<T>(
        &self,
        f: impl FnOnce(&mut core_vault::Vault) -> Result<T, KulcsError>,
    ) -> Result<T, KulcsError> {
        guard(|| {
            let mut v = lock(&self.inner)?;
            let out = f(&mut v)?;
            v.save()?;
            Ok(out)
        })
    }

    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&core_vault::Vault) -> Result<T, KulcsError>,
    ) -> Result<T, KulcsError> {
        guard(|| f(&*lock(&self.inner)?))
    }

    pub(crate) fn add_all(
        &self,
        credentials: Vec<Credential>,
        now_ms: u64,
    ) -> Result<Vec<AddOutcome>, KulcsError> {
        self.change(|v| {
            credentials
                .into_iter()
                .map(|c| Ok(v.add(c, now_ms)?.into()))
                .collect()
        })
    }
}

#[uniffi::export]
impl Vault {
    /// Creates a new vault at `path` with a device slot wrapped by `key_store`, and saves it.
    /// Refuses (`Storage{kind: "AlreadyExists"}`) if anything exists there.
    #[uniffi::constructor]
    pub fn create(
        path: String,
        key_store: Arc<dyn KeyStore>,
        now_ms: u64,
    ) -> Result<Arc<Self>, KulcsError> {
        guard(|| {
            let v =
                core_vault::Vault::create(Path::new(&path), &ForeignKeyStore(key_store), now_ms)?;
            Ok(Vault::wrap(v, core_vault::OpenReport::default()))
        })
    }

    /// Opens the vault at `path` with the device key store (the everyday way).
    #[uniffi::constructor]
    pub fn open(path: String, key_store: Arc<dyn KeyStore>) -> Result<Arc<Self>, KulcsError> {
        guard(|| {
            let store = ForeignKeyStore(key_store);
            let (v, report) = core_vault::Vault::open(Path::new(&path), Unlock::Device(&store))?;
            Ok(Vault::wrap(v, report))
        })
    }

    /// Opens the vault at `path` with its passphrase (a new device, or a lost device key).
    #[uniffi::constructor]
    pub fn open_with_passphrase(path: String, passphrase: String) -> Result<Arc<Self>, KulcsError> {
        guard(|| {
            let passphrase = zeroize::Zeroizing::new(passphrase);
            let (v, report) =
                core_vault::Vault::open(Path::new(&path), Unlock::Passphrase(&passphrase))?;
            Ok(Vault::wrap(v, report))
        })
    }

    /// Messages to show once after opening (an older copy was opened, a save was interrupted).
    pub fn open_warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// Sets or replaces the passphrase that opens the vault without the device key.
    pub fn set_passphrase(&self, passphrase: String) -> Result<(), KulcsError> {
        let passphrase = zeroize::Zeroizing::new(passphrase);
        self.change(|v| {
            v.change_passphrase(&passphrase)
                .map(drop)
                .map_err(Into::into)
        })
    }

    /// Binds the vault to this device's key store (after opening it with the passphrase on a
    /// new device or after a reinstall); replaces the previous device slot.
    pub fn add_device_key(&self, key_store: Arc<dyn KeyStore>) -> Result<(), KulcsError> {
        self.change(|v| {
            v.add_device(&ForeignKeyStore(key_store))
                .map(drop)
                .map_err(Into::into)
        })
    }

    /// Seconds added to the device clock before codes are computed.
    pub fn clock_offset(&self) -> Result<i64, KulcsError> {
        self.read(|v| Ok(v.clock_offset()))
    }

    /// Sets the clock offset (after the user calibrated the clock); core bounds it.
    pub fn set_clock_offset(&self, seconds: i64) -> Result<(), KulcsError> {
        self.change(|v| Ok(v.set_clock_offset(seconds)?))
    }

    /// Every account with its code window at device time `unix_time`, in the order added.
    pub fn codes(&self, unix_time: i64) -> Result<Vec<AccountCode>, KulcsError> {
        self.read(|v| {
            v.accounts()
                .iter()
                .map(|a| {
                    Ok(AccountCode {
                        id: a.id.to_hex(),
                        issuer: a.credential.issuer.clone(),
                        label: a.credential.label.clone(),
                        params: a.credential.params,
                        window: v.code_window(a.id, unix_time)?.into(),
                        has_note: a.note.is_some(),
                        groups: a.groups.clone(),
                    })
                })
                .collect()
        })
    }

    /// Adds the account an `otpauth://` URI describes.
    pub fn add_uri(&self, uri: String, now_ms: u64) -> Result<AddOutcome, KulcsError> {
        let uri = zeroize::Zeroizing::new(uri);
        let credential = guard(|| Ok(otpauth::parse(&uri)?.credential))?;
        self.change(|v| Ok(v.add(credential, now_ms)?.into()))
    }

    /// Adds every enrolment QR code in a PNG/JPEG/WebP image (e.g. a screenshot).
    pub fn add_image(&self, image: Vec<u8>, now_ms: u64) -> Result<Vec<AddOutcome>, KulcsError> {
        let credentials = guard(|| enrolments(core_qr::decode_image_bytes(&image)?))?;
        self.add_all(credentials, now_ms)
    }

    /// Adds every enrolment QR code in a camera Y plane (borrowed, one full decoding attempt;
    /// for a live preview use `QrScanner` and `add_scanned`).
    pub fn add_frame(
        &self,
        luma: &[u8],
        width: u32,
        height: u32,
        row_stride: u32,
        now_ms: u64,
    ) -> Result<Vec<AddOutcome>, KulcsError> {
        let credentials = guard(|| {
            enrolments(core_qr::decode_luma(&frame(
                luma, width, height, row_stride,
            ))?)
        })?;
        self.add_all(credentials, now_ms)
    }

    /// Adds an account the live scanner found (after the user confirmed it).
    pub fn add_scanned(&self, account: ParsedUri, now_ms: u64) -> Result<AddOutcome, KulcsError> {
        self.change(|v| {
            let credential = Credential {
                issuer: account.issuer,
                label: account.label,
                secret: account.key.secret().clone(),
                params: account.params,
            };
            Ok(v.add(credential, now_ms)?.into())
        })
    }

    /// Adds an Ügyfélkapu+ account from the username and the typed setup key (core's preset:
    /// issuer `Ügyfélkapu+`, label `<user>@ugyfelkapu.gov.hu`, TOTP/SHA1/6/30).
    pub fn add_ugyfelkapu(
        &self,
        username: String,
        key: String,
        now_ms: u64,
    ) -> Result<AddOutcome, KulcsError> {
        let key = zeroize::Zeroizing::new(key);
        let credential = guard(|| {
            Ok(Credential::ugyfelkapu(
                &username,
                Secret::parse_base32(&key)?,
            ))
        })?;
        self.change(|v| Ok(v.add(credential, now_ms)?.into()))
    }

    /// Changes an account's issuer and label.
    pub fn rename(
        &self,
        id: String,
        issuer: String,
        label: String,
        now_ms: u64,
    ) -> Result<(), KulcsError> {
        self.change(|v| Ok(v.rename(account_id(&id)?, &issuer, &label, now_ms)?))
    }

    /// Deletes an account.
    pub fn delete(&self, id: String, now_ms: u64) -> Result<(), KulcsError> {
        self.change(|v| Ok(v.remove(account_id(&id)?, now_ms)?))
    }

    /// Sets (or clears, with `None` or "") an account's private note, e.g. the törlőkód.
    pub fn set_note(
        &self,
        id: String,
        note: Option<String>,
        now_ms: u64,
    ) -> Result<(), KulcsError> {
        let note = note.map(zeroize::Zeroizing::new);
        self.change(|v| {
            Ok(v.set_note(
                account_id(&id)?,
                note.as_deref().map(String::as_str),
                now_ms,
            )?)
        })
    }

    /// An account's private note (only for an explicit "show note").
    pub fn note(&self, id: String) -> Result<Option<String>, KulcsError> {
        self.read(|v| {
            let aid = account_id(&id)?;
            let account = v.account(aid).ok_or(KulcsError::NotFound { id })?;
            Ok(account.note.as_ref().map(|n| n.expose().to_string()))
        })
    }

    /// Moves an HOTP account's counter forward after its code was used; returns the new counter.
    pub fn advance_counter(&self, id: String, now_ms: u64) -> Result<u64, KulcsError> {
        self.change(|v| Ok(v.advance_counter(account_id(&id)?, now_ms)?))
    }

    /// Which entries produce `code` within ±1 step of device time `unix_time`.
    pub fn verify(&self, code: String, unix_time: i64) -> Result<Vec<VerifyMatch>, KulcsError> {
        self.read(|v| {
            Ok(v.verify(&code, unix_time)
                .into_iter()
                .map(|m| VerifyMatch {
                    id: m.id.to_hex(),
                    step_offset: m.step_offset,
                })
                .collect())
        })
    }

    /// Groups of entries sharing issuer and label, newest first.
    pub fn duplicates(&self) -> Result<Vec<DuplicateGroup>, KulcsError> {
        self.read(|v| {
            Ok(v.duplicates()
                .into_iter()
                .map(|g| DuplicateGroup {
                    issuer: g.issuer,
                    label: g.label,
                    accounts: ids(g.accounts),
                    newest: g.newest.to_hex(),
                })
                .collect())
        })
    }
}
