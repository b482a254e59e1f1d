//! `kulcs device`: lets this computer's device key open the vault again (a new slot).

use kulcs_core::vault::SlotKind;

use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::prompt::confirm;

/// Runs `device`.
pub fn run(ctx: &Context<'_>, yes: bool) -> Result<(), CliError> {
    let mut v = ctx.open()?;
    if v.has_slot(SlotKind::Device) {
        confirm(&t("device-replace", &[]), yes)?;
    }
    let keys = ctx.key_store()?;
    keys.check()?;
    v.add_device(&keys).map_err(vault_error)?;
    save(&mut v)?;
    println!("{}", t("device-done", &[("keys", &keys.describe())]));
    Ok(())
}
