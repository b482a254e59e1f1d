//! Terminal output of codes: plain lines, JSON, and the `--watch` countdown view.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use kulcs_core::credential::Credential;
use kulcs_core::otp::CodeWindow;

use crate::clock;
use crate::code_cmd::ViewOptions;
use crate::error::{sentence, CliError};

/// A code as every Kulcs screen groups it ("461 751"; core's one rule).
pub fn readable(code: &str) -> String {
    kulcs_core::code_text::display_code(code)
}

/// A countdown bar of `width` cells, `left` of `period` seconds remaining.
pub fn countdown_bar(left: u32, period: u32, width: usize) -> String {
    let filled = if period == 0 {
        0
    } else {
        (left as usize * width).div_ceil(period as usize).min(width)
    };
    format!("[{}{}]", "#".repeat(filled), "-".repeat(width - filled))
}

fn window_of(c: &Credential, unix: i64) -> Result<CodeWindow, CliError> {
    c.code_window(unix)
        .map_err(|e| CliError::input(format!("{}: {}", c.display_name(), sentence(e))))
}

/// One JSON object describing an account's code window.
pub fn json_entry(c: &Credential, w: &CodeWindow, unix: i64) -> serde_json::Value {
    serde_json::json!({
        "issuer": c.issuer,
        "label": c.label,
        "type": c.params.kind.as_str(),
        "code": w.code.as_str(),
        "next": w.next.as_str(),
        "valid_for": w.valid_for,
        "period": w.period,
        "expiring_soon": w.expiring_soon,
        "at": unix,
    })
}

/// One human line: code, validity, next code (when about to expire), name.
pub fn human_line(c: &Credential, w: &CodeWindow, name_width: usize) -> String {
    let name = c.display_name();
    match (w.valid_for, w.period) {
        (Some(left), Some(period)) => {
            let next = if w.expiring_soon {
                format!("  next {}", readable(w.next.as_str()))
            } else {
                String::new()
            };
            format!(
                "{:<11} {} {:>2}s  {:<nw$}{next}",
                readable(w.code.as_str()),
                countdown_bar(left, period, 10),
                left,
                name,
                nw = name_width
            )
        }
        _ => format!(
            "{:<11} (counter {})  {name}",
            readable(w.code.as_str()),
            w.counter
        ),
    }
}

/// Prints codes per the view options. With `--at`, only the codes (one per line, or JSON).
pub fn show_codes(accounts: &[Credential], view: &ViewOptions) -> Result<(), CliError> {
    let at_fixed = view.at.is_some();
    if view.watch && at_fixed {
        return Err(CliError::usage(
            "--watch shows the live code; it cannot be combined with --at.",
        ));
    }
    let name_width = accounts
        .iter()
        .map(|c| c.display_name().chars().count())
        .max()
        .unwrap_or(0);
    let render = |unix: i64| -> Result<Vec<String>, CliError> {
        let mut lines = Vec::with_capacity(accounts.len());
        if view.json {
            let entries: Result<Vec<serde_json::Value>, CliError> = accounts
                .iter()
                .map(|c| Ok(json_entry(c, &window_of(c, unix)?, unix)))
                .collect();
            lines.push(serde_json::Value::Array(entries?).to_string());
            return Ok(lines);
        }
        for c in accounts {
            let w = window_of(c, unix)?;
            lines.push(if at_fixed {
                w.code.to_string()
            } else {
                human_line(c, &w, name_width)
            });
        }
        Ok(lines)
    };
    if !view.watch {
        for line in render(clock::effective_time(view.at, view.offset)?)? {
            println!("{line}");
        }
        return Ok(());
    }
    let tty = std::io::stdout().is_terminal();
    let mut out = std::io::stdout();
    let mut drawn = 0usize;
    loop {
        let lines = render(clock::effective_time(None, view.offset)?)?;
        if tty && drawn > 0 {
            // Move the cursor back up over the previous frame and redraw it in place.
            let _ = write!(out, "\x1b[{drawn}A");
        }
        for line in &lines {
            let _ = writeln!(out, "\x1b[2K{line}");
        }
        let _ = out.flush();
        drawn = lines.len();
        std::thread::sleep(Duration::from_millis(1000 - (clock_millis() % 1000)));
    }
}

fn clock_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_millis() as u64)
        .unwrap_or(0)
}
