//! Owns a sync member's own key pairs (ed25519 signing, X25519 key agreement) and sealing an
//! epoch key to members' X25519 keys (age-style recipients). Spec in `docs/sync.md` §5.

use ring::{aead, hkdf};
use zeroize::Zeroizing;

use crate::random::RandomSource;

use super::SyncError;

/// Bytes of one sealed epoch key: ephemeral X25519 public key ‖ ChaCha20-Poly1305(key) ‖ tag.
pub const WRAP_LEN: usize = 32 + 32 + 16;
const WRAP_INFO: &[u8] = b"KULCS-SYNC-V2 epoch key";

/// A 256-bit epoch key: seals replicas and member records of one epoch. Secret.
pub type EpochKey = Zeroizing<[u8; 32]>;

/// One device's secret keys in a sync group. `Debug` shows only the public halves.
pub struct DeviceKeys {
    signing: ed25519_dalek::SigningKey,
    agreement: x25519_dalek::StaticSecret,
}

impl Clone for DeviceKeys {
    fn clone(&self) -> Self {
        DeviceKeys::from_bytes(&self.to_bytes())
    }
}

impl PartialEq for DeviceKeys {
    fn eq(&self, other: &Self) -> bool {
        *self.to_bytes() == *other.to_bytes()
    }
}
impl Eq for DeviceKeys {}

impl std::fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DeviceKeys(sign {}, kx {}, <secrets redacted>)",
            data_encoding::HEXLOWER.encode(&self.sign_public()[..4]),
            data_encoding::HEXLOWER.encode(&self.kx_public()[..4])
        )
    }
}

impl DeviceKeys {
    /// Fresh random key pairs.
    pub fn generate(rng: &dyn RandomSource) -> Result<DeviceKeys, SyncError> {
        let mut b = Zeroizing::new([0u8; 64]);
        rng.fill(&mut b[..]).map_err(|_| SyncError::Random)?;
        Ok(DeviceKeys::from_bytes(&b))
    }

    /// From the 64 secret bytes of [`DeviceKeys::to_bytes`] (signing seed ‖ X25519 secret).
    pub fn from_bytes(b: &[u8; 64]) -> DeviceKeys {
        let mut s = Zeroizing::new([0u8; 32]);
        s.copy_from_slice(&b[..32]);
        let mut x = Zeroizing::new([0u8; 32]);
        x.copy_from_slice(&b[32..]);
        DeviceKeys {
            signing: ed25519_dalek::SigningKey::from_bytes(&s),
            agreement: x25519_dalek::StaticSecret::from(*x),
        }
    }

    /// The 64 secret bytes (signing seed ‖ X25519 secret). Secret.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 64]> {
        let mut out = Zeroizing::new([0u8; 64]);
        out[..32].copy_from_slice(self.signing.as_bytes());
        out[32..].copy_from_slice(self.agreement.as_bytes());
        out
    }

    /// The ed25519 verifying key.
    pub fn sign_public(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    /// The X25519 public key.
    pub fn kx_public(&self) -> [u8; 32] {
        x25519_dalek::PublicKey::from(&self.agreement).to_bytes()
    }

    /// An ed25519 signature over `msg`.
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer;
        self.signing.sign(msg).to_bytes()
    }

    /// Opens the first of `wraps` sealed to this device (`None`: none is).
    pub fn unwrap_epoch_key(&self, context: &[u8], wraps: &[[u8; WRAP_LEN]]) -> Option<EpochKey> {
        let me = self.kx_public();
        wraps.iter().find_map(|w| {
            let eph: [u8; 32] = w[..32].try_into().ok()?;
            let shared = self
                .agreement
                .diffie_hellman(&x25519_dalek::PublicKey::from(eph));
            if !shared.was_contributory() {
                return None;
            }
            let key = wrap_key(shared.as_bytes(), &eph, &me, context).ok()?;
            let mut buf = Zeroizing::new(w[32..].to_vec());
            let plain = key
                .open_in_place(
                    aead::Nonce::assume_unique_for_key([0; 12]),
                    aead::Aad::from(context),
                    &mut buf[..],
                )
                .ok()?;
            let mut k = Zeroizing::new([0u8; 32]);
            k.copy_from_slice(plain.get(..32)?);
            Some(k)
        })
    }
}

/// Verifies an ed25519 signature (strict: no malleable or small-order keys).
pub fn verify(public: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    match ed25519_dalek::VerifyingKey::from_bytes(public) {
        Ok(k) => k
            .verify_strict(msg, &ed25519_dalek::Signature::from_bytes(sig))
            .is_ok(),
        Err(_) => false,
    }
}

