//! `kulcs transfer receive|send`: moving accounts between two devices through QR codes, shown
//! on screen in a terminal and written as PNG files, so it also runs without a terminal. Also
//! owns the vault location and opening helpers the transfer, sync and import commands share.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use kulcs_core::bundle;
use kulcs_core::exchange::{
    bundle_from_vault, import_into_vault, sync_join, SyncJoin, VaultLedger,
};
use kulcs_core::qr_render;
use kulcs_core::sync::{SyncGroup, SyncState};
use kulcs_core::transfer::{
    self, CodeLedger, PendingSend, Receiver, TransferError, DEFAULT_FRAME_CHARS,
    DEFAULT_OFFER_LIFETIME_SECS,
};
use kulcs_core::vault::{KeyStore, Vault};

use crate::vault_cmd::VaultArgs;

use crate::device_keys::DeviceKeys;
use crate::error::{sentence, CliError};
use crate::private_file::{self, IMAGE_CAP, SIDE_FILE_CAP};

const RECEIVE_KEY_ID: &str = "kulcs-transfer-receive-v1";
const SEND_KEY_ID: &str = "kulcs-transfer-send-v1";
const SYNC_KEY_ID: &str = "kulcs-sync-state-v1";

/// The vault options of the command line (`--vault`, `--passphrase`, `--recovery`, shared
/// with the vault commands) plus what transfer and sync keep beside the vault.
#[derive(Clone, Copy)]
pub struct VaultCtx<'a> {
    args: &'a VaultArgs,
}

impl<'a> VaultCtx<'a> {
    /// Wraps the global vault options.
    pub fn new(args: &'a VaultArgs) -> Self {
        VaultCtx { args }
    }

    /// The vault path.
    pub fn vault_path(&self) -> Result<PathBuf, CliError> {
        crate::vault_cmd::vault_path(self.args)
    }

    /// The device key store (also seals the side files).
    pub fn key_store(&self) -> Result<DeviceKeys, CliError> {
        crate::vault_cmd::key_store()
    }

    /// Opens the vault like the vault commands do; with `create == false` a missing vault is an
    /// error instead of being created empty.
    pub fn open(&self, create: bool) -> Result<Vault, CliError> {
        let path = self.vault_path()?;
        if !create && !Vault::exists(&path).map_err(|e| CliError::input(sentence(e)))? {
            return Err(CliError::input(format!(
                "No vault at {}. Receive accounts with `kulcs transfer receive` or import some with `kulcs import`.",
                path.display()
            )));
        }
        crate::vault_cmd::open(self.args)
    }

    /// A file beside the vault: the vault's name plus `suffix`.
    pub fn side_path(&self, suffix: &str) -> Result<PathBuf, CliError> {
        let p = self.vault_path()?;
        let mut name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(suffix);
        Ok(p.with_file_name(name))
    }

    /// Reads a secret side file (session or sync state) sealed with the device key.
    pub fn read_sealed(
        &self,
        suffix: &str,
        key_id: &str,
    ) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, CliError> {
        let path = self.side_path(suffix)?;
        match private_file::read_capped_opt(&path, SIDE_FILE_CAP)? {
            Some(bytes) => self
                .key_store()?
                .unwrap(key_id, &bytes)
                .map(Some)
                .map_err(|e| CliError::input(format!("{}: {}", path.display(), sentence(e)))),
            None => Ok(None),
        }
    }

    /// Writes a secret side file sealed with the device key, crash-safely, readable by the user
    /// only.
    pub fn write_sealed(&self, suffix: &str, key_id: &str, plain: &[u8]) -> Result<(), CliError> {
        let path = self.side_path(suffix)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private_file::create_private_dir(dir)?;
        }
        let sealed = self
            .key_store()?
            .wrap(key_id, plain)
            .map_err(|e| CliError::input(sentence(e)))?;
        Ok(private_file::write_private(&path, &sealed)?)
    }

    /// Deletes a side file if present.
    pub fn remove_side(&self, suffix: &str) {
        if let Ok(p) = self.side_path(suffix) {
            let _ = std::fs::remove_file(p);
        }
    }

    /// The sync membership of this vault, if any.
    pub fn sync_state(&self) -> Result<Option<SyncState>, CliError> {
        match self.read_sealed(".sync", SYNC_KEY_ID)? {
            Some(b) => SyncState::from_bytes(&b)
                .map(Some)
                .map_err(|e| CliError::input(sentence(e))),
            None => Ok(None),
        }
    }

    /// Saves the sync membership.
    pub fn save_sync_state(&self, s: &SyncState) -> Result<(), CliError> {
        self.write_sealed(".sync", SYNC_KEY_ID, &s.to_bytes())
    }
}

