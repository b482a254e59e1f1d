//! Owns the still-image decoding cascade: which scales, crops and binarisations are tried, in
//! which order (cheapest and most likely first), under a time budget, with scratch buffers that
//! are reused from one call to the next.

use super::binarize::{self, Integral};
use super::engine::{self, Detected};
use super::error::QrError;
use super::frame::{Gray, Plane};
use super::geometry::{Homography, Point};
use super::finder::Finder;
use super::locate;
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
        DecodeOptions { budget: Duration::from_secs(1), exhaustive: false }
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
    /// Most finder patterns seen forming one plausible code (0..=3).
    pub finders: usize,
    /// Module size in source pixels of the best finder group seen (0 when none).
    pub finder_module_px: f32,
    /// Whether rqrr panicked (contained) during the call.
    pub panicked: bool,
    /// Index in the cascade of the first attempt that decoded something (diagnostics).
    pub decoded_at: Option<u32>,
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
    /// Midpoint of the local minimum and maximum over 5x5 tiles of `max(w,h) / div` pixels
    /// (clamped to 4..=16); flat areas fall back to Otsu.
    Midrange { div: usize },
}

/// Which image an attempt works on.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Level {
    /// The source, shrunk so the longer side is at most `base_side`.
    Base,
    /// The source scaled by the given factor (2.0 = doubled).
    Scaled(f32),
}

/// Which locators an attempt runs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Engines {
    /// Our finder scan + fitted sampling only (cheap).
    Locator,
    /// rqrr's region-based detector only (costlier, different failure modes).
    Rqrr,
    /// Both, ours first.
    Both,
}

#[derive(Debug, Clone, Copy)]
struct Attempt {
    level: Level,
    bin: Bin,
    invert: bool,
    engines: Engines,
    /// Unsharp-mask the working image first, and read modules from it (defocus blur).
    sharpen: bool,
}

const fn a(level: Level, bin: Bin, invert: bool, engines: Engines) -> Attempt {
    Attempt { level, bin, invert, engines, sharpen: false }
}

const fn sharp(level: Level, bin: Bin, invert: bool) -> Attempt {
    Attempt { level, bin, invert, engines: Locator, sharpen: true }
}

/// Local mean over a window of radius `max(w, h) / 24` (clamped to 6..=16 px): a few modules
/// for typical camera framing. Wider windows are biased by the bright quiet zone and fill in
/// the light ring of blurred finder patterns; this one is robust to lighting gradients, glare
/// edges and dark themes.
const AD_S: Bin = Bin::Adaptive { div: 24, offset: 5 };
/// Local mean over a wide window (`max(w, h) / 8`): keeps the cores of large finder patterns.
const AD_L: Bin = Bin::Adaptive { div: 8, offset: 4 };
/// Block midrange threshold, tiles of `max(w, h) / 80` pixels.
const MID: Bin = Bin::Midrange { div: 80 };

use Engines::{Both, Locator, Rqrr};
use Level::{Base, Scaled};

/// The cascade, in order: cheap locator passes over the base image first (normal, then
/// inverted), then rqrr over the same bitmaps, then full resolution (when the base was
/// shrunk), 2x (small codes), 1/2 and 3x.
const PLAN: &[Attempt] = &[
    a(Base, MID, false, Locator),
    a(Base, MID, true, Locator),
    a(Base, AD_S, false, Locator),
    a(Base, AD_S, true, Locator),
    a(Base, Bin::Otsu, false, Locator),
    a(Base, AD_L, false, Locator),
    a(Base, Bin::Otsu, true, Locator),
    a(Base, AD_L, true, Locator),
    sharp(Base, MID, false),
    sharp(Base, MID, true),
    a(Base, AD_S, false, Rqrr),
    a(Base, AD_L, false, Rqrr),
    a(Base, Bin::Otsu, false, Rqrr),
    a(Base, AD_S, true, Rqrr),
    a(Base, AD_L, true, Rqrr),
    a(Base, Bin::Otsu, true, Rqrr),
    a(Scaled(1.0), MID, false, Both),
    a(Scaled(1.0), MID, true, Both),
    a(Scaled(1.0), AD_S, false, Both),
    a(Scaled(1.0), AD_S, true, Both),
    a(Scaled(2.0), MID, false, Both),
    a(Scaled(2.0), MID, true, Both),
    a(Scaled(2.0), AD_S, false, Both),
    a(Scaled(2.0), AD_S, true, Both),
    a(Scaled(2.0), AD_L, false, Both),
    a(Scaled(2.0), AD_L, true, Both),
    a(Scaled(0.5), AD_L, false, Both),
    a(Scaled(0.5), AD_L, true, Both),
    a(Scaled(3.0), AD_S, false, Both),
    a(Scaled(3.0), AD_S, true, Both),
];

/// Longest side of the base working image.
const BASE_SIDE: usize = 640;
/// Never build a working image with more pixels than this.
const MAX_WORK_PIXELS: usize = 4_500_000;

