//! `kulcs passwd`: sets or replaces the vault passphrase.

use kulcs_core::vault::SlotKind;

use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::input::{read_secret, stdin_is_tty};
use crate::prompt::confirm;

/// Runs `passwd`.
pub fn run(ctx: &Context<'_>, yes: bool) -> Result<(), CliError> {
    let mut v = ctx.open()?;
    if v.has_slot(SlotKind::Passphrase) {
        confirm("Replace the vault passphrase?", yes)?;
    }
    let new = read_secret("New passphrase: ")?;
    if stdin_is_tty() {
        let again = read_secret("Repeat it: ")?;
        if *again != *new {
            return Err(CliError::input(
                "The two passphrases differ; nothing was changed.",
            ));
        }
    }
    eprintln!("kulcs: deriving the key (Argon2id, 64 MiB)…");
    v.change_passphrase(&new).map_err(vault_error)?;
    save(&mut v)?;
    println!("Passphrase set. Open the vault with it using `kulcs --passphrase …`.");
    Ok(())
}
