//! `kulcs sync DIR`: merges every replica of this device's sync group found in a shared folder
//! (Syncthing, Nextcloud, iCloud Drive, a USB stick) and publishes this device's own replica.

use kulcs_core::sync;

use crate::args::SyncArgs;
use crate::clock;
use crate::context::{save, Context};
use crate::error::{sentence, CliError};
use crate::i18n::t;

/// Runs `kulcs sync DIR`.
pub fn run(a: SyncArgs, v: &Context<'_>) -> Result<(), CliError> {
    let mut vault = v.open_existing()?;
    if v.sync_state(&mut vault)?.is_none() {
        return Err(CliError::input(t("sync-not-in-group", &[])));
    }
    if !a.dir.is_dir() {
        return Err(CliError::input(t(
            "sync-not-a-folder",
            &[("path", &a.dir.display().to_string())],
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
        println!(
            "{}",
            t(
                "sync-merged",
                &[
                    ("device", &device.to_string()),
                    ("version", &version.to_string())
                ]
            )
        );
    }
    for r in &report.rejected {
        eprintln!(
            "kulcs: {}",
            t(
                "sync-skipped",
                &[
                    ("file", &crate::output::safe(&r.file)),
                    ("error", &crate::output::safe(&sentence(&r.error)))
                ]
            )
        );
    }
    for a in &c.added {
        let name = crate::output::safe(&a.name);
        println!("{}", t("sync-added", &[("name", &name)]));
    }
    for a in &c.changed {
        let fields: Vec<String> = a
            .fields
            .iter()
            .map(|f| super::show::field_name(f.as_str()))
            .collect();
        println!(
            "{}",
            t(
                "sync-changed",
                &[
                    ("name", &crate::output::safe(&a.name)),
                    ("fields", &fields.join(", "))
                ]
            )
        );
    }
    for a in &c.removed {
        let name = crate::output::safe(&a.name);
        println!("{}", t("sync-removed", &[("name", &name)]));
    }
    for k in &c.conflicts {
        println!(
            "{}",
            t(
                "sync-conflict",
                &[
                    ("name", &crate::output::safe(&k.name)),
                    ("field", &super::show::field_name(k.field.as_str())),
                    ("device", &k.device.to_string()),
                    ("id", &k.id.to_string())
                ]
            )
        );
    }
    let args = [
        ("version", report.published_version.to_string()),
        ("added", report.added.to_string()),
        ("changed", report.changed.to_string()),
        ("removed", report.removed.to_string()),
        ("accounts", vault.accounts().len().to_string()),
    ];
    println!("{}", crate::i18n::t_owned("sync-published", &args));
    Ok(())
}
