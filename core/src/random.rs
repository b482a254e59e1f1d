//! Owns where every random byte comes from: one trait, [`RandomSource`], the system generator
//! for production, and two deterministic sources for known-answer vectors and tests.
//!
//! The vault draws keys, salts, nonces and ids from it; transfer and sync draw session keys,
//! codes and nonces. Nothing else in the crate calls a generator directly.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use ring::digest;
use zeroize::Zeroizing;

/// The randomness source could not produce bytes (the OS generator failed, or a deterministic
/// test source ran out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the system random number generator failed")]
pub struct RandomUnavailable;

/// A source of random bytes. Production passes [`SystemRng`]; vectors and tests pass
/// [`SeededRandom`] or [`FixedRng`], so every output can be reproduced exactly.
pub trait RandomSource: Send + Sync {
    /// Fills `dest` entirely, or fails without partial output being used.
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomUnavailable>;
}

/// The operating system's generator, through ring.
pub type SystemRng = ring::rand::SystemRandom;

impl RandomSource for ring::rand::SystemRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomUnavailable> {
        ring::rand::SecureRandom::fill(self, dest).map_err(|_| RandomUnavailable)
    }
}

/// A deterministic generator for test vectors: block `i` is `SHA-256(seed || i as u64 BE)`,
/// each `fill` call starts on a fresh block. **Never use it for real keys.**
#[derive(Debug)]
pub struct SeededRandom {
    seed: Zeroizing<Vec<u8>>,
    block: AtomicU64,
}

impl SeededRandom {
    /// A generator whose whole output is determined by `seed`.
    pub fn new(seed: &[u8]) -> Self {
        SeededRandom {
            seed: Zeroizing::new(seed.to_vec()),
            block: AtomicU64::new(0),
        }
    }
}

impl RandomSource for SeededRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomUnavailable> {
        for chunk in dest.chunks_mut(32) {
            let i = self.block.fetch_add(1, Ordering::Relaxed);
            let mut ctx = digest::Context::new(&digest::SHA256);
            ctx.update(&self.seed);
            ctx.update(&i.to_be_bytes());
            let d = ctx.finish();
            chunk.copy_from_slice(&d.as_ref()[..chunk.len()]);
        }
        Ok(())
    }
}

/// A deterministic source for vault vectors: hands out the given bytes in order, then fails.
/// Never use it for a real vault.
#[derive(Debug)]
pub struct FixedRng {
    bytes: Mutex<(Vec<u8>, usize)>,
}

impl FixedRng {
    /// Hands out `bytes` in order.
    pub fn new(bytes: Vec<u8>) -> Self {
        FixedRng {
            bytes: Mutex::new((bytes, 0)),
        }
    }
}

impl RandomSource for FixedRng {
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomUnavailable> {
        let mut guard = self.bytes.lock().map_err(|_| RandomUnavailable)?;
        let (bytes, pos) = &mut *guard;
        let end = pos.checked_add(dest.len()).ok_or(RandomUnavailable)?;
        let src = bytes.get(*pos..end).ok_or(RandomUnavailable)?;
        dest.copy_from_slice(src);
        *pos = end;
        Ok(())
    }
}

/// `N` random bytes.
pub(crate) fn random_array<const N: usize>(
    rng: &dyn RandomSource,
) -> Result<[u8; N], RandomUnavailable> {
    let mut out = [0u8; N];
    rng.fill(&mut out)?;
    Ok(out)
}

/// A uniformly random integer below `bound` (rejection sampling; `bound > 0`).
pub(crate) fn random_below(rng: &dyn RandomSource, bound: u32) -> Result<u32, RandomUnavailable> {
    let zone = u32::MAX - (u32::MAX % bound);
    loop {
        let v = u32::from_be_bytes(random_array::<4>(rng)?);
        if v < zone {
            return Ok(v % bound);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_random_is_reproducible_and_starts_each_fill_on_a_fresh_block() {
        let (a, b) = (SeededRandom::new(b"seed"), SeededRandom::new(b"seed"));
        let (x, y): ([u8; 5], [u8; 5]) = (random_array(&a).unwrap(), random_array(&b).unwrap());
        assert_eq!(x, y);
        let block0 = digest::digest(&digest::SHA256, b"seed\0\0\0\0\0\0\0\0");
        assert_eq!(x, block0.as_ref()[..5]);
        let next: [u8; 5] = random_array(&a).unwrap();
        let block1 = digest::digest(&digest::SHA256, b"seed\0\0\0\0\0\0\0\x01");
        assert_eq!(next, block1.as_ref()[..5]);
    }

    #[test]
    fn fixed_rng_hands_out_its_bytes_in_order_then_fails() {
        let r = FixedRng::new(vec![1, 2, 3]);
        assert_eq!(random_array::<2>(&r).unwrap(), [1, 2]);
        assert_eq!(random_array::<2>(&r), Err(RandomUnavailable));
        assert_eq!(random_array::<1>(&r).unwrap(), [3]);
    }

    #[test]
    fn random_below_stays_below_its_bound() {
        let r = SeededRandom::new(b"below");
        for bound in [1, 2, 7, 1_000_000] {
            for _ in 0..50 {
                assert!(random_below(&r, bound).unwrap() < bound);
            }
        }
        assert_eq!(random_array::<32>(&SystemRng::new()).map(|_| ()), Ok(()));
    }
}
