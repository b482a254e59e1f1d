//! Owns where transfer and sync randomness comes from: the system generator in production, a
//! seeded deterministic generator for known-answer vectors and tests.

use ring::digest;
use std::cell::Cell;
use zeroize::Zeroizing;

/// The randomness source could not produce bytes (the OS generator failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the system random number generator failed")]
pub struct RandomUnavailable;

/// A source of random bytes. Production code passes [`ring::rand::SystemRandom`]; vectors and
/// tests pass [`SeededRandom`], so every output of the protocol can be reproduced exactly.
pub trait RandomSource {
    /// Fills `dest` with random bytes.
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomUnavailable>;
}

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
    block: Cell<u64>,
}

impl SeededRandom {
    /// A generator whose whole output is determined by `seed`.
    pub fn new(seed: &[u8]) -> Self {
        SeededRandom {
            seed: Zeroizing::new(seed.to_vec()),
            block: Cell::new(0),
        }
    }
}

impl RandomSource for SeededRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomUnavailable> {
        for chunk in dest.chunks_mut(32) {
            let i = self.block.get();
            self.block.set(i + 1);
            let mut ctx = digest::Context::new(&digest::SHA256);
            ctx.update(&self.seed);
            ctx.update(&i.to_be_bytes());
            let d = ctx.finish();
            chunk.copy_from_slice(&d.as_ref()[..chunk.len()]);
        }
        Ok(())
    }
}

/// Random array helper.
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
