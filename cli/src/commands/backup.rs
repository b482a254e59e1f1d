//! `kulcs backup verify|restore|auto|test`, and what every file export shares: the new
//! passphrase asked like `passwd` does, and writing a file (0600) that is read back and compared
//! before success.

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
        BackupCommand::Auto { folder, keep, off } => match folder {
            Some(folder) if !off => auto_on(&folder, keep, ctx),
            _ => auto_off(ctx),
        },
        BackupCommand::Test => test(ctx),
        BackupCommand::Sheet {
            out,
            lang,
            no_recovery_code,
            yes,
        } => super::sheet::run(ctx, &out, lang.as_deref(), !no_recovery_code, yes),
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
    crate::context::warn_backup_failure(&vault);
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

/// `kulcs backup auto --folder DIR --keep N`: the setting, then the first backup at once, so a
/// folder that cannot be written is found now and not at the first change.
fn auto_on(folder: &Path, keep: u32, ctx: &Context<'_>) -> Result<(), CliError> {
    private_file::create_private_dir(folder)?;
    let folder = std::fs::canonicalize(folder).map_err(|e| {
        CliError::input(t(
            "backup-auto-folder-unusable",
            &[
                ("path", &folder.display().to_string()),
                ("reason", &e.to_string()),
            ],
        ))
    })?;
    let mut vault = ctx.open()?;
    let pass = ask_new_passphrase("backup-new-backup")?;
    eprintln!("kulcs: {}", t("backup-deriving", &[]));
    let now = crate::clock::now_ms();
    vault
        .set_auto_backup(&folder.to_string_lossy(), keep, &pass, now)
        .map_err(vault_error)?;
    crate::context::attach_backups(&mut vault);
    crate::context::save(&mut vault)?;
    let setting = vault.auto_backup().cloned();
    match setting.and_then(|b| b.last) {
        Some(last) => {
            println!(
                "{}",
                t(
                    "backup-auto-on",
                    &[
                        ("folder", &folder.display().to_string()),
                        ("keep", &keep.to_string()),
                        ("name", &last.name),
                    ]
                )
            );
            Ok(())
        }
        // The setting is saved (the next change tries again); the failure was just shown.
        None => Err(CliError::input(t("backup-auto-first-failed", &[]))),
    }
}

/// `kulcs backup auto --off`.
fn auto_off(ctx: &Context<'_>) -> Result<(), CliError> {
    let mut vault = ctx.open_existing()?;
    let Some(folder) = vault.auto_backup().map(|b| b.folder.clone()) else {
        println!("{}", t("backup-auto-was-off", &[]));
        return Ok(());
    };
    vault.clear_auto_backup();
    crate::context::save(&mut vault)?;
    println!("{}", t("backup-auto-off", &[("folder", &folder)]));
    Ok(())
}

/// `kulcs backup test`: the newest automatic backup opened with the typed passphrase.
fn test(ctx: &Context<'_>) -> Result<(), CliError> {
    use kulcs_core::backups::{self, PassphraseTestError};
    let mut vault = ctx.open_existing()?;
    let Some(folder) = vault
        .auto_backup()
        .map(|b| std::path::PathBuf::from(&b.folder))
    else {
        return Err(CliError::input(t("backup-auto-not-set", &[])));
    };
    let pass = read_secret(&t("backup-passphrase-prompt", &[]))?;
    eprintln!("kulcs: {}", t("backup-deriving", &[]));
    let dir = kulcs_core::sync::DirFolder::new(&folder);
    let tested = backups::test_passphrase(&mut vault, &dir, &pass, crate::clock::now_ms())
        .map_err(|e| match e {
            PassphraseTestError::NotSetUp => CliError::input(t("backup-auto-not-set", &[])),
            PassphraseTestError::NoBackupYet => CliError::input(t(
                "backup-auto-none-yet",
                &[("folder", &folder.display().to_string())],
            )),
            PassphraseTestError::Folder(f) => CliError::input(t(
                "backup-auto-folder-unusable",
                &[
                    ("path", &folder.display().to_string()),
                    ("reason", &f.to_string()),
                ],
            )),
            PassphraseTestError::Backup(ExportError::WrongPassphraseOrDamaged) => {
                CliError::input(t("backup-test-wrong", &[]))
            }
            PassphraseTestError::Backup(other) => export_error(other),
        })?;
    crate::context::save(&mut vault)?;
    println!(
        "{}",
        t(
            "backup-test-ok",
            &[
                ("name", &tested.name),
                ("count", &tested.accounts.to_string()),
                ("date", &crate::output::format_ms(tested.created_ms)),
            ]
        )
    );
    Ok(())
}
