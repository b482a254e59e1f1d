//! Owns moving bundles in and out of a vault, above both `sync` and `transfer`: choosing what to
//! send (with sync identities when the transfer also joins a sync group), importing what
//! arrived, deciding whether a sync invite may be joined, and keeping the sender's code ledger
//! inside the vault ([`VaultLedger`]).

use crate::account::AccountId;
use crate::hlc::Hlc;
use crate::sync::replica::{from_bundle_account, to_bundle_account};
use crate::sync::{ReplicaData, SyncGroup, SyncTombstone};
use crate::vault::{AddOutcome, Vault, VaultError};

use crate::bundle::{Bundle, BundleAccount, SyncInvite};
use crate::transfer::{CodeLedger, CodeLedgerStore, TransferError};

/// The code ledger kept inside the vault's encrypted contents (`transfer_codes`), so every
/// front end and process of the device shares it. [`CodeLedgerStore::persist`] saves the
/// vault crash-safely before returning; a failed save is [`TransferError::LedgerUnavailable`].
pub struct VaultLedger<'a>(pub &'a mut Vault);

impl CodeLedgerStore for VaultLedger<'_> {
    fn load(&mut self) -> Result<CodeLedger, TransferError> {
        Ok(self.0.contents().transfer_codes.clone())
    }

    fn persist(&mut self, ledger: &CodeLedger) -> Result<(), TransferError> {
        // Kept in memory even if the save fails (a later save then records it): an entry
        // can only refuse codes, never admit one.
        self.0.contents_mut().transfer_codes = ledger.clone();
        self.0.save().map_err(|e| TransferError::LedgerUnavailable {
            reason: e.to_string(),
        })
    }
}

/// What joining a transfer's sync invitation means for this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncJoin {
    /// This device had no sync group: it joins the invited one.
    Join,
    /// This device is already in the invited group: nothing changes.
    AlreadyMember,
    /// This device leaves its current group for the invited one (the caller passed
    /// `replace = true` after asking the user).
    Replace,
}

/// Decides whether a received sync invitation may be joined. A device already in *another*
/// group is refused with [`TransferError::ReplacesSyncGroup`] unless `replace` is true (the
/// user was asked), so an invitation never silently replaces a group.
pub fn sync_join(
    current: Option<&SyncGroup>,
    invite: &SyncInvite,
    replace: bool,
) -> Result<SyncJoin, TransferError> {
    match current {
        None => Ok(SyncJoin::Join),
        Some(g) if g.group_id == invite.group_id && *g.key == *invite.key => {
            Ok(SyncJoin::AlreadyMember)
        }
        Some(_) if replace => Ok(SyncJoin::Replace),
        Some(_) => Err(TransferError::ReplacesSyncGroup),
    }
}

/// Builds the bundle to send: the chosen accounts (all when `selection` is `None`). With a sync
/// invitation (from [`crate::sync::SyncState::invite_device`], which adds the receiver to the
/// member list) the accounts keep their ids and clocks and the receiver joins the group.
pub fn bundle_from_vault(
    vault: &Vault,
    selection: Option<&[AccountId]>,
    sync: Option<SyncInvite>,
) -> Bundle {
    let accounts = vault
        .accounts()
        .iter()
        .filter(|a| selection.is_none_or(|s| s.contains(&a.id)))
        .map(|a| {
            let mut b = to_bundle_account(a);
            if sync.is_none() {
                b.identity = None;
            }
            b
        })
        .collect();
    Bundle { accounts, sync }
}

