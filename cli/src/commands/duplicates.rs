//! `kulcs duplicates`: accounts that share issuer and label, with their dates, newest marked.

use crate::context::Context;
use crate::error::CliError;
use crate::i18n::t;
use crate::output;

/// Runs `duplicates`.
pub fn run(ctx: &Context<'_>, json: bool) -> Result<(), CliError> {
    let v = ctx.open_existing()?;
    let groups = v.duplicates();
    if json {
        let list: Vec<serde_json::Value> = groups
            .iter()
            .map(|g| {
                let accounts: Vec<serde_json::Value> = g
                    .accounts
                    .iter()
                    .map(|id| {
                        serde_json::json!({
                            "id": id.to_string(),
                            "created_ms": v.account(*id).map(|a| a.created.wall_ms),
                            "newest": *id == g.newest,
                        })
                    })
                    .collect();
                serde_json::json!({"issuer": g.issuer, "label": g.label, "accounts": accounts})
            })
            .collect();
        println!("{}", output::safe_json(&serde_json::Value::Array(list)));
        return Ok(());
    }
    if groups.is_empty() {
        println!("{}", t("duplicates-none", &[]));
        return Ok(());
    }
    for g in &groups {
        println!(
            "{}",
            t(
                "duplicates-group",
                &[
                    ("issuer", &output::safe(&g.issuer)),
                    ("label", &output::safe(&g.label)),
                    ("count", &g.accounts.len().to_string())
                ]
            )
        );
        for id in &g.accounts {
            let a = v.account(*id);
            let created = a.map(|a| a.created.wall_ms).unwrap_or(0);
            let newest = if *id == g.newest {
                format!("  {}", t("duplicates-newest", &[]))
            } else {
                String::new()
            };
            println!(
                "  {}  {}{newest}",
                output::short_id(&v, *id),
                t("duplicates-added", &[("date", &output::format_ms(created))])
            );
        }
    }
    println!("{}", t("duplicates-advice", &[]));
    Ok(())
}
