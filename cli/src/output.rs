//! Terminal output: the one escaping of untrusted text ([`safe`]); codes as plain lines, JSON
//! and the `--watch` countdown view; short account ids and dates.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::time::Duration;

use kulcs_core::account::{Account, AccountId};
use kulcs_core::credential::Credential;
use kulcs_core::otp::CodeWindow;
use kulcs_core::vault::Vault;

use crate::clock;
use crate::error::{sentence, CliError};
use crate::i18n::t;

/// Options shared by the code views.
pub struct ViewOptions {
    /// `--at`: a fixed Unix time; prints only the codes.
    pub at: Option<i64>,
    /// Clock offset in seconds added to the system clock.
    pub offset: i64,
    /// Refresh every second.
    pub watch: bool,
    /// Machine-readable output.
    pub json: bool,
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| kulcs_core::validate::is_unsafe_char(c) && !keep(c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Untrusted text (an issuer, label, group, QR payload) made safe to print on one line: every
/// character core refuses in names (`kulcs_core::validate::is_unsafe_char`: controls, DEL, C1,
/// bidi controls) is shown as a visible escape such as `\u{1b}`. Core already removes them from
/// stored names; this is the last line of defence, and every name the CLI prints passes it.
pub fn safe(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// [`safe`] for multi-line text (notes, error messages): line breaks and tabs are kept.
pub fn safe_text(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

/// JSON for the terminal: serde_json already escapes C0 controls; DEL, C1 and bidi controls
/// are written as `\uXXXX` too, which is the same JSON value.
pub fn safe_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if !text.chars().any(kulcs_core::validate::is_unsafe_char) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if kulcs_core::validate::is_unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// An account's `Issuer (label)`, safe to print.
pub fn name(c: &Credential) -> String {
    safe(&c.display_name()).into_owned()
}

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
        .map_err(|e| CliError::input(format!("{}: {}", name(c), sentence(e))))
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

/// One human line: code, validity, name, next code (when about to expire), and the
/// duplicate mark (`dup`: the short id of an account that shares its name with another).
pub fn human_line(c: &Credential, w: &CodeWindow, name_width: usize, dup: Option<&str>) -> String {
    let name = name(c);
    let mark = dup
        .map(|id| format!("  {}", t("codes-duplicate", &[("id", id)])))
        .unwrap_or_default();
    match (w.valid_for, w.period) {
        (Some(left), Some(period)) => {
            let next = if w.expiring_soon {
                format!(
                    "  {}",
                    t("codes-next", &[("code", &readable(w.next.as_str()))])
                )
            } else {
                String::new()
            };
            format!(
                "{:<11} {} {:>2}s  {:<nw$}{next}{mark}",
                readable(w.code.as_str()),
                countdown_bar(left, period, 10),
                left,
                name,
                nw = name_width
            )
        }
        _ => format!(
            "{:<11} ({})  {name}{mark}",
            readable(w.code.as_str()),
            t("codes-counter", &[("counter", &w.counter.to_string())])
        ),
    }
}

/// Prints codes per the view options. With `--at`, only the codes (one per line, or JSON).
pub fn show_codes(accounts: &[Credential], view: &ViewOptions) -> Result<(), CliError> {
    show_marked_codes(accounts, &[], view)
}

/// [`show_codes`], with each account's duplicate mark (`marks[i]` for `accounts[i]`; missing
/// entries are unmarked): the rows of same-named accounts differ by their short ids.
pub fn show_marked_codes(
    accounts: &[Credential],
    marks: &[Option<String>],
    view: &ViewOptions,
) -> Result<(), CliError> {
    let mark = |i: usize| marks.get(i).and_then(|m| m.as_deref());
    let at_fixed = view.at.is_some();
    if view.watch && at_fixed {
        return Err(CliError::usage(t("watch-with-at", &[])));
    }
    let name_width = accounts
        .iter()
        .map(|c| name(c).chars().count())
        .max()
        .unwrap_or(0);
    let render = |unix: i64| -> Result<Vec<String>, CliError> {
        let mut lines = Vec::with_capacity(accounts.len());
        if view.json {
            let entries: Result<Vec<serde_json::Value>, CliError> = accounts
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut e = json_entry(c, &window_of(c, unix)?, unix);
                    if !marks.is_empty() {
                        e["duplicate"] = serde_json::Value::Bool(mark(i).is_some());
                    }
                    Ok(e)
                })
                .collect();
            lines.push(safe_json(&serde_json::Value::Array(entries?)));
            return Ok(lines);
        }
        for (i, c) in accounts.iter().enumerate() {
            let w = window_of(c, unix)?;
            lines.push(if at_fixed {
                w.code.to_string()
            } else {
                human_line(c, &w, name_width, mark(i))
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
        let mut written = Ok(());
        for line in &lines {
            if written.is_ok() {
                written = if tty {
                    writeln!(out, "\x1b[2K{line}")
                } else {
                    writeln!(out, "{line}")
                };
            }
        }
        if written.and_then(|()| out.flush()).is_err() {
            // The reader went away (`kulcs codes --watch | head`): stop quietly.
            return Ok(());
        }
        drawn = lines.len();
        std::thread::sleep(Duration::from_millis(
            1000 - (clock::millis_into_second() % 1000),
        ));
    }
}

/// Why a drawn QR code cannot be shown in this terminal: its size and the terminal's, in
/// character cells (columns, lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooBig {
    /// The drawing's width and height.
    pub drawing: (usize, usize),
    /// The terminal's width and height.
    pub terminal: (u16, u16),
}

impl TooBig {
    /// The message the user reads (`then`: what happens instead).
    pub fn message(&self, then: &str) -> String {
        t(
            "qr-too-big",
            &[
                ("width", &self.drawing.0.to_string()),
                ("height", &self.drawing.1.to_string()),
                ("columns", &self.terminal.0.to_string()),
                ("lines", &self.terminal.1.to_string()),
                ("then", then),
            ],
        )
    }
}

/// Whether a QR drawing fits whole in the terminal on standard output, with `extra` lines
/// for a caption: a code cut at the right edge or scrolled off the top cannot be scanned.
/// When the terminal's size cannot be read, it is assumed to fit.
pub fn fits_terminal(drawing: &str, extra: usize) -> Result<(), TooBig> {
    let width = drawing
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let height = drawing.lines().count() + extra;
    let Ok((columns, lines)) = crossterm::terminal::size() else {
        return Ok(());
    };
    if width <= usize::from(columns) && height <= usize::from(lines) {
        Ok(())
    } else {
        Err(TooBig {
            drawing: (width, height),
            terminal: (columns, lines),
        })
    }
}

/// The shortest prefix (at least 8 characters) that identifies each account.
pub fn short_ids(accounts: &[Account]) -> Vec<String> {
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

/// The short id of one account (its full id if it is not in the vault).
pub fn short_id(v: &Vault, id: AccountId) -> String {
    let pos = v.accounts().iter().position(|a| a.id == id);
    match pos {
        Some(p) => short_ids(v.accounts())[p].clone(),
        None => id.to_string(),
    }
}

/// An account's name, safe to print (its id if it is not in the vault).
pub fn name_of(v: &Vault, id: AccountId) -> String {
    v.account(id)
        .map(|a| name(&a.credential))
        .unwrap_or_else(|| id.to_string())
}

/// `YYYY-MM-DD HH:MM +01:00` from Unix milliseconds, in the local time zone (`TZ`, else
/// `/etc/localtime`; UTC where neither is known).
pub fn format_ms(ms: u64) -> String {
    use chrono::TimeZone;
    let ms = i64::try_from(ms).unwrap_or(i64::MAX);
    match chrono::Local.timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M %:z").to_string(),
        None => crate::i18n::t("date-out-of-range", &[("ms", &ms.to_string())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_is_escaped_visibly() {
        assert_eq!(
            safe("Bank\r\u{1b}[1A\u{9b}\u{202e}x"),
            "Bank\\u{d}\\u{1b}[1A\\u{9b}\\u{202e}x"
        );
        assert_eq!(safe("Ügyfélkapu+"), "Ügyfélkapu+");
        assert_eq!(safe_text("a\nb\u{1b}"), "a\nb\\u{1b}");
        let v = serde_json::json!({"issuer": "a\u{1b}\u{9b}\u{202e}\u{7f}é"});
        let text = safe_json(&v);
        assert!(
            text.chars()
                .all(|c| !kulcs_core::validate::is_unsafe_char(c)),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }
}
