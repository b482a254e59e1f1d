//! Owns the printable emergency sheet (`docs/paper.md`): a PDF with, for every account, its
//! issuer and name, the setup key in groups of four, its `otpauth://` QR code, its code
//! settings, groups and note (the törlőkód), plus the vault's recovery code when the shell
//! passes one, in Hungarian or English. Every shell prints the same page.
//!
//! The result shows every secret to whoever holds it: shells write it only where the user
//! chose, and say so.
//!
//! ```
//! use kulcs_core::paper::{emergency_sheet, SheetInput, SheetLanguage};
//! let pdf = emergency_sheet(&SheetInput {
//!     accounts: &[],
//!     recovery_code: None,
//!     made: "2026-12-02",
//!     language: SheetLanguage::Hungarian,
//! })
//! .unwrap();
//! assert!(pdf.pdf.starts_with(b"%PDF-"));
//! assert_eq!(pdf.pages, 1);
//! ```

mod layout;
mod pdf;
mod words;

use zeroize::Zeroizing;

use crate::account::Account;
pub use words::SheetLanguage;

/// The most accounts one sheet holds (about 170 pages).
pub const MAX_SHEET_ACCOUNTS: usize = 1000;

/// What goes on the sheet.
#[derive(Debug, Clone, Copy)]
pub struct SheetInput<'a> {
    /// The accounts, in the order printed.
    pub accounts: &'a [Account],
    /// The vault's recovery code as the user types it (grouped), when the shell just made one.
    pub recovery_code: Option<&'a str>,
    /// When it was made, as the shell shows dates (its time zone and format).
    pub made: &'a str,
    /// The sheet's language.
    pub language: SheetLanguage,
}

/// Why a sheet could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    /// More than [`MAX_SHEET_ACCOUNTS`] accounts.
    #[error("a sheet holds at most {max} accounts")]
    TooManyAccounts {
        /// The limit.
        max: usize,
    },
    /// An account's `otpauth://` URI does not fit in a QR code (names near the length limit).
    #[error("an account's QR code could not be drawn: {0}")]
    Qr(crate::qr_render::RenderError),
    /// Making the new recovery code for the sheet failed (the random source).
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),
    /// The PDF could not be written (a bug in the PDF library, or the embedded font).
    #[error("the PDF could not be made: {reason}")]
    Pdf {
        /// The library's words.
        reason: String,
    },
}

/// A made sheet.
pub struct Sheet {
    /// The PDF (A4), wiped on drop.
    pub pdf: Zeroizing<Vec<u8>>,
    /// How many pages it has.
    pub pages: usize,
}

/// A stand-in recovery code of the real one's length, for [`check_sheet`].
const SAMPLE_RECOVERY: &str = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA";

/// Makes the sheet of `input` with a stand-in recovery code and throws it away: a shell that
/// will put a *new* recovery code on the sheet calls this first, so a sheet that cannot be made
/// (an account's QR code too big, too many accounts) fails before the old code is replaced.
pub fn check_sheet(input: &SheetInput<'_>) -> Result<(), PaperError> {
    emergency_sheet(&SheetInput {
        recovery_code: Some(SAMPLE_RECOVERY),
        ..*input
    })
    .map(drop)
}

/// A vault's sheet, and the new recovery code on it.
pub struct VaultSheet {
    /// The sheet.
    pub sheet: Sheet,
    /// The new recovery code printed on it (grouped, wiped on drop), when one was asked for.
    pub recovery_code: Option<Zeroizing<String>>,
}

/// The sheet of every account in `vault`. With `new_recovery_code`, the sheet is first made with
/// a stand-in code ([`check_sheet`]); only then is the vault's recovery code replaced (in memory:
/// the caller saves once the sheet is safely stored, and does not save when it could not be) and
/// the real sheet made with it.
pub fn vault_sheet(
    vault: &mut crate::vault::Vault,
    made: &str,
    language: SheetLanguage,
    new_recovery_code: bool,
) -> Result<VaultSheet, PaperError> {
    let input = SheetInput {
        accounts: vault.accounts(),
        recovery_code: None,
        made,
        language,
    };
    if !new_recovery_code {
        return Ok(VaultSheet {
            sheet: emergency_sheet(&input)?,
            recovery_code: None,
        });
    }
    check_sheet(&input)?;
    let code = vault.add_recovery()?.to_display();
    let sheet = emergency_sheet(&SheetInput {
        accounts: vault.accounts(),
        recovery_code: Some(code.as_str()),
        made,
        language,
    })?;
    Ok(VaultSheet {
        sheet,
        recovery_code: Some(code),
    })
}

/// The emergency sheet of `input`.
pub fn emergency_sheet(input: &SheetInput<'_>) -> Result<Sheet, PaperError> {
    if input.accounts.len() > MAX_SHEET_ACCOUNTS {
        return Err(PaperError::TooManyAccounts {
            max: MAX_SHEET_ACCOUNTS,
        });
    }
    let face = |bytes: &'static [u8]| {
        ttf_parser::Face::parse(bytes, 0).map_err(|e| PaperError::Pdf {
            reason: e.to_string(),
        })
    };
    let metrics = layout::Metrics {
        sans: face(dejavu::sans::regular())?,
        mono: face(dejavu::sans_mono::regular())?,
    };
    let pages = layout::pages(input, &metrics)?;
    Ok(Sheet {
        pdf: pdf::render(input.language.words().title, &pages)?,
        pages: pages.len(),
    })
}
