//! `kulcs next`: moves an HOTP account to its next counter and prints the new code.

use crate::clock;
use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::output;

/// Runs `next`.
pub fn run(ctx: &Context<'_>, id: &str) -> Result<(), CliError> {
    let (mut v, id) = ctx.open_account(id)?;
    if v.account(id).map(|a| a.credential.params.kind) != Some(kulcs_core::otp::OtpKind::Hotp) {
        return Err(CliError::input(t(
            "next-not-hotp",
            &[("name", &output::name_of(&v, id))],
        )));
    }
    let counter = v
        .advance_counter(id, clock::now_ms())
        .map_err(vault_error)?;
    save(&mut v)?;
    let w = v
        .code_window(id, clock::system_unix())
        .map_err(vault_error)?;
    println!(
        "{}  {}",
        w.code.as_str(),
        t("next-counter", &[("counter", &counter.to_string())])
    );
    Ok(())
}
