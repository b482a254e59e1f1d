//! Owns the Kulcs backup file (`docs/backup.md`): a fixed 52-byte header (magic, version, the
//! Argon2id parameters and salt, the AEAD nonce) that is the associated data of the sealed
//! JSON body. The Argon2id bounds are the vault's ([`KdfParams::check`]).
//!
//! ```text
//! offset size field
//! 0      8    magic "KULCSBAK"
//! 8      2    format version (1), big-endian
//! 10     1    KDF id (1 = Argon2id v1.3)
//! 11     4    memory KiB      15  4  passes      19  4  lanes   (big-endian)
//! 23     16   salt
//! 39     1    AEAD id (1 = AES-256-GCM)
//! 40     12   nonce
//! 52     …    AES-256-GCM(Argon2id(NFC passphrase, salt), nonce, aad = bytes[0..52], body) ‖ tag
//! ```

use zeroize::Zeroizing;

use super::{body, ExportError};
use crate::aead::{self, KEY_LEN, NONCE_LEN, TAG_LEN};
use crate::import::ImportedAccount;
use crate::random::{random_array, RandomSource};
use crate::vault::internals::kdf::argon2id;
use crate::vault::{BackupKey, KdfParams, VaultError};

/// The first eight bytes of every Kulcs backup.
pub const BACKUP_MAGIC: &[u8; 8] = b"KULCSBAK";
/// The format version this build writes and the newest it reads.
pub const BACKUP_VERSION: u16 = 1;
/// The largest backup read (32 MiB, the vault's own file limit): refused before parsing.
pub const MAX_BACKUP_BYTES: usize = 32 * 1024 * 1024;

const KDF_ARGON2ID: u8 = 1;
const AEAD_AES_256_GCM: u8 = 1;
const SALT_LEN: usize = crate::vault::BACKUP_SALT_LEN;
const HEADER_LEN: usize = 52;

/// An opened backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// The format version of the file.
    pub version: u16,
    /// When it was made (Unix milliseconds, the writer's clock).
    pub created_ms: u64,
    /// Every account, in the vault's order, with note, groups and favourite.
    pub accounts: Vec<ImportedAccount>,
}

/// The plaintext a backup of `entries` made at `created_ms` seals (for the vectors).
pub fn backup_plaintext(
    entries: &[ImportedAccount],
    created_ms: u64,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    body::encode(entries, BACKUP_VERSION, created_ms)
}

fn kdf_error(e: VaultError) -> ExportError {
    match e {
        VaultError::KdfParamsRefused {
            memory_kib,
            iterations,
            parallelism,
        } => ExportError::KdfParamsRefused {
            memory_kib,
            iterations,
            parallelism,
        },
        VaultError::Random => ExportError::RandomUnavailable,
        VaultError::PassphraseTooShort { min_chars } => {
            ExportError::PassphraseTooShort { min: min_chars }
        }
        _ => ExportError::WrongPassphraseOrDamaged,
    }
}

fn header(params: KdfParams, salt: &[u8; SALT_LEN], nonce: &[u8; NONCE_LEN]) -> Vec<u8> {
    let mut h = Vec::with_capacity(HEADER_LEN);
    h.extend_from_slice(BACKUP_MAGIC);
    h.extend_from_slice(&BACKUP_VERSION.to_be_bytes());
    h.push(KDF_ARGON2ID);
    h.extend_from_slice(&params.memory_kib.to_be_bytes());
    h.extend_from_slice(&params.iterations.to_be_bytes());
    h.extend_from_slice(&params.parallelism.to_be_bytes());
    h.extend_from_slice(salt);
    h.push(AEAD_AES_256_GCM);
    h.extend_from_slice(nonce);
    h
}

/// Seals `entries` under `passphrase` (at least [`crate::vault::MIN_PASSPHRASE_CHARS`] characters after NFC)
/// with Argon2id `params` (production: [`KdfParams::DEFAULT`]); the salt (16 bytes) and nonce
/// (12 bytes) come from `rng`, in that order.
pub fn seal_backup(
    entries: &[ImportedAccount],
    passphrase: &str,
    created_ms: u64,
    params: KdfParams,
    rng: &dyn RandomSource,
) -> Result<Vec<u8>, ExportError> {
    // `derive` refuses a short passphrase, then costs outside the bounds before Argon2 runs.
    let key = BackupKey::derive(passphrase, params, rng).map_err(kdf_error)?;
    seal_backup_with_key(entries, &key, created_ms, rng)
}

