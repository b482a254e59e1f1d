//! Which store keeps this computer's device key: the OS keyring (Secret Service) where one
//! answers, else the 0600 key file; chosen once, remembered, and shown by `kulcs status`.

use std::path::{Path, PathBuf};

use kulcs_core::vault::{FileKeyStore, KeyStore, KeyStoreError};
use zeroize::Zeroizing;

use crate::error::{sentence, CliError};
use crate::i18n::t;

/// The keyring entry holding the device key (service, user).
pub const KEYRING_SERVICE: &str = "kulcs";
/// The keyring entry's user name.
pub const KEYRING_USER: &str = "device-key-v1";

/// The device key store in use.
pub enum DeviceKeys {
    /// The key file (mode 0600; refused if group or others may read it).
    File(FileKeyStore),
    /// The OS keyring; `marker` is the file beside the would-be key file that records the
    /// choice, so a later run without a keyring fails instead of making a new key.
    #[cfg(target_os = "linux")]
    Keyring(kulcs_core::vault::BackedKeyStore<keyring_backend::KeyringBackend>),
}

impl std::fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl DeviceKeys {
    /// One phrase for the user: where the key is.
    pub fn describe(&self) -> String {
        match self {
            DeviceKeys::File(f) => t("keys-file", &[("path", &f.path().display().to_string())]),
            #[cfg(target_os = "linux")]
            DeviceKeys::Keyring(_) => t(
                "keys-keyring",
                &[
                    ("service", &format!("{KEYRING_SERVICE:?}")),
                    ("user", &format!("{KEYRING_USER:?}")),
                ],
            ),
        }
    }

    /// Refuses a key file that other users may read (with the `chmod 600` fix), before any
    /// vault is opened or created with it.
    pub fn check(&self) -> Result<(), CliError> {
        match self {
            DeviceKeys::File(f) => f
                .check()
                .map(|_| ())
                .map_err(|e| CliError::input(sentence(e))),
            #[cfg(target_os = "linux")]
            DeviceKeys::Keyring(_) => Ok(()),
        }
    }
}

impl KeyStore for DeviceKeys {
    fn wrap(&self, key_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
        match self {
            DeviceKeys::File(f) => f.wrap(key_id, plaintext),
            #[cfg(target_os = "linux")]
            DeviceKeys::Keyring(k) => k.wrap(key_id, plaintext),
        }
    }

    fn unwrap(&self, key_id: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        match self {
            DeviceKeys::File(f) => f.unwrap(key_id, wrapped),
            #[cfg(target_os = "linux")]
            DeviceKeys::Keyring(k) => k.unwrap(key_id, wrapped),
        }
    }
}

/// `$KULCS_KEYSTORE`: `file`, `keyring`, or `auto` (the default).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Auto,
    File,
    Keyring,
}

fn mode() -> Result<Mode, CliError> {
    match std::env::var("KULCS_KEYSTORE").unwrap_or_default().as_str() {
        "" | "auto" => Ok(Mode::Auto),
        "file" => Ok(Mode::File),
        "keyring" => Ok(Mode::Keyring),
        other => Err(CliError::usage(t(
            "keys-mode-unknown",
            &[("value", &format!("{other:?}"))],
        ))),
    }
}

/// The file that records "this computer's device key is in the OS keyring".
pub fn marker_path(key_file: &Path) -> PathBuf {
    let mut name = key_file.as_os_str().to_os_string();
    name.push(".in-keyring");
    PathBuf::from(name)
}

