//! The command line `kulcs` accepts (commands, options, help texts) as clap types; nothing runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use kulcs_core::transfer::{DEFAULT_FRAME_CHARS, DEFAULT_OFFER_LIFETIME_SECS};

use crate::output::ViewOptions;

/// Kulcs: offline two-factor codes (TOTP/HOTP/Steam) from enrolment QR codes and setup keys.
#[derive(Parser)]
#[command(name = "kulcs", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub vault: VaultArgs,
}

/// `scan --help`: scan opens no vault, so its help leaves out the global vault options.
const SCAN_HELP: &str = "{about-with-newline}\n{usage-heading} {usage}\n\nArguments:\n{positionals}\n\nOptions:\n  -h, --help     Print help\n  -V, --version  Print version\n";

#[derive(Subcommand)]
pub enum Command {
    /// Show the code of a vault account (by name), or of a URI, setup key or QR image.
    Code(CodeArgs),
    /// Print every QR payload found in the images, one per line.
    #[command(help_template = SCAN_HELP)]
    Scan {
        /// PNG, JPEG or WebP images.
        #[arg(required = true, value_name = "IMAGE")]
        images: Vec<String>,
        /// One JSON list: each payload with its image and corners (a newline stays a `\n`).
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script (e.g. `kulcs completions bash > ~/.local/share/bash-completion/completions/kulcs`).
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `kulcs man > ~/.local/share/man/man1/kulcs.1`.
    Man,
    /// Move accounts to another device through QR codes (offline, end-to-end encrypted).
    #[command(subcommand)]
    Transfer(TransferCommand),
    /// Merge with the other devices of the sync group through a shared folder.
    Sync(SyncArgs),
    /// List the devices of this device's sync group (name, last seen), or remove one.
    Devices(DevicesArgs),
    /// Import enrolment codes or Google Authenticator export QR codes (images or text files).
    Import(ImportArgs),
    /// Export as Google Authenticator QR codes, or one account as an otpauth:// QR code.
    Export(ExportArgs),
    /// Check a Kulcs backup (`verify`), merge one into this vault (`restore`), back up after
    /// every change (`auto`), test the backup passphrase (`test`).
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Serve the browser app (built by scripts/build-web.sh) on 127.0.0.1, for a PC without
    /// a phone: open the printed address in the browser.
    Web {
        /// The built app (default: $KULCS_WEB_DIR, else web/dist here or in the checkout).
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
        /// The port on 127.0.0.1 (0: any free one).
        #[arg(long, default_value_t = 8417)]
        port: u16,
    },
    #[command(flatten)]
    Vault(VaultCommand),
}

/// The OTP parameters of a typed key (`code --key`, `add --key`).
#[derive(Args, Debug)]
pub struct KeyParams {
    /// Code length, with --key.
    #[arg(long, default_value_t = 6, requires = "key")]
    pub digits: u8,
    /// Time step in seconds, with --key.
    #[arg(long, default_value_t = 30, requires = "key")]
    pub period: u32,
    /// SHA1, SHA256 or SHA512, with --key.
    #[arg(long, default_value = "SHA1", requires = "key")]
    pub algorithm: String,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["query", "uri", "key", "qr"])))]
pub struct CodeArgs {
    /// The vault account: words of its issuer, label or groups (accent- and case-blind), or
    /// its id. Prints just the code, for scripts.
    pub query: Option<String>,
    /// Put the code on the clipboard instead of printing it (cleared after 30 s).
    #[arg(long, requires = "query")]
    pub copy: bool,
    /// Wait until the code has at least this many seconds left.
    #[arg(long, value_name = "SECONDS", requires = "query")]
    pub fresh: Option<u32>,
    /// An otpauth:// URI. `-` reads it from standard input (typed without echo on a
    /// terminal), keeping the secret out of argv and the shell history.
    #[arg(long)]
    pub uri: Option<String>,
    /// A base32 setup key (spaces, dashes, lowercase and missing padding are fine). `-` reads
    /// it from standard input (typed without echo on a terminal).
    #[arg(long)]
    pub key: Option<String>,
    /// An image holding an enrolment QR code.
    #[arg(long, value_name = "IMAGE")]
    pub qr: Option<String>,
    #[command(flatten)]
    pub params: KeyParams,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Args)]
pub struct ViewArgs {
    /// Compute the codes at this Unix time (seconds) and print only the codes.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub at: Option<i64>,
    /// Seconds to add to the system clock (for a clock that is off).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub offset: i64,
    /// Refresh every second with a countdown.
    #[arg(long, conflicts_with = "at")]
    pub watch: bool,
    /// Machine-readable JSON output.
    #[arg(long)]
    pub json: bool,
}

impl ViewArgs {
    /// The options the code views take.
    pub fn options(&self) -> ViewOptions {
        ViewOptions {
            at: self.at,
            offset: self.offset,
            watch: self.watch,
            json: self.json,
        }
    }
}