/// Unix milliseconds now.
pub fn now_ms() -> u64 {
    crate::clock::system_unix().max(0) as u64 * 1000
        + std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_millis() as u64)
            .unwrap_or(0)
}

/// Saves the vault, turning errors into sentences.
pub fn save(vault: &mut Vault) -> Result<(), CliError> {
    vault.save().map_err(|e| CliError::input(sentence(e)))
}

/// Decodes every QR code in an image file. Files are still images, not camera frames, so the
/// decoder gets a few seconds rather than its live-view budget.
pub fn qr_texts(path: &Path) -> Result<Vec<String>, CliError> {
    let bytes = private_file::read_capped(path, IMAGE_CAP)?;
    let opts = kulcs_core::qr::DecodeOptions {
        budget: std::time::Duration::from_secs(3),
        exhaustive: false,
    };
    match kulcs_core::qr::decode_image_bytes_with(&bytes, &opts) {
        Ok(symbols) => Ok(symbols.into_iter().map(|s| s.text).collect()),
        Err(kulcs_core::qr::QrError::NoQrCode) => Err(CliError::input(format!(
            "No QR code found in {}.",
            path.display()
        ))),
        Err(e) => Err(CliError::input(format!(
            "{}: {}",
            path.display(),
            sentence(e)
        ))),
    }
}

fn transfer_error(e: transfer::TransferError) -> CliError {
    CliError::input(sentence(e))
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
    /// Send only these accounts (id or unique id prefix); default: all.
    #[arg(long = "account", value_name = "ID")]
    pub accounts: Vec<String>,
    /// Characters of QR text per frame (smaller = more, simpler codes).
    #[arg(long, default_value_t = DEFAULT_FRAME_CHARS, hide = true)]
    pub frame_chars: usize,
}

/// Runs `kulcs transfer …`.
pub fn run(cmd: TransferCommand, vault: &VaultArgs) -> Result<(), CliError> {
    let ctx = VaultCtx::new(vault);
    match cmd {
        TransferCommand::Receive(a) => receive(a, ctx),
        TransferCommand::Send(a) => send(a, ctx),
    }
}

fn show_qr(text: &str) {
    if std::io::stdout().is_terminal() {
        if let Ok(t) = qr_render::terminal(text) {
            println!("{t}");
        }
    }
}

fn write_png(path: &Path, text: &str) -> Result<(), CliError> {
    let png = qr_render::png(text).map_err(|e| CliError::input(sentence(e)))?;
    Ok(private_file::write_private(path, &png)?)
}

