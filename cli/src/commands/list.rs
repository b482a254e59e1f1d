//! `kulcs list`: the accounts (short id, issuer, label, type, groups), as a table or JSON.

use crate::context::Context;
use crate::error::CliError;
use crate::output;

/// Runs `list`.
pub fn run(ctx: &Context<'_>, json: bool) -> Result<(), CliError> {
    let v = ctx.open_existing()?;
    let ids = output::short_ids(v.accounts());
    if json {
        let items: Vec<serde_json::Value> = v
            .accounts()
            .iter()
            .map(|a| {
                serde_json::json!({
                    "id": a.id.to_string(),
                    "issuer": a.credential.issuer,
                    "label": a.credential.label,
                    "type": a.credential.params.kind.as_str(),
                    "algorithm": a.credential.params.algorithm.as_str(),
                    "digits": a.credential.params.digits,
                    "period": a.credential.params.period,
                    "groups": a.groups,
                    "has_note": a.note.is_some(),
                })
            })
            .collect();
        println!("{}", output::safe_json(&serde_json::Value::Array(items)));
        return Ok(());
    }
    if v.accounts().is_empty() {
        println!("The vault is empty. Add an account with `kulcs add --qr IMAGE` or `kulcs add --key KEY --label NAME`.");
        return Ok(());
    }
    let iw = v
        .accounts()
        .iter()
        .map(|a| output::safe(&a.credential.issuer).chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    let lw = v
        .accounts()
        .iter()
        .map(|a| output::safe(&a.credential.label).chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let idw = ids.iter().map(|i| i.len()).max().unwrap_or(8);
    println!(
        "{:<idw$}  {:<iw$}  {:<lw$}  TYPE   GROUPS",
        "ID", "ISSUER", "LABEL"
    );
    for (a, id) in v.accounts().iter().zip(&ids) {
        let note = if a.note.is_some() { "  [note]" } else { "" };
        println!(
            "{id:<idw$}  {:<iw$}  {:<lw$}  {:<5}  {}{note}",
            output::safe(&a.credential.issuer),
            output::safe(&a.credential.label),
            a.credential.params.kind.as_str(),
            output::safe(&a.groups.join(", "))
        );
    }
    Ok(())
}
