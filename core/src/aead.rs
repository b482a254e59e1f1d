//! The one AEAD core uses (AES-256-GCM from ring), as two small functions: the vault's, and
//! the importers' for other apps' encrypted exports.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use zeroize::Zeroizing;

/// Key length in bytes.
pub const KEY_LEN: usize = 32;
/// Nonce length in bytes.
pub const NONCE_LEN: usize = 12;
/// Tag length in bytes.
pub const TAG_LEN: usize = 16;

fn key(k: &[u8; KEY_LEN]) -> Option<LessSafeKey> {
    // AES_256_GCM takes exactly 32 bytes, which the type guarantees; still, no panic path.
    UnboundKey::new(&AES_256_GCM, k).ok().map(LessSafeKey::new)
}

/// Encrypts `plaintext`, returning ciphertext followed by the 16-byte tag. `None` only if ring
/// refuses (inputs beyond GCM's 64 GiB limit), never a partial output.
pub fn seal(
    k: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    plaintext: &[u8],
) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(plaintext.len() + TAG_LEN);
    buf.extend_from_slice(plaintext);
    key(k)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(*nonce),
            Aad::from(aad),
            &mut buf,
        )
        .ok()?;
    Some(buf)
}

/// Decrypts ciphertext-with-tag. `None` on any failure (wrong key, wrong AAD, damage).
pub fn open(
    k: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    sealed: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.len() < TAG_LEN {
        return None;
    }
    let mut buf = Zeroizing::new(sealed.to_vec());
    let len = key(k)?
        .open_in_place(
            Nonce::assume_unique_for_key(*nonce),
            Aad::from(aad),
            &mut buf,
        )
        .ok()?
        .len();
    buf.truncate(len);
    Some(buf)
}
