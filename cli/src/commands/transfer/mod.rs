//! `kulcs transfer receive|send`: moving accounts between two devices through QR codes, shown
//! on screen in a terminal and written as PNG files, so it also runs without a terminal.

mod receive;
mod send;

use std::io::IsTerminal;
use std::path::Path;

use kulcs_core::qr_render;
use kulcs_core::transfer;

use crate::args::TransferCommand;
use crate::context::Context;
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::private_file;

const RECEIVE_KEY_ID: &str = "kulcs-transfer-receive-v1";
const SEND_KEY_ID: &str = "kulcs-transfer-send-v1";

fn transfer_error(e: transfer::TransferError) -> CliError {
    CliError::input(sentence(e))
}

/// Runs `kulcs transfer …`.
pub fn run(cmd: TransferCommand, ctx: &Context<'_>) -> Result<(), CliError> {
    match cmd {
        TransferCommand::Receive(a) => receive::run(a, ctx),
        TransferCommand::Send(a) => send::run(a, ctx),
    }
}

/// Draws `text` as a QR code when standard output is a terminal it fits in. When it does
/// not fit, says so and names `png`, where the same code is (written by the caller). Returns
/// whether it was drawn.
fn show_qr(text: &str, png: &Path) -> bool {
    if !std::io::stdout().is_terminal() {
        return false;
    }
    let Ok(drawing) = qr_render::terminal(text) else {
        return false;
    };
    match crate::output::fits_terminal(&drawing, 2) {
        Ok(()) => {
            println!("{drawing}");
            true
        }
        Err(too_big) => {
            let then = t("qr-too-big-png", &[("path", &png.display().to_string())]);
            println!("{}", too_big.message(&then));
            false
        }
    }
}

fn write_png(path: &Path, text: &str) -> Result<(), CliError> {
    let png = qr_render::png(text).map_err(|e| CliError::input(sentence(e)))?;
    Ok(private_file::write_private(path, &png)?)
}
