//! `kulcs rename`: changes an account's issuer and/or label.

use crate::clock;
use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::output;

/// Runs `rename`.
pub fn run(
    ctx: &Context<'_>,
    id: &str,
    issuer: Option<String>,
    label: Option<String>,
) -> Result<(), CliError> {
    if issuer.is_none() && label.is_none() {
        return Err(CliError::usage(t("rename-needs", &[])));
    }
    let (mut v, id) = ctx.open_account(id)?;
    let a = v
        .account(id)
        .ok_or_else(|| CliError::input(t("no-such-account", &[])))?;
    let issuer = issuer.unwrap_or_else(|| a.credential.issuer.clone());
    let label = label.unwrap_or_else(|| a.credential.label.clone());
    v.rename(id, &issuer, &label, clock::now_ms())
        .map_err(vault_error)?;
    save(&mut v)?;
    println!(
        "{}",
        t(
            "rename-done",
            &[
                ("id", &output::short_id(&v, id)),
                ("name", &output::name_of(&v, id))
            ]
        )
    );
    Ok(())
}
