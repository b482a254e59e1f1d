//! Clap's help and usage errors in the user's language: every about and argument help from the catalogue (`help-<path>`, `help-<path>--<arg>`), translated headings, and clap's error first line by its kind.

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, Command, CommandFactory, FromArgMatches};

use crate::i18n::{lookup, t};

/// Parses the process's arguments, with the help in the user's language (exits with clap's
/// message, translated, on a usage error or after `--help`).
pub fn parse() -> crate::args::Cli {
    let mut cmd = localised(crate::args::Cli::command());
    let parsed = cmd
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|m| crate::args::Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) if !crate::i18n::is_hungarian() => e.exit(),
        Err(e) => {
            let text = error_text(&e);
            if e.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            std::process::exit(e.exit_code())
        }
    }
}

/// The catalogue key of a subcommand's about: `help-` and the names of `path` joined by `-`
/// (`help-kulcs` for the root).
pub fn command_key(path: &[&str]) -> String {
    if path.len() <= 1 {
        return "help-kulcs".into();
    }
    format!("help-{}", path[1..].join("-"))
}

/// The key of an argument's help: the command's key, `--` and the arg id with `_` as `-`;
/// a global argument is the root's, `-h` and `-V` are the same everywhere.
pub fn arg_key(path: &[&str], arg: &Arg) -> String {
    let id = arg.get_id().as_str().replace('_', "-");
    match id.as_str() {
        "help" | "version" => format!("help-flag-{id}"),
        _ if arg.is_global_set() => format!("help-kulcs--{id}"),
        _ => format!("{}--{id}", command_key(path)),
    }
}

/// Every key the tree needs (for the test that each is in both catalogues).
#[cfg(test)]
pub fn keys(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<String>) {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    out.push(command_key(&p));
    if cmd.get_long_about().is_some() {
        out.push(format!("{}-more", command_key(&p)));
    }
    out.extend(cmd.get_arguments().map(|a| arg_key(&p, a)));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        path.push(sub.get_name().to_string());
        keys(sub, path, out);
        path.pop();
    }
}

/// The command tree with its texts in the user's language (built, so `-h`, `-V`, the global
/// options and the `help` subcommand are there to translate).
pub fn localised(mut cmd: Command) -> Command {
    cmd.build();
    let hungarian = crate::i18n::is_hungarian();
    translate(cmd, &mut vec!["kulcs".into()], hungarian)
}

fn translate(cmd: Command, path: &mut Vec<String>, hungarian: bool) -> Command {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let key = command_key(&p);
    let mut cmd = cmd.mut_args(|a| {
        if a.get_id() == "help" && a.get_long_help().is_some() {
            let summary = t("help-flag-help-summary", &[]);
            return a.help(t("help-flag-help-more", &[])).long_help(summary);
        }
        // The values' own help is English; the translated help names them instead.
        let a = if hungarian
            && a.get_possible_values()
                .iter()
                .any(|v| v.get_help().is_some())
        {
            a.hide_possible_values(true)
        } else {
            a
        };
        let a = if hungarian { value_names(a) } else { a };
        match lookup(&arg_key(&p, &a)) {
            Some(text) => a.help(text).long_help(None),
            None => a,
        }
    });
    if let Some(about) = lookup(&key) {
        let long = lookup(&format!("{key}-more")).map(|more| format!("{about}.\n\n{more}"));
        cmd = cmd.about(about);
        if let Some(long) = long {
            cmd = cmd.long_about(long);
        }
    }
    if hungarian {
        let layout = template(&cmd);
        cmd = cmd.help_template(layout);
    }
    cmd.mut_subcommands(|sub| {
        if sub.get_name() == "help" {
            return sub.about(t("help-help", &[]));
        }
        path.push(sub.get_name().to_string());
        let sub = translate(sub, path, hungarian);
        path.pop();
        sub
    })
}

/// `a` with its value names (`<DIR>`, `<IMAGE>`, …) from the catalogue (`value-dir`, …),
/// where it has them; only the help shows them.
fn value_names(a: Arg) -> Arg {
    if !a.get_num_args().is_some_and(|n| n.takes_values()) {
        return a;
    }
    let names: Vec<String> = match a.get_value_names() {
        Some(names) => names.iter().map(|n| n.to_string()).collect(),
        None => vec![a.get_id().as_str().to_uppercase()],
    };
    let translated: Vec<String> = names
        .iter()
        .map(|n| {
            lookup(&format!("value-{}", n.to_lowercase().replace('_', "-")))
                .unwrap_or_else(|| n.clone())
        })
        .collect();
    if translated == names {
        return a;
    }
    a.value_names(translated)
}

