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
            (Some(q), Some(g)) => format!("\"{}\" in group \"{}\"", output::safe(q), output::safe(g)),
            (Some(q), None) => format!("\"{}\"", output::safe(q)),
            (None, g) => format!("group \"{}\"", output::safe(g.unwrap_or_default())),
        };
        return Err(CliError::input(crate::i18n::t("find-none", &[("query", &what)])));
    }
    if json && !watch {
        // Like `kulcs code --json`, plus each account's id for scripts.
        let unix = clock::effective_time(at, v.clock_offset())?;
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
        offset: v.clock_offset(),
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
