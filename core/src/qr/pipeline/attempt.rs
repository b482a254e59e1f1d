//! One binarise-detect-decode attempt on a working image, mapping what it found back to source
//! pixels.

use crate::monotonic::Instant;

use crate::qr::binarize::{self};
use crate::qr::engine::{self, Detected};
use crate::qr::frame::{Gray, Plane};
use crate::qr::geometry::{Homography, Point};
use crate::qr::locate;
use crate::qr::plan::{Attempt, Bin, Engines};
use crate::qr::sampler::Resampled;
use crate::qr::text::payload_to_string;

use super::accept::{admit, Found};
use super::{DecodeStats, Decoder};

impl Decoder {
    /// One binarise-detect-decode attempt on `img`, whose pixel (x, y) is source pixel
    /// (x / scale + ox, y / scale + oy). Returns true when every located grid decoded.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn attempt(
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
