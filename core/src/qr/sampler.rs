//! Owns reading a module grid from greyscale through a geometric map: sampling module centres
//! (with sub-module offsets), thresholding the samples two ways, and handing each candidate grid
//! to rqrr's decoder. Used when rqrr locates a grid but cannot read it from its own binarised
//! sampling, and for grids located by our own finder search.

use super::engine::{self, Payload};
use super::format;
use super::frame::Plane;
use super::geometry::{Homography, Point};

/// Scratch buffers reused between calls.
#[derive(Debug, Default)]
pub(crate) struct Sampler {
    samples: Vec<f32>,
    bits: Vec<bool>,
    integ: Vec<f32>,
    ranked: Vec<(usize, Vec<bool>)>,
    deblurred: Vec<f32>,
    /// Hashes of the grids already decoded (or queued) in this call.
    tried: Vec<u64>,
}

/// At most this many clean-looking grids are decoded right away per call; the rest are
/// ranked with the others (each rqrr decode costs about a millisecond).
const MAX_IMMEDIATE_DECODES: usize = 4;

/// FNV-1a over the module bits.
fn grid_hash(bits: &[bool]) -> u64 {
    bits.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// How sampled module values become bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Threshold {
    /// Midpoint of the darkest and lightest sample.
    Global,
    /// Mean of the samples within +-4 modules.
    Local,
    /// `Local` after pushing each sample away from its four neighbours (blur).
    Deblur,
}

/// Strength of the `Deblur` correction.
const DEBLUR: f32 = 0.8;

/// Fixed-pattern error rate at or below which a sampled grid is decoded immediately.
const CLEAN_RATE: f32 = 0.04;
/// Fixed-pattern error rate above which a sampled grid is not worth a decode.
const MAX_RATE: f32 = 0.3;
/// How many of the remaining grids (best first) are decoded.
const MAX_RANKED_DECODES: usize = 3;

/// Counts modules of the finder patterns, their separators and the timing patterns that
/// disagree with the QR layout; returns (errors, modules checked).
pub(crate) fn fixed_pattern_errors(bits: &[bool], size: usize) -> (usize, usize) {
    if size < 21 || bits.len() < size * size {
        return (0, 0);
    }
    let at = |x: usize, y: usize| bits[y * size + x];
    let (mut errors, mut total) = (0usize, 0usize);
    let mut check = |x: usize, y: usize, dark: bool| {
        total += 1;
        if at(x, y) != dark {
            errors += 1;
        }
    };
    for (ox, oy) in [(0, 0), (size - 7, 0), (0, size - 7)] {
        for j in 0..7 {
            for i in 0..7 {
                let d = (i as isize - 3).abs().max((j as isize - 3).abs());
                check(ox + i, oy + j, d != 2);
            }
        }
    }
    // Separators: the light row and column between each finder and the data.
    for k in 0..8 {
        check(k, 7, false);
        check(7, k, false);
        check(size - 1 - k, 7, false);
        check(size - 8, k, false);
        check(k, size - 8, false);
        check(7, size - 1 - k, false);
    }
    for k in 8..size - 8 {
        check(k, 6, k % 2 == 0);
        check(6, k, k % 2 == 0);
    }
    (errors, total)
}

/// Outcome of a resampling attempt.
pub(crate) enum Resampled {
    Decoded(Payload),
    Failed { panicked: bool },
}

#[inline]
fn bilinear(g: &Plane<'_>, x: f64, y: f64) -> f32 {
    if g.w == 0 || g.h == 0 {
        return 255.0;
    }
    let x = x.clamp(0.0, (g.w - 1) as f64);
    let y = y.clamp(0.0, (g.h - 1) as f64);
    let (ix, iy) = (x as usize, y as usize);
    let (tx, ty) = ((x - ix as f64) as f32, (y - iy as f64) as f32);
    let ix1 = (ix + 1).min(g.w - 1);
    let iy1 = (iy + 1).min(g.h - 1);
    let p = |xx: usize, yy: usize| f32::from(g.px(xx, yy));
    let top = p(ix, iy) * (1.0 - tx) + p(ix1, iy) * tx;
    let bot = p(ix, iy1) * (1.0 - tx) + p(ix1, iy1) * tx;
    top * (1.0 - ty) + bot * ty
}

