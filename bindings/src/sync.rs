//! Owns sync across the FFI: the [`SyncFolder`] trait the shells implement (Android's Storage
//! Access Framework, iOS's coordinated iCloud Drive folder, a temp dir in tests), its adapter to
//! core's trait, and the [`SyncReport`] a sync round returns. Every rule is core's `sync_now`.

use std::sync::Arc;

use kulcs_core::sync::{self as core_sync, FolderError, SyncError};

use crate::messages::{kind_named, ErrorKind};
use crate::{KulcsError, Vault};

/// Why a shell's folder operation failed (Kotlin `SyncFolderException`, Swift
/// `SyncFolderError`): core's `FolderError`, one to one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum SyncFolderError {
    /// The file is larger than `max` bytes; it was not read.
    #[error("the file is larger than {max} bytes")]
    TooLarge {
        /// The limit core gave.
        max: u64,
    },
    /// The file is not there (deleted between listing and reading).
    #[error("the file is not there")]
    NotFound,
    /// Anything else the platform reported, in its words (never a secret).
    #[error("{reason}")]
    Io {
        /// The platform's message.
        reason: String,
    },
}

/// A shared folder of small files that the shell provides: a Syncthing or Nextcloud folder
/// through Android's Storage Access Framework, an iCloud Drive folder through
/// `NSFileCoordinator`. Every name is a bare file name chosen by core (no separators); an
/// implementation only moves bytes. Anything thrown that is not a `SyncFolderError` counts as
/// `Io`.
#[uniffi::export(with_foreign)]
pub trait SyncFolder: Send + Sync {
    /// The names of the files in the folder (not recursive, any order).
    fn list(&self) -> Result<Vec<String>, SyncFolderError>;
    /// The whole file `name`; over `max_bytes`, `TooLarge` without reading it.
    fn read(&self, name: String, max_bytes: u64) -> Result<Vec<u8>, SyncFolderError>;
    /// Replaces or creates `name` so that a reader sees the old or the new file, never a part.
    fn write(&self, name: String, bytes: Vec<u8>) -> Result<(), SyncFolderError>;
    /// Deletes `name`; a file that is not there is not an error.
    fn delete(&self, name: String) -> Result<(), SyncFolderError>;
}

/// A foreign implementation threw something else (a Kotlin `RuntimeException`, …).
impl From<uniffi::UnexpectedUniFFICallbackError> for SyncFolderError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        SyncFolderError::Io {
            reason: format!("the folder failed unexpectedly: {}", e.reason),
        }
    }
}

impl From<SyncFolderError> for FolderError {
    fn from(e: SyncFolderError) -> Self {
        match e {
            SyncFolderError::TooLarge { max } => FolderError::TooLarge { max },
            SyncFolderError::NotFound => FolderError::NotFound,
            SyncFolderError::Io { reason } => FolderError::Io { message: reason },
        }
    }
}

/// Core's view of a foreign folder.
pub(crate) struct ForeignFolder(pub(crate) Arc<dyn SyncFolder>);

impl core_sync::SyncFolder for ForeignFolder {
    fn list(&self) -> Result<Vec<String>, FolderError> {
        Ok(self.0.list()?)
    }
    fn read(&self, name: &str, max_bytes: u64) -> Result<Vec<u8>, FolderError> {
        Ok(self.0.read(name.to_string(), max_bytes)?)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), FolderError> {
        Ok(self.0.write(name.to_string(), bytes.to_vec())?)
    }
    fn delete(&self, name: &str) -> Result<(), FolderError> {
        Ok(self.0.delete(name.to_string())?)
    }
}

/// A device whose replica a sync round merged.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncedDevice {
    /// Its device id (16 hex digits).
    pub device: String,
    /// The replica version read.
    pub version: u64,
}

/// A file in the folder that was not merged, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RejectedReplica {
    /// Its name in the shared folder.
    pub file: String,
    /// Core's stable `SyncError` variant name (`Crypto`, `OtherGroup`, `Rollback`, `Io`, …).
    pub kind: ErrorKind,
    /// An English sentence (never a secret).
    pub reason: String,
}

/// What one sync round did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncReport {
    /// Devices merged, with the replica version read.
    pub merged: Vec<SyncedDevice>,
    /// Files not merged (another group, a rollback, damaged, unreadable …).
    pub rejected: Vec<RejectedReplica>,
    /// The version this device published.
    pub published_version: u64,
    /// Accounts that appeared on this device.
    pub added: u32,
    /// Accounts whose contents changed on this device.
    pub changed: u32,
    /// Accounts removed from this device.
    pub removed: u32,
}

