//! Owns the browser's vault storage: the vault's files kept in memory ([`MemStorage`]) and
//! handed to JavaScript as [`WebFiles`], which the shell writes to IndexedDB in one transaction.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use kulcs_core::vault::{LockGuard, Storage};
use wasm_bindgen::prelude::*;

/// Where the vault lives inside a [`MemStorage`] (its generations are `vault.kulcs.1` …).
pub const VAULT_PATH: &str = "vault.kulcs";

/// The largest file the shell may hand in (the vault format's own limit is lower).
const MAX_FILE: usize = 16 << 20;

/// The vault's files by name, in memory. Writes bump [`MemStorage::revision`], so the shell
/// knows when to persist. There is one tab's worker per vault (the shell takes a Web Lock), so
/// the inter-process lock is a no-op here.
#[derive(Debug, Default)]
pub struct MemStorage {
    files: Mutex<BTreeMap<PathBuf, Vec<u8>>>,
    revision: Mutex<u64>,
}

impl MemStorage {
    fn files(&self) -> io::Result<std::sync::MutexGuard<'_, BTreeMap<PathBuf, Vec<u8>>>> {
        self.files
            .lock()
            .map_err(|_| io::Error::other("storage poisoned"))
    }

    fn bump(&self) {
        if let Ok(mut r) = self.revision.lock() {
            *r += 1;
        }
    }

    /// Counts writes and renames: changes when there is something new to persist.
    pub fn revision(&self) -> u64 {
        self.revision.lock().map(|r| *r).unwrap_or(0)
    }

    /// A copy of every file, by name.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        self.files()
            .map(|f| {
                f.iter()
                    .map(|(p, b)| (p.to_string_lossy().into_owned(), b.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Storage for MemStorage {
    fn read(&self, path: &Path, max_len: u64) -> io::Result<Option<Vec<u8>>> {
        let files = self.files()?;
        match files.get(path) {
            None => Ok(None),
            Some(b) if b.len() as u64 > max_len => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                kulcs_core::vault::TooLarge(b.len() as u64),
            )),
            Some(b) => Ok(Some(b.clone())),
        }
    }
    fn exists(&self, path: &Path) -> io::Result<bool> {
        Ok(self.files()?.contains_key(path))
    }
    fn write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.files()?.insert(path.to_path_buf(), data.to_vec());
        self.bump();
        Ok(())
    }
    fn sync_file(&self, _path: &Path) -> io::Result<()> {
        Ok(())
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let mut files = self.files()?;
        let data = files
            .remove(from)
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        files.insert(to.to_path_buf(), data);
        drop(files);
        self.bump();
        Ok(())
    }
    fn sync_dir(&self, _dir: &Path) -> io::Result<()> {
        Ok(())
    }
    fn try_lock(&self, _path: &Path) -> io::Result<Option<LockGuard>> {
        Ok(Some(LockGuard::none()))
    }
}

/// A set of vault files crossing to and from JavaScript: what the shell read from IndexedDB
/// (or a vault file the user opened, as `vault.kulcs`), or what it must write back.
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct WebFiles {
    files: Vec<(String, Vec<u8>)>,
}

#[wasm_bindgen]
impl WebFiles {
    /// An empty set.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WebFiles {
        WebFiles::default()
    }

    /// Adds (or replaces) one file. Names are plain file names (`vault.kulcs`, `vault.kulcs.1`,
    /// …); anything with a path separator, or larger than 16 MiB, is refused.
    pub fn put(&mut self, name: String, bytes: Vec<u8>) -> Result<(), JsValue> {
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(crate::error::invalid(
                "file",
                "Malformed",
                "not a file name",
            ));
        }
        if bytes.len() > MAX_FILE {
            return Err(crate::error::invalid("file", "TooLarge", "file too large"));
        }
        self.files.retain(|(n, _)| *n != name);
        self.files.push((name, bytes));
        Ok(())
    }

    /// The names, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut n: Vec<String> = self.files.iter().map(|(n, _)| n.clone()).collect();
        n.sort();
        n
    }

    /// One file's bytes.
    pub fn get(&self, name: &str) -> Option<Vec<u8>> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
    }
}

impl WebFiles {
    pub(crate) fn from_storage(storage: &MemStorage) -> WebFiles {
        WebFiles {
            files: storage.snapshot(),
        }
    }

    pub(crate) fn into_storage(self) -> Arc<MemStorage> {
        let storage = MemStorage::default();
        if let Ok(mut f) = storage.files.lock() {
            for (name, bytes) in self.files {
                f.insert(PathBuf::from(name), bytes);
            }
        }
        Arc::new(storage)
    }
}
