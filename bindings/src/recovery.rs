//! Owns the recovery code across the FFI: creating one (shown once), asking whether one exists, and opening a vault with it (all core's `vault` slots).

use std::path::Path;
use std::sync::Arc;

use kulcs_core::vault::{self as core_vault, SlotKind, Unlock};

use crate::guard::guard;
use crate::{KulcsError, Vault};

#[uniffi::export]
impl Vault {
    /// Opens the vault at `path` with its printed recovery code (dashes, spaces and case
    /// ignored). `InvalidInput{field: "recovery_code", kind: InvalidRecoveryCode}` for a
    /// malformed code, `WrongKeyOrDamaged` for a well-formed wrong one.
    #[uniffi::constructor]
    pub fn open_with_recovery_code(path: String, code: String) -> Result<Arc<Self>, KulcsError> {
        let code = zeroize::Zeroizing::new(code);
        guard(|| {
            let (v, report) = core_vault::Vault::open(Path::new(&path), Unlock::Recovery(&code))?;
            Ok(Vault::wrap(v, report))
        })
    }

    /// Creates a recovery code, replacing any previous one (which stops working), saves, and
    /// returns it grouped for display ("ABCD-EFGH-…", 8 groups of 4). Show it ONCE; it is not
    /// stored anywhere readable. `now_ms` is accepted for symmetry; slots carry no clock.
    pub fn add_recovery_code(&self, now_ms: u64) -> Result<String, KulcsError> {
        let _ = now_ms;
        self.change(|v| Ok(v.add_recovery()?.to_display().as_str().to_string()))
    }

    /// True when the vault has a recovery code.
    pub fn has_recovery_code(&self) -> Result<bool, KulcsError> {
        self.read(|v| Ok(v.has_slot(SlotKind::Recovery)))
    }
}
