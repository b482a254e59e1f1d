//! Owns where everything goes on the emergency sheet: A4 pages, the warning and the recovery
//! code first, then one block per account (QR code left; issuer, name, the key in groups of
//! four, code settings, groups and note right), text wrapped by the fonts' real widths, a
//! block never split across pages. Positions are millimetres from the page's top-left corner.

use ttf_parser::Face;
use zeroize::Zeroizing;

use super::words::Words;
use super::{PaperError, SheetInput};
use crate::account::Account;
use crate::otp::OtpKind;

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
const MARGIN: f32 = 15.0;
const QR_SIDE: f32 = 40.0;
const TEXT_X: f32 = MARGIN + QR_SIDE + 6.0;
const FOOTER_Y: f32 = PAGE_H - 8.0;
const BLOCK_GAP: f32 = 6.0;
const PT_MM: f32 = 25.4 / 72.0;

/// Which embedded font a text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontKind {
    Sans,
    Mono,
}

/// One thing drawn on a page.
pub enum Item {
    /// Text with its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        font: FontKind,
        text: Zeroizing<String>,
    },
    /// A QR code `side` mm wide (quiet zone included) with its top-left corner at `(x, y)`.
    Qr {
        x: f32,
        y: f32,
        side: f32,
        width: usize,
        dark: Zeroizing<Vec<bool>>,
    },
    /// A thin horizontal line.
    Rule { x1: f32, x2: f32, y: f32 },
}

/// The fonts' widths, for wrapping.
pub struct Metrics<'a> {
    pub sans: Face<'a>,
    pub mono: Face<'a>,
}

