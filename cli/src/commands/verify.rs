//! `kulcs verify`: which account produced a typed code (current, previous or next step).

use crate::clock;
use crate::context::Context;
use crate::error::CliError;
use crate::output;

/// Runs `verify`.
pub fn run(ctx: &Context<'_>, code: &str, at: Option<i64>, json: bool) -> Result<(), CliError> {
    let v = ctx.open_existing()?;
    let unix = at.unwrap_or_else(clock::system_unix);
    let matches = v.verify(code, unix);
    if json {
        let list: Vec<serde_json::Value> = matches
            .iter()
            .map(|m| {
                let a = v.account(m.id);
                serde_json::json!({
                    "id": m.id.to_string(),
                    "issuer": a.map(|a| a.credential.issuer.as_str()),
                    "label": a.map(|a| a.credential.label.as_str()),
                    "step_offset": m.step_offset,
                })
            })
            .collect();
        println!("{}", output::safe_json(&serde_json::Value::Array(list)));
    }
    if matches.is_empty() {
        return Err(CliError::input(format!(
            "No account produces {} now or one step before or after.",
            code.trim()
        )));
    }
    if json {
        return Ok(());
    }
    for m in &matches {
        let when = match m.step_offset {
            0 => "the current code".to_string(),
            -1 => "the previous code".to_string(),
            1 => "the next code".to_string(),
            n if n > 0 => format!("the code {n} steps ahead"),
            n => format!("the code {} steps back", -n),
        };
        println!(
            "{}: {} of {}",
            output::short_id(&v, m.id),
            when,
            output::name_of(&v, m.id)
        );
    }
    if matches.len() > 1 {
        eprintln!(
            "kulcs: warning: several accounts produce this code; they probably hold the same key."
        );
    }
    Ok(())
}
