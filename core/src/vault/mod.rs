//! The encrypted vault: the [`Vault`] type holding decrypted accounts in memory, and how it is
//! created, opened (with fallback to older generations), changed and saved.
//!
//! File format: `docs/vault.md` and [`mod@format`]. Every rule a user could notice (duplicates,
//! which entry produced a code, id prefixes, clock offset) is decided here, once, for all shells.
//!
//! ```
//! use kulcs_core::credential::Credential;
//! use kulcs_core::secret::Secret;
//! use kulcs_core::vault::{AddOutcome, FileKeyStore, Unlock, Vault};
//!
//! let dir = std::env::temp_dir().join(format!("kulcs-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("vault.kulcs");
//! # let _ = std::fs::remove_file(&path);
//! let keys = FileKeyStore::new(dir.join("device.key"));
//! let mut v = Vault::create(&path, &keys, 1_700_000_000_000).unwrap();
//! let key = Secret::parse_base32("JBSW Y3DP EHPK 3PXP").unwrap();
//! let AddOutcome::Added(id) = v.add(Credential::ugyfelkapu("kovacs.janos", key.clone()), 1_700_000_000_000).unwrap() else { panic!() };
//! assert_eq!(v.add(Credential::ugyfelkapu("kovacs.janos", key), 1_700_000_000_001).unwrap(), AddOutcome::AlreadyPresent(id));
//! v.save().unwrap();
//! drop(v);
//! let (v, report) = Vault::open(&path, Unlock::Device(&keys)).unwrap();
//! assert!(report.warnings.is_empty());
//! assert_eq!(v.accounts().len(), 1);
//! # drop(v); std::fs::remove_dir_all(&dir).unwrap();
//! ```

#![deny(missing_docs)]

mod aead;
pub mod contents;
pub mod duplicates;
mod error;
pub mod format;
pub mod kdf;
mod keystore;
pub mod recovery;
pub mod rng;
pub mod slots;
pub mod store;
mod sync_hooks;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use x25519_dalek::StaticSecret;
use zeroize::Zeroizing;

pub use contents::Contents;
pub use duplicates::{AddOutcome, DuplicateGroup, VerifyMatch};
pub use error::{KeyStoreError, VaultError};
pub use kdf::KdfParams;
pub use keystore::{
    BackedKeyStore, DeviceKey, DeviceKeyBackend, FileKeyStore, KeyFileError, KeyStore,
    DEFAULT_KEY_ID, DEVICE_KEY_LEN,
};
pub use recovery::RecoveryCode;
pub use rng::{FixedRng, Rng, SystemRng};
use slots::Opened;
pub use slots::{DataKey, Slot, SlotId, SlotInfo, SlotKind, MIN_PASSPHRASE_CHARS};
pub use store::{FsStorage, LockGuard, Storage};

use crate::account::{Account, AccountId, Note, Tombstone};
use crate::credential::Credential;
use crate::hlc::{DeviceId, Hlc};
use crate::otp::{self, CodeWindow, OtpError, OtpKind};
use crate::validate::clean_groups;
use rng::random_array;
use slots::SlotSecret;

/// At most this many Argon2id derivations run for one passphrase open, over all passphrase
/// slots of all the files tried (newest and older generations). A hostile file with 16
/// passphrase slots at the KDF ceiling (256 MiB, 10 passes) costs 4 derivations, not 16.
pub const MAX_PASSPHRASE_TRIES: usize = 4;

/// The largest clock offset accepted, in seconds (100 years).
pub const MAX_CLOCK_OFFSET_SECS: i64 = 100 * 366 * 86_400;

/// Builds a new slot around a (new) data key, for [`Vault::rotate`].
type MakeSlot<'a> = dyn Fn(&dyn Rng, &DataKey) -> Result<Slot, VaultError> + 'a;

/// How to open a vault.
#[derive(Clone, Copy)]
pub enum Unlock<'a> {
    /// With the device key store (the everyday way).
    Device(&'a dyn KeyStore),
    /// With the passphrase.
    Passphrase(&'a str),
    /// With the printed recovery code.
    Recovery(&'a str),
}

impl fmt::Debug for Unlock<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unlock::Device(_) => "Unlock::Device",
            Unlock::Passphrase(_) => "Unlock::Passphrase(<redacted>)",
            Unlock::Recovery(_) => "Unlock::Recovery(<redacted>)",
        })
    }
}

/// Something the user should be told after a successful open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenWarning {
    /// The newest copy could not be read with this key or is damaged; an older copy was opened.
    /// Changes made after that copy may be missing. The unreadable file is moved aside (never
    /// deleted) on the next save, to `set_aside_as`.
    NewestUnreadable {
        /// The unreadable newest file.
        newest: PathBuf,
        /// The copy that was opened.
        opened: PathBuf,
        /// How many saves older the opened copy is.
        generations_back: usize,
        /// Why the newest file failed, in a sentence.
        reason: String,
    },
    /// The last save was interrupted (the program stopped mid-save). `recovered_new` tells
    /// whether the interrupted save's new state was complete and has been opened; otherwise the
    /// state before that save was opened.
    InterruptedSave {
        /// The copy that was opened.
        opened: PathBuf,
        /// True when the new state was recovered.
        recovered_new: bool,
    },
}

