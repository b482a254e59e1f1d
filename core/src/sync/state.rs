//! Owns what a device remembers between syncs: the group, its own keys and accepted member
//! list, its publication counter, the newest version merged from every other device (rollback
//! protection), the account versions known at the last sync and the tombstones.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::account::AccountId;
use crate::hlc::{DeviceId, Hlc};

use super::keys::DeviceKeys;
use super::members::{Member, MemberHead};
use super::merge::SyncTombstone;
use super::replica::SyncGroup;
use super::SyncError;

const STATE_MAGIC_V1: &[u8; 8] = b"KULCSSY1";
const STATE_MAGIC: &[u8; 8] = b"KULCSSY2";
/// Member records kept to put back into the folder (oldest forgotten first).
pub const MAX_KEPT_RECORDS: usize = 64;

/// What this device last saw of another member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// When (the replica's clock, Unix ms).
    pub at_ms: u64,
    /// The name the device gives itself in its replicas.
    pub name: String,
}

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
    /// This device's signing and key-agreement keys (`None`: a format-1 membership that
    /// upgrades at its next sync).
    pub keys: Option<DeviceKeys>,
    /// The name this device gives itself (carried inside its replicas).
    pub name: String,
    /// The newest member record accepted (`None` before the first format-2 sync).
    pub head: Option<MemberHead>,
    /// Bytes of the accepted member records, oldest first, so they can be put back into a
    /// folder that lacks them (at most [`MAX_KEPT_RECORDS`]).
    pub records: Vec<Vec<u8>>,
    /// Other members as last seen in their replicas.
    pub last_seen: BTreeMap<DeviceId, Seen>,
    /// The file this device last published (deleted when a new epoch renames it).
    pub published_name: String,
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    let s = super::members::device_name(s);
    out.push(s.len() as u8);
    out.extend_from_slice(s.as_bytes());
}

fn read_str(r: &mut R<'_>) -> Result<String, SyncError> {
    let n = usize::from(r.take(1)?[0]);
    let raw = String::from_utf8(r.take(n)?.to_vec()).map_err(|_| SyncError::BadState)?;
    // As `put_str` writes it, so a state read and written again is the same.
    Ok(super::members::device_name(&raw))
}

/// The parts format 2 of the state adds: keys, name, member head, records, last seen.
fn read_v2(r: &mut R<'_>, s: &mut SyncState) -> Result<(), SyncError> {
    if r.take(1)?[0] == 1 {
        let mut k = Zeroizing::new([0u8; 64]);
        k.copy_from_slice(r.take(64)?);
        s.keys = Some(DeviceKeys::from_bytes(&k));
    }
    s.name = read_str(r)?;
    if r.take(1)?[0] == 1 {
        let seq = r.u64()?;
        let hash = r.take(32)?.try_into().map_err(|_| SyncError::BadState)?;
        let epoch = r.u64()?;
        let mut epoch_key = Zeroizing::new([0u8; 32]);
        epoch_key.copy_from_slice(r.take(32)?);
        let upgraded = r.take(1)?[0] == 1;
        let n = r.u32()?;
        if n as usize > super::members::MAX_MEMBERS {
            return Err(SyncError::BadState);
        }
        let mut members = Vec::new();
        for _ in 0..n {
            members.push(Member {
                device: DeviceId(r.u64()?),
                sign_public: r.take(32)?.try_into().map_err(|_| SyncError::BadState)?,
                kx_public: r.take(32)?.try_into().map_err(|_| SyncError::BadState)?,
                added_ms: r.u64()?,
                name: read_str(r)?,
            });
        }
        s.head = Some(MemberHead {
            seq,
            hash,
            epoch,
            epoch_key,
            members,
            upgraded,
        });
    }
    for _ in 0..r.u32()? {
        let n = r.u32()? as usize;
        s.records.push(r.take(n)?.to_vec());
    }
    for _ in 0..r.u32()? {
        let d = DeviceId(r.u64()?);
        let at_ms = r.u64()?;
        let name = read_str(r)?;
        s.last_seen.insert(d, Seen { at_ms, name });
    }
    s.published_name = read_str(r)?;
    Ok(())
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
            keys: None,
            name: String::new(),
            head: None,
            records: Vec::new(),
            last_seen: BTreeMap::new(),
            published_name: String::new(),
        }
    }

    /// Remembers an accepted member record (its bytes, to put back into folders lacking it).
    pub fn keep_record(&mut self, bytes: Vec<u8>) {
        if !self.records.contains(&bytes) {
            self.records.push(bytes);
        }
        let excess = self.records.len().saturating_sub(MAX_KEPT_RECORDS);
        self.records.drain(..excess);
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
        // A format-1 membership uses the vault's device id; a member added by a transfer has
        // the id its inviter gave it (and its own keys), so only the former can be checked.
        if state.keys.is_none() && state.device != vault.device_id() {
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
        match &self.keys {
            Some(k) => {
                out.push(1);
                out.extend_from_slice(&k.to_bytes()[..]);
            }
            None => out.push(0),
        }
        put_str(&mut out, &self.name);
        match &self.head {
            Some(h) => {
                out.push(1);
                out.extend_from_slice(&h.seq.to_be_bytes());
                out.extend_from_slice(&h.hash);
                out.extend_from_slice(&h.epoch.to_be_bytes());
                out.extend_from_slice(&h.epoch_key[..]);
                out.push(u8::from(h.upgraded));
                out.extend_from_slice(&(h.members.len() as u32).to_be_bytes());
                for m in &h.members {
                    out.extend_from_slice(&m.device.0.to_be_bytes());
                    out.extend_from_slice(&m.sign_public);
                    out.extend_from_slice(&m.kx_public);
                    out.extend_from_slice(&m.added_ms.to_be_bytes());
                    put_str(&mut out, &m.name);
                }
            }
            None => out.push(0),
        }
        out.extend_from_slice(&(self.records.len() as u32).to_be_bytes());
        for r in &self.records {
            out.extend_from_slice(&(r.len() as u32).to_be_bytes());
            out.extend_from_slice(r);
        }
        out.extend_from_slice(&(self.last_seen.len() as u32).to_be_bytes());
        for (d, seen) in &self.last_seen {
            out.extend_from_slice(&d.0.to_be_bytes());
            out.extend_from_slice(&seen.at_ms.to_be_bytes());
            put_str(&mut out, &seen.name);
        }
        put_str(&mut out, &self.published_name);
        out
    }

    /// Reads a state written by [`SyncState::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SyncState, SyncError> {
        let mut r = R(bytes, 0);
        let magic = r.take(8)?;
        let v2 = magic == STATE_MAGIC;
        if !v2 && magic != STATE_MAGIC_V1 {
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
        if v2 {
            read_v2(&mut r, &mut s)?;
        }
        if r.1 != bytes.len() {
            return Err(SyncError::BadState);
        }
        Ok(s)
    }
}
