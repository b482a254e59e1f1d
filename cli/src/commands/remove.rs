//! `kulcs rm`: deletes an account after asking (or with `--yes`).

use crate::clock;
use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::output;

/// Runs `rm`.
pub fn run(ctx: &Context<'_>, id: &str, yes: bool) -> Result<(), CliError> {
    let (v, id) = ctx.open_account(id)?;
    let name = output::name_of(&v, id);
    let question = t(
        "rm-question",
        &[("name", &name), ("id", &output::short_id(&v, id))],
    );
    let mut v = ctx.confirm_unlocked(v, &question, yes)?;
    v.remove(id, clock::now_ms()).map_err(vault_error)?;
    save(&mut v)?;
    println!("{}", t("rm-done", &[("name", &name)]));
    Ok(())
}
