//! `kulcs add`: one or more accounts from an enrolment QR image, an otpauth:// URI or a setup
//! key (with the Ügyfélkapu+ preset), then the first-use offer of a passphrase and recovery code.

use kulcs_core::credential::Credential;
use kulcs_core::vault::AddOutcome;

use super::code::{self, Source};
use crate::args::AddArgs;
use crate::clock;
use crate::context::{save, vault_error, Context};
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::input::{self, read_secret, stdin_is_tty};
use crate::output;
use crate::prompt::ask_yes_no;

/// Runs `add`.
pub fn run(ctx: &Context<'_>, a: AddArgs) -> Result<(), CliError> {
    input::at_most_one_stdin(&[
        ("--key", a.key.as_deref()),
        ("--uri", a.uri.as_deref()),
        ("--note", a.note.as_deref()),
    ])?;
    // Parse everything before touching the vault.
    let mut creds: Vec<Credential> = if let Some(uri) = &a.uri {
        let uri = input::value_or_stdin(uri, &t("prompt-uri", &[]))?;
        code::credentials(&Source::Uri(&uri))?
    } else if let Some(qr) = &a.qr {
        code::credentials(&Source::Qr(qr))?
    } else if let Some(key) = &a.key {
        let typed;
        let key: &str = if key == "-" {
            typed = read_secret(&t("prompt-setup-key", &[]))?;
            &typed
        } else {
            key
        };
        let mut c = code::credentials(&Source::Key {
            key,
            digits: a.params.digits,
            period: a.params.period,
            algorithm: &a.params.algorithm,
        })?;
        if let Some(user) = &a.ugyfelkapu {
            if user.trim().is_empty() {
                return Err(CliError::usage(t("uk-user-needed", &[])));
            }
            let typed_chars = key.chars().filter(|c| c.is_ascii_alphanumeric()).count();
            let secret = c.remove(0).secret;
            if secret.bits() != 80 || typed_chars != 16 {
                return Err(CliError::input(t(
                    "uk-length",
                    &[("count", &typed_chars.to_string())],
                )));
            }
            let c = Credential::ugyfelkapu(user, secret);
            check_site_code(&c, a.code.as_deref())?;
            vec![c]
        } else {
            let label = a
                .label
                .clone()
                .ok_or_else(|| CliError::usage(t("add-label-needed", &[])))?;
            c[0].label = label.trim().to_string();
            c[0].issuer = a.issuer.clone().unwrap_or_default().trim().to_string();
            c
        }
    } else {
        return Err(CliError::usage(t("add-source-needed", &[])));
    };
    // Read a piped or typed note before the vault (and its lock) is held.
    let note = a.note.as_deref().map(input::note_or_stdin).transpose()?;
    let (mut v, created) = ctx.open_or_create()?;
    let mut changed = false;
    let mut shown = Vec::new();
    // Nothing is reported until the save succeeded: (line for stdout, is a warning on stderr).
    let mut report: Vec<(String, bool)> = Vec::new();
    for c in creds.drain(..) {
        let name = output::name(&c);
        let short = c.secret.is_short();
        let outcome = v.add(c, clock::now_ms()).map_err(vault_error)?;
        match &outcome {
            AddOutcome::Added(id) => {
                changed = true;
                report.push((
                    t(
                        "add-added",
                        &[("name", &name), ("id", &output::short_id(&v, *id))],
                    ),
                    false,
                ));
            }
            AddOutcome::AlreadyPresent(id) => {
                let existing = output::name_of(&v, *id);
                let key = if existing == name {
                    "add-present"
                } else {
                    "add-present-renamed"
                };
                let id = output::short_id(&v, *id);
                let args = [("name", &*name), ("id", &*id), ("existing", &*existing)];
                report.push((t(key, &args), false));
            }
            AddOutcome::AddedWithConflict { id, conflicts_with } => {
                changed = true;
                report.push((
                    t(
                        "add-added",
                        &[("name", &name), ("id", &output::short_id(&v, *id))],
                    ),
                    false,
                ));
                let others: Vec<String> = conflicts_with
                    .iter()
                    .map(|c| output::short_id(&v, *c))
                    .collect();
                let key = if others.len() == 1 {
                    "add-conflict-one"
                } else {
                    "add-conflict-many"
                };
                let args = [
                    ("count", others.len().to_string()),
                    ("ids", others.join(", ")),
                ];
                report.push((format!("kulcs: {}", crate::i18n::t_owned(key, &args)), true));
            }
        }
        let (AddOutcome::Added(id)
        | AddOutcome::AlreadyPresent(id)
        | AddOutcome::AddedWithConflict { id, .. }) = &outcome;
        shown.push(*id);
        if short && !matches!(outcome, AddOutcome::AlreadyPresent(_)) {
            report.push((
                format!("kulcs: {}", t("add-short-key", &[("name", &name)])),
                true,
            ));
        }
        if let (Some(note), AddOutcome::Added(id) | AddOutcome::AddedWithConflict { id, .. }) =
            (&note, &outcome)
        {
            v.set_note(*id, Some(note.as_str()), clock::now_ms())
                .map_err(vault_error)?;
        }
    }
    if changed {
        save(&mut v)?;
    }
    for (line, warning) in report {
        if warning {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
    // Show the live code at once, so the user can finish the enrolment page's confirmation step.
    let unix = clock::system_unix();
    for id in shown {
        if let (Some(a), Ok(w)) = (v.account(id), v.code_window(id, unix)) {
            println!("{}", output::human_line(&a.credential, &w, 0, None));
        }
    }
    drop(v);
    if created {
        first_use(ctx)?;
    }
    Ok(())
}

/// The Ügyfélkapu+ preset's check before saving: the user types the code the site shows (or
/// accepts) and it must be one the typed key makes now, a step before or a step after; a
/// mistyped key is refused before anything is saved.
fn check_site_code(c: &Credential, given: Option<&str>) -> Result<(), CliError> {
    let typed = match given {
        Some(code) => code.to_string(),
        None if stdin_is_tty() => {
            let w = c
                .code_window(clock::system_unix())
                .map_err(|e| CliError::input(sentence(e)))?;
            eprintln!(
                "kulcs: {}",
                t(
                    "uk-code-now",
                    &[("code", &output::readable(w.code.as_str()))]
                )
            );
            read_secret(&t("uk-code-prompt", &[]))?.to_string()
        }
        None => return Err(CliError::usage(t("uk-code-needed", &[]))),
    };
    let matched = kulcs_core::otp::verify(&c.secret, &c.params, clock::system_unix(), &typed, 1)
        .map_err(|e| CliError::input(sentence(e)))?;
    if matched.is_none() {
        return Err(CliError::input(t(
            "uk-code-wrong",
            &[("code", &output::safe(typed.trim()))],
        )));
    }
    Ok(())
}

/// Just after a new vault was created: on a terminal, offers to set a passphrase and make a
/// recovery code (the vault is not locked while the user answers); without one, prints one line
/// of advice and never waits.
fn first_use(ctx: &Context<'_>) -> Result<(), CliError> {
    let advice = t("first-use-advice", &[]);
    if !stdin_is_tty() {
        eprintln!("kulcs: {advice}");
        return Ok(());
    }
    if !ask_yes_no(&t("first-use-question", &[]))? {
        eprintln!("kulcs: {advice}");
        return Ok(());
    }
    let new = read_secret(&t("prompt-new-passphrase", &[]))?;
    let again = read_secret(&t("prompt-repeat", &[]))?;
    if *again != *new {
        eprintln!("kulcs: {}", t("first-use-differ", &[("advice", &advice)]));
        return Ok(());
    }
    eprintln!("kulcs: {}", t("deriving-argon2", &[]));
    let mut v = ctx.open()?;
    if let Err(e) = v.change_passphrase(&new) {
        eprintln!(
            "kulcs: {}",
            t("first-use-failed", &[("error", &sentence(e))])
        );
        return Ok(());
    }
    let code = v.add_recovery().map_err(vault_error)?;
    save(&mut v)?;
    drop(v);
    println!("{}", t("first-use-done", &[]));
    println!();
    println!("    {}", code.to_display().as_str());
    println!();
    Ok(())
}
