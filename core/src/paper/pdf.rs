//! Owns drawing the laid-out pages into a PDF with `printpdf`: the two embedded DejaVu fonts
//! (Sans and Sans Mono, which have every Hungarian letter), text, thin rules, and QR codes as
//! filled vector rectangles (one per run of dark modules), so they print sharp at any size.

use printpdf::{
    Color, IndirectFontRef, Line, Mm, PdfDocument, PdfLayerReference, Point, Rect, Rgb,
};
use zeroize::Zeroizing;

use super::layout::{FontKind, Item, PAGE_H, PAGE_W};
use super::PaperError;

fn pdf_error(e: printpdf::Error) -> PaperError {
    PaperError::Pdf {
        reason: e.to_string(),
    }
}

fn black() -> Color {
    Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None))
}

fn qr(layer: &PdfLayerReference, x: f32, y: f32, side: f32, width: usize, dark: &[bool]) {
    let quiet = 4usize;
    let module = side / (width + 2 * quiet) as f32;
    for row in 0..width {
        let mut col = 0;
        while col < width {
            if !dark[row * width + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < width && dark[row * width + col] {
                col += 1;
            }
            let left = x + (quiet + start) as f32 * module;
            let top = y + (quiet + row) as f32 * module;
            // A hair of overlap, so no white seams show between neighbouring runs.
            layer.add_rect(Rect::new(
                Mm(left),
                Mm(PAGE_H - top - module - 0.01),
                Mm(left + (col - start) as f32 * module),
                Mm(PAGE_H - top),
            ));
        }
    }
}

/// The PDF of `pages`, titled `title`.
pub fn render(title: &str, pages: &[Vec<Item>]) -> Result<Zeroizing<Vec<u8>>, PaperError> {
    let (doc, first_page, first_layer) = PdfDocument::new(title, Mm(PAGE_W), Mm(PAGE_H), "sheet");
    let sans: IndirectFontRef = doc
        .add_external_font(dejavu::sans::regular())
        .map_err(pdf_error)?;
    let mono: IndirectFontRef = doc
        .add_external_font(dejavu::sans_mono::regular())
        .map_err(pdf_error)?;
    for (i, items) in pages.iter().enumerate() {
        let layer = if i == 0 {
            doc.get_page(first_page).get_layer(first_layer)
        } else {
            let (p, l) = doc.add_page(Mm(PAGE_W), Mm(PAGE_H), "sheet");
            doc.get_page(p).get_layer(l)
        };
        layer.set_fill_color(black());
        layer.set_outline_color(black());
        layer.set_outline_thickness(0.3);
        for item in items {
            match item {
                Item::Text {
                    x,
                    y,
                    size,
                    font,
                    text,
                } => {
                    let f = match font {
                        FontKind::Sans => &sans,
                        FontKind::Mono => &mono,
                    };
                    layer.use_text(text.as_str(), *size, Mm(*x), Mm(PAGE_H - *y), f);
                }
                Item::Qr {
                    x,
                    y,
                    side,
                    width,
                    dark,
                } => qr(&layer, *x, *y, *side, *width, dark),
                Item::Rule { x1, x2, y } => layer.add_line(Line {
                    points: vec![
                        (Point::new(Mm(*x1), Mm(PAGE_H - *y)), false),
                        (Point::new(Mm(*x2), Mm(PAGE_H - *y)), false),
                    ],
                    is_closed: false,
                }),
            }
        }
    }
    Ok(Zeroizing::new(doc.save_to_bytes().map_err(pdf_error)?))
}
