//! Owns the still-image decoding cascade: which scales, crops and binarisations are tried, in
//! which order (cheapest and most likely first), under a time budget, with scratch buffers that
//! are reused from one call to the next.

use super::binarize::{self, Integral};
use super::engine::{self, Detected};
use super::error::QrError;
use super::frame::Gray;
use super::geometry::{Homography, Point};
use super::sampler::{Resampled, Sampler};
use super::scale;
use super::text::payload_to_string;
use super::QrSymbol;
use std::time::{Duration, Instant};

/// Options for one decode call.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// Soft time budget for the call. The cascade stops starting new attempts once it is spent
    /// (an attempt already running finishes). The first attempt always runs.
    pub budget: Duration,
    /// Keep searching after a code was decoded, to find every code in the image. When false,
    /// the cascade stops at the first attempt in which every located code decoded.
    pub exhaustive: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions { budget: Duration::from_millis(400), exhaustive: false }
    }
}

/// What happened during a call, for hints and diagnostics.
#[derive(Debug, Clone, Default)]
pub struct DecodeStats {
    /// Number of binarised images handed to rqrr.
    pub attempts: u32,
    /// Whether any attempt located a grid (three finder patterns forming a code).
    pub located: bool,
    /// Smallest module size, in source pixels, of a located grid that did not decode
    /// (0 when none).
    pub undecoded_module_px: f32,
    /// Whether rqrr panicked (contained) during the call.
    pub panicked: bool,
    /// Whether the budget ran out before the cascade finished.
    pub out_of_time: bool,
}

/// How an attempt turns greyscale into black and white.
#[derive(Debug, Clone, Copy)]
enum Bin {
    /// Local mean over a window of radius `max(w,h) / div`, with an offset in grey levels.
    Adaptive { div: usize, offset: u8 },
    /// Otsu's global threshold.
    Otsu,
}

/// Which image an attempt works on.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Level {
    /// The source, shrunk so the longer side is at most `base_side`.
    Base,
    /// The source scaled by the given factor (2.0 = doubled).
    Scaled(f32),
}

#[derive(Debug, Clone, Copy)]
struct Attempt {
    level: Level,
    bin: Bin,
    invert: bool,
}

const fn a(level: Level, bin: Bin, invert: bool) -> Attempt {
    Attempt { level, bin, invert }
}

const AD8: Bin = Bin::Adaptive { div: 8, offset: 4 };
const AD24: Bin = Bin::Adaptive { div: 24, offset: 6 };

/// The cascade, in order.
const PLAN: &[Attempt] = &[
    a(Level::Base, AD8, false),
    a(Level::Base, AD8, true),
    a(Level::Base, Bin::Otsu, false),
    a(Level::Base, Bin::Otsu, true),
    a(Level::Base, AD24, false),
    a(Level::Base, AD24, true),
    a(Level::Scaled(2.0), AD8, false),
    a(Level::Scaled(2.0), AD8, true),
    a(Level::Scaled(2.0), AD24, false),
    a(Level::Scaled(2.0), AD24, true),
    a(Level::Scaled(1.0), AD8, false),
    a(Level::Scaled(1.0), AD8, true),
    a(Level::Scaled(0.5), AD8, false),
    a(Level::Scaled(0.5), AD8, true),
    a(Level::Scaled(3.0), AD8, false),
    a(Level::Scaled(3.0), AD8, true),
];

/// Longest side of the base working image.
const BASE_SIDE: usize = 1024;
/// Never build a working image with more pixels than this.
const MAX_WORK_PIXELS: usize = 4_500_000;

/// Reusable decoder state: scratch buffers kept across calls to avoid allocation storms.
#[derive(Debug, Default)]
pub struct Decoder {
    work: Gray,
    integral: Integral,
    integral_for: Option<(usize, usize, u64)>,
    bits: Vec<u8>,
    sampler: Sampler,
}

struct Found {
    text: String,
    corners: [Point; 4],
}

impl Decoder {
    /// A decoder with empty scratch buffers (they grow on first use and are then reused).
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs the cascade on `src`. Returns the decoded symbols (deduplicated by text) and stats.
    pub(crate) fn run(
        &mut self,
        src: &Gray,
        opts: &DecodeOptions,
    ) -> (Vec<QrSymbol>, DecodeStats) {
        let start = Instant::now();
        let mut stats = DecodeStats::default();
        let mut found: Vec<Found> = Vec::new();
        let long = src.w.max(src.h).max(1);
        let base_factor = long.div_ceil(BASE_SIDE).max(1);
        let mut current: Option<Level> = None;
        let mut work_scale = 1.0f32;
        for (i, att) in PLAN.iter().enumerate() {
            if i > 0 && start.elapsed() >= opts.budget {
                stats.out_of_time = true;
                break;
            }
            // Resolve the level into a concrete scale of the source.
            let s = match att.level {
                Level::Base => 1.0 / base_factor as f32,
                Level::Scaled(s) => s,
            };
            if att.level != Level::Base && (s - 1.0 / base_factor as f32).abs() < 1e-3 {
                continue; // same image as Base
            }
            let pixels = (src.w as f32 * s) * (src.h as f32 * s);
            if pixels > MAX_WORK_PIXELS as f32 || (s > 1.0 && src.w.min(src.h) as f32 * s > 2400.0)
            {
                continue;
            }
            if (src.w as f32 * s) < 21.0 || (src.h as f32 * s) < 21.0 {
                continue;
            }
            if current != Some(att.level) {
                if att.level == Level::Base && base_factor > 1 {
                    scale::downscale(src, base_factor, &mut self.work);
                } else if (s - 1.0).abs() < 1e-3 {
                    self.work.w = src.w;
                    self.work.h = src.h;
                    self.work.data.clear();
                    self.work.data.extend_from_slice(&src.data);
                } else {
                    scale::crop_scaled(src, 0, 0, src.w, src.h, s, &mut self.work);
                }
                current = Some(att.level);
                self.integral_for = None;
                work_scale = self.work.w as f32 / src.w.max(1) as f32;
            }
            let work = std::mem::take(&mut self.work);
            let before = found.len();
            let all_ok = self.attempt(&work, att.bin, att.invert, work_scale, 0.0, 0.0, &mut found, &mut stats);
            self.work = work;
            if !opts.exhaustive && !found.is_empty() && all_ok {
                break;
            }
            let _ = before;
        }
        let symbols = found
            .into_iter()
            .map(|f| QrSymbol { text: f.text, corners: f.corners })
            .collect();
        (symbols, stats)
    }

