//! Owns adding a whole export file at once: every account of it, saved in one write, or none.

use super::{AddOutcome, Vault, VaultError};
use crate::import::ImportedAccount;

impl Vault {
    /// Adds every account (each as [`Vault::add_imported`] does) and saves once. On any error
    /// (an account over the limits, a failed write) the vault is as it was before the call, in
    /// memory and on disk: an import is never half-done.
    pub fn import_all(
        &mut self,
        accounts: &[ImportedAccount],
        now_ms: u64,
    ) -> Result<Vec<AddOutcome>, VaultError> {
        let (before, was_dirty) = (self.contents.clone(), self.dirty);
        let result = accounts
            .iter()
            .map(|a| self.add_imported(a, now_ms))
            .collect::<Result<Vec<_>, _>>()
            .and_then(|outcomes| self.save().map(|()| outcomes));
        if result.is_err() {
            self.contents = before;
            self.dirty = was_dirty;
        }
        result
    }
}
