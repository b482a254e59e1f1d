//! Creating a vault file: a new data key and device id, the first slot (device key or
//! passphrase), the first save; never over anything that exists.

use std::path::Path;

use zeroize::Zeroizing;

use super::contents::Contents;
use super::slots::{DataKey, Slot};
use super::store::{self, FsStorage};
use super::{KeyStore, Vault, VaultError, VaultOptions};
use crate::hlc::DeviceId;
use crate::random::{random_array, RandomSource};

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
        let key_id = opts.device_key_id.clone();
        Self::create_with_slot(path, now_ms, opts, |rng, data_key| {
            Slot::new_device(rng, data_key, store, &key_id)
        })
    }

    /// Creates a new empty vault whose only slot is a passphrase (Argon2id at the options'
    /// parameters), and saves it: for a shell with no device key store worth the name (the
    /// browser, where anything stored beside the vault is as readable as the vault). Refuses a
    /// passphrase under [`MIN_PASSPHRASE_CHARS`](super::MIN_PASSPHRASE_CHARS) and, like
    /// [`Vault::create`], anything existing at `path`.
    pub fn create_with_passphrase(
        path: &Path,
        passphrase: &str,
        now_ms: u64,
        opts: VaultOptions,
    ) -> Result<Vault, VaultError> {
        super::slots::check_passphrase(passphrase)?;
        let kdf = opts.kdf;
        Self::create_with_slot(path, now_ms, opts, |rng, data_key| {
            Slot::new_passphrase(rng, data_key, passphrase, kdf)
        })
    }

    fn create_with_slot(
        path: &Path,
        now_ms: u64,
        opts: VaultOptions,
        make_slot: impl FnOnce(&dyn RandomSource, &DataKey) -> Result<Slot, VaultError>,
    ) -> Result<Vault, VaultError> {
        let lock = store::lock(opts.storage.as_ref(), path, opts.lock_wait)?;
        if let Some(existing) = store::any_generation_exists(opts.storage.as_ref(), path)? {
            return Err(VaultError::AlreadyExists { path: existing });
        }
        let rng = opts.rng.as_ref();
        let data_key: DataKey = Zeroizing::new(random_array(rng)?);
        let device = DeviceId(u64::from_be_bytes(random_array(rng)?));
        let slot = make_slot(rng, &data_key)?;
        let mut contents = Contents::new(device);
        contents.clock = contents.clock.tick(now_ms);
        let mut v = Vault {
            path: path.to_path_buf(),
            opts,
            data_key,
            slots: vec![slot],
            contents,
            set_aside_on_save: false,
            save_hook: None,
            reseal_generations: false,
            retired_keys: Vec::new(),
            slot_key: None,
            dirty: true,
            _lock: lock,
        };
        v.save()?;
        Ok(v)
    }
}
