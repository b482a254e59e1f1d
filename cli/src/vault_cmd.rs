//! The stateful commands over the encrypted vault: add, list, codes, rename, rm, note, show,
//! verify, duplicates, offset, passwd, recovery, device, status. Every rule (duplicates, matching, id prefixes)
//! is decided in `kulcs_core::vault`; this module only parses, asks and prints.

use std::io::{BufRead, Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use kulcs_core::account::Account;
use kulcs_core::credential::Credential;
use kulcs_core::otpauth;
use kulcs_core::vault::{AddOutcome, SlotKind, Unlock, Vault, VaultError};
use zeroize::Zeroizing;

use crate::code_cmd::{self, Source, ViewOptions};
use crate::device_keys::DeviceKeys;
use crate::error::{sentence, CliError};
use crate::secret_input::{self, read_secret, stdin_is_tty};
use crate::{clock, display};

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
    /// Show the current codes of every account.
    Codes {
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
        /// Account id or a unique prefix of it.
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
        /// Account id or a unique prefix of it.
        id: String,
        /// Do not ask.
        #[arg(long)]
        yes: bool,
    },
    /// Show, set or clear an account's private note (e.g. the Ügyfélkapu+ törlőkód).
    Note {
        /// Account id or a unique prefix of it.
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
        /// Account id or a unique prefix of it.
        id: String,
        /// Also print the setup key and draw its QR code (for moving it to another app).
        #[arg(long)]
        secret: bool,
    },
    /// Show or replace an account's groups (tags).
    Groups {
        /// Account id or a unique prefix of it.
        id: String,
        /// The new groups; without them the current ones are printed. `--clear` removes all.
        names: Vec<String>,
        /// Remove every group.
        #[arg(long, conflicts_with = "names")]
        clear: bool,
    },
    /// HOTP only: move to the next counter (after using a code) and print the new code.
    Next {
        /// Account id or a unique prefix of it.
        id: String,
    },
    /// Tell which account produced a code (current, previous or next step).
    Verify {
        /// The code as typed.
        code: String,
        /// Check at this Unix time instead of now.
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        at: Option<i64>,
    },
    /// List accounts that share issuer and label (e.g. a dead key left by a failed enrolment).
    Duplicates,
    /// Show or set the clock offset in seconds added to this computer's clock.
    Offset {
        /// New offset in seconds (e.g. -30).
        #[arg(allow_negative_numbers = true)]
        seconds: Option<i64>,
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
    /// Show where the vault and this computer's device key are (OS keyring or key file).
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
    qr: Option<String>,
    /// An otpauth:// URI. Give `-` to type it without echo (or pipe one line on stdin), keeping
    /// the secret it holds out of argv and the shell history.
    #[arg(long)]
    uri: Option<String>,
    /// A base32 setup key (spaces, dashes, lowercase and missing padding are fine). Give `-`
    /// to type it without echo (or pipe one line on stdin), keeping it out of argv and the
    /// shell history.
    #[arg(long)]
    key: Option<String>,
    /// Account name for --key.
    #[arg(long, requires = "key", conflicts_with = "ugyfelkapu")]
    label: Option<String>,
    /// Issuer for --key.
    #[arg(long, requires = "key", conflicts_with = "ugyfelkapu")]
    issuer: Option<String>,
    /// Ügyfélkapu+ preset for --key: the username (issuer Ügyfélkapu+, SHA1, 6 digits, 30 s).
    #[arg(long, value_name = "USER", requires = "key")]
    ugyfelkapu: Option<String>,
    /// Code length, with --key.
    #[arg(long, default_value_t = 6, requires = "key")]
    digits: u8,
    /// Time step in seconds, with --key.
    #[arg(long, default_value_t = 30, requires = "key")]
    period: u32,
    /// SHA1, SHA256 or SHA512, with --key.
    #[arg(long, default_value = "SHA1", requires = "key")]
    algorithm: String,
    /// A private note to keep with the account. `-` reads it from standard input (at most
    /// 4 KiB); only one of --key, --uri and --note can be `-`.
    #[arg(long)]
    note: Option<String>,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

fn xdg(var: &str, fallback: &str) -> Result<PathBuf, CliError> {
    match std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
    {
        Some(p) if p.is_absolute() => Ok(p),
        _ => home().map(|h| h.join(fallback)).ok_or_else(|| {
            CliError::usage(format!(
                "Cannot find your home directory; set {var} or use --vault."
            ))
        }),
    }
}

/// The vault path: `--vault`, else `$KULCS_VAULT`, else the XDG data directory.
pub fn vault_path(args: &VaultArgs) -> Result<PathBuf, CliError> {
    if let Some(p) = &args.vault {
        return Ok(p.clone());
    }
    if let Some(p) = std::env::var_os("KULCS_VAULT").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(xdg("XDG_DATA_HOME", ".local/share")?
        .join("kulcs")
        .join("vault.kulcs"))
}

/// The desktop device key: the file `$KULCS_KEY_FILE` if set; else the OS keyring or the file
/// `$XDG_CONFIG_HOME/kulcs/device.key`, as [`crate::device_keys::select`] decides.
pub(crate) fn key_store() -> Result<DeviceKeys, CliError> {
    if let Some(p) = std::env::var_os("KULCS_KEY_FILE").filter(|p| !p.is_empty()) {
        return crate::device_keys::select(PathBuf::from(p), true);
    }
    crate::device_keys::select(
        xdg("XDG_CONFIG_HOME", ".config")?
            .join("kulcs")
            .join("device.key"),
        false,
    )
}

fn vault_error(e: VaultError) -> CliError {
    match e {
        VaultError::WrongKeyOrDamaged => CliError::input(
            "Wrong key or damaged data: the vault could not be opened. Check the passphrase or recovery code; \
             nothing was changed.",
        ),
        VaultError::AmbiguousId { .. } | VaultError::AccountNotFound { .. } => CliError::input(sentence(e)),
        other => CliError::input(sentence(other)),
    }
}

/// Asks before something destructive. `--yes` skips the question; without a terminal the
/// command is refused unless `--yes` was given.
fn confirm(question: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    if !stdin_is_tty() {
        return Err(CliError::usage(format!(
            "{question} Refusing without a terminal to ask on; add --yes to confirm."
        )));
    }
    if ask_yes_no(question)? {
        Ok(())
    } else {
        Err(CliError::input("Cancelled; nothing was changed."))
    }
}

/// Asks a y/N question on the terminal (the caller checks there is one).
fn ask_yes_no(question: &str) -> Result<bool, CliError> {
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .take(256)
        .read_line(&mut answer)
        .map_err(|e| CliError::input(format!("Cannot read the answer: {e}.")))?;
    Ok(matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "i" | "igen"
    ))
}

/// Opens the vault, creating it (with a device key) on first use. Never creates over
/// anything that exists.
pub(crate) fn open(args: &VaultArgs) -> Result<Vault, CliError> {
    open_or_create(args).map(|(v, _)| v)
}

/// [`open`], also telling whether the vault was created just now.
fn open_or_create(args: &VaultArgs) -> Result<(Vault, bool), CliError> {
    let path = vault_path(args)?;
    let keys = key_store()?;
    if !Vault::exists(&path).map_err(vault_error)? {
        if args.passphrase || args.recovery {
            return Err(CliError::input(format!(
                "There is no vault at {}.",
                path.display()
            )));
        }
        keys.check()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::private_file::create_private_dir(dir)?;
        }
        match Vault::create(&path, &keys, now_ms()) {
            Ok(v) => {
                eprintln!(
                    "kulcs: created a new vault at {} (device key: {})",
                    path.display(),
                    keys.describe()
                );
                return Ok((v, true));
            }
            // Another kulcs process created it a moment ago: open theirs.
            Err(VaultError::AlreadyExists { .. }) => {}
            Err(e) => return Err(vault_error(e)),
        }
    }
    let secret;
    let unlock = if args.passphrase {
        secret = read_secret("Passphrase: ")?;
        Unlock::Passphrase(&secret)
    } else if args.recovery {
        secret = read_secret("Recovery code: ")?;
        Unlock::Recovery(&secret)
    } else {
        keys.check()?;
        Unlock::Device(&keys)
    };
    let (v, report) = Vault::open(&path, unlock).map_err(|e| match e {
        VaultError::KeyStore(k) => CliError::input(format!(
            "{} (run with --passphrase or --recovery if the vault has one).",
            sentence(k).trim_end_matches('.')
        )),
        VaultError::NoSlotOfKind { kind: SlotKind::Device } => CliError::input(
            "This vault has no device key for this computer; open it with --passphrase or --recovery.",
        ),
        other => vault_error(other),
    })?;
    for w in &report.warnings {
        eprintln!("kulcs: warning: {w}");
    }
    Ok((v, false))
}

