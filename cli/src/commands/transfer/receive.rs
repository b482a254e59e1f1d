//! `kulcs transfer receive` on the new device: the offer, the confirmation code, then the frames,
//! each step a separate run with the session sealed beside the vault in between.

use kulcs_core::bundle;
use kulcs_core::exchange::{import_and_join, ImportError};
use kulcs_core::transfer::{Receiver, TransferError};

use super::{show_qr, transfer_error, write_png, RECEIVE_KEY_ID};
use crate::args::ReceiveArgs;
use crate::clock;
use crate::context::{save, Context};
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::input::{qr_file_texts, stdin_is_tty};
use crate::prompt::ask_yes_no;

/// Runs `transfer receive` (the new device).
pub fn run(a: ReceiveArgs, v: &Context<'_>) -> Result<(), CliError> {
    let now = clock::system_unix();
    if let Some(out) = &a.offer_out {
        // The vault is created here if this is a new device, so the key store exists.
        let vault = v.open()?;
        let now = vault.corrected_unix(now).unwrap_or(now);
        drop(vault);
        let receiver = Receiver::new(now, a.minutes * 60, &ring::rand::SystemRandom::new())
            .map_err(transfer_error)?;
        v.write_sealed(".transfer-receive", RECEIVE_KEY_ID, &receiver.save())?;
        let text = receiver.offer().to_text();
        write_png(out, &text)?;
        show_qr(&text, out);
        println!(
            "{}",
            t(
                "receive-offer-written",
                &[
                    ("path", &out.display().to_string()),
                    ("minutes", &a.minutes.to_string())
                ]
            )
        );
        println!("{}", t("receive-offer-next", &[]));
        return Ok(());
    }
    let state = v
        .read_sealed(".transfer-receive", RECEIVE_KEY_ID)?
        .ok_or_else(|| CliError::input(t("receive-none", &[])))?;
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
        eprintln!("{}", t("receive-code-next", &[]));
        return Ok(());
    }
    if a.frames.is_empty() {
        return Err(CliError::usage(t("receive-what", &[])));
    }
    let mut vault = v.open()?;
    let now = vault.corrected_unix(now).unwrap_or(now);
    let mut problems = Vec::new();
    for path in &a.frames {
        let texts = match qr_file_texts(path) {
            Ok(texts) => texts,
            Err(e) => {
                problems.push(e.message);
                continue;
            }
        };
        for text in texts {
            match receiver.accept(&text, now) {
                Ok(p) => println!(
                    "{}",
                    t(
                        if p.was_new {
                            "receive-frame"
                        } else {
                            "receive-frame-again"
                        },
                        &[
                            ("path", &path.display().to_string()),
                            ("progress", &p.to_string())
                        ]
                    )
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
        eprintln!("kulcs: {}", crate::output::safe_text(p));
    }
    let progress = receiver.progress();
    if !progress.is_complete() {
        println!(
            "{}",
            t("receive-progress", &[("progress", &progress.to_string())])
        );
        return if problems.is_empty() {
            Ok(())
        } else {
            Err(CliError::input(t("receive-bad-frames", &[])))
        };
    }
    let payload = receiver.payload().map_err(transfer_error)?;
    let received = bundle::decode(&payload).map_err(|e| CliError::input(sentence(e)))?;
    if received.sync.is_some() {
        // Moves an older side-file membership into the vault first.
        v.sync_state(&mut vault)?;
    }
    let name = a
        .name
        .clone()
        .unwrap_or_else(crate::commands::devices::host_name);
    let now = clock::now_ms();
    let rng = ring::rand::SystemRandom::new();
    // Core refuses an invitation that would replace this device's group before it imports
    // anything; the user is asked, and with a yes the same import runs again, replacing it.
    // The accounts and the membership are saved together, in one vault write.
    let report = match import_and_join(&mut vault, &received, a.yes, &name, now, &rng) {
        Err(ImportError::Transfer(TransferError::ReplacesSyncGroup))
            if ask_replace_sync_group()? =>
        {
            import_and_join(&mut vault, &received, true, &name, now, &rng)
        }
        result => result,
    }
    .map_err(|e| match e {
        ImportError::Transfer(e) => {
            CliError::input(t("receive-refused", &[("error", &sentence(e))]))
        }
        e => CliError::input(sentence(e)),
    })?;
    save(&mut vault)?;
    v.remove_side(".transfer-receive");
    let args = [
        ("added", report.added.to_string()),
        ("present", report.already_present.to_string()),
        ("conflicts", report.conflicts.to_string()),
    ];
    let done = if report.conflicts > 0 {
        "receive-done-conflicts"
    } else {
        "receive-done"
    };
    println!("{}", crate::i18n::t_owned(done, &args));
    if report.joined_sync {
        println!("{}", t("receive-joined", &[]));
    }
    Ok(())
}

/// In a terminal, asks whether a sync invitation may replace the current group (default no).
fn ask_replace_sync_group() -> Result<bool, CliError> {
    if !stdin_is_tty() {
        return Ok(false);
    }
    ask_yes_no(&t("receive-replace-group", &[]))
}