/// One member of the sync group (core's member list).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncMember {
    /// Its device id in the group (16 hex digits).
    pub device: String,
    /// The name it was given (a phone's model, a computer's host name).
    pub name: String,
    /// When it was added, Unix milliseconds.
    pub added_ms: u64,
    /// When a replica of it was last merged here, Unix milliseconds (none yet: `None`).
    pub last_seen_ms: Option<u64>,
    /// True for this device.
    pub this_device: bool,
}

impl From<core_sync::MemberInfo> for SyncMember {
    fn from(m: core_sync::MemberInfo) -> Self {
        SyncMember {
            device: m.device.to_string(),
            name: m.name,
            added_ms: m.added_ms,
            last_seen_ms: m.last_seen_ms,
            this_device: m.this_device,
        }
    }
}

impl From<core_sync::SyncReport> for SyncReport {
    fn from(r: core_sync::SyncReport) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        SyncReport {
            merged: r
                .merged
                .into_iter()
                .map(|(device, version)| SyncedDevice {
                    device: device.to_string(),
                    version,
                })
                .collect(),
            rejected: r
                .rejected
                .into_iter()
                .map(|x| RejectedReplica {
                    file: x.file,
                    kind: kind_named(x.error.kind()),
                    reason: x.error.to_string(),
                })
                .collect(),
            published_version: r.published_version,
            added: n(r.added),
            changed: n(r.changed),
            removed: n(r.removed),
        }
    }
}

impl From<SyncError> for KulcsError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Random => KulcsError::Internal {
                reason: e.to_string(),
            },
            _ => KulcsError::Sync {
                kind: kind_named(e.kind()),
                reason: e.to_string(),
            },
        }
    }
}

#[uniffi::export]
impl Vault {
    /// One sync round through `folder`: merges every replica of this vault's sync group found
    /// there, publishes this device's, and saves the vault (accounts and membership in one
    /// write) before returning. Files that cannot be used are listed in the report, not thrown;
    /// `Sync{kind: "NotInGroup"}` when no sync transfer has joined a group yet, `Sync{kind: "Io"}`
    /// when the folder cannot be listed or this device's replica cannot be written.
    pub fn sync_now(
        &self,
        folder: Arc<dyn SyncFolder>,
        now_ms: u64,
    ) -> Result<SyncReport, KulcsError> {
        let folder = ForeignFolder(folder);
        self.change(|v| {
            let rng = kulcs_core::random::SystemRng::new();
            Ok(core_sync::sync_now(&folder, v, now_ms, &rng)?.into())
        })
    }

    /// True when this vault is in a sync group (a sync transfer joined or created one).
    pub fn in_sync_group(&self) -> Result<bool, KulcsError> {
        self.read(|v| Ok(core_sync::SyncState::load(v)?.is_some()))
    }

    /// This device's id in its sync group (16 hex digits), to mark it in the devices list; the
    /// vault's own device id while it is in no group.
    pub fn device_id(&self) -> Result<String, KulcsError> {
        self.read(|v| {
            Ok(match core_sync::SyncState::load(v)? {
                Some(s) => s.device.to_string(),
                None => v.device_id().to_string(),
            })
        })
    }

    /// The members of this vault's sync group, with names and when each was last seen; empty
    /// when the vault is in no group.
    pub fn sync_members(&self) -> Result<Vec<SyncMember>, KulcsError> {
        self.read(|v| match core_sync::vault_members(v) {
            Ok(m) => Ok(m.into_iter().map(SyncMember::from).collect()),
            Err(SyncError::NotInGroup) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        })
    }

