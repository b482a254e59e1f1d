//! Owns the rules of the member chain: which record may follow the one a device accepted
//! (additions, removals with a new epoch, self-joins while upgrading), and making new records.

use crate::random::RandomSource;

use super::keys::{DeviceKeys, EpochKey};
use super::members::{
    open_record, record_hash, record_header, seal_record, signed_by, upgrade_epoch_key,
    wrap_context, Member, MemberHead, RecordDraft,
};
use super::SyncError;

/// Checks record `b` as the successor of `head` for this device (`keys`) and returns the new
/// head. Same epoch: only additions, signed by a member of `head` (or, in an upgraded chain at
/// epoch 0, by the one device it adds: it proved it holds the format-1 key). Next epoch (a
/// removal): signed by a member of `head`, members a subset of `head`'s, the new key sealed to
/// this device, else [`SyncError::Removed`]. Whether this device is listed is the caller's
/// check (a device upgrading from format 1 follows the chain before it adds itself).
pub fn accept_next(
    group_id: &[u8; 16],
    head: &MemberHead,
    me: &DeviceKeys,
    b: &[u8],
) -> Result<MemberHead, SyncError> {
    let h = record_header(group_id, b)?;
    let by_member = |b: &[u8]| {
        head.members
            .iter()
            .any(|m| signed_by(group_id, b, &m.sign_public))
    };
    let bad = |what| SyncError::Malformed { what };
    if h.seq != head.seq.checked_add(1).ok_or(bad("seq"))? {
        return Err(bad("member record position"));
    }
    let (epoch_key, body) = if h.epoch == head.epoch {
        let body = open_record(group_id, &h, b, &head.epoch_key)?;
        let added: Vec<&Member> = body
            .members
            .iter()
            .filter(|m| head.member(m.device).is_none())
            .collect();
        let kept = head
            .members
            .iter()
            .all(|m| body.members.iter().any(|n| n == m));
        if !kept || added.is_empty() {
            return Err(bad("member record without a removal changes members"));
        }
        let self_join = head.upgraded
            && head.epoch == 0
            && added.len() == 1
            && signed_by(group_id, b, &added[0].sign_public);
        if !by_member(b) && !self_join {
            return Err(SyncError::ForeignRecord);
        }
        (head.epoch_key.clone(), body)
    } else if Some(h.epoch) == head.epoch.checked_add(1) {
        if !by_member(b) {
            return Err(SyncError::ForeignRecord);
        }
        let key = me
            .unwrap_epoch_key(&wrap_context(group_id, h.epoch), &h.wraps)
            .ok_or(SyncError::Removed)?;
        let body = open_record(group_id, &h, b, &key)?;
        if !body
            .members
            .iter()
            .all(|m| head.member(m.device) == Some(m))
        {
            return Err(bad("a removal that adds members"));
        }
        (key, body)
    } else {
        return Err(bad("member record epoch"));
    };
    if body.prev != head.hash || body.upgraded != head.upgraded {
        return Err(bad("member record chain"));
    }
    Ok(MemberHead {
        seq: h.seq,
        hash: record_hash(b),
        epoch: h.epoch,
        epoch_key,
        members: body.members,
        upgraded: head.upgraded,
    })
}

/// Checks `b` as the first record of a chain started by upgrading a format-1 group whose key
/// is `v1_key`: position 0, epoch 0, one member who signed it.
pub fn accept_upgrade_genesis(
    group_id: &[u8; 16],
    v1_key: &[u8; 32],
    b: &[u8],
) -> Result<MemberHead, SyncError> {
    let h = record_header(group_id, b)?;
    let key = upgrade_epoch_key(v1_key, group_id)?;
    if h.seq != 0 || h.epoch != 0 {
        return Err(SyncError::Malformed {
            what: "member record position",
        });
    }
    let body = open_record(group_id, &h, b, &key)?;
    let ok = body.upgraded
        && body.prev == [0; 32]
        && body.members.len() == 1
        && signed_by(group_id, b, &body.members[0].sign_public);
    if !ok {
        return Err(SyncError::ForeignRecord);
    }
    Ok(MemberHead {
        seq: 0,
        hash: record_hash(b),
        epoch: 0,
        epoch_key: key,
        members: body.members,
        upgraded: true,
    })
}

/// Seals the record following `head` with `members` at `epoch` under `epoch_key`, signed by
/// `me`; returns the new head and the record's bytes.
pub fn extend(
    group_id: &[u8; 16],
    head: &MemberHead,
    me: &DeviceKeys,
    members: Vec<Member>,
    epoch: u64,
    epoch_key: EpochKey,
    rng: &dyn RandomSource,
) -> Result<(MemberHead, Vec<u8>), SyncError> {
    let seq = head.seq.checked_add(1).ok_or(SyncError::BadState)?;
    let bytes = seal_record(
        &RecordDraft {
            group_id,
            seq,
            epoch,
            epoch_key: &epoch_key,
            prev: head.hash,
            upgraded: head.upgraded,
            members: &members,
        },
        me,
        rng,
    )?;
    let new = MemberHead {
        seq,
        hash: record_hash(&bytes),
        epoch,
        epoch_key,
        members,
        upgraded: head.upgraded,
    };
    Ok((new, bytes))
}

/// Starts a chain with `me` as its only member (a new group, or the first device of a format-1
/// group to upgrade, whose epoch 0 key is then [`upgrade_epoch_key`]).
pub fn genesis(
    group_id: &[u8; 16],
    me: &DeviceKeys,
    member: Member,
    epoch_key: EpochKey,
    upgraded: bool,
    rng: &dyn RandomSource,
) -> Result<(MemberHead, Vec<u8>), SyncError> {
    let members = vec![member];
    let bytes = seal_record(
        &RecordDraft {
            group_id,
            seq: 0,
            epoch: 0,
            epoch_key: &epoch_key,
            prev: [0; 32],
            upgraded,
            members: &members,
        },
        me,
        rng,
    )?;
    Ok((
        MemberHead {
            seq: 0,
            hash: record_hash(&bytes),
            epoch: 0,
            epoch_key,
            members,
            upgraded,
        },
        bytes,
    ))
}
