//! `kulcs rm`: deletes an account after asking (or with `--yes`).

use crate::clock;
use crate::context::{resolve, save, vault_error, Context};
use crate::error::CliError;
use crate::output;
use crate::prompt::confirm;

/// Runs `rm`.
pub fn run(ctx: &Context<'_>, id: &str, yes: bool) -> Result<(), CliError> {
    let mut v = ctx.open()?;
    let id = resolve(&v, id)?;
    let name = output::name_of(&v, id);
    confirm(
        &format!(
            "Delete {name} ({})? Its codes cannot be recovered unless you enrol again.",
            output::short_id(&v, id)
        ),
        yes,
    )?;
    v.remove(id, clock::now_ms()).map_err(vault_error)?;
    save(&mut v)?;
    println!("Deleted {name}.");
    Ok(())
}
