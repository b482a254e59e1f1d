//! One module per `kulcs` command, and [`run`], which hands the parsed command line to it.

pub mod add;
pub mod backup;
pub mod code;
pub mod codes;
pub mod device;
pub mod devices;
pub mod duplicates;
pub mod export;
pub mod groups;
pub mod import;
pub mod list;
pub mod next;
pub mod note;
pub mod offset;
pub mod out_file;
pub mod passwd;
pub mod recovery;
pub mod remove;
pub mod rename;
pub mod scan;
pub mod sheet;
pub mod show;
pub mod status;
pub mod sync;
pub mod transfer;
pub mod verify;
pub mod web;

use crate::args::{Cli, Command, VaultCommand};
use crate::context::Context;
use crate::error::CliError;

/// Runs the command the user gave.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let ctx = Context::new(&cli.vault);
    match cli.command {
        Command::Code(args) => code::run(&args, &ctx),
        Command::Scan { images, json } => scan::run(&images, json),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "kulcs", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
            .render(&mut std::io::stdout())
            .map_err(|e| {
                CliError::input(crate::i18n::t(
                    "man-unwritable",
                    &[("error", &e.to_string())],
                ))
            }),
        Command::Transfer(cmd) => transfer::run(cmd, &ctx),
        Command::Sync(args) => sync::run(args, &ctx),
        Command::Devices(args) => devices::run(args, &ctx),
        Command::Import(args) => import::run(args, &ctx),
        Command::Export(args) => export::run(args, &ctx),
        Command::Backup(cmd) => backup::run(cmd, &ctx),
        Command::Web { dir, port } => web::run(dir, port),
        Command::Vault(cmd) => run_vault(cmd, &ctx),
    }
}

/// Runs one of the commands over the vault.
fn run_vault(cmd: VaultCommand, ctx: &Context<'_>) -> Result<(), CliError> {
    match cmd {
        VaultCommand::Add(a) => add::run(ctx, a),
        VaultCommand::List { json } => list::run(ctx, json),
        VaultCommand::Codes {
            query,
            group,
            json,
            watch,
            at,
        } => codes::run(ctx, query.as_deref(), group.as_deref(), json, watch, at),
        VaultCommand::Rename { id, issuer, label } => rename::run(ctx, &id, issuer, label),
        VaultCommand::Rm { id, yes } => remove::run(ctx, &id, yes),
        VaultCommand::Note {
            id,
            text,
            clear,
            yes,
        } => note::run(ctx, &id, text, clear, yes),
        VaultCommand::Show {
            id,
            secret,
            clear_conflicts,
        } => show::run(ctx, &id, secret, clear_conflicts),
        VaultCommand::Groups { id, names, clear } => groups::run(ctx, &id, &names, clear),
        VaultCommand::Verify { code, at, json } => verify::run(ctx, &code, at, json),
        VaultCommand::Next { id } => next::run(ctx, &id),
        VaultCommand::Duplicates { json } => duplicates::run(ctx, json),
        VaultCommand::Offset { seconds, calibrate } => offset::run(ctx, seconds, calibrate),
        VaultCommand::Passwd { yes } => passwd::run(ctx, yes),
        VaultCommand::Recovery { yes } => recovery::run(ctx, yes),
        VaultCommand::Status => status::run(ctx),
        VaultCommand::Device { yes } => device::run(ctx, yes),
    }
}
