//! The rules a user notices about duplicates: when an added key is "already there", when two
//! entries conflict (same issuer and label, different keys), and which entry produced a code.

use std::collections::BTreeMap;

use crate::account::{name_key, Account, AccountId};
use crate::credential::Credential;
use crate::otp::{self, OtpParams};

/// How many steps before and after the current one a typed code is searched in.
pub const VERIFY_WINDOW: u32 = 1;

/// What [`super::Vault::add`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    /// A new entry was created.
    Added(AccountId),
    /// The same key with the same code parameters is already in the vault (under this id);
    /// nothing was added. Its name was not changed.
    AlreadyPresent(AccountId),
    /// A new entry was created, but entries with the same issuer and label and a different key
    /// exist (e.g. a failed enrolment left a dead key beside the live one). Show
    /// [`super::Vault::duplicates`] to let the user resolve it.
    AddedWithConflict {
        /// The new entry.
        id: AccountId,
        /// The existing entries with the same issuer and label.
        conflicts_with: Vec<AccountId>,
    },
}

impl AddOutcome {
    /// The id of the new or existing entry.
    pub fn id(&self) -> AccountId {
        match self {
            AddOutcome::Added(id)
            | AddOutcome::AlreadyPresent(id)
            | AddOutcome::AddedWithConflict { id, .. } => *id,
        }
    }
}

/// Entries that share issuer and label (compared trimmed and case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateGroup {
    /// The issuer as the newest entry spells it.
    pub issuer: String,
    /// The label as the newest entry spells it.
    pub label: String,
    /// The entries, newest (latest `created`) first.
    pub accounts: Vec<AccountId>,
    /// The newest entry: usually the live key, since a re-enrolment replaces the old key.
    pub newest: AccountId,
    /// The entry to keep: the newest of the synced ones (known to the sync group, so deleting
    /// it would delete it on every device) when there is one, else the newest (issue 11).
    pub keep: AccountId,
    /// The entries the sync group knows (empty outside a group).
    pub synced: Vec<AccountId>,
}

/// An entry whose code matched a typed code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyMatch {
    /// The entry.
    pub id: AccountId,
    /// The step the code belongs to: -1 previous, 0 current, +1 next (HOTP: counters ahead).
    pub step_offset: i64,
}

/// Two parameter sets make the same codes (the HOTP counter is state, not identity).
pub fn same_code_params(a: &OtpParams, b: &OtpParams) -> bool {
    a.kind == b.kind
        && a.algorithm == b.algorithm
        && a.digits == b.digits
        && (a.period == b.period || !a.is_time_based())
}

/// The entry that already holds this key with the same parameters (constant-time key compare).
pub fn find_same_key(accounts: &[Account], c: &Credential) -> Option<AccountId> {
    let mut found = None;
    for a in accounts {
        // Compare every key, so timing does not reveal where a match is.
        let same = a.credential.secret == c.secret;
        if same && same_code_params(&a.credential.params, &c.params) && found.is_none() {
            found = Some(a.id);
        }
    }
    found
}

/// Entries with the same issuer and label as `c` but a different key.
pub fn find_conflicts(accounts: &[Account], c: &Credential) -> Vec<AccountId> {
    let (i, l) = (name_key(&c.issuer), name_key(&c.label));
    accounts
        .iter()
        .filter(|a| name_key(&a.credential.issuer) == i && name_key(&a.credential.label) == l)
        .filter(|a| a.credential.secret != c.secret)
        .map(|a| a.id)
        .collect()
}

/// All groups of two or more entries sharing issuer and label; `synced` says which ids the
/// sync group knows.
pub fn duplicate_groups(
    accounts: &[Account],
    synced: &dyn Fn(AccountId) -> bool,
) -> Vec<DuplicateGroup> {
    let mut by_name: BTreeMap<(String, String), Vec<&Account>> = BTreeMap::new();
    for a in accounts {
        by_name
            .entry((
                name_key(&a.credential.issuer),
                name_key(&a.credential.label),
            ))
            .or_default()
            .push(a);
    }
    let mut out = Vec::new();
    for (_, mut group) in by_name {
        if group.len() < 2 {
            continue;
        }
        group.sort_by_key(|a| std::cmp::Reverse(a.created));
        let newest = group[0];
        let synced_ids: Vec<AccountId> = group
            .iter()
            .map(|a| a.id)
            .filter(|id| synced(*id))
            .collect();
        out.push(DuplicateGroup {
            issuer: newest.credential.issuer.clone(),
            label: newest.credential.label.clone(),
            accounts: group.iter().map(|a| a.id).collect(),
            newest: newest.id,
            keep: synced_ids.first().copied().unwrap_or(newest.id),
            synced: synced_ids,
        });
    }
    out
}

/// Which entries produce `typed` within ±[`VERIFY_WINDOW`] steps of `unix` (already
/// offset-corrected). Entries whose codes cannot be computed are skipped.
pub fn verify(accounts: &[Account], typed: &str, unix: i64) -> Vec<VerifyMatch> {
    accounts
        .iter()
        .filter_map(|a| {
            otp::verify(
                &a.credential.secret,
                &a.credential.params,
                unix,
                typed,
                VERIFY_WINDOW,
            )
            .ok()
            .flatten()
            .map(|step_offset| VerifyMatch {
                id: a.id,
                step_offset,
            })
        })
        .collect()
}
