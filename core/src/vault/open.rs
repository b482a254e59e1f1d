//! Opening a vault file: trying each slot, falling back to older generations, and converting a
//! legacy slot that opened it.

use std::path::Path;

use super::contents::{self, Contents};
use super::slots::{DataKey, Opened, Slot, SlotId, SlotKind, SlotSecret};
use super::store::{self, LockGuard};
use super::{
    format, OpenReport, OpenWarning, RecoveryCode, Unlock, Vault, VaultError, VaultOptions,
};

/// At most this many Argon2id derivations run for one passphrase open, over all passphrase
/// slots of all the files tried (newest and older generations). A hostile file with 16
/// passphrase slots at the KDF ceiling (256 MiB, 10 passes) costs 4 derivations, not 16.
pub const MAX_PASSPHRASE_TRIES: usize = 4;

struct Loaded {
    slots: Vec<Slot>,
    data_key: DataKey,
    contents: Contents,
    /// Which slot opened it, and what opening it gave besides the data key.
    opened_slot: SlotId,
    opened: Opened,
}

enum Failure {
    /// Not damage: do not look at older copies (wrong kind of unlock, key store trouble,
    /// newer format, I/O).
    Fatal(VaultError),
    /// Slots of the right kind exist but none opened. Only a copy whose opening slot also
    /// exists here (same id, different bytes) may replace it.
    Rejected { slots: Vec<Slot> },
    /// Unreadable: bad structure, or a slot opened but the contents failed.
    Damaged(VaultError),
}

fn unlock_secret<'a>(
    unlock: &Unlock<'a>,
    code: &'a Option<RecoveryCode>,
) -> Result<SlotSecret<'a>, VaultError> {
    Ok(match unlock {
        Unlock::Device(store) => SlotSecret::Device(*store),
        Unlock::Passphrase(p) => SlotSecret::Passphrase(p),
        Unlock::Recovery(_) => {
            SlotSecret::Recovery(code.as_ref().ok_or(VaultError::WrongKeyOrDamaged)?)
        }
    })
}

fn try_load(
    bytes: &[u8],
    path: &Path,
    secret: &SlotSecret<'_>,
    only_changed_from: Option<&[Slot]>,
    kdf_budget: &mut usize,
) -> Result<Loaded, Failure> {
    let parsed = match format::parse(bytes, path) {
        Ok(p) => p,
        Err(e @ VaultError::UnsupportedVersion { .. }) => return Err(Failure::Fatal(e)),
        Err(e) => return Err(Failure::Damaged(e)),
    };
    let kind = secret.kind();
    let candidates: Vec<&Slot> = parsed
        .header
        .slots
        .iter()
        .filter(|s| s.kind() == kind)
        .collect();
    if candidates.is_empty() {
        // A slot type this version does not know may be a damaged known slot; say so rather
        // than claim the vault lacks the slot.
        if parsed
            .header
            .slots
            .iter()
            .any(|s| matches!(s.kind(), SlotKind::Unknown(_)))
        {
            return Err(Failure::Damaged(VaultError::WrongKeyOrDamaged));
        }
        return Err(Failure::Fatal(VaultError::NoSlotOfKind { kind }));
    }
    let mut tried_any = false;
    for slot in candidates {
        if let Some(newer) = only_changed_from {
            // Only a slot that the newer copy also has (same id) but with different bytes can
            // give a different answer; identical slots would fail the same way.
            match newer.iter().find(|n| n.id == slot.id) {
                Some(n) if n != slot => {}
                _ => continue,
            }
        }
        if kind == SlotKind::Passphrase {
            // Each passphrase slot costs one Argon2id run; a file may not make us run many.
            if *kdf_budget == 0 {
                break;
            }
            *kdf_budget -= 1;
        }
        tried_any = true;
        match slot.unlock(secret) {
            Ok(Some((key, opened))) => {
                let plain = match format::open(&parsed, &key) {
                    Ok(p) => p,
                    Err(e) => return Err(Failure::Damaged(e)),
                };
                let contents = contents::from_json(&plain).map_err(Failure::Damaged)?;
                return Ok(Loaded {
                    slots: parsed.header.slots.clone(),
                    data_key: key,
                    contents,
                    opened_slot: slot.id,
                    opened,
                });
            }
            Ok(None) | Err(VaultError::WrongKeyOrDamaged) => {}
            Err(e) => return Err(Failure::Fatal(e)),
        }
    }
    if !tried_any {
        return Err(Failure::Fatal(VaultError::WrongKeyOrDamaged));
    }
    Err(Failure::Rejected {
        slots: parsed.header.slots.clone(),
    })
}

