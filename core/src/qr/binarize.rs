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
        let off = u64::from(offset);
        let stride = w + 1;
        for y in 0..h {
            let y0 = y.saturating_sub(r);
            let y1 = (y + r + 1).min(h);
            let rows = (y1 - y0) as u64;
            let top = &self.sums[y0 * stride..(y0 + 1) * stride];
            let bot = &self.sums[y1 * stride..(y1 + 1) * stride];
            let row = &g.data[y * w..(y + 1) * w];
            let orow = &mut out[y * w..(y + 1) * w];
            for (x, (o, &p)) in orow.iter_mut().zip(row).enumerate() {
                let x0 = x.saturating_sub(r);
                let x1 = (x + r + 1).min(w);
                let area = (x1 - x0) as u64 * rows;
                let sum = u64::from(
                    bot[x1].wrapping_sub(bot[x0]).wrapping_sub(top[x1]).wrapping_add(top[x0]),
                );
                let p = u64::from(p);
                // p < mean - off  <=>  (p + off) * area < sum, without a division.
                let black = if invert {
                    p * area > sum + off * area
                } else {
                    (p + off) * area < sum
                };
                *o = u8::from(black);
            }
        }
    }
}

impl Integral {
    /// Unsharp mask: `p + amount * (p - mean of the (2r+1)^2 box)`, clamped, into `out`.
    /// Undoes some defocus blur before thresholding and sampling. `self` must hold the
    /// integral of `g`.
    pub fn unsharp(&self, g: &Gray, radius: usize, amount: f32, out: &mut Gray) {
        let (w, h) = (g.w, g.h);
        out.w = w;
        out.h = h;
        out.data.clear();
        out.data.resize(w * h, 0);
        if w == 0 || h == 0 || self.w != w || self.h != h {
            return;
        }
        let r = radius.max(1);
        let stride = w + 1;
        for y in 0..h {
            let y0 = y.saturating_sub(r);
            let y1 = (y + r + 1).min(h);
            let top = &self.sums[y0 * stride..(y0 + 1) * stride];
            let bot = &self.sums[y1 * stride..(y1 + 1) * stride];
            let row = &g.data[y * w..(y + 1) * w];
            let orow = &mut out.data[y * w..(y + 1) * w];
            for (x, (o, &p)) in orow.iter_mut().zip(row).enumerate() {
                let x0 = x.saturating_sub(r);
                let x1 = (x + r + 1).min(w);
                let area = ((x1 - x0) * (y1 - y0)) as f32;
                let sum = bot[x1].wrapping_sub(bot[x0]).wrapping_sub(top[x1]).wrapping_add(top[x0]) as f32;
                let p = f32::from(p);
                *o = (p + amount * (p - sum / area)).clamp(0.0, 255.0) as u8;
            }
        }
    }
}

/// Otsu's global threshold over the whole image.
pub(crate) fn otsu(g: &Gray) -> u8 {
    otsu_sampled(g, 1)
}

