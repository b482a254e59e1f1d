//! `kulcs offset`: shows or sets the clock offset added to this computer's clock.

use crate::context::{save, vault_error, Context};
use crate::error::CliError;

/// Runs `offset`.
pub fn run(ctx: &Context<'_>, seconds: Option<i64>) -> Result<(), CliError> {
    let mut v = ctx.open()?;
    match seconds {
        None => println!("{}", v.clock_offset()),
        Some(s) => {
            v.set_clock_offset(s).map_err(vault_error)?;
            save(&mut v)?;
            println!("Clock offset set to {s} s.");
        }
    }
    Ok(())
}
