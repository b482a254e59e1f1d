//! Owns Google Authenticator interop and account QR codes across the FFI: the [`MigrationImport`] collector, `Vault.import_migration`, `Vault.export_google`, `Vault.account_uri` and [`qr_png`] (all core's).

use std::sync::{Arc, Mutex};

use kulcs_core::migration::{self, MigrationCollector, MigrationError};
use kulcs_core::otpauth;
use kulcs_core::qr_render::{self, RenderError};
use kulcs_core::random::SystemRng;

use crate::guard::{guard, lock};
use crate::messages::{kind_named, ErrorKind};
use crate::vault::account_id;
use crate::{AddOutcome, KulcsError, Vault};

impl From<MigrationError> for KulcsError {
    fn from(e: MigrationError) -> Self {
        KulcsError::InvalidInput {
            field: "migration".into(),
            kind: kind_named(e.kind()),
            reason: e.to_string(),
        }
    }
}

impl From<RenderError> for KulcsError {
    fn from(e: RenderError) -> Self {
        match e {
            RenderError::TooLong { .. } => KulcsError::invalid("qr", ErrorKind::TooLong, &e),
            RenderError::InvalidScale { .. } => {
                KulcsError::invalid("scale", ErrorKind::InvalidScale, &e)
            }
            RenderError::Png => KulcsError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

/// How far a Google export import has got: "batch `batches_read`/`batch_count`".
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct MigrationProgress {
    /// Distinct export codes scanned.
    pub batches_read: u32,
    /// Codes in the export.
    pub batch_count: u32,
    /// Every code is in: call `Vault.import_migration`.
    pub done: bool,
}

/// Collects the QR codes of one Google Authenticator export ("Transfer accounts"), scanned in
/// any order; re-scans are harmless. Core's `migration::MigrationCollector`.
#[derive(Debug, uniffi::Object)]
pub struct MigrationImport(Mutex<MigrationCollector>);

#[uniffi::export]
impl MigrationImport {
    /// An empty collector.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(MigrationImport(Mutex::new(MigrationCollector::new())))
    }

    /// Adds one scanned `otpauth-migration://` text. `InvalidInput{field: "migration"}` with
    /// core's kind (`NotMigration`, `BadBase64`, `BadProtobuf`, `BadBatch`, `OtherExport`,
    /// `TooLong`, `MissingData`) for a code that cannot be used; the collected codes stay.
    pub fn add(&self, text: String) -> Result<MigrationProgress, KulcsError> {
        let text = zeroize::Zeroizing::new(text);
        guard(|| {
            let mut c = lock(&self.0)?;
            let p = c.add(&text)?;
            let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
            Ok(MigrationProgress {
                batches_read: n(p.received),
                batch_count: n(p.total),
                done: p.total > 0 && p.received == p.total,
            })
        })
    }
}

/// A PNG of `text` as a QR code (level M) with `scale` pixels per module (1 to 32; core's
/// default is 8). `InvalidInput{field: "scale", kind: InvalidScale}` out of range,
/// `InvalidInput{field: "qr", kind: TooLong}` when the text does not fit one code.
#[uniffi::export]
pub fn qr_png(text: String, scale: u32) -> Result<Vec<u8>, KulcsError> {
    let text = zeroize::Zeroizing::new(text);
    guard(|| Ok(qr_render::png_with_module(&text, scale)?))
}

#[uniffi::export]
impl Vault {
    /// Adds every account of a complete Google export in one save. `InvalidInput{field:
    /// "migration", kind: Incomplete}` before every code was scanned. Accounts Google's format
    /// carried but Kulcs cannot use are skipped (core's import report).
    pub fn import_migration(
        &self,
        import: Arc<MigrationImport>,
        now_ms: u64,
    ) -> Result<Vec<AddOutcome>, KulcsError> {
        let credentials = guard(|| {
            let result = lock(&import.0)?.finish()?;
            Ok(result.accounts.into_iter().map(|a| a.credential).collect())
        })?;
        self.add_all(credentials, now_ms)
    }

    /// The Google Authenticator export of `ids` (empty: every account) as
    /// `otpauth-migration://` texts, one per QR code (10 accounts each; show them with
    /// `qr_png`). SECRET: show, never store. Accounts Google cannot show (Steam, 7 digits, other
    /// periods) are left out.
    pub fn export_google(&self, ids: Vec<String>) -> Result<Vec<String>, KulcsError> {
        self.read(|v| {
            let credentials = if ids.is_empty() {
                v.accounts().iter().map(|a| a.credential.clone()).collect()
            } else {
                ids.iter()
                    .map(|id| {
                        let a = v
                            .account(account_id(id)?)
                            .ok_or_else(|| KulcsError::NotFound { id: id.clone() })?;
                        Ok(a.credential.clone())
                    })
                    .collect::<Result<Vec<_>, KulcsError>>()?
            };
            let out = migration::export_random(&credentials, &SystemRng::new()).map_err(|e| {
                KulcsError::Internal {
                    reason: e.to_string(),
                }
            })?;
            Ok(out.uris.iter().map(|u| u.as_str().to_string()).collect())
        })
    }

    /// One account's `otpauth://` URI, for another authenticator app (show it with `qr_png`).
    /// SECRET: it carries the key.
    pub fn account_uri(&self, id: String) -> Result<String, KulcsError> {
        self.read(|v| {
            let a = v
                .account(account_id(&id)?)
                .ok_or(KulcsError::NotFound { id })?;
            Ok(otpauth::format(&a.credential))
        })
    }
}
