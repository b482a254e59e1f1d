//! `kulcs groups`: shows or replaces an account's groups (tags).

use crate::clock;
use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::output;

/// Runs `groups`.
pub fn run(ctx: &Context<'_>, id: &str, names: &[String], clear: bool) -> Result<(), CliError> {
    let (mut v, id) = ctx.open_account(id)?;
    if names.is_empty() && !clear {
        for g in v.account(id).map(|a| a.groups.clone()).unwrap_or_default() {
            println!("{}", output::safe(&g));
        }
        return Ok(());
    }
    v.set_groups(id, names, clock::now_ms())
        .map_err(vault_error)?;
    save(&mut v)?;
    let now = v
        .account(id)
        .map(|a| output::safe(&a.groups.join(", ")).into_owned())
        .unwrap_or_default();
    let now = if now.is_empty() {
        t("groups-none", &[])
    } else {
        now
    };
    println!(
        "{}",
        t(
            "groups-done",
            &[("name", &output::name_of(&v, id)), ("groups", &now)]
        )
    );
    Ok(())
}