impl Metrics<'_> {
    fn width_mm(&self, font: FontKind, size: f32, text: &str) -> f32 {
        let face = match font {
            FontKind::Sans => &self.sans,
            FontKind::Mono => &self.mono,
        };
        let upem = f32::from(face.units_per_em());
        let units: f32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(upem * 0.6, f32::from)
            })
            .sum();
        units / upem * size * PT_MM
    }

    /// `text` in lines no wider than `max_mm`: at spaces where possible, inside a word when a
    /// word alone is too wide.
    fn wrap(&self, font: FontKind, size: f32, text: &str, max_mm: f32) -> Vec<Zeroizing<String>> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = Zeroizing::new(String::new());
            for word in paragraph.split(' ') {
                let candidate = if line.is_empty() {
                    Zeroizing::new(word.to_string())
                } else {
                    Zeroizing::new(format!("{} {word}", line.as_str()))
                };
                if self.width_mm(font, size, &candidate) <= max_mm {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::replace(&mut line, Zeroizing::new(String::new())));
                }
                for c in word.chars() {
                    let mut longer = Zeroizing::new(format!("{}{c}", line.as_str()));
                    if !line.is_empty() && self.width_mm(font, size, &longer) > max_mm {
                        lines.push(std::mem::replace(&mut line, Zeroizing::new(String::new())));
                        longer = Zeroizing::new(c.to_string());
                    }
                    line = longer;
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// A run of text lines, placed from a top `y`.
struct Lines {
    items: Vec<Item>,
    height: f32,
}

impl Lines {
    fn new() -> Self {
        Lines {
            items: Vec::new(),
            height: 0.0,
        }
    }

    fn push(&mut self, m: &Metrics<'_>, x: f32, font: FontKind, size: f32, text: &str, max: f32) {
        let line_h = size * PT_MM * 1.35;
        for line in m.wrap(font, size, text, max) {
            self.height += line_h;
            self.items.push(Item::Text {
                x,
                y: self.height - line_h * 0.25,
                size,
                font,
                text: line,
            });
        }
    }

    fn gap(&mut self, mm: f32) {
        self.height += mm;
    }

    /// The items moved down by `top`.
    fn at(self, top: f32) -> impl Iterator<Item = Item> {
        self.items.into_iter().map(move |i| match i {
            Item::Text {
                x,
                y,
                size,
                font,
                text,
            } => Item::Text {
                x,
                y: y + top,
                size,
                font,
                text,
            },
            Item::Qr {
                x,
                y,
                side,
                width,
                dark,
            } => Item::Qr {
                x,
                y: y + top,
                side,
                width,
                dark,
            },
            Item::Rule { x1, x2, y } => Item::Rule { x1, x2, y: y + top },
        })
    }
}

fn settings(a: &Account, w: &Words) -> String {
    let p = &a.credential.params;
    let kind = match p.kind {
        OtpKind::Totp => "TOTP",
        OtpKind::Hotp => "HOTP",
        OtpKind::Steam => "Steam",
    };
    let mut s = format!(
        "{kind} · {} · {} {}",
        p.algorithm.as_str(),
        p.digits,
        w.digits
    );
    match p.kind {
        OtpKind::Hotp => s.push_str(&format!(" · {} {}", w.counter, p.counter)),
        _ => s.push_str(&format!(" · {} {}", p.period, w.seconds)),
    }
    s
}

fn account_block(a: &Account, m: &Metrics<'_>, w: &Words) -> Result<(Lines, f32), PaperError> {
    let max = PAGE_W - MARGIN - TEXT_X;
    let mut l = Lines::new();
    let c = &a.credential;
    let uri = Zeroizing::new(crate::otpauth::format(c));
    let (width, dark) = crate::qr_render::modules(&uri).map_err(PaperError::Qr)?;
    l.items.push(Item::Qr {
        x: MARGIN,
        y: 0.0,
        side: QR_SIDE,
        width,
        dark,
    });
    let issuer = if c.issuer.is_empty() {
        "—"
    } else {
        c.issuer.as_str()
    };
    l.push(m, TEXT_X, FontKind::Sans, 12.0, issuer, max);
    l.push(m, TEXT_X, FontKind::Sans, 10.0, &c.label, max);
    l.gap(1.5);
    l.push(m, TEXT_X, FontKind::Sans, 8.0, w.key, max);
    l.push(
        m,
        TEXT_X,
        FontKind::Mono,
        12.0,
        &c.secret.to_base32_grouped(),
        max,
    );
    l.push(m, TEXT_X, FontKind::Sans, 8.0, &settings(a, w), max);
    if !a.groups.is_empty() {
        let groups = format!("{} {}", w.groups, a.groups.join(", "));
        l.push(m, TEXT_X, FontKind::Sans, 8.0, &groups, max);
    }
    if let Some(note) = &a.note {
        l.gap(1.0);
        l.push(m, TEXT_X, FontKind::Sans, 8.0, w.note, max);
        let text = Zeroizing::new(note.expose().replace('\t', "    "));
        l.push(m, TEXT_X, FontKind::Mono, 9.0, &text, max);
    }
    let height = l.height.max(QR_SIDE);
    Ok((l, height))
}

/// Every page's items; the footers ("page 1/3") are added here once the count is known.
pub fn pages(input: &SheetInput<'_>, m: &Metrics<'_>) -> Result<Vec<Vec<Item>>, PaperError> {
    let w = input.language.words();
    let full = PAGE_W - 2.0 * MARGIN;
    let mut pages: Vec<Vec<Item>> = Vec::new();
    let mut y;
    let new_page = |pages: &mut Vec<Vec<Item>>| -> f32 {
        let mut head = Lines::new();
        head.push(m, MARGIN, FontKind::Sans, 16.0, w.title, full);
        let made = format!("{} {}", w.made, input.made);
        head.push(m, MARGIN, FontKind::Sans, 9.0, &made, full);
        head.gap(2.0);
        head.items.push(Item::Rule {
            x1: MARGIN,
            x2: PAGE_W - MARGIN,
            y: head.height,
        });
        head.gap(5.0);
        let h = head.height;
        pages.push(head.at(MARGIN).collect());
        MARGIN + h
    };
    y = new_page(&mut pages);
    let first_top = y;
    let mut intro = Lines::new();
    for line in w.warning {
        intro.push(m, MARGIN, FontKind::Sans, 9.5, line, full);
    }
    intro.gap(4.0);
    if let Some(code) = input.recovery_code {
        intro.push(m, MARGIN, FontKind::Sans, 11.0, w.recovery_title, full);
        intro.push(m, MARGIN, FontKind::Mono, 14.0, code, full);
        intro.push(m, MARGIN, FontKind::Sans, 8.0, w.recovery_how, full);
        intro.gap(4.0);
    }
    if input.accounts.is_empty() {
        intro.push(m, MARGIN, FontKind::Sans, 11.0, w.no_accounts, full);
    }
    let h = intro.height;
    pages.last_mut().expect("a page").extend(intro.at(y));
    y += h;
    let limit = FOOTER_Y - 6.0;
    for a in input.accounts {
        let (block, height) = account_block(a, m, w)?;
        // A block that does not fit starts a new page, unless it would not fit on an empty page
        // either: then it starts here and goes on over the next pages.
        if y + height > limit && height <= limit - first_top {
            y = new_page(&mut pages);
        }
        // A block taller than a page (a very long note) goes on over the next pages.
        let mut shift = 0.0;
        let mut bottom = y;
        for mut item in block.at(y) {
            if let Item::Text { y: ty, .. } = &mut item {
                if *ty + shift > limit {
                    let top = new_page(&mut pages);
                    shift = top + 4.0 - *ty;
                }
                *ty += shift;
                bottom = bottom.max(*ty + 1.5);
            }
            pages.last_mut().expect("a page").push(item);
        }
        y = if shift == 0.0 { y + height } else { bottom };
        let page = pages.last_mut().expect("a page");
        y += BLOCK_GAP / 2.0;
        page.push(Item::Rule {
            x1: MARGIN,
            x2: PAGE_W - MARGIN,
            y,
        });
        y += BLOCK_GAP / 2.0;
    }
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        page.push(Item::Text {
            x: MARGIN,
            y: FOOTER_Y,
            size: 8.0,
            font: FontKind::Sans,
            text: Zeroizing::new(
                w.page
                    .replace("{n}", &(i + 1).to_string())
                    .replace("{of}", &count.to_string()),
            ),
        });
    }
    Ok(pages)
}
