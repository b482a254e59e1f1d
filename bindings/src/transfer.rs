//! Owns moving accounts to a second device across the FFI: core's transfer protocol
//! (`kulcs_core::transfer`, docs/transfer.md) as two objects, [`TransferReceiver`] on the new
//! device and [`TransferSender`] on the old one, plus the bundle import/export on a [`Vault`].
//! No rule is added here: every check (expiry, code, session, frame order) is core's.

use std::sync::{Arc, Mutex};

use kulcs_core::bundle;
use kulcs_core::exchange::{
    bundle_from_vault, import_and_join, sync_invite_for_new_device, ImportError, VaultLedger,
};
use kulcs_core::payload::{self, Payload};
use kulcs_core::qr::{self as core_qr, Rotation, ScanHint, ScanOptions};
use kulcs_core::qr_render;
use kulcs_core::random::SystemRng;
use kulcs_core::transfer::{
    self, PendingSend, Receiver, TransferError, DEFAULT_FRAME_CHARS, DEFAULT_OFFER_LIFETIME_SECS,
};

use crate::guard::{guard, lock};
use crate::messages::ErrorKind;
use crate::qr::frame;
use crate::{KulcsError, Vault};

impl From<TransferError> for KulcsError {
    fn from(e: TransferError) -> Self {
        match e {
            TransferError::Random(_) => KulcsError::Internal {
                reason: e.to_string(),
            },
            _ => KulcsError::invalid_named("transfer", e.kind(), &e),
        }
    }
}

impl From<ImportError> for KulcsError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Transfer(t) => t.into(),
            ImportError::Vault(v) => v.into(),
            ImportError::Sync(s) => s.into(),
        }
    }
}

impl From<bundle::BundleError> for KulcsError {
    fn from(e: bundle::BundleError) -> Self {
        KulcsError::invalid("transfer", ErrorKind::BadBundle, &e)
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
    /// True when the transfer carried a sync invitation and this device is now in the
    /// sender's sync group.
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
                &SystemRng::new(),
            )?))))
        })
    }

    /// The offer QR text (`KULCS:O1:…`), shown as a QR code.
    pub fn offer_text(&self) -> Result<String, KulcsError> {
        guard(|| Ok(lock(&self.0)?.offer().to_text()))
    }

    /// Draws a fresh code and returns its 12 digits. Call it only after the old device scanned
    /// the offer, and each time the code is shown (core `Receiver::reveal_code`): frames are
    /// accepted under the latest code only.
    pub fn reveal_code(&self) -> Result<String, KulcsError> {
        guard(|| {
            Ok(lock(&self.0)?
                .reveal_code(&SystemRng::new())?
                .digits()
                .to_string())
        })
    }

    /// One scanned frame text.
    pub fn accept(&self, text: String, unix_time: i64) -> Result<TransferProgress, KulcsError> {
        guard(|| Ok(lock(&self.0)?.accept(&text, unix_time)?.into()))
    }

    /// Imports the complete transfer into `vault` (saved before returning). A transfer with a
    /// sync invitation also joins the sender's sync group (`joined_sync`); when this device is
    /// already in another group it is refused with `InvalidInput{kind: "ReplacesSyncGroup"}` and
    /// nothing is imported: ask the user, then call `import_replacing_sync_group`. `device_name`
    /// names this device in the group's member list (e.g. the phone's model).
    pub fn import_into(
        &self,
        vault: Arc<Vault>,
        device_name: String,
        now_ms: u64,
    ) -> Result<TransferImport, KulcsError> {
        self.import(vault, false, &device_name, now_ms)
    }

    /// As `import_into`, after the user agreed to leave this device's sync group for the
    /// sender's.
    pub fn import_replacing_sync_group(
        &self,
        vault: Arc<Vault>,
        device_name: String,
        now_ms: u64,
    ) -> Result<TransferImport, KulcsError> {
        self.import(vault, true, &device_name, now_ms)
    }
}

