//! `kulcs`, the desktop shell of Kulcs (an offline-first two-factor authenticator): parses the
//! command line, hands it to [`commands::run`], and turns the outcome into an exit code.

mod args;
mod clipboard;
mod clock;
mod commands;
mod context;
mod core_error;
mod device_keys;
mod error;
mod help;
mod i18n;
mod input;
mod output;
mod private_file;
mod prompt;
mod watch;

/// Set when standard output's reader went away (see `main`).
static PIPE_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn main() {
    // A panic is a bug, but the user must see a sentence, never a backtrace. The one expected
    // "panic" is println! on a closed pipe (`kulcs codes | head -1`): the reader has gone, so
    // kulcs ends quietly, as other Unix tools do.
    std::panic::set_hook(Box::new(|info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.contains("Broken pipe") {
            PIPE_CLOSED.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }));
    // The helper process of `code --copy` is no command a user types (nor in completions).
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == clipboard::HOLD_COMMAND)
    {
        let _ = clipboard::hold();
        return;
    }
    let cli = help::parse();
    let outcome = std::panic::catch_unwind(|| commands::run(cli));
    let code = match outcome {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            eprintln!("kulcs: {}", output::safe_text(&e.to_string()));
            e.code
        }
        Err(_) if PIPE_CLOSED.load(std::sync::atomic::Ordering::SeqCst) => 0,
        Err(_) => {
            eprintln!("kulcs: {}", i18n::t("internal-error", &[]));
            error::EXIT_BAD_INPUT
        }
    };
    std::process::exit(code);
}