impl fmt::Display for OpenWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenWarning::NewestUnreadable { newest, opened, generations_back, reason } => write!(
                f,
                "the newest vault file {} could not be opened ({reason}); opened the copy from {generations_back} save(s) earlier, {}. \
                 Recent changes may be missing. The unreadable file is kept (as {}.unreadable-N after the next save). \
                 If you changed the passphrase recently, try the new one.",
                newest.display(),
                opened.display(),
                newest.display()
            ),
            OpenWarning::InterruptedSave { opened, recovered_new: true } => {
                write!(f, "the last save was interrupted; its changes were recovered from {}", opened.display())
            }
            OpenWarning::InterruptedSave { opened, recovered_new: false } => write!(
                f,
                "the last save was interrupted; opened the copy from before it ({}). The last change may be missing.",
                opened.display()
            ),
        }
    }
}

/// What happened while opening.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpenReport {
    /// The file that was opened.
    pub opened: PathBuf,
    /// Warnings to show the user (empty in the normal case).
    pub warnings: Vec<OpenWarning>,
}

/// Injectable dependencies and settings. `Default` is what production uses.
#[derive(Clone)]
pub struct VaultOptions {
    /// File operations.
    pub storage: Arc<dyn Storage>,
    /// Random source for keys, salts, nonces and ids.
    pub rng: Arc<dyn Rng>,
    /// How long to wait for another process to release the vault.
    pub lock_wait: Duration,
    /// Argon2id parameters for new passphrase slots.
    pub kdf: KdfParams,
    /// The key id used for device slots.
    pub device_key_id: String,
}

impl Default for VaultOptions {
    fn default() -> Self {
        VaultOptions {
            storage: Arc::new(FsStorage),
            rng: Arc::new(SystemRng::new()),
            lock_wait: Duration::from_secs(3),
            kdf: KdfParams::DEFAULT,
            device_key_id: DEFAULT_KEY_ID.to_string(),
        }
    }
}

impl VaultOptions {
    /// Test-only options: the cheapest accepted Argon2id parameters ([`KdfParams::testing`])
    /// so suites run quickly. Never use for a real vault.
    pub fn testing() -> Self {
        VaultOptions {
            kdf: KdfParams::testing(),
            ..VaultOptions::default()
        }
    }
}

impl fmt::Debug for VaultOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VaultOptions")
            .field("lock_wait", &self.lock_wait)
            .field("kdf", &self.kdf)
            .finish_non_exhaustive()
    }
}

/// A decrypted vault, held in memory, locked against other processes while it lives.
///
/// Changes are made in memory; [`Vault::save`] writes them crash-safely. Time arguments:
/// `now_ms` is the device's Unix time in milliseconds, `unix` its Unix time in seconds; the
/// vault adds its own [`Vault::clock_offset`] to both.
pub struct Vault {
    path: PathBuf,
    opts: VaultOptions,
    data_key: DataKey,
    slots: Vec<Slot>,
    contents: Contents,
    set_aside_on_save: bool,
    /// A slot was removed or replaced: after the next save, older generations are re-sealed
    /// with the current slots so a retired passphrase or code opens none of them.
    reseal_generations: bool,
    /// Data keys retired in this session (to re-seal older generations sealed with them).
    retired_keys: Vec<DataKey>,
    /// The private key of the slot that opened the vault, to re-seal older generations that
    /// a previous session could not finish (they still hold this slot, sealed to an older key).
    slot_key: Option<(SlotId, StaticSecret)>,
    dirty: bool,
    _lock: LockGuard,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault")
            .field("path", &self.path)
            .field("accounts", &self.contents.accounts.len())
            .field("slots", &self.slots)
            .field("dirty", &self.dirty)
            .finish_non_exhaustive()
    }
}

struct Loaded {
    slots: Vec<Slot>,
    data_key: DataKey,
    contents: Contents,
    /// Which slot opened it, and what opening it gave besides the data key.
    opened_slot: SlotId,
    opened: Opened,
}

enum Failure {
    /// Not damage: do not look at older copies (wrong kind of unlock, key store trouble,
    /// newer format, I/O).
    Fatal(VaultError),
    /// Slots of the right kind exist but none opened. Only a copy whose opening slot also
    /// exists here (same id, different bytes) may replace it.
    Rejected { slots: Vec<Slot> },
    /// Unreadable: bad structure, or a slot opened but the contents failed.
    Damaged(VaultError),
}

fn unlock_secret<'a>(
    unlock: &Unlock<'a>,
    code: &'a Option<RecoveryCode>,
) -> Result<SlotSecret<'a>, VaultError> {
    Ok(match unlock {
        Unlock::Device(store) => SlotSecret::Device(*store),
        Unlock::Passphrase(p) => SlotSecret::Passphrase(p),
        Unlock::Recovery(_) => {
            SlotSecret::Recovery(code.as_ref().ok_or(VaultError::WrongKeyOrDamaged)?)
        }
    })
}

