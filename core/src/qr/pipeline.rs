//! Owns the still-image decoding cascade: which scales, crops and binarisations are tried, in
//! which order (cheapest and most likely first), under a time budget, with scratch buffers that
//! are reused from one call to the next.

use super::binarize::{self, Integral};
use super::engine::{self, Detected};
use super::error::QrError;
use super::finder::Finder;
use super::frame::{Gray, Plane};
use super::geometry::{Homography, Point};
use super::locate;
use super::plan::{
    Attempt, Bin, Engines, Level, BASE_SIDE, GIVE_UP_AFTER, MAX_WORK_PIXELS, PLAN,
    TILE_MIN_SOURCE_PIXELS, TILE_OVERLAP, TILE_SIDE,
};
use super::sampler::{Resampled, Sampler};
use super::scale;
use super::text::payload_to_string;
use super::QrSymbol;
use std::time::{Duration, Instant};

/// Options for one decode call.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// Soft time budget for the call. No cascade step starts once it is spent, nor one
    /// predicted to overrun it; a step already running finishes. The first step always runs.
    pub budget: Duration,
    /// Keep searching after a code was decoded, to find every code in the image. When false,
    /// the cascade stops at the first attempt in which every located code decoded.
    pub exhaustive: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            budget: Duration::from_secs(1),
            exhaustive: false,
        }
    }
}

/// What happened during a call, for hints and diagnostics.
#[derive(Debug, Clone, Default)]
pub struct DecodeStats {
    /// Number of cascade steps run (each binarises one working image and runs its locators).
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
    /// Whether the cascade stopped early for lack of evidence of a code (no two finder
    /// candidates and no located grid after the full-resolution locator steps).
    pub gave_up: bool,
    /// Highest Reed–Solomon correction load (share of a block's capacity used, 0..=1) among
    /// the payloads returned.
    pub correction_load: f32,
    /// Decodes set aside because they were not proven by themselves (Reed–Solomon corrections
    /// a wrong grid could plausibly produce) and no independent read confirmed them yet (see
    /// `docs/qr.md`, "Never a wrong payload").
    pub unconfirmed: u32,
    /// Milliseconds spent per cascade step run, in order: (step index, ms).
    pub step_ms: Vec<(u32, f32)>,
    /// Milliseconds spent in binarisation, our locator + sampler (including its rqrr
    /// decodes), and rqrr's own detector, over the whole call.
    pub phase_ms: [f32; 3],
}

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
    /// Decodes not proven by themselves, awaiting an independent confirmation.
    pending: Vec<Pending>,
    /// Stats of the last still-image call, also when it found nothing.
    last_stats: DecodeStats,
}

/// Live mode starts a step only if this multiple of its estimated cost fits the budget.
const LIVE_COST_MARGIN: f64 = 2.0;

/// Limits for one [`Decoder::run_steps`] call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepLimits {
    /// No step starts after this, nor one predicted to overrun it.
    pub deadline: Instant,
    /// The first step runs even if it is predicted to overrun (still images). When false
    /// (live mode) such a step is passed over, counted as consumed, so a round robin moves on.
    pub first_always_runs: bool,
    /// Keep going after a step decoded everything it located.
    pub exhaustive: bool,
    /// Skip steps whose working image would have more pixels than this.
    pub max_pixels: usize,
    /// Stop after [`GIVE_UP_AFTER`] when nothing looked like a code (still images).
    pub give_up_early: bool,
}

/// A decoded payload found during a call.
pub(crate) struct Found {
    text: String,
    corners: [Point; 4],
    /// Reed–Solomon correction load of the read (see [`engine::Payload::correction_load`]).
    load: f32,
}

/// The symbols to return, most certain first (least Reed–Solomon correction). A code whose
/// outline contains another decoded code (a "double QR": a code printed over the centre of
/// another) and that needed at least half its correction capacity is dropped: its modules
/// there belong to the other code, so its read rests on correcting a region known to be
/// foreign, and only the inner code is proven by what was sampled.
pub(crate) fn into_symbols(mut found: Vec<Found>) -> Vec<QrSymbol> {
    let keep: Vec<bool> = found
        .iter()
        .map(|outer| {
            outer.load < NESTED_MIN_LOAD
                || !found.iter().any(|inner| {
                    !std::ptr::eq(inner, outer)
                        && area(&inner.corners) < area(&outer.corners)
                        && contains(&outer.corners, centre(&inner.corners))
                })
        })
        .collect();
    let mut k = keep.into_iter();
    found.retain(|_| k.next().unwrap_or(true));
    found.sort_by(|a, b| a.load.total_cmp(&b.load));
    found
        .into_iter()
        .map(|f| QrSymbol {
            text: f.text,
            corners: f.corners,
        })
        .collect()
}

