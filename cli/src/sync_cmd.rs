//! `kulcs sync DIR`: merges every replica of this device's sync group found in a shared folder
//! (Syncthing, Nextcloud, iCloud Drive, a USB stick) and publishes this device's own replica.

use std::path::PathBuf;

use clap::Args;
use kulcs_core::sync;

use crate::error::{sentence, CliError};
use crate::transfer_cmd::{now_ms, save, VaultCtx};
use crate::vault_cmd::VaultArgs;

/// Options of `sync`.
#[derive(Args, Debug)]
pub struct SyncArgs {
    /// The shared folder holding `<device-id>.kulcs-replica` files.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// Runs `kulcs sync DIR`.
pub fn run(a: SyncArgs, vault: &VaultArgs) -> Result<(), CliError> {
    let v = VaultCtx::new(vault);
    let mut state = v.sync_state()?.ok_or_else(|| {
        CliError::input("This device is not in a sync group. Join one with `kulcs transfer send --sync` on a device that has the accounts.")
    })?;
    let mut vault = v.open(false)?;
    if state.device != vault.device_id() {
        return Err(CliError::input(
            "The sync settings belong to another vault; they were not used.",
        ));
    }
    if !a.dir.is_dir() {
        return Err(CliError::input(format!(
            "{} is not a folder.",
            a.dir.display()
        )));
    }
    let report = sync::sync_vault(
        &a.dir,
        &mut vault,
        &mut state,
        now_ms(),
        &ring::rand::SystemRandom::new(),
    )
    .map_err(|e| CliError::input(sentence(e)))?;
    save(&mut vault)?;
    v.save_sync_state(&state)?;
    for (device, version) in &report.merged {
        println!("merged device {device} (version {version})");
    }
    for r in &report.rejected {
        eprintln!(
            "kulcs: skipped {}: {}",
            crate::display::safe(&r.file.display().to_string()),
            crate::display::safe(&sentence(&r.error))
        );
    }
    println!(
        "Published version {}; {} added, {} changed, {} removed; {} accounts.",
        report.published_version,
        report.added,
        report.changed,
        report.removed,
        vault.accounts().len()
    );
    Ok(())
}
