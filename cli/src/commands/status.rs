//! `kulcs status`: where the vault and the device key are, and the state of the automatic
//! backups (the vault is opened for that, with the device key unless told otherwise).

use kulcs_core::vault::{AutoBackup, Vault};

use crate::context::{vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::output::format_ms;

/// `kulcs status`: where the vault and the device key are, and the automatic backups.
pub fn run(ctx: &Context<'_>) -> Result<(), CliError> {
    let path = ctx.vault_path()?;
    let exists = Vault::exists(&path).map_err(vault_error)?;
    let shown = path.display().to_string();
    println!(
        "{}",
        if exists {
            t("status-vault", &[("path", &shown)])
        } else {
            t("status-vault-missing", &[("path", &shown)])
        }
    );
    let keys = ctx.key_store()?;
    println!("{}", t("status-device-key", &[("key", &keys.describe())]));
    if let Err(e) = keys.check() {
        println!("{}", t("status-problem", &[("problem", &e.message)]));
    }
    if exists {
        match ctx.open_existing() {
            Ok(v) => backups(v.auto_backup(), crate::clock::now_ms()),
            Err(e) => println!(
                "{}",
                t("status-backups-unknown", &[("problem", &e.message)])
            ),
        }
    }
    Ok(())
}

fn backups(setting: Option<&AutoBackup>, now_ms: u64) {
    let Some(b) = setting else {
        println!("{}", t("status-backups-off", &[]));
        return;
    };
    println!(
        "{}",
        t(
            "status-backups",
            &[("folder", &b.folder), ("keep", &b.keep.to_string())]
        )
    );
    match &b.last {
        Some(last) => println!(
            "{}",
            t(
                "status-backup-last",
                &[
                    ("date", &format_ms(last.created_ms)),
                    ("name", &last.name),
                    ("count", &last.accounts.to_string()),
                ]
            )
        ),
        None => println!("{}", t("status-backup-none", &[])),
    }
    if let Some(f) = &b.failure {
        println!(
            "{}",
            t(
                "status-backup-failed",
                &[("date", &format_ms(f.at_ms)), ("reason", &f.reason)]
            )
        );
    }
    match b.tested_ms {
        Some(ms) => println!("{}", t("status-backup-tested", &[("date", &format_ms(ms))])),
        None => println!("{}", t("status-backup-never-tested", &[])),
    }
    if b.passphrase_test_due(now_ms) {
        println!("{}", t("status-backup-test-due", &[]));
    }
}
