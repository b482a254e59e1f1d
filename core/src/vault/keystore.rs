//! Device key stores: the platform wraps and unwraps the vault's data key without ever handing
//! out its own key. [`FileKeyStore`] is the desktop implementation (a 0600 key file);
//! [`BackedKeyStore`] wraps the same way under a key kept elsewhere (an OS keyring).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::aead::{self, KEY_LEN, NONCE_LEN};
use super::KeyStoreError;
use crate::random::{random_array, RandomSource, SystemRng};

/// A platform key store. Android (Keystore AES-GCM key, non-exportable) and iOS (Keychain /
/// Secure Enclave) implement it in the shells; the raw device key never leaves the platform.
pub trait KeyStore: Send + Sync {
    /// Encrypts `plaintext` (the 32-byte data key) under the device key named `key_id`,
    /// creating that key if it does not exist yet. The result is opaque and stored in the vault.
    fn wrap(&self, key_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, KeyStoreError>;
    /// Reverses [`KeyStore::wrap`]. A missing key is [`KeyStoreError::KeyMissing`]; a wrong or
    /// damaged input is [`KeyStoreError::WrongKeyOrDamaged`].
    fn unwrap(&self, key_id: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError>;
}

/// Length of a desktop device key (AES-256).
pub const DEVICE_KEY_LEN: usize = KEY_LEN;

/// A desktop device key as a backend hands it out.
pub type DeviceKey = Zeroizing<[u8; DEVICE_KEY_LEN]>;

/// Where a desktop device key is kept (a file, an OS keyring): the platform shell implements it,
/// [`BackedKeyStore`] does the wrapping, so every backend seals the same way.
pub trait DeviceKeyBackend: Send + Sync {
    /// The stored key, or `None` if there is none yet.
    fn load(&self) -> Result<Option<DeviceKey>, KeyStoreError>;
    /// Stores `key` unless a key already exists, and returns the key stored afterwards (the
    /// existing one if another process got there first). Never replaces a stored key.
    fn store_new(&self, key: DeviceKey) -> Result<DeviceKey, KeyStoreError>;
}

const KEY_FILE_MAGIC: &[u8; 8] = b"KULCSDK1";
const KEY_FILE_LEN: usize = KEY_FILE_MAGIC.len() + KEY_LEN;
const WRAP_VERSION: u8 = 1;
const WRAP_AAD: &[u8] = b"KULCS file keystore v1 ";

/// The key id Kulcs uses for its device slot.
pub const DEFAULT_KEY_ID: &str = "kulcs-vault-device-key-v1";

/// Why a device key file was refused or could not be read ([`FileKeyStore::check`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    /// Other users (group or others) may read or write the key file: whoever can read it can
    /// open the vault. Kulcs refuses it until the permissions are fixed.
    #[error(
        "the device key file {path} is accessible to other users (mode {mode:03o}); \
         fix it with `chmod 600 {path}`"
    )]
    TooOpen {
        /// The key file.
        path: String,
        /// Its permission bits (e.g. 0o644).
        mode: u32,
    },
    /// The file is not a Kulcs device key file (wrong size or header, or not a regular file).
    #[error("{path} is not a Kulcs device key file")]
    NotAKeyFile {
        /// The file.
        path: String,
    },
    /// The operating system refused to read it.
    #[error("cannot read {path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// The operating system's error.
        reason: String,
    },
}

impl From<KeyFileError> for KeyStoreError {
    fn from(e: KeyFileError) -> Self {
        KeyStoreError::Unavailable {
            reason: e.to_string(),
        }
    }
}

/// A desktop key store: one 256-bit key in a file readable only by the user (mode 0600),
/// created on first use. Keep it outside the vault's directory (Kulcs uses
/// `$XDG_CONFIG_HOME/kulcs/device.key`), so a copy of the vault alone does not carry its key.
/// On Unix a key file that group or others may access is refused ([`KeyFileError::TooOpen`]).
///
/// File format: `KULCSDK1` followed by the 32 key bytes. Wrapped keys are
/// `0x01 ‖ nonce(12) ‖ AES-256-GCM(key, nonce, aad = "KULCS file keystore v1 " ‖ key_id, plaintext)`.
pub struct FileKeyStore {
    path: PathBuf,
    rng: Box<dyn RandomSource>,
}

