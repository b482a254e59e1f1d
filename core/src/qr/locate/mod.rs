//! Owns our own code locator: grouping finder-pattern candidates into (top-left, top-right,
//! bottom-left) triples, estimating the grid size, refining the fourth corner with the
//! alignment pattern, and reading the grid through the sampler. It runs when rqrr's locator
//! finds nothing, or finds a grid it cannot read.

use super::engine::Payload;
use super::finder::{self, Bits, Finder};
use super::frame::{Gray, Plane};
use super::geometry::Point;
use super::sampler::Sampler;
use crate::monotonic::Instant;

mod read;

use read::read_triple;

/// A code read by the locator, in the working image's continuous pixel coordinates.
#[derive(Debug)]
pub(crate) struct Located {
    pub payload: Payload,
    pub corners: [Point; 4],
}

/// What the locator saw, for hints.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct LocateInfo {
    /// Best number of finder patterns in one plausible triple (0..=3).
    pub finders: usize,
    /// Module size in pixels of the best triple (0 when none).
    pub module_px: f32,
    pub panicked: bool,
}

fn dist(a: &Finder, b: &Finder) -> f32 {
    (a.x - b.x).hypot(a.y - b.y)
}

/// Ordered triple: top-left (the right-angle corner), top-right, bottom-left.
fn order(a: &Finder, b: &Finder, c: &Finder) -> Option<(Finder, Finder, Finder, f32)> {
    let (ab, bc, ac) = (dist(a, b), dist(b, c), dist(a, c));
    // The corner opposite the longest side is top-left.
    let (tl, p, q) = if bc >= ab && bc >= ac {
        (a, b, c)
    } else if ac >= ab && ac >= bc {
        (b, a, c)
    } else {
        (c, a, b)
    };
    let (l1, l2) = (dist(tl, p), dist(tl, q));
    if l1 < 1.0 || l2 < 1.0 {
        return None;
    }
    let ratio = l1.max(l2) / l1.min(l2);
    let (ux, uy) = (p.x - tl.x, p.y - tl.y);
    let (vx, vy) = (q.x - tl.x, q.y - tl.y);
    let cos = (ux * vx + uy * vy) / (l1 * l2);
    let mods = [tl.module, p.module, q.module];
    let mmax = mods.iter().cloned().fold(0.0f32, f32::max);
    let mmin = mods.iter().cloned().fold(f32::MAX, f32::min);
    if ratio > 2.2 || cos.abs() > 0.6 || mmax / mmin > 2.2 {
        return None;
    }
    // The finders must be far enough apart for at least a version-1 code.
    let m = (tl.module + p.module + q.module) / 3.0;
    if l1.min(l2) < m * 10.0 {
        return None;
    }
    // y grows downwards: top-right x bottom-left cross product is positive.
    let cross = ux * vy - uy * vx;
    let (tr, bl) = if cross > 0.0 { (p, q) } else { (q, p) };
    let score = (ratio - 1.0) + cos.abs() + (mmax / mmin - 1.0);
    Some((*tl, *tr, *bl, score))
}

/// Candidate grid sizes from the finder geometry, most likely first.
fn sizes(tl: &Finder, tr: &Finder, bl: &Finder) -> Vec<usize> {
    let m1 = (tl.module + tr.module) / 2.0;
    let m2 = (tl.module + bl.module) / 2.0;
    let est = (dist(tl, tr) / m1 + dist(tl, bl) / m2) / 2.0 + 7.0;
    // Nearest 4k+1, then the neighbours.
    let k = ((est - 17.0) / 4.0).round().max(1.0) as isize;
    let mut v = Vec::with_capacity(4);
    for dk in [0isize, 1, -1, 2, -2] {
        let n = 17 + 4 * (k + dk);
        if (21..=177).contains(&n) {
            v.push(n as usize);
        }
    }
    v
}

/// The most finder candidates grouped into codes in one image (the strongest are kept).
const MAX_FINDERS: usize = 24;

/// Finds codes in a binarised working image `gray`/`bits` and decodes them by sampling
/// `source`, of which `gray` is a copy scaled by `scale`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn locate_and_decode(
    gray: &Gray,
    source: &Plane<'_>,
    scale: f64,
    bits: &[u8],
    dark_is_black: bool,
    finders: &mut Vec<Finder>,
    sampler: &mut Sampler,
    max_triples: usize,
    deadline: Instant,
    out: &mut Vec<Located>,
) -> LocateInfo {
    let mut info = LocateInfo::default();
    let b = Bits {
        data: bits,
        w: gray.w,
        h: gray.h,
    };
    if bits.len() < gray.w * gray.h {
        return info;
    }
    let step = if gray.w * gray.h > 150_000 { 2 } else { 1 };
    finder::find_finders(&b, step, finders);
    if !finders.is_empty() {
        info.finders = 1;
        info.module_px = finders.iter().map(|f| f.module).fold(0.0, f32::max);
    }
    // A real finder is confirmed on about three modules' worth of scan lines (its 3x3 core);
    // speckle that happens to match the ratio on one or two lines is dropped.
    let stepf = step as f32;
    finders.retain(|f| f.count as f32 >= (f.module / stepf).max(1.0));
    finders.sort_by_key(|f| std::cmp::Reverse(f.count));
    // Enough for a page of several codes (the emergency sheet has five, fifteen finders).
    finders.truncate(MAX_FINDERS);
    let n = finders.len();
    let mut triples = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            for k in j + 1..n {
                if let Some(t) = order(&finders[i], &finders[j], &finders[k]) {
                    triples.push((t, [i, j, k]));
                }
            }
        }
    }
    if n >= 2 {
        info.finders = info.finders.max(2);
    }
    triples.sort_by(|a, b| a.0 .3.total_cmp(&b.0 .3));
    let mut used = [false; MAX_FINDERS];
    // `max_triples` bounds the triples read that did not decode; a triple whose finders an
    // earlier code used is skipped without a read, and a decoded one does not count, so every
    // code of a many-code image gets its read (single-code images read as before).
    let mut failed = 0;
    let mut read = 0;
    for ((tl, tr, bl, _), idx) in triples {
        if failed >= max_triples {
            break;
        }
        if idx.iter().any(|&i| used[i]) {
            continue;
        }
        // Past the caller's deadline only the best triple is examined.
        if read > 0 && Instant::now() >= deadline {
            break;
        }
        read += 1;
        info.finders = 3;
        info.module_px = (tl.module + tr.module + bl.module) / 3.0;
        if let Some((payload, corners)) = read_triple(
            source,
            scale,
            &b,
            &tl,
            &tr,
            &bl,
            dark_is_black,
            sampler,
            &mut info,
            deadline,
        ) {
            for &i in &idx {
                used[i] = true;
            }
            out.push(Located { payload, corners });
        } else {
            failed += 1;
        }
    }
    info
}
