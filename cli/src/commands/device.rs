//! `kulcs device`: lets this computer's device key open the vault again (a new slot).

use kulcs_core::vault::SlotKind;

use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::prompt::confirm;

/// Runs `device`.
pub fn run(ctx: &Context<'_>, yes: bool) -> Result<(), CliError> {
    let mut v = ctx.open()?;
    if v.has_slot(SlotKind::Device) {
        confirm(
            "Replace the device key slot? The vault will open with this computer's key only.",
            yes,
        )?;
    }
    let keys = ctx.key_store()?;
    keys.check()?;
    v.add_device(&keys).map_err(vault_error)?;
    save(&mut v)?;
    println!(
        "This computer's key ({}) now opens the vault.",
        keys.describe()
    );
    Ok(())
}