fn save(v: &mut Vault) -> Result<(), CliError> {
    v.save().map_err(|e| {
        CliError::input(format!(
            "{} The vault on disk was left as it was.",
            sentence(e)
        ))
    })
}

/// The shortest prefix (at least 8 characters) that identifies each account.
fn short_ids(accounts: &[Account]) -> Vec<String> {
    let ids: Vec<String> = accounts.iter().map(|a| a.id.to_string()).collect();
    ids.iter()
        .map(|id| {
            let mut n = 8;
            while n < id.len() && ids.iter().filter(|o| o.starts_with(&id[..n])).count() > 1 {
                n += 1;
            }
            id[..n].to_string()
        })
        .collect()
}

fn short_id(v: &Vault, id: kulcs_core::account::AccountId) -> String {
    let pos = v.accounts().iter().position(|a| a.id == id);
    match pos {
        Some(p) => short_ids(v.accounts())[p].clone(),
        None => id.to_string(),
    }
}

fn name_of(v: &Vault, id: kulcs_core::account::AccountId) -> String {
    v.account(id)
        .map(|a| display::name(&a.credential))
        .unwrap_or_else(|| id.to_string())
}

fn resolve(v: &Vault, id: &str) -> Result<kulcs_core::account::AccountId, CliError> {
    v.resolve(id).map_err(vault_error)
}