/// Sub-module offsets tried, in module units.
pub(crate) const OFFSETS: [(f64, f64); 5] =
    [(0.0, 0.0), (0.3, 0.0), (-0.3, 0.0), (0.0, 0.3), (0.0, -0.3)];

impl Sampler {
    /// Tries to decode a grid of `size` modules whose module coordinates map to pixel-centre
    /// coordinates of `g` through `map` (module (0,0)'s outer corner is grid point (0,0)).
    /// Stops after `max_attempts` decodes.
    pub fn decode_with_map<F: Fn(f64, f64) -> (f64, f64)>(
        &mut self,
        g: &Plane<'_>,
        size: usize,
        map: F,
        dark_is_black: bool,
        offsets: &[(f64, f64)],
        max_attempts: &mut usize,
    ) -> Resampled {
        let mut panicked = false;
        if !(21..=177).contains(&size) {
            return Resampled::Failed { panicked };
        }
        // Module size in pixels, to decide whether to average a few samples per module.
        let (ax, ay) = map(0.0, 0.0);
        let (bx, by) = map(size as f64, 0.0);
        let module = ((bx - ax).hypot(by - ay) / size as f64).max(0.0);
        // rqrr's Reed-Solomon stage costs about a millisecond per call on a version-9 code, so
        // sampled grids are ranked by how well their fixed patterns (finders, separators,
        // timing) came out, and only the plausible ones are handed to rqrr.
        self.ranked.clear();
        self.tried.clear();
        let mut immediate = 0usize;
        for &(dx, dy) in offsets {
            self.sample(g, size, &map, dx, dy, module >= 3.0);
            for mode in [Threshold::Global, Threshold::Local, Threshold::Deblur] {
                self.threshold(size, mode, dark_is_black);
                format::repair_unmasked_format(&mut self.bits, size);
                // Offsets and thresholds often agree exactly; decode each grid once.
                let key = grid_hash(&self.bits);
                if self.tried.contains(&key) {
                    continue;
                }
                self.tried.push(key);
                let (errors, total) = fixed_pattern_errors(&self.bits, size);
                let rate = errors as f32 / total.max(1) as f32;
                if rate <= CLEAN_RATE && immediate < MAX_IMMEDIATE_DECODES {
                    // Clean enough to try at once (the common case).
                    if *max_attempts == 0 {
                        return Resampled::Failed { panicked };
                    }
                    *max_attempts -= 1;
                    immediate += 1;
                    match engine::decode_modules(size, &self.bits) {
                        Ok(Some(p)) => return Resampled::Decoded(p),
                        Ok(None) => {}
                        Err(()) => panicked = true,
                    }
                } else if rate <= MAX_RATE {
                    self.ranked.push((errors, self.bits.clone()));
                }
            }
        }
        self.ranked.sort_by_key(|(e, _)| *e);
        for (_, bits) in self.ranked.iter().take(MAX_RANKED_DECODES) {
            if *max_attempts == 0 {
                break;
            }
            *max_attempts -= 1;
            match engine::decode_modules(size, bits) {
                Ok(Some(p)) => return Resampled::Decoded(p),
                Ok(None) => {}
                Err(()) => panicked = true,
            }
        }
        Resampled::Failed { panicked }
    }

    /// Second chance for a grid rqrr located (bounds in rqrr's convention, see
    /// `engine::Detected`) but could not decode: also tries the neighbouring grid sizes, since a
    /// misread timing pattern is a common cause.
    pub fn resample_rqrr(
        &mut self,
        g: &Plane<'_>,
        bounds: &[Point; 4],
        modules: usize,
        dark_is_black: bool,
        mut max_attempts: usize,
    ) -> Resampled {
        let Some(h) = Homography::square_to_quad(bounds) else {
            return Resampled::Failed { panicked: false };
        };
        let n = modules as f64;
        let mut panicked = false;
        for size in [modules as isize, modules as isize + 4, modules as isize - 4] {
            if !(21..=177).contains(&size) {
                continue;
            }
            let k = (n - 7.0) / (size as f64 - 7.0) / (n + 1.0);
            let map = |u: f64, v: f64| h.map(u * k, v * k);
            match self.decode_with_map(
                g,
                size as usize,
                map,
                dark_is_black,
                &OFFSETS,
                &mut max_attempts,
            ) {
                Resampled::Decoded(p) => return Resampled::Decoded(p),
                Resampled::Failed { panicked: p } => panicked |= p,
            }
        }
        Resampled::Failed { panicked }
    }

