//! `kulcs verify`: which account produced a typed code (current, previous or next step).

use crate::clock;
use crate::context::Context;
use crate::error::CliError;
use crate::output;

/// Runs `verify`.
pub fn run(ctx: &Context<'_>, code: &str, at: Option<i64>) -> Result<(), CliError> {
    let v = ctx.open()?;
    let unix = at.unwrap_or_else(clock::system_unix);
    let matches = v.verify(code, unix);
    if matches.is_empty() {
        return Err(CliError::input(format!(
            "No account produces {} now or one step before or after.",
            code.trim()
        )));
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
