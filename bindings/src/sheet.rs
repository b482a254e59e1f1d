//! Owns the emergency sheet across the FFI: `Vault.emergency_sheet` (core's `paper`), with a
//! new recovery code on it when asked, so a phone or desktop app prints the same page the CLI
//! does.

pub use kulcs_core::paper::SheetLanguage;
use kulcs_core::paper::{vault_sheet, PaperError};

use crate::messages::ErrorKind;
use crate::{KulcsError, Vault};

/// The language of the emergency sheet (core's `paper::SheetLanguage`).
#[uniffi::remote(Enum)]
pub enum SheetLanguage {
    /// Magyar.
    Hungarian,
    /// English.
    English,
}

/// A made emergency sheet. SECRET: the PDF shows every key; hand it to the print dialog or a
/// file the user chose, never a shared or cache folder.
#[derive(uniffi::Record)]
pub struct EmergencySheet {
    /// The PDF (A4).
    pub pdf: Vec<u8>,
    /// How many pages it has.
    pub pages: u32,
    /// The new recovery code printed on it (the previous one stopped working), if one was asked.
    pub recovery_code: Option<String>,
}

impl From<PaperError> for KulcsError {
    fn from(e: PaperError) -> Self {
        match e {
            PaperError::TooManyAccounts { .. } => {
                KulcsError::invalid("accounts", ErrorKind::TooLarge, &e)
            }
            PaperError::Qr(r) => r.into(),
            PaperError::Vault(v) => v.into(),
            PaperError::Pdf { .. } => KulcsError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

#[uniffi::export]
impl Vault {
    /// The printable emergency sheet of every account. With `new_recovery_code` a recovery code
    /// is made (replacing the previous one), printed on the sheet and saved in the same call;
    /// `made` is the date as the app shows it.
    pub fn emergency_sheet(
        &self,
        language: SheetLanguage,
        new_recovery_code: bool,
        made: String,
    ) -> Result<EmergencySheet, KulcsError> {
        self.change(|v| {
            let made = vault_sheet(v, &made, language, new_recovery_code)?;
            Ok(EmergencySheet {
                pdf: made.sheet.pdf.to_vec(),
                pages: u32::try_from(made.sheet.pages).unwrap_or(u32::MAX),
                recovery_code: made.recovery_code.map(|c| c.as_str().to_string()),
            })
        })
    }
}
