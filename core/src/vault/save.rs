//! Writing a vault: the crash-safe save, the file bytes, and re-sealing older generations after the
//! data key rotated.

use zeroize::Zeroizing;

use super::contents;
use super::store;
use super::{format, Vault, VaultError};
use crate::random::random_array;

impl Vault {
    /// Writes the vault crash-safely (temp file, fsync, rename, directory fsync), keeping
    /// the previous `store::GENERATIONS` (3) copies, always in format [`format::VERSION`]. The
    /// nonce is fresh. After a slot was retired (the data key rotated), older generations are
    /// re-sealed under the new key too.
    pub fn save(&mut self) -> Result<(), VaultError> {
        if let Some(hook) = self.save_hook.as_mut() {
            hook.before_save(&mut self.contents, self.opts.rng.as_ref());
        }
        let bytes = self.to_file_bytes()?;
        let storage = self.opts.storage.as_ref();
        if self.set_aside_on_save {
            if storage
                .exists(&self.path)
                .map_err(|e| VaultError::io("check", &self.path, e))?
            {
                store::set_aside(storage, &self.path)?;
            }
            self.set_aside_on_save = false;
        }
        store::save(storage, &self.path, &bytes)?;
        self.dirty = false;
        if self.reseal_generations {
            self.reseal_older_generations();
        }
        Ok(())
    }

    /// Runs `change` and then saves; when either fails, the accounts and the dirty flag are put
    /// back as they were, so the change is in memory and on disk entirely or not at all (the
    /// rule of `keep_only` and `import_all`).
    pub(super) fn change_and_save<T>(
        &mut self,
        change: impl FnOnce(&mut Vault) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        let (before, was_dirty) = (self.contents.clone(), self.dirty);
        let result = change(self).and_then(|out| self.save().map(|()| out));
        if result.is_err() {
            self.contents = before;
            self.dirty = was_dirty;
        }
        result
    }

    /// The complete file as [`Vault::save`] would write it (fresh nonce).
    pub fn to_file_bytes(&self) -> Result<Vec<u8>, VaultError> {
        let nonce = random_array(self.opts.rng.as_ref())?;
        let header = format::Header {
            version: format::VERSION,
            nonce,
            slots: self.slots.clone(),
        };
        let plain = contents::to_json(&self.contents)?;
        format::seal(&header, &self.data_key, &plain)
    }

    /// The data key that opens `parsed`, if this session knows it: the current key, a key
    /// retired in this session, or the one sealed to the slot that opened the vault.
    fn generation_key(&self, parsed: &format::Parsed<'_>) -> Option<Zeroizing<Vec<u8>>> {
        let keys = std::iter::once(&self.data_key).chain(self.retired_keys.iter().rev());
        for k in keys {
            if let Ok(plain) = format::open(parsed, k) {
                return Some(plain);
            }
        }
        let (id, sk) = self.slot_key.as_ref()?;
        let slot = parsed.header.slots.iter().find(|s| s.id == *id)?;
        let key = slot.open_seal(sk).ok()?;
        format::open(parsed, &key).ok()
    }

    /// Re-seals every older generation that this session can open (see
    /// [`Vault::generation_key`]) and whose header differs from the current one, under the
    /// current data key and slots (same contents, fresh nonce), each by temp file + fsync +
    /// rename. Best effort: a generation that cannot be written is retried at the next save; one
    /// that this session cannot open (sealed before the opening slot existed, or damaged) is
    /// left as it is.
    fn reseal_older_generations(&mut self) {
        let storage = self.opts.storage.as_ref();
        let mut all_done = true;
        let mut wrote = false;
        for n in 1..=store::GENERATIONS {
            let gen = store::generation_path(&self.path, n);
            let Ok(Some(bytes)) = storage.read(&gen, format::MAX_FILE_LEN) else {
                continue;
            };
            let Ok(parsed) = format::parse(&bytes, &gen) else {
                continue;
            };
            if parsed.header.version == format::VERSION && parsed.header.slots == self.slots {
                continue;
            }
            let Some(plain) = self.generation_key(&parsed) else {
                continue;
            };
            let done = (|| -> Result<(), VaultError> {
                let nonce = random_array(self.opts.rng.as_ref())?;
                let header = format::Header {
                    version: format::VERSION,
                    nonce,
                    slots: self.slots.clone(),
                };
                let sealed = format::seal(&header, &self.data_key, &plain)?;
                let tmp = store::with_suffix(&gen, ".tmp");
                storage
                    .write(&tmp, &sealed)
                    .map_err(|e| VaultError::io("write", &tmp, e))?;
                storage
                    .sync_file(&tmp)
                    .map_err(|e| VaultError::io("sync", &tmp, e))?;
                storage
                    .rename(&tmp, &gen)
                    .map_err(|e| VaultError::io("rename", &tmp, e))?;
                Ok(())
            })();
            wrote = true;
            all_done &= done.is_ok();
        }
        if wrote {
            let dir = store::parent_dir(&self.path);
            all_done &= storage.sync_dir(&dir).is_ok();
        }
        self.reseal_generations = !all_done;
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{ugyfelkapu, Scratch, NOW, RFC_KEY};
    use super::*;

    #[test]
    fn save_writes_the_current_format_and_keeps_the_previous_copy() {
        let s = Scratch::new("save-gen");
        let mut v = s.create();
        assert!(!v.is_dirty());
        v.add(ugyfelkapu("a", RFC_KEY), NOW).unwrap();
        assert!(v.is_dirty());
        v.save().unwrap();
        assert!(!v.is_dirty());
        let bytes = std::fs::read(s.path()).unwrap();
        let parsed = format::parse(&bytes, &s.path()).unwrap();
        assert_eq!(parsed.header.version, format::VERSION);
        let previous = std::fs::read(store::generation_path(&s.path(), 1)).unwrap();
        let old = format::parse(&previous, &s.path()).unwrap();
        let old_plain = format::open(&old, &v.data_key).unwrap();
        assert!(contents::from_json(&old_plain).unwrap().accounts.is_empty());
    }

    #[test]
    fn file_bytes_use_a_fresh_nonce_but_hold_the_same_contents() {
        let s = Scratch::new("save-nonce");
        let mut v = s.create();
        v.add(ugyfelkapu("a", RFC_KEY), NOW).unwrap();
        let a = v.to_file_bytes().unwrap();
        let b = v.to_file_bytes().unwrap();
        assert_ne!(a, b);
        let pa = format::parse(&a, &s.path()).unwrap();
        let pb = format::parse(&b, &s.path()).unwrap();
        assert_ne!(pa.header.nonce, pb.header.nonce);
        let plain_a = format::open(&pa, &v.data_key).unwrap();
        let plain_b = format::open(&pb, &v.data_key).unwrap();
        assert_eq!(plain_a, plain_b);
    }

    #[test]
    fn a_saved_change_survives_reopening() {
        let s = Scratch::new("save-reopen");
        let mut v = s.create();
        let id = v.add(ugyfelkapu("a", RFC_KEY), NOW).unwrap().id();
        v.save().unwrap();
        drop(v);
        let (v, _) = s.open_device();
        assert!(v.account(id).is_some());
        assert!(!v.is_dirty());
    }
}
