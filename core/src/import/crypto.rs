//! Owns the key derivations encrypted exports need, from well-kept crates only (ring's PBKDF2,
//! RustCrypto's scrypt), with the KDF costs a hostile file may ask for bounded, and their
//! AES-256-GCM through core's one AEAD (`crate::aead`).

use zeroize::Zeroizing;

/// The largest scrypt cost accepted: N ≤ 2^17 with r ≤ 16, p ≤ 4 (≤ 256 MiB; Aegis uses
/// N = 2^15, r = 8, p = 1, i.e. 32 MiB).
const MAX_SCRYPT_LOG_N: u8 = 17;
const MAX_SCRYPT_R: u32 = 16;
const MAX_SCRYPT_P: u32 = 4;
/// The most PBKDF2 iterations accepted (2FAS uses 10 000).
const MAX_PBKDF2_ITERATIONS: u32 = 2_000_000;

/// The scrypt key of `password`, or `None` when the parameters are out of bounds or invalid.
pub(super) fn scrypt_key(
    password: &str,
    salt: &[u8],
    n: u64,
    r: u64,
    p: u64,
) -> Option<Zeroizing<[u8; 32]>> {
    if !n.is_power_of_two() || n < 2 {
        return None;
    }
    let log_n = u8::try_from(n.trailing_zeros()).ok()?;
    let (r, p) = (u32::try_from(r).ok()?, u32::try_from(p).ok()?);
    if log_n > MAX_SCRYPT_LOG_N || r == 0 || r > MAX_SCRYPT_R || p == 0 || p > MAX_SCRYPT_P {
        return None;
    }
    let params = scrypt::Params::new(log_n, r, p, 32).ok()?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password.as_bytes(), salt, &params, &mut key[..]).ok()?;
    Some(key)
}

/// The HMAC a PBKDF2 key is derived with.
#[derive(Clone, Copy)]
pub(super) enum Prf {
    /// HMAC-SHA1 (andOTP).
    Sha1,
    /// HMAC-SHA256 (2FAS).
    Sha256,
}

/// The 32-byte PBKDF2 key of `password`, or `None` for an iteration count out of bounds.
pub(super) fn pbkdf2_key(
    prf: Prf,
    password: &str,
    salt: &[u8],
    iterations: u32,
) -> Option<Zeroizing<[u8; 32]>> {
    let iterations = std::num::NonZeroU32::new(iterations)?;
    if iterations.get() > MAX_PBKDF2_ITERATIONS {
        return None;
    }
    let mut key = Zeroizing::new([0u8; 32]);
    let algorithm = match prf {
        Prf::Sha1 => ring::pbkdf2::PBKDF2_HMAC_SHA1,
        Prf::Sha256 => ring::pbkdf2::PBKDF2_HMAC_SHA256,
    };
    ring::pbkdf2::derive(
        algorithm,
        iterations,
        salt,
        password.as_bytes(),
        &mut key[..],
    );
    Some(key)
}

/// AES-256-GCM decryption of `ciphertext ‖ tag` (no associated data) with core's one AEAD;
/// `None` when the key or nonce has the wrong length, or the tag does not verify.
pub(super) fn aes_gcm_open(
    key: &[u8],
    nonce: &[u8],
    ciphertext_and_tag: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    crate::aead::open(
        key.try_into().ok()?,
        nonce.try_into().ok()?,
        &[],
        ciphertext_and_tag,
    )
}
