//! Owns the transfer key schedule: X25519 (x25519-dalek, zeroized secrets, non-contributory
//! shared secrets refused), the HKDF-SHA256 frame key and the ChaCha20-Poly1305 frame cipher.

use ring::{aead, hkdf};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::error::TransferError;
use super::protocol::Offer;

const HKDF_SALT_LABEL: &[u8] = b"KULCS-TRANSFER-V1";
const HKDF_INFO_LABEL: &[u8] = b"KULCS-TRANSFER-V1 frame key";

/// The X25519 public key of a 32-byte private key (clamped as RFC 7748 says).
pub(crate) fn public_key(private: &[u8; 32]) -> [u8; 32] {
    let secret = StaticSecret::from(*private);
    PublicKey::from(&secret).to_bytes()
}

struct KeyLen32;
impl hkdf::KeyType for KeyLen32 {
    fn len(&self) -> usize {
        32
    }
}

/// The frame key: HKDF-SHA256(salt = label ‖ session id, ikm = X25519 shared secret,
/// info = label ‖ offer body ‖ sender public key ‖ 12 code digits). A shared secret that is
/// not contributory (a low-order peer key) is the opaque [`TransferError::Crypto`].
pub(crate) fn frame_key(
    my_private: &[u8; 32],
    peer_public: &[u8; 32],
    offer: &Offer,
    sender_public: &[u8; 32],
    code_digits: &str,
) -> Result<Zeroizing<[u8; 32]>, TransferError> {
    let secret = StaticSecret::from(*my_private);
    let shared = secret.diffie_hellman(&PublicKey::from(*peer_public));
    if !shared.was_contributory() {
        return Err(TransferError::Crypto);
    }
    let mut salt_bytes = HKDF_SALT_LABEL.to_vec();
    salt_bytes.extend_from_slice(&offer.session_id);
    let salt = hkdf::Salt::new(hkdf::HKDF_SHA256, &salt_bytes);
    let offer_body = offer.body();
    let info: [&[u8]; 4] = [
        HKDF_INFO_LABEL,
        &offer_body,
        sender_public,
        code_digits.as_bytes(),
    ];
    let mut out = Zeroizing::new([0u8; 32]);
    salt.extract(shared.as_bytes())
        .expand(&info, KeyLen32)
        .and_then(|okm| okm.fill(&mut out[..]))
        .map_err(|_| TransferError::Crypto)?;
    Ok(out)
}

/// The AEAD for a frame key.
pub(crate) fn aead_key(key: &[u8; 32]) -> Result<aead::LessSafeKey, TransferError> {
    aead::UnboundKey::new(&aead::CHACHA20_POLY1305, key)
        .map(aead::LessSafeKey::new)
        .map_err(|_| TransferError::Crypto)
}

/// `11 zero bytes ‖ index`: unique per frame because every send has its own key.
pub(crate) fn frame_nonce(index: u8) -> aead::Nonce {
    let mut n = [0u8; 12];
    n[11] = index;
    aead::Nonce::assume_unique_for_key(n)
}
