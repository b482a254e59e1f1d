//! The one support module of the core's test binary: seeded PRNGs (no dependency, so a failing
//! seed reproduces), vector-clock helpers for the sync convergence checks, and its children.

// The benches and examples include `qr_synth` alone and use only part of the helpers.
#![allow(dead_code)]

/// Ügyfélkapu-like fixture accounts for the transfer, sync and migration tests.
pub mod accounts;
/// The counting allocator behind the "refused before allocating" tests.
pub mod alloc;
/// The deterministic synthetic QR generator (also used by `benches/qr.rs` and the examples).
pub mod qr_synth;
/// The device and shared folders of the sync tests between real vaults.
pub mod sync_dirs;
/// Vault files on disk: generation counts and the key file's permissions.
pub mod vault_files;

use std::collections::BTreeMap;

/// xorshift64 (13, 7, 17): the mutation tests' generator.
pub struct XorShift64(pub u64);

impl XorShift64 {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// splitmix64: the sync schedules' generator.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A vector clock: per device, the number of its events seen.
pub type VectorClock<K> = BTreeMap<K, u64>;

/// `a ≤ b`: everything `a` saw, `b` saw too.
pub fn vc_le<K: Ord>(a: &VectorClock<K>, b: &VectorClock<K>) -> bool {
    a.iter().all(|(k, v)| b.get(k).copied().unwrap_or(0) >= *v)
}

/// `a := a ⊔ b`.
pub fn vc_join<K: Ord + Copy>(a: &mut VectorClock<K>, b: &VectorClock<K>) {
    for (k, v) in b {
        let e = a.entry(*k).or_insert(0);
        *e = (*e).max(*v);
    }
}
