//! `kulcs status`: where the vault and the device key are, without opening the vault.

use kulcs_core::vault::Vault;

use crate::context::{vault_error, Context};
use crate::error::CliError;

/// `kulcs status`: where the vault and the device key are, without opening the vault.
pub fn run(ctx: &Context<'_>) -> Result<(), CliError> {
    let path = ctx.vault_path()?;
    let exists = Vault::exists(&path).map_err(vault_error)?;
    println!(
        "vault:      {}{}",
        path.display(),
        if exists { "" } else { " (not created yet)" }
    );
    let keys = ctx.key_store()?;
    println!("device key: {}", keys.describe());
    if let Err(e) = keys.check() {
        println!("problem:    {}", e.message);
    }
    Ok(())
}