/// See [`into_symbols`].
const NESTED_MIN_LOAD: f32 = 0.5;

/// Area of a quadrilateral (shoelace).
fn area(c: &[Point; 4]) -> f32 {
    let mut s = 0.0;
    for i in 0..4 {
        let (a, b) = (c[i], c[(i + 1) % 4]);
        s += a.x * b.y - b.x * a.y;
    }
    (s / 2.0).abs()
}

/// Whether `p` lies inside the convex quadrilateral `c` (either winding).
fn contains(c: &[Point; 4], p: Point) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let (a, b) = (c[i], c[(i + 1) % 4]);
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if cross != 0.0 {
            if sign != 0.0 && cross.signum() != sign {
                return false;
            }
            sign = cross.signum();
        }
    }
    true
}

/// A decode that is not proven by itself, kept until another read confirms it.
#[derive(Debug, Clone)]
struct Pending {
    text: String,
}

/// A decode is proven by itself when the chance that a wrong grid would decode with the same
/// Reed–Solomon corrections ([`engine::Payload::false_accept_log10`]) is below 10^-9: with up to
/// ~10^3 grids tried per image, under one wrong payload in a million images. Weaker decodes
/// (small codes corrected near their limit, e.g. version 1-L with 3 corrections: 10^-6.2)
/// are returned only when an independent read — another cascade step, binarisation,
/// locator or scale, or another camera frame — gives the same text.
pub(crate) const PROVEN_LOG10: f64 = -9.0;

/// At most this many pending decodes are remembered.
const MAX_PENDING: usize = 8;

/// Whether a decode may be returned: proven ones at once; the others only when `pending`
/// already holds the same text from an earlier, independent read; otherwise it is remembered.
fn admit(pending: &mut Vec<Pending>, text: &str, false_accept_log10: f64) -> bool {
    if false_accept_log10 <= PROVEN_LOG10 {
        return true;
    }
    if pending.iter().any(|p| p.text == text) {
        return true;
    }
    if pending.len() >= MAX_PENDING {
        pending.remove(0);
    }
    pending.push(Pending {
        text: text.to_owned(),
    });
    false
}

impl Decoder {
    /// A decoder with empty scratch buffers (they grow on first use and are then reused).
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs the cascade on `src`. Returns the decoded symbols (deduplicated by text) and stats.
    pub(crate) fn run(
        &mut self,
        src: &Plane<'_>,
        opts: &DecodeOptions,
    ) -> (Vec<QrSymbol>, DecodeStats) {
        let deadline = Instant::now() + opts.budget;
        let mut stats = DecodeStats::default();
        let mut found: Vec<Found> = Vec::new();
        self.pending.clear();
        let limits = StepLimits {
            deadline,
            first_always_runs: true,
            exhaustive: opts.exhaustive,
            max_pixels: MAX_WORK_PIXELS,
            give_up_early: true,
        };
        self.run_steps(src, 0..PLAN.len(), &limits, &mut found, &mut stats);
        (into_symbols(found), stats)
    }

    /// What happened during the last still-image decode call, also when it returned an error
    /// (profiling misses).
    pub fn last_stats(&self) -> &DecodeStats {
        &self.last_stats
    }

    /// Forgets heavily corrected decodes awaiting confirmation (a new live session).
    pub(crate) fn forget_pending(&mut self) {
        self.pending.clear();
    }

    /// Number of steps in the cascade (checked against the live scanner's order).
    #[cfg(test)]
    pub(crate) fn plan_len() -> usize {
        PLAN.len()
    }

