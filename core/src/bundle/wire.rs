//! The bundle's primitive encodings: varints, length-prefixed bytes, a bounds-checked reader and
//! the OTP kind and algorithm codes.

use crate::otp::{Algorithm, OtpKind};

use super::BundleError;

pub(super) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

pub(super) fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

pub(super) struct Reader<'a> {
    pub(super) data: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn varint(&mut self) -> Result<u64, BundleError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.data.get(self.pos).ok_or(BundleError::Truncated)?;
            self.pos += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(BundleError::Truncated)
    }
    pub(super) fn len(&mut self) -> Result<usize, BundleError> {
        let v = self.varint()?;
        if v > (self.data.len() - self.pos) as u64 {
            return Err(BundleError::Truncated);
        }
        Ok(v as usize)
    }
    pub(super) fn count(&mut self) -> Result<usize, BundleError> {
        // every counted item takes at least one byte
        self.len()
    }
    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], BundleError> {
        let end = self.pos.checked_add(n).ok_or(BundleError::Truncated)?;
        let s = self.data.get(self.pos..end).ok_or(BundleError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    pub(super) fn u8(&mut self) -> Result<u8, BundleError> {
        Ok(self.take(1)?[0])
    }
    pub(super) fn bytes(&mut self) -> Result<&'a [u8], BundleError> {
        let n = self.len()?;
        self.take(n)
    }
    pub(super) fn string(&mut self) -> Result<String, BundleError> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| BundleError::InvalidField("text"))
    }
    /// A count, refused as `InvalidField(what)` above `max` before anything is reserved for
    /// it, then that many strings.
    pub(super) fn strings(
        &mut self,
        max: usize,
        what: &'static str,
    ) -> Result<Vec<String>, BundleError> {
        let n = self.count()?;
        if n > max {
            return Err(BundleError::InvalidField(what));
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.string()?);
        }
        Ok(out)
    }
}

pub(super) fn kind_code(k: OtpKind) -> u8 {
    match k {
        OtpKind::Totp => 0,
        OtpKind::Hotp => 1,
        OtpKind::Steam => 2,
    }
}

pub(super) fn alg_code(a: Algorithm) -> u8 {
    match a {
        Algorithm::Sha1 => 0,
        Algorithm::Sha256 => 1,
        Algorithm::Sha512 => 2,
    }
}
