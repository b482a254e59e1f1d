//! Owns the trust decision for one replica file: which format and key opens it, whether its
//! device is a member and signed it, whether its name is the one its device would use; and
//! sealing this device's own replica under the current epoch.

use crate::random::RandomSource;

use super::envelope::{header_v2, open_v2, replica_name, seal_v2};
use super::members::MemberHead;
use super::replica::{self, Replica, REPLICA_SUFFIX};
use super::state::SyncState;
use super::SyncError;

/// A replica that may be merged.
pub(super) struct Admitted {
    /// The replica.
    pub replica: Replica,
    /// The name its device gives itself (format 2 only).
    pub name: Option<String>,
}

/// `<device-id>.kulcs-replica`, the file name of format 1 (16 lower-case hex digits).
pub fn replica_file_name(device: crate::hlc::DeviceId) -> String {
    format!("{device}{REPLICA_SUFFIX}")
}

/// Opens and checks the replica file `file_name`. Format 2: the epoch of `head`, a member's
/// device, its signature, the name derived from the epoch key. Format 1 (the group's old
/// shared key): only while an upgraded chain is at epoch 0, and only for devices that are not
/// yet members (a member publishes format 2).
pub(super) fn admit(
    state: &SyncState,
    head: &MemberHead,
    file_name: &str,
    bytes: &[u8],
) -> Result<Admitted, SyncError> {
    let gid = &state.group.group_id;
    if header_v2(bytes).is_some() {
        let o = open_v2(gid, head, bytes)?;
        if file_name != replica_name(gid, &head.epoch_key, o.replica.device)? {
            return Err(SyncError::NameMismatch {
                file: file_name.to_string(),
            });
        }
        return Ok(Admitted {
            replica: o.replica,
            name: Some(o.name),
        });
    }
    let h = replica::header(bytes)?;
    if h.group_id != *gid {
        return Err(SyncError::OtherGroup);
    }
    if !(head.upgraded && head.epoch == 0) {
        return Err(SyncError::LegacyRefused);
    }
    let r = replica::open(&state.group, bytes)?;
    if head.member(r.device).is_some() {
        return Err(SyncError::Superseded { device: r.device });
    }
    if file_name != replica_file_name(r.device) {
        return Err(SyncError::NameMismatch {
            file: file_name.to_string(),
        });
    }
    Ok(Admitted {
        replica: r,
        name: None,
    })
}

/// This device's replica sealed for the epoch of `head`, and its file name.
pub(super) fn seal_own(
    state: &SyncState,
    head: &MemberHead,
    replica: &Replica,
    rng: &dyn RandomSource,
) -> Result<(String, Vec<u8>), SyncError> {
    let keys = state.keys.as_ref().ok_or(SyncError::BadState)?;
    let gid = &state.group.group_id;
    let sealed = seal_v2(gid, head, keys, &state.name, replica, rng)?;
    Ok((replica_name(gid, &head.epoch_key, state.device)?, sealed))
}
