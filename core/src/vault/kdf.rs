//! Key derivation for slots: Argon2id for passphrases (with enforced bounds), HKDF for
//! recovery codes.
//!
//! Default passphrase parameters: **m = 64 MiB, t = 3, p = 1** (see `docs/vault.md` for the
//! measured time). Parameters read from a file must lie within [`KdfParams::MIN`] and
//! [`KdfParams::MAX`]; they are checked before Argon2 allocates anything.

use zeroize::Zeroizing;

use super::VaultError;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// What new passphrase slots use: 64 MiB, 3 passes, 1 lane.
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };
    /// The weakest parameters accepted from a file (OWASP's minimum Argon2id configuration:
    /// 19 MiB, 2 passes, 1 lane).
    pub const MIN: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };
    /// The most expensive parameters accepted from a file: 256 MiB (a phone can still afford
    /// it), 10 passes, 4 lanes. Anything above is refused before allocating.
    pub const MAX: KdfParams = KdfParams {
        memory_kib: 256 * 1024,
        iterations: 10,
        parallelism: 4,
    };

    /// The cheapest parameters that still pass [`KdfParams::check`]: for tests only, so test
    /// suites do not spend seconds in Argon2. Production code uses [`KdfParams::DEFAULT`].
    pub const fn testing() -> KdfParams {
        KdfParams::MIN
    }

    /// Refuses parameters outside `MIN..=MAX`.
    pub fn check(&self) -> Result<(), VaultError> {
        let ok = (Self::MIN.memory_kib..=Self::MAX.memory_kib).contains(&self.memory_kib)
            && (Self::MIN.iterations..=Self::MAX.iterations).contains(&self.iterations)
            && (Self::MIN.parallelism..=Self::MAX.parallelism).contains(&self.parallelism)
            // Argon2 needs at least 8 KiB per lane; implied by the bounds, checked anyway.
            && self.memory_kib >= 8 * self.parallelism;
        if ok {
            Ok(())
        } else {
            Err(VaultError::KdfParamsRefused {
                memory_kib: self.memory_kib,
                iterations: self.iterations,
                parallelism: self.parallelism,
            })
        }
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams::DEFAULT
    }
}

/// Derives a 256-bit key-encryption key from a passphrase with Argon2id (v1.3).
///
/// The passphrase is normalised to Unicode NFC (so `ő` typed precomposed on one keyboard and
/// as `o` + combining accent on another give the same key) and used as UTF-8 bytes, without
/// trimming. Parameters are checked first, so nothing is allocated for a hostile file.
pub fn argon2id(
    passphrase: &str,
    salt: &[u8],
    params: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    params.check()?;
    ARGON2ID_RUNS.with(|n| n.set(n.get().saturating_add(1)));
    let passphrase = normalise(passphrase);
    let p = argon2::Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(32),
    )
    .map_err(|_| VaultError::KdfParamsRefused {
        memory_kib: params.memory_kib,
        iterations: params.iterations,
        parallelism: params.parallelism,
    })?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, p);
    let mut out = Zeroizing::new([0u8; 32]);
    a.hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|_| VaultError::WrongKeyOrDamaged)?;
    Ok(out)
}

thread_local! {
    static ARGON2ID_RUNS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many Argon2id derivations this thread has started (after the parameter check). A
/// diagnostic for tests that bound the work a hostile file can cause (e.g. at most
/// [`super::MAX_PASSPHRASE_TRIES`] derivations per passphrase open).
pub fn argon2id_runs_on_this_thread() -> u64 {
    ARGON2ID_RUNS.with(|n| n.get())
}

/// NFC form of a passphrase, in a buffer wiped on drop.
pub fn normalise(passphrase: &str) -> Zeroizing<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Zeroizing::new(String::with_capacity(passphrase.len() + 8));
    out.extend(passphrase.nfc());
    out
}

struct Len32;
impl ring::hkdf::KeyType for Len32 {
    fn len(&self) -> usize {
        32
    }
}

/// HKDF-SHA256(salt, ikm, info) → 32 bytes. Used for recovery codes, whose 160 random bits make
/// a slow KDF unnecessary: guessing 2^159 codes on average is out of reach however fast each
/// guess is.
pub fn hkdf_sha256(
    salt: &[u8],
    ikm: &[u8],
    info: &[u8],
) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, salt).extract(ikm);
    let info = [info];
    let okm = prk
        .expand(&info, Len32)
        .map_err(|_| VaultError::WrongKeyOrDamaged)?;
    let mut out = Zeroizing::new([0u8; 32]);
    okm.fill(out.as_mut())
        .map_err(|_| VaultError::WrongKeyOrDamaged)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_enforced_before_allocating() {
        let huge = KdfParams {
            memory_kib: u32::MAX,
            iterations: 3,
            parallelism: 1,
        };
        assert!(matches!(
            argon2id("x", &[0; 16], huge),
            Err(VaultError::KdfParamsRefused { .. })
        ));
        let weak = KdfParams {
            memory_kib: 8,
            iterations: 1,
            parallelism: 1,
        };
        assert!(matches!(
            weak.check(),
            Err(VaultError::KdfParamsRefused { .. })
        ));
        assert!(KdfParams::DEFAULT.check().is_ok());
        assert!(KdfParams::MAX.check().is_ok() && KdfParams::MIN.check().is_ok());
        assert_eq!(
            KdfParams::default(),
            KdfParams {
                memory_kib: 65536,
                iterations: 3,
                parallelism: 1
            }
        );
    }

    #[test]
    fn decomposed_and_precomposed_passphrases_derive_the_same_key() {
        let pre = "jelsz\u{f3} \u{151}r";
        let de = "jelszo\u{301} o\u{30b}r";
        assert_ne!(pre, de);
        assert_eq!(normalise(pre).as_str(), normalise(de).as_str());
        let salt = [1u8; 16];
        assert_eq!(
            *argon2id(pre, &salt, KdfParams::testing()).unwrap(),
            *argon2id(de, &salt, KdfParams::testing()).unwrap()
        );
        assert_ne!(
            *argon2id(pre, &salt, KdfParams::testing()).unwrap(),
            *argon2id("jelszo or", &salt, KdfParams::testing()).unwrap()
        );
    }
}
