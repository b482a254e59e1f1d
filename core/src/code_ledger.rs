//! Owns the data of the sending device's code ledger (every `K` typed into it, as the vault
//! stores it); the rules for recording a typed code are the transfer's (`transfer::ledger`).

/// How long a typed `K` is remembered (a week; a receiver session lasts at most a day).
pub const CODE_LEDGER_RETENTION_SECS: i64 = 7 * 86_400;
/// The most entries kept; the oldest is forgotten first.
pub const CODE_LEDGER_MAX: usize = 4096;

/// One `K` typed into this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypedCode {
    /// The receiver's six-digit key `K` (spent: whoever saw the receiver's screen knows it).
    pub k: u32,
    /// SHA-256 of the body of the offer `K` was first typed against
    /// ([`crate::transfer::Offer::digest`]).
    pub offer_digest: [u8; 32],
    /// When it was first typed (the sender's corrected Unix seconds).
    pub first_typed_unix: i64,
    /// Well-formed codes typed against that offer with this `K` (the attempt limit).
    pub tries: u32,
}

/// The sending device's memory of the codes typed into it. Not secret, but it must outlive
/// processes and be shared by every front end of the device: it lives inside the encrypted
/// vault (`transfer_codes`, docs/vault.md) and is reached through a
/// [`crate::transfer::CodeLedgerStore`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeLedger {
    pub(crate) entries: Vec<TypedCode>,
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
}
