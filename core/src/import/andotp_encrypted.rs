//! Owns andOTP's encrypted backups (`.json.aes`): the current layout is `iterations` (u32, big
//! endian) · salt (12) · nonce (12) · ciphertext‖tag under PBKDF2-HMAC-SHA1 and AES-256-GCM;
//! the old one is nonce · ciphertext‖tag under SHA-256(password). Neither carries a magic, so
//! a binary file is taken as andOTP only when its first word is a plausible iteration count.

use ring::digest::{digest, SHA256};
use zeroize::Zeroizing;

use super::crypto::{aes_gcm_open, pbkdf2_key, Prf};
use super::FileImportError;

const APP: &str = "andOTP";
const SALT: usize = 12;
const NONCE: usize = 12;
const TAG: usize = 16;
/// andOTP draws its iteration count from 140 000–160 000; anything in this wider range is
/// taken as a candidate.
const ITERATIONS: std::ops::RangeInclusive<u32> = 1_000..=1_000_000;

/// True when `bytes` may be an andOTP backup of the current layout.
pub(super) fn may_be_andotp(bytes: &[u8]) -> bool {
    bytes.len() >= 4 + SALT + NONCE + TAG + 2
        && ITERATIONS.contains(&u32::from_be_bytes([
            bytes[0], bytes[1], bytes[2], bytes[3],
        ]))
}

/// The decrypted JSON of an andOTP backup: the current layout first, then the old one.
pub(super) fn open(
    bytes: &[u8],
    password: Option<&str>,
) -> Result<Zeroizing<Vec<u8>>, FileImportError> {
    let password = password.ok_or(FileImportError::PasswordNeeded { app: APP })?;
    let wrong = FileImportError::WrongPassword { app: APP };
    let iterations = u32::from_be_bytes(
        bytes
            .get(..4)
            .ok_or(wrong.clone())?
            .try_into()
            .map_err(|_| wrong.clone())?,
    );
    let current = (|| {
        let salt = bytes.get(4..4 + SALT)?;
        let nonce = bytes.get(4 + SALT..4 + SALT + NONCE)?;
        let key = pbkdf2_key(Prf::Sha1, password, salt, iterations)?;
        aes_gcm_open(&key[..], nonce, bytes.get(4 + SALT + NONCE..)?)
    })();
    if let Some(plain) = current {
        return Ok(plain);
    }
    let key = digest(&SHA256, password.as_bytes());
    let (nonce, sealed) = bytes.split_at_checked(NONCE).ok_or(wrong.clone())?;
    aes_gcm_open(key.as_ref(), nonce, sealed).ok_or(wrong)
}
