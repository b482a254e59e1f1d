//! Questions asked on the terminal: a y/N question, and the confirmation a destructive command
//! asks unless `--yes` was given.

use std::io::{BufRead, Read, Write};

use crate::error::CliError;
use crate::i18n::t;
use crate::input::stdin_is_tty;

/// Asks before something destructive. `--yes` skips the question; without a terminal the
/// command is refused unless `--yes` was given.
pub fn confirm(question: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    if !stdin_is_tty() {
        return Err(CliError::usage(crate::i18n::t(
            "confirm-refused",
            &[("question", question)],
        )));
    }
    if ask_yes_no(question)? {
        Ok(())
    } else {
        Err(CliError::input(crate::i18n::t("cancelled", &[])))
    }
}

/// Shows `prompt` on stderr and reads one answer line (at most 256 bytes) from the terminal.
fn read_answer(prompt: &str) -> Result<String, CliError> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .take(256)
        .read_line(&mut answer)
        .map_err(|e| CliError::input(t("prompt-unreadable", &[("error", &e.to_string())])))?;
    Ok(answer)
}

/// Asks a y/N question on the terminal (the caller checks there is one).
pub fn ask_yes_no(question: &str) -> Result<bool, CliError> {
    let answer = read_answer(&format!("{question} {} ", t("prompt-yes-no", &[])))?;
    Ok(matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "i" | "igen"
    ))
}

/// Asks for a number from 1 to `max` on the terminal (the caller checks there is one); an empty
/// or other answer cancels.
pub fn ask_number(question: &str, max: usize) -> Result<usize, CliError> {
    let answer = read_answer(&format!("{question} [1-{max}] "))?;
    match answer.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(CliError::input(crate::i18n::t("cancelled", &[]))),
    }
}
