//! Owns the Aegis-format exports (`docs/export.md`): the vault JSON Aegis itself writes
//! (version 1, database version 3 with groups by uuid), plain, or encrypted as Aegis does it: a
//! random master key seals the database with AES-256-GCM, one password slot seals the master
//! key under scrypt(N = 2^15, r = 8, p = 1). Aegis, Ente, 2FAS, Proton and Bitwarden read it.

use data_encoding::{BASE64, HEXLOWER};
use serde::Serialize;
use serde_json::json;
use zeroize::Zeroizing;

use super::ExportError;
use crate::aead::{self, KEY_LEN, NONCE_LEN};
use crate::import::ImportedAccount;
use crate::otp::OtpKind;
use crate::random::{random_array, RandomSource};

/// log2 of the scrypt cost N of the password slot (Aegis's own choice, 32 MiB with r = 8).
pub const AEGIS_SCRYPT_LOG_N: u8 = 15;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;
/// Aegis's slot type for a password slot.
const PASSWORD_SLOT: u8 = 1;

#[derive(Serialize)]
struct Db<'a> {
    version: u8,
    entries: Vec<Entry<'a>>,
    groups: Vec<Group>,
    icons_optimized: bool,
}

#[derive(Serialize)]
struct Group {
    uuid: String,
    name: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    uuid: String,
    name: &'a str,
    issuer: &'a str,
    note: &'a str,
    favorite: bool,
    icon: Option<()>,
    info: Info<'a>,
    groups: Vec<String>,
}

#[derive(Serialize)]
struct Info<'a> {
    secret: &'a str,
    algo: &'static str,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
}

/// A random version-4 UUID in its text form.
fn uuid(rng: &dyn RandomSource) -> Result<String, ExportError> {
    let mut b: [u8; 16] = random_array(rng)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = HEXLOWER.encode(&b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    ))
}

/// The database JSON (the plaintext of an encrypted export), in a wiped buffer. Random bytes:
/// one uuid per group (first use order), then one per entry.
fn db_json(
    entries: &[ImportedAccount],
    rng: &dyn RandomSource,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let mut groups: Vec<Group> = Vec::new();
    for name in entries.iter().flat_map(|e| &e.groups) {
        if !groups.iter().any(|g| &g.name == name) {
            groups.push(Group {
                uuid: uuid(rng)?,
                name: name.clone(),
            });
        }
    }
    let secrets: Vec<Zeroizing<String>> = entries
        .iter()
        .map(|e| e.credential.secret.to_base32())
        .collect();
    let mut list = Vec::with_capacity(entries.len());
    for (e, secret) in entries.iter().zip(&secrets) {
        let p = &e.credential.params;
        list.push(Entry {
            kind: p.kind.as_str(),
            uuid: uuid(rng)?,
            name: &e.credential.label,
            issuer: &e.credential.issuer,
            note: e.note.as_deref().unwrap_or(""),
            favorite: e.favourite,
            icon: None,
            info: Info {
                secret: secret.as_str(),
                algo: p.algorithm.as_str(),
                digits: p.digits,
                period: (p.kind != OtpKind::Hotp).then_some(p.period),
                counter: (p.kind == OtpKind::Hotp).then_some(p.counter),
            },
            groups: e
                .groups
                .iter()
                .filter_map(|n| groups.iter().find(|g| &g.name == n))
                .map(|g| g.uuid.clone())
                .collect(),
        });
    }
    let db = Db {
        version: 3,
        entries: list,
        groups,
        icons_optimized: true,
    };
    // Sized up front so the buffer holding the keys is not reallocated (and copied) as it grows.
    let guess = entries
        .iter()
        .map(|e| 512 + e.note.as_ref().map_or(0, |n| n.len() * 6))
        .sum::<usize>();
    let mut out = Zeroizing::new(Vec::with_capacity(guess));
    serde_json::to_writer(&mut *out, &db).map_err(|_| ExportError::EncodeFailed)?;
    Ok(out)
}

/// An unencrypted Aegis export (`"header": {"slots": null, "params": null}`). It holds every
/// key in plain text: shells must warn before writing it.
pub fn aegis_plain(
    entries: &[ImportedAccount],
    rng: &dyn RandomSource,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let db = db_json(entries, rng)?;
    let mut out = Zeroizing::new(Vec::with_capacity(db.len() + 80));
    out.extend_from_slice(br#"{"version":1,"header":{"slots":null,"params":null},"db":"#);
    out.extend_from_slice(&db);
    out.extend_from_slice(b"}");
    Ok(out)
}

fn seal(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    plain: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), ExportError> {
    let mut sealed = aead::seal(key, nonce, &[], plain).ok_or(ExportError::TooLarge {
        bytes: plain.len(),
        max: super::MAX_BACKUP_BYTES,
    })?;
    let tag = sealed.split_off(sealed.len() - aead::TAG_LEN);
    Ok((sealed, tag))
}

/// An encrypted Aegis export under `password`. Random bytes, in order: the database's uuids
/// (see `db_json`), the master key (32), the slot's uuid (16), scrypt salt (32), slot nonce
/// (12), database nonce (12).
pub fn aegis_encrypted(
    entries: &[ImportedAccount],
    password: &str,
    rng: &dyn RandomSource,
) -> Result<Vec<u8>, ExportError> {
    if password.chars().count() < crate::vault::MIN_PASSPHRASE_CHARS {
        return Err(ExportError::PassphraseTooShort {
            min: crate::vault::MIN_PASSPHRASE_CHARS,
        });
    }
    let db = db_json(entries, rng)?;
    let master: Zeroizing<[u8; KEY_LEN]> = Zeroizing::new(random_array(rng)?);
    let slot_uuid = uuid(rng)?;
    let salt: [u8; 32] = random_array(rng)?;
    let slot_nonce: [u8; NONCE_LEN] = random_array(rng)?;
    let db_nonce: [u8; NONCE_LEN] = random_array(rng)?;
    let params = scrypt::Params::new(AEGIS_SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, KEY_LEN)
        .map_err(|_| ExportError::EncodeFailed)?;
    let mut slot_key = Zeroizing::new([0u8; KEY_LEN]);
    scrypt::scrypt(password.as_bytes(), &salt, &params, &mut slot_key[..])
        .map_err(|_| ExportError::EncodeFailed)?;
    let (wrapped, wrapped_tag) = seal(&slot_key, &slot_nonce, &master[..])?;
    let (db_sealed, db_tag) = seal(&master, &db_nonce, &db)?;
    let v = json!({
        "version": 1,
        "header": {
            "slots": [{
                "type": PASSWORD_SLOT,
                "uuid": slot_uuid,
                "key": HEXLOWER.encode(&wrapped),
                "key_params": {"nonce": HEXLOWER.encode(&slot_nonce), "tag": HEXLOWER.encode(&wrapped_tag)},
                "n": 1u64 << AEGIS_SCRYPT_LOG_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": HEXLOWER.encode(&salt),
                "repaired": true,
                "is_backup": false,
            }],
            "params": {"nonce": HEXLOWER.encode(&db_nonce), "tag": HEXLOWER.encode(&db_tag)},
        },
        "db": BASE64.encode(&db_sealed),
    });
    serde_json::to_vec_pretty(&v).map_err(|_| ExportError::EncodeFailed)
}
