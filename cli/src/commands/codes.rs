//! `kulcs codes`: the current code of every account in the vault (plain, JSON or `--watch`).

use kulcs_core::account::Account;
use kulcs_core::code_row::matches_query;
use kulcs_core::credential::Credential;

use crate::clock;
use crate::context::Context;
use crate::error::{sentence, CliError};
use crate::output::{self, ViewOptions};

/// Runs `codes`.
pub fn run(
    ctx: &Context<'_>,
    query: Option<&str>,
    group: Option<&str>,
    json: bool,
    watch: bool,
    at: Option<i64>,
) -> Result<(), CliError> {
    let v = ctx.open_existing()?;
    let shown: Vec<&Account> = v
        .accounts()
        .iter()
        .filter(|a| group.is_none_or(|g| a.groups.iter().any(|x| x == g)))
        .filter(|a| query.is_none_or(|q| matches_query(a, q)))
        .collect();
    if shown.is_empty() && (query.is_some() || group.is_some()) {
        let what = match (query, group) {
            (Some(q), Some(g)) => {
                format!("\"{}\" in group \"{}\"", output::safe(q), output::safe(g))
            }
            (Some(q), None) => format!("\"{}\"", output::safe(q)),
            (None, g) => format!("group \"{}\"", output::safe(g.unwrap_or_default())),
        };
        return Err(CliError::input(crate::i18n::t(
            "find-none",
            &[("query", &what)],
        )));
    }
    // `--at T` is the time the codes are for, as given: the vault's clock offset corrects this
    // computer's clock, not a time the user typed. A live view names an active offset.
    let offset = if at.is_some() { 0 } else { v.clock_offset() };
    if offset != 0 && !json {
        eprintln!("kulcs: clock offset {offset:+} s applied (`kulcs offset 0` removes it).");
    }
    if json && !watch {
        // Like `kulcs code --json`, plus each account's id for scripts.
        let unix = clock::effective_time(at, offset)?;
        let mut entries = Vec::with_capacity(shown.len());
        for a in &shown {
            let w = a.credential.code_window(unix).map_err(|e| {
                CliError::input(format!("{}: {}", output::name(&a.credential), sentence(e)))
            })?;
            let mut e = output::json_entry(&a.credential, &w, unix);
            e["id"] = serde_json::Value::String(a.id.to_string());
            entries.push(e);
        }
        println!("{}", output::safe_json(&serde_json::Value::Array(entries)));
        return Ok(());
    }
    let creds: Vec<Credential> = shown.iter().map(|a| a.credential.clone()).collect();
    let view = ViewOptions {
        at,
        offset,
        watch,
        json,
    };
    // Release the vault (and its lock) before a long-running watch.
    drop(v);
    if creds.is_empty() && !json {
        println!("{}", crate::i18n::t("codes-empty", &[]));
        return Ok(());
    }
    output::show_codes(&creds, &view)
}
