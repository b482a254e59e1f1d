//! `kulcs list`: the accounts (short id, issuer, label, type, groups), as a table or JSON.

use crate::context::Context;
use crate::error::CliError;
use crate::i18n::t;
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
        println!("{}", t("list-empty", &[]));
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
    let (h_id, h_issuer, h_label) = (
        t("list-heading-id", &[]),
        t("list-heading-issuer", &[]),
        t("list-heading-label", &[]),
    );
    let width = |h: &str, w: usize| w.max(h.chars().count());
    let (idw, iw, lw) = (width(&h_id, idw), width(&h_issuer, iw), width(&h_label, lw));
    let h_type = t("list-heading-type", &[]);
    let tw = h_type.chars().count().max(5);
    println!(
        "{h_id:<idw$}  {h_issuer:<iw$}  {h_label:<lw$}  {h_type:<tw$}  {}",
        t("list-heading-groups", &[])
    );
    for (a, id) in v.accounts().iter().zip(&ids) {
        let note = if a.note.is_some() {
            format!("  {}", t("list-note-mark", &[]))
        } else {
            String::new()
        };
        println!(
            "{id:<idw$}  {:<iw$}  {:<lw$}  {:<tw$}  {}{note}",
            output::safe(&a.credential.issuer),
            output::safe(&a.credential.label),
            a.credential.params.kind.as_str(),
            output::safe(&a.groups.join(", "))
        );
    }
    Ok(())
}
