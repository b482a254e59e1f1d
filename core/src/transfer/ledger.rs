//! Owns the rules of the sending device's code ledger: recording a typed `K` against the offer
//! it was first typed for, reading the legacy ledger file, and the [`CodeLedgerStore`] through
//! which it must be persisted before a typed code is checked (docs/transfer.md §4). The data
//! type itself is [`crate::code_ledger`], below the vault that stores it.

use super::error::TransferError;
use crate::code_ledger::{CodeLedger, TypedCode, CODE_LEDGER_MAX, CODE_LEDGER_RETENTION_SECS};

const LEGACY_MAGIC: &[u8; 8] = b"KULCSCL1";

impl CodeLedger {
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
/// method refuses the code. Production code uses [`crate::exchange::VaultLedger`] (the ledger
/// inside the vault); [`CodeLedger`] itself is an in-memory store for tests.
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

#[cfg(test)]
mod tests {
    //! Unit tests. The code ledger: a spent `K` cannot be used for another offer, tries are
    //! counted, old entries expire, the legacy file reads back.

    use crate::transfer::{
        CodeLedger, TransferError, TypedCode, CODE_LEDGER_MAX, CODE_LEDGER_RETENTION_SECS,
    };

    const NOW: i64 = 1_700_000_000;

    #[test]
    fn a_k_belongs_to_the_first_offer_it_was_typed_against() {
        let mut l = CodeLedger::default();
        assert_eq!(l.record(111_111, &[1; 32], NOW, true), Ok(1));
        assert_eq!(l.record(111_111, &[1; 32], NOW + 1, true), Ok(2));
        // A second K against the same offer adds to the same offer's count.
        assert_eq!(l.record(222_222, &[1; 32], NOW + 2, true), Ok(3));
        // Six digits without a full code are remembered but not counted.
        assert_eq!(l.record(333_333, &[1; 32], NOW + 3, false), Ok(3));
        assert_eq!(
            l.record(111_111, &[2; 32], NOW + 4, true),
            Err(TransferError::CodeReused)
        );
        assert_eq!(l.entries().len(), 3);
    }

    #[test]
    fn entries_expire_after_the_retention_but_not_when_the_clock_goes_back() {
        let mut l = CodeLedger::default();
        l.record(111_111, &[1; 32], NOW, true).unwrap();
        assert_eq!(
            l.record(111_111, &[2; 32], NOW - 86_400 * 30, true),
            Err(TransferError::CodeReused)
        );
        assert_eq!(
            l.record(111_111, &[2; 32], NOW + CODE_LEDGER_RETENTION_SECS, true),
            Err(TransferError::CodeReused)
        );
        assert_eq!(
            l.record(
                111_111,
                &[2; 32],
                NOW + CODE_LEDGER_RETENTION_SECS + 1,
                true
            ),
            Ok(1)
        );
    }

    #[test]
    fn the_ledger_is_bounded_oldest_first() {
        let mut l = CodeLedger::default();
        for k in 0..CODE_LEDGER_MAX as u32 + 1 {
            l.record(k, &[1; 32], NOW, false).unwrap();
        }
        assert_eq!(l.entries().len(), CODE_LEDGER_MAX);
        assert_eq!(l.entries()[0].k, 1);
    }

    #[test]
    fn the_legacy_file_reads_back_and_damage_is_bad_state() {
        let mut bytes = b"KULCSCL1".to_vec();
        bytes.extend_from_slice(&123_456u32.to_be_bytes());
        bytes.extend_from_slice(&[4; 32]);
        bytes.extend_from_slice(&NOW.to_be_bytes());
        let l = CodeLedger::from_legacy_bytes(&bytes).unwrap();
        assert_eq!(
            l.entries(),
            [TypedCode {
                k: 123_456,
                offer_digest: [4; 32],
                first_typed_unix: NOW,
                tries: 1
            }]
        );
        assert_eq!(
            CodeLedger::from_legacy_bytes(b"KULCSCL1").unwrap(),
            CodeLedger::default()
        );
        assert_eq!(
            CodeLedger::from_legacy_bytes(&bytes[..bytes.len() - 1]),
            Err(TransferError::BadState)
        );
        let mut magic = bytes;
        magic[7] = b'2';
        assert_eq!(
            CodeLedger::from_legacy_bytes(&magic),
            Err(TransferError::BadState)
        );
    }

    #[test]
    fn merging_keeps_the_earlier_offer_for_a_k() {
        let mut mine = CodeLedger::default();
        mine.record(5, &[1; 32], NOW, true).unwrap();
        let mut old = CodeLedger::default();
        old.record(5, &[2; 32], NOW - 10, true).unwrap();
        old.record(6, &[2; 32], NOW - 5, true).unwrap();
        mine.merge(&old);
        let ks: Vec<(u32, u8)> = mine
            .entries()
            .iter()
            .map(|e| (e.k, e.offer_digest[0]))
            .collect();
        assert_eq!(ks, [(5, 2), (6, 2)]);
    }
}
