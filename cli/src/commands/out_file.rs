//! Owns writing a file the user named for a secret export (a backup, an export, the emergency
//! sheet): never over the vault itself, mode 0600, atomically, read back and compared.

use std::path::Path;

use crate::context::Context;
use crate::error::CliError;
use crate::i18n::t;
use crate::private_file;

/// Refuses to write an export over the vault file itself.
pub fn refuse_vault_path(out: &Path, ctx: &Context<'_>) -> Result<(), CliError> {
    let vault = ctx.vault_path()?;
    let same = match (std::fs::canonicalize(out), std::fs::canonicalize(&vault)) {
        (Ok(a), Ok(b)) => a == b,
        _ => out == vault,
    };
    if same {
        return Err(CliError::usage(t("backup-out-is-vault", &[])));
    }
    Ok(())
}

/// Writes `bytes` to `out` (0600, atomically: a failure leaves no file and no temporary), then
/// reads the file back and compares; a file that does not read back identically is removed.
pub fn write_checked(out: &Path, bytes: &[u8]) -> Result<(), CliError> {
    private_file::write_private(out, bytes)?;
    let back = private_file::read_capped(out, bytes.len() as u64);
    if !matches!(&back, Ok(b) if b[..] == *bytes) {
        let _ = std::fs::remove_file(out);
        return Err(CliError::input(t(
            "backup-read-back",
            &[("path", &out.display().to_string())],
        )));
    }
    Ok(())
}
