//! Owns restoring a backup into a vault: every entry goes through the vault's add path (the
//! same duplicate rule as an import), nothing already there is changed or dropped, and the
//! vault's slots and passphrase are never touched.

use crate::import::ImportedAccount;
use crate::vault::{AddOutcome, Vault, VaultError};

/// What a restore did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RestoreReport {
    /// Entries added (with their note and groups).
    pub added: usize,
    /// Entries whose key was already in the vault; the vault's entry was left as it is.
    pub already_present: usize,
}

/// Merges `accounts` (an opened backup's) into `vault` in memory; the caller saves. On an error
/// the caller must not save, so nothing partial reaches the disk.
pub fn restore(
    vault: &mut Vault,
    accounts: &[ImportedAccount],
    now_ms: u64,
) -> Result<RestoreReport, VaultError> {
    let mut report = RestoreReport::default();
    for a in accounts {
        match vault.add_imported(a, now_ms)? {
            AddOutcome::AlreadyPresent(_) => report.already_present += 1,
            AddOutcome::Added(_) | AddOutcome::AddedWithConflict { .. } => report.added += 1,
        }
    }
    Ok(report)
}
