//! Owns the named sync report: which accounts a sync added, changed (and which fields),
//! removed, and which conflicts it brought, from the accounts before and after the merge.

use std::collections::BTreeMap;

use crate::account::{Account, AccountId, ConflictValue, Field};
use crate::hlc::{DeviceId, Hlc};

/// An account a sync added or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedAccount {
    /// Its id.
    pub id: AccountId,
    /// `Issuer (label)`.
    pub name: String,
}

/// An account whose visible contents a sync changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedAccount {
    /// Its id.
    pub id: AccountId,
    /// `Issuer (label)` after the sync.
    pub name: String,
    /// The fields whose value changed, in [`Field`] order.
    pub fields: Vec<Field>,
}

/// A conflict a sync brought: the value of `field` written on `device` lost to a concurrent
/// edit and is kept with the account (`kulcs show` lists it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConflict {
    /// The account.
    pub id: AccountId,
    /// `Issuer (label)` after the sync.
    pub name: String,
    /// The field.
    pub field: Field,
    /// When the losing value was written.
    pub stamp: Hlc,
    /// Where it was written (`stamp.node`).
    pub device: DeviceId,
}

/// What a sync did to this device's accounts, by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncChanges {
    /// Accounts that appeared.
    pub added: Vec<NamedAccount>,
    /// Accounts whose visible contents changed.
    pub changed: Vec<ChangedAccount>,
    /// Accounts that were removed.
    pub removed: Vec<NamedAccount>,
    /// Conflicts that appeared.
    pub conflicts: Vec<NewConflict>,
}

fn field_changed(a: &Account, b: &Account, f: Field) -> bool {
    match f {
        Field::Counter => a.credential.params.counter != b.credential.params.counter,
        _ => ConflictValue::of(a, f) != ConflictValue::of(b, f),
    }
}

/// The named difference between the accounts before and after a sync.
pub fn diff(
    before: &BTreeMap<AccountId, Account>,
    after: &BTreeMap<AccountId, Account>,
) -> SyncChanges {
    let mut out = SyncChanges::default();
    for (id, a) in after {
        let name = a.display_name();
        let old = before.get(id);
        match old {
            None => out.added.push(NamedAccount {
                id: *id,
                name: name.clone(),
            }),
            Some(b) => {
                let fields: Vec<Field> = Field::ALL
                    .into_iter()
                    .filter(|f| field_changed(b, a, *f))
                    .collect();
                if !fields.is_empty() {
                    out.changed.push(ChangedAccount {
                        id: *id,
                        name: name.clone(),
                        fields,
                    });
                }
            }
        }
        for c in a.conflicts() {
            let known = old.is_some_and(|b| {
                b.conflicts()
                    .any(|x| x.field == c.field && x.stamp == c.stamp)
            });
            if !known {
                out.conflicts.push(NewConflict {
                    id: *id,
                    name: name.clone(),
                    field: c.field,
                    stamp: c.stamp,
                    device: c.stamp.node,
                });
            }
        }
    }
    for (id, b) in before {
        if !after.contains_key(id) {
            out.removed.push(NamedAccount {
                id: *id,
                name: b.display_name(),
            });
        }
    }
    out
}
