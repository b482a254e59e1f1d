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
        self.change_and_save(|v| accounts.iter().map(|a| v.add_imported(a, now_ms)).collect())
    }
}
