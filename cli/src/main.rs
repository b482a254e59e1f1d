//! `kulcs`, the desktop shell of Kulcs (an offline-first two-factor authenticator): parses the
//! command line, hands it to [`commands::run`], and turns the outcome into an exit code.

mod args;
mod clock;
mod commands;
mod context;
mod device_keys;
mod error;
mod input;
mod output;
mod private_file;
mod prompt;

use clap::Parser;

fn main() {
    // A panic is a bug, but the user must see a sentence, never a backtrace.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = args::Cli::parse();
    let outcome = std::panic::catch_unwind(|| commands::run(cli));
    let code = match outcome {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            eprintln!("kulcs: {}", output::safe_text(&e.to_string()));
            e.code
        }
        Err(_) => {
            eprintln!("kulcs: internal error; nothing was changed. Please report this.");
            error::EXIT_BAD_INPUT
        }
    };
    std::process::exit(code);
}
