//! The binary layout of a slot: encoding and decoding every kind, the associated data of its wraps,
//! and the bounds-checked reader used for untrusted bytes.

use super::*;
use crate::vault::kdf::KdfParams;
use crate::vault::VaultError;

impl Slot {
    /// Associated data of a passphrase/recovery wrap: a label, the type byte, the id, every
    /// parameter of the slot (all of its lock except the wrapped key) and, for format-2 slots,
    /// the public key.
    pub(super) fn lock_aad(&self) -> Vec<u8> {
        let mut aad = match self.body {
            SlotBody::Sealed { .. } => SEALED_AAD_PREFIX.to_vec(),
            _ => LEGACY_AAD_PREFIX.to_vec(),
        };
        aad.push(self.kind_code());
        aad.extend_from_slice(&self.id.0);
        if let Some(lock) = self.lock() {
            encode_params(lock, &mut aad);
        }
        if let SlotBody::Sealed { public, .. } = &self.body {
            aad.extend_from_slice(public);
        }
        aad
    }

    /// Appends `kind(1) id(8) body_len(2, BE) body`. Fails (rather than truncating a length)
    /// if a field is longer than its length prefix allows.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), VaultError> {
        let mut body = Vec::new();
        match &self.body {
            SlotBody::Legacy(lock) => encode_lock(lock, &mut body)?,
            SlotBody::Sealed { lock, public, seal } => {
                encode_lock(lock, &mut body)?;
                body.extend_from_slice(public);
                body.extend_from_slice(&seal.ephemeral);
                body.extend_from_slice(&seal.sealed);
            }
            SlotBody::Unknown { body: b, .. } => body.extend_from_slice(b),
        }
        out.push(self.kind_code());
        out.extend_from_slice(&self.id.0);
        out.extend_from_slice(&len_u16(body.len())?.to_be_bytes());
        out.extend_from_slice(&body);
        Ok(())
    }

    /// Reads one slot of a file of format `version`. Every malformation is
    /// [`VaultError::WrongKeyOrDamaged`]; KDF bounds are checked later, when (and only if) the
    /// slot is used.
    pub(crate) fn decode(r: &mut Reader<'_>, version: u16) -> Result<Slot, VaultError> {
        let kind = r.u8()?;
        let id = SlotId(r.array()?);
        let len = usize::from(r.u16()?);
        let mut b = Reader::new(r.take(len)?);
        let body = match kind {
            1..=3 => SlotBody::Legacy(decode_lock(kind, &mut b)?),
            4..=6 if version >= 2 => {
                let lock = decode_lock(kind - 3, &mut b)?;
                SlotBody::Sealed {
                    lock,
                    public: b.array()?,
                    seal: Seal {
                        ephemeral: b.array()?,
                        sealed: b.array()?,
                    },
                }
            }
            0 => return Err(VaultError::WrongKeyOrDamaged),
            k => SlotBody::Unknown {
                kind: k,
                body: b.rest().to_vec(),
            },
        };
        if !b.is_empty() {
            return Err(VaultError::WrongKeyOrDamaged);
        }
        Ok(Slot { id, body })
    }
}

fn len_u16(n: usize) -> Result<u16, VaultError> {
    u16::try_from(n).map_err(|_| VaultError::WrongKeyOrDamaged)
}

fn encode_params(lock: &Lock, out: &mut Vec<u8>) {
    match lock {
        Lock::Passphrase {
            params,
            salt,
            nonce,
            ..
        } => {
            out.push(KDF_ARGON2ID_V13);
            out.extend_from_slice(&params.memory_kib.to_be_bytes());
            out.extend_from_slice(&params.iterations.to_be_bytes());
            out.extend_from_slice(&params.parallelism.to_be_bytes());
            out.extend_from_slice(salt);
            out.extend_from_slice(nonce);
        }
        Lock::Recovery { salt, nonce, .. } => {
            out.push(KDF_HKDF_SHA256);
            out.extend_from_slice(salt);
            out.extend_from_slice(nonce);
        }
        Lock::Device { .. } => {}
    }
}

fn encode_lock(lock: &Lock, body: &mut Vec<u8>) -> Result<(), VaultError> {
    match lock {
        Lock::Device { key_id, wrapped } => {
            if key_id.is_empty() || key_id.len() > MAX_KEY_ID_LEN {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            if wrapped.is_empty() || wrapped.len() > MAX_DEVICE_WRAPPED_LEN {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            body.push(u8::try_from(key_id.len()).map_err(|_| VaultError::WrongKeyOrDamaged)?);
            body.extend_from_slice(key_id.as_bytes());
            body.extend_from_slice(&len_u16(wrapped.len())?.to_be_bytes());
            body.extend_from_slice(wrapped);
        }
        Lock::Passphrase { wrapped, .. } | Lock::Recovery { wrapped, .. } => {
            encode_params(lock, body);
            body.extend_from_slice(wrapped);
        }
    }
    Ok(())
}

/// Reads a lock of base kind 1 (device), 2 (passphrase) or 3 (recovery).
fn decode_lock(base: u8, b: &mut Reader<'_>) -> Result<Lock, VaultError> {
    Ok(match base {
        1 => {
            let n = usize::from(b.u8()?);
            if n == 0 || n > MAX_KEY_ID_LEN {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            let key_id = std::str::from_utf8(b.take(n)?)
                .map_err(|_| VaultError::WrongKeyOrDamaged)?
                .to_string();
            let w = usize::from(b.u16()?);
            if w == 0 || w > MAX_DEVICE_WRAPPED_LEN {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            Lock::Device {
                key_id,
                wrapped: b.take(w)?.to_vec(),
            }
        }
        2 => {
            if b.u8()? != KDF_ARGON2ID_V13 {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            let params = KdfParams {
                memory_kib: b.u32()?,
                iterations: b.u32()?,
                parallelism: b.u32()?,
            };
            Lock::Passphrase {
                params,
                salt: b.array()?,
                nonce: b.array()?,
                wrapped: b.array()?,
            }
        }
        3 => {
            if b.u8()? != KDF_HKDF_SHA256 {
                return Err(VaultError::WrongKeyOrDamaged);
            }
            Lock::Recovery {
                salt: b.array()?,
                nonce: b.array()?,
                wrapped: b.array()?,
            }
        }
        _ => return Err(VaultError::WrongKeyOrDamaged),
    })
}

/// A bounds-checked cursor over untrusted bytes; every overrun is `WrongKeyOrDamaged`.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], VaultError> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or(VaultError::WrongKeyOrDamaged)?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or(VaultError::WrongKeyOrDamaged)?;
        self.pos = end;
        Ok(s)
    }
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], VaultError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, VaultError> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16, VaultError> {
        Ok(u16::from_be_bytes(self.array()?))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, VaultError> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let s = self.bytes.get(self.pos..).unwrap_or(&[]);
        self.pos = self.bytes.len();
        s
    }
    pub(crate) fn position(&self) -> usize {
        self.pos
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }
}
