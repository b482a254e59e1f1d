//! Owns what a device does with the member chain: create a group, invite a device (its keys and
//! the records go into the transfer), join from an invitation, remove a member (new epoch),
//! list members, and bring the chain up to date from the folder's record files.

use zeroize::Zeroizing;

use crate::bundle::SyncInvite;
use crate::hlc::DeviceId;
use crate::random::RandomSource;

use super::chain::{accept_next, accept_upgrade_genesis, extend, genesis};
use super::keys::DeviceKeys;
use super::members::{
    open_record, record_file_name, record_hash, record_header, upgrade_epoch_key, Member,
    MemberHead, RECORD_SUFFIX,
};
use super::reader::Reader;
use super::replica::SyncGroup;
use super::state::SyncState;
use super::SyncError;

const INVITE_MAGIC: &[u8; 8] = b"KULCSIN1";

/// One member as `kulcs devices` and the apps list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberInfo {
    /// Its id (what `devices remove` takes), 16 hex digits when shown.
    pub device: DeviceId,
    /// Its name: the one it gives itself in its replicas, else the one it was added with.
    pub name: String,
    /// When it was added (Unix ms).
    pub added_ms: u64,
    /// When its newest merged replica was published (Unix ms); `None`: never seen.
    pub last_seen_ms: Option<u64>,
    /// True for this device.
    pub this_device: bool,
}

fn member_of(keys: &DeviceKeys, device: DeviceId, name: &str, now_ms: u64) -> Member {
    Member {
        device,
        name: super::members::device_name(name),
        sign_public: keys.sign_public(),
        kx_public: keys.kx_public(),
        added_ms: now_ms,
    }
}

impl SyncState {
    /// A new group (format 2) with this device, `device`, as its only member, named `name`.
    pub fn create_group(
        device: DeviceId,
        name: &str,
        now_ms: u64,
        rng: &dyn RandomSource,
    ) -> Result<SyncState, SyncError> {
        let group = SyncGroup::generate(rng)?;
        let keys = DeviceKeys::generate(rng)?;
        let mut epoch_key = Zeroizing::new([0u8; 32]);
        rng.fill(&mut epoch_key[..])
            .map_err(|_| SyncError::Random)?;
        let me = member_of(&keys, device, name, now_ms);
        let (head, bytes) = genesis(&group.group_id, &keys, me, epoch_key, false, rng)?;
        let mut s = SyncState::new(group, device);
        s.keys = Some(keys);
        s.name = super::members::device_name(name);
        s.head = Some(head);
        s.keep_record(bytes);
        Ok(s)
    }

    /// The members of the group as this device last accepted them.
    pub fn members(&self) -> Vec<MemberInfo> {
        let Some(head) = &self.head else {
            return Vec::new();
        };
        head.members
            .iter()
            .map(|m| {
                let seen = self.last_seen.get(&m.device);
                let this_device = m.device == self.device;
                MemberInfo {
                    device: m.device,
                    name: match seen {
                        Some(s) if !s.name.is_empty() => s.name.clone(),
                        _ if this_device && !self.name.is_empty() => self.name.clone(),
                        _ => m.name.clone(),
                    },
                    added_ms: m.added_ms,
                    last_seen_ms: seen.map(|s| s.at_ms),
                    this_device,
                }
            })
            .collect()
    }

    /// Adds a new device: generates its key pairs (the transfer that carries them is
    /// encrypted and code-confirmed, and this device holds every secret anyway), appends a
    /// record with it (put into the folder at the next sync, by either device) and returns the
    /// invitation for the transfer. A device that has not yet moved to format 2 (no member
    /// list) invites in format 1; the receiver then upgrades like every format-1 device.
    pub fn invite_device(
        &mut self,
        name: &str,
        now_ms: u64,
        rng: &dyn RandomSource,
    ) -> Result<SyncInvite, SyncError> {
        let (Some(head), Some(keys)) = (&self.head, &self.keys) else {
            return Ok(self.group.invite());
        };
        let new_keys = DeviceKeys::generate(rng)?;
        let mut id = [0u8; 8];
        rng.fill(&mut id).map_err(|_| SyncError::Random)?;
        let device = DeviceId(u64::from_be_bytes(id));
        let mut members = head.members.clone();
        members.push(member_of(&new_keys, device, name, now_ms));
        let (new, bytes) = extend(
            &self.group.group_id,
            head,
            keys,
            members,
            head.epoch,
            head.epoch_key.clone(),
            rng,
        )?;
        let mut p = Zeroizing::new(INVITE_MAGIC.to_vec());
        p.extend_from_slice(&device.0.to_be_bytes());
        p.extend_from_slice(&new_keys.to_bytes()[..]);
        p.extend_from_slice(&new.epoch_key[..]);
        p.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        p.extend_from_slice(&bytes);
        self.head = Some(new);
        self.keep_record(bytes);
        let mut invite = self.group.invite();
        invite.members = Some(p);
        Ok(invite)
    }