/// Reusable decoder state: scratch buffers kept across calls to avoid allocation storms.
#[derive(Debug, Default)]
pub struct Decoder {
    work: Gray,
    sharp: Gray,
    /// Running estimate of step cost in ns per working-image pixel, per `Engines` kind.
    ns_per_px: [f64; 3],
    integral: Integral,
    midrange: binarize::Midrange,
    integral_for: Option<(usize, usize, u64)>,
    bits: Vec<u8>,
    sampler: Sampler,
    finders: Vec<Finder>,
    located: Vec<locate::Located>,
}

/// A decoded payload found during a call.
pub(crate) struct Found {
    text: String,
    corners: [Point; 4],
}

pub(crate) fn into_symbols(found: Vec<Found>) -> Vec<QrSymbol> {
    found.into_iter().map(|f| QrSymbol { text: f.text, corners: f.corners }).collect()
}

impl Decoder {
    /// A decoder with empty scratch buffers (they grow on first use and are then reused).
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs the cascade on `src`. Returns the decoded symbols (deduplicated by text) and stats.
    pub(crate) fn run(&mut self, src: &Plane<'_>, opts: &DecodeOptions) -> (Vec<QrSymbol>, DecodeStats) {
        let deadline = Instant::now() + opts.budget;
        let mut stats = DecodeStats::default();
        let mut found: Vec<Found> = Vec::new();
        self.run_steps(src, 0..PLAN.len(), deadline, true, opts.exhaustive, MAX_WORK_PIXELS, &mut found, &mut stats);
        (into_symbols(found), stats)
    }

    /// Number of steps in the cascade (checked against the live scanner's order).
    #[cfg(test)]
    pub(crate) fn plan_len() -> usize {
        PLAN.len()
    }

    /// Runs the given cascade steps in order until one decodes everything it located (unless
    /// `exhaustive`) or `deadline` passes (the first step always runs if `first_always_runs`;
    /// a step predicted to overrun the deadline is not started). Steps whose working
    /// image would exceed `max_pixels` are skipped. Returns how many of the steps were consumed
    /// (run or skipped as not applicable).
    pub(crate) fn run_steps(
        &mut self,
        src: &Plane<'_>,
        steps: impl IntoIterator<Item = usize>,
        deadline: Instant,
        first_always_runs: bool,
        exhaustive: bool,
        max_pixels: usize,
        found: &mut Vec<Found>,
        stats: &mut DecodeStats,
    ) -> usize {
        let long = src.w.max(src.h).max(1);
        let base_factor = long.div_ceil(BASE_SIDE).max(1);
        let mut current: Option<Level> = None;
        let mut work_scale = 1.0f32;
        let mut consumed = 0usize;
        let mut ran_any = false;
        let mut skipped_one = false;
        for i in steps {
            let Some(att) = PLAN.get(i) else { break };
            if (ran_any || !first_always_runs) && Instant::now() >= deadline {
                stats.out_of_time = true;
                break;
            }
            consumed += 1;
            // Resolve the level into a concrete scale of the source.
            let s = match att.level {
                Level::Base => 1.0 / base_factor as f32,
                Level::Scaled(s) => s,
            };
            if att.level != Level::Base && (s - 1.0 / base_factor as f32).abs() < 1e-3 {
                continue; // same image as Base
            }
            let pixels = (src.w as f32 * s) * (src.h as f32 * s);
            if pixels > max_pixels.min(MAX_WORK_PIXELS) as f32 || (s > 1.0 && src.w.min(src.h) as f32 * s > 2400.0) {
                continue;
            }
            if (src.w as f32 * s) < 21.0 || (src.h as f32 * s) < 21.0 {
                continue;
            }
            // Do not start a step that is predicted to overrun the deadline by itself (it
            // stays first in line for the next call when the caller round-robins).
            let engine_kind = att.engines as usize;
            let predicted = Duration::from_nanos((self.ns_per_px[engine_kind] * f64::from(pixels)) as u64);
            if (ran_any || !first_always_runs) && Instant::now() + predicted > deadline {
                stats.out_of_time = true;
                if !ran_any && !first_always_runs && !skipped_one {
                    // Live mode: a step that cannot fit this frame's remaining budget is
                    // passed over for this cycle (counted as consumed) so the round robin
                    // keeps moving; it gets another chance next cycle.
                    skipped_one = true;
                    continue;
                }
                consumed -= 1;
                break;
            }
            if current != Some(att.level) {
                if att.level == Level::Base && base_factor > 1 {
                    scale::downscale(src, base_factor, &mut self.work);
                } else if (s - 1.0).abs() < 1e-3 {
                    scale::copy(src, &mut self.work);
                } else {
                    scale::rescale(src, s, &mut self.work);
                }
                current = Some(att.level);
                self.integral_for = None;
                work_scale = self.work.w as f32 / src.w.max(1) as f32;
            }
            ran_any = true;
            let step_start = Instant::now();
            let work = std::mem::take(&mut self.work);
            let all_ok = if att.sharpen {
                let key = (work.w, work.h, work.data.len() as u64);
                if self.integral_for != Some(key) {
                    self.integral.compute(&work);
                }
                let mut sharp = std::mem::take(&mut self.sharp);
                self.integral.unsharp(&work, 2, 1.5, &mut sharp);
                // The integral no longer matches any image we keep.
                self.integral_for = None;
                let ok = self.attempt(src, &sharp, att, work_scale, found, stats, exhaustive, deadline);
                self.integral_for = None;
                self.sharp = sharp;
                ok
            } else {
                self.attempt(src, &work, att, work_scale, found, stats, exhaustive, deadline)
            };
            self.work = work;
            let ns = step_start.elapsed().as_nanos() as f64 / f64::from(pixels.max(1.0));
            let ema = &mut self.ns_per_px[engine_kind];
            *ema = if *ema == 0.0 { ns } else { 0.7 * *ema + 0.3 * ns };
            if stats.decoded_at.is_none() && !found.is_empty() {
                stats.decoded_at = Some(i as u32);
            }
            if !exhaustive && !found.is_empty() && all_ok {
                break;
            }
        }
        // The work image changes from call to call; never reuse its integral across calls.
        self.integral_for = None;
        consumed
    }

