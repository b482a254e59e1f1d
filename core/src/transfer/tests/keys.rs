//! The key schedule: both sides derive the same frame key, every input changes it, and a
//! low-order peer key is refused.

use ring::aead;

use super::offer;
use crate::transfer::keys::{aead_key, frame_key, frame_nonce, public_key};
use crate::transfer::TransferError;

#[test]
fn both_sides_derive_the_same_key_and_every_input_matters() {
    let o = offer(1_700_000_600);
    let (receiver, sender) = ([7u8; 32], [9u8; 32]);
    let sender_pub = public_key(&sender);
    let code = "123456789012";
    let at_sender = frame_key(&sender, &o.receiver_key, &o, &sender_pub, code).unwrap();
    let at_receiver = frame_key(&receiver, &sender_pub, &o, &sender_pub, code).unwrap();
    assert_eq!(*at_sender, *at_receiver);
    let other_code = frame_key(&sender, &o.receiver_key, &o, &sender_pub, "123456789013").unwrap();
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