    /// The state of a device joining through `invite` (`vault_device`: its vault's id, used
    /// only for a format-1 invitation, where devices are not yet members). The newest record
    /// in the invitation is this device's trust anchor: it must open with the epoch key given
    /// and list this device's keys.
    pub fn join(
        invite: &SyncInvite,
        vault_device: DeviceId,
        name: &str,
    ) -> Result<SyncState, SyncError> {
        let group = SyncGroup::from_invite(invite);
        let Some(p) = &invite.members else {
            let mut s = SyncState::new(group, vault_device);
            s.name = super::members::device_name(name);
            return Ok(s);
        };
        let bad = |_| SyncError::Malformed {
            what: "sync invitation",
        };
        let mut r = Reader::new(p);
        if r.take(8).map_err(bad)? != INVITE_MAGIC {
            return Err(SyncError::Malformed {
                what: "sync invitation",
            });
        }
        let device = DeviceId(r.u64().map_err(bad)?);
        let keys = DeviceKeys::from_bytes(&Zeroizing::new(r.array::<64>().map_err(bad)?));
        let epoch_key = Zeroizing::new(r.array::<32>().map_err(bad)?);
        let len = r.u32().map_err(bad)? as usize;
        let record = r.take(len).map_err(bad)?.to_vec();
        if !r.at_end() {
            return Err(SyncError::Malformed {
                what: "sync invitation",
            });
        }
        let h = record_header(&group.group_id, &record)?;
        let body = open_record(&group.group_id, &h, &record, &epoch_key)?;
        if !body
            .members
            .iter()
            .any(|m| m.device == device && m.kx_public == keys.kx_public())
        {
            return Err(SyncError::Malformed {
                what: "sync invitation",
            });
        }
        let mut s = SyncState::new(group, device);
        s.head = Some(MemberHead {
            seq: h.seq,
            hash: record_hash(&record),
            epoch: h.epoch,
            epoch_key,
            members: body.members,
            upgraded: body.upgraded,
        });
        s.keys = Some(keys);
        s.name = super::members::device_name(name);
        s.keep_record(record);
        Ok(s)
    }

    /// Removes `device` from the group: a new epoch whose fresh random key is sealed to the
    /// remaining members only. The record is put into the folder at the next sync (sync first,
    /// so the removal follows the newest record). Errors: not a member, removing this device.
    pub fn remove_device(
        &mut self,
        device: DeviceId,
        rng: &dyn RandomSource,
    ) -> Result<(), SyncError> {
        let (Some(head), Some(keys)) = (&self.head, &self.keys) else {
            return Err(SyncError::NotMember { device });
        };
        if device == self.device {
            return Err(SyncError::RemoveSelf);
        }
        if head.member(device).is_none() {
            return Err(SyncError::NotMember { device });
        }
        let members = head
            .members
            .iter()
            .filter(|m| m.device != device)
            .cloned()
            .collect();
        let mut key = Zeroizing::new([0u8; 32]);
        rng.fill(&mut key[..]).map_err(|_| SyncError::Random)?;
        let epoch = head.epoch.checked_add(1).ok_or(SyncError::BadState)?;
        let (new, bytes) = extend(&self.group.group_id, head, keys, members, epoch, key, rng)?;
        self.head = Some(new);
        self.keep_record(bytes);
        self.last_seen.remove(&device);
        Ok(())
    }
}

/// What following the chain found: records to write into the folder, and refused records.
#[derive(Debug, Default)]
pub struct ChainStep {
    /// Records this device holds that the folder lacks: (file name, bytes).
    pub writes: Vec<(String, Vec<u8>)>,
    /// Record files not accepted: (file name, why).
    pub refused: Vec<(String, SyncError)>,
}

