//! `kulcs codes`: the current code of every account in the vault (plain, JSON or `--watch`).

use kulcs_core::credential::Credential;

use crate::clock;
use crate::context::Context;
use crate::error::{sentence, CliError};
use crate::output::{self, ViewOptions};

/// Runs `codes`.
pub fn run(ctx: &Context<'_>, json: bool, watch: bool, at: Option<i64>) -> Result<(), CliError> {
    let v = ctx.open()?;
    if json && !watch {
        // Like `kulcs code --json`, plus each account's id for scripts.
        let unix = clock::effective_time(at, v.clock_offset())?;
        let mut entries = Vec::with_capacity(v.accounts().len());
        for a in v.accounts() {
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
    let creds: Vec<Credential> = v.accounts().iter().map(|a| a.credential.clone()).collect();
    let view = ViewOptions {
        at,
        offset: v.clock_offset(),
        watch,
        json,
    };
    // Release the vault (and its lock) before a long-running watch.
    drop(v);
    if creds.is_empty() && !json {
        println!("The vault is empty.");
        return Ok(());
    }
    output::show_codes(&creds, &view)
}
