//! Owns the second-chance reader: when rqrr locates a grid but cannot decode it from its own
//! binarised sampling, re-sample the module grid from the greyscale image with sub-module
//! offsets, neighbouring grid sizes and two thresholds, and hand each grid to rqrr's decoder.

use super::engine;
use super::frame::Gray;
use super::geometry::{Homography, Point};

/// Scratch buffers reused between calls.
#[derive(Debug, Default)]
pub(crate) struct Sampler {
    samples: Vec<f32>,
    bits: Vec<bool>,
    integ: Vec<f32>,
}

/// Outcome of a resampling attempt.
pub(crate) enum Resampled {
    Decoded(Vec<u8>),
    Failed { panicked: bool },
}

#[inline]
fn bilinear(g: &Gray, x: f64, y: f64) -> f32 {
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

impl Sampler {
    /// Tries to decode the grid whose rqrr bounds (see `engine::Detected`) are `bounds`, in the
    /// coordinates of `g`. `dark_is_black` false means the code is light-on-dark.
    pub fn resample(
        &mut self,
        g: &Gray,
        bounds: &[Point; 4],
        modules: usize,
        dark_is_black: bool,
        max_attempts: usize,
    ) -> Resampled {
        let Some(h) = Homography::square_to_quad(bounds) else {
            return Resampled::Failed { panicked: false };
        };
        let n = modules as f64;
        let mut panicked = false;
        let mut attempts = 0usize;
        let sizes = [modules as isize, modules as isize + 4, modules as isize - 4];
        const OFFS: [(f64, f64); 5] = [(0.0, 0.0), (0.3, 0.0), (-0.3, 0.0), (0.0, 0.3), (0.0, -0.3)];
        for &size in &sizes {
            if !(21..=177).contains(&size) {
                continue;
            }
            let size = size as usize;
            let k = (n - 7.0) / (size as f64 - 7.0);
            for &(dx, dy) in &OFFS {
                self.sample(g, &h, n, size, k, dx, dy);
                for local in [false, true] {
                    if attempts >= max_attempts {
                        return Resampled::Failed { panicked };
                    }
                    attempts += 1;
                    self.threshold(size, local, dark_is_black);
                    match engine::decode_modules(size, &self.bits) {
                        Ok(Some(p)) => return Resampled::Decoded(p),
                        Ok(None) => {}
                        Err(()) => panicked = true,
                    }
                }
            }
        }
        Resampled::Failed { panicked }
    }

    #[allow(clippy::too_many_arguments)]
    fn sample(&mut self, g: &Gray, h: &Homography, n: f64, size: usize, k: f64, dx: f64, dy: f64) {
        self.samples.clear();
        let denom = n + 1.0;
        for y in 0..size {
            for x in 0..size {
                let u = (x as f64 + 0.5 + dx) * k / denom;
                let v = (y as f64 + 0.5 + dy) * k / denom;
                let (px, py) = h.map(u, v);
                let c = bilinear(g, px, py);
                self.samples.push(c);
            }
        }
    }

    fn threshold(&mut self, size: usize, local: bool, dark_is_black: bool) {
        self.bits.clear();
        if !local {
            let (mut lo, mut hi) = (f32::MAX, f32::MIN);
            for &s in &self.samples {
                lo = lo.min(s);
                hi = hi.max(s);
            }
            let t = (lo + hi) / 2.0;
            self.bits.extend(self.samples.iter().map(|&s| (s < t) == dark_is_black));
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
                let sum = self.integ[y1 * s1 + x1] - self.integ[y0 * s1 + x1]
                    - self.integ[y1 * s1 + x0]
                    + self.integ[y0 * s1 + x0];
                let mean = sum / ((x1 - x0) * (y1 - y0)) as f32;
                self.bits.push((self.samples[y * size + x] < mean) == dark_is_black);
            }
        }
    }
}
