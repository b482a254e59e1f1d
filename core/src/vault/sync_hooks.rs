//! Owns the one write path sync and transfer need into the vault: installing a merged set of
//! accounts and tombstones (with their own ids and clocks) and advancing the vault's clock past
//! everything observed, and keeping the sync membership inside the encrypted contents.

use zeroize::Zeroizing;

use crate::account::{Account, Tombstone};
use crate::hlc::Hlc;

use super::{Vault, VaultError};

impl Vault {
    /// Replaces the accounts and tombstones with a merged result (from `sync::sync_directory` or
    /// a transfer that carried sync identities) and moves the clock past `observed`, so every
    /// later local change is newer than anything merged. Marks the vault changed; the caller
    /// saves it.
    ///
    /// Everything installed passes the rules of [`crate::validate`] first (issue 10): names and
    /// groups are repaired as on reopen, at most [`crate::validate::MAX_TOMBSTONES`] deletions
    /// are kept (the oldest forgotten), and a result too large to reopen is refused with
    /// [`VaultError::ContentsTooLarge`], leaving the vault unchanged.
    pub fn install_synced(
        &mut self,
        mut accounts: Vec<Account>,
        mut tombstones: Vec<Tombstone>,
        observed: Option<Hlc>,
        now_ms: u64,
    ) -> Result<(), VaultError> {
        for a in &mut accounts {
            crate::validate::repair_account(a);
        }
        crate::validate::cap_tombstones(&mut tombstones);
        crate::validate::check_size(&accounts, tombstones.len())?;
        if let Some(remote) = observed {
            let corrected = self.corrected_ms(now_ms);
            self.contents.clock = self.contents.clock.observe(&remote, corrected);
        }
        if self.contents.accounts != accounts || self.contents.tombstones != tombstones {
            self.contents.accounts = accounts;
            self.contents.tombstones = tombstones;
            self.dirty = true;
        } else if observed.is_some() {
            self.dirty = true;
        }
        Ok(())
    }

    /// The saved sync membership (opaque bytes that `sync::SyncState` reads), if any.
    pub fn sync_state_bytes(&self) -> Option<&[u8]> {
        self.contents.sync_state.as_deref().map(|b| &b[..])
    }

    /// Replaces the saved sync membership (`None` leaves the group). Marks the vault changed
    /// when it differs; the caller saves it, together with the accounts of the same sync round,
    /// in one crash-safe write.
    pub fn set_sync_state_bytes(&mut self, bytes: Option<Zeroizing<Vec<u8>>>) {
        if self.contents.sync_state != bytes {
            self.contents.sync_state = bytes;
            self.dirty = true;
        }
    }
}
