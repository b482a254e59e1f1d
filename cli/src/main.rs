//! `kulcs`: the desktop shell of Kulcs, an offline-first two-factor authenticator.

mod clock;
mod code_cmd;
mod device_keys;
mod display;
mod error;
mod import_cmd;
mod private_file;
mod scan_cmd;
mod secret_input;
mod sync_cmd;
mod transfer_cmd;
mod vault_cmd;

use clap::{Args, Parser, Subcommand};

use crate::code_cmd::{Source, ViewOptions};
use crate::error::CliError;

/// Kulcs: offline two-factor codes (TOTP/HOTP/Steam) from enrolment QR codes and setup keys.
#[derive(Parser)]
#[command(name = "kulcs", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    vault: vault_cmd::VaultArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Show the code for a URI, a setup key or an enrolment QR image (no vault needed).
    Code(CodeArgs),
    /// Print every QR payload found in the images, one per line.
    Scan {
        /// PNG, JPEG or WebP images.
        #[arg(required = true, value_name = "IMAGE")]
        images: Vec<String>,
    },
    /// Move accounts to another device through QR codes (offline, end-to-end encrypted).
    #[command(subcommand)]
    Transfer(transfer_cmd::TransferCommand),
    /// Merge with the other devices of the sync group through a shared folder.
    Sync(sync_cmd::SyncArgs),
    /// Import enrolment codes or Google Authenticator export QR codes (images or text files).
    Import(import_cmd::ImportArgs),
    /// Export as Google Authenticator QR codes, or one account as an otpauth:// QR code.
    Export(import_cmd::ExportArgs),
    #[command(flatten)]
    Vault(vault_cmd::VaultCommand),
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["uri", "key", "qr"])))]
struct CodeArgs {
    /// An otpauth:// URI. `-` reads it from standard input (typed without echo on a
    /// terminal), keeping the secret out of argv and the shell history.
    #[arg(long)]
    uri: Option<String>,
    /// A base32 setup key (spaces, dashes, lowercase and missing padding are fine). `-` reads
    /// it from standard input (typed without echo on a terminal).
    #[arg(long)]
    key: Option<String>,
    /// An image holding an enrolment QR code.
    #[arg(long, value_name = "IMAGE")]
    qr: Option<String>,
    /// Code length, with --key.
    #[arg(long, default_value_t = 6, requires = "key")]
    digits: u8,
    /// Time step in seconds, with --key.
    #[arg(long, default_value_t = 30, requires = "key")]
    period: u32,
    /// SHA1, SHA256 or SHA512, with --key.
    #[arg(long, default_value = "SHA1", requires = "key")]
    algorithm: String,
    #[command(flatten)]
    view: ViewArgs,
}

#[derive(Args)]
struct ViewArgs {
    /// Compute the codes at this Unix time (seconds) and print only the codes.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    at: Option<i64>,
    /// Seconds to add to the system clock (for a clock that is off).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    offset: i64,
    /// Refresh every second with a countdown.
    #[arg(long, conflicts_with = "at")]
    watch: bool,
    /// Machine-readable JSON output.
    #[arg(long)]
    json: bool,
}

impl ViewArgs {
    fn options(&self) -> ViewOptions {
        ViewOptions {
            at: self.at,
            offset: self.offset,
            watch: self.watch,
            json: self.json,
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Code(args) => {
            let typed;
            let source = if let Some(uri) = &args.uri {
                typed = secret_input::value_or_stdin(uri, "otpauth:// URI: ")?;
                Source::Uri(&typed)
            } else if let Some(key) = &args.key {
                typed = secret_input::value_or_stdin(key, "Setup key: ")?;
                Source::Key {
                    key: &typed,
                    digits: args.digits,
                    period: args.period,
                    algorithm: &args.algorithm,
                }
            } else if let Some(qr) = &args.qr {
                Source::Qr(qr)
            } else {
                return Err(CliError::usage("Give --uri, --key or --qr."));
            };
            code_cmd::run(source, args.view.options())
        }
        Command::Scan { images } => scan_cmd::run(&images),
        Command::Transfer(cmd) => transfer_cmd::run(cmd, &cli.vault),
        Command::Sync(args) => sync_cmd::run(args, &cli.vault),
        Command::Import(args) => import_cmd::import(args, &cli.vault),
        Command::Export(args) => import_cmd::export(args, &cli.vault),
        Command::Vault(cmd) => vault_cmd::run(cmd, &cli.vault),
    }
}

fn main() {
    // A panic is a bug, but the user must see a sentence, never a backtrace.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    let outcome = std::panic::catch_unwind(|| run(cli));
    let code = match outcome {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            eprintln!("kulcs: {}", display::safe_text(&e.to_string()));
            e.code
        }
        Err(_) => {
            eprintln!("kulcs: internal error; nothing was changed. Please report this.");
            error::EXIT_BAD_INPUT
        }
    };
    std::process::exit(code);
}