/// Local accounts holding the same key and code parameters as an incoming synced account
/// whose id is not here yet: `(local copy, incoming id)`, each local copy at most once.
fn same_keys(
    vault: &Vault,
    incoming: &[crate::account::Account],
) -> Vec<(crate::account::Account, AccountId)> {
    let mut out: Vec<(crate::account::Account, AccountId)> = Vec::new();
    for inc in incoming {
        // Known here already, or deleted here (the local copy then stays as it is).
        if vault.account(inc.id).is_some() || vault.tombstones().iter().any(|t| t.id == inc.id) {
            continue;
        }
        let local = vault.accounts().iter().find(|a| {
            a.credential.secret == inc.credential.secret
                && crate::vault::same_code_params(&a.credential.params, &inc.credential.params)
                && !incoming.iter().any(|i| i.id == a.id)
                && !out.iter().any(|(o, _)| o.id == a.id)
        });
        if let Some(local) = local {
            out.push((local.clone(), inc.id));
        }
    }
    out
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Accounts added.
    pub added: usize,
    /// Accounts already present with the same key and parameters (not added again).
    pub already_present: usize,
    /// Accounts added although another entry has the same issuer and label but another key.
    pub conflicts: usize,
    /// True when the bundle invited this device into a sync group.
    pub joined_sync: bool,
}

/// Imports a received bundle into the vault (the caller saves it). Accounts that carry sync
/// identities are merged by id like a sync replica; others are added as new accounts, with
/// the usual duplicate detection.
pub fn import_into_vault(
    vault: &mut Vault,
    bundle: &Bundle,
    now_ms: u64,
) -> Result<ImportReport, VaultError> {
    let mut report = ImportReport {
        joined_sync: bundle.sync.is_some(),
        ..Default::default()
    };
    let (with_id, plain): (Vec<&BundleAccount>, Vec<&BundleAccount>) =
        bundle.accounts.iter().partition(|a| a.identity.is_some());
    if !with_id.is_empty() {
        let incoming: Vec<_> = with_id
            .iter()
            .filter_map(|b| from_bundle_account((*b).clone()))
            .collect();
        // The same key and parameters already here under another id (an earlier plain
        // transfer): the synced copy takes its place instead of duplicating it (issue 11).
        let replaced = same_keys(vault, &incoming);
        let c = vault.contents();
        let tombs = c.tombstones.iter().map(|t| SyncTombstone {
            id: t.id,
            deleted: t.deleted,
            seen: t.deleted,
        });
        let locals = c
            .accounts
            .iter()
            .filter(|a| !replaced.iter().any(|(old, _)| old.id == a.id))
            .cloned();
        let mut data = ReplicaData::from_parts(locals, tombs);
        let before = data.accounts.len() + replaced.len();
        let observed: Option<Hlc> = incoming.iter().map(|a| a.updated.max(a.created)).max();
        data.merge(&ReplicaData::from_parts(incoming, []));
        report.added += data.accounts.len().saturating_sub(before);
        report.already_present += with_id
            .len()
            .saturating_sub(data.accounts.len().saturating_sub(before));
        let mut merged = data.accounts.clone();
        let mut ordered: Vec<_> = vault
            .accounts()
            .iter()
            .filter_map(|a| {
                let id = replaced
                    .iter()
                    .find(|(old, _)| old.id == a.id)
                    .map_or(a.id, |(_, new)| *new);
                merged.remove(&id)
            })
            .collect();
        let mut new: Vec<_> = merged.into_values().collect();
        new.sort_by_key(|a| (a.created, a.id));
        ordered.extend(new);
        let tombstones = vault
            .tombstones()
            .iter()
            .filter(|t| !data.accounts.contains_key(&t.id))
            .copied()
            .collect();
        vault.install_synced(ordered, tombstones, observed, now_ms)?;
        // What the user had added to the local copy is kept, as a new edit that syncs.
        for (old, new) in &replaced {
            let synced = vault.account(*new).cloned();
            if let (Some(note), Some(None)) = (&old.note, synced.as_ref().map(|a| &a.note)) {
                vault.set_note(*new, Some(note.expose()), now_ms)?;
            }
            if !old.groups.is_empty() && synced.is_some_and(|a| a.groups.is_empty()) {
                vault.set_groups(*new, &old.groups, now_ms)?;
            }
        }
    }
    for b in plain {
        match vault.add(b.credential.clone(), now_ms)? {
            AddOutcome::AlreadyPresent(_) => report.already_present += 1,
            outcome => {
                if matches!(outcome, AddOutcome::AddedWithConflict { .. }) {
                    report.conflicts += 1;
                }
                report.added += 1;
                let id = outcome.id();
                if let Some(n) = &b.note {
                    vault.set_note(id, Some(n), now_ms)?;
                }
                if !b.groups.is_empty() {
                    vault.set_groups(id, &b.groups, now_ms)?;
                }
            }
        }
    }
    Ok(report)
}