fn wrap_key(
    shared: &[u8; 32],
    eph: &[u8; 32],
    recipient: &[u8; 32],
    context: &[u8],
) -> Result<aead::LessSafeKey, SyncError> {
    struct L;
    impl hkdf::KeyType for L {
        fn len(&self) -> usize {
            32
        }
    }
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(eph);
    salt[32..].copy_from_slice(recipient);
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, &salt).extract(shared);
    let mut k = Zeroizing::new([0u8; 32]);
    let info: [&[u8]; 2] = [WRAP_INFO, context];
    prk.expand(&info, L)
        .and_then(|okm| okm.fill(&mut k[..]))
        .map_err(|_| SyncError::Crypto)?;
    aead::UnboundKey::new(&aead::CHACHA20_POLY1305, &k[..])
        .map(aead::LessSafeKey::new)
        .map_err(|_| SyncError::Crypto)
}

/// Seals `key` to the X25519 public key `recipient`: a fresh ephemeral key pair, X25519,
/// HKDF-SHA256 (salt = ephemeral ‖ recipient, info = label ‖ `context`), ChaCha20-Poly1305 with
/// a zero nonce (the key is used once) and `context` as associated data.
pub fn wrap_epoch_key(
    key: &[u8; 32],
    recipient: &[u8; 32],
    context: &[u8],
    rng: &dyn RandomSource,
) -> Result<[u8; WRAP_LEN], SyncError> {
    let mut e = Zeroizing::new([0u8; 32]);
    rng.fill(&mut e[..]).map_err(|_| SyncError::Random)?;
    let secret = x25519_dalek::StaticSecret::from(*e);
    let eph = x25519_dalek::PublicKey::from(&secret).to_bytes();
    let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(*recipient));
    if !shared.was_contributory() {
        return Err(SyncError::Crypto);
    }
    let k = wrap_key(shared.as_bytes(), &eph, recipient, context)?;
    let mut buf = Zeroizing::new(key.to_vec());
    let tag = k
        .seal_in_place_separate_tag(
            aead::Nonce::assume_unique_for_key([0; 12]),
            aead::Aad::from(context),
            &mut buf[..],
        )
        .map_err(|_| SyncError::Crypto)?;
    let mut out = [0u8; WRAP_LEN];
    out[..32].copy_from_slice(&eph);
    out[32..64].copy_from_slice(&buf[..]);
    out[64..].copy_from_slice(tag.as_ref());
    Ok(out)
}

/// A 32-byte key derived from `ikm` for one purpose (HKDF-SHA256, salt "KULCS-SYNC-V2").
pub fn derive(ikm: &[u8], label: &[u8], context: &[u8]) -> Result<EpochKey, SyncError> {
    struct L;
    impl hkdf::KeyType for L {
        fn len(&self) -> usize {
            32
        }
    }
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, b"KULCS-SYNC-V2").extract(ikm);
    let mut k = Zeroizing::new([0u8; 32]);
    let info: [&[u8]; 2] = [label, context];
    prk.expand(&info, L)
        .and_then(|okm| okm.fill(&mut k[..]))
        .map_err(|_| SyncError::Crypto)?;
    Ok(k)
}

/// A ChaCha20-Poly1305 key derived from `epoch_key` for `label`.
pub fn aead_key(
    epoch_key: &[u8; 32],
    label: &[u8],
    group_id: &[u8; 16],
) -> Result<aead::LessSafeKey, SyncError> {
    let k = derive(epoch_key, label, group_id)?;
    aead::UnboundKey::new(&aead::CHACHA20_POLY1305, &k[..])
        .map(aead::LessSafeKey::new)
        .map_err(|_| SyncError::Crypto)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::SeededRandom;

    #[test]
    fn an_epoch_key_opens_only_for_its_recipient_and_context() {
        let rng = SeededRandom::new(b"keys");
        let a = DeviceKeys::generate(&rng).unwrap();
        let b = DeviceKeys::generate(&rng).unwrap();
        let key = [7u8; 32];
        let w = wrap_epoch_key(&key, &a.kx_public(), b"ctx", &rng).unwrap();
        assert_eq!(*a.unwrap_epoch_key(b"ctx", &[w]).unwrap(), key);
        assert!(b.unwrap_epoch_key(b"ctx", &[w]).is_none());
        assert!(a.unwrap_epoch_key(b"other", &[w]).is_none());
        let mut bad = w;
        bad[40] ^= 1;
        assert!(a.unwrap_epoch_key(b"ctx", &[bad]).is_none());
        // A small-order ephemeral key is refused, never a predictable shared secret.
        let mut zero = w;
        zero[..32].fill(0);
        assert!(a.unwrap_epoch_key(b"ctx", &[zero]).is_none());
        assert!(wrap_epoch_key(&key, &[0; 32], b"ctx", &rng).is_err());
        // Round trip of the secrets, and signatures.
        let a2 = DeviceKeys::from_bytes(&a.to_bytes());
        assert_eq!(a2, a);
        let sig = a.sign(b"msg");
        assert!(verify(&a.sign_public(), b"msg", &sig));
        assert!(!verify(&b.sign_public(), b"msg", &sig));
        assert!(!format!("{a:?}").contains(&data_encoding::HEXLOWER.encode(&a.to_bytes()[..8])));
    }
}