    /// One binarise-detect-decode attempt on `img`, whose pixel (x, y) is source pixel
    /// (x / scale + ox, y / scale + oy). Returns true when every located grid decoded.
    #[allow(clippy::too_many_arguments)]
    fn attempt(
        &mut self,
        src: &Plane<'_>,
        img: &Gray,
        att: &Attempt,
        scale: f32,
        found: &mut Vec<Found>,
        stats: &mut DecodeStats,
        exhaustive: bool,
        deadline: Instant,
    ) -> bool {
        let (bin, invert) = (att.bin, att.invert);
        let (ox, oy) = (0.0f32, 0.0f32);
        stats.attempts += 1;
        match bin {
            Bin::Adaptive { div, offset } => {
                let key = (img.w, img.h, img.data.len() as u64);
                if self.integral_for != Some(key) {
                    self.integral.compute(img);
                    self.integral_for = Some(key);
                }
                let r = if div >= 16 {
                    (img.w.max(img.h) / div).clamp(6, 16)
                } else {
                    (img.w.max(img.h) / div).max(4)
                };
                self.integral.adaptive(img, r, offset, invert, &mut self.bits);
            }
            Bin::Otsu => {
                let t = binarize::otsu(img);
                binarize::global(img, t, invert, &mut self.bits);
            }
            Bin::Midrange { div } => {
                // Only flat tiles use it, so a subsampled estimate is enough.
                let t = binarize::otsu_sampled(img, 4);
                let block = (img.w.max(img.h) / div).clamp(4, 16);
                self.midrange.binarize(img, block, 24, t, invert, &mut self.bits);
            }
        }
        // 1. Our locator: fast finder scan + fitted perspective sampling.
        self.located.clear();
        if att.engines != Rqrr {
        // Sharpened attempts read modules from the sharpened working image itself.
        let work_plane = img.plane();
        let (source, loc_scale) = if att.sharpen { (&work_plane, 1.0) } else { (src, f64::from(scale)) };
        let info = locate::locate_and_decode(
            img,
            source,
            loc_scale,
            &self.bits,
            !invert,
            &mut self.finders,
            &mut self.sampler,
            6,
            deadline,
            &mut self.located,
        );
        stats.panicked |= info.panicked;
        if info.finders > stats.finders
            || (info.finders == stats.finders && info.module_px / scale > stats.finder_module_px)
        {
            stats.finders = info.finders;
            stats.finder_module_px = info.module_px / scale.max(1e-6);
        }
        let located_any = !self.located.is_empty();
        let s = scale.max(1e-6);
        for l in self.located.drain(..) {
            let text = payload_to_string(l.payload);
            if !found.iter().any(|f| f.text == text) {
                let corners = l.corners.map(|p| Point { x: p.x / s + ox, y: p.y / s + oy });
                found.push(Found { text, corners });
            }
        }
        if located_any {
            stats.located = true;
            if !exhaustive {
                return true;
            }
        }
        }
        if att.engines == Locator {
            return true;
        }
        // 2. rqrr's own locator (region-based finder detection, different failure modes).
        let out = engine::detect_and_decode(&self.bits, img.w, img.h);
        stats.panicked |= out.panicked;
        let mut all_ok = true;
        for d in out.grids {
            stats.located = true;
            let payload = match d.payload.clone() {
                Some(p) => Some(p),
                None => match self.sampler.resample_rqrr(&img.plane(), &d.bounds, d.modules, !invert, 30) {
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
    src: &Plane<'_>,
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
