//! Owns what the watch screen shows and how keys change it: the accounts loaded from the
//! vault, the search text, the selection, and the status line.

use kulcs_core::account::Account;
use kulcs_core::code_row::matches_query;

/// One account as the screen needs it.
pub struct Entry {
    /// The account (its key stays in core's zeroizing types).
    pub account: Account,
    /// The shortest id prefix that tells it from the others.
    pub short_id: String,
    /// Another account has the same issuer and label (core's duplicate rule).
    pub duplicate: bool,
}

/// What one load of the vault gives.
pub struct Snapshot {
    /// The accounts, in vault order.
    pub entries: Vec<Entry>,
    /// The vault's clock offset in seconds.
    pub offset: i64,
}

/// What a key press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing beyond a redraw.
    Redraw,
    /// Copy the selected account's code.
    Copy,
    /// Leave the screen.
    Quit,
}

/// A key, as the screen understands it (kept apart from crossterm so it can be tested).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A typed character.
    Char(char),
    /// Backspace.
    Backspace,
    /// Escape.
    Esc,
    /// Enter.
    Enter,
    /// Ctrl-C.
    Interrupt,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
}

/// The screen's state between frames.
pub struct Screen {
    /// The loaded accounts.
    pub snapshot: Snapshot,
    /// The search text typed so far.
    pub query: String,
    /// Index into [`Screen::visible`] of the selected row.
    pub selected: usize,
    /// A message for the status line (copy result, reload problem).
    pub status: Option<String>,
    /// Rows per page, set by the last draw.
    pub page: usize,
}

impl Screen {
    /// A screen over `snapshot`, searching for `query` from the start.
    pub fn new(snapshot: Snapshot, query: &str) -> Self {
        Screen {
            snapshot,
            query: query.to_string(),
            selected: 0,
            status: None,
            page: 10,
        }
    }

    /// Indices (into the snapshot) of the accounts the search shows.
    pub fn visible(&self) -> Vec<usize> {
        self.snapshot
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| self.query.trim().is_empty() || matches_query(&e.account, &self.query))
            .map(|(i, _)| i)
            .collect()
    }

    /// The selected entry, if any row is shown.
    pub fn selected_entry(&self) -> Option<&Entry> {
        let v = self.visible();
        v.get(self.selected.min(v.len().saturating_sub(1)))
            .and_then(|&i| self.snapshot.entries.get(i))
    }

    /// Replaces the accounts after the vault changed, keeping the selection on the same
    /// account when it is still there.
    pub fn reload(&mut self, snapshot: Snapshot) {
        let was = self.selected_entry().map(|e| e.account.id);
        self.snapshot = snapshot;
        let v = self.visible();
        self.selected = was
            .and_then(|id| {
                v.iter()
                    .position(|&i| self.snapshot.entries[i].account.id == id)
            })
            .unwrap_or(self.selected.min(v.len().saturating_sub(1)));
    }

    /// Applies one key.
    pub fn key(&mut self, key: Key) -> Action {
        let rows = self.visible().len();
        let last = rows.saturating_sub(1);
        let page = self.page.max(1);
        match key {
            Key::Interrupt => return Action::Quit,
            Key::Esc if self.query.is_empty() => return Action::Quit,
            Key::Char('q') if self.query.is_empty() => return Action::Quit,
            Key::Esc => {
                self.query.clear();
                self.selected = 0;
            }
            Key::Enter => return Action::Copy,
            Key::Char(c) if !c.is_control() => {
                self.query.push(c);
                self.selected = 0;
            }
            Key::Char(_) => {}
            Key::Backspace => {
                self.query.pop();
                self.selected = 0;
            }
            Key::Up => self.selected = self.selected.saturating_sub(1),
            Key::Down => self.selected = (self.selected + 1).min(last),
            Key::PageUp => self.selected = self.selected.saturating_sub(page),
            Key::PageDown => self.selected = (self.selected + page).min(last),
            Key::Home => self.selected = 0,
            Key::End => self.selected = last,
        }
        self.status = None;
        Action::Redraw
    }
}