    /// Removes a member (a lost phone) by starting a new epoch whose key only the remaining
    /// members get; saved before returning. Sync right after (`sync_now`) so the others learn
    /// it. `InvalidInput{field: "device"}` for a malformed id; `Sync{kind}` with core's reason
    /// otherwise (`NotMember`, `RemoveSelf`, `NotInGroup`).
    pub fn remove_sync_member(&self, device: String) -> Result<(), KulcsError> {
        let id: kulcs_core::hlc::DeviceId =
            device.parse().map_err(|_| KulcsError::InvalidInput {
                field: "device".into(),
                kind: ErrorKind::Malformed,
                reason: "a device id is 16 hexadecimal digits".into(),
            })?;
        self.change(|v| {
            let rng = kulcs_core::random::SystemRng::new();
            Ok(core_sync::remove_vault_member(v, id, &rng)?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FileKeyStore, TransferReceiver, TransferSender};
    use kulcs_core::sync::DirFolder;

    /// A Rust stand-in for a shell's folder: core's `DirFolder` behind the foreign trait, and a
    /// file whose read fails.
    struct Dir(DirFolder, Option<String>);

    impl SyncFolder for Dir {
        fn list(&self) -> Result<Vec<String>, SyncFolderError> {
            core_sync::SyncFolder::list(&self.0).map_err(back)
        }
        fn read(&self, name: String, max_bytes: u64) -> Result<Vec<u8>, SyncFolderError> {
            if self.1.as_deref() == Some(name.as_str()) {
                return Err(SyncFolderError::Io {
                    reason: "disk on fire".into(),
                });
            }
            core_sync::SyncFolder::read(&self.0, &name, max_bytes).map_err(back)
        }
        fn write(&self, name: String, bytes: Vec<u8>) -> Result<(), SyncFolderError> {
            core_sync::SyncFolder::write(&self.0, &name, &bytes).map_err(back)
        }
        fn delete(&self, name: String) -> Result<(), SyncFolderError> {
            core_sync::SyncFolder::delete(&self.0, &name).map_err(back)
        }
    }

    fn back(e: FolderError) -> SyncFolderError {
        match e {
            FolderError::TooLarge { max } => SyncFolderError::TooLarge { max },
            FolderError::NotFound => SyncFolderError::NotFound,
            FolderError::Io { message } => SyncFolderError::Io { reason: message },
        }
    }

    const NOW: u64 = 1_700_000_000_000;

    struct Cleanup(std::path::PathBuf);
    impl Cleanup {
        fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Cleanup {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn vault(dir: &std::path::Path, name: &str) -> Arc<Vault> {
        let store = FileKeyStore::new(dir.join(format!("{name}.key")).display().to_string());
        Vault::create(
            dir.join(format!("{name}.kulcs")).display().to_string(),
            store,
            NOW,
        )
        .unwrap()
    }

    fn join(old: &Arc<Vault>, new: &Arc<Vault>) {
        let r = send_with_sync(old, new, false).unwrap();
        assert!(r.joined_sync);
    }

    fn send_with_sync(
        old: &Arc<Vault>,
        new: &Arc<Vault>,
        replace: bool,
    ) -> Result<crate::TransferImport, KulcsError> {
        let now = (NOW / 1000) as i64;
        let receiver = TransferReceiver::new(now).unwrap();
        let sender = TransferSender::with_sync(old.clone(), "old".into());
        sender
            .scan_offer(receiver.offer_text().unwrap(), now)
            .unwrap();
        for f in sender
            .confirm(receiver.reveal_code().unwrap(), now)
            .unwrap()
        {
            receiver.accept(f, now).unwrap();
        }
        match replace {
            false => receiver.import_into(new.clone(), "new".into(), NOW),
            true => receiver.import_replacing_sync_group(new.clone(), "new".into(), NOW),
        }
    }

    /// A sync transfer from another group is refused before anything is imported, until the
    /// user agrees to replace the group; a second sync transfer from the same group keeps it.
    #[test]
    fn a_sync_transfer_never_silently_replaces_the_group() {
        let dir = std::env::temp_dir().join(format!("kulcs-ffi-regroup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let dir = Cleanup(dir);
        let (a, b, c) = (
            vault(dir.path(), "a"),
            vault(dir.path(), "b"),
            vault(dir.path(), "c"),
        );
        c.add_uri(
            "otpauth://totp/Mail:anna?secret=JBSWY3DPEHPK3PXP&issuer=Mail".into(),
            NOW,
        )
        .unwrap();
        join(&a, &b);
        join(&a, &b); // the same group again: still a member
        match send_with_sync(&c, &b, false) {
            Err(KulcsError::InvalidInput { kind, .. }) => {
                assert_eq!(kind, ErrorKind::ReplacesSyncGroup)
            }
            other => panic!("{other:?}"),
        }
        assert!(
            b.codes((NOW / 1000) as i64).unwrap().is_empty(),
            "nothing imported"
        );
        let r = send_with_sync(&c, &b, true).unwrap();
        assert_eq!((r.added, r.joined_sync), (1, true));
    }

    #[test]
    fn two_vaults_sync_through_a_foreign_folder_and_bad_files_are_reported() {
        let dir = std::env::temp_dir().join(format!("kulcs-ffi-sync-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("shared")).unwrap();
        let dir = Cleanup(dir);
        let (a, b) = (vault(dir.path(), "a"), vault(dir.path(), "b"));
        let folder: Arc<dyn SyncFolder> =
            Arc::new(Dir(DirFolder::new(dir.path().join("shared")), None));
        a.add_uri(
            "otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank".into(),
            NOW,
        )
        .unwrap();
        match a.sync_now(folder.clone(), NOW) {
            Err(KulcsError::Sync { kind, .. }) => assert_eq!(kind, ErrorKind::NotInGroup),
            other => panic!("{other:?}"),
        }
        join(&a, &b);
        assert!(a.in_sync_group().unwrap() && b.in_sync_group().unwrap());
        a.add_uri(
            "otpauth://totp/Mail:anna?secret=JBSWY3DPEHPK3PXP&issuer=Mail".into(),
            NOW + 1000,
        )
        .unwrap();
        a.sync_now(folder.clone(), NOW + 1000).unwrap();
        let got = b.sync_now(folder.clone(), NOW + 1000).unwrap();
        assert_eq!(got.added, 1, "{got:?}");
        assert_eq!(b.codes((NOW / 1000) as i64).unwrap().len(), 2);

        std::fs::write(
            dir.path().join("shared/0123456789abcdef.kulcs-replica"),
            [7u8; 300],
        )
        .unwrap();
        // Replica names do not show device ids (docs/sync.md §3b): make the read of one of the
        // real replicas throw.
        let a_file = std::fs::read_dir(dir.path().join("shared"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|n| n.ends_with(".kulcs-replica") && !n.starts_with("0123456789abcdef"))
            .unwrap();
        let hostile: Arc<dyn SyncFolder> = Arc::new(Dir(
            DirFolder::new(dir.path().join("shared")),
            Some(a_file.clone()),
        ));
        let report = b.sync_now(hostile, NOW + 2000).unwrap();
        let kinds: Vec<_> = report
            .rejected
            .iter()
            .map(|r| (r.file.as_str(), r.kind.name()))
            .collect();
        assert!(kinds.contains(&(a_file.as_str(), "Io")), "{kinds:?}");
        assert!(
            kinds.contains(&("0123456789abcdef.kulcs-replica", "NotReplica")),
            "{kinds:?}"
        );
    }

    #[test]
    fn members_are_listed_and_a_removed_member_reads_nothing_newer() {
        let dir = std::env::temp_dir().join(format!("kulcs-ffi-members-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("shared")).unwrap();
        let dir = Cleanup(dir);
        let (a, b) = (vault(dir.path(), "a"), vault(dir.path(), "b"));
        assert!(a.sync_members().unwrap().is_empty(), "no group yet");
        a.add_uri(
            "otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank".into(),
            NOW,
        )
        .unwrap();
        join(&a, &b);
        let folder: Arc<dyn SyncFolder> =
            Arc::new(Dir(DirFolder::new(dir.path().join("shared")), None));
        a.sync_now(folder.clone(), NOW + 100).unwrap();
        b.sync_now(folder.clone(), NOW + 200).unwrap();
        a.sync_now(folder.clone(), NOW + 300).unwrap();
        let members = a.sync_members().unwrap();
        assert_eq!(members.len(), 2, "{members:?}");
        let me = members.iter().find(|m| m.this_device).unwrap();
        assert_eq!(me.device, a.device_id().unwrap());
        let other = members.iter().find(|m| !m.this_device).unwrap();
        assert_eq!(other.device, b.device_id().unwrap());
        assert_eq!(other.name, "new");

        match a.remove_sync_member("not an id".into()) {
            Err(KulcsError::InvalidInput { field, .. }) => assert_eq!(field, "device"),
            r => panic!("{r:?}"),
        }
        a.remove_sync_member(other.device.clone()).unwrap();
        a.add_uri(
            "otpauth://totp/Mail:anna?secret=JBSWY3DPEHPK3PXP&issuer=Mail".into(),
            NOW + 400,
        )
        .unwrap();
        a.sync_now(folder.clone(), NOW + 500).unwrap();
        assert_eq!(a.sync_members().unwrap().len(), 1);
        match b.sync_now(folder.clone(), NOW + 600) {
            Err(KulcsError::Sync { kind, .. }) => assert_eq!(kind, ErrorKind::Removed),
            r => panic!("{r:?}"),
        }
        assert_eq!(
            b.codes((NOW / 1000) as i64).unwrap().len(),
            1,
            "nothing newer"
        );
    }
}
