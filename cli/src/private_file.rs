//! Files that hold secrets: written atomically with mode 0600 from the first byte, and every
//! file the CLI reads size-checked before a byte is allocated.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// Largest image the CLI reads (QR screenshots and photos; core refuses more than 40 Mpixel).
pub const IMAGE_CAP: u64 = 32 << 20;
/// Largest text file `kulcs import` reads (one URI per line).
pub const TEXT_CAP: u64 = 1 << 20;
/// Largest side file beside the vault (sealed transfer/sync state, code ledger).
pub const SIDE_FILE_CAP: u64 = 4 << 20;
/// Largest line read from standard input for `--key -` / `--uri -`.
pub const LINE_CAP: u64 = 4 << 10;
/// Largest note read from standard input for `--note -` / `kulcs note ID -`.
pub const NOTE_CAP: u64 = 4 << 10;

/// Why a file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file is larger than Kulcs ever reads for this purpose; nothing was read.
    #[error("{path} is too large ({size} bytes; at most {cap} are read here)")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size, or `cap + 1` if it grew while being read.
        size: u64,
        /// The limit.
        cap: u64,
    },
    /// Standard input held more than the limit.
    #[error("standard input is too long (at most {cap} bytes are read)")]
    StdinTooLong {
        /// The limit.
        cap: u64,
    },
    /// The path is not a regular file (a directory, a FIFO, a device).
    #[error("{path} is not a regular file")]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The operating system refused.
    #[error("cannot {op} {path}: {source}")]
    Io {
        /// "read", "write", "create" …
        op: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}

impl crate::core_error::Kinded for FileError {
    fn error_kind(&self) -> Option<kulcs_core::messages::ErrorKind> {
        Some(kulcs_core::messages::ErrorKind::Io)
    }

    /// The path is the message: each case has its own sentence naming it.
    fn localised(&self) -> Option<String> {
        use FileError as E;
        let path = |p: &std::path::Path| p.display().to_string();
        Some(match self {
            E::TooLarge { path: p, size, cap } => crate::i18n::t(
                "file-too-large",
                &[
                    ("path", &path(p)),
                    ("size", &size.to_string()),
                    ("cap", &cap.to_string()),
                ],
            ),
            E::StdinTooLong { cap } => {
                crate::i18n::t("file-stdin-too-long", &[("cap", &cap.to_string())])
            }
            E::NotAFile { path: p } => crate::i18n::t("file-not-a-file", &[("path", &path(p))]),
            E::Io {
                op,
                path: p,
                source,
            } => crate::i18n::t(
                match *op {
                    "write" => "file-io-write",
                    "create" => "file-io-create",
                    _ => "file-io-read",
                },
                &[("path", &path(p)), ("error", &source.to_string())],
            ),
        })
    }
}

impl From<FileError> for CliError {
    fn from(e: FileError) -> Self {
        CliError::input(crate::error::sentence(e))
    }
}

fn io<'a>(op: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> FileError + 'a {
    move |source| FileError::Io {
        op,
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a whole file of at most `cap` bytes: the size is checked from its metadata before
/// anything is allocated, and the read itself stops at `cap + 1` bytes.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, FileError> {
    let meta = fs::metadata(path).map_err(io("read", path))?;
    if !meta.is_file() {
        return Err(FileError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > cap {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            cap,
        });
    }
    let f = fs::File::open(path).map_err(io("read", path))?;
    let mut out = Vec::with_capacity(meta.len() as usize);
    f.take(cap + 1)
        .read_to_end(&mut out)
        .map_err(io("read", path))?;
    if out.len() as u64 > cap {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: cap + 1,
            cap,
        });
    }
    Ok(out)
}

/// Like [`read_capped`], but a missing file is `None`.
pub fn read_capped_opt(path: &Path, cap: u64) -> Result<Option<Vec<u8>>, FileError> {
    match read_capped(path, cap) {
        Err(FileError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        other => other.map(Some),
    }
}

/// Reads at most `cap` bytes from `r`; more is [`FileError::StdinTooLong`].
pub fn read_stdin_capped(r: impl Read, cap: u64) -> Result<zeroize::Zeroizing<Vec<u8>>, FileError> {
    let mut out = zeroize::Zeroizing::new(Vec::new());
    r.take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| FileError::Io {
            op: "read",
            path: crate::i18n::t("stdin-name", &[]).into(),
            source: e,
        })?;
    if out.len() as u64 > cap {
        return Err(FileError::StdinTooLong { cap });
    }
    Ok(out)
}

/// Creates a directory (and its parents) that only the user may enter (0700); an existing
/// directory is left as it is.
pub fn create_private_dir(dir: &Path) -> Result<(), FileError> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(io("create", dir))
}

/// Writes `bytes` to `path` atomically, readable and writable by the user only: a fresh temp
/// file in the same directory is created with mode 0600 before any data is written, synced,
/// then renamed over `path`. A crash leaves either the old file or the new one.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kulcs-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io("write", path))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(io("write", path))?;
    tmp.persist(path).map_err(|e| FileError::Io {
        op: "write",
        path: path.to_path_buf(),
        source: e.error,
    })?;
    if let Ok(d) = fs::File::open(dir) {
        // Directories cannot be fsynced on every platform; best effort.
        let _ = d.sync_all();
    }
    Ok(())
}
