//! Owns the key derivations and ciphers encrypted exports need, from well-kept crates only
//! (ring's PBKDF2 and SHA-256, RustCrypto's scrypt, argon2 and AES-CBC), with the KDF costs a
//! hostile file may ask for bounded, and AES-256-GCM through core's one AEAD (`crate::aead`).

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
    /// HMAC-SHA512 (FreeOTP 2 on newer Android).
    Sha512,
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
        Prf::Sha512 => ring::pbkdf2::PBKDF2_HMAC_SHA512,
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
    aes_gcm_open_aad(key, nonce, &[], ciphertext_and_tag)
}

/// AES-256-CBC decryption with PKCS#7 padding (Authy, Stratum's legacy backup, TOTP
/// Authenticator); `None` for a wrong key or IV length, or padding that does not check out.
pub(super) fn aes_cbc_open(key: &[u8], iv: &[u8], data: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use cbc::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
    let decryptor = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv).ok()?;
    decryptor
        .decrypt_padded_vec_mut::<Pkcs7>(data)
        .ok()
        .map(Zeroizing::new)
}

/// AES-256-GCM decryption of `ciphertext ‖ tag` with associated data (FreeOTP 2 binds each
/// key to its algorithm name this way).
pub(super) fn aes_gcm_open_aad(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    crate::aead::open(
        key.try_into().ok()?,
        nonce.try_into().ok()?,
        aad,
        ciphertext_and_tag,
    )
}

/// The 32-byte Argon2id key of `password` with a source's fixed costs (Stratum: 64 MiB,
/// 3 passes, 4 lanes); `None` when argon2 refuses the parameters.
pub(super) fn argon2id_key(
    password: &str,
    salt: &[u8],
    memory_kib: u32,
    passes: u32,
    lanes: u32,
) -> Option<Zeroizing<[u8; 32]>> {
    let params = argon2::Params::new(memory_kib, passes, lanes, Some(32)).ok()?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password.as_bytes(), salt, &mut key[..])
        .ok()?;
    Some(key)
}

/// SHA-256 of `password` as a key (TOTP Authenticator's own, unsalted derivation).
pub(super) fn sha256_key(password: &str) -> Zeroizing<[u8; 32]> {
    let digest = ring::digest::digest(&ring::digest::SHA256, password.as_bytes());
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(digest.as_ref());
    key
}
