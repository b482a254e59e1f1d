//! Owns the sending device's code ledger: every `K` ever typed into it, with the offer it was
//! first typed against, and the [`CodeLedgerStore`] through which it must be persisted before
//! a typed code is checked (docs/transfer.md §4).

use super::error::TransferError;

/// How long a typed `K` is remembered (a week; a receiver session lasts at most a day).
pub const CODE_LEDGER_RETENTION_SECS: i64 = 7 * 86_400;
/// The most entries kept; the oldest is forgotten first.
pub const CODE_LEDGER_MAX: usize = 4096;
const LEGACY_MAGIC: &[u8; 8] = b"KULCSCL1";

/// One `K` typed into this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypedCode {
    /// The receiver's six-digit key `K` (spent: whoever saw the receiver's screen knows it).
    pub k: u32,
    /// SHA-256 of the body of the offer `K` was first typed against ([`super::Offer::digest`]).
    pub offer_digest: [u8; 32],
    /// When it was first typed (the sender's corrected Unix seconds).
    pub first_typed_unix: i64,
    /// Well-formed codes typed against that offer with this `K` (the attempt limit).
    pub tries: u32,
}

/// The sending device's memory of the codes typed into it. Not secret, but it must outlive
/// processes and be shared by every front end of the device: it lives inside the encrypted
/// vault (`transfer_codes`, docs/vault.md) and is reached through a [`CodeLedgerStore`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeLedger {
    entries: Vec<TypedCode>,
}

impl CodeLedger {
    /// A ledger holding these entries (as read from storage).
    pub fn from_entries(entries: Vec<TypedCode>) -> Self {
        CodeLedger { entries }
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> &[TypedCode] {
        &self.entries
    }

    /// True when nothing was ever recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records that `k` was typed against the offer with `offer_digest` at `now`, and returns
    /// how many well-formed codes have now been typed against that offer (all `K`s together).
    /// A `k` first typed against another offer is [`TransferError::CodeReused`]. Entries older
    /// than [`CODE_LEDGER_RETENTION_SECS`] are forgotten; a clock set back forgets nothing.
    pub(crate) fn record(
        &mut self,
        k: u32,
        offer_digest: &[u8; 32],
        now: i64,
        counts_as_try: bool,
    ) -> Result<u32, TransferError> {
        self.entries
            .retain(|e| now.saturating_sub(e.first_typed_unix) <= CODE_LEDGER_RETENTION_SECS);
        match self.entries.iter_mut().find(|e| e.k == k) {
            Some(e) if e.offer_digest != *offer_digest => return Err(TransferError::CodeReused),
            Some(e) => e.tries = e.tries.saturating_add(u32::from(counts_as_try)),
            None => {
                if self.entries.len() >= CODE_LEDGER_MAX {
                    self.entries.remove(0);
                }
                self.entries.push(TypedCode {
                    k,
                    offer_digest: *offer_digest,
                    first_typed_unix: now,
                    tries: u32::from(counts_as_try),
                });
            }
        }
        Ok(self
            .entries
            .iter()
            .filter(|e| e.offer_digest == *offer_digest)
            .fold(0u32, |n, e| n.saturating_add(e.tries)))
    }

    /// Adds the entries of `other` that this ledger does not know (migration of an old ledger
    /// file); for a `K` known to both, the earlier offer wins.
    pub fn merge(&mut self, other: &CodeLedger) {
        for e in &other.entries {
            match self.entries.iter_mut().find(|m| m.k == e.k) {
                Some(m) if e.first_typed_unix < m.first_typed_unix => *m = *e,
                Some(_) => {}
                None => self.entries.push(*e),
            }
        }
        self.entries.sort_by_key(|e| e.first_typed_unix);
        let excess = self.entries.len().saturating_sub(CODE_LEDGER_MAX);
        self.entries.drain(..excess);
    }

    /// Reads the ledger file of format 1 (`KULCSCL1`, the CLI's former
    /// `<vault>.transfer-codes`): 44-byte entries `u32 K ‖ 32-byte digest ‖ i64 time`.
    pub fn from_legacy_bytes(bytes: &[u8]) -> Result<CodeLedger, TransferError> {
        let rest = bytes
            .strip_prefix(LEGACY_MAGIC.as_slice())
            .ok_or(TransferError::BadState)?;
        if rest.len() % 44 != 0 {
            return Err(TransferError::BadState);
        }
        let mut entries = Vec::with_capacity(rest.len() / 44);
        for c in rest.chunks_exact(44) {
            let mut k = [0u8; 4];
            k.copy_from_slice(&c[..4]);
            let mut offer_digest = [0u8; 32];
            offer_digest.copy_from_slice(&c[4..36]);
            let mut t = [0u8; 8];
            t.copy_from_slice(&c[36..44]);
            entries.push(TypedCode {
                k: u32::from_be_bytes(k),
                offer_digest,
                first_typed_unix: i64::from_be_bytes(t),
                tries: 1,
            });
        }
        Ok(CodeLedger { entries })
    }
}

/// Where a sending device keeps its [`CodeLedger`]. `PendingSend::confirm` loads it, records
/// the typed `K`, and persists it **before** checking anything else; an error from either
/// method refuses the code. Production code uses [`crate::exchange::VaultLedger`] (the ledger inside
/// the vault); [`CodeLedger`] itself is an in-memory store for tests.
pub trait CodeLedgerStore {
    /// The current ledger. A ledger that cannot be read is an error, never "empty".
    fn load(&mut self) -> Result<CodeLedger, TransferError>;
    /// Makes `ledger` durable (crash-safe) before returning.
    fn persist(&mut self, ledger: &CodeLedger) -> Result<(), TransferError>;
}

impl CodeLedgerStore for CodeLedger {
    fn load(&mut self) -> Result<CodeLedger, TransferError> {
        Ok(self.clone())
    }
    fn persist(&mut self, ledger: &CodeLedger) -> Result<(), TransferError> {
        *self = ledger.clone();
        Ok(())
    }
}
