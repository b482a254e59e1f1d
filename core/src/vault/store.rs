//! Crash-safe storage of vault files: the `Storage` trait (so faults can be injected), the
//! real file-system implementation, generations, the inter-process lock, and the save protocol.
//!
//! Save protocol (`<p>` is the vault path, `N` = [`GENERATIONS`]):
//! 1. write the new bytes to `<p>.tmp`, fsync it;
//! 2. rename `<p>.{N-1}` → `<p>.N`, …, `<p>.1` → `<p>.2`, then `<p>` → `<p>.1`;
//! 3. rename `<p>.tmp` → `<p>`, fsync the directory.
//!
//! A crash at any point leaves either the old vault at `<p>`, or (between steps 2 and 3) no
//! `<p>` but the old vault at `<p>.1` and the new one complete in `<p>.tmp`. Opening reads
//! `<p>` and falls back to `<p>.1` … `<p>.N` (see `Vault::open`).

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::monotonic::Instant;

use super::VaultError;

/// Older copies kept besides the current file (`vault.kulcs.1` … `vault.kulcs.3`).
pub const GENERATIONS: usize = 3;

/// File operations the vault needs. [`FsStorage`] is the real one; tests wrap it to inject
/// a failure at any step.
pub trait Storage: Send + Sync {
    /// Reads a whole file; `Ok(None)` if it does not exist. Files longer than `max_len` are
    /// refused with `io::ErrorKind::FileTooLarge`-like `InvalidData` before reading.
    fn read(&self, path: &Path, max_len: u64) -> io::Result<Option<Vec<u8>>>;
    /// True if the path exists.
    fn exists(&self, path: &Path) -> io::Result<bool>;
    /// Creates or truncates `path` and writes `data` (no fsync).
    fn write(&self, path: &Path, data: &[u8]) -> io::Result<()>;
    /// Flushes a file's data to stable storage.
    fn sync_file(&self, path: &Path) -> io::Result<()>;
    /// Atomically renames `from` over `to`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Flushes a directory's entries (so renames survive power loss).
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    /// Takes an exclusive inter-process lock on `path` (created if needed) without waiting;
    /// `Ok(None)` if another process holds it. The lock is released when the guard drops.
    fn try_lock(&self, path: &Path) -> io::Result<Option<LockGuard>>;
}

/// Holds an inter-process lock until dropped.
#[derive(Debug)]
pub struct LockGuard {
    _file: Option<fs::File>,
}

impl LockGuard {
    /// A guard that holds nothing (for in-memory test storages).
    pub fn none() -> Self {
        LockGuard { _file: None }
    }
}

/// The real file system. Files are created with mode 0600 on Unix.
#[derive(Debug, Default, Clone, Copy)]
pub struct FsStorage;

#[cfg_attr(not(unix), allow(unused_mut))]
fn open_options_private() -> fs::OpenOptions {
    let mut o = fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

impl Storage for FsStorage {
    fn read(&self, path: &Path, max_len: u64) -> io::Result<Option<Vec<u8>>> {
        let mut f = match fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let len = f.metadata()?.len();
        if len > max_len {
            return Err(io::Error::new(io::ErrorKind::InvalidData, TooLarge(len)));
        }
        let mut buf = Vec::with_capacity(len as usize);
        Read::by_ref(&mut f)
            .take(max_len + 1)
            .read_to_end(&mut buf)?;
        if buf.len() as u64 > max_len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                TooLarge(buf.len() as u64),
            ));
        }
        Ok(Some(buf))
    }
    fn exists(&self, path: &Path) -> io::Result<bool> {
        match fs::symlink_metadata(path) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }
    fn write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        // A stale temp file (a crash, another tool) is removed, never truncated: truncating would
        // keep its owner and mode, and the rename would hand both to the vault. `create_new`
        // then makes a fresh 0600 file and refuses to follow a link planted in its place.
        match fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut f = open_options_private()
            .write(true)
            .create_new(true)
            .open(path)?;
        f.write_all(data)
    }
    fn sync_file(&self, path: &Path) -> io::Result<()> {
        fs::OpenOptions::new().write(true).open(path)?.sync_all()
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            fs::File::open(dir)?.sync_all()
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            Ok(())
        }
    }
    fn try_lock(&self, path: &Path) -> io::Result<Option<LockGuard>> {
        let f = open_options_private()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        match f.try_lock() {
            Ok(()) => Ok(Some(LockGuard { _file: Some(f) })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

/// Marker error carried inside `io::Error` for files over the size limit.
#[derive(Debug)]
pub struct TooLarge(pub u64);
impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "file too large ({} bytes)", self.0)
    }
}
impl std::error::Error for TooLarge {}

