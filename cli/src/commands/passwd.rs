//! `kulcs passwd`: sets or replaces the vault passphrase.

use kulcs_core::vault::SlotKind;

use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::input::{read_secret, stdin_is_tty};
use crate::prompt::confirm;

/// Runs `passwd`.
pub fn run(ctx: &Context<'_>, yes: bool) -> Result<(), CliError> {
    let mut v = ctx.open()?;
    if v.has_slot(SlotKind::Passphrase) {
        confirm(&t("passwd-replace", &[]), yes)?;
    }
    let new = read_secret(&t("prompt-new-passphrase", &[]))?;
    if stdin_is_tty() {
        let again = read_secret(&t("prompt-repeat", &[]))?;
        if *again != *new {
            return Err(CliError::input(t("passwd-differ", &[])));
        }
    }
    eprintln!("kulcs: {}", t("deriving-argon2", &[]));
    v.change_passphrase(&new).map_err(vault_error)?;
    save(&mut v)?;
    println!("{}", t("passwd-done", &[]));
    Ok(())
}