fn try_load(
    bytes: &[u8],
    path: &Path,
    secret: &SlotSecret<'_>,
    only_changed_from: Option<&[Slot]>,
    kdf_budget: &mut usize,
) -> Result<Loaded, Failure> {
    let parsed = match format::parse(bytes, path) {
        Ok(p) => p,
        Err(e @ VaultError::UnsupportedVersion { .. }) => return Err(Failure::Fatal(e)),
        Err(e) => return Err(Failure::Damaged(e)),
    };
    let kind = secret.kind();
    let candidates: Vec<&Slot> = parsed
        .header
        .slots
        .iter()
        .filter(|s| s.kind() == kind)
        .collect();
    if candidates.is_empty() {
        // A slot type this version does not know may be a damaged known slot; say so rather
        // than claim the vault lacks the slot.
        if parsed
            .header
            .slots
            .iter()
            .any(|s| matches!(s.kind(), SlotKind::Unknown(_)))
        {
            return Err(Failure::Damaged(VaultError::WrongKeyOrDamaged));
        }
        return Err(Failure::Fatal(VaultError::NoSlotOfKind { kind }));
    }
    let mut tried_any = false;
    for slot in candidates {
        if let Some(newer) = only_changed_from {
            // Only a slot that the newer copy also has (same id) but with different bytes can
            // give a different answer; identical slots would fail the same way.
            match newer.iter().find(|n| n.id == slot.id) {
                Some(n) if n != slot => {}
                _ => continue,
            }
        }
        if kind == SlotKind::Passphrase {
            // Each passphrase slot costs one Argon2id run; a file may not make us run many.
            if *kdf_budget == 0 {
                break;
            }
            *kdf_budget -= 1;
        }
        tried_any = true;
        match slot.unlock(secret) {
            Ok(Some((key, opened))) => {
                let plain = match format::open(&parsed, &key) {
                    Ok(p) => p,
                    Err(e) => return Err(Failure::Damaged(e)),
                };
                let contents = contents::from_json(&plain).map_err(Failure::Damaged)?;
                return Ok(Loaded {
                    slots: parsed.header.slots.clone(),
                    data_key: key,
                    contents,
                    opened_slot: slot.id,
                    opened,
                });
            }
            Ok(None) | Err(VaultError::WrongKeyOrDamaged) => {}
            Err(e) => return Err(Failure::Fatal(e)),
        }
    }
    if !tried_any {
        return Err(Failure::Fatal(VaultError::WrongKeyOrDamaged));
    }
    Err(Failure::Rejected {
        slots: parsed.header.slots.clone(),
    })
}

fn failure_error(f: Failure) -> VaultError {
    match f {
        Failure::Fatal(e) | Failure::Damaged(e) => e,
        Failure::Rejected { .. } => VaultError::WrongKeyOrDamaged,
    }
}

impl Vault {
    /// True if a vault (or an older generation, or an interrupted save) exists at `path`.
    /// Shells use this to decide between [`Vault::create`] and [`Vault::open`]; never create
    /// when this is true.
    pub fn exists(path: &Path) -> Result<bool, VaultError> {
        Ok(store::any_generation_exists(&FsStorage, path)?.is_some())
    }

    /// Creates a new empty vault with a device slot and saves it. Refuses if anything exists
    /// at `path` (or its generations): an existing vault is never replaced.
    pub fn create(path: &Path, store: &dyn KeyStore, now_ms: u64) -> Result<Vault, VaultError> {
        Self::create_with(path, store, now_ms, VaultOptions::default())
    }

    /// [`Vault::create`] with injected options.
    pub fn create_with(
        path: &Path,
        store: &dyn KeyStore,
        now_ms: u64,
        opts: VaultOptions,
    ) -> Result<Vault, VaultError> {
        let lock = store::lock(opts.storage.as_ref(), path, opts.lock_wait)?;
        if let Some(existing) = store::any_generation_exists(opts.storage.as_ref(), path)? {
            return Err(VaultError::AlreadyExists { path: existing });
        }
        let rng = opts.rng.as_ref();
        let data_key: DataKey = Zeroizing::new(random_array(rng)?);
        let device = DeviceId(u64::from_be_bytes(random_array(rng)?));
        let slot = Slot::new_device(rng, &data_key, store, &opts.device_key_id)?;
        let mut contents = Contents::new(device);
        contents.clock = contents.clock.tick(now_ms);
        let mut v = Vault {
            path: path.to_path_buf(),
            opts,
            data_key,
            slots: vec![slot],
            contents,
            set_aside_on_save: false,
            reseal_generations: false,
            retired_keys: Vec::new(),
            slot_key: None,
            dirty: true,
            _lock: lock,
        };
        v.save()?;
        Ok(v)
    }

    /// Opens the vault at `path`. If the newest file is damaged, the newest readable older
    /// generation is opened instead and the report says so.
    pub fn open(path: &Path, unlock: Unlock<'_>) -> Result<(Vault, OpenReport), VaultError> {
        Self::open_with(path, unlock, VaultOptions::default())
    }

