//! Secrets typed or piped in (`-` for `--key`, `--uri`, `--note`, passphrases): from the
//! terminal without echo, or from standard input, always capped, never from argv.

use std::io::{BufRead, IsTerminal, Write};

use zeroize::Zeroizing;

use crate::error::CliError;
use crate::private_file::{self, FileError, LINE_CAP, NOTE_CAP};

/// The value that means "read it from standard input".
pub const STDIN_ARG: &str = "-";

/// Whether standard input is a terminal.
pub fn stdin_is_tty() -> bool {
    std::io::stdin().is_terminal()
}

/// Refuses more than one of `values` being `-`: they would share one standard input.
pub fn at_most_one_stdin(values: &[(&str, Option<&str>)]) -> Result<(), CliError> {
    let dashes: Vec<&str> = values
        .iter()
        .filter(|(_, v)| *v == Some(STDIN_ARG))
        .map(|(n, _)| *n)
        .collect();
    if dashes.len() > 1 {
        return Err(CliError::usage(format!(
            "Only one of {} can be `-`: there is one standard input.",
            dashes.join(", ")
        )));
    }
    Ok(())
}

fn stdin_error(e: FileError) -> CliError {
    CliError::input(crate::error::sentence(e))
}

/// Reads one line of at most [`LINE_CAP`] bytes from `r`, without its line ending.
pub fn read_line_capped(r: impl BufRead) -> Result<Zeroizing<String>, CliError> {
    let mut buf = Zeroizing::new(Vec::new());
    r.take(LINE_CAP + 1)
        .read_until(b'\n', &mut buf)
        .map_err(|e| CliError::input(format!("Cannot read standard input: {e}.")))?;
    if buf.len() as u64 > LINE_CAP && buf.last() != Some(&b'\n') {
        return Err(stdin_error(FileError::StdinTooLong { cap: LINE_CAP }));
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    let text = std::str::from_utf8(&buf)
        .map_err(|_| CliError::input("Standard input is not UTF-8 text."))?;
    Ok(Zeroizing::new(text.to_string()))
}

/// Reads one secret line: from the terminal without echo, or one line from standard input.
pub fn read_secret(prompt: &str) -> Result<Zeroizing<String>, CliError> {
    if stdin_is_tty() {
        let s = rpassword::prompt_password(prompt)
            .map_err(|e| CliError::input(format!("Cannot read from the terminal: {e}.")))?;
        Ok(Zeroizing::new(s))
    } else {
        read_line_capped(std::io::stdin().lock())
    }
}

/// `value`, or if it is `-`, one secret line read as [`read_secret`] does.
pub fn value_or_stdin(value: &str, prompt: &str) -> Result<Zeroizing<String>, CliError> {
    if value == STDIN_ARG {
        read_secret(prompt)
    } else {
        Ok(Zeroizing::new(value.to_string()))
    }
}

/// A note from standard input: all of it (at most [`NOTE_CAP`] bytes), trailing line endings
/// removed. On a terminal it says how to finish.
pub fn read_note() -> Result<Zeroizing<String>, CliError> {
    if stdin_is_tty() {
        eprintln!("Type the note, then Ctrl-D on a line of its own:");
        let _ = std::io::stderr().flush();
    }
    let bytes =
        private_file::read_stdin_capped(std::io::stdin().lock(), NOTE_CAP).map_err(stdin_error)?;
    let text =
        std::str::from_utf8(&bytes).map_err(|_| CliError::input("The note is not UTF-8 text."))?;
    Ok(Zeroizing::new(
        text.trim_end_matches(['\n', '\r']).to_string(),
    ))
}

/// `value`, or if it is `-`, a note read with [`read_note`].
pub fn note_or_stdin(value: &str) -> Result<Zeroizing<String>, CliError> {
    if value == STDIN_ARG {
        read_note()
    } else {
        Ok(Zeroizing::new(value.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_capped() {
        let r = read_line_capped(&b"abc\r\nrest"[..]).unwrap();
        assert_eq!(r.as_str(), "abc");
        let long = vec![b'a'; LINE_CAP as usize + 1];
        assert!(read_line_capped(&long[..]).is_err());
        let fits = vec![b'a'; LINE_CAP as usize];
        assert_eq!(
            read_line_capped(&fits[..]).unwrap().len(),
            LINE_CAP as usize
        );
    }

    #[test]
    fn two_dashes_refused() {
        assert!(at_most_one_stdin(&[("--key", Some("-")), ("--note", Some("-"))]).is_err());
        assert!(at_most_one_stdin(&[("--key", Some("-")), ("--note", Some("x"))]).is_ok());
    }
}
