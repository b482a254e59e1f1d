//! Owns moving accounts to a second device across the FFI: core's transfer protocol
//! (`kulcs_core::transfer`, docs/transfer.md) as two objects, [`TransferReceiver`] on the new
//! device and [`TransferSender`] on the old one, plus the bundle import/export on a [`Vault`].
//! No rule is added here: every check (expiry, code, session, frame order) is core's.

use std::sync::{Arc, Mutex};

use kulcs_core::payload::{self, Payload};
use kulcs_core::qr::{self as core_qr, Rotation, ScanHint, ScanOptions};
use kulcs_core::qr_render;
use kulcs_core::transfer::{
    self, bundle, bundle_from_vault, import_into_vault, CodeLedger, PendingSend, RandomSource,
    RandomUnavailable, Receiver, TransferError, DEFAULT_FRAME_CHARS, DEFAULT_OFFER_LIFETIME_SECS,
};
use kulcs_core::vault::{Rng, SystemRng};

use crate::guard::guard;
use crate::qr::frame;
use crate::vault::lock;
use crate::{KulcsError, Vault};

/// The operating system's generator (core's vault `SystemRng`) as transfer randomness.
struct SystemRandom(SystemRng);

impl RandomSource for SystemRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomUnavailable> {
        Rng::fill(&self.0, dest).map_err(|_| RandomUnavailable)
    }
}

fn system_random() -> SystemRandom {
    SystemRandom(SystemRng::new())
}

impl From<TransferError> for KulcsError {
    fn from(e: TransferError) -> Self {
        match e {
            TransferError::Random(_) => KulcsError::Internal {
                reason: e.to_string(),
            },
            _ => KulcsError::invalid("transfer", e.kind(), &e),
        }
    }
}

impl From<bundle::BundleError> for KulcsError {
    fn from(e: bundle::BundleError) -> Self {
        KulcsError::invalid("transfer", "BadBundle", &e)
    }
}

/// How far a receiver has got: distinct frames accepted, out of `total` (unknown before the
/// first frame).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct TransferProgress {
    pub received: u32,
    pub total: Option<u32>,
    /// False when the frame was one already accepted (a harmless re-scan).
    pub was_new: bool,
}

impl From<transfer::Progress> for TransferProgress {
    fn from(p: transfer::Progress) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        TransferProgress {
            received: n(p.received),
            total: p.total.map(n),
            was_new: p.was_new,
        }
    }
}

/// What importing a received transfer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct TransferImport {
    pub added: u32,
    pub already_present: u32,
    /// Added although another entry has the same issuer and label: offer the duplicates screen.
    pub conflicts: u32,
    pub joined_sync: bool,
}

/// The new device's side: shows the offer, then (after the old device scanned it) the 12-digit
/// code the user types there, then accepts the old device's frames in any order.
#[derive(uniffi::Object)]
pub struct TransferReceiver(Mutex<Receiver>);

#[uniffi::export]
impl TransferReceiver {
    /// A new session at (offset-corrected) `unix_time`, valid for core's default lifetime.
    #[uniffi::constructor]
    pub fn new(unix_time: i64) -> Result<Arc<Self>, KulcsError> {
        guard(|| {
            Ok(Arc::new(TransferReceiver(Mutex::new(Receiver::new(
                unix_time,
                DEFAULT_OFFER_LIFETIME_SECS,
                &system_random(),
            )?))))
        })
    }

    /// The offer QR text (`KULCS:O1:…`), shown as a QR code.
    pub fn offer_text(&self) -> Result<String, KulcsError> {
        guard(|| Ok(lock(&self.0)?.offer().to_text()))
    }

    /// The confirmation code's digits; show it only after the old device scanned the offer.
    pub fn confirmation_code(&self) -> Result<String, KulcsError> {
        guard(|| Ok(lock(&self.0)?.confirmation_code().digits().to_string()))
    }

    /// One scanned frame text.
    pub fn accept(&self, text: String, unix_time: i64) -> Result<TransferProgress, KulcsError> {
        guard(|| Ok(lock(&self.0)?.accept(&text, unix_time)?.into()))
    }

    /// Imports the complete transfer into `vault` (saved before returning).
    pub fn import_into(
        &self,
        vault: Arc<Vault>,
        now_ms: u64,
    ) -> Result<TransferImport, KulcsError> {
        let payload = guard(|| Ok(lock(&self.0)?.payload()?))?;
        vault.change(|v| {
            let received = bundle::decode(&payload)?;
            let r = import_into_vault(v, &received, now_ms)?;
            let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
            Ok(TransferImport {
                added: n(r.added),
                already_present: n(r.already_present),
                conflicts: n(r.conflicts),
                joined_sync: r.joined_sync,
            })
        })
    }
}

/// The old device's side: scans the offer; only the right code typed by the user makes frames.
#[derive(uniffi::Object)]
pub struct TransferSender {
    pending: Mutex<PendingSend>,
    /// Codes tried in this session (core's attempt limit). Kept in memory only.
    ledger: Mutex<CodeLedger>,
}

#[uniffi::export]
impl TransferSender {
    /// Checks a scanned offer text at (offset-corrected) `unix_time`.
    #[uniffi::constructor]
    pub fn scan(offer_text: String, unix_time: i64) -> Result<Arc<Self>, KulcsError> {
        guard(|| {
            let pending = PendingSend::scan(&offer_text, unix_time, &system_random())?;
            Ok(Arc::new(TransferSender {
                pending: Mutex::new(pending),
                ledger: Mutex::new(CodeLedger::default()),
            }))
        })
    }