    /// Runs the given cascade steps in order until one decodes everything it located (unless
    /// `limits.exhaustive`) or the deadline passes (see [`StepLimits`]). Returns how many of
    /// the steps were consumed (run or skipped as not applicable).
    pub(crate) fn run_steps(
        &mut self,
        src: &Plane<'_>,
        steps: impl IntoIterator<Item = usize>,
        limits: &StepLimits,
        found: &mut Vec<Found>,
        stats: &mut DecodeStats,
    ) -> usize {
        let StepLimits {
            deadline,
            first_always_runs,
            exhaustive,
            max_pixels,
            give_up_early,
        } = *limits;
        let long = src.w.max(src.h).max(1);
        let base_factor = long.div_ceil(BASE_SIDE).max(1);
        let mut current: Option<Level> = None;
        let mut work_scale = 1.0f32;
        let mut consumed = 0usize;
        let mut ran_any = false;
        let mut skipped_one = false;
        for i in steps {
            let Some(att) = PLAN.get(i) else { break };
            // Still images: no finder structure anywhere at base or full resolution means
            // no code; stop early instead of running the costly remainder. (Photos too large
            // for a full-resolution working image keep their fitted scale and tiles.)
            if give_up_early
                && !exhaustive
                && i > GIVE_UP_AFTER
                && src.w * src.h <= MAX_WORK_PIXELS
                && stats.finders < 2
                && !stats.located
            {
                stats.gave_up = true;
                break;
            }
            if (ran_any || !first_always_runs) && Instant::now() >= deadline {
                stats.out_of_time = true;
                break;
            }
            consumed += 1;
            if att.level == Level::Tiles {
                let src_px = src.w * src.h;
                if src_px > TILE_MIN_SOURCE_PIXELS && TILE_SIDE * TILE_SIDE <= max_pixels {
                    ran_any = true;
                    self.run_tiles(src, att, i, limits, found, stats);
                    current = None;
                    if !exhaustive && !found.is_empty() {
                        break;
                    }
                }
                continue;
            }
            // Resolve the level into a concrete scale of the source.
            let src_px = (src.w * src.h).max(1) as f32;
            let s = match att.level {
                Level::Base => 1.0 / base_factor as f32,
                Level::Scaled(s) => s,
                Level::Fit => {
                    let s = (MAX_WORK_PIXELS as f32 * 0.95 / src_px).sqrt();
                    if s >= 0.95 || (s - 0.5).abs() < 0.05 {
                        continue; // full resolution or the 1/2 step covers it
                    }
                    s
                }
                Level::Tiles => continue,
            };
            if att.level != Level::Base && (s - 1.0 / base_factor as f32).abs() < 1e-3 {
                continue; // same image as Base
            }
            let pixels = (src.w as f32 * s) * (src.h as f32 * s);
            if pixels > max_pixels.min(MAX_WORK_PIXELS) as f32
                || (s > 1.0 && src.w.min(src.h) as f32 * s > 2400.0)
            {
                continue;
            }
            if (src.w as f32 * s) < 21.0 || (src.h as f32 * s) < 21.0 {
                continue;
            }
            // Do not start a step that is predicted to overrun the deadline by itself (it
            // stays first in line for the next call when the caller round-robins).
            let engine_kind = att.engines as usize;
            // Step costs vary with content (speckle makes many finder candidates), so live
            // mode plans with a margin over the running estimate.
            let margin = if first_always_runs {
                1.0
            } else {
                LIVE_COST_MARGIN
            };
            let predicted = Duration::from_nanos(
                (self.ns_per_px[engine_kind] * f64::from(pixels) * margin) as u64,
            );
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
                let ok = self.attempt(
                    src,
                    &sharp,
                    att,
                    work_scale,
                    (0.0, 0.0),
                    found,
                    stats,
                    exhaustive,
                    deadline,
                );
                self.integral_for = None;
                self.sharp = sharp;
                ok
            } else {
                self.attempt(
                    src,
                    &work,
                    att,
                    work_scale,
                    (0.0, 0.0),
                    found,
                    stats,
                    exhaustive,
                    deadline,
                )
            };
            self.work = work;
            stats
                .step_ms
                .push((i as u32, step_start.elapsed().as_secs_f32() * 1000.0));
            let ns = step_start.elapsed().as_nanos() as f64 / f64::from(pixels.max(1.0));
            let ema = &mut self.ns_per_px[engine_kind];
            *ema = if *ema == 0.0 {
                ns
            } else {
                0.7 * *ema + 0.3 * ns
            };
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

    /// Runs one step over overlapping full-resolution tiles of a large source, nearest to the
    /// centre first, until something decodes (unless exhaustive) or the deadline passes.
    fn run_tiles(
        &mut self,
        src: &Plane<'_>,
        att: &Attempt,
        step: usize,
        limits: &StepLimits,
        found: &mut Vec<Found>,
        stats: &mut DecodeStats,
    ) {
        let origins = |len: usize| -> Vec<usize> {
            if len <= TILE_SIDE {
                return vec![0];
            }
            let stride = TILE_SIDE - TILE_OVERLAP;
            let mut v: Vec<usize> = (0..)
                .map(|k| k * stride)
                .take_while(|&p| p + TILE_SIDE < len)
                .collect();
            v.push(len - TILE_SIDE);
            v
        };
        let (xs, ys) = (origins(src.w), origins(src.h));
        let mut tiles: Vec<(usize, usize)> = ys
            .iter()
            .flat_map(|&y| xs.iter().map(move |&x| (x, y)))
            .collect();
        let (cx, cy) = (src.w as f64 / 2.0, src.h as f64 / 2.0);
        let half = TILE_SIDE as f64 / 2.0;
        tiles.sort_by(|a, b| {
            let d = |t: &(usize, usize)| (t.0 as f64 + half - cx).hypot(t.1 as f64 + half - cy);
            d(a).total_cmp(&d(b))
        });
        for (k, &(x0, y0)) in tiles.iter().enumerate() {
            if k > 0 && Instant::now() >= limits.deadline {
                stats.out_of_time = true;
                break;
            }
            let Some(data) = src.data.get(y0 * src.stride + x0..) else {
                continue;
            };
            let tile = Plane {
                data,
                w: TILE_SIDE.min(src.w - x0),
                h: TILE_SIDE.min(src.h - y0),
                stride: src.stride,
            };
            scale::copy(&tile, &mut self.work);
            self.integral_for = None;
            let work = std::mem::take(&mut self.work);
            let before = found.len();
            self.attempt(
                &tile,
                &work,
                att,
                1.0,
                (x0 as f32, y0 as f32),
                found,
                stats,
                limits.exhaustive,
                limits.deadline,
            );
            self.work = work;
            if found.len() > before && stats.decoded_at.is_none() {
                stats.decoded_at = Some(step as u32);
            }
            if !limits.exhaustive && !found.is_empty() {
                break;
            }
        }
        self.integral_for = None;
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
        origin: (f32, f32),
        found: &mut Vec<Found>,
        stats: &mut DecodeStats,
        exhaustive: bool,
        deadline: Instant,
    ) -> bool {
        let (bin, invert) = (att.bin, att.invert);
        let (ox, oy) = origin;
        stats.attempts += 1;
        let phase_start = Instant::now();
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
                self.integral
                    .adaptive(img, r, offset, invert, &mut self.bits);
            }
            Bin::Otsu => {
                let t = binarize::otsu(img);
                binarize::global(img, t, invert, &mut self.bits);
            }
            Bin::Midrange { div } => {
                // Only flat tiles use it, so a subsampled estimate is enough.
                let t = binarize::otsu_sampled(img, 4);
                let block = (img.w.max(img.h) / div).clamp(4, 16);
                self.midrange
                    .binarize(img, block, 24, t, invert, &mut self.bits);
            }
        }
        stats.phase_ms[0] += phase_start.elapsed().as_secs_f32() * 1000.0;
        let phase_start = Instant::now();
        // 1. Our locator: fast finder scan + fitted perspective sampling.
        self.located.clear();
        if att.engines != Engines::Rqrr {
            // Sharpened attempts read modules from the sharpened working image itself.
            let work_plane = img.plane();
            let (source, loc_scale) = if att.sharpen {
                (&work_plane, 1.0)
            } else {
                (src, f64::from(scale))
            };
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
            stats.phase_ms[1] += phase_start.elapsed().as_secs_f32() * 1000.0;
            stats.panicked |= info.panicked;
            if info.finders > stats.finders
                || (info.finders == stats.finders
                    && info.module_px / scale > stats.finder_module_px)
            {
                stats.finders = info.finders;
                stats.finder_module_px = info.module_px / scale.max(1e-6);
            }
            let located_any = !self.located.is_empty();
            let mut all_admitted = true;
            let s = scale.max(1e-6);
            for l in self.located.drain(..) {
                let text = payload_to_string(&l.payload);
                let corners = l.corners.map(|p| Point {
                    x: p.x / s + ox,
                    y: p.y / s + oy,
                });
                let load = l.payload.correction_load();
                if !admit(&mut self.pending, &text, l.payload.false_accept_log10()) {
                    stats.unconfirmed += 1;
                    all_admitted = false;
                    continue;
                }
                stats.correction_load = stats.correction_load.max(load);
                if !found.iter().any(|f| f.text == text) {
                    found.push(Found {
                        text,
                        corners,
                        load,
                    });
                }
            }
            stats.located |= located_any;
            if located_any && all_admitted && !exhaustive {
                return true;
            }
        }
        if att.engines == Engines::Locator {
            return true;
        }
        let phase_start = Instant::now();
        // 2. rqrr's own locator (region-based finder detection, different failure modes).
        let out = engine::detect_and_decode(&self.bits, img.w, img.h);
        stats.panicked |= out.panicked;
        let mut all_ok = true;
        for d in out.grids {
            stats.located = true;
            let payload = match d.payload.clone() {
                Some(p) => Some(p),
                None => match self.sampler.resample_rqrr(
                    &img.plane(),
                    &d.bounds,
                    d.modules,
                    !invert,
                    30,
                ) {
                    Resampled::Decoded(p) => Some(p),
                    Resampled::Failed { panicked } => {
                        stats.panicked |= panicked;
                        None
                    }
                },
            };
            let corners = to_source_corners(&d, scale, ox, oy);
            let payload = payload.and_then(|p| {
                let text = payload_to_string(&p);
                let load = p.correction_load();
                if admit(&mut self.pending, &text, p.false_accept_log10()) {
                    stats.correction_load = stats.correction_load.max(load);
                    Some((text, load))
                } else {
                    stats.unconfirmed += 1;
                    None
                }
            });
            match payload {
                Some((text, load)) => {
                    if !found.iter().any(|f| f.text == text) {
                        found.push(Found {
                            text,
                            corners,
                            load,
                        });
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
        stats.phase_ms[2] += phase_start.elapsed().as_secs_f32() * 1000.0;
        all_ok
    }
}

/// Mean of four corners.
fn centre(c: &[Point; 4]) -> Point {
    Point {
        x: c.iter().map(|p| p.x).sum::<f32>() / 4.0,
        y: c.iter().map(|p| p.y).sum::<f32>() / 4.0,
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
        *o = Point {
            x: (x / s) as f32 + ox,
            y: (y / s) as f32 + oy,
        };
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
    dec.last_stats = stats.clone();
    if symbols.is_empty() {
        if stats.panicked && !stats.located {
            return Err(QrError::DecoderFault);
        }
        return Err(QrError::NoQrCode);
    }
    Ok((symbols, stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weakly_proven_decode_needs_an_independent_read() {
        let mut pending = Vec::new();
        // Proven by itself: returned at once, nothing remembered.
        assert!(admit(&mut pending, "strong", -20.0));
        assert!(pending.is_empty());
        // Not proven: set aside until another read gives the same text.
        assert!(!admit(&mut pending, "weak", -6.2));
        assert!(!admit(&mut pending, "other", -7.0));
        assert!(admit(&mut pending, "weak", -6.0));
        // The memory is bounded.
        for i in 0..20 {
            assert!(!admit(&mut pending, &format!("x{i}"), -1.0));
        }
        assert_eq!(pending.len(), MAX_PENDING);
    }

    #[test]
    fn false_accept_estimate() {
        use super::engine::Payload;
        let block = |corrected, parity, len| rqrr::BlockCorrection {
            corrected,
            parity,
            len,
        };
        let p = |blocks| Payload {
            bytes: vec![],
            segments: vec![],
            blocks,
        };
        // Version 1-L: 26 codewords, 7 parity. Clean: 256^-7; 3 corrections: C(26,3)·255^3/256^7.
        let clean = p(vec![block(0, 7, 26)]).false_accept_log10();
        assert!((clean + 16.86).abs() < 0.01, "{clean}");
        let heavy = p(vec![block(3, 7, 26)]).false_accept_log10();
        assert!((heavy + 6.22).abs() < 0.01, "{heavy}");
        assert!(heavy > PROVEN_LOG10 && clean < PROVEN_LOG10);
        // The double QR's outer code (version 6-H, 4 blocks of 43 with 28 parity, 7–9
        // corrections each) is proven: a random grid decodes like that with p < 10^-100.
        let outer = p(vec![
            block(7, 28, 43),
            block(7, 28, 43),
            block(9, 28, 43),
            block(8, 28, 43),
        ]);
        assert!(outer.false_accept_log10() < -100.0);
    }
}
