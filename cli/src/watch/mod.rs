//! Owns the full-screen `kulcs codes --watch` on a terminal (ratatui over crossterm): the
//! event loop, redrawing every second, reloading when the vault file changes, copying the
//! selected code, and always giving the terminal back as it was.

mod draw;
mod state;

use std::io::Stdout;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use state::{Action, Key, Screen};
pub use state::{Entry, Snapshot};

use crate::clock;
use crate::error::CliError;
use crate::i18n::t;

/// How often the vault file is checked for changes.
const RELOAD_EVERY: Duration = Duration::from_millis(700);

/// Leaves raw mode and the alternate screen when dropped (also on error and on panic).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// What identifies a version of the vault file on disk.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

fn key_of(k: KeyEvent) -> Option<Key> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    Some(match k.code {
        KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Key::Interrupt,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Esc => Key::Esc,
        KeyCode::Enter => Key::Enter,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

/// Runs the watch screen until the user leaves it. `load` opens the vault (without keeping
/// its lock) and returns what to show; it is called again whenever the file at `vault`
/// changes.
pub fn run(
    vault: &Path,
    query: &str,
    load: &dyn Fn() -> Result<Snapshot, CliError>,
) -> Result<(), CliError> {
    let mut screen = Screen::new(load()?, query);
    let mut seen = stamp(vault);
    terminal::enable_raw_mode().map_err(|e| CliError::input(e.to_string()))?;
    let _restore = Restore;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let mut out: Stdout = std::io::stdout();
    crossterm::execute!(out, EnterAlternateScreen, crossterm::cursor::Hide)
        .map_err(|e| CliError::input(e.to_string()))?;
    let mut term =
        Terminal::new(CrosstermBackend::new(out)).map_err(|e| CliError::input(e.to_string()))?;
    let mut last_check = Instant::now();
    loop {
        let unix = clock::effective_time(None, screen.snapshot.offset)?;
        if term.draw(|f| draw::frame(f, &mut screen, unix)).is_err() {
            return Ok(()); // the terminal went away
        }
        // Wake at the next second boundary (the codes and countdown change then), or on a key.
        let wait =
            Duration::from_millis(1000 - clock::millis_into_second() % 1000).min(RELOAD_EVERY);
        if event::poll(wait).map_err(|e| CliError::input(e.to_string()))? {
            let ev = event::read().map_err(|e| CliError::input(e.to_string()))?;
            if let Event::Key(k) = ev {
                if let Some(key) = key_of(k) {
                    match screen.key(key) {
                        Action::Quit => return Ok(()),
                        Action::Copy => copy_selected(&mut screen, unix),
                        Action::Redraw => {}
                    }
                }
            }
        }
        if last_check.elapsed() >= RELOAD_EVERY {
            last_check = Instant::now();
            let now = stamp(vault);
            if now != seen {
                seen = now;
                match load() {
                    Ok(s) => screen.reload(s),
                    Err(e) => {
                        screen.status = Some(t("watch-reload-failed", &[("error", &e.message)]))
                    }
                }
            }
        }
    }
}

fn copy_selected(screen: &mut Screen, unix: i64) {
    let Some(e) = screen.selected_entry() else {
        return;
    };
    let c = &e.account.credential;
    let Ok(w) = c.code_window(unix) else {
        return;
    };
    screen.status = Some(match crate::clipboard::copy(w.code.as_str()) {
        Ok(()) => t(
            "copy-done",
            &[
                ("name", &crate::output::name(c)),
                ("left", &w.valid_for.unwrap_or(0).to_string()),
                (
                    "clear",
                    &kulcs_core::screen_rules::CLIPBOARD_CLEAR_SECS.to_string(),
                ),
            ],
        ),
        Err(err) => t("watch-copy-none", &[("why", &err.message)]),
    });
}
