//! `kulcs transfer send` on the old device: scans the offer, checks the typed code against the
//! vault's code ledger, and shows or writes the frames (optionally with a sync invitation).

use std::io::{BufRead, IsTerminal, Write};

use kulcs_core::bundle;
use kulcs_core::exchange::{bundle_from_vault, sync_invite_for_new_device, VaultLedger};
use kulcs_core::transfer::{self, CodeLedger, PendingSend};

use super::{show_qr, transfer_error, write_png, SEND_KEY_ID};
use crate::args::SendArgs;
use crate::clock;
use crate::context::{save, Context};
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::input::qr_file_texts;
use crate::private_file::{self, SIDE_FILE_CAP};

/// Moves the entries of the former `<vault>.transfer-codes` ledger file into the vault's own
/// ledger, then deletes the file. A file that exists but cannot be read refuses the send: an
/// unreadable ledger is never treated as empty.
fn migrate_ledger_file(
    v: &Context<'_>,
    vault: &mut kulcs_core::vault::Vault,
) -> Result<(), CliError> {
    let path = v.side_path(".transfer-codes")?;
    let refuse = |why: String| {
        CliError::input(t(
            "send-ledger-unreadable",
            &[("path", &path.display().to_string()), ("why", &why)],
        ))
    };
    let bytes = match private_file::read_capped_opt(&path, SIDE_FILE_CAP) {
        Ok(Some(b)) => b,
        Ok(None) => return Ok(()),
        Err(e) if crate::i18n::is_hungarian() => return Err(refuse(sentence(&e))),
        Err(e) => return Err(refuse(e.to_string())),
    };
    let old =
        CodeLedger::from_legacy_bytes(&bytes).map_err(|_| refuse(t("send-ledger-damaged", &[])))?;
    let mut ledger = vault.contents().transfer_codes.clone();
    ledger.merge(&old);
    vault.contents_mut().transfer_codes = ledger;
    save(vault)?;
    std::fs::remove_file(&path).map_err(|e| {
        CliError::input(t(
            "send-remove-failed",
            &[
                ("path", &path.display().to_string()),
                ("error", &e.to_string()),
            ],
        ))
    })
}

fn read_code_interactively() -> Result<String, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(t("send-offer-next", &[])));
    }
    eprint!("{}", t("send-code-prompt", &[]));
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::input(t("send-code-unreadable", &[("error", &e.to_string())])))?;
    Ok(line)
}

/// Runs `transfer send` (the old device).
pub fn run(a: SendArgs, v: &Context<'_>) -> Result<(), CliError> {
    let mut vault = v.open_existing()?;
    let now = vault
        .corrected_unix(clock::system_unix())
        .unwrap_or_else(|_| clock::system_unix());
    let rng = ring::rand::SystemRandom::new();
    migrate_ledger_file(v, &mut vault)?;
    let pending = if let Some(offer) = &a.offer {
        let texts = qr_file_texts(offer)?;
        let text = texts
            .iter()
            .find(|t| t.starts_with(transfer::OFFER_PREFIX))
            .or(texts.first())
            .ok_or_else(|| CliError::input(t("send-no-offer", &[])))?;
        let p = PendingSend::scan(text, now).map_err(transfer_error)?;
        v.write_sealed(".transfer-send", SEND_KEY_ID, &p.save())?;
        p
    } else {
        let s = v
            .read_sealed(".transfer-send", SEND_KEY_ID)?
            .ok_or_else(|| CliError::usage(t("send-scan-first", &[])))?;
        PendingSend::restore(&s).map_err(transfer_error)?
    };
    let code = match &a.confirm {
        Some(c) => c.clone(),
        None => {
            if a.offer.is_some() && !std::io::stdin().is_terminal() {
                println!("{}", t("send-offer-scanned", &[]));
                println!("  {}", t("send-confirm-command", &[]));
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
    let invite = if a.sync {
        // Moves an older side-file membership into the vault first.
        v.sync_state(&mut vault)?;
        let name = a
            .name
            .clone()
            .unwrap_or_else(crate::commands::devices::host_name);
        // The new device is added to the member list now; its keys travel in the frames.
        let invite = sync_invite_for_new_device(&mut vault, &name, clock::now_ms(), &rng)
            .map_err(|e| CliError::input(sentence(e)))?;
        save(&mut vault)?;
        Some(invite)
    } else {
        None
    };
    let with_invite = invite.is_some();
    let b = bundle_from_vault(&vault, selection.as_deref(), invite);
    let payload = bundle::encode(&b);
    let frames = confirmed
        .frames(&payload, a.frame_chars)
        .map_err(transfer_error)?;
    let n = frames.len();
    // On a terminal too small for the frames, they are written as images beside the vault
    // (they are encrypted for the receiving device) unless --frames-out names a folder.
    let too_big = std::io::stdout().is_terminal()
        && frames.iter().any(|f| {
            kulcs_core::qr_render::terminal(f)
                .is_ok_and(|d| crate::output::fits_terminal(&d, 2).is_err())
        });
    let frames_dir = match (&a.frames_out, too_big) {
        (Some(dir), _) => Some(dir.clone()),
        (None, true) => Some(v.side_path(".frames")?),
        (None, false) => None,
    };
    let frame_png =
        |dir: &std::path::Path, i: usize| dir.join(format!("frame-{}-of-{n}.png", i + 1));
    if let Some(dir) = &frames_dir {
        private_file::create_private_dir(dir)?;
        for (i, f) in frames.iter().enumerate() {
            let p = frame_png(dir, i);
            write_png(&p, f)?;
            println!("{}", p.display());
        }
    }
    if std::io::stdout().is_terminal() {
        for (i, f) in frames.iter().enumerate() {
            let args = [("n", (i + 1).to_string()), ("of", n.to_string())];
            println!("{}", crate::i18n::t_owned("send-frame", &args));
            let png = frames_dir
                .as_deref()
                .map(|d| frame_png(d, i))
                .unwrap_or_default();
            show_qr(f, &png);
            if i + 1 < n && std::io::stdin().is_terminal() {
                eprint!("{}", t("send-next-frame", &[]));
                let mut l = String::new();
                let _ = std::io::stdin().lock().read_line(&mut l);
            }
        }
    }
    let args = [
        ("accounts", b.accounts.len().to_string()),
        ("frames", n.to_string()),
    ];
    let done = if with_invite {
        "send-done-invite"
    } else {
        "send-done"
    };
    eprintln!("{}", crate::i18n::t_owned(done, &args));
    let _ = save(&mut vault);
    Ok(())
}