/// The name the sender gives the device it invites, until that device names itself at join.
pub const NEW_DEVICE_NAME: &str = "new device";

/// The invitation a `--sync` transfer carries, for the sender's side of the CLI and the apps:
/// creates the group first when this vault is in none (this device its first member, named
/// `this_name`), then adds the new device ([`NEW_DEVICE_NAME`]) to the member list and returns what it
/// needs (docs/sync.md §9). The updated membership is stored in the vault; the caller saves it
/// (before sending the frames, so the member record is published by the next sync).
pub fn sync_invite_for_new_device(
    vault: &mut Vault,
    this_name: &str,
    now_ms: u64,
    rng: &dyn crate::random::RandomSource,
) -> Result<SyncInvite, crate::sync::SyncError> {
    use crate::sync::SyncState;
    let mut state = match SyncState::load(vault)? {
        Some(s) => s,
        None => {
            let mut s = SyncState::create_group(vault.device_id(), this_name, now_ms, rng)?;
            s.remember(vault.accounts());
            s
        }
    };
    let invite = state.invite_device(NEW_DEVICE_NAME, now_ms, rng)?;
    state.store(vault);
    Ok(invite)
}

/// Why [`import_and_join`] refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The invitation would replace this device's sync group
    /// ([`TransferError::ReplacesSyncGroup`]; ask the user, then pass `replace = true`).
    /// Nothing was imported.
    #[error(transparent)]
    Transfer(#[from] TransferError),
    /// The accounts could not be added.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// The sync membership saved in the vault is damaged.
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
}

/// Imports a received bundle and, when it carries a sync invitation, joins that group: checked
/// with [`sync_join`] before anything is imported (another group is refused unless `replace`);
/// this device joins as `name`. An invitation with a member list (format 2) always gives this
/// device the membership the sender made for it, even in the group it is in already: a device
/// that was removed and is invited again becomes a member again, and when its old identity is
/// still a member (the same `--sync` transfer run twice) this device removes that identity,
/// so no member is left that nobody uses (a new epoch; `rng` draws its key). A format-1
/// invitation into the same group keeps the existing state. The caller saves the vault, so
/// the accounts and the membership reach the disk in one write. The receive side of the CLI's
/// `--sync` and of the apps.
pub fn import_and_join(
    vault: &mut Vault,
    bundle: &Bundle,
    replace: bool,
    name: &str,
    now_ms: u64,
    rng: &dyn crate::random::RandomSource,
) -> Result<ImportReport, ImportError> {
    use crate::sync::SyncState;
    let current = |v: &Vault| SyncState::load(v).map(|s| s.map(|s| s.group));
    if let Some(invite) = &bundle.sync {
        sync_join(current(vault)?.as_ref(), invite, replace)?;
    }
    let report = import_into_vault(vault, bundle, now_ms)?;
    if let Some(invite) = &bundle.sync {
        let old = SyncState::load(vault)?;
        let same_group =
            sync_join(old.as_ref().map(|s| &s.group), invite, true)? == SyncJoin::AlreadyMember;
        if !same_group || invite.members.is_some() {
            let mut state = SyncState::join(invite, vault.device_id(), name)?;
            if let Some(old) = old.filter(|o| same_group && o.device != state.device) {
                let still_member = state
                    .head
                    .as_ref()
                    .is_some_and(|h| h.member(old.device).is_some());
                if still_member {
                    state.remove_device(old.device, rng)?;
                }
            }
            state.remember(vault.accounts());
            state.store(vault);
        }
    }
    Ok(report)
}