    /// The code the user typed; on a match, every account of `vault` as frame QR texts.
    pub fn confirm(
        &self,
        typed: String,
        unix_time: i64,
        vault: Arc<Vault>,
    ) -> Result<Vec<String>, KulcsError> {
        let confirmed = guard(|| {
            Ok(lock(&self.pending)?.confirm(&typed, unix_time, &mut *lock(&self.ledger)?)?)
        })?;
        let payload = vault.read(|v| Ok(bundle::encode(&bundle_from_vault(v, None, None))))?;
        guard(|| Ok(confirmed.frames(&payload, DEFAULT_FRAME_CHARS)?))
    }
}

/// The offer or a frame as a PNG QR code (core's renderer, level M) for the screen to show.
#[uniffi::export]
pub fn transfer_qr_png(text: String) -> Result<Vec<u8>, KulcsError> {
    guard(|| {
        qr_render::png(&text).map_err(|e| match e {
            qr_render::RenderError::TooLong { .. } => {
                KulcsError::invalid("transfer", "TooLong", &e)
            }
            qr_render::RenderError::Png => KulcsError::Internal {
                reason: e.to_string(),
            },
        })
    })
}

/// What one camera frame showed a transfer screen.
#[derive(Debug, uniffi::Record)]
pub struct TransferScan {
    /// Hint for the preview overlay.
    pub hint: ScanHint,
    /// The Kulcs transfer texts (offers and frames, as core classifies them) in this frame; other
    /// QR codes are left out.
    pub texts: Vec<String>,
}

/// A live camera scanner for the transfer screens: core's live QR scanner, keeping the text of
/// transfer offers and frames (the enrolment scanner, `QrScanner`, reports those only by name).
#[derive(uniffi::Object)]
pub struct TransferScanner(Mutex<core_qr::QrScanner>);

#[uniffi::export]
impl TransferScanner {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(TransferScanner(Mutex::new(core_qr::QrScanner::new(
            ScanOptions::default(),
        ))))
    }

    /// Scans one frame (borrowed, not copied), as `QrScanner::push_frame`.
    pub fn push_frame(
        &self,
        luma: &[u8],
        width: u32,
        height: u32,
        row_stride: u32,
        rotation: Rotation,
    ) -> Result<TransferScan, KulcsError> {
        guard(|| {
            let update =
                lock(&self.0)?.push_frame(&frame(luma, width, height, row_stride), rotation)?;
            let texts = update
                .symbols
                .into_iter()
                .filter(|s| {
                    matches!(
                        payload::classify(&s.text),
                        Payload::TransferOffer | Payload::TransferFrame { .. }
                    )
                })
                .map(|s| s.text)
                .collect();
            Ok(TransferScan {
                hint: update.hint,
                texts,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileKeyStore;

    fn vault(dir: &std::path::Path, name: &str) -> Arc<Vault> {
        let store = FileKeyStore::new(dir.join(format!("{name}.key")).display().to_string());
        Vault::create(
            dir.join(format!("{name}.kulcs")).display().to_string(),
            store,
            1_700_000_000_000,
        )
        .unwrap()
    }

    #[test]
    fn a_second_device_receives_the_accounts_only_after_the_code() {
        let dir = std::env::temp_dir().join(format!("kulcs-ffi-transfer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (old, new) = (vault(&dir, "old"), vault(&dir, "new"));
        let uri = "otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank".to_string();
        old.add_uri(uri, 1_700_000_000_000).unwrap();
        let now = 1_700_000_000;

        let receiver = TransferReceiver::new(now).unwrap();
        let sender = TransferSender::scan(receiver.offer_text().unwrap(), now).unwrap();
        let code = receiver.confirmation_code().unwrap();
        let wrong: String = code
            .chars()
            .map(|c| char::from(b'0' + (c as u8 - b'0' + 1) % 10))
            .collect();
        match sender.confirm(wrong, now, old.clone()) {
            Err(KulcsError::InvalidInput { kind, .. }) => assert_eq!(kind, "CodeMismatch"),
            other => panic!("expected CodeMismatch, got {other:?}"),
        }
        let frames = sender.confirm(code, now, old.clone()).unwrap();
        assert!(png_round_trips(&frames[0]));
        let mut last = None;
        for f in frames.iter().rev() {
            last = Some(receiver.accept(f.clone(), now).unwrap());
        }
        let last = last.unwrap();
        assert_eq!(last.total, Some(last.received));
        let report = receiver
            .import_into(new.clone(), 1_700_000_001_000)
            .unwrap();
        assert_eq!(
            (report.added, report.already_present, report.conflicts),
            (1, 0, 0)
        );
        let codes = new.codes(now).unwrap();
        assert_eq!(codes.len(), 1);
        assert_eq!(codes[0].issuer, "Bank");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The PNG core draws is a PNG (its decoding is core's qr tests' business).
    fn png_round_trips(text: &str) -> bool {
        transfer_qr_png(text.to_string())
            .map(|png| png.starts_with(b"\x89PNG"))
            .unwrap_or(false)
    }
}