impl std::fmt::Debug for FileKeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileKeyStore({})", self.path.display())
    }
}

impl FileKeyStore {
    /// A key store backed by the key file at `path` (created on first `wrap`).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileKeyStore {
            path: path.into(),
            rng: Box::new(SystemRng::new()),
        }
    }

    /// The same with an injected random source (vectors).
    pub fn with_rng(path: impl Into<PathBuf>, rng: Box<dyn RandomSource>) -> Self {
        FileKeyStore {
            path: path.into(),
            rng,
        }
    }

    /// Where the key file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the key file exists and can be used: `Ok(true)` if it does, `Ok(false)` if there
    /// is none yet, else why it is refused (permissions, not a key file, unreadable).
    pub fn check(&self) -> Result<bool, KeyFileError> {
        Ok(self.read_key_file()?.is_some())
    }

    fn display(&self) -> String {
        self.path.display().to_string()
    }

    fn unavailable(&self, what: &str, e: std::io::Error) -> KeyStoreError {
        KeyStoreError::Unavailable {
            reason: format!("{what} {}: {e}", self.path.display()),
        }
    }

    /// Reads the key file: size-checked before reading, refused when group or others may
    /// access it (checked on the open file, so a swap between check and read cannot pass).
    fn read_key_file(&self) -> Result<Option<DeviceKey>, KeyFileError> {
        let unreadable = |e: std::io::Error| KeyFileError::Unreadable {
            path: self.display(),
            reason: e.to_string(),
        };
        let not_key = || KeyFileError::NotAKeyFile {
            path: self.display(),
        };
        // Look before opening: opening a FIFO or a device could block or have side effects.
        match fs::metadata(&self.path) {
            Ok(m) if !m.is_file() => return Err(not_key()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(unreadable(e)),
        }
        let file = match fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(unreadable(e)),
        };
        let meta = file.metadata().map_err(unreadable)?;
        if !meta.is_file() || meta.len() != KEY_FILE_LEN as u64 {
            return Err(not_key());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(KeyFileError::TooOpen {
                    path: self.display(),
                    mode,
                });
            }
        }
        let mut bytes = Zeroizing::new(Vec::with_capacity(KEY_FILE_LEN + 1));
        file.take(KEY_FILE_LEN as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() != KEY_FILE_LEN || &bytes[..8] != KEY_FILE_MAGIC {
            return Err(not_key());
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&bytes[8..]);
        Ok(Some(key))
    }

    /// Writes a new key file: a fresh temp file created with mode 0600 (never chmod-ed later),
    /// then linked into place without replacing an existing key file.
    fn write_new(&self, key: DeviceKey) -> Result<DeviceKey, KeyStoreError> {
        let dir = match self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(d) => {
                create_private_dir(d)
                    .map_err(|e| self.unavailable("cannot create the directory of", e))?;
                d.to_path_buf()
            }
            None => PathBuf::from("."),
        };
        let mut content = Zeroizing::new(Vec::with_capacity(KEY_FILE_LEN));
        content.extend_from_slice(KEY_FILE_MAGIC);
        content.extend_from_slice(key.as_ref());
        let mut builder = tempfile::Builder::new();
        builder.prefix(".kulcs-key-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o600));
        }
        let mut tmp = builder
            .tempfile_in(&dir)
            .map_err(|e| self.unavailable("cannot write", e))?;
        tmp.write_all(&content)
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| self.unavailable("cannot write", e))?;
        // Never replace an existing key file: persist_noclobber fails if the target exists.
        match tmp.persist_noclobber(&self.path) {
            Ok(_) => {}
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists || self.path.exists() => {
                // Another process created it first: use theirs.
                drop(e);
                return self.load()?.ok_or(KeyStoreError::KeyMissing {
                    key_id: String::new(),
                });
            }
            Err(e) => return Err(self.unavailable("cannot create", e.error)),
        }
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(key)
    }
}