/// `<path><suffix>` (suffix appended to the file name).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The path of generation `n` (0 is the current file).
pub fn generation_path(path: &Path, n: usize) -> PathBuf {
    if n == 0 {
        path.to_path_buf()
    } else {
        with_suffix(path, &format!(".{n}"))
    }
}

/// The temp file a save writes first.
pub fn temp_path(path: &Path) -> PathBuf {
    with_suffix(path, ".tmp")
}

/// The lock file.
pub fn lock_path(path: &Path) -> PathBuf {
    with_suffix(path, ".lock")
}

/// The directory holding `path` (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Takes the vault lock, retrying until `wait` has passed.
pub fn lock(storage: &dyn Storage, path: &Path, wait: Duration) -> Result<LockGuard, VaultError> {
    let lp = lock_path(path);
    // The clock is read only once the lock is busy: an in-memory storage (the browser's, where
    // `Instant::now` is not available) always grants it at once.
    let mut start = None;
    loop {
        match storage.try_lock(&lp) {
            Ok(Some(g)) => return Ok(g),
            Ok(None) if start.get_or_insert_with(Instant::now).elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(25))
            }
            Ok(None) => {
                return Err(VaultError::Locked {
                    path: path.to_path_buf(),
                })
            }
            Err(e) => return Err(VaultError::io("lock", &lp, e)),
        }
    }
}

/// Reads a file with the size limit, mapping errors.
pub fn read(
    storage: &dyn Storage,
    path: &Path,
    max_len: u64,
) -> Result<Option<Vec<u8>>, VaultError> {
    storage.read(path, max_len).map_err(|e| {
        if let Some(t) = e.get_ref().and_then(|i| i.downcast_ref::<TooLarge>()) {
            VaultError::TooLarge {
                path: path.to_path_buf(),
                bytes: t.0,
                max: max_len,
            }
        } else {
            VaultError::io("read", path, e)
        }
    })
}

/// True if the vault or any of its generations (or an interrupted save's temp) exists.
pub fn any_generation_exists(
    storage: &dyn Storage,
    path: &Path,
) -> Result<Option<PathBuf>, VaultError> {
    for n in 0..=GENERATIONS {
        let p = generation_path(path, n);
        if storage
            .exists(&p)
            .map_err(|e| VaultError::io("check", &p, e))?
        {
            return Ok(Some(p));
        }
    }
    let t = temp_path(path);
    if storage
        .exists(&t)
        .map_err(|e| VaultError::io("check", &t, e))?
    {
        return Ok(Some(t));
    }
    Ok(None)
}

/// Moves an unreadable newest copy aside to `<p>.unreadable-K` (first free K) so that it is
/// never overwritten or rotated away; returns the new name.
pub fn set_aside(storage: &dyn Storage, path: &Path) -> Result<PathBuf, VaultError> {
    for k in 1..1000 {
        let target = with_suffix(path, &format!(".unreadable-{k}"));
        if !storage
            .exists(&target)
            .map_err(|e| VaultError::io("check", &target, e))?
        {
            storage
                .rename(path, &target)
                .map_err(|e| VaultError::io("rename", path, e))?;
            return Ok(target);
        }
    }
    Err(VaultError::io(
        "rename",
        path,
        io::Error::other("too many unreadable copies"),
    ))
}

/// Writes `bytes` as the new current vault, keeping [`GENERATIONS`] older copies.
/// Must be called with the vault lock held.
pub fn save(storage: &dyn Storage, path: &Path, bytes: &[u8]) -> Result<(), VaultError> {
    let tmp = temp_path(path);
    let dir = parent_dir(path);
    storage
        .write(&tmp, bytes)
        .map_err(|e| VaultError::io("write", &tmp, e))?;
    storage
        .sync_file(&tmp)
        .map_err(|e| VaultError::io("sync", &tmp, e))?;
    for n in (1..=GENERATIONS).rev() {
        let from = generation_path(path, n - 1);
        if storage
            .exists(&from)
            .map_err(|e| VaultError::io("check", &from, e))?
        {
            let to = generation_path(path, n);
            storage
                .rename(&from, &to)
                .map_err(|e| VaultError::io("rename", &from, e))?;
        }
    }
    storage
        .rename(&tmp, path)
        .map_err(|e| VaultError::io("rename", &tmp, e))?;
    storage
        .sync_dir(&dir)
        .map_err(|e| VaultError::io("sync", &dir, e))?;
    Ok(())
}
