//! `code --copy`: the code on the system clipboard, marked sensitive where the platform allows,
//! held by a small background `kulcs` process that clears it after [`CLIPBOARD_CLEAR_SECS`].

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use kulcs_core::screen_rules::CLIPBOARD_CLEAR_SECS;
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::i18n::t;

/// The hidden command the helper process runs.
pub const HOLD_COMMAND: &str = "__clipboard-hold";

/// Puts `code` on the clipboard through a helper process (on X11 and Wayland the clipboard
/// lives only as long as the process that set it), which clears it after 30 s unless the user
/// copied something else meanwhile. Fails with the reason where there is no clipboard.
pub fn copy(code: &str) -> Result<(), CliError> {
    let exe = std::env::current_exe()
        .map_err(|e| CliError::input(t("clipboard-helper", &[("error", &e.to_string())])))?;
    let mut child = Command::new(exe)
        .arg(HOLD_COMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| CliError::input(t("clipboard-helper", &[("error", &e.to_string())])))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = writeln!(stdin, "{code}");
    }
    let mut answer = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out.take(512)).read_line(&mut answer);
    }
    if answer.trim_end() == "ok" {
        return Ok(());
    }
    let _ = child.wait();
    let why = answer
        .trim_end()
        .strip_prefix("err ")
        .map(str::to_string)
        .unwrap_or_else(|| t("clipboard-no-answer", &[]));
    Err(CliError::input(why))
}

/// The helper: reads the code from standard input, sets the clipboard, answers `ok` (or
/// `err REASON`) on standard output, then clears the clipboard after 30 s if it still holds
/// the code.
pub fn hold() -> Result<(), CliError> {
    let mut line = Zeroizing::new(String::new());
    let _ = std::io::stdin().lock().take(64).read_line(&mut line);
    let code = Zeroizing::new(line.trim().to_string());
    let mut out = std::io::stdout();
    let mut clipboard = match arboard::Clipboard::new() {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(out, "err {}", one_line(&e.to_string()));
            return Ok(());
        }
    };
    if let Err(e) = set_sensitive(&mut clipboard, &code) {
        let _ = writeln!(out, "err {}", one_line(&e.to_string()));
        return Ok(());
    }
    let _ = writeln!(out, "ok");
    let _ = out.flush();
    std::thread::sleep(Duration::from_secs(CLIPBOARD_CLEAR_SECS as u64));
    if clipboard.get_text().is_ok_and(|t| t == *code) {
        let _ = clipboard.clear();
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    crate::output::safe(text.lines().next().unwrap_or("")).into_owned()
}

#[cfg(target_os = "linux")]
fn set_sensitive(c: &mut arboard::Clipboard, code: &str) -> Result<(), arboard::Error> {
    use arboard::SetExtLinux;
    c.set().exclude_from_history().text(code)
}

#[cfg(target_os = "macos")]
fn set_sensitive(c: &mut arboard::Clipboard, code: &str) -> Result<(), arboard::Error> {
    use arboard::SetExtApple;
    c.set().exclude_from_history().text(code)
}

#[cfg(windows)]
fn set_sensitive(c: &mut arboard::Clipboard, code: &str) -> Result<(), arboard::Error> {
    use arboard::SetExtWindows;
    c.set()
        .exclude_from_history()
        .exclude_from_monitoring()
        .exclude_from_cloud()
        .text(code)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn set_sensitive(c: &mut arboard::Clipboard, code: &str) -> Result<(), arboard::Error> {
    c.set_text(code)
}