/// Brings `state`'s member chain up to date from the folder's record files `(name, bytes)`.
/// A format-1 membership upgrades here: it gets keys, then accepts the chain started by the
/// first upgraded device (or starts it) and adds itself while the chain is at epoch 0. Ends
/// with [`SyncError::Removed`] when this device is not a member of the newest record.
pub fn follow_chain(
    state: &mut SyncState,
    files: &[(String, Vec<u8>)],
    now_ms: u64,
    rng: &dyn RandomSource,
) -> Result<ChainStep, SyncError> {
    let gid = state.group.group_id;
    let mut step = ChainStep::default();
    if state.keys.is_none() {
        state.keys = Some(DeviceKeys::generate(rng)?);
    }
    let keys = state.keys.clone().ok_or(SyncError::BadState)?;
    let mut parsed: Vec<(&String, &Vec<u8>, u64, [u8; 32])> = Vec::new();
    for (name, b) in files {
        match record_header(&gid, b) {
            Ok(h) => parsed.push((name, b, h.seq, record_hash(b))),
            Err(SyncError::OtherGroup) => {}
            Err(e) => step.refused.push((name.clone(), e)),
        }
    }
    parsed.sort_by_key(|p| (p.2, p.3));
    if state.head.is_none() {
        // Upgrading from format 1: the first record is one any holder of the old key made.
        let first = parsed.iter().filter(|p| p.2 == 0).find_map(|p| {
            accept_upgrade_genesis(&gid, &state.group.key, p.1)
                .ok()
                .map(|h| (h, p.1))
        });
        match first {
            Some((h, b)) => {
                state.head = Some(h);
                state.keep_record(b.clone());
            }
            None => {
                let me = member_of(&keys, state.device, &state.name, now_ms);
                let key = upgrade_epoch_key(&state.group.key, &gid)?;
                let (h, b) = genesis(&gid, &keys, me, key, true, rng)?;
                state.head = Some(h);
                state.keep_record(b);
            }
        }
    }
    let anchor = state
        .records
        .iter()
        .filter_map(|r| record_header(&gid, r).ok().map(|h| h.seq))
        .min()
        .unwrap_or(0);
    loop {
        let head = state.head.clone().ok_or(SyncError::BadState)?;
        let next = head.seq.checked_add(1).ok_or(SyncError::BadState)?;
        let mut accepted = None;
        for p in parsed.iter().filter(|p| p.2 == next) {
            match accept_next(&gid, &head, &keys, p.1) {
                Ok(h) => {
                    accepted = Some((h, p.1.clone()));
                    break;
                }
                Err(SyncError::Removed) => return Err(SyncError::Removed),
                Err(e) => step.refused.push((p.0.clone(), e)),
            }
        }
        let Some((h, b)) = accepted else { break };
        state.head = Some(h);
        state.keep_record(b);
    }
    let head = state.head.clone().ok_or(SyncError::BadState)?;
    // A record at a position this device already decided that is not the one it accepted: a
    // race (two members changed the list at once) or an attempt to fork the chain.
    let accepted: Vec<[u8; 32]> = state.records.iter().map(|r| record_hash(r)).collect();
    for p in &parsed {
        if (anchor..=head.seq).contains(&p.2) && !accepted.contains(&p.3) {
            step.refused
                .push((p.0.clone(), SyncError::CompetingRecord { seq: p.2 }));
        }
    }
    let me_listed = head
        .members
        .iter()
        .any(|m| m.device == state.device && m.kx_public == keys.kx_public());
    if !me_listed {
        if !(head.upgraded && head.epoch == 0) {
            return Err(SyncError::Removed);
        }
        if head.member(state.device).is_some() {
            // Listed under other keys: this device's keys were lost; it must join again.
            return Err(SyncError::Removed);
        }
        let mut members = head.members.clone();
        members.push(member_of(&keys, state.device, &state.name, now_ms));
        let (h, b) = extend(&gid, &head, &keys, members, 0, head.epoch_key.clone(), rng)?;
        state.head = Some(h);
        state.keep_record(b);
    }
    for r in &state.records {
        let Ok(h) = record_header(&gid, r) else {
            continue;
        };
        let name = record_file_name(h.seq, &record_hash(r));
        debug_assert!(name.ends_with(RECORD_SUFFIX));
        if !files.iter().any(|(n, _)| *n == name) {
            step.writes.push((name, r.clone()));
        }
    }
    Ok(step)
}

/// The members of the sync group whose membership is saved in `vault` (what the apps list;
/// empty when the group has no member list yet). [`SyncError::NotInGroup`] when in none.
pub fn vault_members(vault: &crate::vault::Vault) -> Result<Vec<MemberInfo>, SyncError> {
    Ok(SyncState::load(vault)?
        .ok_or(SyncError::NotInGroup)?
        .members())
}

/// Removes `device` from the group of the membership saved in `vault`
/// ([`SyncState::remove_device`]); the caller saves the vault, then syncs so the record
/// reaches the folder.
pub fn remove_vault_member(
    vault: &mut crate::vault::Vault,
    device: DeviceId,
    rng: &dyn RandomSource,
) -> Result<(), SyncError> {
    let mut state = SyncState::load(vault)?.ok_or(SyncError::NotInGroup)?;
    state.remove_device(device, rng)?;
    state.store(vault);
    Ok(())
}
