//! The random source the vault draws keys, salts, nonces and ids from (injectable for vectors).

use std::sync::Mutex;

use ring::rand::SecureRandom;

use super::VaultError;

/// Fills buffers with random bytes. Production uses [`SystemRng`]; known-answer tests inject
/// [`FixedRng`] so that a file can be reproduced byte for byte.
pub trait Rng: Send + Sync {
    /// Fills `dest` entirely, or fails without partial output being used.
    fn fill(&self, dest: &mut [u8]) -> Result<(), VaultError>;
}

/// The operating system's generator, through ring.
#[derive(Debug)]
pub struct SystemRng(ring::rand::SystemRandom);

impl SystemRng {
    /// The system generator.
    pub fn new() -> Self {
        SystemRng(ring::rand::SystemRandom::new())
    }
}

impl Default for SystemRng {
    fn default() -> Self {
        SystemRng::new()
    }
}

impl Rng for SystemRng {
    fn fill(&self, dest: &mut [u8]) -> Result<(), VaultError> {
        self.0.fill(dest).map_err(|_| VaultError::Random)
    }
}

/// A deterministic source for tests and vectors: hands out the given bytes in order, then fails.
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

impl Rng for FixedRng {
    fn fill(&self, dest: &mut [u8]) -> Result<(), VaultError> {
        let mut guard = self.bytes.lock().map_err(|_| VaultError::Random)?;
        let (bytes, pos) = &mut *guard;
        let end = pos.checked_add(dest.len()).ok_or(VaultError::Random)?;
        let src = bytes.get(*pos..end).ok_or(VaultError::Random)?;
        dest.copy_from_slice(src);
        *pos = end;
        Ok(())
    }
}

pub(crate) fn random_array<const N: usize>(rng: &dyn Rng) -> Result<[u8; N], VaultError> {
    let mut out = [0u8; N];
    rng.fill(&mut out)?;
    Ok(out)
}
