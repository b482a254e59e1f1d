//! "Keep this one, delete the others": the duplicates of one entry removed in one atomic save.

use super::{duplicates, Vault, VaultError};
use crate::account::AccountId;

impl Vault {
    /// Keeps `keep` and removes every other entry of its duplicate group (same issuer and label,
    /// [`Vault::duplicates`]), then saves once. Returns the removed ids (empty, and nothing
    /// saved, when `keep` has no duplicates).
    ///
    /// Atomic: if the save fails, nothing is removed, in memory or on disk, and the error is
    /// returned. [`VaultError::AccountNotFound`] when `keep` is not in the vault.
    pub fn keep_only(
        &mut self,
        keep: AccountId,
        now_ms: u64,
    ) -> Result<Vec<AccountId>, VaultError> {
        if self.account(keep).is_none() {
            return Err(VaultError::AccountNotFound {
                id: keep.to_string(),
            });
        }
        let others: Vec<AccountId> =
            duplicates::duplicate_groups(&self.contents.accounts, &|_| false)
                .into_iter()
                .find(|g| g.accounts.contains(&keep))
                .map(|g| g.accounts.into_iter().filter(|&id| id != keep).collect())
                .unwrap_or_default();
        if others.is_empty() {
            return Ok(others);
        }
        self.change_and_save(|v| others.iter().try_for_each(|&id| v.remove(id, now_ms)))?;
        Ok(others)
    }
}
