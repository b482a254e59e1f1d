//! Owns the code list across the FFI: core's `code_row` records, search, groups, the atomic keep-only and clock calibration as `Vault` methods.

use kulcs_core::code_row as core_rows;
use kulcs_core::vault::CalibrationError;

use crate::guard::{guard, lock};
use crate::vault::account_id;
use crate::{KulcsError, OtpKind, Vault};

/// One line of the code list, exactly as core builds it (offset applied in core; see
/// `kulcs_core::code_row`). Shells show these fields and add no rule.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CodeRow {
    /// Stable id (32 hex digits).
    pub id: String,
    /// `Issuer (label)`, or whichever exists (core's `credential::display_name`).
    pub display_name: String,
    /// The service.
    pub issuer: String,
    /// The account name.
    pub label: String,
    /// Its groups.
    pub groups: Vec<String>,
    /// TOTP, HOTP or Steam.
    pub kind: OtpKind,
    /// The current code, raw: what the copy button puts on the clipboard.
    pub code: String,
    /// The current code grouped ("461 751").
    pub code_grouped: String,
    /// The current code for a screen reader ("4 6 1, 7 5 1").
    pub code_spoken: String,
    /// The next code, only while `expiring`.
    pub next_code: Option<String>,
    /// The next code grouped, only while `expiring`.
    pub next_grouped: Option<String>,
    /// The next code spoken, only while `expiring`.
    pub next_spoken: Option<String>,
    /// Seconds the current code stays valid (0 for HOTP).
    pub seconds_left: u32,
    /// The step length in seconds (0 for HOTP).
    pub period: u32,
    /// Fraction of the period elapsed, 0 to 1 (0 for HOTP).
    pub progress: f32,
    /// Show the next code and the warning colour now.
    pub expiring: bool,
    /// The HOTP counter (absent for time-based codes).
    pub counter: Option<u64>,
    /// A private note is stored (read it with `note`).
    pub has_note: bool,
    /// Another entry has the same issuer and label (offer the duplicates screen).
    pub duplicate: bool,
}

impl From<core_rows::CodeRow> for CodeRow {
    fn from(r: core_rows::CodeRow) -> Self {
        CodeRow {
            id: r.id.to_hex(),
            display_name: r.display_name,
            issuer: r.issuer,
            label: r.label,
            groups: r.groups,
            kind: r.kind,
            code: r.code,
            code_grouped: r.code_grouped,
            code_spoken: r.code_spoken,
            next_code: r.next_code,
            next_grouped: r.next_grouped,
            next_spoken: r.next_spoken,
            seconds_left: r.seconds_left,
            period: r.period,
            progress: r.progress,
            expiring: r.expiring,
            counter: r.counter,
            has_note: r.has_note,
            duplicate: r.duplicate,
        }
    }
}

impl From<CalibrationError> for KulcsError {
    fn from(e: CalibrationError) -> Self {
        match e {
            CalibrationError::Vault(v) => v.into(),
            other => KulcsError::invalid("clock_offset", other.kind(), &other),
        }
    }
}

impl Vault {
    /// Runs a change that saves by itself (core's atomic operations).
    fn change_unsaved<T>(
        &self,
        f: impl FnOnce(&mut kulcs_core::vault::Vault) -> Result<T, KulcsError>,
    ) -> Result<T, KulcsError> {
        guard(|| f(&mut *lock(&self.inner)?))
    }
}

#[uniffi::export]
impl Vault {
    /// The code list at the RAW device time `device_unix_time` (core adds the clock offset):
    /// the accounts whose issuer, label or groups contain every word of `query` (case and
    /// accents ignored: "ugyfel" finds "Ügyfélkapu+") and, with `group`, that have exactly this
    /// group. In the order added.
    pub fn code_rows(
        &self,
        device_unix_time: i64,
        query: Option<String>,
        group: Option<String>,
    ) -> Result<Vec<CodeRow>, KulcsError> {
        self.read(|v| {
            Ok(
                core_rows::code_rows(v, device_unix_time, query.as_deref(), group.as_deref())?
                    .into_iter()
                    .map(CodeRow::from)
                    .collect(),
            )
        })
    }

    /// One account's row at the RAW device time (core adds the clock offset).
    pub fn code_row(&self, id: String, device_unix_time: i64) -> Result<CodeRow, KulcsError> {
        self.read(|v| Ok(core_rows::code_row(v, account_id(&id)?, device_unix_time)?.into()))
    }

    /// Every group in use, once, sorted (accents ignored: `Állam` sorts with the A's).
    pub fn groups(&self) -> Result<Vec<String>, KulcsError> {
        self.read(|v| Ok(core_rows::groups(v)))
    }

    /// One account's groups.
    pub fn account_groups(&self, id: String) -> Result<Vec<String>, KulcsError> {
        self.read(|v| {
            let aid = account_id(&id)?;
            let a = v.account(aid).ok_or(KulcsError::NotFound { id })?;
            Ok(a.groups.clone())
        })
    }

    /// Replaces an account's groups (core cleans them: trimmed, duplicates dropped; a bad one
    /// is `InvalidInput{field: "groups", kind: InvalidGroup}`).
    pub fn set_groups(
        &self,
        id: String,
        groups: Vec<String>,
        now_ms: u64,
    ) -> Result<(), KulcsError> {
        self.change(|v| Ok(v.set_groups(account_id(&id)?, &groups, now_ms)?))
    }

    /// The RAW device time plus the vault's clock offset, for anything else that needs the
    /// corrected time (e.g. a typed-key preview).
    pub fn corrected_time(&self, device_unix_time: i64) -> Result<i64, KulcsError> {
        self.read(|v| Ok(v.corrected_unix(device_unix_time)?))
    }

    /// "Keep this one, delete the others": removes every other entry of `id`'s duplicate group
    /// in ONE save and returns their ids; if the save fails nothing is removed.
    pub fn keep_only(&self, id: String, now_ms: u64) -> Result<Vec<String>, KulcsError> {
        // Core saves (once, atomically); `change` would save a second time.
        self.change_unsaved(|v| {
            Ok(v.keep_only(account_id(&id)?, now_ms)?
                .into_iter()
                .map(|id| id.to_hex())
                .collect())
        })
    }

    /// Calibrates the clock from a code the site accepted: the offset (whole periods, within
    /// ±24 h) at which account `id` makes `code` at the RAW device time, the one closest to
    /// zero, is stored and returned. `InvalidInput{field: "clock_offset"}` with kind
    /// `NoMatchingOffset`, `AmbiguousOffset` or `NotTimeBased` otherwise (offset unchanged).
    /// `now_ms` is accepted for symmetry with the other changes; the offset carries no clock.
    pub fn calibrate_clock_offset(
        &self,
        id: String,
        code: String,
        device_unix_time: i64,
        now_ms: u64,
    ) -> Result<i64, KulcsError> {
        let _ = now_ms;
        self.change(|v| Ok(v.calibrate_clock_offset(account_id(&id)?, &code, device_unix_time)?))
    }
}
