//! Owns drawing one frame of the watch screen with ratatui: a header with the search text and
//! the clock-offset badge, one row per account, and a footer with the page and the keys.

use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use super::state::{Entry, Screen};
use crate::i18n::t;
use crate::output;

/// Width of the countdown bar, in cells.
const BAR: usize = 10;

/// One account's row at `unix` (offset already applied).
fn row(e: &Entry, unix: i64) -> Line<'static> {
    let c = &e.account.credential;
    let mut spans = Vec::new();
    match c.code_window(unix) {
        Ok(w) => {
            spans.push(Span::styled(
                format!("{:<8}", output::readable(w.code.as_str())),
                Style::default().add_modifier(Modifier::BOLD),
            ));
            match (w.valid_for, w.period) {
                (Some(left), Some(period)) => {
                    spans.push(Span::raw(format!(
                        " {} {left:>2}s  ",
                        output::countdown_bar(left, period, BAR)
                    )));
                }
                _ => spans.push(Span::raw(format!(
                    " {}  ",
                    t("codes-counter", &[("counter", &w.counter.to_string())])
                ))),
            }
            // Same-named accounts are told apart by their short ids, before the name so that
            // a long name cannot push the mark off an 80-column screen.
            if e.duplicate {
                spans.push(Span::styled(
                    t("watch-duplicate", &[("id", &e.short_id)]),
                    Style::default().add_modifier(Modifier::REVERSED),
                ));
                spans.push(Span::raw("  "));
            }
            spans.push(Span::raw(output::name(c)));
            if w.expiring_soon && w.valid_for.is_some() {
                spans.push(Span::raw(format!(
                    "  {}",
                    t(
                        "codes-next",
                        &[("code", &output::readable(w.next.as_str()))]
                    )
                )));
            }
        }
        Err(err) => {
            spans.push(Span::raw(format!(
                "{}  {}",
                output::name(c),
                crate::error::sentence(err)
            )));
        }
    }
    Line::from(spans)
}

/// Draws the whole screen for `unix` (offset-corrected).
pub fn frame(f: &mut Frame<'_>, s: &mut Screen, unix: i64) {
    let [head, body, foot, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(f.area());
    s.page = usize::from(body.height).max(1);
    let visible = s.visible();
    let total = s.snapshot.entries.len();
    let mut header = vec![
        Span::styled(
            t("watch-title", &[("count", &total.to_string())]),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw("  "),
    ];
    if s.snapshot.offset != 0 {
        header.push(Span::styled(
            t(
                "watch-offset",
                &[("offset", &format!("{:+}", s.snapshot.offset))],
            ),
            Style::default().add_modifier(Modifier::REVERSED),
        ));
        header.push(Span::raw("  "));
    }
    header.push(Span::raw(format!(
        "{}{}█",
        t("watch-search", &[]),
        output::safe(&s.query)
    )));
    f.render_widget(Paragraph::new(Line::from(header)), head);

    if visible.is_empty() {
        f.render_widget(Paragraph::new(t("watch-none", &[])), body);
    } else {
        let items: Vec<ListItem<'_>> = visible
            .iter()
            .map(|&i| ListItem::new(row(&s.snapshot.entries[i], unix)))
            .collect();
        s.selected = s.selected.min(visible.len() - 1);
        let mut state = ListState::default().with_selected(Some(s.selected));
        let list = List::new(items)
            .highlight_style(Style::default().add_modifier(Modifier::REVERSED))
            .highlight_symbol("> ");
        f.render_stateful_widget(list, body, &mut state);
        let first = state.offset() + 1;
        let last = (state.offset() + s.page).min(visible.len());
        f.render_widget(
            Paragraph::new(format!(
                "{}  {}",
                t(
                    "watch-rows",
                    &[
                        ("first", &first.to_string()),
                        ("last", &last.to_string()),
                        ("count", &visible.len().to_string())
                    ]
                ),
                t("watch-keys", &[])
            )),
            foot,
        );
    }
    if let Some(msg) = &s.status {
        f.render_widget(Paragraph::new(msg.as_str()), status);
    }
}