/// Chooses the store. An explicit key file (`$KULCS_KEY_FILE`), `KULCS_KEYSTORE=file` or an
/// existing key file means the file; a marker left by an earlier run or
/// `KULCS_KEYSTORE=keyring` means the keyring; otherwise the keyring if a Secret Service
/// answers, else the file.
pub fn select(key_file: PathBuf, explicit_file: bool) -> Result<DeviceKeys, CliError> {
    let mode = mode()?;
    if explicit_file || mode == Mode::File || key_file.symlink_metadata().is_ok() {
        return Ok(DeviceKeys::File(FileKeyStore::new(key_file)));
    }
    #[cfg(target_os = "linux")]
    {
        let marker = marker_path(&key_file);
        let chosen = mode == Mode::Keyring || marker.exists();
        if chosen || keyring_backend::answers() {
            return Ok(DeviceKeys::Keyring(kulcs_core::vault::BackedKeyStore::new(
                keyring_backend::KeyringBackend::new(marker)?,
            )));
        }
    }
    #[cfg(not(target_os = "linux"))]
    if mode == Mode::Keyring {
        return Err(CliError::usage(t("keys-no-keyring", &[])));
    }
    Ok(DeviceKeys::File(FileKeyStore::new(key_file)))
}

#[cfg(target_os = "linux")]
mod keyring_backend {
    //! The Secret Service backend (GNOME Keyring, KWallet, KeePassXC) through `keyring`.

    use std::path::PathBuf;

    use kulcs_core::vault::{DeviceKey, DeviceKeyBackend, KeyStoreError, DEVICE_KEY_LEN};
    use zeroize::Zeroizing;

    use super::{KEYRING_SERVICE, KEYRING_USER};
    use crate::error::CliError;

    /// The device key as a Secret Service item.
    pub struct KeyringBackend {
        entry: keyring::Entry,
        marker: PathBuf,
    }

    fn unavailable(e: keyring::Error) -> KeyStoreError {
        KeyStoreError::Unavailable {
            reason: format!("the OS keyring (Secret Service) did not answer: {e}"),
        }
    }

    /// Whether a Secret Service answers (an absent entry counts as an answer).
    pub fn answers() -> bool {
        match keyring::Entry::new(KEYRING_SERVICE, KEYRING_USER) {
            Ok(e) => match e.get_secret() {
                Ok(bytes) => {
                    drop(Zeroizing::new(bytes));
                    true
                }
                Err(keyring::Error::NoEntry) => true,
                Err(_) => false,
            },
            Err(_) => false,
        }
    }

    impl KeyringBackend {
        pub fn new(marker: PathBuf) -> Result<Self, CliError> {
            let entry = keyring::Entry::new(KEYRING_SERVICE, KEYRING_USER).map_err(|e| {
                CliError::input(crate::i18n::t(
                    "keys-keyring-unusable",
                    &[("error", &e.to_string())],
                ))
            })?;
            Ok(KeyringBackend { entry, marker })
        }
    }

    impl DeviceKeyBackend for KeyringBackend {
        fn load(&self) -> Result<Option<DeviceKey>, KeyStoreError> {
            match self.entry.get_secret() {
                Ok(bytes) => {
                    let bytes = Zeroizing::new(bytes);
                    if bytes.len() != DEVICE_KEY_LEN {
                        return Err(KeyStoreError::Unavailable {
                            reason: format!(
                                "the OS keyring item {KEYRING_SERVICE}/{KEYRING_USER} is not a Kulcs device key"
                            ),
                        });
                    }
                    let mut key = Zeroizing::new([0u8; DEVICE_KEY_LEN]);
                    key.copy_from_slice(&bytes);
                    Ok(Some(key))
                }
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(unavailable(e)),
            }
        }

        fn store_new(&self, key: DeviceKey) -> Result<DeviceKey, KeyStoreError> {
            if let Some(existing) = self.load()? {
                return Ok(existing);
            }
            self.entry.set_secret(key.as_ref()).map_err(unavailable)?;
            // Remember the choice, so a run without the keyring never makes a second key.
            if let Some(dir) = self.marker.parent().filter(|d| !d.as_os_str().is_empty()) {
                let _ = crate::private_file::create_private_dir(dir);
            }
            let note = format!(
                "This computer's Kulcs device key is in the OS keyring (Secret Service item \
                 service={KEYRING_SERVICE} user={KEYRING_USER}). Delete this file only together with that item.\n"
            );
            crate::private_file::write_private(&self.marker, note.as_bytes()).map_err(|e| {
                KeyStoreError::Unavailable {
                    reason: e.to_string(),
                }
            })?;
            Ok(key)
        }
    }
}
