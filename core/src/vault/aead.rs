//! The one AEAD the vault uses (AES-256-GCM from ring), as two small functions.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use zeroize::Zeroizing;

/// Key length in bytes.
pub const KEY_LEN: usize = 32;
/// Nonce length in bytes.
pub const NONCE_LEN: usize = 12;
/// Tag length in bytes.
pub const TAG_LEN: usize = 16;

fn key(k: &[u8; KEY_LEN]) -> LessSafeKey {
    // AES_256_GCM takes exactly 32 bytes, which the type guarantees; the error cannot happen,
    // but is mapped rather than unwrapped.
    match UnboundKey::new(&AES_256_GCM, k) {
        Ok(u) => LessSafeKey::new(u),
        Err(_) => unreachable_key(),
    }
}

#[cold]
fn unreachable_key() -> ! {
    // A 32-byte key is always accepted by ring's AES-256-GCM.
    panic!("AES-256-GCM rejected a 32-byte key")
}

/// Encrypts `plaintext`, returning ciphertext followed by the 16-byte tag.
pub fn seal(k: &[u8; KEY_LEN], nonce: &[u8; NONCE_LEN], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(plaintext.len() + TAG_LEN);
    buf.extend_from_slice(plaintext);
    // Sealing only fails for inputs longer than GCM allows (64 GiB), far beyond any vault.
    if key(k).seal_in_place_append_tag(Nonce::assume_unique_for_key(*nonce), Aad::from(aad), &mut buf).is_err() {
        buf.clear();
    }
    buf
}

/// Decrypts ciphertext-with-tag. `None` on any failure (wrong key, wrong AAD, damage).
pub fn open(k: &[u8; KEY_LEN], nonce: &[u8; NONCE_LEN], aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.len() < TAG_LEN {
        return None;
    }
    let mut buf = Zeroizing::new(sealed.to_vec());
    let len = key(k)
        .open_in_place(Nonce::assume_unique_for_key(*nonce), Aad::from(aad), &mut buf)
        .ok()?
        .len();
    buf.truncate(len);
    Some(buf)
}