fn failure_error(f: Failure) -> VaultError {
    match f {
        Failure::Fatal(e) | Failure::Damaged(e) => e,
        Failure::Rejected { .. } => VaultError::WrongKeyOrDamaged,
    }
}

impl Vault {
    /// Opens the vault at `path`. If the newest file is damaged, the newest readable older
    /// generation is opened instead and the report says so.
    pub fn open(path: &Path, unlock: Unlock<'_>) -> Result<(Vault, OpenReport), VaultError> {
        Self::open_with(path, unlock, VaultOptions::default())
    }

    /// [`Vault::open`] with injected options.
    pub fn open_with(
        path: &Path,
        unlock: Unlock<'_>,
        opts: VaultOptions,
    ) -> Result<(Vault, OpenReport), VaultError> {
        let code = match unlock {
            Unlock::Recovery(text) => Some(RecoveryCode::parse(text)?),
            _ => None,
        };
        let secret = unlock_secret(&unlock, &code)?;
        let lock = store::lock(opts.storage.as_ref(), path, opts.lock_wait)?;
        let storage = opts.storage.as_ref();

        let newest_path = path.to_path_buf();
        let mut report = OpenReport::default();
        let mut first_failure: Option<Failure> = None;
        let mut kdf_budget = MAX_PASSPHRASE_TRIES;
        let (first_path, first_bytes, interrupted) =
            match store::read(storage, &newest_path, format::MAX_FILE_LEN) {
                Ok(Some(b)) => (newest_path.clone(), Some(b), false),
                Ok(None) => {
                    let tmp = store::temp_path(path);
                    (
                        tmp.clone(),
                        store::read(storage, &tmp, format::MAX_FILE_LEN)
                            .ok()
                            .flatten(),
                        true,
                    )
                }
                Err(e @ VaultError::TooLarge { .. }) => {
                    first_failure = Some(Failure::Damaged(e));
                    (newest_path.clone(), None, false)
                }
                Err(e) => return Err(e),
            };

        if let Some(bytes) = &first_bytes {
            match try_load(bytes, &first_path, &secret, None, &mut kdf_budget) {
                Ok(l) => {
                    if interrupted {
                        report.warnings.push(OpenWarning::InterruptedSave {
                            opened: first_path.clone(),
                            recovered_new: true,
                        });
                    }
                    report.opened = first_path;
                    return Ok((
                        Self::from_loaded(path, opts, l, &secret, false, lock),
                        report,
                    ));
                }
                Err(Failure::Fatal(e)) if !interrupted => return Err(e),
                Err(f) => first_failure = Some(f),
            }
        }
        let only_changed: Option<Vec<Slot>> = match (&first_failure, interrupted) {
            (Some(Failure::Rejected { slots }), false) => Some(slots.clone()),
            _ => None,
        };
        let mut older_failure: Option<Failure> = None;
        for n in 1..=store::GENERATIONS {
            let p = store::generation_path(path, n);
            let Some(bytes) = store::read(storage, &p, format::MAX_FILE_LEN)
                .ok()
                .flatten()
            else {
                continue;
            };
            let attempt = try_load(
                &bytes,
                &p,
                &secret,
                only_changed.as_deref(),
                &mut kdf_budget,
            );
            if let Err(f) = attempt {
                older_failure.get_or_insert(f);
                continue;
            }
            if let Ok(l) = attempt {
                let set_aside = !interrupted && first_failure.is_some();
                if interrupted {
                    report.warnings.push(OpenWarning::InterruptedSave {
                        opened: p.clone(),
                        recovered_new: false,
                    });
                } else if let Some(f) = first_failure {
                    let e = failure_error(f);
                    report.warnings.push(OpenWarning::NewestUnreadable {
                        newest: newest_path.clone(),
                        opened: p.clone(),
                        generations_back: n,
                        reason: e.to_string(),
                    });
                }
                report.opened = p;
                return Ok((
                    Self::from_loaded(path, opts, l, &secret, set_aside, lock),
                    report,
                ));
            }
        }
        // Nothing opened. Report the newest file's failure; after an interrupted save (no
        // current file) the previous generation's, which is what the user expects to open.
        match (first_failure, older_failure, interrupted) {
            (Some(f), _, false) => Err(failure_error(f)),
            (_, Some(f), true) => Err(failure_error(f)),
            (Some(f), None, true) => Err(failure_error(f)),
            (None, _, _) if first_bytes.is_none() => {
                Err(VaultError::NotFound { path: newest_path })
            }
            _ => Err(VaultError::WrongKeyOrDamaged),
        }
    }

