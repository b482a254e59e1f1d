//! Owns one automatic backup run: seal the vault's accounts with the stored key, write the
//! file, read it back and compare, then delete the oldest of ours beyond the number to keep.
//! An unchanged vault (same digest, file still there) writes nothing, so frequent saves do not
//! push older, different backups out of the folder.

use ring::digest::{digest, SHA256};

use super::names;
use crate::export::{self, MAX_BACKUP_BYTES};
use crate::import::ImportedAccount;
use crate::random::RandomSource;
use crate::sync::SyncFolder;
use crate::vault::{AutoBackup, LastBackup};

/// SHA-256 of what a backup of `entries` holds, without its time.
pub fn digest_of(entries: &[ImportedAccount]) -> Result<[u8; 32], String> {
    let plain = export::backup_plaintext(entries, 0).map_err(|e| e.to_string())?;
    let mut out = [0u8; 32];
    out.copy_from_slice(digest(&SHA256, &plain).as_ref());
    Ok(out)
}

/// Writes one backup of `entries` (the state at `created_ms`) into `folder` under `setting`,
/// unless the newest one already holds exactly them. `Ok(None)`: nothing needed writing. The
/// error is a sentence for the user (the folder's words, or why the read-back failed).
pub fn write_one(
    folder: &dyn SyncFolder,
    setting: &AutoBackup,
    entries: &[ImportedAccount],
    created_ms: u64,
    rng: &dyn RandomSource,
) -> Result<Option<LastBackup>, String> {
    let digest = digest_of(entries)?;
    let mut listed = folder.list().map_err(|e| e.to_string())?;
    if let Some(last) = &setting.last {
        if last.digest == digest && listed.contains(&last.name) {
            return Ok(None);
        }
    }
    let name = (0..)
        .map(|seq| names::name_for(created_ms, seq))
        .find(|n| !listed.contains(n))
        .unwrap_or_default();
    let file = export::seal_backup_with_key(entries, &setting.key, created_ms, rng)
        .map_err(|e| e.to_string())?;
    folder.write(&name, &file).map_err(|e| e.to_string())?;
    let checked = folder
        .read(&name, MAX_BACKUP_BYTES as u64)
        .map_err(|e| e.to_string())
        .and_then(|back| {
            export::check_backup_with_key(&back, &setting.key, entries).map_err(|e| e.to_string())
        });
    if let Err(why) = checked {
        let _ = folder.delete(&name);
        return Err(why);
    }
    listed.push(name.clone());
    prune(folder, &listed, &name, setting.keep);
    Ok(Some(LastBackup {
        name,
        created_ms,
        accounts: u32::try_from(entries.len()).unwrap_or(u32::MAX),
        digest,
    }))
}

/// Deletes our oldest backups beyond `keep` among `listed` (the folder's names, the new one
/// included), never `newest`; best effort (a file that cannot be deleted now is deleted by a
/// later run).
fn prune(folder: &dyn SyncFolder, listed: &[String], newest: &str, keep: u32) {
    let ours = names::ours_oldest_first(listed);
    let extra = ours.len().saturating_sub(keep as usize);
    for name in ours.iter().take(extra).filter(|n| *n != newest) {
        let _ = folder.delete(name);
    }
}
