//! `kulcs codes`: the current code of every account in the vault (plain, JSON, or the
//! full-screen `--watch` on a terminal), same-named accounts marked by their short ids.

use std::collections::HashSet;
use std::io::IsTerminal;

use kulcs_core::account::{Account, AccountId};
use kulcs_core::code_row::matches_query;
use kulcs_core::credential::Credential;

use crate::clock;
use crate::context::Context;
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::output::{self, ViewOptions};
use crate::watch;

/// The accounts `codes` shows, with each one's short id and duplicate mark.
struct Shown {
    accounts: Vec<Account>,
    short_ids: Vec<String>,
    duplicates: HashSet<AccountId>,
    offset: i64,
}

impl Shown {
    fn mark(&self, i: usize) -> Option<String> {
        let a = self.accounts.get(i)?;
        self.duplicates
            .contains(&a.id)
            .then(|| self.short_ids[i].clone())
    }
}

/// Opens the vault, takes what is shown (group filter, and the query unless the watch
/// screen searches itself), and lets the vault and its lock go.
fn load(ctx: &Context<'_>, query: Option<&str>, group: Option<&str>) -> Result<Shown, CliError> {
    let v = ctx.open_existing()?;
    let all = v.accounts();
    let ids = output::short_ids(all);
    let duplicates: HashSet<AccountId> = v
        .duplicates()
        .iter()
        .flat_map(|g| g.accounts.iter().copied())
        .collect();
    let (accounts, short_ids) = all
        .iter()
        .zip(ids)
        .filter(|(a, _)| group.is_none_or(|g| a.groups.iter().any(|x| x == g)))
        .filter(|(a, _)| query.is_none_or(|q| matches_query(a, q)))
        .map(|(a, id)| (a.clone(), id))
        .unzip();
    Ok(Shown {
        accounts,
        short_ids,
        duplicates,
        offset: v.clock_offset(),
    })
}

/// Runs `codes`.
pub fn run(
    ctx: &Context<'_>,
    query: Option<&str>,
    group: Option<&str>,
    json: bool,
    watch: bool,
    at: Option<i64>,
) -> Result<(), CliError> {
    if watch && !json && at.is_none() && std::io::stdout().is_terminal() {
        return watch_screen(ctx, query, group);
    }
    let shown = load(ctx, query, group)?;
    if shown.accounts.is_empty() && (query.is_some() || group.is_some()) {
        let what = match (query, group) {
            (Some(q), Some(g)) => t(
                "codes-query-in-group",
                &[("query", &output::safe(q)), ("group", &output::safe(g))],
            ),
            (Some(q), None) => format!("\"{}\"", output::safe(q)),
            (None, g) => t(
                "codes-group",
                &[("group", &output::safe(g.unwrap_or_default()))],
            ),
        };
        return Err(CliError::input(t("find-none", &[("query", &what)])));
    }
    // `--at T` is the time the codes are for, as given: the vault's clock offset corrects this
    // computer's clock, not a time the user typed. A live view names an active offset.
    let offset = if at.is_some() { 0 } else { shown.offset };
    if offset != 0 && !json {
        eprintln!(
            "kulcs: {}",
            t("codes-offset", &[("offset", &format!("{offset:+}"))])
        );
    }
    if json && !watch {
        // Like `kulcs code --json`, plus each account's id and duplicate mark for scripts.
        let unix = clock::effective_time(at, offset)?;
        let mut entries = Vec::with_capacity(shown.accounts.len());
        for (i, a) in shown.accounts.iter().enumerate() {
            let w = a.credential.code_window(unix).map_err(|e| {
                CliError::input(format!("{}: {}", output::name(&a.credential), sentence(e)))
            })?;
            let mut e = output::json_entry(&a.credential, &w, unix);
            e["id"] = serde_json::Value::String(a.id.to_string());
            e["duplicate"] = serde_json::Value::Bool(shown.mark(i).is_some());
            entries.push(e);
        }
        println!("{}", output::safe_json(&serde_json::Value::Array(entries)));
        return Ok(());
    }
    let creds: Vec<Credential> = shown
        .accounts
        .iter()
        .map(|a| a.credential.clone())
        .collect();
    let marks: Vec<Option<String>> = (0..creds.len()).map(|i| shown.mark(i)).collect();
    let view = ViewOptions {
        at,
        offset,
        watch,
        json,
    };
    drop(shown);
    if creds.is_empty() && !json {
        println!("{}", t("codes-empty", &[]));
        return Ok(());
    }
    output::show_marked_codes(&creds, &marks, &view)
}

/// The full-screen watch: the query becomes the screen's search text, which the user edits.
fn watch_screen(
    ctx: &Context<'_>,
    query: Option<&str>,
    group: Option<&str>,
) -> Result<(), CliError> {
    let path = ctx.vault_path()?;
    let snapshot = || -> Result<watch::Snapshot, CliError> {
        let shown = load(ctx, None, group)?;
        let entries = shown
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| watch::Entry {
                account: a.clone(),
                short_id: shown.short_ids[i].clone(),
                duplicate: shown.mark(i).is_some(),
            })
            .collect();
        Ok(watch::Snapshot {
            entries,
            offset: shown.offset,
        })
    };
    watch::run(&path, query.unwrap_or(""), &snapshot)
}
