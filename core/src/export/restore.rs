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

/// Merges `accounts` (an opened backup's) into `vault` and saves once, through
/// [`Vault::import_all`]: on an error (an entry over the limits, a failed write) nothing of the
/// backup is added, in memory or on disk.
pub fn restore(
    vault: &mut Vault,
    accounts: &[ImportedAccount],
    now_ms: u64,
) -> Result<RestoreReport, VaultError> {
    let mut report = RestoreReport::default();
    for outcome in vault.import_all(accounts, now_ms)? {
        match outcome {
            AddOutcome::AlreadyPresent(_) => report.already_present += 1,
            AddOutcome::Added(_) | AddOutcome::AddedWithConflict { .. } => report.added += 1,
        }
    }
    Ok(report)
}
