//! Device key stores: the platform wraps and unwraps the vault's data key without ever handing
//! out its own key. [`FileKeyStore`] is the desktop implementation (a 0600 key file).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::aead::{self, KEY_LEN, NONCE_LEN};
use super::rng::{random_array, Rng, SystemRng};
use super::KeyStoreError;

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

const KEY_FILE_MAGIC: &[u8; 8] = b"KULCSDK1";
const WRAP_VERSION: u8 = 1;
const WRAP_AAD: &[u8] = b"KULCS file keystore v1 ";

/// The key id Kulcs uses for its device slot.
pub const DEFAULT_KEY_ID: &str = "kulcs-vault-device-key-v1";

/// A desktop key store: one 256-bit key in a file readable only by the user (mode 0600),
/// created on first use. Keep it outside the vault's directory (Kulcs uses
/// `$XDG_CONFIG_HOME/kulcs/device.key`), so a copy of the vault alone does not carry its key.
///
/// File format: `KULCSDK1` followed by the 32 key bytes. Wrapped keys are
/// `0x01 ‖ nonce(12) ‖ AES-256-GCM(key, nonce, aad = "KULCS file keystore v1 " ‖ key_id, plaintext)`.
pub struct FileKeyStore {
    path: PathBuf,
    rng: Box<dyn Rng>,
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
    pub fn with_rng(path: impl Into<PathBuf>, rng: Box<dyn Rng>) -> Self {
        FileKeyStore {
            path: path.into(),
            rng,
        }
    }

    /// Where the key file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn unavailable(&self, what: &str, e: std::io::Error) -> KeyStoreError {
        KeyStoreError::Unavailable {
            reason: format!("{what} {}: {e}", self.path.display()),
        }
    }

    fn load(&self) -> Result<Option<Zeroizing<[u8; KEY_LEN]>>, KeyStoreError> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => Zeroizing::new(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.unavailable("cannot read", e)),
        };
        if bytes.len() != KEY_FILE_MAGIC.len() + KEY_LEN || &bytes[..8] != KEY_FILE_MAGIC {
            return Err(KeyStoreError::Unavailable {
                reason: format!("{} is not a Kulcs device key file", self.path.display()),
            });
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&bytes[8..]);
        Ok(Some(key))
    }

    fn create(&self) -> Result<Zeroizing<[u8; KEY_LEN]>, KeyStoreError> {
        let key = Zeroizing::new(random_array::<KEY_LEN>(self.rng.as_ref()).map_err(|_| {
            KeyStoreError::Unavailable {
                reason: "the system random number generator failed".into(),
            }
        })?);
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)
                .map_err(|e| self.unavailable("cannot create the directory of", e))?;
        }
        let mut tmp = self.path.clone().into_os_string();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let mut content = Zeroizing::new(Vec::with_capacity(40));
        content.extend_from_slice(KEY_FILE_MAGIC);
        content.extend_from_slice(key.as_ref());
        let mut opts = fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let write = || -> std::io::Result<()> {
            let mut f = opts.open(&tmp)?;
            f.write_all(&content)?;
            f.sync_all()?;
            Ok(())
        };
        write().map_err(|e| self.unavailable("cannot write", e))?;
        // Never replace an existing key file: a hard link fails if the target exists.
        match fs::hard_link(&tmp, &self.path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let _ = fs::remove_file(&tmp);
                // Another process created it first: use theirs.
                return self.load()?.ok_or(KeyStoreError::KeyMissing {
                    key_id: String::new(),
                });
            }
            Err(_) => {
                // File systems without hard links: fall back to create_new semantics.
                if self.path.exists() {
                    let _ = fs::remove_file(&tmp);
                    return self.load()?.ok_or(KeyStoreError::KeyMissing {
                        key_id: String::new(),
                    });
                }
                fs::rename(&tmp, &self.path).map_err(|e| self.unavailable("cannot create", e))?;
            }
        }
        let _ = fs::remove_file(&tmp);
        if let Some(dir) = self.path.parent() {
            if let Ok(d) = fs::File::open(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            }) {
                let _ = d.sync_all();
            }
        }
        Ok(key)
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

impl KeyStore for FileKeyStore {
    fn wrap(&self, key_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
        let key = match self.load()? {
            Some(k) => k,
            None => self.create()?,
        };
        let nonce: [u8; NONCE_LEN] =
            random_array(self.rng.as_ref()).map_err(|_| KeyStoreError::Unavailable {
                reason: "the system random number generator failed".into(),
            })?;
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

    fn unwrap(&self, key_id: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        let key = self.load()?.ok_or_else(|| KeyStoreError::KeyMissing {
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
}