fn receive(a: ReceiveArgs, v: VaultCtx<'_>) -> Result<(), CliError> {
    let now = crate::clock::system_unix();
    if let Some(out) = &a.offer_out {
        // The vault is created here if this is a new device, so the key store exists.
        let vault = v.open(true)?;
        let now = vault.corrected_unix(now).unwrap_or(now);
        drop(vault);
        let receiver = Receiver::new(now, a.minutes * 60, &ring::rand::SystemRandom::new())
            .map_err(transfer_error)?;
        v.write_sealed(".transfer-receive", RECEIVE_KEY_ID, &receiver.save())?;
        let text = receiver.offer().to_text();
        write_png(out, &text)?;
        show_qr(&text);
        println!(
            "Offer written to {} (valid for {} minutes).",
            out.display(),
            a.minutes
        );
        println!("Scan it with the old device, then run: kulcs transfer receive --show-code");
        return Ok(());
    }
    let state = v
        .read_sealed(".transfer-receive", RECEIVE_KEY_ID)?
        .ok_or_else(|| CliError::input("No transfer in progress. Start one with `kulcs transfer receive --offer-out offer.png`."))?;
    let mut receiver = match Receiver::restore(&state) {
        Ok(r) => r,
        Err(e @ TransferError::OutdatedState) => {
            v.remove_side(".transfer-receive");
            return Err(transfer_error(e));
        }
        Err(e) => return Err(transfer_error(e)),
    };
    if a.show_code {
        // A fresh K every time the code is shown (docs/transfer.md §4); saved before showing.
        let code = receiver
            .reveal_code(&ring::rand::SystemRandom::new())
            .map_err(transfer_error)?;
        v.write_sealed(".transfer-receive", RECEIVE_KEY_ID, &receiver.save())?;
        println!("{}", code.display());
        eprintln!("Type this code on the old device. Then scan its frames: kulcs transfer receive --frames FILE…");
        return Ok(());
    }
    if a.frames.is_empty() {
        return Err(CliError::usage(
            "Give --offer-out PNG, --show-code or --frames IMAGE…",
        ));
    }
    let mut vault = v.open(true)?;
    let now = vault.corrected_unix(now).unwrap_or(now);
    let mut problems = Vec::new();
    for path in &a.frames {
        let texts = match qr_texts(path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(e.message);
                continue;
            }
        };
        for text in texts {
            match receiver.accept(&text, now) {
                Ok(p) => println!(
                    "{}: frame accepted, {p}{}",
                    path.display(),
                    if p.was_new { "" } else { " (already had it)" }
                ),
                Err(e @ (TransferError::Expired { .. } | TransferError::TooManyBadFrames)) => {
                    v.remove_side(".transfer-receive");
                    return Err(transfer_error(e));
                }
                Err(e) => problems.push(format!("{}: {}", path.display(), sentence(e))),
            }
        }
    }
    v.write_sealed(".transfer-receive", RECEIVE_KEY_ID, &receiver.save())?;
    for p in &problems {
        eprintln!("kulcs: {}", crate::display::safe_text(p));
    }
    let progress = receiver.progress();
    if !progress.is_complete() {
        println!(
            "{progress} frames so far; scan the rest with: kulcs transfer receive --frames FILE…"
        );
        return if problems.is_empty() {
            Ok(())
        } else {
            Err(CliError::input("Some frames could not be used."))
        };
    }
    let payload = receiver.payload().map_err(transfer_error)?;
    let received = bundle::decode(&payload).map_err(|e| CliError::input(sentence(e)))?;
    if let Some(invite) = &received.sync {
        let current = v.sync_state()?.map(|s| s.group);
        match sync_join(current.as_ref(), invite, a.yes) {
            Ok(_) => {}
            Err(TransferError::ReplacesSyncGroup) if ask_replace_sync_group()? => {}
            Err(e) => {
                return Err(CliError::input(format!(
                    "{} Nothing was imported; the frames are kept. Run `kulcs transfer receive --frames … --yes` to replace the group.",
                    sentence(e)
                )))
            }
        }
    }
    let report = import_into_vault(&mut vault, &received, now_ms())
        .map_err(|e| CliError::input(sentence(e)))?;
    save(&mut vault)?;
    if let Some(invite) = &received.sync {
        let current = v.sync_state()?.map(|s| s.group);
        let join = sync_join(current.as_ref(), invite, true).map_err(transfer_error)?;
        // Already a member: the existing sync state (versions seen) stays.
        if join != SyncJoin::AlreadyMember {
            let mut state = SyncState::new(SyncGroup::from_invite(invite), vault.device_id());
            state.remember(vault.accounts());
            v.save_sync_state(&state)?;
        }
    }
    v.remove_side(".transfer-receive");
    println!(
        "Transfer complete: {} accounts added, {} already present{}.",
        report.added,
        report.already_present,
        if report.conflicts > 0 {
            format!(
                ", {} with the same name as an existing entry",
                report.conflicts
            )
        } else {
            String::new()
        }
    );
    if report.joined_sync {
        println!("This device joined the sender's sync group; run `kulcs sync DIR` with the shared folder.");
    }
    Ok(())
}

/// In a terminal, asks whether a sync invitation may replace the current group (default no).
fn ask_replace_sync_group() -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    eprint!(
        "This device already belongs to another sync group. Leave it and join the sender's? [y/N] "
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::input(format!("Cannot read the answer: {e}.")))?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes"))
}

/// Moves the entries of the former `<vault>.transfer-codes` ledger file into the vault's own
/// ledger, then deletes the file. A file that exists but cannot be read refuses the send: an
/// unreadable ledger is never treated as empty.
fn migrate_ledger_file(
    v: VaultCtx<'_>,
    vault: &mut kulcs_core::vault::Vault,
) -> Result<(), CliError> {
    let path = v.side_path(".transfer-codes")?;
    let refuse = |why: String| {
        CliError::input(format!(
            "The code ledger {} cannot be read ({why}); refusing to check codes without it. Restore the file, or delete it only if no transfer code was typed on this device in the last week.",
            path.display()
        ))
    };
    let bytes = match private_file::read_capped_opt(&path, SIDE_FILE_CAP) {
        Ok(Some(b)) => b,
        Ok(None) => return Ok(()),
        Err(e) => return Err(refuse(e.to_string())),
    };
    let old = CodeLedger::from_legacy_bytes(&bytes).map_err(|_| refuse("damaged".into()))?;
    let mut ledger = vault.contents().transfer_codes.clone();
    ledger.merge(&old);
    vault.contents_mut().transfer_codes = ledger;
    save(vault)?;
    std::fs::remove_file(&path)
        .map_err(|e| CliError::input(format!("Cannot remove {}: {e}.", path.display())))
}