    /// Builds the vault from what opened. A format-1 slot that opened it is converted to a
    /// sealed slot here (its secret is at hand); the conversion is written by the next save.
    fn from_loaded(
        path: &Path,
        opts: VaultOptions,
        l: Loaded,
        secret: &SlotSecret<'_>,
        set_aside_on_save: bool,
        lock: LockGuard,
    ) -> Vault {
        let Loaded {
            mut slots,
            data_key,
            contents,
            opened_slot,
            opened,
        } = l;
        let mut dirty = false;
        let slot_key = match opened {
            Opened::Sealed(sk) => Some((opened_slot, sk)),
            legacy @ Opened::Legacy(_) => {
                let converted = slots
                    .iter()
                    .position(|s| s.id == opened_slot)
                    .and_then(|i| {
                        let (new, sk) = slots[i]
                            .convert(opts.rng.as_ref(), secret, &legacy, &data_key)
                            .ok()?;
                        slots[i] = new;
                        Some(sk)
                    });
                // If conversion failed (e.g. the key store refused to wrap), the slot stays a
                // legacy slot and is converted at a later open.
                dirty = converted.is_some();
                converted.map(|sk| (opened_slot, sk))
            }
        };
        Vault {
            path: path.to_path_buf(),
            opts,
            data_key,
            slots,
            contents,
            set_aside_on_save,
            // Once per session, look for older generations a previous session left sealed
            // under a retired key or retired slots (e.g. it stopped mid-rotation).
            reseal_generations: true,
            retired_keys: Vec::new(),
            slot_key,
            dirty,
            save_hook: None,
            _lock: lock,
        }
    }
}

/// The data key of a vault file, opened with `unlock` (for audits and tests that check what
/// an old key can still read; applications never need it). Runs at most
/// [`MAX_PASSPHRASE_TRIES`] Argon2id derivations.
pub fn unseal_data_key(
    bytes: &[u8],
    path: &Path,
    unlock: Unlock<'_>,
) -> Result<DataKey, VaultError> {
    let code = match unlock {
        Unlock::Recovery(text) => Some(RecoveryCode::parse(text)?),
        _ => None,
    };
    let secret = unlock_secret(&unlock, &code)?;
    let mut budget = MAX_PASSPHRASE_TRIES;
    try_load(bytes, path, &secret, None, &mut budget)
        .map(|l| l.data_key)
        .map_err(failure_error)
}

#[cfg(test)]
mod tests;
