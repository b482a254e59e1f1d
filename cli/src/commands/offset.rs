//! `kulcs offset`: shows or sets the clock offset added to this computer's clock, or calibrates
//! it from a code the site accepted.

use crate::clock;
use crate::context::{save, vault_error, Context};
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::output;

/// Runs `offset`.
pub fn run(
    ctx: &Context<'_>,
    seconds: Option<i64>,
    calibrate: Option<Vec<String>>,
) -> Result<(), CliError> {
    if let Some([query, code]) = calibrate.as_deref() {
        let (mut v, id) = ctx.open_account(query)?;
        let offset = v
            .calibrate_clock_offset(id, code, clock::system_unix())
            .map_err(|e| CliError::input(sentence(e)))?;
        save(&mut v)?;
        println!(
            "{}",
            t(
                "offset-calibrated",
                &[
                    ("offset", &offset.to_string()),
                    ("code", &output::safe(code.trim())),
                    ("name", &output::name_of(&v, id))
                ]
            )
        );
        return Ok(());
    }
    let mut v = ctx.open_existing()?;
    match seconds {
        None => println!("{}", v.clock_offset()),
        Some(s) => {
            v.set_clock_offset(s).map_err(vault_error)?;
            save(&mut v)?;
            println!("{}", t("offset-set", &[("offset", &s.to_string())]));
        }
    }
    Ok(())
}