/// Options every vault command accepts.
#[derive(Args, Debug, Default)]
pub struct VaultArgs {
    /// The vault file (default: $KULCS_VAULT, else $XDG_DATA_HOME/kulcs/vault.kulcs).
    #[arg(long, global = true, value_name = "PATH")]
    pub vault: Option<PathBuf>,
    /// Open the vault with its passphrase instead of this computer's device key
    /// (asked for on the terminal, or read as one line from standard input).
    #[arg(long, global = true, conflicts_with = "recovery")]
    pub passphrase: bool,
    /// Open the vault with its recovery code instead of the device key.
    #[arg(long, global = true)]
    pub recovery: bool,
}

/// The vault commands (flattened into the top-level command list).
#[derive(Subcommand, Debug)]
pub enum VaultCommand {
    /// Add an account from an enrolment QR image, an otpauth:// URI or a setup key.
    Add(AddArgs),
    /// List the accounts (id prefix, issuer, label, type, groups).
    List {
        /// Machine-readable JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show the current codes of every account (or of those matching QUERY).
    Codes {
        /// Only accounts whose issuer, label or groups hold these words (accent- and
        /// case-blind).
        query: Option<String>,
        /// Only accounts in this group.
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
        /// Machine-readable JSON output.
        #[arg(long)]
        json: bool,
        /// Refresh every second with a countdown.
        #[arg(long, conflicts_with = "at")]
        watch: bool,
        /// Compute the codes at this Unix time (seconds) and print only the codes.
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        at: Option<i64>,
    },
    /// Change an account's issuer and/or label.
    Rename {
        /// Account: words of its issuer, label or groups, or its id (or a unique prefix).
        id: String,
        /// New issuer.
        #[arg(long)]
        issuer: Option<String>,
        /// New label (account name).
        #[arg(long)]
        label: Option<String>,
    },
    /// Delete an account (asks first).
    Rm {
        /// Account: words of its issuer, label or groups, or its id (or a unique prefix).
        id: String,
        /// Do not ask.
        #[arg(long)]
        yes: bool,
    },
    /// Show, set or clear an account's private note (e.g. the Ügyfélkapu+ törlőkód).
    Note {
        /// Account: words of its issuer, label or groups, or its id (or a unique prefix).
        id: String,
        /// The new note; without it the current note is printed. `-` reads the note from
        /// standard input (all of it, at most 4 KiB), keeping it out of argv and shell history.
        text: Option<String>,
        /// Remove the note (asks first).
        #[arg(long, conflicts_with = "text")]
        clear: bool,
        /// Do not ask before replacing or clearing a note.
        #[arg(long)]
        yes: bool,
    },
    /// Show an account's details; with --secret also its setup key and QR code.
    Show {
        /// Account: words of its issuer, label or groups, or its id (or a unique prefix).
        id: String,
        /// Also print the setup key and draw its QR code (for moving it to another app); with
        /// sync conflicts, also the losing notes and keys.
        #[arg(long)]
        secret: bool,
        /// Dismiss the account's sync conflicts (on every device, after the next sync).
        #[arg(long, conflicts_with = "secret")]
        clear_conflicts: bool,
    },
    /// Show or replace an account's groups (tags).
    Groups {
        /// Account: words of its issuer, label or groups, or its id (or a unique prefix).
        id: String,
        /// The new groups; without them the current ones are printed. `--clear` removes all.
        names: Vec<String>,
        /// Remove every group.
        #[arg(long, conflicts_with = "names")]
        clear: bool,
    },
    /// HOTP only: move to the next counter (after using a code) and print the new code.
    Next {
        /// Account: words of its issuer, label or groups, or its id (or a unique prefix).
        id: String,
    },
    /// Tell which account produced a code (current, previous or next step).
    Verify {
        /// The code as typed.
        code: String,
        /// Check at this Unix time instead of now.
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        at: Option<i64>,
        /// Machine-readable JSON output (a list of matches; empty when none).
        #[arg(long)]
        json: bool,
    },
    /// List accounts that share issuer and label (e.g. a dead key left by a failed enrolment).
    Duplicates {
        /// Machine-readable JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show or set the clock offset in seconds added to this computer's clock.
    Offset {
        /// New offset in seconds (e.g. -30).
        #[arg(allow_negative_numbers = true)]
        seconds: Option<i64>,
        /// Set the offset from a code the site just accepted: the account, then the code.
        #[arg(long, num_args = 2, value_names = ["ACCOUNT", "CODE"], conflicts_with = "seconds")]
        calibrate: Option<Vec<String>>,
    },
    /// Set or change the vault passphrase (asked twice on a terminal, or one line on stdin).
    Passwd {
        /// Do not ask before replacing an existing passphrase.
        #[arg(long)]
        yes: bool,
    },
    /// Let this computer's key open the vault again (use with --passphrase or --recovery).
    ///
    /// For a new computer, or after the device key file was lost.
    Device {
        /// Do not ask before replacing the existing device slot.
        #[arg(long)]
        yes: bool,
    },
    /// Show where the vault and this computer's device key are (OS keyring or key file), and
    /// the state of the automatic backups.
    Status,
    /// Create a new recovery code (shown once; replaces the previous one).
    Recovery {
        /// Do not ask before replacing an existing recovery code.
        #[arg(long)]
        yes: bool,
    },
}

/// `kulcs add` arguments.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["qr", "uri", "key"])))]
pub struct AddArgs {
    /// An image holding one or more enrolment QR codes.
    #[arg(long, value_name = "IMAGE")]
    pub qr: Option<String>,
    /// An otpauth:// URI. Give `-` to type it without echo (or pipe one line on stdin), keeping
    /// the secret it holds out of argv and the shell history.
    #[arg(long)]
    pub uri: Option<String>,
    /// A base32 setup key (spaces, dashes, lowercase and missing padding are fine). Give `-`
    /// to type it without echo (or pipe one line on stdin), keeping it out of argv and the
    /// shell history.
    #[arg(long)]
    pub key: Option<String>,
    /// Account name for --key.
    #[arg(long, requires = "key", conflicts_with = "ugyfelkapu")]
    pub label: Option<String>,
    /// Issuer for --key.
    #[arg(long, requires = "key", conflicts_with = "ugyfelkapu")]
    pub issuer: Option<String>,
    /// Ügyfélkapu+ preset for --key: the username (issuer Ügyfélkapu+, SHA1, 6 digits, 30 s).
    #[arg(long, value_name = "USER", requires = "key")]
    pub ugyfelkapu: Option<String>,
    /// With --ugyfelkapu: the code the site shows, checked against the key before saving
    /// (asked for on a terminal).
    #[arg(long, value_name = "CODE", requires = "ugyfelkapu")]
    pub code: Option<String>,
    #[command(flatten)]
    pub params: KeyParams,
    /// A private note to keep with the account. `-` reads it from standard input (at most
    /// 4 KiB); only one of --key, --uri and --note can be `-`.
    #[arg(long)]
    pub note: Option<String>,
}

/// `kulcs transfer …`
#[derive(Subcommand, Debug)]
pub enum TransferCommand {
    /// On the NEW device: show an offer, then the confirmation code, then read the frames.
    ///
    /// Step 1: `kulcs transfer receive --offer-out offer.png` (scan it with the old device).
    /// Step 2: `kulcs transfer receive --show-code` once the old device has scanned the offer.
    /// Step 3: `kulcs transfer receive --frames DIR/*.png` (any order; repeat until complete).
    Receive(ReceiveArgs),
    /// On the OLD device: scan the offer, type the code from the new device, show the frames.
    ///
    /// `kulcs transfer send --offer offer.png` (scan), then
    /// `kulcs transfer send --confirm CODE --frames-out DIR` (or both at once).
    Send(SendArgs),
}

/// Options of `transfer receive`.
#[derive(Args, Debug)]
pub struct ReceiveArgs {
    /// Start a session and write the offer QR code to this PNG (also drawn in a terminal).
    #[arg(long, value_name = "PNG", conflicts_with_all = ["show_code", "frames"])]
    pub offer_out: Option<PathBuf>,
    /// Minutes the offer stays valid.
    #[arg(long, default_value_t = DEFAULT_OFFER_LIFETIME_SECS / 60, requires = "offer_out")]
    pub minutes: u64,
    /// Show the confirmation code. Only do this after the old device has scanned the offer.
    #[arg(long, conflicts_with = "frames")]
    pub show_code: bool,
    /// Frame images (PNG/JPEG/WebP), in any order.
    #[arg(long, value_name = "IMAGE", num_args = 1..)]
    pub frames: Vec<PathBuf>,
    /// Let a sync invitation replace this device's current sync group without asking.
    #[arg(long)]
    pub yes: bool,
    /// This device's name in the sync group, if the transfer joins one (default: the host name).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// Options of `transfer send`.
#[derive(Args, Debug)]
pub struct SendArgs {
    /// The offer QR image shown by the new device.
    #[arg(long, value_name = "IMAGE")]
    pub offer: Option<PathBuf>,
    /// The 12-digit code shown by the new device (asked for in a terminal when missing).
    #[arg(long, value_name = "CODE")]
    pub confirm: Option<String>,
    /// Write the frames as PNG files into this directory (created if missing).
    #[arg(long, value_name = "DIR")]
    pub frames_out: Option<PathBuf>,
    /// Also make the new device a member of this device's sync group (created if needed).
    #[arg(long)]
    pub sync: bool,
    /// This device's name when `--sync` creates the group (default: the host name).
    #[arg(long, value_name = "NAME", requires = "sync")]
    pub name: Option<String>,
    /// Send only these accounts (id or unique id prefix); default: all.
    #[arg(long = "account", value_name = "ID")]
    pub accounts: Vec<String>,
    /// Characters of QR text per frame (smaller = more, simpler codes).
    #[arg(long, default_value_t = DEFAULT_FRAME_CHARS, hide = true)]
    pub frame_chars: usize,
}

/// Options of `devices`.
#[derive(Args, Debug)]
pub struct DevicesArgs {
    #[command(subcommand)]
    pub action: Option<DevicesAction>,
}

/// What `devices` does besides listing.
#[derive(Subcommand, Debug)]
pub enum DevicesAction {
    /// Remove a device (a lost phone): a new key that only the remaining devices get, so it
    /// reads nothing published after. Run `kulcs sync DIR` before and after.
    Remove {
        /// The device id as `kulcs devices` shows it (or a unique prefix).
        id: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

/// Options of `sync`.
#[derive(Args, Debug)]
pub struct SyncArgs {
    /// The shared folder holding the group's `*.kulcs-replica` and `*.kulcs-members` files.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Machine-readable JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Options of `import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Images with QR codes (PNG/JPEG/WebP), text files with one URI per line, or another
    /// authenticator's export file.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Add the previewed accounts without asking (needed when standard input is not a terminal).
    #[arg(long)]
    pub yes: bool,
}

/// Options of `export`.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["google_qr", "qr", "format"])))]
pub struct ExportArgs {
    /// Write Google Authenticator export QR codes (10 accounts each) as PNGs into DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "format")]
    pub google_qr: Option<PathBuf>,
    /// Show one account's otpauth:// QR code (id or unique id prefix), for another app.
    #[arg(long, value_name = "ID", conflicts_with = "format")]
    pub qr: Option<String>,
    /// Write every account to --out FILE: `kulcs` (Kulcs backup, with notes and groups),
    /// `aegis` (encrypted Aegis vault, which Aegis, Ente, 2FAS, Proton and Bitwarden import),
    /// `otpauth` (one otpauth:// URI per line, UNENCRYPTED), `json` (Aegis JSON, UNENCRYPTED).
    /// The passphrase is asked twice on a terminal, or read as one line from standard input.
    #[arg(long, value_enum, requires = "out")]
    pub format: Option<ExportFormat>,
    /// With --qr: write the PNG here instead of drawing it on the terminal. With --format:
    /// the file to write (mode 0600, read back and checked before success is printed).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With --google-qr: only these accounts.
    #[arg(long = "account", value_name = "ID", requires = "google_qr")]
    pub accounts: Vec<String>,
}

/// What `kulcs export --format` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Kulcs backup (Argon2id, AES-256-GCM; docs/backup.md).
    Kulcs,
    /// Encrypted Aegis vault (scrypt, AES-256-GCM).
    Aegis,
    /// One otpauth:// URI per line, unencrypted.
    Otpauth,
    /// Aegis vault JSON, unencrypted.
    Json,
}

/// `kulcs backup`: check or restore a Kulcs backup file.
#[derive(Subcommand)]
pub enum BackupCommand {
    /// Open a Kulcs backup with its passphrase and say how many accounts it holds.
    Verify {
        /// The backup file.
        file: PathBuf,
    },
    /// Add a Kulcs backup's accounts to this vault: nothing here is removed or changed, and
    /// the vault keeps its own passphrase.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Write a Kulcs backup into a folder after every change, keeping the last ones (asks for a
    /// new backup passphrase); `--off` stops it
    Auto {
        /// The folder (a USB stick, a synced folder); created if missing
        #[arg(
            long,
            value_name = "DIR",
            required_unless_present = "off",
            conflicts_with = "off"
        )]
        folder: Option<PathBuf>,
        /// How many backups to keep (the oldest beyond are deleted)
        #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
        keep: u32,
        /// Stop the automatic backups (the files already written stay)
        #[arg(long)]
        off: bool,
    },
    /// Open the newest automatic backup with its passphrase: do this now and then
    Test,
    /// Print-ready emergency sheet (PDF): every account's name, setup key, QR code and note,
    /// and a new recovery code (it replaces the previous one)
    Sheet {
        /// The PDF file to write (0600); print it and delete the file
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// The sheet's language (default: the terminal's)
        #[arg(long, value_name = "hu|en", value_parser = ["hu", "en"])]
        lang: Option<String>,
        /// Leave the recovery code off the sheet (the vault's code is not changed)
        #[arg(long)]
        no_recovery_code: bool,
        /// Do not ask before replacing an existing recovery code
        #[arg(long)]
        yes: bool,
    },
}
