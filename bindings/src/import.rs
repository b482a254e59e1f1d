//! Owns other authenticators' export files across the FFI: [`ImportFile`] (core's `import::read`), what a preview screen lists of it, and `Vault.import_file` (core's all-or-nothing `import_all`).

use std::sync::Arc;

use kulcs_core::import::{self, FileImportError, ImportedFile, NotImportableReason};

use crate::guard::{guard, lock};
use crate::messages::{kind_named, ErrorKind};
use crate::types::OtpParams;
use crate::{AddOutcome, KulcsError, Vault};

impl From<FileImportError> for KulcsError {
    fn from(e: FileImportError) -> Self {
        let (field, kind) = match &e {
            FileImportError::TooLarge { .. } => ("file", ErrorKind::ImportTooLarge),
            FileImportError::Unrecognised => ("file", ErrorKind::ImportUnrecognised),
            FileImportError::Unsupported { .. } => ("file", ErrorKind::ImportUnsupported),
            FileImportError::Malformed { .. } => ("file", ErrorKind::ImportDamaged),
            FileImportError::PasswordNeeded { .. } => ("password", ErrorKind::ImportPasswordNeeded),
            FileImportError::WrongPassword { .. } => ("password", ErrorKind::ImportWrongPassword),
            FileImportError::Empty { .. } => ("file", ErrorKind::ImportEmpty),
        };
        KulcsError::invalid(field, kind, &e)
    }
}

/// One account of an export file, as a preview lists it (the key stays in core).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportEntry {
    /// The name a list shows (core's display rule: issuer and label).
    pub display_name: String,
    /// The issuer, possibly empty.
    pub issuer: String,
    /// The account label, possibly empty.
    pub label: String,
    /// How its codes are made.
    pub params: OtpParams,
    /// The source app's groups, tags or folder names.
    pub groups: Vec<String>,
    /// The source kept a note for it (imported with it; shown only after import).
    pub has_note: bool,
    /// Marked as a favourite in the source.
    pub favourite: bool,
}

/// An entry of the file that cannot become an account; the other entries still can.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RefusedImportEntry {
    /// How the source names the entry.
    pub name: String,
    /// Why, as a kind to explain (`UnsupportedType` for mOTP or Yandex, `UnsupportedAlgorithm`,
    /// a key error such as `InvalidCharacter`, `BadBase64`, a parameter error, a URI error,
    /// `ImportDamaged` for an unreadable entry, `ImportUnsupported` for one the source app keeps
    /// encrypted under its own key).
    pub kind: ErrorKind,
    /// The reason as an English sentence, for logs and as a fallback.
    pub reason: String,
}

/// Another app's export file, read and checked by core: the accounts it would add and the
/// entries it cannot. Keys never cross the FFI; `Vault.import_file` adds the accounts.
#[derive(Debug, uniffi::Object)]
pub struct ImportFile {
    pub(crate) file: ImportedFile,
}

#[uniffi::export]
impl ImportFile {
    /// Reads an export of any supported app (the format is found from the content).
    /// `InvalidInput{field: "password", kind: ImportPasswordNeeded}`: ask for the password and
    /// call again with it; `ImportWrongPassword` when it does not open the file.
    /// `InvalidInput{field: "file"}` with `ImportUnrecognised`, `ImportUnsupported`,
    /// `ImportDamaged`, `ImportTooLarge` or `ImportEmpty` otherwise. Nothing is half-read.
    #[uniffi::constructor]
    pub fn read(bytes: Vec<u8>, password: Option<String>) -> Result<Arc<Self>, KulcsError> {
        let bytes = zeroize::Zeroizing::new(bytes);
        let password = password.map(zeroize::Zeroizing::new);
        guard(|| {
            let file = import::read(&bytes, password.as_deref().map(String::as_str))?;
            Ok(Arc::new(ImportFile { file }))
        })
    }

    /// The app the file came from, as its users know it ("Aegis", "2FAS", …).
    pub fn app_name(&self) -> String {
        self.file.source.app_name().to_string()
    }

    /// The accounts that can be imported, in the file's order.
    pub fn accounts(&self) -> Vec<ImportEntry> {
        self.file
            .accounts
            .iter()
            .map(|a| ImportEntry {
                display_name: a.credential.display_name(),
                issuer: a.credential.issuer.clone(),
                label: a.credential.label.clone(),
                params: a.credential.params,
                groups: a.groups.clone(),
                has_note: a.note.is_some(),
                favourite: a.favourite,
            })
            .collect()
    }

    /// The entries that cannot be imported, each with why.
    pub fn refused(&self) -> Vec<RefusedImportEntry> {
        self.file
            .not_importable
            .iter()
            .map(|n| RefusedImportEntry {
                name: n.name.clone(),
                kind: refusal_kind(&n.reason),
                reason: n.reason.to_string(),
            })
            .collect()
    }
}

fn refusal_kind(reason: &NotImportableReason) -> ErrorKind {
    match reason {
        NotImportableReason::UnsupportedType { .. } => ErrorKind::UnsupportedType,
        NotImportableReason::UnknownAlgorithm { .. } => ErrorKind::UnsupportedAlgorithm,
        NotImportableReason::BadKey(e) => kind_named(e.kind()),
        NotImportableReason::KeyNotBase64 => ErrorKind::BadBase64,
        NotImportableReason::BadParams(e) => KulcsError::from(e.clone()).kind(),
        NotImportableReason::BadUri(e) => kind_named(e.kind()),
        NotImportableReason::Unreadable => ErrorKind::ImportDamaged,
        NotImportableReason::EncryptedBySource => ErrorKind::ImportUnsupported,
    }
}

#[uniffi::export]
impl Vault {
    /// Adds every account of `file` (with its note, groups and favourite where new) and saves
    /// once; one outcome per account, in the file's order (`AlreadyPresent` for a key already
    /// here, which keeps its own note). On any error nothing of the file is added, in memory or
    /// on disk.
    pub fn import_file(
        &self,
        file: Arc<ImportFile>,
        now_ms: u64,
    ) -> Result<Vec<AddOutcome>, KulcsError> {
        guard(|| {
            let mut v = lock(&self.inner)?;
            let outcomes = v.import_all(&file.file.accounts, now_ms)?;
            Ok(outcomes.into_iter().map(Into::into).collect())
        })
    }
}
