//! `kulcs note`: shows, sets (from argv or standard input) or clears an account's private note.

use crate::clock;
use crate::context::{save, vault_error, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::input;
use crate::output;
use crate::prompt::confirm;

/// Runs `note`.
pub fn run(
    ctx: &Context<'_>,
    id: &str,
    text: Option<String>,
    clear: bool,
    yes: bool,
) -> Result<(), CliError> {
    let (mut v, id) = ctx.open_account(id)?;
    let has_note = v.account(id).is_some_and(|a| a.note.is_some());
    if text.as_deref() == Some(input::STDIN_ARG) {
        // Do not keep the vault locked while the note is typed.
        drop(v);
        let note = input::read_note()?;
        if has_note {
            confirm(&t("note-replace", &[]), yes)?;
        }
        v = ctx.open_existing()?;
        v.set_note(id, Some(note.as_str()), clock::now_ms())
            .map_err(vault_error)?;
        save(&mut v)?;
        println!("{}", t("note-saved", &[("name", &output::name_of(&v, id))]));
        return Ok(());
    }
    match (text, clear) {
        (None, false) => {
            match v.account(id).and_then(|a| a.note.as_ref()) {
                Some(n) => println!("{}", output::safe_text(n.expose())),
                None => println!("{}", t("note-none", &[("name", &output::name_of(&v, id))])),
            }
            return Ok(());
        }
        (Some(text), _) => {
            if has_note {
                confirm(&t("note-replace", &[]), yes)?;
            }
            v.set_note(id, Some(&text), clock::now_ms())
                .map_err(vault_error)?;
        }
        (None, true) => {
            if !has_note {
                println!("{}", t("note-none", &[("name", &output::name_of(&v, id))]));
                return Ok(());
            }
            v = ctx.confirm_unlocked(v, &t("note-delete", &[]), yes)?;
            v.set_note(id, None, clock::now_ms()).map_err(vault_error)?;
        }
    }
    save(&mut v)?;
    println!("{}", t("note-saved", &[("name", &output::name_of(&v, id))]));
    Ok(())
}