/// Otsu's threshold over every `step`-th pixel of every `step`-th row (cheap estimate).
pub(crate) fn otsu_sampled(g: &Gray, step: usize) -> u8 {
    let step = step.max(1);
    let mut hist = [0u64; 256];
    let mut total = 0u64;
    for row in g.data.chunks(g.w.max(1)).step_by(step) {
        for &p in row.iter().step_by(step) {
            hist[p as usize] += 1;
            total += 1;
        }
    }
    if total == 0 {
        return 128;
    }
    let sum_all: f64 = hist.iter().enumerate().map(|(i, &c)| i as f64 * c as f64).sum();
    let (mut w_b, mut sum_b, mut best, mut best_t) = (0f64, 0f64, -1f64, 128u8);
    for (t, &count) in hist.iter().enumerate() {
        w_b += count as f64;
        if w_b == 0.0 {
            continue;
        }
        let w_f = total as f64 - w_b;
        if w_f == 0.0 {
            break;
        }
        sum_b += t as f64 * count as f64;
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

/// Block "midrange" threshold: the image is cut into `block x block` tiles; each tile's
/// threshold is the midpoint between the darkest and lightest pixel of the 5x5 tiles around
/// it. Unlike a local mean, the midpoint does not depend on how much of the window is quiet
/// zone, so the thin light ring of a small, blurred finder pattern stays light. Tiles whose
/// neighbourhood has less than `min_contrast` grey levels of range are flat and use the
/// global threshold `flat` instead.
#[derive(Debug, Default)]
pub(crate) struct Midrange {
    mins: Vec<u8>,
    maxs: Vec<u8>,
    thresholds: Vec<u8>,
    row_min: Vec<u8>,
    row_max: Vec<u8>,
}

impl Midrange {
    pub fn binarize(&mut self, g: &Gray, block: usize, min_contrast: u8, flat: u8, invert: bool, out: &mut Vec<u8>) {
        let (w, h) = (g.w, g.h);
        out.clear();
        out.resize(w * h, 0);
        let b = block.max(2);
        let (bw, bh) = (w.div_ceil(b), h.div_ceil(b));
        if w == 0 || h == 0 {
            return;
        }
        self.mins.clear();
        self.mins.resize(bw * bh, 255);
        self.maxs.clear();
        self.maxs.resize(bw * bh, 0);
        // Column-wise min/max over each band of `b` rows (vectorises), then per tile.
        self.row_min.clear();
        self.row_min.resize(w, 255);
        self.row_max.clear();
        self.row_max.resize(w, 0);
        for by in 0..bh {
            self.row_min.fill(255);
            self.row_max.fill(0);
            for y in by * b..((by + 1) * b).min(h) {
                let row = &g.data[y * w..(y + 1) * w];
                for ((mn, mx), &p) in self.row_min.iter_mut().zip(self.row_max.iter_mut()).zip(row) {
                    *mn = (*mn).min(p);
                    *mx = (*mx).max(p);
                }
            }
            let mins = &mut self.mins[by * bw..(by + 1) * bw];
            let maxs = &mut self.maxs[by * bw..(by + 1) * bw];
            for ((mn, mx), (cmin, cmax)) in mins
                .iter_mut()
                .zip(maxs.iter_mut())
                .zip(self.row_min.chunks(b).zip(self.row_max.chunks(b)))
            {
                *mn = cmin.iter().copied().fold(255u8, u8::min);
                *mx = cmax.iter().copied().fold(0u8, u8::max);
            }
        }
        self.thresholds.clear();
        self.thresholds.resize(bw * bh, flat);
        for by in 0..bh {
            let (y0, y1) = (by.saturating_sub(2), (by + 3).min(bh));
            for bx in 0..bw {
                let (x0, x1) = (bx.saturating_sub(2), (bx + 3).min(bw));
                let (mut lo, mut hi) = (255u8, 0u8);
                for yy in y0..y1 {
                    for xx in x0..x1 {
                        lo = lo.min(self.mins[yy * bw + xx]);
                        hi = hi.max(self.maxs[yy * bw + xx]);
                    }
                }
                if hi.saturating_sub(lo) >= min_contrast {
                    self.thresholds[by * bw + bx] = ((u16::from(lo) + u16::from(hi)) / 2) as u8;
                }
            }
        }
        // Expand the tile thresholds of each band into a per-pixel row once, then compare
        // whole rows (vectorises).
        let flip = u8::from(invert);
        for by in 0..bh {
            let trow = &self.thresholds[by * bw..(by + 1) * bw];
            self.row_min.clear();
            for &t in trow {
                self.row_min.extend(std::iter::repeat_n(t, b));
            }
            self.row_min.truncate(w);
            for y in by * b..((by + 1) * b).min(h) {
                let row = &g.data[y * w..(y + 1) * w];
                let orow = &mut out[y * w..(y + 1) * w];
                for ((o, &p), &t) in orow.iter_mut().zip(row).zip(&self.row_min) {
                    *o = u8::from(p <= t) ^ flip;
                }
            }
        }
    }
}
