//! The vault file's bytes: magic, version, header (AEAD nonce and slots), and the contents
//! sealed with AES-256-GCM under the data key, with the whole header as associated data.
//!
//! ```text
//! offset  size  field
//! 0       8     magic "KULCSVLT"
//! 8       2     format version, big-endian (2; 1 is still read)
//! 10      4     header body length n, big-endian (≤ 65 536)
//! 14      1       AEAD id (1 = AES-256-GCM)
//! 15      12      contents nonce
//! 27      1       slot count (1..=16)
//! 28      …       slots: kind(1) id(8) body_len(2) body (kinds 4–6 sealed, format 2 only)
//! 14+n    …     ciphertext ‖ tag(16): AES-256-GCM(data key, nonce, aad = bytes[0..14+n], contents JSON)
//! ```
//! See `docs/vault.md` for slot bodies and the contents schema.

use std::path::Path;

use zeroize::Zeroizing;

use super::slots::{Reader, Slot};
use super::VaultError;
use crate::aead::{self, KEY_LEN, NONCE_LEN, TAG_LEN};

/// The first eight bytes of every vault file.
pub const MAGIC: &[u8; 8] = b"KULCSVLT";
/// The format version this build writes (and the newest it reads).
pub const VERSION: u16 = 2;
/// The oldest format version this build reads (format-1 files open and are upgraded on save).
pub const OLDEST_VERSION: u16 = 1;
/// The largest file accepted (refused before reading): far above 10 000 accounts.
pub const MAX_FILE_LEN: u64 = 32 * 1024 * 1024;
/// The largest header body accepted.
pub const MAX_HEADER_LEN: usize = 64 * 1024;
/// The most slots a vault may have.
pub const MAX_SLOTS: usize = 16;
/// Bytes before the header body: magic, version, header length.
pub const PREFIX_LEN: usize = 14;

const AEAD_AES_256_GCM: u8 = 1;

/// The readable part of a vault file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Format version of the file ([`VERSION`] for everything this build writes).
    pub version: u16,
    /// Nonce of the contents encryption (fresh for every save).
    pub nonce: [u8; NONCE_LEN],
    /// The key slots, in file order.
    pub slots: Vec<Slot>,
}

impl Header {
    /// Encodes magic, version, length and header body: exactly the associated data. Refuses
    /// (never truncates) a slot count or header length beyond the format's limits.
    pub fn encode(&self) -> Result<Vec<u8>, VaultError> {
        if self.slots.is_empty() {
            return Err(VaultError::LastSlot);
        }
        if self.slots.len() > MAX_SLOTS {
            return Err(VaultError::TooManySlots { max: MAX_SLOTS });
        }
        let count = u8::try_from(self.slots.len())
            .map_err(|_| VaultError::TooManySlots { max: MAX_SLOTS })?;
        let mut body = vec![AEAD_AES_256_GCM];
        body.extend_from_slice(&self.nonce);
        body.push(count);
        for s in &self.slots {
            s.encode(&mut body)?;
        }
        if body.len() > MAX_HEADER_LEN {
            return Err(VaultError::WrongKeyOrDamaged);
        }
        let len = u32::try_from(body.len()).map_err(|_| VaultError::WrongKeyOrDamaged)?;
        let mut out = Vec::with_capacity(PREFIX_LEN.saturating_add(body.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.version.to_be_bytes());
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&body);
        Ok(out)
    }
}

/// Seals `plaintext` under `data_key` and returns the complete file bytes.
pub fn seal(
    header: &Header,
    data_key: &[u8; KEY_LEN],
    plaintext: &[u8],
) -> Result<Vec<u8>, VaultError> {
    let mut file = header.encode()?;
    let sealed = aead::seal(data_key, &header.nonce, &file, plaintext)
        .ok_or(VaultError::WrongKeyOrDamaged)?;
    file.extend_from_slice(&sealed);
    Ok(file)
}

/// A parsed (not yet decrypted) vault file.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// The header.
    pub header: Header,
    /// The exact header bytes, used as associated data.
    pub aad: &'a [u8],
    /// Ciphertext and tag.
    pub sealed: &'a [u8],
}

/// Parses the header. A wrong magic is [`VaultError::NotAVault`], an unknown version
/// [`VaultError::UnsupportedVersion`], anything else malformed [`VaultError::WrongKeyOrDamaged`].
pub fn parse<'a>(bytes: &'a [u8], path: &Path) -> Result<Parsed<'a>, VaultError> {
    let head = &bytes[..bytes.len().min(MAGIC.len())];
    if &MAGIC[..head.len()] != head {
        return Err(VaultError::NotAVault {
            path: path.to_path_buf(),
        });
    }
    // A file cut short inside the magic (or empty) is a damaged vault, not some other file.
    if bytes.len() < MAGIC.len() {
        return Err(VaultError::WrongKeyOrDamaged);
    }
    let mut r = Reader::new(bytes);
    r.take(MAGIC.len())?;
    let version = r.u16()?;
    if !(OLDEST_VERSION..=VERSION).contains(&version) {
        return Err(VaultError::UnsupportedVersion {
            found: version,
            supported: VERSION,
        });
    }
    let n = usize::try_from(r.u32()?).map_err(|_| VaultError::WrongKeyOrDamaged)?;
    if n > MAX_HEADER_LEN {
        return Err(VaultError::WrongKeyOrDamaged);
    }
    let mut h = Reader::new(r.take(n)?);
    if h.u8()? != AEAD_AES_256_GCM {
        return Err(VaultError::WrongKeyOrDamaged);
    }
    let nonce = h.array()?;
    let count = usize::from(h.u8()?);
    if count == 0 || count > MAX_SLOTS {
        return Err(VaultError::WrongKeyOrDamaged);
    }
    let mut slots = Vec::with_capacity(count);
    for _ in 0..count {
        slots.push(Slot::decode(&mut h, version)?);
    }
    if !h.is_empty() {
        return Err(VaultError::WrongKeyOrDamaged);
    }
    let split = r.position();
    let sealed = r.rest();
    if sealed.len() < TAG_LEN {
        return Err(VaultError::WrongKeyOrDamaged);
    }
    Ok(Parsed {
        header: Header {
            version,
            nonce,
            slots,
        },
        aad: &bytes[..split],
        sealed,
    })
}

/// Decrypts the contents of a parsed file.
pub fn open(
    parsed: &Parsed<'_>,
    data_key: &[u8; KEY_LEN],
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    aead::open(data_key, &parsed.header.nonce, parsed.aad, parsed.sealed)
        .ok_or(VaultError::WrongKeyOrDamaged)
}