fn add(args: &VaultArgs, a: AddArgs) -> Result<(), CliError> {
    secret_input::at_most_one_stdin(&[
        ("--key", a.key.as_deref()),
        ("--uri", a.uri.as_deref()),
        ("--note", a.note.as_deref()),
    ])?;
    // Parse everything before touching the vault.
    let mut creds: Vec<Credential> = if let Some(uri) = &a.uri {
        let uri = secret_input::value_or_stdin(uri, "otpauth:// URI: ")?;
        code_cmd::credentials(&Source::Uri(&uri))?
    } else if let Some(qr) = &a.qr {
        code_cmd::credentials(&Source::Qr(qr))?
    } else if let Some(key) = &a.key {
        let typed;
        let key: &str = if key == "-" {
            typed = read_secret("Setup key: ")?;
            &typed
        } else {
            key
        };
        let mut c = code_cmd::credentials(&Source::Key {
            key,
            digits: a.digits,
            period: a.period,
            algorithm: &a.algorithm,
        })?;
        if let Some(user) = &a.ugyfelkapu {
            if user.trim().is_empty() {
                return Err(CliError::usage(
                    "--ugyfelkapu needs the Ügyfélkapu+ username.",
                ));
            }
            let secret = c.remove(0).secret;
            vec![Credential::ugyfelkapu(user, secret)]
        } else {
            let label = a
                .label
                .clone()
                .ok_or_else(|| CliError::usage("--key needs --label (or --ugyfelkapu USER)."))?;
            c[0].label = label.trim().to_string();
            c[0].issuer = a.issuer.clone().unwrap_or_default().trim().to_string();
            c
        }
    } else {
        return Err(CliError::usage("Give --qr, --uri or --key."));
    };
    // Read a piped or typed note before the vault (and its lock) is held.
    let note = a
        .note
        .as_deref()
        .map(secret_input::note_or_stdin)
        .transpose()?;
    let (mut v, created) = open_or_create(args)?;
    let mut changed = false;
    let mut shown = Vec::new();
    for c in creds.drain(..) {
        let name = display::name(&c);
        let short = c.secret.is_short();
        let outcome = v.add(c, now_ms()).map_err(vault_error)?;
        match &outcome {
            AddOutcome::Added(id) => {
                changed = true;
                println!("Added {name} as {}.", short_id(&v, *id));
            }
            AddOutcome::AlreadyPresent(id) => {
                let existing = name_of(&v, *id);
                let under = if existing == name {
                    String::new()
                } else {
                    format!(" under the name {existing}")
                };
                println!(
                    "{name}: this key is already in the vault as {}{under}; nothing added.",
                    short_id(&v, *id)
                );
            }
            AddOutcome::AddedWithConflict { id, conflicts_with } => {
                changed = true;
                println!("Added {name} as {}.", short_id(&v, *id));
                let others: Vec<String> = conflicts_with.iter().map(|c| short_id(&v, *c)).collect();
                eprintln!(
                    "kulcs: warning: {} other entr{} with the same issuer and label but a different key: {}. \
                     Only one of them is live; `kulcs verify CODE` tells which one a site accepts, see `kulcs duplicates`.",
                    others.len(),
                    if others.len() == 1 { "y" } else { "ies" },
                    others.join(", ")
                );
            }
        }
        let (AddOutcome::Added(id)
        | AddOutcome::AlreadyPresent(id)
        | AddOutcome::AddedWithConflict { id, .. }) = &outcome;
        shown.push(*id);
        if short && !matches!(outcome, AddOutcome::AlreadyPresent(_)) {
            eprintln!(
                "kulcs: note: the key of {name} is shorter than 80 bits; it works, but is weak."
            );
        }
        if let (Some(note), AddOutcome::Added(id) | AddOutcome::AddedWithConflict { id, .. }) =
            (&note, &outcome)
        {
            v.set_note(*id, Some(note.as_str()), now_ms())
                .map_err(vault_error)?;
        }
    }
    if changed {
        save(&mut v)?;
    }
    // Show the live code at once, so the user can finish the enrolment page's confirmation step.
    let unix = clock::system_unix();
    for id in shown {
        if let (Some(a), Ok(w)) = (v.account(id), v.code_window(id, unix)) {
            println!("{}", display::human_line(&a.credential, &w, 0));
        }
    }
    drop(v);
    if created {
        first_use(args)?;
    }
    Ok(())
}

