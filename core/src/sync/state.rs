//! Owns what a device remembers between syncs: the group, its own publication counter, the
//! newest version merged from every other device (rollback protection), the account versions
//! known at the last sync and the tombstones with what each delete had seen.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::account::AccountId;
use crate::hlc::{DeviceId, Hlc};

use super::merge::SyncTombstone;
use super::replica::SyncGroup;
use super::SyncError;

const STATE_MAGIC: &[u8; 8] = b"KULCSSY1";

/// Per-device sync memory. **Secret** (holds the group key): persist it encrypted (the CLI
/// wraps it with the device key store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// The group this device belongs to.
    pub group: SyncGroup,
    /// This device (the vault's device id).
    pub device: DeviceId,
    /// The last version this device published.
    pub published_version: u64,
    /// Newest version merged from each other device.
    pub seen_versions: BTreeMap<DeviceId, u64>,
    /// `updated` of every live account at the last sync: what a later local delete had seen.
    pub known: BTreeMap<AccountId, Hlc>,
    /// Tombstones with their `seen` stamps.
    pub tombstones: BTreeMap<AccountId, SyncTombstone>,
}

fn put_hlc(out: &mut Vec<u8>, h: &Hlc) {
    out.extend_from_slice(&h.wall_ms.to_be_bytes());
    out.extend_from_slice(&h.counter.to_be_bytes());
    out.extend_from_slice(&h.node.0.to_be_bytes());
}

struct R<'a>(&'a [u8], usize);
impl R<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], SyncError> {
        let s = self.0.get(self.1..self.1 + n).ok_or(SyncError::BadState)?;
        self.1 += n;
        Ok(s)
    }
    fn u64(&mut self) -> Result<u64, SyncError> {
        Ok(u64::from_be_bytes(
            self.take(8)?.try_into().map_err(|_| SyncError::BadState)?,
        ))
    }
    fn u32(&mut self) -> Result<u32, SyncError> {
        Ok(u32::from_be_bytes(
            self.take(4)?.try_into().map_err(|_| SyncError::BadState)?,
        ))
    }
    fn id(&mut self) -> Result<AccountId, SyncError> {
        Ok(AccountId(
            self.take(16)?.try_into().map_err(|_| SyncError::BadState)?,
        ))
    }
    fn hlc(&mut self) -> Result<Hlc, SyncError> {
        Ok(Hlc {
            wall_ms: self.u64()?,
            counter: self.u32()?,
            node: DeviceId(self.u64()?),
        })
    }
}

impl SyncState {
    /// A fresh membership of `group` for `device`.
    pub fn new(group: SyncGroup, device: DeviceId) -> Self {
        SyncState {
            group,
            device,
            published_version: 0,
            seen_versions: BTreeMap::new(),
            known: BTreeMap::new(),
            tombstones: BTreeMap::new(),
        }
    }

    /// Records the current versions of `accounts` as known (for accounts not yet known). Call it
    /// when joining a group after a transfer, so a deletion made before the first sync covers
    /// exactly the transferred version and not a concurrent edit made since on another device.
    pub fn remember(&mut self, accounts: &[crate::account::Account]) {
        for a in accounts {
            self.known.entry(a.id).or_insert(a.updated);
        }
    }

    /// The membership saved inside `vault` (see [`SyncState::store`]), if any. A state of
    /// another device id (a vault file copied from another device) is [`SyncError::BadState`].
    pub fn load(vault: &crate::vault::Vault) -> Result<Option<SyncState>, SyncError> {
        let Some(bytes) = vault.sync_state_bytes() else {
            return Ok(None);
        };
        let state = SyncState::from_bytes(bytes)?;
        if state.device != vault.device_id() {
            return Err(SyncError::BadState);
        }
        Ok(Some(state))
    }

    /// Saves the membership inside `vault`'s encrypted contents (the caller saves the vault).
    pub fn store(&self, vault: &mut crate::vault::Vault) {
        vault.set_sync_state_bytes(Some(self.to_bytes()));
    }

    /// Serialises the state (secret).
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(STATE_MAGIC.to_vec());
        out.extend_from_slice(&self.group.group_id);
        out.extend_from_slice(&self.group.key[..]);
        out.extend_from_slice(&self.device.0.to_be_bytes());
        out.extend_from_slice(&self.published_version.to_be_bytes());
        out.extend_from_slice(&(self.seen_versions.len() as u32).to_be_bytes());
        for (d, v) in &self.seen_versions {
            out.extend_from_slice(&d.0.to_be_bytes());
            out.extend_from_slice(&v.to_be_bytes());
        }
        out.extend_from_slice(&(self.known.len() as u32).to_be_bytes());
        for (id, h) in &self.known {
            out.extend_from_slice(&id.0);
            put_hlc(&mut out, h);
        }
        out.extend_from_slice(&(self.tombstones.len() as u32).to_be_bytes());
        for t in self.tombstones.values() {
            out.extend_from_slice(&t.id.0);
            put_hlc(&mut out, &t.deleted);
            put_hlc(&mut out, &t.seen);
        }
        out
    }

    /// Reads a state written by [`SyncState::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SyncState, SyncError> {
        let mut r = R(bytes, 0);
        if r.take(8)? != STATE_MAGIC {
            return Err(SyncError::BadState);
        }
        let group_id: [u8; 16] = r.take(16)?.try_into().map_err(|_| SyncError::BadState)?;
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(r.take(32)?);
        let device = DeviceId(r.u64()?);
        let published_version = r.u64()?;
        let mut s = SyncState::new(SyncGroup { group_id, key }, device);
        s.published_version = published_version;
        for _ in 0..r.u32()? {
            let d = DeviceId(r.u64()?);
            let v = r.u64()?;
            s.seen_versions.insert(d, v);
        }
        for _ in 0..r.u32()? {
            let id = r.id()?;
            let h = r.hlc()?;
            s.known.insert(id, h);
        }
        for _ in 0..r.u32()? {
            let id = r.id()?;
            let deleted = r.hlc()?;
            let seen = r.hlc()?;
            s.tombstones.insert(id, SyncTombstone { id, deleted, seen });
        }
        if r.1 != bytes.len() {
            return Err(SyncError::BadState);
        }
        Ok(s)
    }
}
