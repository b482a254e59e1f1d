//! `kulcs status`: where the vault and the device key are, without opening the vault.

use kulcs_core::vault::Vault;

use crate::context::{vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;

/// `kulcs status`: where the vault and the device key are, without opening the vault.
pub fn run(ctx: &Context<'_>) -> Result<(), CliError> {
    let path = ctx.vault_path()?;
    let exists = Vault::exists(&path).map_err(vault_error)?;
    let path = path.display().to_string();
    println!(
        "{}",
        if exists {
            t("status-vault", &[("path", &path)])
        } else {
            t("status-vault-missing", &[("path", &path)])
        }
    );
    let keys = ctx.key_store()?;
    println!("{}", t("status-device-key", &[("key", &keys.describe())]));
    if let Err(e) = keys.check() {
        println!("{}", t("status-problem", &[("problem", &e.message)]));
    }
    Ok(())
}