/// Seals `entries` with an already derived `key` (its costs and salt go into the header, the
/// nonce is fresh from `rng`): the automatic backups, which the vault seals without asking for
/// the passphrase again. The file is the same format [`open_backup`] reads with the passphrase.
pub fn seal_backup_with_key(
    entries: &[ImportedAccount],
    key: &BackupKey,
    created_ms: u64,
    rng: &dyn RandomSource,
) -> Result<Vec<u8>, ExportError> {
    let nonce: [u8; NONCE_LEN] = random_array(rng)?;
    let plain = backup_plaintext(entries, created_ms)?;
    let mut file = header(key.params, &key.salt, &nonce);
    let sealed = aead::seal(key.expose(), &nonce, &file, &plain).ok_or(ExportError::TooLarge {
        bytes: plain.len(),
        max: MAX_BACKUP_BYTES,
    })?;
    file.extend_from_slice(&sealed);
    Ok(file)
}

fn be32(b: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_be_bytes(a)
}

/// The header of a backup: its version, Argon2id costs, salt and nonce, checked.
struct Head {
    version: u16,
    params: KdfParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
}

fn read_head(bytes: &[u8]) -> Result<Head, ExportError> {
    let damaged = ExportError::WrongPassphraseOrDamaged;
    if bytes.len() > MAX_BACKUP_BYTES {
        return Err(ExportError::TooLarge {
            bytes: bytes.len(),
            max: MAX_BACKUP_BYTES,
        });
    }
    let head = &bytes[..bytes.len().min(BACKUP_MAGIC.len())];
    if BACKUP_MAGIC[..head.len()] != *head {
        return Err(ExportError::NotABackup);
    }
    if bytes.len() < 10 {
        return Err(damaged);
    }
    let version = u16::from_be_bytes([bytes[8], bytes[9]]);
    if version != BACKUP_VERSION {
        return Err(ExportError::UnsupportedVersion {
            found: version,
            supported: BACKUP_VERSION,
        });
    }
    if bytes.len() < HEADER_LEN + TAG_LEN
        || bytes[10] != KDF_ARGON2ID
        || bytes[39] != AEAD_AES_256_GCM
    {
        return Err(damaged);
    }
    let params = KdfParams {
        memory_kib: be32(bytes, 11),
        iterations: be32(bytes, 15),
        parallelism: be32(bytes, 19),
    };
    params.check().map_err(kdf_error)?;
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&bytes[23..23 + SALT_LEN]);
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&bytes[40..HEADER_LEN]);
    Ok(Head {
        version,
        params,
        salt,
        nonce,
    })
}

fn open_with(bytes: &[u8], head: &Head, key: &[u8; KEY_LEN]) -> Result<Backup, ExportError> {
    let (aad, sealed) = bytes.split_at(HEADER_LEN);
    let plain =
        aead::open(key, &head.nonce, aad, sealed).ok_or(ExportError::WrongPassphraseOrDamaged)?;
    let (created_ms, accounts) = body::decode(&plain, head.version)?;
    Ok(Backup {
        version: head.version,
        created_ms,
        accounts,
    })
}

/// Opens a backup. A wrong passphrase and any damage are the one
/// [`ExportError::WrongPassphraseOrDamaged`]; another file is [`ExportError::NotABackup`];
/// hostile Argon2id costs are refused before anything is allocated.
pub fn open_backup(bytes: &[u8], passphrase: &str) -> Result<Backup, ExportError> {
    let head = read_head(bytes)?;
    let key: Zeroizing<[u8; KEY_LEN]> =
        argon2id(passphrase, &head.salt, head.params).map_err(kdf_error)?;
    open_with(bytes, &head, &key)
}

/// Opens a backup with an already derived key (the automatic backups' read-back check): a file
/// whose costs or salt are not the key's is [`ExportError::WrongPassphraseOrDamaged`], like any
/// other key that does not open it. No Argon2id runs.
pub fn open_backup_with_key(bytes: &[u8], key: &BackupKey) -> Result<Backup, ExportError> {
    let head = read_head(bytes)?;
    if head.params != key.params || head.salt != key.salt {
        return Err(ExportError::WrongPassphraseOrDamaged);
    }
    open_with(bytes, &head, key.expose())
}