    /// [`Vault::open`] with injected options.
    pub fn open_with(
        path: &Path,
        unlock: Unlock<'_>,
        opts: VaultOptions,
    ) -> Result<(Vault, OpenReport), VaultError> {
        let code = match unlock {
            Unlock::Recovery(text) => Some(RecoveryCode::parse(text)?),
            _ => None,
        };
        let secret = unlock_secret(&unlock, &code)?;
        let lock = store::lock(opts.storage.as_ref(), path, opts.lock_wait)?;
        let storage = opts.storage.as_ref();

        let newest_path = path.to_path_buf();
        let mut report = OpenReport::default();
        let mut first_failure: Option<Failure> = None;
        let mut kdf_budget = MAX_PASSPHRASE_TRIES;
        let (first_path, first_bytes, interrupted) =
            match store::read(storage, &newest_path, format::MAX_FILE_LEN) {
                Ok(Some(b)) => (newest_path.clone(), Some(b), false),
                Ok(None) => {
                    let tmp = store::temp_path(path);
                    (
                        tmp.clone(),
                        store::read(storage, &tmp, format::MAX_FILE_LEN)
                            .ok()
                            .flatten(),
                        true,
                    )
                }
                Err(e @ VaultError::TooLarge { .. }) => {
                    first_failure = Some(Failure::Damaged(e));
                    (newest_path.clone(), None, false)
                }
                Err(e) => return Err(e),
            };

        if let Some(bytes) = &first_bytes {
            match try_load(bytes, &first_path, &secret, None, &mut kdf_budget) {
                Ok(l) => {
                    if interrupted {
                        report.warnings.push(OpenWarning::InterruptedSave {
                            opened: first_path.clone(),
                            recovered_new: true,
                        });
                    }
                    report.opened = first_path;
                    return Ok((
                        Self::from_loaded(path, opts, l, &secret, false, lock),
                        report,
                    ));
                }
                Err(Failure::Fatal(e)) if !interrupted => return Err(e),
                Err(f) => first_failure = Some(f),
            }
        }
        let only_changed: Option<Vec<Slot>> = match (&first_failure, interrupted) {
            (Some(Failure::Rejected { slots }), false) => Some(slots.clone()),
            _ => None,
        };
        let mut older_failure: Option<Failure> = None;
        for n in 1..=store::GENERATIONS {
            let p = store::generation_path(path, n);
            let Some(bytes) = store::read(storage, &p, format::MAX_FILE_LEN)
                .ok()
                .flatten()
            else {
                continue;
            };
            let attempt = try_load(
                &bytes,
                &p,
                &secret,
                only_changed.as_deref(),
                &mut kdf_budget,
            );
            if let Err(f) = attempt {
                older_failure.get_or_insert(f);
                continue;
            }
            if let Ok(l) = attempt {
                let set_aside = !interrupted && first_failure.is_some();
                if interrupted {
                    report.warnings.push(OpenWarning::InterruptedSave {
                        opened: p.clone(),
                        recovered_new: false,
                    });
                } else if let Some(f) = first_failure {
                    let e = failure_error(f);
                    report.warnings.push(OpenWarning::NewestUnreadable {
                        newest: newest_path.clone(),
                        opened: p.clone(),
                        generations_back: n,
                        reason: e.to_string(),
                    });
                }
                report.opened = p;
                return Ok((
                    Self::from_loaded(path, opts, l, &secret, set_aside, lock),
                    report,
                ));
            }
        }
        // Nothing opened. Report the newest file's failure; after an interrupted save (no
        // current file) the previous generation's, which is what the user expects to open.
        match (first_failure, older_failure, interrupted) {
            (Some(f), _, false) => Err(failure_error(f)),
            (_, Some(f), true) => Err(failure_error(f)),
            (Some(f), None, true) => Err(failure_error(f)),
            (None, _, _) if first_bytes.is_none() => {
                Err(VaultError::NotFound { path: newest_path })
            }
            _ => Err(VaultError::WrongKeyOrDamaged),
        }
    }

    /// Builds the vault from what opened. A format-1 slot that opened it is converted to a
    /// sealed slot here (its secret is at hand); the conversion is written by the next save.
    fn from_loaded(
        path: &Path,
        opts: VaultOptions,
        l: Loaded,
        secret: &SlotSecret<'_>,
        set_aside_on_save: bool,
        lock: LockGuard,
    ) -> Vault {
        let Loaded {
            mut slots,
            data_key,
            contents,
            opened_slot,
            opened,
        } = l;
        let mut dirty = false;
        let slot_key = match opened {
            Opened::Sealed(sk) => Some((opened_slot, sk)),
            legacy @ Opened::Legacy(_) => {
                let converted = slots
                    .iter()
                    .position(|s| s.id == opened_slot)
                    .and_then(|i| {
                        let (new, sk) = slots[i]
                            .convert(opts.rng.as_ref(), secret, &legacy, &data_key)
                            .ok()?;
                        slots[i] = new;
                        Some(sk)
                    });
                // If conversion failed (e.g. the key store refused to wrap), the slot stays a
                // legacy slot and is converted at a later open.
                dirty = converted.is_some();
                converted.map(|sk| (opened_slot, sk))
            }
        };
        Vault {
            path: path.to_path_buf(),
            opts,
            data_key,
            slots,
            contents,
            set_aside_on_save,
            // Once per session, look for older generations a previous session left sealed
            // under a retired key or retired slots (e.g. it stopped mid-rotation).
            reseal_generations: true,
            retired_keys: Vec::new(),
            slot_key,
            dirty,
            _lock: lock,
        }
    }

    /// Writes the vault crash-safely (temp file, fsync, rename, directory fsync), keeping
    /// the previous [`store::GENERATIONS`] copies, always in format [`format::VERSION`]. The
    /// nonce is fresh. After a slot was retired (the data key rotated), older generations are
    /// re-sealed under the new key too.
    pub fn save(&mut self) -> Result<(), VaultError> {
        let bytes = self.to_file_bytes()?;
        let storage = self.opts.storage.as_ref();
        if self.set_aside_on_save {
            if storage
                .exists(&self.path)
                .map_err(|e| VaultError::io("check", &self.path, e))?
            {
                store::set_aside(storage, &self.path)?;
            }
            self.set_aside_on_save = false;
        }
        store::save(storage, &self.path, &bytes)?;
        self.dirty = false;
        if self.reseal_generations {
            self.reseal_older_generations();
        }
        Ok(())
    }

