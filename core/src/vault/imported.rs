//! Owns adding an account read from another app's export: the key as `add` adds it, then the
//! source's note and groups on the new entry, a favourite as the [`FAVOURITES_GROUP`] (an entry
//! already present is left as it is).

use super::{AddOutcome, Vault, VaultError};
use crate::account::{FAVOURITES_GROUP, MAX_GROUPS};
use crate::import::ImportedAccount;

impl Vault {
    /// Adds `account` like [`Vault::add`], then gives a newly created entry the source's note
    /// and groups. A key that is already here ([`AddOutcome::AlreadyPresent`]) keeps its own
    /// note and groups. On an error (a note or groups over the limits) the caller does not
    /// save, so nothing of the import reaches the disk.
    pub fn add_imported(
        &mut self,
        account: &ImportedAccount,
        now_ms: u64,
    ) -> Result<AddOutcome, VaultError> {
        let outcome = self.add(account.credential.clone(), now_ms)?;
        if let AddOutcome::Added(id) | AddOutcome::AddedWithConflict { id, .. } = &outcome {
            if account.note.is_some() {
                self.set_note(*id, account.note.as_deref(), now_ms)?;
            }
            let mut groups = account.groups.clone();
            // A source with a full set of groups keeps them; the favourite mark then gives way.
            if account.favourite
                && groups.len() < MAX_GROUPS
                && !groups.iter().any(|g| g == FAVOURITES_GROUP)
            {
                groups.push(FAVOURITES_GROUP.to_string());
            }
            if !groups.is_empty() {
                self.set_groups(*id, &groups, now_ms)?;
            }
        }
        Ok(outcome)
    }
}
