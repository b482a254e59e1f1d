//! `kulcs sync DIR`: merges every replica of this device's sync group found in a shared folder
//! (Syncthing, Nextcloud, iCloud Drive, a USB stick) and publishes this device's own replica.

use kulcs_core::sync;

use crate::args::SyncArgs;
use crate::clock;
use crate::context::{save, Context};
use crate::error::{sentence, CliError};

/// Runs `kulcs sync DIR`.
pub fn run(a: SyncArgs, v: &Context<'_>) -> Result<(), CliError> {
    let mut vault = v.open_existing()?;
    if v.sync_state(&mut vault)?.is_none() {
        return Err(CliError::input(
            "This device is not in a sync group. Join one with `kulcs transfer send --sync` on a device that has the accounts.",
        ));
    }
    if !a.dir.is_dir() {
        return Err(CliError::input(format!(
            "{} is not a folder.",
            a.dir.display()
        )));
    }
    let report = sync::sync_now(
        &sync::DirFolder::new(&a.dir),
        &mut vault,
        clock::now_ms(),
        &ring::rand::SystemRandom::new(),
    )
    .map_err(|e| CliError::input(sentence(e)))?;
    save(&mut vault)?;
    let c = &report.changes;
    if a.json {
        let names = |list: Vec<&str>| serde_json::json!(list);
        let out = serde_json::json!({
            "merged": report.merged.iter().map(|(d, v)| serde_json::json!({"device": d.to_string(), "version": v})).collect::<Vec<_>>(),
            "skipped": report.rejected.iter().map(|r| serde_json::json!({"file": r.file, "error": sentence(&r.error)})).collect::<Vec<_>>(),
            "added": names(c.added.iter().map(|x| x.name.as_str()).collect()),
            "changed": c.changed.iter().map(|x| serde_json::json!({"name": x.name, "fields": x.fields.iter().map(|f| f.as_str()).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            "removed": names(c.removed.iter().map(|x| x.name.as_str()).collect()),
            "conflicts": c.conflicts.iter().map(|k| serde_json::json!({"id": k.id.to_string(), "name": k.name, "field": k.field.as_str(), "device": k.device.to_string()})).collect::<Vec<_>>(),
            "published_version": report.published_version,
            "accounts": vault.accounts().len(),
        });
        println!("{}", crate::output::safe_json(&out));
        return Ok(());
    }
    for (device, version) in &report.merged {
        println!("merged device {device} (version {version})");
    }
    for r in &report.rejected {
        eprintln!(
            "kulcs: skipped {}: {}",
            crate::output::safe(&r.file),
            crate::output::safe(&sentence(&r.error))
        );
    }
    for a in &c.added {
        println!("added:    {}", crate::output::safe(&a.name));
    }
    for a in &c.changed {
        let fields: Vec<&str> = a.fields.iter().map(|f| f.as_str()).collect();
        println!(
            "changed:  {} ({})",
            crate::output::safe(&a.name),
            fields.join(", ")
        );
    }
    for a in &c.removed {
        println!("removed:  {}", crate::output::safe(&a.name));
    }
    for k in &c.conflicts {
        println!(
            "conflict: {}: the {} written on device {} lost to a concurrent edit and is kept; see `kulcs show {}`",
            crate::output::safe(&k.name),
            k.field.as_str(),
            k.device,
            k.id
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
