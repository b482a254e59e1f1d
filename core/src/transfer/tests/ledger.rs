//! The code ledger: a spent `K` cannot be used for another offer, tries are counted, old
//! entries expire, the legacy file reads back.

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