    /// One binarise-detect-decode attempt on `img`, whose pixel (x, y) is source pixel
    /// (x / scale + ox, y / scale + oy). Returns true when every located grid decoded.
    #[allow(clippy::too_many_arguments)]
    fn attempt(
        &mut self,
        img: &Gray,
        bin: Bin,
        invert: bool,
        scale: f32,
        ox: f32,
        oy: f32,
        found: &mut Vec<Found>,
        stats: &mut DecodeStats,
    ) -> bool {
        stats.attempts += 1;
        match bin {
            Bin::Adaptive { div, offset } => {
                let key = (img.w, img.h, img.data.len() as u64);
                if self.integral_for != Some(key) {
                    self.integral.compute(img);
                    self.integral_for = Some(key);
                }
                let r = (img.w.max(img.h) / div).max(4);
                self.integral.adaptive(img, r, offset, invert, &mut self.bits);
            }
            Bin::Otsu => {
                let t = binarize::otsu(img);
                binarize::global(img, t, invert, &mut self.bits);
            }
        }
        let out = engine::detect_and_decode(&self.bits, img.w, img.h);
        stats.panicked |= out.panicked;
        let mut all_ok = true;
        for d in out.grids {
            stats.located = true;
            let payload = match d.payload.clone() {
                Some(p) => Some(p),
                None => match self.sampler.resample(img, &d.bounds, d.modules, !invert, 30) {
                    Resampled::Decoded(p) => Some(p),
                    Resampled::Failed { panicked } => {
                        stats.panicked |= panicked;
                        None
                    }
                },
            };
            let corners = to_source_corners(&d, scale, ox, oy);
            match payload {
                Some(p) => {
                    let text = payload_to_string(p);
                    if !found.iter().any(|f| f.text == text) {
                        found.push(Found { text, corners });
                    }
                }
                None => {
                    all_ok = false;
                    let module_px = module_size(&corners, d.modules);
                    if stats.undecoded_module_px == 0.0 || module_px < stats.undecoded_module_px {
                        stats.undecoded_module_px = module_px;
                    }
                }
            }
        }
        all_ok
    }
}

/// Converts rqrr bounds (grid coords (0,0)..(n+1,n+1)) to the code's true outer corners
/// (grid coords (0,0)..(n,n)) in source pixels.
fn to_source_corners(d: &Detected, scale: f32, ox: f32, oy: f32) -> [Point; 4] {
    let n = d.modules as f64;
    let t = n / (n + 1.0);
    let uv = [(0.0, 0.0), (t, 0.0), (t, t), (0.0, t)];
    let h = Homography::square_to_quad(&d.bounds);
    let mut out = [Point::default(); 4];
    for (o, (i, &(u, v))) in out.iter_mut().zip(uv.iter().enumerate()) {
        let (x, y) = match &h {
            Some(h) => h.map(u, v),
            None => (f64::from(d.bounds[i].x), f64::from(d.bounds[i].y)),
        };
        let s = f64::from(scale.max(1e-6));
        *o = Point { x: (x / s) as f32 + ox, y: (y / s) as f32 + oy };
    }
    out
}

/// Average module size in pixels of a code with the given outer corners.
fn module_size(c: &[Point; 4], modules: usize) -> f32 {
    let d = |p: Point, q: Point| ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt();
    let side = (d(c[0], c[1]) + d(c[1], c[2]) + d(c[2], c[3]) + d(c[3], c[0])) / 4.0;
    side / modules.max(1) as f32
}

/// Entry point shared by the public functions: runs the cascade, maps "nothing" to errors.
pub(crate) fn decode_gray(
    dec: &mut Decoder,
    src: &Gray,
    opts: &DecodeOptions,
) -> Result<(Vec<QrSymbol>, DecodeStats), QrError> {
    let (symbols, stats) = dec.run(src, opts);
    if symbols.is_empty() {
        if stats.panicked && !stats.located {
            return Err(QrError::DecoderFault);
        }
        return Err(QrError::NoQrCode);
    }
    Ok((symbols, stats))
}
