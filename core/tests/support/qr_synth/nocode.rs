//! Owns the generator of 1080p stills with no QR code in them (the give-up figures): a page of
//! text lines, a dark-theme page, a noisy photo-like texture and a checkerboard-ish UI with
//! square icons (finder-like squares are the hardest case for an early give-up).

use super::Rng;

/// One kind of still without a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoCode {
    /// Dark text bars on a light page with a lighting gradient.
    TextPage,
    /// Light text bars on a dark page.
    DarkPage,
    /// Smooth blobs plus sensor noise, like a photo of a desk.
    Photo,
    /// A grid of square icons with frames and dots (finder-like shapes).
    Icons,
}

/// Every kind, in report order.
pub const ALL_NOCODE: [NoCode; 4] = [
    NoCode::TextPage,
    NoCode::DarkPage,
    NoCode::Photo,
    NoCode::Icons,
];

impl NoCode {
    /// Short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            NoCode::TextPage => "nocode-text",
            NoCode::DarkPage => "nocode-dark",
            NoCode::Photo => "nocode-photo",
            NoCode::Icons => "nocode-icons",
        }
    }
}

/// Width and height of every still.
pub const SIZE: (usize, usize) = (1920, 1080);

fn bars(img: &mut [u8], rng: &mut Rng, ink: u8) {
    let (w, h) = SIZE;
    for _ in 0..400 {
        let (x0, y0) = (rng.below(w - 200), rng.below(h - 20));
        let (bw, bh) = (20 + rng.below(180), 6 + rng.below(10));
        for y in y0..y0 + bh {
            for x in x0..x0 + bw {
                img[y * w + x] = ink;
            }
        }
    }
}

/// The still of `kind` number `index` (deterministic), as packed 8-bit luma.
pub fn generate_nocode(kind: NoCode, index: u64) -> Vec<u8> {
    let (w, h) = SIZE;
    let mut rng = Rng::new(0x4e0c_0de0 + index * 31 + kind as u64);
    match kind {
        NoCode::TextPage => {
            let mut img: Vec<u8> = (0..w * h)
                .map(|i| (200.0 - 60.0 * (i % w) as f64 / w as f64) as u8)
                .collect();
            bars(&mut img, &mut rng, 40);
            img
        }
        NoCode::DarkPage => {
            let mut img = vec![28u8; w * h];
            bars(&mut img, &mut rng, 210);
            img
        }
        NoCode::Photo => {
            let blobs: Vec<(f64, f64, f64, f64)> = (0..12)
                .map(|_| {
                    (
                        rng.range(0.0, w as f64),
                        rng.range(0.0, h as f64),
                        rng.range(80.0, 400.0),
                        rng.range(-90.0, 90.0),
                    )
                })
                .collect();
            (0..w * h)
                .map(|i| {
                    let (x, y) = ((i % w) as f64, (i / w) as f64);
                    let mut v = 120.0;
                    for &(cx, cy, r, a) in &blobs {
                        let d2 = ((x - cx).powi(2) + (y - cy).powi(2)) / (r * r);
                        v += a * (-d2).exp();
                    }
                    (v + 6.0 * rng.gauss()).clamp(0.0, 255.0) as u8
                })
                .collect()
        }
        NoCode::Icons => {
            let mut img = vec![235u8; w * h];
            let side = 40 + rng.below(40);
            let gap = side / 2;
            let mut y0 = 60;
            while y0 + side < h {
                let mut x0 = 60;
                while x0 + side < w {
                    // A dark frame, a light ring and a dark dot: one finder-like icon in
                    // three, plain dark squares and rounded "app icons" for the rest.
                    let style = rng.below(3);
                    for y in y0..y0 + side {
                        for x in x0..x0 + side {
                            let (dx, dy) = (x - x0, y - y0);
                            let edge = dx.min(dy).min(side - 1 - dx).min(side - 1 - dy);
                            let dark = match style {
                                0 => edge < side / 7 || edge >= 2 * side / 7,
                                1 => true,
                                _ => edge >= side / 10,
                            };
                            if dark {
                                img[y * w + x] = 30 + (style as u8) * 30;
                            }
                        }
                    }
                    x0 += side + gap;
                }
                y0 += side + gap;
            }
            img
        }
    }
}
