//! Managing the slots of an open vault: listing, adding, replacing and removing them, with data-key
//! rotation when one is retired.

use zeroize::Zeroizing;

use super::slots::{self, DataKey, Slot, SlotId, SlotInfo, SlotKind};
use super::{format, KeyStore, RecoveryCode, Vault, VaultError};
use crate::random::{random_array, RandomSource};

/// Builds a new slot around a (new) data key, for [`Vault::rotate`].
type MakeSlot<'a> = dyn Fn(&dyn RandomSource, &DataKey) -> Result<Slot, VaultError> + 'a;

impl Vault {
    /// The slots, without secrets.
    pub fn slots(&self) -> Vec<SlotInfo> {
        self.slots.iter().map(Slot::info).collect()
    }

    /// True if the vault has a slot of this kind.
    pub fn has_slot(&self, kind: SlotKind) -> bool {
        self.slots.iter().any(|s| s.kind() == kind)
    }

    fn push_slot(&mut self, slot: Slot) -> Result<SlotId, VaultError> {
        if self.slots.len() >= format::MAX_SLOTS {
            return Err(VaultError::TooManySlots {
                max: format::MAX_SLOTS,
            });
        }
        let id = slot.id;
        self.slots.push(slot);
        self.dirty = true;
        Ok(id)
    }

    /// Retires every slot for which `retire` is true: a new data key is created, sealed to
    /// each remaining slot (no slot secret is needed: sealing uses the slots' public keys), and
    /// `make_new` (if given) builds one more slot with it. The contents are sealed with the new
    /// key at the next save, which also re-seals the older generations. Someone who ever
    /// learnt an earlier data key (or holds a retired slot's secret) cannot read anything saved
    /// from then on.
    ///
    /// Refused with [`VaultError::SlotsNeedRecreating`] (nothing changed) if a remaining slot
    /// cannot be sealed to: an unconverted format-1 slot or an unknown kind.
    fn rotate(
        &mut self,
        retire: impl Fn(&Slot) -> bool,
        make_new: Option<&MakeSlot<'_>>,
    ) -> Result<Option<SlotId>, VaultError> {
        let mut remaining: Vec<Slot> = self.slots.iter().filter(|s| !retire(s)).cloned().collect();
        let blocked: Vec<SlotId> = remaining
            .iter()
            .filter(|s| !s.is_sealed())
            .map(|s| s.id)
            .collect();
        if !blocked.is_empty() {
            return Err(VaultError::SlotsNeedRecreating { ids: blocked });
        }
        if remaining.is_empty() && make_new.is_none() {
            return Err(VaultError::LastSlot);
        }
        if make_new.is_some() && remaining.len() >= format::MAX_SLOTS {
            return Err(VaultError::TooManySlots {
                max: format::MAX_SLOTS,
            });
        }
        let rng = self.opts.rng.as_ref();
        let new_key: DataKey = Zeroizing::new(random_array(rng)?);
        for s in &mut remaining {
            s.reseal(rng, &new_key)?;
        }
        let new_id = match make_new {
            Some(f) => {
                let slot = f(rng, &new_key)?;
                let id = slot.id;
                remaining.push(slot);
                Some(id)
            }
            None => None,
        };
        let old = std::mem::replace(&mut self.data_key, new_key);
        self.retired_keys.push(old);
        self.slots = remaining;
        self.reseal_generations = true;
        self.dirty = true;
        Ok(new_id)
    }

    /// Adds a passphrase slot (Argon2id with the options' parameters, 64 MiB/3/1 by default).
    /// Adding a slot does not change the data key.
    pub fn add_passphrase(&mut self, passphrase: &str) -> Result<SlotId, VaultError> {
        let slot = Slot::new_passphrase(
            self.opts.rng.as_ref(),
            &self.data_key,
            passphrase,
            self.opts.kdf,
        )?;
        self.push_slot(slot)
    }

    /// Replaces every passphrase slot with one for `new` (adds one if there was none).
    /// Replacing retires the old slots, so the data key changes ([`Vault::remove_slot`]).
    pub fn change_passphrase(&mut self, new: &str) -> Result<SlotId, VaultError> {
        slots::check_passphrase(new)?;
        if !self.has_slot(SlotKind::Passphrase) {
            return self.add_passphrase(new);
        }
        let kdf = self.opts.kdf;
        let make = |rng: &dyn RandomSource, key: &DataKey| Slot::new_passphrase(rng, key, new, kdf);
        self.rotate(|s| s.kind() == SlotKind::Passphrase, Some(&make))?
            .ok_or(VaultError::WrongKeyOrDamaged)
    }

    /// Adds a device slot for `store` (e.g. after opening with the passphrase on a new device
    /// or after a reinstall); existing device slots are replaced (retired: the data key
    /// changes).
    pub fn add_device(&mut self, store: &dyn KeyStore) -> Result<SlotId, VaultError> {
        let key_id = self.opts.device_key_id.clone();
        let make =
            |rng: &dyn RandomSource, key: &DataKey| Slot::new_device(rng, key, store, &key_id);
        if !self.has_slot(SlotKind::Device) {
            let slot = make(self.opts.rng.as_ref(), &self.data_key)?;
            return self.push_slot(slot);
        }
        self.rotate(|s| s.kind() == SlotKind::Device, Some(&make))?
            .ok_or(VaultError::WrongKeyOrDamaged)
    }

