//! `kulcs recovery`: makes a new recovery code (shown once), replacing the previous one.

use kulcs_core::vault::SlotKind;

use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::prompt::confirm;

/// Runs `recovery`.
pub fn run(ctx: &Context<'_>, yes: bool) -> Result<(), CliError> {
    let mut v = ctx.open()?;
    if v.has_slot(SlotKind::Recovery) {
        confirm(
            "Replace the recovery code? The old one will stop working.",
            yes,
        )?;
    }
    let code = v.add_recovery().map_err(vault_error)?;
    save(&mut v)?;
    println!("Recovery code (shown only now; write it down and keep it somewhere safe):");
    println!();
    println!("    {}", code.to_display().as_str());
    println!();
    println!("Open the vault with it using `kulcs --recovery …` if this computer's key is lost.");
    Ok(())
}