/// A help layout with the headings in the user's language and only the sections `cmd` has.
fn template(cmd: &Command) -> String {
    let shown = |a: &&Arg| !a.is_hide_set();
    let positionals = cmd.get_arguments().filter(shown).any(Arg::is_positional);
    let mut options = cmd
        .get_arguments()
        .filter(shown)
        .any(|a| !a.is_positional());
    let mut text = format!(
        "{{about-with-newline}}\n{} {{usage}}\n",
        t("help-usage", &[])
    );
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        text += &format!("\n{}\n{{subcommands}}\n", t("help-commands", &[]));
    }
    if positionals {
        text += &format!("\n{}\n{{positionals}}\n", t("help-arguments", &[]));
    }
    // `scan` opens no vault: its help leaves out the global vault options (as in English).
    let scan_options = cmd.get_name() == "scan";
    if scan_options {
        options = false;
        text += &format!(
            "\n{}\n  -h, --help     {}\n  -V, --version  {}\n",
            t("help-options", &[]),
            t("help-flag-help", &[]),
            t("help-flag-version", &[])
        );
    }
    if options {
        text += &format!("\n{}\n{{options}}\n", t("help-options", &[]));
    }
    text + "{after-help}"
}

/// Clap's error (or help) text in the user's language: the first line by the error's kind,
/// clap's fixed phrases by the catalogue.
pub fn error_text(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        return phrases(&rendered);
    }
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let key = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "clap-invalid-value",
        ErrorKind::UnknownArgument => "clap-unknown-argument",
        ErrorKind::InvalidSubcommand => "clap-invalid-subcommand",
        ErrorKind::ArgumentConflict => "clap-argument-conflict",
        ErrorKind::MissingRequiredArgument => "clap-missing-argument",
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "clap-missing-subcommand"
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            "clap-value-count"
        }
        _ => "clap-other",
    };
    let first = t(
        key,
        &[
            ("arg", &ctx(ContextKind::InvalidArg)),
            ("value", &ctx(ContextKind::InvalidValue)),
            ("command", &ctx(ContextKind::InvalidSubcommand)),
            ("prior", &ctx(ContextKind::PriorArg)),
        ],
    );
    let rest = rendered.split_once('\n').map(|(_, r)| r).unwrap_or("");
    format!("{}: {first}\n{}", t("clap-error", &[]), phrases(rest))
}

/// Clap's fixed English phrases replaced by the catalogue's.
fn phrases(text: &str) -> String {
    [
        ("Usage:", "help-usage"),
        ("For more information, try '--help'.", "clap-more"),
        ("[default: ", "clap-default"),
        ("[possible values: ", "clap-possible"),
        ("Possible values:", "clap-possible-heading"),
        ("tip: a similar argument exists:", "clap-similar-argument"),
        (
            "tip: a similar subcommand exists:",
            "clap-similar-subcommand",
        ),
        ("tip: a similar value exists:", "clap-similar-value"),
        ("tip:", "clap-tip"),
        ("[OPTIONS]", "clap-options-placeholder"),
        ("<COMMAND>", "clap-command-placeholder"),
    ]
    .iter()
    .fold(text.to_string(), |s, (en, key)| {
        // The catalogue trims a trailing space; put it back where clap has one.
        let space = if en.ends_with(' ') { " " } else { "" };
        s.replace(en, &(t(key, &[]) + space))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{has, Lang};
    use clap::CommandFactory;

    /// Fails on any subcommand or argument of the whole tree without its key in en.ftl or
    /// hu.ftl (the message lists them as ftl lines with the English help, ready to paste).
    #[test]
    fn every_command_and_argument_has_its_help_in_both_languages() {
        let mut cmd = crate::args::Cli::command();
        cmd.build();
        let mut keys_needed = Vec::new();
        keys(&cmd, &mut vec!["kulcs".into()], &mut keys_needed);
        keys_needed.sort();
        keys_needed.dedup();
        for lang in [Lang::En, Lang::Hu] {
            let missing: Vec<_> = keys_needed.iter().filter(|k| !has(lang, k)).collect();
            assert!(missing.is_empty(), "{lang:?}: missing {missing:#?}");
        }
    }
}
