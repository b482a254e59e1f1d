//! `kulcs backup verify|restore`, and what every file export shares: the new passphrase asked
//! like `passwd` does, and writing a file (0600) that is read back and compared before success.

use std::path::Path;

use kulcs_core::export::{self, ExportError, MAX_BACKUP_BYTES};
use zeroize::Zeroizing;

use crate::args::BackupCommand;
use crate::context::{vault_error, Context};
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::input::{read_secret, stdin_is_tty};
use crate::private_file;

/// Runs `kulcs backup …`.
pub fn run(cmd: BackupCommand, ctx: &Context<'_>) -> Result<(), CliError> {
    match cmd {
        BackupCommand::Verify { file } => verify(&file),
        BackupCommand::Restore { file } => restore(&file, ctx),
    }
}

/// An export error as the user reads it.
pub fn export_error(e: ExportError) -> CliError {
    match e {
        ExportError::NotABackup => CliError::input(t("backup-not-a-backup", &[])),
        other => CliError::input(sentence(other)),
    }
}

/// A new export passphrase: twice on a terminal (they must agree), one line otherwise.
/// `prompt` is the catalogue key of the first question.
pub fn ask_new_passphrase(prompt: &str) -> Result<Zeroizing<String>, CliError> {
    let new = read_secret(&t(prompt, &[]))?;
    if stdin_is_tty() {
        let again = read_secret(&t("backup-repeat", &[]))?;
        if *again != *new {
            return Err(CliError::input(t("backup-passphrases-differ", &[])));
        }
    }
    Ok(new)
}

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

fn open(file: &Path) -> Result<export::Backup, CliError> {
    let bytes = private_file::read_capped(file, MAX_BACKUP_BYTES as u64)?;
    if !bytes.starts_with(export::BACKUP_MAGIC) {
        return Err(export_error(ExportError::NotABackup));
    }
    let pass = read_secret(&t("backup-passphrase-prompt", &[]))?;
    eprintln!("kulcs: {}", t("backup-deriving", &[]));
    export::open_backup(&bytes, &pass).map_err(export_error)
}

fn verify(file: &Path) -> Result<(), CliError> {
    let b = open(file)?;
    println!(
        "{}",
        t(
            "backup-verified",
            &[
                ("path", &file.display().to_string()),
                ("version", &b.version.to_string()),
                ("count", &b.accounts.len().to_string()),
                ("date", &crate::output::format_ms(b.created_ms)),
            ]
        )
    );
    Ok(())
}

fn restore(file: &Path, ctx: &Context<'_>) -> Result<(), CliError> {
    // The vault first: it holds the lock, and a vault passphrase (--passphrase) is the first
    // line of standard input, the backup's the second.
    let mut vault = ctx.open()?;
    let b = open(file)?;
    // Saved by core in one write, or nothing added at all.
    let report =
        export::restore(&mut vault, &b.accounts, crate::clock::now_ms()).map_err(vault_error)?;
    println!(
        "{}",
        t(
            "backup-restored",
            &[
                ("path", &file.display().to_string()),
                ("date", &crate::output::format_ms(b.created_ms)),
                ("added", &report.added.to_string()),
                ("present", &report.already_present.to_string()),
            ]
        )
    );
    Ok(())
}