/// Just after a new vault was created: on a terminal, offers to set a passphrase and make a
/// recovery code (the vault is not locked while the user answers); without one, prints one line
/// of advice and never waits.
fn first_use(args: &VaultArgs) -> Result<(), CliError> {
    let advice =
        "kulcs: this vault opens only with this computer's device key; run `kulcs passwd` \
                  and `kulcs recovery` so a lost key or a new computer cannot lock you out.";
    if !stdin_is_tty() {
        eprintln!("{advice}");
        return Ok(());
    }
    if !ask_yes_no(
        "This vault opens only with this computer's key. Set a passphrase and create a recovery code now?",
    )? {
        eprintln!("{advice}");
        return Ok(());
    }
    let new = read_secret("New passphrase: ")?;
    let again = read_secret("Repeat it: ")?;
    if *again != *new {
        eprintln!(
            "kulcs: the two passphrases differ; nothing was set. {}",
            &advice[7..]
        );
        return Ok(());
    }
    eprintln!("kulcs: deriving the key (Argon2id, 64 MiB)…");
    let mut v = open(args)?;
    if let Err(e) = v.change_passphrase(&new) {
        eprintln!("kulcs: no passphrase was set: {}", sentence(e));
        return Ok(());
    }
    let code = v.add_recovery().map_err(vault_error)?;
    save(&mut v)?;
    drop(v);
    println!(
        "Passphrase set. Recovery code (shown only now; write it down and keep it somewhere safe):"
    );
    println!();
    println!("    {}", code.to_display().as_str());
    println!();
    Ok(())
}

