//! `kulcs backup sheet --out FILE.pdf`: the printable emergency sheet core makes, with a new
//! recovery code on it (replacing the previous one) unless `--no-recovery-code`; the file is
//! written 0600 and read back before the vault's new code is saved.

use std::path::Path;

use kulcs_core::paper::{vault_sheet, SheetLanguage};
use kulcs_core::vault::SlotKind;

use super::out_file::{refuse_vault_path, write_checked};
use crate::context::{save, Context};
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::prompt::confirm;

/// Runs `kulcs backup sheet`.
pub fn run(
    ctx: &Context<'_>,
    out: &Path,
    lang: Option<&str>,
    with_recovery: bool,
    yes: bool,
) -> Result<(), CliError> {
    refuse_vault_path(out, ctx)?;
    let mut v = ctx.open_existing()?;
    let hungarian = match lang {
        Some(l) => l == "hu",
        None => crate::i18n::is_hungarian(),
    };
    let language = if hungarian {
        SheetLanguage::Hungarian
    } else {
        SheetLanguage::English
    };
    let date = crate::output::format_ms(crate::clock::now_ms());
    if with_recovery && v.has_slot(SlotKind::Recovery) {
        confirm(&t("recovery-replace", &[]), yes)?;
    }
    let made = vault_sheet(&mut v, &date, language, with_recovery)
        .map_err(|e| CliError::input(sentence(e)))?;
    let (sheet, code) = (made.sheet, made.recovery_code);
    write_checked(out, &sheet.pdf)?;
    // The new recovery code works from here on; a sheet whose code was not saved is removed.
    if code.is_some() {
        if let Err(e) = save(&mut v) {
            let _ = std::fs::remove_file(out);
            return Err(e);
        }
    }
    println!(
        "{}",
        t(
            "sheet-written",
            &[
                ("path", &out.display().to_string()),
                ("count", &v.accounts().len().to_string()),
                ("pages", &sheet.pages.to_string()),
            ]
        )
    );
    let key = if code.is_some() {
        "sheet-with-recovery"
    } else {
        "sheet-without-recovery"
    };
    println!("{}", t(key, &[]));
    Ok(())
}
