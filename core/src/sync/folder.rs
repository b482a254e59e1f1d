//! Owns the shared folder as sync sees it: a trait of four small-file operations that each shell
//! implements over its platform (the CLI over `std::fs`, Android over the Storage Access
//! Framework, iOS over a security-scoped bookmark), and the `std::fs` implementation.
//!
//! Core decides every name it reads or writes; an implementation only moves bytes. Names that a
//! folder lists are untrusted: core ignores anything that is not one of its own file names, so a
//! hostile or confused folder (Syncthing's temporary and conflict copies, `../` tricks) cannot
//! make sync touch another file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a folder operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FolderError {
    /// The file is larger than the caller's limit; it was not read.
    #[error("the file is larger than {max} bytes")]
    TooLarge {
        /// The limit the caller gave.
        max: u64,
    },
    /// The file does not exist (it was deleted between listing and reading).
    #[error("the file is not there")]
    NotFound,
    /// Anything else the platform reported, in its words.
    #[error("{message}")]
    Io {
        /// The platform's message.
        message: String,
    },
}

/// A shared folder of small files (a Syncthing or Nextcloud folder, iCloud Drive, a USB stick).
/// Every method takes a bare file name (no separators), chosen by core.
pub trait SyncFolder {
    /// The names of the files in the folder (not recursive; order does not matter).
    fn list(&self) -> Result<Vec<String>, FolderError>;
    /// The whole file `name`, refusing files over `max_bytes` with [`FolderError::TooLarge`]
    /// without reading them.
    fn read(&self, name: &str, max_bytes: u64) -> Result<Vec<u8>, FolderError>;
    /// Replaces (or creates) `name` with `bytes` so that a reader sees the old or the new file,
    /// never a part (write to a temporary name, then rename).
    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), FolderError>;
    /// Deletes `name`; deleting a file that is not there is not an error.
    fn delete(&self, name: &str) -> Result<(), FolderError>;
}

/// A folder on this computer's file system.
#[derive(Debug, Clone)]
pub struct DirFolder {
    dir: PathBuf,
}

impl DirFolder {
    /// The folder at `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DirFolder { dir: dir.into() }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn file(&self, name: &str) -> Result<PathBuf, FolderError> {
        if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\', '\0']) {
            return Err(FolderError::Io {
                message: format!("{name:?} is not a plain file name"),
            });
        }
        Ok(self.dir.join(name))
    }
}

fn io(e: std::io::Error) -> FolderError {
    if e.kind() == std::io::ErrorKind::NotFound {
        FolderError::NotFound
    } else {
        FolderError::Io {
            message: e.to_string(),
        }
    }
}

impl SyncFolder for DirFolder {
    fn list(&self) -> Result<Vec<String>, FolderError> {
        let mut names = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
                if let Some(name) = entry.file_name().to_str() {
                    names.push(name.to_string());
                }
            }
        }
        Ok(names)
    }

    fn read(&self, name: &str, max_bytes: u64) -> Result<Vec<u8>, FolderError> {
        use std::io::Read;
        let f = fs::File::open(self.file(name)?).map_err(io)?;
        if f.metadata().map_err(io)?.len() > max_bytes {
            return Err(FolderError::TooLarge { max: max_bytes });
        }
        // The length is checked again while reading: the file may grow after the check.
        let mut out = Vec::new();
        f.take(max_bytes.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(io)?;
        if out.len() as u64 > max_bytes {
            return Err(FolderError::TooLarge { max: max_bytes });
        }
        Ok(out)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), FolderError> {
        write_atomic(&self.file(name)?, bytes).map_err(|e| FolderError::Io {
            message: e.to_string(),
        })
    }

    fn delete(&self, name: &str) -> Result<(), FolderError> {
        match fs::remove_file(self.file(name)?) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(e)),
            _ => Ok(()),
        }
    }
}

/// A path is a folder too, so callers with a `Path` need no wrapper.
impl SyncFolder for Path {
    fn list(&self) -> Result<Vec<String>, FolderError> {
        DirFolder::new(self).list()
    }
    fn read(&self, name: &str, max_bytes: u64) -> Result<Vec<u8>, FolderError> {
        DirFolder::new(self).read(name, max_bytes)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), FolderError> {
        DirFolder::new(self).write(name, bytes)
    }
    fn delete(&self, name: &str) -> Result<(), FolderError> {
        DirFolder::new(self).delete(name)
    }
}

impl SyncFolder for PathBuf {
    fn list(&self) -> Result<Vec<String>, FolderError> {
        self.as_path().list()
    }
    fn read(&self, name: &str, max_bytes: u64) -> Result<Vec<u8>, FolderError> {
        self.as_path().read(name, max_bytes)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), FolderError> {
        self.as_path().write(name, bytes)
    }
    fn delete(&self, name: &str) -> Result<(), FolderError> {
        self.as_path().delete(name)
    }
}

/// Writes `bytes` to `path` crash-safely: a temporary file in the same directory (a dot name, so
/// file-sync tools and sync itself skip it), fsync, rename over the old file, fsync the directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("replica");
    let tmp = dir.join(format!(".{name}.tmp"));
    {
        // Private to this user (0600): a replica or a backup is encrypted, but no file of ours
        // is world-readable. A temporary left by a crash may have other permissions: replaced.
        let _ = fs::remove_file(&tmp);
        let mut o = fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let mut f = o.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    if let Ok(d) = fs::File::open(dir) {
        // Directories cannot be fsynced on every platform; best effort.
        let _ = d.sync_all();
    }
    Ok(())
}