impl DeviceKeyBackend for FileKeyStore {
    fn load(&self) -> Result<Option<DeviceKey>, KeyStoreError> {
        Ok(self.read_key_file()?)
    }

    fn store_new(&self, key: DeviceKey) -> Result<DeviceKey, KeyStoreError> {
        self.write_new(key)
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

fn wrap_aad(key_id: &str) -> Vec<u8> {
    let mut aad = WRAP_AAD.to_vec();
    aad.extend_from_slice(key_id.as_bytes());
    aad
}

fn rng_failed<T>(_: T) -> KeyStoreError {
    KeyStoreError::Unavailable {
        reason: "the system random number generator failed".into(),
    }
}

fn wrap_under(
    backend: &dyn DeviceKeyBackend,
    rng: &dyn RandomSource,
    key_id: &str,
    plaintext: &[u8],
) -> Result<Vec<u8>, KeyStoreError> {
    let key = match backend.load()? {
        Some(k) => k,
        None => backend.store_new(Zeroizing::new(
            random_array::<KEY_LEN>(rng).map_err(rng_failed)?,
        ))?,
    };
    let nonce: [u8; NONCE_LEN] = random_array(rng).map_err(rng_failed)?;
    let mut out = vec![WRAP_VERSION];
    out.extend_from_slice(&nonce);
    let sealed = aead::seal(&key, &nonce, &wrap_aad(key_id), plaintext).ok_or_else(|| {
        KeyStoreError::Unavailable {
            reason: "encryption failed".into(),
        }
    })?;
    out.extend_from_slice(&sealed);
    Ok(out)
}

fn unwrap_under(
    backend: &dyn DeviceKeyBackend,
    key_id: &str,
    wrapped: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
    let key = backend.load()?.ok_or_else(|| KeyStoreError::KeyMissing {
        key_id: key_id.to_string(),
    })?;
    if wrapped.len() < 1 + NONCE_LEN || wrapped[0] != WRAP_VERSION {
        return Err(KeyStoreError::WrongKeyOrDamaged);
    }
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&wrapped[1..1 + NONCE_LEN]);
    aead::open(&key, &nonce, &wrap_aad(key_id), &wrapped[1 + NONCE_LEN..])
        .ok_or(KeyStoreError::WrongKeyOrDamaged)
}

impl KeyStore for FileKeyStore {
    fn wrap(&self, key_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
        wrap_under(self, self.rng.as_ref(), key_id, plaintext)
    }

    fn unwrap(&self, key_id: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        unwrap_under(self, key_id, wrapped)
    }
}

/// A [`KeyStore`] whose device key is kept by a [`DeviceKeyBackend`] (e.g. the OS keyring in
/// the desktop shell). Wrapped keys have the same format as [`FileKeyStore`]'s.
pub struct BackedKeyStore<B: DeviceKeyBackend> {
    backend: B,
    rng: Box<dyn RandomSource>,
}

impl<B: DeviceKeyBackend> BackedKeyStore<B> {
    /// A key store over `backend`, with the system random source.
    pub fn new(backend: B) -> Self {
        BackedKeyStore {
            backend,
            rng: Box::new(SystemRng::new()),
        }
    }

    /// The backend.
    pub fn backend(&self) -> &B {
        &self.backend
    }
}

impl<B: DeviceKeyBackend> std::fmt::Debug for BackedKeyStore<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackedKeyStore(..)")
    }
}

impl<B: DeviceKeyBackend> KeyStore for BackedKeyStore<B> {
    fn wrap(&self, key_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
        wrap_under(&self.backend, self.rng.as_ref(), key_id, plaintext)
    }

    fn unwrap(&self, key_id: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        unwrap_under(&self.backend, key_id, wrapped)
    }
}
