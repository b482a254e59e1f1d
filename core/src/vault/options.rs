//! How a vault is opened and what opening reports: [`Unlock`], [`OpenWarning`], [`OpenReport`], and
//! the injectable [`VaultOptions`].

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::store::{FsStorage, Storage};
use super::{KdfParams, KeyStore, DEFAULT_KEY_ID};
use crate::random::{RandomSource, SystemRng};

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
    pub rng: Arc<dyn RandomSource>,
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

#[cfg(test)]
mod tests {
    use super::super::test_support::{Scratch, NOW};
    use super::*;
    use crate::random::SeededRandom;
    use crate::vault::Vault;

    #[test]
    fn debug_output_never_shows_a_passphrase_or_recovery_code() {
        let p = format!("{:?}", Unlock::Passphrase("correct horse battery"));
        let r = format!("{:?}", Unlock::Recovery("ABCD-EFGH"));
        assert_eq!(p, "Unlock::Passphrase(<redacted>)");
        assert_eq!(r, "Unlock::Recovery(<redacted>)");
        let o = format!("{:?}", VaultOptions::testing());
        assert!(o.contains("lock_wait") && !o.contains("rng"));
    }

    #[test]
    fn testing_options_only_lower_the_kdf_cost() {
        let (t, d) = (VaultOptions::testing(), VaultOptions::default());
        assert_eq!(t.kdf, KdfParams::testing());
        assert_eq!(d.kdf, KdfParams::DEFAULT);
        assert_eq!(
            (t.lock_wait, t.device_key_id),
            (d.lock_wait, d.device_key_id)
        );
    }

    #[test]
    fn the_vault_draws_from_the_shared_random_source() {
        let device = |name: &str| {
            let s = Scratch::new(name);
            let opts = VaultOptions {
                rng: Arc::new(SeededRandom::new(b"one random module")),
                ..VaultOptions::testing()
            };
            Vault::create_with(&s.path(), &s.keys, NOW, opts)
                .unwrap()
                .device_id()
        };
        assert_eq!(device("opts-rng-a"), device("opts-rng-b"));
    }
}
