//! `kulcs recovery`: makes a new recovery code (shown once), replacing the previous one.

use kulcs_core::vault::SlotKind;

use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::prompt::confirm;

/// Runs `recovery`.
pub fn run(ctx: &Context<'_>, yes: bool) -> Result<(), CliError> {
    let mut v = ctx.open()?;
    if v.has_slot(SlotKind::Recovery) {
        confirm(&t("recovery-replace", &[]), yes)?;
    }
    let code = v.add_recovery().map_err(vault_error)?;
    save(&mut v)?;
    println!("{}", t("recovery-shown-once", &[]));
    println!();
    println!("    {}", code.to_display().as_str());
    println!();
    println!("{}", t("recovery-how", &[]));
    Ok(())
}