/// `kulcs status`: where the vault and the device key are, without opening the vault.
fn status(args: &VaultArgs) -> Result<(), CliError> {
    let path = vault_path(args)?;
    let exists = Vault::exists(&path).map_err(vault_error)?;
    println!(
        "vault:      {}{}",
        path.display(),
        if exists { "" } else { " (not created yet)" }
    );
    let keys = key_store()?;
    println!("device key: {}", keys.describe());
    if let Err(e) = keys.check() {
        println!("problem:    {}", e.message);
    }
    Ok(())
}

fn list(args: &VaultArgs, json: bool) -> Result<(), CliError> {
    let v = open(args)?;
    let ids = short_ids(v.accounts());
    if json {
        let items: Vec<serde_json::Value> = v
            .accounts()
            .iter()
            .map(|a| {
                serde_json::json!({
                    "id": a.id.to_string(),
                    "issuer": a.credential.issuer,
                    "label": a.credential.label,
                    "type": a.credential.params.kind.as_str(),
                    "algorithm": a.credential.params.algorithm.as_str(),
                    "digits": a.credential.params.digits,
                    "period": a.credential.params.period,
                    "groups": a.groups,
                    "has_note": a.note.is_some(),
                })
            })
            .collect();
        println!("{}", display::safe_json(&serde_json::Value::Array(items)));
        return Ok(());
    }
    if v.accounts().is_empty() {
        println!("The vault is empty. Add an account with `kulcs add --qr IMAGE` or `kulcs add --key KEY --label NAME`.");
        return Ok(());
    }
    let iw = v
        .accounts()
        .iter()
        .map(|a| display::safe(&a.credential.issuer).chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    let lw = v
        .accounts()
        .iter()
        .map(|a| display::safe(&a.credential.label).chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let idw = ids.iter().map(|i| i.len()).max().unwrap_or(8);
    println!(
        "{:<idw$}  {:<iw$}  {:<lw$}  TYPE   GROUPS",
        "ID", "ISSUER", "LABEL"
    );
    for (a, id) in v.accounts().iter().zip(&ids) {
        let note = if a.note.is_some() { "  [note]" } else { "" };
        println!(
            "{id:<idw$}  {:<iw$}  {:<lw$}  {:<5}  {}{note}",
            display::safe(&a.credential.issuer),
            display::safe(&a.credential.label),
            a.credential.params.kind.as_str(),
            display::safe(&a.groups.join(", "))
        );
    }
    Ok(())
}

fn codes(args: &VaultArgs, json: bool, watch: bool, at: Option<i64>) -> Result<(), CliError> {
    let v = open(args)?;
    if json && !watch {
        // Like `kulcs code --json`, plus each account's id for scripts.
        let unix = clock::effective_time(at, v.clock_offset())?;
        let mut entries = Vec::with_capacity(v.accounts().len());
        for a in v.accounts() {
            let w = a.credential.code_window(unix).map_err(|e| {
                CliError::input(format!("{}: {}", display::name(&a.credential), sentence(e)))
            })?;
            let mut e = display::json_entry(&a.credential, &w, unix);
            e["id"] = serde_json::Value::String(a.id.to_string());
            entries.push(e);
        }
        println!("{}", display::safe_json(&serde_json::Value::Array(entries)));
        return Ok(());
    }
    let creds: Vec<Credential> = v.accounts().iter().map(|a| a.credential.clone()).collect();
    let view = ViewOptions {
        at,
        offset: v.clock_offset(),
        watch,
        json,
    };
    // Release the vault (and its lock) before a long-running watch.
    drop(v);
    if creds.is_empty() && !json {
        println!("The vault is empty.");
        return Ok(());
    }
    display::show_codes(&creds, &view)
}

fn show(args: &VaultArgs, id: &str, secret: bool) -> Result<(), CliError> {
    let v = open(args)?;
    let id = resolve(&v, id)?;
    let a = v
        .account(id)
        .ok_or_else(|| CliError::input("No such account."))?;
    let p = &a.credential.params;
    println!("id:        {}", a.id);
    println!("issuer:    {}", display::safe(&a.credential.issuer));
    println!("label:     {}", display::safe(&a.credential.label));
    match p.kind {
        kulcs_core::otp::OtpKind::Hotp => println!(
            "type:      hotp, {}, {} digits, counter {}",
            p.algorithm, p.digits, p.counter
        ),
        kind => println!(
            "type:      {}, {}, {} digits, {} s",
            kind.as_str(),
            p.algorithm,
            p.digits,
            p.period
        ),
    }
    println!("key size:  {} bits", a.credential.secret.bits());
    if !a.groups.is_empty() {
        println!("groups:    {}", display::safe(&a.groups.join(", ")));
    }
    println!(
        "note:      {}",
        if a.note.is_some() {
            "yes (kulcs note ID shows it)"
        } else {
            "no"
        }
    );
    println!("added:     {}", format_ms(a.created.wall_ms));
    println!("changed:   {}", format_ms(a.updated.wall_ms));
    if secret {
        println!(
            "setup key: {}",
            a.credential.secret.to_base32_grouped().as_str()
        );
        let uri = Zeroizing::new(otpauth::format(&a.credential));
        let code = qrcode::QrCode::new(uri.as_bytes())
            .map_err(|e| CliError::input(format!("Cannot draw the QR code: {e}.")))?;
        let art = code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build();
        println!("{art}");
        eprintln!("kulcs: anyone who sees this key or QR code can make your codes; clear the screen when done.");
    }
    Ok(())
}

fn verify(args: &VaultArgs, code: &str, at: Option<i64>) -> Result<(), CliError> {
    let v = open(args)?;
    let unix = at.unwrap_or_else(clock::system_unix);
    let matches = v.verify(code, unix);
    if matches.is_empty() {
        return Err(CliError::input(format!(
            "No account produces {} now or one step before or after.",
            code.trim()
        )));
    }
    for m in &matches {
        let when = match m.step_offset {
            0 => "the current code".to_string(),
            -1 => "the previous code".to_string(),
            1 => "the next code".to_string(),
            n if n > 0 => format!("the code {n} steps ahead"),
            n => format!("the code {} steps back", -n),
        };
        println!("{}: {} of {}", short_id(&v, m.id), when, name_of(&v, m.id));
    }
    if matches.len() > 1 {
        eprintln!(
            "kulcs: warning: several accounts produce this code; they probably hold the same key."
        );
    }
    Ok(())
}

fn duplicates(args: &VaultArgs) -> Result<(), CliError> {
    let v = open(args)?;
    let groups = v.duplicates();
    if groups.is_empty() {
        println!("No duplicates: every issuer and label appears once.");
        return Ok(());
    }
    for g in &groups {
        println!(
            "{} ({}): {} entries",
            display::safe(&g.issuer),
            display::safe(&g.label),
            g.accounts.len()
        );
        for id in &g.accounts {
            let a = v.account(*id);
            let created = a.map(|a| a.created.wall_ms).unwrap_or(0);
            let newest = if *id == g.newest {
                "  newest (usually the live key)"
            } else {
                ""
            };
            println!(
                "  {}  added {}{newest}",
                short_id(&v, *id),
                format_ms(created)
            );
        }
    }
    println!("Type a code the site accepts with `kulcs verify CODE` to see which entry is live; remove the dead one with `kulcs rm ID`.");
    Ok(())
}

/// `YYYY-MM-DD HH:MM UTC` from Unix milliseconds (civil-from-days, no time zone database).
fn format_ms(ms: u64) -> String {
    let secs = (ms / 1000) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

fn passwd(args: &VaultArgs, yes: bool) -> Result<(), CliError> {
    let mut v = open(args)?;
    if v.has_slot(SlotKind::Passphrase) {
        confirm("Replace the vault passphrase?", yes)?;
    }
    let new = read_secret("New passphrase: ")?;
    if stdin_is_tty() {
        let again = read_secret("Repeat it: ")?;
        if *again != *new {
            return Err(CliError::input(
                "The two passphrases differ; nothing was changed.",
            ));
        }
    }
    eprintln!("kulcs: deriving the key (Argon2id, 64 MiB)…");
    v.change_passphrase(&new).map_err(vault_error)?;
    save(&mut v)?;
    println!("Passphrase set. Open the vault with it using `kulcs --passphrase …`.");
    Ok(())
}

fn recovery(args: &VaultArgs, yes: bool) -> Result<(), CliError> {
    let mut v = open(args)?;
    if v.has_slot(SlotKind::Recovery) {
        confirm(
            "Replace the recovery code? The old one will stop working.",
            yes,
        )?;
    }
    let code = v.add_recovery().map_err(vault_error)?;
    save(&mut v)?;
    println!("Recovery code (shown only now; write it down and keep it somewhere safe):");
    println!();
    println!("    {}", code.to_display().as_str());
    println!();
    println!("Open the vault with it using `kulcs --recovery …` if this computer's key is lost.");
    Ok(())
}

/// Runs a vault command.
pub fn run(cmd: VaultCommand, args: &VaultArgs) -> Result<(), CliError> {
    match cmd {
        VaultCommand::Add(a) => add(args, a),
        VaultCommand::List { json } => list(args, json),
        VaultCommand::Codes { json, watch, at } => codes(args, json, watch, at),
        VaultCommand::Rename { id, issuer, label } => {
            if issuer.is_none() && label.is_none() {
                return Err(CliError::usage("Give --issuer and/or --label."));
            }
            let mut v = open(args)?;
            let id = resolve(&v, &id)?;
            let a = v
                .account(id)
                .ok_or_else(|| CliError::input("No such account."))?;
            let issuer = issuer.unwrap_or_else(|| a.credential.issuer.clone());
            let label = label.unwrap_or_else(|| a.credential.label.clone());
            v.rename(id, &issuer, &label, now_ms())
                .map_err(vault_error)?;
            save(&mut v)?;
            println!("Renamed {} to {}.", short_id(&v, id), name_of(&v, id));
            Ok(())
        }
        VaultCommand::Rm { id, yes } => {
            let mut v = open(args)?;
            let id = resolve(&v, &id)?;
            let name = name_of(&v, id);
            confirm(
                &format!(
                    "Delete {name} ({})? Its codes cannot be recovered unless you enrol again.",
                    short_id(&v, id)
                ),
                yes,
            )?;
            v.remove(id, now_ms()).map_err(vault_error)?;
            save(&mut v)?;
            println!("Deleted {name}.");
            Ok(())
        }
        VaultCommand::Note {
            id,
            text,
            clear,
            yes,
        } => {
            let mut v = open(args)?;
            let id = resolve(&v, &id)?;
            let has_note = v.account(id).is_some_and(|a| a.note.is_some());
            if text.as_deref() == Some(secret_input::STDIN_ARG) {
                // Do not keep the vault locked while the note is typed.
                drop(v);
                let note = secret_input::read_note()?;
                v = open(args)?;
                if has_note {
                    confirm("Replace the existing note?", yes)?;
                }
                v.set_note(id, Some(note.as_str()), now_ms())
                    .map_err(vault_error)?;
                save(&mut v)?;
                println!("Note saved for {}.", name_of(&v, id));
                return Ok(());
            }
            match (text, clear) {
                (None, false) => {
                    match v.account(id).and_then(|a| a.note.as_ref()) {
                        Some(n) => println!("{}", display::safe_text(n.expose())),
                        None => println!("{} has no note.", name_of(&v, id)),
                    }
                    return Ok(());
                }
                (Some(t), _) => {
                    if has_note {
                        confirm("Replace the existing note?", yes)?;
                    }
                    v.set_note(id, Some(&t), now_ms()).map_err(vault_error)?;
                }
                (None, true) => {
                    if !has_note {
                        println!("{} has no note.", name_of(&v, id));
                        return Ok(());
                    }
                    confirm("Delete the note?", yes)?;
                    v.set_note(id, None, now_ms()).map_err(vault_error)?;
                }
            }
            save(&mut v)?;
            println!("Note saved for {}.", name_of(&v, id));
            Ok(())
        }
        VaultCommand::Show { id, secret } => show(args, &id, secret),
        VaultCommand::Groups { id, names, clear } => {
            let mut v = open(args)?;
            let id = resolve(&v, &id)?;
            if names.is_empty() && !clear {
                for g in v.account(id).map(|a| a.groups.clone()).unwrap_or_default() {
                    println!("{}", display::safe(&g));
                }
                return Ok(());
            }
            v.set_groups(id, &names, now_ms()).map_err(vault_error)?;
            save(&mut v)?;
            let now = v
                .account(id)
                .map(|a| display::safe(&a.groups.join(", ")).into_owned())
                .unwrap_or_default();
            println!(
                "Groups of {}: {}",
                name_of(&v, id),
                if now.is_empty() { "(none)" } else { &now }
            );
            Ok(())
        }
        VaultCommand::Verify { code, at } => verify(args, &code, at),
        VaultCommand::Next { id } => {
            let mut v = open(args)?;
            let id = resolve(&v, &id)?;
            if v.account(id).map(|a| a.credential.params.kind)
                != Some(kulcs_core::otp::OtpKind::Hotp)
            {
                return Err(CliError::input(format!(
                    "{} is not a counter-based (HOTP) account.",
                    name_of(&v, id)
                )));
            }
            let counter = v.advance_counter(id, now_ms()).map_err(vault_error)?;
            save(&mut v)?;
            let w = v
                .code_window(id, clock::system_unix())
                .map_err(vault_error)?;
            println!("{}  (counter {counter})", w.code.as_str());
            Ok(())
        }
        VaultCommand::Duplicates => duplicates(args),
        VaultCommand::Offset { seconds } => {
            let mut v = open(args)?;
            match seconds {
                None => println!("{}", v.clock_offset()),
                Some(s) => {
                    v.set_clock_offset(s).map_err(vault_error)?;
                    save(&mut v)?;
                    println!("Clock offset set to {s} s.");
                }
            }
            Ok(())
        }
        VaultCommand::Passwd { yes } => passwd(args, yes),
        VaultCommand::Recovery { yes } => recovery(args, yes),
        VaultCommand::Status => status(args),
        VaultCommand::Device { yes } => {
            let mut v = open(args)?;
            if v.has_slot(SlotKind::Device) {
                confirm("Replace the device key slot? The vault will open with this computer's key only.", yes)?;
            }
            let keys = key_store()?;
            keys.check()?;
            v.add_device(&keys).map_err(vault_error)?;
            save(&mut v)?;
            println!(
                "This computer's key ({}) now opens the vault.",
                keys.describe()
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::format_ms;

    #[test]
    fn dates() {
        assert_eq!(format_ms(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_ms(1_763_700_000_000), "2025-11-21 04:40 UTC");
        assert_eq!(format_ms(951_782_400_000), "2000-02-29 00:00 UTC");
    }
}