    /// The complete file as [`Vault::save`] would write it (fresh nonce).
    pub fn to_file_bytes(&self) -> Result<Vec<u8>, VaultError> {
        let nonce = random_array(self.opts.rng.as_ref())?;
        let header = format::Header {
            version: format::VERSION,
            nonce,
            slots: self.slots.clone(),
        };
        let plain = contents::to_json(&self.contents)?;
        format::seal(&header, &self.data_key, &plain)
    }

    /// True when there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The vault's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This replica's device id.
    pub fn device_id(&self) -> DeviceId {
        self.contents.device
    }

    /// The decrypted contents (for sync and export).
    pub fn contents(&self) -> &Contents {
        &self.contents
    }

    /// Mutable contents, for sync merges (which replace accounts and tombstones wholesale and
    /// advance the clock with [`Hlc::observe`]). Marks the vault as changed; call
    /// [`Vault::save`] afterwards. Shells should use the specific methods instead.
    pub fn contents_mut(&mut self) -> &mut Contents {
        self.dirty = true;
        &mut self.contents
    }

    /// The current hybrid logical clock of this replica.
    pub fn clock(&self) -> Hlc {
        self.contents.clock
    }

    // ----- time -----

    /// Seconds added to the device clock before codes are computed (DESIGN §3).
    pub fn clock_offset(&self) -> i64 {
        self.contents.clock_offset_secs
    }

    /// Sets the clock offset (e.g. after the user calibrated against a known-good clock).
    /// At most [`MAX_CLOCK_OFFSET_SECS`] either way (a phone reset to 1970 is ~56 years off).
    pub fn set_clock_offset(&mut self, secs: i64) -> Result<(), VaultError> {
        if secs.unsigned_abs() > MAX_CLOCK_OFFSET_SECS as u64 {
            return Err(VaultError::ClockOffsetOutOfRange {
                secs,
                max: MAX_CLOCK_OFFSET_SECS,
            });
        }
        if self.contents.clock_offset_secs != secs {
            self.contents.clock_offset_secs = secs;
            self.dirty = true;
        }
        Ok(())
    }

    /// The device time in seconds corrected by the clock offset.
    pub fn corrected_unix(&self, unix: i64) -> Result<i64, OtpError> {
        otp::corrected_time(unix, self.contents.clock_offset_secs)
    }

    fn tick(&mut self, now_ms: u64) -> Hlc {
        let offset_ms = self.contents.clock_offset_secs.saturating_mul(1000);
        let corrected = (now_ms as i128 + offset_ms as i128).clamp(0, u64::MAX as i128) as u64;
        self.contents.clock = self.contents.clock.tick(corrected);
        self.contents.clock
    }

    // ----- accounts -----

    /// All accounts, in the order they were added.
    pub fn accounts(&self) -> &[Account] {
        &self.contents.accounts
    }

    /// Deleted account ids with their deletion times (for sync).
    pub fn tombstones(&self) -> &[Tombstone] {
        &self.contents.tombstones
    }

    /// The account with this id.
    pub fn account(&self, id: AccountId) -> Option<&Account> {
        self.contents.accounts.iter().find(|a| a.id == id)
    }

