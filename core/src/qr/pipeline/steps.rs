//! Running the cascade: the steps in order under the deadline and cost predictions, and tiling of
//! large sources.

use std::time::Duration;

use crate::monotonic::Instant;

use crate::qr::frame::Plane;
use crate::qr::plan::{
    Attempt, Level, BASE_SIDE, GIVE_UP_AFTER, MAX_WORK_PIXELS, PLAN, TILE_MIN_SOURCE_PIXELS,
    TILE_OVERLAP, TILE_SIDE,
};
use crate::qr::scale;

use super::accept::Found;
use super::{DecodeStats, Decoder, StepLimits, LIVE_COST_MARGIN};

impl Decoder {
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
    pub(super) fn run_tiles(
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
}