    /// Creates a new recovery code, replacing any previous one (which stops working once the
    /// vault is saved; the data key changes). Show the returned code to the user once.
    pub fn add_recovery(&mut self) -> Result<RecoveryCode, VaultError> {
        let code = RecoveryCode::generate(self.opts.rng.as_ref())?;
        let make = |rng: &dyn RandomSource, key: &DataKey| Slot::new_recovery(rng, key, &code);
        if !self.has_slot(SlotKind::Recovery) {
            let slot = make(self.opts.rng.as_ref(), &self.data_key)?;
            self.push_slot(slot)?;
        } else {
            self.rotate(|s| s.kind() == SlotKind::Recovery, Some(&make))?;
        }
        Ok(code)
    }

    /// Removes a slot. The last slot that can open the vault cannot be removed. The data key
    /// changes: the contents and older generations are re-sealed under a new key at the next
    /// save, so whoever could open the removed slot reads nothing saved afterwards.
    pub fn remove_slot(&mut self, id: SlotId) -> Result<(), VaultError> {
        let pos = self
            .slots
            .iter()
            .position(|s| s.id == id)
            .ok_or(VaultError::SlotNotFound { id })?;
        let usable_left = self
            .slots
            .iter()
            .enumerate()
            .filter(|(i, s)| *i != pos && !matches!(s.kind(), SlotKind::Unknown(_)))
            .count();
        if usable_left == 0 {
            return Err(VaultError::LastSlot);
        }
        self.rotate(|s| s.id == id, None)?;
        Ok(())
    }

    /// Removes every slot that cannot follow a new data key (format-1 slots not yet converted,
    /// unknown kinds) and rotates the data key. This is the explicit way out of
    /// [`VaultError::SlotsNeedRecreating`]; shells must ask the user first (a removed recovery
    /// code stops working). Returns the removed ids; refused with [`VaultError::LastSlot`] if no
    /// sealed slot would remain.
    pub fn drop_slots_needing_recreation(&mut self) -> Result<Vec<SlotId>, VaultError> {
        let dropped: Vec<SlotId> = self
            .slots
            .iter()
            .filter(|s| !s.is_sealed())
            .map(|s| s.id)
            .collect();
        if dropped.is_empty() {
            return Ok(dropped);
        }
        self.rotate(|s| !s.is_sealed(), None)?;
        Ok(dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::Scratch;
    use super::*;
    use crate::vault::Unlock;

    const PASS: &str = "correct horse battery";

    #[test]
    fn a_new_vault_has_one_device_slot_which_cannot_be_removed() {
        let s = Scratch::new("slots-last");
        let mut v = s.create();
        let slots = v.slots();
        assert_eq!(slots.len(), 1);
        assert_eq!(slots[0].kind, SlotKind::Device);
        assert!(v.has_slot(SlotKind::Device) && !v.has_slot(SlotKind::Passphrase));
        assert!(matches!(
            v.remove_slot(slots[0].id),
            Err(VaultError::LastSlot)
        ));
        let missing = SlotId([0xAB; 8]);
        assert!(matches!(
            v.remove_slot(missing),
            Err(VaultError::SlotNotFound { id }) if id == missing
        ));
        assert_eq!(v.slots().len(), 1);
    }

    #[test]
    fn a_short_passphrase_is_refused_and_a_long_one_opens_the_saved_vault() {
        let s = Scratch::new("slots-pass");
        let mut v = s.create();
        assert!(matches!(
            v.add_passphrase("short"),
            Err(VaultError::PassphraseTooShort { .. })
        ));
        assert_eq!(v.slots().len(), 1);
        let id = v.add_passphrase(PASS).unwrap();
        assert!(v.has_slot(SlotKind::Passphrase));
        assert!(v.slots().iter().any(|i| i.id == id && i.kdf.is_some()));
        v.save().unwrap();
        drop(v);
        let (v, report) = s.open(Unlock::Passphrase(PASS)).unwrap();
        assert!(report.warnings.is_empty());
        assert_eq!(v.slots().len(), 2);
    }

    #[test]
    fn a_recovery_code_opens_the_vault_until_its_slot_is_removed() {
        let s = Scratch::new("slots-recovery");
        let mut v = s.create();
        let code = v.add_recovery().unwrap();
        let text = code.to_display();
        v.save().unwrap();
        drop(v);
        let (mut v, _) = s.open(Unlock::Recovery(&text)).unwrap();
        let key_before = v.data_key.clone();
        let recovery = v
            .slots()
            .into_iter()
            .find(|i| i.kind == SlotKind::Recovery)
            .unwrap();
        v.remove_slot(recovery.id).unwrap();
        assert_ne!(
            *v.data_key, *key_before,
            "removing a slot rotates the data key"
        );
        v.save().unwrap();
        drop(v);
        assert!(matches!(
            s.open(Unlock::Recovery(&text)),
            Err(VaultError::NoSlotOfKind {
                kind: SlotKind::Recovery
            })
        ));
        let (v, _) = s.open_device();
        assert_eq!(v.slots().len(), 1);
    }

    #[test]
    fn changing_the_passphrase_retires_the_old_one() {
        let s = Scratch::new("slots-change");
        let mut v = s.create();
        v.add_passphrase(PASS).unwrap();
        v.save().unwrap();
        v.change_passphrase("a different passphrase").unwrap();
        assert_eq!(
            v.slots()
                .iter()
                .filter(|i| i.kind == SlotKind::Passphrase)
                .count(),
            1
        );
        v.save().unwrap();
        drop(v);
        assert!(s.open(Unlock::Passphrase(PASS)).is_err());
        assert!(s.open(Unlock::Passphrase("a different passphrase")).is_ok());
    }
}