impl TransferReceiver {
    fn import(
        &self,
        vault: Arc<Vault>,
        replace: bool,
        device_name: &str,
        now_ms: u64,
    ) -> Result<TransferImport, KulcsError> {
        let payload = guard(|| Ok(lock(&self.0)?.payload()?))?;
        vault.change(|v| {
            let received = bundle::decode(&payload)?;
            let r = import_and_join(v, &received, replace, device_name, now_ms)?;
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

/// The old device's side, one object for the whole send session: scans offers (a new scan
/// replaces the previous one); only the right code typed by the user makes frames. The code
/// ledger is the one inside `vault` (core `VaultLedger`), shared by every sender object and
/// process, and saved before a code is checked.
#[derive(uniffi::Object)]
pub struct TransferSender {
    vault: Arc<Vault>,
    pending: Mutex<Option<PendingSend>>,
    /// With a sync invitation: this device's name (used if the group is created now).
    with_sync: Option<String>,
}

#[uniffi::export]
impl TransferSender {
    /// A send session on `vault` (its accounts are sent, its code ledger is used).
    #[uniffi::constructor]
    pub fn new(vault: Arc<Vault>) -> Arc<Self> {
        Arc::new(TransferSender {
            vault,
            pending: Mutex::new(None),
            with_sync: None,
        })
    }

    /// A send session that also invites the new device into `vault`'s sync group, creating the
    /// group (stored in the vault) if it has none yet: afterwards both devices sync through a
    /// shared folder (`Vault::sync_now`). `device_name` names this device in the member list
    /// when the group is created now (e.g. the phone's model); the new device is named by
    /// itself when it joins.
    #[uniffi::constructor]
    pub fn with_sync(vault: Arc<Vault>, device_name: String) -> Arc<Self> {
        Arc::new(TransferSender {
            vault,
            pending: Mutex::new(None),
            with_sync: Some(device_name),
        })
    }

    /// Checks a scanned offer text at (offset-corrected) `unix_time` and makes it the offer
    /// codes are checked against.
    pub fn scan_offer(&self, offer_text: String, unix_time: i64) -> Result<(), KulcsError> {
        guard(|| {
            let pending = PendingSend::scan(&offer_text, unix_time)?;
            *lock(&self.pending)? = Some(pending);
            Ok(())
        })
    }

    /// The code the user typed; on a match, every account of the vault as frame QR texts
    /// (once: the offer must be scanned again for another send).
    pub fn confirm(&self, typed: String, unix_time: i64) -> Result<Vec<String>, KulcsError> {
        let pending = guard(|| {
            lock(&self.pending)?.clone().ok_or_else(|| {
                KulcsError::invalid("transfer", ErrorKind::BadState, &"no offer was scanned")
            })
        })?;
        let result = self.vault.change(|v| {
            Ok(
                match pending.confirm(&typed, unix_time, &SystemRng::new(), &mut VaultLedger(v)) {
                    Ok(confirmed) => {
                        let invite = match &self.with_sync {
                            Some(name) => Some(sync_invite_for_new_device(
                                v,
                                name,
                                unix_time.max(0) as u64 * 1000,
                                &SystemRng::new(),
                            )?),
                            None => None,
                        };
                        let payload = bundle::encode(&bundle_from_vault(v, None, invite));
                        Ok(confirmed.frames(&payload, DEFAULT_FRAME_CHARS)?)
                    }
                    Err(failed) => Err(KulcsError::from(failed.error)),
                },
            )
        })?;
        if result.is_ok() {
            guard(|| {
                *lock(&self.pending)? = None;
                Ok(())
            })?;
        }
        result
    }
}

/// The offer or a frame as a PNG QR code (core's renderer, level M) for the screen to show.
#[uniffi::export]
pub fn transfer_qr_png(text: String) -> Result<Vec<u8>, KulcsError> {
    guard(|| {
        qr_render::png(&text).map_err(|e| match e {
            qr_render::RenderError::TooLong { .. } => {
                KulcsError::invalid("transfer", ErrorKind::TooLong, &e)
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
        Vault::create(
            dir.join(format!("{name}.kulcs")).display().to_string(),
            store(dir, name),
            1_700_000_000_000,
        )
        .unwrap()
    }

    fn store(dir: &std::path::Path, name: &str) -> Arc<FileKeyStore> {
        FileKeyStore::new(dir.join(format!("{name}.key")).display().to_string())
    }

    fn tmp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("kulcs-ffi-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn kind(r: Result<Vec<String>, KulcsError>) -> String {
        match r {
            Err(KulcsError::InvalidInput { kind, .. }) => kind.name().to_string(),
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn a_second_device_receives_the_accounts_only_after_the_code() {
        let dir = tmp("transfer");
        let (old, new) = (vault(&dir, "old"), vault(&dir, "new"));
        let uri = "otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank".to_string();
        old.add_uri(uri, 1_700_000_000_000).unwrap();
        let now = 1_700_000_000;

        let receiver = TransferReceiver::new(now).unwrap();
        let sender = TransferSender::new(old.clone());
        assert_eq!(kind(sender.confirm("123456789012".into(), now)), "BadState");
        sender
            .scan_offer(receiver.offer_text().unwrap(), now)
            .unwrap();
        let code = receiver.reveal_code().unwrap();
        let mut wrong = code.clone().into_bytes();
        wrong[11] = if wrong[11] == b'0' { b'1' } else { b'0' };
        let wrong = String::from_utf8(wrong).unwrap();
        assert_eq!(kind(sender.confirm(wrong, now)), "CodeMismatch");
        let frames = sender.confirm(code.clone(), now).unwrap();
        // Once: a second confirmation needs a new scan (no key is used twice).
        assert_eq!(kind(sender.confirm(code, now)), "BadState");
        assert!(png_round_trips(&frames[0]));
        let mut last = None;
        for f in frames.iter().rev() {
            last = Some(receiver.accept(f.clone(), now).unwrap());
        }
        let last = last.unwrap();
        assert_eq!(last.total, Some(last.received));
        let report = receiver
            .import_into(new.clone(), "new".into(), 1_700_000_001_000)
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

    /// Issue 10's attack through the FFI: a fake offer expiring in 60 s, the code typed too
    /// late, the app killed and restarted (new vault object, new sender), an offer ground for
    /// the photographed code: refused, because the ledger is the vault's.
    #[test]
    fn a_ground_offer_is_refused_across_expiry_and_app_restarts() {
        use kulcs_core::transfer::Offer;
        let dir = tmp("grind");
        let old = vault(&dir, "old");
        old.add_uri(
            "otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank".into(),
            1_700_000_000_000,
        )
        .unwrap();
        let now = 1_700_000_000;
        let receiver = TransferReceiver::new(now).unwrap();
        let fake_rx = Receiver::new(now, 60, &SystemRng::new()).unwrap();
        let sender = TransferSender::new(old.clone());
        sender.scan_offer(fake_rx.offer().to_text(), now).unwrap();
        let code = receiver.reveal_code().unwrap();
        assert_eq!(kind(sender.confirm(code.clone(), now + 61)), "Expired");
        drop(sender);
        drop(old);

        // The app restarts.
        let old = Vault::open(
            dir.join("old.kulcs").display().to_string(),
            store(&dir, "old"),
        )
        .unwrap();
        let (k, t): (&str, u32) = (&code[..6], code[6..].parse().unwrap());
        let mut ground: Offer = fake_rx.offer().clone();
        ground.expires_unix = now + 600;
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, k.as_bytes());
        let mut base = ring::hmac::Context::with_key(&key);
        base.update(b"KULCS-TRANSFER-CODE-V1");
        let mut body = ground.body();
        for i in 0u64.. {
            body[1..9].copy_from_slice(&i.to_be_bytes());
            let mut ctx = base.clone();
            ctx.update(&body);
            let m = ctx.sign();
            if u32::from_be_bytes(m.as_ref()[..4].try_into().unwrap()) % 1_000_000 == t {
                ground.session_id[..8].copy_from_slice(&i.to_be_bytes());
                break;
            }
        }
        let sender = TransferSender::new(old.clone());
        sender.scan_offer(ground.to_text(), now + 70).unwrap();
        assert_eq!(kind(sender.confirm(code.clone(), now + 70)), "CodeReused");
        // A second sender object on the same vault (the shell made a new one per scan).
        let again = TransferSender::new(old.clone());
        again.scan_offer(ground.to_text(), now + 71).unwrap();
        assert_eq!(kind(again.confirm(code, now + 71)), "CodeReused");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_receiver_ends_the_session_after_three_forged_frames() {
        let now = 1_700_000_000;
        let receiver = TransferReceiver::new(now).unwrap();
        let code = receiver.reveal_code().unwrap();
        let offer = kulcs_core::transfer::Offer::parse(&receiver.offer_text().unwrap()).unwrap();
        let frames = PendingSend::scan(&offer.to_text(), now)
            .unwrap()
            .confirm(
                &code,
                now,
                &SystemRng::new(),
                &mut transfer::CodeLedger::default(),
            )
            .unwrap()
            .frames(b"x", DEFAULT_FRAME_CHARS)
            .unwrap();
        let body = kulcs_core::base45::decode(&frames[0][transfer::FRAME_PREFIX.len()..]).unwrap();
        let mut kinds = Vec::new();
        for i in 1..=4u8 {
            let mut b = body.clone();
            let last = b.len() - 1;
            b[last] ^= i;
            let text = format!(
                "{}{}",
                transfer::FRAME_PREFIX,
                kulcs_core::base45::encode(&b)
            );
            match receiver.accept(text, now) {
                Err(KulcsError::InvalidInput { kind, .. }) => kinds.push(kind.name()),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            kinds,
            ["Crypto", "Crypto", "TooManyBadFrames", "TooManyBadFrames"]
        );
        assert!(receiver.accept(frames[0].clone(), now).is_err());
    }

    /// The PNG core draws is a PNG (its decoding is core's qr tests' business).
    fn png_round_trips(text: &str) -> bool {
        transfer_qr_png(text.to_string())
            .map(|png| png.starts_with(b"\x89PNG"))
            .unwrap_or(false)
    }
}
