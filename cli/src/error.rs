//! The CLI's error: a short human sentence and the exit code that goes with it.

use std::fmt;

/// Exit code for bad input (unreadable file, invalid key, no QR code …).
pub const EXIT_BAD_INPUT: i32 = 1;
/// Exit code for usage errors (clap uses the same).
pub const EXIT_USAGE: i32 = 2;

/// A failure to report to the user.
#[derive(Debug)]
pub struct CliError {
    /// The sentence shown after `kulcs: `.
    pub message: String,
    /// The process exit code.
    pub code: i32,
}

impl CliError {
    /// Bad input: exit code 1.
    pub fn input(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            code: EXIT_BAD_INPUT,
        }
    }

    /// Wrong usage: exit code 2.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            code: EXIT_USAGE,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A core error's sentence for the user: in English its own text (details kept, first letter
/// capitalised), in Hungarian the catalogue's sentence for its kind
/// ([`crate::core_error::kind_sentence`]).
pub fn sentence<E: crate::core_error::Kinded>(e: E) -> String {
    if crate::i18n::is_hungarian() {
        if let Some(own) = e.localised() {
            return own;
        }
        if let Some(kind) = e.error_kind() {
            return crate::core_error::kind_sentence(kind, &e.to_string());
        }
    }
    english(e)
}

/// Capitalises the first letter of an English error sentence from core and ends it with a period.
pub fn english(text: impl fmt::Display) -> String {
    let t = text.to_string();
    let mut chars = t.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}
