//! `kulcs verify`: which account produced a typed code (current, previous or next step).

use crate::clock;
use crate::context::Context;
use crate::error::CliError;
use crate::i18n::t;
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
        return Err(CliError::input(t(
            "verify-none",
            &[("code", &crate::output::safe(code.trim()))],
        )));
    }
    if json {
        return Ok(());
    }
    for m in &matches {
        let (key, steps) = match m.step_offset {
            0 => ("verify-current", 0),
            -1 => ("verify-previous", 1),
            1 => ("verify-next", 1),
            n if n > 0 => ("verify-ahead", n),
            n => ("verify-back", -n),
        };
        println!(
            "{}: {}",
            output::short_id(&v, m.id),
            t(
                key,
                &[
                    ("steps", &steps.to_string()),
                    ("name", &output::name_of(&v, m.id))
                ]
            )
        );
    }
    if matches.len() > 1 {
        eprintln!("kulcs: {}", t("verify-several", &[]));
    }
    Ok(())
}
