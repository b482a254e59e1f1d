//! Owns the deterministic merge of replicas: per field last-writer-wins on the HLC (joined in
//! `fields`), tombstones for deletions, and the rule that an edit the deleting device had not
//! seen keeps the account.

use std::collections::BTreeMap;

use crate::account::{Account, AccountId};
use crate::hlc::Hlc;

use super::fields::{join, settle};

/// A deletion as sync carries it: when it happened, and which version of the account the
/// deleting device had (`seen`, its `updated` stamp). A live version newer than `seen` is an
/// edit the deleter never saw, i.e. concurrent with the delete, and keeps the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncTombstone {
    /// The deleted account.
    pub id: AccountId,
    /// When it was deleted.
    pub deleted: Hlc,
    /// The newest version of the account the deleter had when deleting.
    pub seen: Hlc,
}

impl SyncTombstone {
    /// Joins two tombstones of the same account (the later delete, the most knowledge).
    pub fn join(&self, other: &SyncTombstone) -> SyncTombstone {
        SyncTombstone {
            id: self.id,
            deleted: self.deleted.max(other.deleted),
            seen: self.seen.max(other.seen),
        }
    }

    /// True when this delete had seen `version` (so the delete wins over it).
    pub fn covers(&self, version: &Hlc) -> bool {
        *version <= self.seen
    }
}

/// The synchronised state of one device: live accounts and tombstones (a tombstone may coexist
/// with a live account that a concurrent edit kept; it still covers older versions).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReplicaData {
    /// Live accounts by id.
    pub accounts: BTreeMap<AccountId, Account>,
    /// Tombstones by id.
    pub tombstones: BTreeMap<AccountId, SyncTombstone>,
}

impl ReplicaData {
    /// Builds the state from lists (later duplicates of an id are merged in).
    pub fn from_parts(
        accounts: impl IntoIterator<Item = Account>,
        tombstones: impl IntoIterator<Item = SyncTombstone>,
    ) -> Self {
        let mut out = ReplicaData::default();
        for t in tombstones {
            out.add_tombstone(t);
        }
        for a in accounts {
            out.add_account(a);
        }
        out
    }

    fn add_tombstone(&mut self, t: SyncTombstone) {
        let joined = match self.tombstones.get(&t.id) {
            Some(old) => old.join(&t),
            None => t,
        };
        self.tombstones.insert(t.id, joined);
        if let Some(a) = self.accounts.get_mut(&t.id) {
            if joined.covers(&a.updated) {
                self.accounts.remove(&t.id);
            } else {
                // Conflicts the deleter had seen went with the delete.
                settle(a, Some(joined.seen));
            }
        }
    }

    fn add_account(&mut self, mut a: Account) {
        let covered = self.tombstones.get(&a.id).map(|t| t.seen);
        settle(&mut a, covered);
        if covered.is_some_and(|seen| a.updated <= seen) {
            return;
        }
        let mut joined = match self.accounts.get(&a.id) {
            Some(old) => join(old, &a),
            None => a,
        };
        settle(&mut joined, covered);
        self.accounts.insert(joined.id, joined);
    }

    /// Merges `other` into `self`. Commutative, associative and idempotent, so every device
    /// reaches the same state whatever order replicas arrive in.
    pub fn merge(&mut self, other: &ReplicaData) {
        for t in other.tombstones.values() {
            self.add_tombstone(*t);
        }
        for a in other.accounts.values() {
            self.add_account(a.clone());
        }
    }

    /// Keeps at most `max` tombstones (issue 10: a replica of 300 000 fake deletions must not
    /// make the vault unopenable). Forgotten first: tombstones of accounts that are live anyway
    /// (they only cover older versions), then the oldest deletions. Live accounts are never
    /// removed. Every device applies the same rule, so none publishes more than `max`.
    pub fn cap_tombstones(&mut self, max: usize) {
        if self.tombstones.len() <= max {
            return;
        }
        let mut order: Vec<(bool, Hlc, AccountId)> = self
            .tombstones
            .values()
            .map(|t| (!self.accounts.contains_key(&t.id), t.deleted, t.id))
            .collect();
        order.sort_unstable();
        let excess = order.len() - max;
        for (_, _, id) in order.into_iter().take(excess) {
            self.tombstones.remove(&id);
        }
    }

    /// The largest HLC mentioned (for advancing the local clock past everything seen).
    pub fn max_clock(&self) -> Option<Hlc> {
        let a = self.accounts.values().flat_map(|a| {
            [a.created, a.updated]
                .into_iter()
                .chain(a.fields.all_stamps())
        });
        let t = self.tombstones.values().flat_map(|t| [t.deleted, t.seen]);
        a.chain(t).max()
    }

    /// Tombstones of accounts that are not live (what the vault keeps as deletions).
    pub fn dead_tombstones(&self) -> impl Iterator<Item = &SyncTombstone> {
        self.tombstones
            .values()
            .filter(|t| !self.accounts.contains_key(&t.id))
    }
}