    /// Resolves a full id or a unique id prefix (case-insensitive hex, at least 1 character).
    pub fn resolve(&self, prefix: &str) -> Result<AccountId, VaultError> {
        let p = prefix.trim().to_ascii_lowercase();
        let not_found = || VaultError::AccountNotFound {
            id: prefix.to_string(),
        };
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(not_found());
        }
        let matches: Vec<AccountId> = self
            .contents
            .accounts
            .iter()
            .filter(|a| a.id.to_string().starts_with(&p))
            .map(|a| a.id)
            .collect();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(not_found()),
            many => Err(VaultError::AmbiguousId {
                prefix: prefix.to_string(),
                matches: many.len(),
            }),
        }
    }

    fn account_mut(&mut self, id: AccountId) -> Result<&mut Account, VaultError> {
        self.contents
            .accounts
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })
    }

    fn new_account_id(&self) -> Result<AccountId, VaultError> {
        let taken: HashSet<AccountId> = self
            .contents
            .accounts
            .iter()
            .map(|a| a.id)
            .chain(self.contents.tombstones.iter().map(|t| t.id))
            .collect();
        loop {
            let id = AccountId(random_array(self.opts.rng.as_ref())?);
            if !taken.contains(&id) {
                return Ok(id);
            }
        }
    }

    /// Adds a credential, unless the same key with the same parameters is already present.
    /// Entries with the same issuer and label but another key are reported as a conflict.
    /// Issuer and label are cleaned ([`crate::validate::name`]: control and bidi characters
    /// removed, trimmed) and refused when too long; a vault that would grow too large to reopen
    /// refuses the account.
    pub fn add(
        &mut self,
        mut credential: Credential,
        now_ms: u64,
    ) -> Result<AddOutcome, VaultError> {
        credential
            .params
            .validate()
            .map_err(VaultError::InvalidParams)?;
        credential.issuer = crate::validate::name("issuer", &credential.issuer)?;
        credential.label = crate::validate::name("label", &credential.label)?;
        if let Some(existing) = duplicates::find_same_key(&self.contents.accounts, &credential) {
            return Ok(AddOutcome::AlreadyPresent(existing));
        }
        let conflicts = duplicates::find_conflicts(&self.contents.accounts, &credential);
        let id = self.new_account_id()?;
        let t = self.tick(now_ms);
        let account = Account {
            id,
            credential,
            note: None,
            groups: Vec::new(),
            created: t,
            updated: t,
        };
        self.check_size_with(&account, None)?;
        self.contents.accounts.push(account);
        self.dirty = true;
        Ok(if conflicts.is_empty() {
            AddOutcome::Added(id)
        } else {
            AddOutcome::AddedWithConflict {
                id,
                conflicts_with: conflicts,
            }
        })
    }

    /// Checks that the contents, with `changed` added (`replacing` an account of that id), stay
    /// within the size a vault file may have ([`crate::validate::check_size`]).
    fn check_size_with(
        &self,
        changed: &Account,
        replacing: Option<AccountId>,
    ) -> Result<(), VaultError> {
        let others = self
            .contents
            .accounts
            .iter()
            .filter(|a| Some(a.id) != replacing);
        crate::validate::check_size(
            others.chain(std::iter::once(changed)),
            self.contents.tombstones.len(),
        )?;
        Ok(())
    }

    /// Changes issuer and label (cleaned and checked like [`Vault::add`]).
    pub fn rename(
        &mut self,
        id: AccountId,
        issuer: &str,
        label: &str,
        now_ms: u64,
    ) -> Result<(), VaultError> {
        let issuer = crate::validate::name("issuer", issuer)?;
        let label = crate::validate::name("label", label)?;
        let mut changed = self.account_mut(id)?.clone();
        changed.credential.issuer = issuer;
        changed.credential.label = label;
        self.check_size_with(&changed, Some(id))?;
        let t = self.tick(now_ms);
        let a = self.account_mut(id)?;
        a.credential.issuer = changed.credential.issuer;
        a.credential.label = changed.credential.label;
        a.updated = t;
        self.dirty = true;
        Ok(())
    }

    /// Sets or clears the note.
    pub fn set_note(
        &mut self,
        id: AccountId,
        note: Option<&str>,
        now_ms: u64,
    ) -> Result<(), VaultError> {
        let note = match note {
            Some(text) if !text.is_empty() => Some(Note::new(text)?),
            _ => None,
        };
        let mut changed = self.account_mut(id)?.clone();
        changed.note = note.clone();
        self.check_size_with(&changed, Some(id))?;
        let t = self.tick(now_ms);
        let a = self.account_mut(id)?;
        a.note = note;
        a.updated = t;
        self.dirty = true;
        Ok(())
    }

    /// Replaces the groups (cleaned: trimmed, deduplicated case-insensitively).
    pub fn set_groups(
        &mut self,
        id: AccountId,
        groups: &[String],
        now_ms: u64,
    ) -> Result<(), VaultError> {
        let groups = clean_groups(groups)?;
        let mut changed = self.account_mut(id)?.clone();
        changed.groups = groups.clone();
        self.check_size_with(&changed, Some(id))?;
        let t = self.tick(now_ms);
        let a = self.account_mut(id)?;
        a.groups = groups;
        a.updated = t;
        self.dirty = true;
        Ok(())
    }

    /// Moves an HOTP account's counter forward by one (after a code was used) and returns the
    /// new counter. Other kinds are left unchanged.
    pub fn advance_counter(&mut self, id: AccountId, now_ms: u64) -> Result<u64, VaultError> {
        let a = self.account_mut(id)?;
        if a.credential.params.kind != OtpKind::Hotp {
            return Ok(a.credential.params.counter);
        }
        let next = a
            .credential
            .params
            .counter
            .checked_add(1)
            .ok_or(VaultError::InvalidParams(OtpError::TimeOutOfRange))?;
        let t = self.tick(now_ms);
        let a = self.account_mut(id)?;
        a.credential.params.counter = next;
        a.updated = t;
        self.dirty = true;
        Ok(next)
    }

    /// Deletes an account, leaving a tombstone so sync deletes it elsewhere too.
    pub fn remove(&mut self, id: AccountId, now_ms: u64) -> Result<(), VaultError> {
        let pos = self
            .contents
            .accounts
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })?;
        let t = self.tick(now_ms);
        self.contents.accounts.remove(pos);
        self.contents.tombstones.push(Tombstone { id, deleted: t });
        crate::validate::cap_tombstones(&mut self.contents.tombstones);
        self.dirty = true;
        Ok(())
    }

    /// The code window of one account at device time `unix` (the clock offset is added here).
    pub fn code_window(&self, id: AccountId, unix: i64) -> Result<CodeWindow, VaultError> {
        let a = self
            .account(id)
            .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })?;
        let t = self
            .corrected_unix(unix)
            .map_err(VaultError::InvalidParams)?;
        a.credential
            .code_window(t)
            .map_err(VaultError::InvalidParams)
    }

    /// Which entries produce the typed `code` within ±1 step of device time `unix` (the clock
    /// offset is added here). Several matches mean duplicate keys; none means no entry made it.
    pub fn verify(&self, code: &str, unix: i64) -> Vec<VerifyMatch> {
        match self.corrected_unix(unix) {
            Ok(t) => duplicates::verify(&self.contents.accounts, code, t),
            Err(_) => Vec::new(),
        }
    }

    /// Groups of entries sharing issuer and label, newest first.
    pub fn duplicates(&self) -> Vec<DuplicateGroup> {
        duplicates::duplicate_groups(&self.contents.accounts)
    }

    // ----- slots -----

    /// The slots, without secrets.
    pub fn slots(&self) -> Vec<SlotInfo> {
        self.slots.iter().map(Slot::info).collect()
    }

    /// True if the vault has a slot of this kind.
    pub fn has_slot(&self, kind: SlotKind) -> bool {
        self.slots.iter().any(|s| s.kind() == kind)
    }

    fn push_slot(&mut self, slot: Slot) -> Result<SlotId, VaultError> {
        if self.slots.len() >= format::MAX_SLOTS {
            return Err(VaultError::TooManySlots {
                max: format::MAX_SLOTS,
            });
        }
        let id = slot.id;
        self.slots.push(slot);
        self.dirty = true;
        Ok(id)
    }

    /// Retires every slot for which `retire` is true: a new data key is created, sealed to
    /// each remaining slot (no slot secret is needed: sealing uses the slots' public keys), and
    /// `make_new` (if given) builds one more slot with it. The contents are sealed with the new
    /// key at the next save, which also re-seals the older generations. Someone who ever
    /// learnt an earlier data key (or holds a retired slot's secret) cannot read anything saved
    /// from then on.
    ///
    /// Refused with [`VaultError::SlotsNeedRecreating`] (nothing changed) if a remaining slot
    /// cannot be sealed to: an unconverted format-1 slot or an unknown kind.
    fn rotate(
        &mut self,
        retire: impl Fn(&Slot) -> bool,
        make_new: Option<&MakeSlot<'_>>,
    ) -> Result<Option<SlotId>, VaultError> {
        let mut remaining: Vec<Slot> = self.slots.iter().filter(|s| !retire(s)).cloned().collect();
        let blocked: Vec<SlotId> = remaining
            .iter()
            .filter(|s| !s.is_sealed())
            .map(|s| s.id)
            .collect();
        if !blocked.is_empty() {
            return Err(VaultError::SlotsNeedRecreating { ids: blocked });
        }
        if remaining.is_empty() && make_new.is_none() {
            return Err(VaultError::LastSlot);
        }
        if make_new.is_some() && remaining.len() >= format::MAX_SLOTS {
            return Err(VaultError::TooManySlots {
                max: format::MAX_SLOTS,
            });
        }
        let rng = self.opts.rng.as_ref();
        let new_key: DataKey = Zeroizing::new(random_array(rng)?);
        for s in &mut remaining {
            s.reseal(rng, &new_key)?;
        }
        let new_id = match make_new {
            Some(f) => {
                let slot = f(rng, &new_key)?;
                let id = slot.id;
                remaining.push(slot);
                Some(id)
            }
            None => None,
        };
        let old = std::mem::replace(&mut self.data_key, new_key);
        self.retired_keys.push(old);
        self.slots = remaining;
        self.reseal_generations = true;
        self.dirty = true;
        Ok(new_id)
    }

    /// Adds a passphrase slot (Argon2id with the options' parameters, 64 MiB/3/1 by default).
    /// Adding a slot does not change the data key.
    pub fn add_passphrase(&mut self, passphrase: &str) -> Result<SlotId, VaultError> {
        let slot = Slot::new_passphrase(
            self.opts.rng.as_ref(),
            &self.data_key,
            passphrase,
            self.opts.kdf,
        )?;
        self.push_slot(slot)
    }

    /// Replaces every passphrase slot with one for `new` (adds one if there was none).
    /// Replacing retires the old slots, so the data key changes ([`Vault::remove_slot`]).
    pub fn change_passphrase(&mut self, new: &str) -> Result<SlotId, VaultError> {
        slots::check_passphrase(new)?;
        if !self.has_slot(SlotKind::Passphrase) {
            return self.add_passphrase(new);
        }
        let kdf = self.opts.kdf;
        let make = |rng: &dyn Rng, key: &DataKey| Slot::new_passphrase(rng, key, new, kdf);
        self.rotate(|s| s.kind() == SlotKind::Passphrase, Some(&make))?
            .ok_or(VaultError::WrongKeyOrDamaged)
    }

    /// Adds a device slot for `store` (e.g. after opening with the passphrase on a new device
    /// or after a reinstall); existing device slots are replaced (retired: the data key
    /// changes).
    pub fn add_device(&mut self, store: &dyn KeyStore) -> Result<SlotId, VaultError> {
        let key_id = self.opts.device_key_id.clone();
        let make = |rng: &dyn Rng, key: &DataKey| Slot::new_device(rng, key, store, &key_id);
        if !self.has_slot(SlotKind::Device) {
            let slot = make(self.opts.rng.as_ref(), &self.data_key)?;
            return self.push_slot(slot);
        }
        self.rotate(|s| s.kind() == SlotKind::Device, Some(&make))?
            .ok_or(VaultError::WrongKeyOrDamaged)
    }

    /// Creates a new recovery code, replacing any previous one (which stops working once the
    /// vault is saved; the data key changes). Show the returned code to the user once.
    pub fn add_recovery(&mut self) -> Result<RecoveryCode, VaultError> {
        let code = RecoveryCode::generate(self.opts.rng.as_ref())?;
        let make = |rng: &dyn Rng, key: &DataKey| Slot::new_recovery(rng, key, &code);
        if !self.has_slot(SlotKind::Recovery) {
            let slot = make(self.opts.rng.as_ref(), &self.data_key)?;
            self.push_slot(slot)?;
        } else {
            self.rotate(|s| s.kind() == SlotKind::Recovery, Some(&make))?;
        }
        Ok(code)
    }

    /// Removes a slot. The last slot that can open the vault cannot be removed. The data key
    /// changes: the contents and older generations are re-sealed under a new key at the next
    /// save, so whoever could open the removed slot reads nothing saved afterwards.
    pub fn remove_slot(&mut self, id: SlotId) -> Result<(), VaultError> {
        let pos = self
            .slots
            .iter()
            .position(|s| s.id == id)
            .ok_or(VaultError::SlotNotFound { id })?;
        let usable_left = self
            .slots
            .iter()
            .enumerate()
            .filter(|(i, s)| *i != pos && !matches!(s.kind(), SlotKind::Unknown(_)))
            .count();
        if usable_left == 0 {
            return Err(VaultError::LastSlot);
        }
        self.rotate(|s| s.id == id, None)?;
        Ok(())
    }

    /// Removes every slot that cannot follow a new data key (format-1 slots not yet converted,
    /// unknown kinds) and rotates the data key. This is the explicit way out of
    /// [`VaultError::SlotsNeedRecreating`]; shells must ask the user first (a removed recovery
    /// code stops working). Returns the removed ids; refused with [`VaultError::LastSlot`] if no
    /// sealed slot would remain.
    pub fn drop_slots_needing_recreation(&mut self) -> Result<Vec<SlotId>, VaultError> {
        let dropped: Vec<SlotId> = self
            .slots
            .iter()
            .filter(|s| !s.is_sealed())
            .map(|s| s.id)
            .collect();
        if dropped.is_empty() {
            return Ok(dropped);
        }
        self.rotate(|s| !s.is_sealed(), None)?;
        Ok(dropped)
    }

    /// The data key that opens `parsed`, if this session knows it: the current key, a key
    /// retired in this session, or the one sealed to the slot that opened the vault.
    fn generation_key(&self, parsed: &format::Parsed<'_>) -> Option<Zeroizing<Vec<u8>>> {
        let keys = std::iter::once(&self.data_key).chain(self.retired_keys.iter().rev());
        for k in keys {
            if let Ok(plain) = format::open(parsed, k) {
                return Some(plain);
            }
        }
        let (id, sk) = self.slot_key.as_ref()?;
        let slot = parsed.header.slots.iter().find(|s| s.id == *id)?;
        let key = slot.open_seal(sk).ok()?;
        format::open(parsed, &key).ok()
    }

    /// Re-seals every older generation that this session can open (see
    /// [`Vault::generation_key`]) and whose header differs from the current one, under the
    /// current data key and slots (same contents, fresh nonce), each by temp file + fsync +
    /// rename. Best effort: a generation that cannot be written is retried at the next save; one
    /// that this session cannot open (sealed before the opening slot existed, or damaged) is
    /// left as it is.
    fn reseal_older_generations(&mut self) {
        let storage = self.opts.storage.as_ref();
        let mut all_done = true;
        let mut wrote = false;
        for n in 1..=store::GENERATIONS {
            let gen = store::generation_path(&self.path, n);
            let Ok(Some(bytes)) = storage.read(&gen, format::MAX_FILE_LEN) else {
                continue;
            };
            let Ok(parsed) = format::parse(&bytes, &gen) else {
                continue;
            };
            if parsed.header.version == format::VERSION && parsed.header.slots == self.slots {
                continue;
            }
            let Some(plain) = self.generation_key(&parsed) else {
                continue;
            };
            let done = (|| -> Result<(), VaultError> {
                let nonce = random_array(self.opts.rng.as_ref())?;
                let header = format::Header {
                    version: format::VERSION,
                    nonce,
                    slots: self.slots.clone(),
                };
                let sealed = format::seal(&header, &self.data_key, &plain)?;
                let tmp = store::with_suffix(&gen, ".tmp");
                storage
                    .write(&tmp, &sealed)
                    .map_err(|e| VaultError::io("write", &tmp, e))?;
                storage
                    .sync_file(&tmp)
                    .map_err(|e| VaultError::io("sync", &tmp, e))?;
                storage
                    .rename(&tmp, &gen)
                    .map_err(|e| VaultError::io("rename", &tmp, e))?;
                Ok(())
            })();
            wrote = true;
            all_done &= done.is_ok();
        }
        if wrote {
            let dir = store::parent_dir(&self.path);
            all_done &= storage.sync_dir(&dir).is_ok();
        }
        self.reseal_generations = !all_done;
    }
}

/// The data key of a vault file, opened with `unlock` (for audits and tests that check what
/// an old key can still read; applications never need it). Runs at most
/// [`MAX_PASSPHRASE_TRIES`] Argon2id derivations.
pub fn unseal_data_key(
    bytes: &[u8],
    path: &Path,
    unlock: Unlock<'_>,
) -> Result<DataKey, VaultError> {
    let code = match unlock {
        Unlock::Recovery(text) => Some(RecoveryCode::parse(text)?),
        _ => None,
    };
    let secret = unlock_secret(&unlock, &code)?;
    let mut budget = MAX_PASSPHRASE_TRIES;
    try_load(bytes, path, &secret, None, &mut budget)
        .map(|l| l.data_key)
        .map_err(failure_error)
}
