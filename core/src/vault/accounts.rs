//! Account changes: adding (with duplicate detection), renaming, notes, groups, counters, removal,
//! codes and verification.

use std::collections::HashSet;

use super::{duplicates, AddOutcome, DuplicateGroup, Vault, VaultError, VerifyMatch};
use crate::account::{Account, AccountId, Field, Note, Tombstone};
use crate::credential::Credential;
use crate::otp::{CodeWindow, OtpError, OtpKind};
use crate::random::random_array;
use crate::validate::clean_groups;

impl Vault {
    /// All accounts, in the order they were added.
    pub fn accounts(&self) -> &[Account] {
        &self.contents.accounts
    }

    /// Deleted account ids with their deletion times (for sync).
    pub fn tombstones(&self) -> &[Tombstone] {
        &self.contents.tombstones
    }

    /// The account with this id.
    pub fn account(&self, id: AccountId) -> Option<&Account> {
        self.contents.accounts.iter().find(|a| a.id == id)
    }

    /// Resolves a full id or a unique id prefix (case-insensitive hex, at least 1 character).
    pub fn resolve(&self, prefix: &str) -> Result<AccountId, VaultError> {
        let p = prefix.trim().to_ascii_lowercase();
        let not_found = || VaultError::AccountNotFound {
            id: prefix.to_string(),
        };
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(not_found());
        }
        let matches: Vec<AccountId> = self
            .contents
            .accounts
            .iter()
            .filter(|a| a.id.to_string().starts_with(&p))
            .map(|a| a.id)
            .collect();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(not_found()),
            many => Err(VaultError::AmbiguousId {
                prefix: prefix.to_string(),
                matches: many.len(),
            }),
        }
    }

    fn account_mut(&mut self, id: AccountId) -> Result<&mut Account, VaultError> {
        self.contents
            .accounts
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })
    }

    fn new_account_id(&self) -> Result<AccountId, VaultError> {
        let taken: HashSet<AccountId> = self
            .contents
            .accounts
            .iter()
            .map(|a| a.id)
            .chain(self.contents.tombstones.iter().map(|t| t.id))
            .collect();
        loop {
            let id = AccountId(random_array(self.opts.rng.as_ref())?);
            if !taken.contains(&id) {
                return Ok(id);
            }
        }
    }

    /// Adds a credential, unless the same key with the same parameters is already present.
    /// Entries with the same issuer and label but another key are reported as a conflict.
    /// Issuer and label are cleaned ([`crate::validate::name`]: control and bidi characters
    /// removed, trimmed) and refused when too long; a vault that would grow too large to reopen
    /// refuses the account.
    pub fn add(
        &mut self,
        mut credential: Credential,
        now_ms: u64,
    ) -> Result<AddOutcome, VaultError> {
        credential
            .params
            .validate()
            .map_err(VaultError::InvalidParams)?;
        credential.issuer = crate::validate::name("issuer", &credential.issuer)?;
        credential.label = crate::validate::name("label", &credential.label)?;
        if let Some(existing) = duplicates::find_same_key(&self.contents.accounts, &credential) {
            return Ok(AddOutcome::AlreadyPresent(existing));
        }
        let conflicts = duplicates::find_conflicts(&self.contents.accounts, &credential);
        let id = self.new_account_id()?;
        let t = self.tick(now_ms);
        let account = Account::new(id, credential, t);
        self.check_size_with(&account, None)?;
        self.contents.accounts.push(account);
        self.dirty = true;
        Ok(if conflicts.is_empty() {
            AddOutcome::Added(id)
        } else {
            AddOutcome::AddedWithConflict {
                id,
                conflicts_with: conflicts,
            }
        })
    }

    /// Checks that the contents, with `changed` added (`replacing` an account of that id), stay
    /// within the size a vault file may have ([`crate::validate::check_size`]).
    fn check_size_with(
        &self,
        changed: &Account,
        replacing: Option<AccountId>,
    ) -> Result<(), VaultError> {
        let others = self
            .contents
            .accounts
            .iter()
            .filter(|a| Some(a.id) != replacing);
        crate::validate::check_size(
            others.chain(std::iter::once(changed)),
            self.contents.tombstones.len(),
        )?;
        Ok(())
    }

    /// Changes issuer and label (cleaned and checked like [`Vault::add`]).
    pub fn rename(
        &mut self,
        id: AccountId,
        issuer: &str,
        label: &str,
        now_ms: u64,
    ) -> Result<(), VaultError> {
        let issuer = crate::validate::name("issuer", issuer)?;
        let label = crate::validate::name("label", label)?;
        let mut changed = self.account_mut(id)?.clone();
        changed.credential.issuer = issuer;
        changed.credential.label = label;
        self.check_size_with(&changed, Some(id))?;
        let a = self.account_mut(id)?;
        let fields = [
            (
                Field::Issuer,
                a.credential.issuer != changed.credential.issuer,
            ),
            (Field::Label, a.credential.label != changed.credential.label),
        ];
        if !fields.iter().any(|f| f.1) {
            return Ok(());
        }
        let t = self.tick(now_ms);
        let a = self.account_mut(id)?;
        for (field, differs) in fields {
            if differs {
                a.stamp(field, t);
            }
        }
        a.credential.issuer = changed.credential.issuer;
        a.credential.label = changed.credential.label;
        self.dirty = true;
        Ok(())
    }

    /// Sets or clears the note.
    pub fn set_note(
        &mut self,
        id: AccountId,
        note: Option<&str>,
        now_ms: u64,
    ) -> Result<(), VaultError> {
        let note = match note {
            Some(text) if !text.is_empty() => Some(Note::new(text)?),
            _ => None,
        };
        let mut changed = self.account_mut(id)?.clone();
        changed.note = note.clone();
        self.check_size_with(&changed, Some(id))?;
        if self.account_mut(id)?.note == note {
            return Ok(());
        }
        let t = self.tick(now_ms);
        let a = self.account_mut(id)?;
        a.note = note;
        a.stamp(Field::Note, t);
        self.dirty = true;
        Ok(())
    }

    /// Replaces the groups (cleaned: trimmed, deduplicated case-insensitively).
    pub fn set_groups(
        &mut self,
        id: AccountId,
        groups: &[String],
        now_ms: u64,
    ) -> Result<(), VaultError> {
        let groups = clean_groups(groups)?;
        let mut changed = self.account_mut(id)?.clone();
        changed.groups = groups.clone();
        self.check_size_with(&changed, Some(id))?;
        if self.account_mut(id)?.groups == groups {
            return Ok(());
        }
        let t = self.tick(now_ms);
        let a = self.account_mut(id)?;
        a.groups = groups;
        a.stamp(Field::Groups, t);
        self.dirty = true;
        Ok(())
    }

    /// Moves an HOTP account's counter forward by one (after a code was used) and returns the
    /// new counter. Other kinds are left unchanged.
    pub fn advance_counter(&mut self, id: AccountId, now_ms: u64) -> Result<u64, VaultError> {
        let a = self.account_mut(id)?;
        if a.credential.params.kind != OtpKind::Hotp {
            return Ok(a.credential.params.counter);
        }
        let next = a
            .credential
            .params
            .counter
            .checked_add(1)
            .ok_or(VaultError::InvalidParams(OtpError::TimeOutOfRange))?;
        let t = self.tick(now_ms);
        let a = self.account_mut(id)?;
        a.credential.params.counter = next;
        a.stamp(Field::Counter, t);
        self.dirty = true;
        Ok(next)
    }

    /// Dismisses the account's sync conflicts (after the user has seen them). Stored as the
    /// newest conflict stamp, merged by maximum, so the other devices drop them too.
    pub fn clear_conflicts(&mut self, id: AccountId) -> Result<usize, VaultError> {
        let a = self.account_mut(id)?;
        let n = a.fields.conflicts.len();
        if let Some(newest) = a.fields.conflicts.iter().map(|c| c.stamp).max() {
            a.fields.cleared = a.fields.cleared.max(newest);
            a.fields.conflicts.clear();
            self.dirty = true;
        }
        Ok(n)
    }

    /// Deletes an account, leaving a tombstone so sync deletes it elsewhere too.
    pub fn remove(&mut self, id: AccountId, now_ms: u64) -> Result<(), VaultError> {
        let pos = self
            .contents
            .accounts
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })?;
        let t = self.tick(now_ms);
        self.contents.accounts.remove(pos);
        self.contents.tombstones.push(Tombstone { id, deleted: t });
        crate::validate::cap_tombstones(&mut self.contents.tombstones);
        self.dirty = true;
        Ok(())
    }

    /// The code window of one account at device time `unix` (the clock offset is added here).
    pub fn code_window(&self, id: AccountId, unix: i64) -> Result<CodeWindow, VaultError> {
        let a = self
            .account(id)
            .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })?;
        let t = self
            .corrected_unix(unix)
            .map_err(VaultError::InvalidParams)?;
        a.credential
            .code_window(t)
            .map_err(VaultError::InvalidParams)
    }

    /// Which entries produce the typed `code` within ±1 step of device time `unix` (the clock
    /// offset is added here). Several matches mean duplicate keys; none means no entry made it.
    pub fn verify(&self, code: &str, unix: i64) -> Vec<VerifyMatch> {
        match self.corrected_unix(unix) {
            Ok(t) => duplicates::verify(&self.contents.accounts, code, t),
            Err(_) => Vec::new(),
        }
    }

    /// Groups of entries sharing issuer and label, newest first (outside a sync group).
    pub fn duplicates(&self) -> Vec<DuplicateGroup> {
        duplicates::duplicate_groups(&self.contents.accounts, &|_| false)
    }

    /// The same, where `synced` says which account ids the sync group knows (e.g. the keys of
    /// `SyncState::known`): each group's `keep` then prefers a synced entry, since deleting that
    /// one would delete it on every device.
    pub fn duplicates_synced(&self, synced: &dyn Fn(AccountId) -> bool) -> Vec<DuplicateGroup> {
        duplicates::duplicate_groups(&self.contents.accounts, synced)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{ugyfelkapu, Scratch, NOW, RFC_KEY};
    use super::*;

    #[test]
    fn the_same_key_twice_is_already_present_and_a_new_key_under_the_same_name_conflicts() {
        let s = Scratch::new("acc-add");
        let mut v = s.create();
        let AddOutcome::Added(first) = v.add(ugyfelkapu("kovacs.janos", RFC_KEY), NOW).unwrap()
        else {
            panic!("first add must be Added")
        };
        let again = v.add(ugyfelkapu("kovacs.janos", RFC_KEY), NOW + 1).unwrap();
        assert_eq!(again, AddOutcome::AlreadyPresent(first));
        let other = v
            .add(ugyfelkapu("kovacs.janos", "JBSWY3DPEHPK3PXP"), NOW + 2)
            .unwrap();
        assert!(matches!(
            other,
            AddOutcome::AddedWithConflict { ref conflicts_with, .. } if *conflicts_with == vec![first]
        ));
        assert_eq!(v.accounts().len(), 2);
        assert_eq!(v.duplicates().len(), 1);
        // The newest is the advice outside sync; a synced older entry is kept instead (issue 11).
        let AddOutcome::AddedWithConflict { id: newer, .. } = other else {
            unreachable!()
        };
        assert_eq!(v.duplicates()[0].keep, newer);
        let g = &v.duplicates_synced(&|id| id == first)[0];
        assert_eq!(
            (g.newest, g.keep, g.synced.clone()),
            (newer, first, vec![first])
        );
    }

    #[test]
    fn rename_and_remove_change_the_account_and_leave_a_tombstone() {
        let s = Scratch::new("acc-rename");
        let mut v = s.create();
        let id = v.add(ugyfelkapu("a", RFC_KEY), NOW).unwrap().id();
        v.save().unwrap();
        v.rename(id, "  Bank\u{202e}  ", "anna", NOW + 10).unwrap();
        assert!(v.is_dirty());
        let a = v.account(id).unwrap();
        assert_eq!(
            (a.credential.issuer.as_str(), a.credential.label.as_str()),
            ("Bank", "anna")
        );
        assert!(a.updated > a.created);
        v.remove(id, NOW + 20).unwrap();
        assert!(v.account(id).is_none());
        assert_eq!(v.tombstones().len(), 1);
        assert_eq!(v.tombstones()[0].id, id);
        assert!(matches!(
            v.remove(id, NOW + 30),
            Err(VaultError::AccountNotFound { .. })
        ));
    }

    #[test]
    fn resolve_takes_a_unique_case_insensitive_prefix_and_refuses_non_hex() {
        let s = Scratch::new("acc-resolve");
        let mut v = s.create();
        let id = v.add(ugyfelkapu("a", RFC_KEY), NOW).unwrap().id();
        let full = id.to_string();
        assert_eq!(v.resolve(&full).unwrap(), id);
        assert_eq!(v.resolve(&full[..3].to_ascii_uppercase()).unwrap(), id);
        assert!(matches!(
            v.resolve("xyz"),
            Err(VaultError::AccountNotFound { .. })
        ));
        assert!(matches!(
            v.resolve(""),
            Err(VaultError::AccountNotFound { .. })
        ));
    }

    #[test]
    fn codes_follow_rfc_6238_and_include_the_clock_offset() {
        let s = Scratch::new("acc-code");
        let mut v = s.create();
        let id = v.add(ugyfelkapu("a", RFC_KEY), NOW).unwrap().id();
        assert_eq!(v.code_window(id, 59).unwrap().code.as_str(), "287082");
        let m = v.verify("287082", 59);
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].id, m[0].step_offset), (id, 0));
        v.set_clock_offset(30).unwrap();
        assert_eq!(v.code_window(id, 29).unwrap().code.as_str(), "287082");
        assert!(v.verify("000000", 59).is_empty());
    }
}
