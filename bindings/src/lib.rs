//! Kulcs bindings: the UniFFI surface the Kotlin and Swift shells call, and nothing more.
//!
//! Every exported item wraps a `kulcs-core` type or function; no domain rule lives here (see
//! `docs/bindings.md` for the exported API). Each exported call runs under [`guard::guard`], so
//! a panic becomes [`KulcsError::Internal`] instead of unwinding into the JVM or Swift, and
//! every core error is mapped to the one public [`KulcsError`].

mod auto_backup;
mod backup;
mod error;
mod export;
mod guard;
mod import;
mod key;
mod keystore;
mod messages;
mod present;
mod qr;
mod recovery;
mod rows;
mod rules;
#[cfg(feature = "sheet")]
mod sheet;
mod sync;
mod transfer;
mod types;
mod uri;
mod vault;

pub use auto_backup::{AutoBackupStatus, TestedBackup};
pub use backup::{backup_info, BackupInfo, ExportFormat};
pub use error::{KeyStoreFailure, KulcsError};
pub use export::{qr_png, MigrationImport, MigrationProgress};
pub use import::{ImportEntry, ImportFile, RefusedImportEntry};
pub use key::{clean_key, SetupKey};
pub use keystore::{FileKeyStore, KeyStore};
pub use kulcs_core::qr::{Rotation, ScanHint};
pub use messages::{error_kind, error_message_key, message_key, sync_message_key, ErrorKind};
pub use present::{check_typed_code, display_code, spoken_code};
pub use qr::{decode_qr_frame, decode_qr_image, FrameScan, QrScanner, ScannedCode};
pub use rows::CodeRow;
pub use rules::{
    auto_confirm_digits, can_save_key, classify_scan, clipboard_clear_seconds,
    rotation_from_degrees, typed_code_complete, ScanPayload,
};
#[cfg(feature = "sheet")]
pub use sheet::{EmergencySheet, SheetLanguage};
pub use sync::{RejectedReplica, SyncFolder, SyncFolderError, SyncReport, SyncedDevice};
pub use transfer::{
    transfer_qr_png, TransferImport, TransferProgress, TransferReceiver, TransferScan,
    TransferScanner, TransferSender,
};
pub use types::{default_otp_params, CodeWindow, OtpAlgorithm, OtpKind, OtpParams};
pub use uri::{parse_uri, ParsedUri, UriNote};
pub use vault::{vault_exists, AccountCode, AddOutcome, DuplicateGroup, Vault, VerifyMatch};

uniffi::setup_scaffolding!("kulcs");
