//! Owns turning greyscale into black/white bitmaps: a local (adaptive) mean threshold computed
//! once per image through an integral image, and a global Otsu threshold.

use super::frame::Gray;

/// Summed-area table of a greyscale image, reused across calls.
///
/// Sums are kept modulo 2^32 (wrapping arithmetic): any window sum below 2^32 is still exact,
/// and windows here are at most a few hundred pixels wide.
#[derive(Debug, Default)]
pub(crate) struct Integral {
    w: usize,
    h: usize,
    /// (w + 1) * (h + 1) entries; row 0 and column 0 are zero.
    sums: Vec<u32>,
}

impl Integral {
    pub fn compute(&mut self, g: &Gray) {
        let (w, h) = (g.w, g.h);
        self.w = w;
        self.h = h;
        let stride = w + 1;
        self.sums.clear();
        self.sums.resize(stride * (h + 1), 0);
        for y in 0..h {
            let mut row_sum: u32 = 0;
            let src = &g.data[y * w..(y + 1) * w];
            let (prev, cur) = self.sums.split_at_mut((y + 1) * stride);
            let prev = &prev[y * stride..];
            let cur = &mut cur[..stride];
            for x in 0..w {
                row_sum = row_sum.wrapping_add(u32::from(src[x]));
                cur[x + 1] = prev[x + 1].wrapping_add(row_sum);
            }
        }
    }

    /// Sum over the rectangle `[x0, x1) x [y0, y1)` (clamped by the caller).
    #[inline]
    fn rect(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> u32 {
        let s = self.w + 1;
        let a = self.sums[y0 * s + x0];
        let b = self.sums[y0 * s + x1];
        let c = self.sums[y1 * s + x0];
        let d = self.sums[y1 * s + x1];
        d.wrapping_sub(b).wrapping_sub(c).wrapping_add(a)
    }

    /// Local-mean threshold: a pixel is black when it is darker than the mean of the
    /// `(2r+1)^2` window around it by more than `offset` grey levels. `invert` swaps colours.
    /// Writes 0/1 bytes into `out` (resized to `w * h`).
    pub fn adaptive(&self, g: &Gray, radius: usize, offset: u8, invert: bool, out: &mut Vec<u8>) {
        let (w, h) = (g.w, g.h);
        out.clear();
        out.resize(w * h, 0);
        if w == 0 || h == 0 || self.w != w || self.h != h {
            return;
        }
        let r = radius.max(1);
        let off = i64::from(offset);
        for y in 0..h {
            let y0 = y.saturating_sub(r);
            let y1 = (y + r + 1).min(h);
            let row = &g.data[y * w..(y + 1) * w];
            let orow = &mut out[y * w..(y + 1) * w];
            for x in 0..w {
                let x0 = x.saturating_sub(r);
                let x1 = (x + r + 1).min(w);
                let area = ((x1 - x0) * (y1 - y0)) as i64;
                let sum = i64::from(self.rect(x0, y0, x1, y1));
                let p = i64::from(row[x]);
                // p < mean - off  <=>  (p + off) * area < sum, without a division.
                let black = if invert {
                    (p - off) * area > sum
                } else {
                    (p + off) * area < sum
                };
                orow[x] = u8::from(black);
            }
        }
    }
}

/// Otsu's global threshold over the whole image.
pub(crate) fn otsu(g: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &p in &g.data {
        hist[p as usize] += 1;
    }
    let total: u64 = g.data.len() as u64;
    if total == 0 {
        return 128;
    }
    let sum_all: f64 = hist.iter().enumerate().map(|(i, &c)| i as f64 * c as f64).sum();
    let (mut w_b, mut sum_b, mut best, mut best_t) = (0f64, 0f64, -1f64, 128u8);
    for t in 0..256 {
        w_b += hist[t] as f64;
        if w_b == 0.0 {
            continue;
        }
        let w_f = total as f64 - w_b;
        if w_f == 0.0 {
            break;
        }
        sum_b += t as f64 * hist[t] as f64;
        let m_b = sum_b / w_b;
        let m_f = (sum_all - sum_b) / w_f;
        let between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

/// Global threshold: black when `p <= t` (or `p > t` when inverted).
pub(crate) fn global(g: &Gray, t: u8, invert: bool, out: &mut Vec<u8>) {
    out.clear();
    out.extend(g.data.iter().map(|&p| u8::from((p <= t) != invert)));
}
