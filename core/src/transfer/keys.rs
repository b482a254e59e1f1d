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

#[cfg(test)]
pub(crate) mod tests {
    //! Unit tests. The key schedule: both sides derive the same frame key, every input changes it,
    //! and a low-order peer key is refused.

    use ring::aead;

    use crate::transfer::keys::{aead_key, frame_key, frame_nonce, public_key};
    use crate::transfer::protocol::Offer;
    use crate::transfer::TransferError;

    /// A fixed offer (what a receiver would show).
    pub(crate) fn offer(expires_unix: i64) -> Offer {
        Offer {
            session_id: [0x5a; 16],
            expires_unix,
            receiver_key: public_key(&[7; 32]),
        }
    }

    #[test]
    fn both_sides_derive_the_same_key_and_every_input_matters() {
        let o = offer(1_700_000_600);
        let (receiver, sender) = ([7u8; 32], [9u8; 32]);
        let sender_pub = public_key(&sender);
        let code = "123456789012";
        let at_sender = frame_key(&sender, &o.receiver_key, &o, &sender_pub, code).unwrap();
        let at_receiver = frame_key(&receiver, &sender_pub, &o, &sender_pub, code).unwrap();
        assert_eq!(*at_sender, *at_receiver);
        let other_code =
            frame_key(&sender, &o.receiver_key, &o, &sender_pub, "123456789013").unwrap();
        assert_ne!(*other_code, *at_sender);
        let other_offer = offer(1_700_000_601);
        let moved = frame_key(&sender, &o.receiver_key, &other_offer, &sender_pub, code).unwrap();
        assert_ne!(*moved, *at_sender);
    }

    #[test]
    fn a_low_order_peer_key_is_an_opaque_crypto_error() {
        let o = offer(1_700_000_600);
        let r = frame_key(&[9; 32], &[0; 32], &o, &[1; 32], "123456789012");
        assert_eq!(r.unwrap_err(), TransferError::Crypto);
    }

    #[test]
    fn a_sealed_frame_opens_only_unchanged_and_under_its_index() {
        let key = aead_key(&[1; 32]).unwrap();
        let mut buf = b"accounts".to_vec();
        key.seal_in_place_append_tag(frame_nonce(0), aead::Aad::from(b"hdr"), &mut buf)
            .unwrap();
        let mut good = buf.clone();
        assert_eq!(
            key.open_in_place(frame_nonce(0), aead::Aad::from(b"hdr"), &mut good)
                .unwrap(),
            b"accounts"
        );
        let mut other_index = buf.clone();
        assert!(key
            .open_in_place(frame_nonce(1), aead::Aad::from(b"hdr"), &mut other_index)
            .is_err());
        let mut other_header = buf.clone();
        assert!(key
            .open_in_place(frame_nonce(0), aead::Aad::from(b"hdR"), &mut other_header)
            .is_err());
        buf[0] ^= 1;
        assert!(key
            .open_in_place(frame_nonce(0), aead::Aad::from(b"hdr"), &mut buf)
            .is_err());
    }
}