fn read_code_interactively() -> Result<String, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            "Offer scanned. Now show the code on the new device (`kulcs transfer receive --show-code`) and run: kulcs transfer send --confirm CODE --frames-out DIR",
        ));
    }
    eprint!("Code shown on the new device: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::input(format!("Cannot read the code: {e}.")))?;
    Ok(line)
}

fn send(a: SendArgs, v: VaultCtx<'_>) -> Result<(), CliError> {
    let mut vault = v.open(false)?;
    let now = vault
        .corrected_unix(crate::clock::system_unix())
        .unwrap_or_else(|_| crate::clock::system_unix());
    let rng = ring::rand::SystemRandom::new();
    migrate_ledger_file(v, &mut vault)?;
    let pending = if let Some(offer) = &a.offer {
        let texts = qr_texts(offer)?;
        let text = texts
            .iter()
            .find(|t| t.starts_with(transfer::OFFER_PREFIX))
            .or(texts.first())
            .ok_or_else(|| CliError::input("No QR code in the offer image."))?;
        let p = PendingSend::scan(text, now).map_err(transfer_error)?;
        v.write_sealed(".transfer-send", SEND_KEY_ID, &p.save())?;
        p
    } else {
        let s = v
            .read_sealed(".transfer-send", SEND_KEY_ID)?
            .ok_or_else(|| {
                CliError::usage("Scan the offer first: kulcs transfer send --offer offer.png")
            })?;
        PendingSend::restore(&s).map_err(transfer_error)?
    };
    let code = match &a.confirm {
        Some(c) => c.clone(),
        None => {
            if a.offer.is_some() && !std::io::stdin().is_terminal() {
                println!("Offer scanned. Show the code on the new device (`kulcs transfer receive --show-code`), then run:");
                println!("  kulcs transfer send --confirm CODE --frames-out DIR");
                return Ok(());
            }
            read_code_interactively()?
        }
    };
    // The ledger is inside the vault: K is recorded and the vault saved before any check.
    let confirmed = match pending.confirm(&code, now, &rng, &mut VaultLedger(&mut vault)) {
        Ok(c) => c,
        Err(failed) => {
            v.write_sealed(".transfer-send", SEND_KEY_ID, &failed.pending.save())?;
            return Err(transfer_error(failed.error));
        }
    };
    v.remove_side(".transfer-send");
    let selection = if a.accounts.is_empty() {
        None
    } else {
        let mut ids = Vec::new();
        for s in &a.accounts {
            ids.push(vault.resolve(s).map_err(|e| CliError::input(sentence(e)))?);
        }
        Some(ids)
    };
    let group = if a.sync {
        let state = match v.sync_state()? {
            Some(s) => s,
            None => {
                let mut s = SyncState::new(
                    SyncGroup::generate(&rng).map_err(|e| CliError::input(sentence(e)))?,
                    vault.device_id(),
                );
                s.remember(vault.accounts());
                v.save_sync_state(&s)?;
                s
            }
        };
        Some(state.group)
    } else {
        None
    };
    let b = bundle_from_vault(&vault, selection.as_deref(), group.as_ref());
    let payload = bundle::encode(&b);
    let frames = confirmed
        .frames(&payload, a.frame_chars)
        .map_err(transfer_error)?;
    let n = frames.len();
    if let Some(dir) = &a.frames_out {
        private_file::create_private_dir(dir)?;
        for (i, f) in frames.iter().enumerate() {
            let p = dir.join(format!("frame-{}-of-{n}.png", i + 1));
            write_png(&p, f)?;
            println!("{}", p.display());
        }
    }
    if std::io::stdout().is_terminal() {
        for (i, f) in frames.iter().enumerate() {
            println!("Frame {}/{n}:", i + 1);
            show_qr(f);
            if i + 1 < n && std::io::stdin().is_terminal() {
                eprint!("Press Enter for the next frame…");
                let mut l = String::new();
                let _ = std::io::stdin().lock().read_line(&mut l);
            }
        }
    }
    eprintln!(
        "Code confirmed. {} accounts in {n} frame(s){}.",
        b.accounts.len(),
        if group.is_some() {
            ", with a sync invitation"
        } else {
            ""
        }
    );
    let _ = save(&mut vault);
    Ok(())
}