    fn sample<F: Fn(f64, f64) -> (f64, f64)>(
        &mut self,
        g: &Plane<'_>,
        size: usize,
        map: &F,
        dx: f64,
        dy: f64,
        average: bool,
    ) {
        self.samples.clear();
        for y in 0..size {
            for x in 0..size {
                let (u, v) = (x as f64 + 0.5 + dx, y as f64 + 0.5 + dy);
                let (px, py) = map(u, v);
                let mut s = bilinear(g, px, py);
                if average {
                    // Centre (weight 2) plus four points 0.2 module away along the local grid
                    // axes, from one extra map per axis (the map is locally affine).
                    let (ax, ay) = map(u + 0.2, v);
                    let (bx, by) = map(u, v + 0.2);
                    let (ex, ey) = (ax - px, ay - py);
                    let (fx, fy) = (bx - px, by - py);
                    let acc = s * 2.0
                        + bilinear(g, px + ex, py + ey)
                        + bilinear(g, px - ex, py - ey)
                        + bilinear(g, px + fx, py + fy)
                        + bilinear(g, px - fx, py - fy);
                    s = acc / 6.0;
                }
                self.samples.push(s);
            }
        }
    }

    fn threshold(&mut self, size: usize, mode: Threshold, dark_is_black: bool) {
        self.bits.clear();
        if mode == Threshold::Deblur {
            // Undo some inter-module blur: push each sample away from the mean of its four
            // neighbours, then threshold locally like `Local`.
            self.deblurred.clear();
            for y in 0..size {
                for x in 0..size {
                    let s = self.samples[y * size + x];
                    let (mut acc, mut n) = (0.0f32, 0.0f32);
                    for (dx, dy) in [(-1isize, 0isize), (1, 0), (0, -1), (0, 1)] {
                        let (nx, ny) = (x as isize + dx, y as isize + dy);
                        if nx >= 0 && ny >= 0 && (nx as usize) < size && (ny as usize) < size {
                            acc += self.samples[ny as usize * size + nx as usize];
                            n += 1.0;
                        }
                    }
                    let mean = if n > 0.0 { acc / n } else { s };
                    self.deblurred.push(s + DEBLUR * (s - mean));
                }
            }
            std::mem::swap(&mut self.samples, &mut self.deblurred);
            self.threshold(size, Threshold::Local, dark_is_black);
            std::mem::swap(&mut self.samples, &mut self.deblurred);
            return;
        }
        if mode == Threshold::Global {
            let (mut lo, mut hi) = (f32::MAX, f32::MIN);
            for &s in &self.samples {
                lo = lo.min(s);
                hi = hi.max(s);
            }
            let t = (lo + hi) / 2.0;
            self.bits
                .extend(self.samples.iter().map(|&s| (s < t) == dark_is_black));
            return;
        }
        // Local mean over a window of +-4 modules via an integral over the sample grid.
        let s1 = size + 1;
        self.integ.clear();
        self.integ.resize(s1 * s1, 0.0);
        for y in 0..size {
            let mut row = 0.0;
            for x in 0..size {
                row += self.samples[y * size + x];
                self.integ[(y + 1) * s1 + x + 1] = self.integ[y * s1 + x + 1] + row;
            }
        }
        let r = 4usize;
        for y in 0..size {
            for x in 0..size {
                let (x0, y0) = (x.saturating_sub(r), y.saturating_sub(r));
                let (x1, y1) = ((x + r + 1).min(size), (y + r + 1).min(size));
                let sum =
                    self.integ[y1 * s1 + x1] - self.integ[y0 * s1 + x1] - self.integ[y1 * s1 + x0]
                        + self.integ[y0 * s1 + x0];
                let mean = sum / ((x1 - x0) * (y1 - y0)) as f32;
                self.bits
                    .push((self.samples[y * size + x] < mean) == dark_is_black);
            }
        }
    }
}
