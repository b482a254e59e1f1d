//! Owns our own code locator: grouping finder-pattern candidates into (top-left, top-right,
//! bottom-left) triples, estimating the grid size, refining the fourth corner with the
//! alignment pattern, and reading the grid through the sampler. It runs when rqrr's locator
//! finds nothing, or finds a grid it cannot read.

use super::finder::{self, Bits, Finder};
use super::frame::Gray;
use super::geometry::{Homography, Point};
use super::sampler::{Resampled, Sampler, OFFSETS};

/// A code read by the locator, in the working image's continuous pixel coordinates.
#[derive(Debug)]
pub(crate) struct Located {
    pub payload: Vec<u8>,
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
    for dk in [0isize, 1, -1, 2] {
        let n = 17 + 4 * (k + dk);
        if (21..=177).contains(&n) {
            v.push(n as usize);
        }
    }
    v
}

/// Finds and decodes codes in a binarised working image.
#[allow(clippy::too_many_arguments)]
pub(crate) fn locate_and_decode(
    gray: &Gray,
    bits: &[u8],
    dark_is_black: bool,
    finders: &mut Vec<Finder>,
    sampler: &mut Sampler,
    max_triples: usize,
    out: &mut Vec<Located>,
) -> LocateInfo {
    let mut info = LocateInfo::default();
    let b = Bits { data: bits, w: gray.w, h: gray.h };
    if bits.len() < gray.w * gray.h {
        return info;
    }
    let step = if gray.w * gray.h > 600_000 { 2 } else { 1 };
    finder::find_finders(&b, step, finders);
    if !finders.is_empty() {
        info.finders = 1;
        info.module_px = finders.iter().map(|f| f.module).fold(0.0, f32::max);
    }
    finders.sort_by(|a, b| b.count.cmp(&a.count));
    finders.truncate(12);
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
    let mut used = [false; 12];
    for ((tl, tr, bl, _), idx) in triples.into_iter().take(max_triples) {
        if idx.iter().any(|&i| used[i]) {
            continue;
        }
        info.finders = 3;
        info.module_px = (tl.module + tr.module + bl.module) / 3.0;
        if let Some((payload, corners)) = read_triple(gray, &b, &tl, &tr, &bl, dark_is_black, sampler, &mut info) {
            for &i in &idx {
                used[i] = true;
            }
            out.push(Located { payload, corners });
        }
    }
    info
}

#[allow(clippy::too_many_arguments)]
fn read_triple(
    gray: &Gray,
    b: &Bits<'_>,
    tl: &Finder,
    tr: &Finder,
    bl: &Finder,
    dark_is_black: bool,
    sampler: &mut Sampler,
    info: &mut LocateInfo,
) -> Option<(Vec<u8>, [Point; 4])> {
    let mut budget = 48usize;
    for n in sizes(tl, tr, bl) {
        let nf = n as f64;
        let p = |f: &Finder| (f64::from(f.x), f64::from(f.y));
        let (tlp, trp, blp) = (p(tl), p(tr), p(bl));
        // Fourth point: the alignment pattern for version 2+, else the parallelogram corner.
        let mut fourth: Vec<((f64, f64), (f64, f64))> = Vec::with_capacity(2);
        let br_affine = (trp.0 + blp.0 - tlp.0, trp.1 + blp.1 - tlp.1);
        if n >= 25 {
            let k = (nf - 10.0) / (nf - 7.0);
            let ex = tlp.0 + (trp.0 - tlp.0) * k + (blp.0 - tlp.0) * k;
            let ey = tlp.1 + (trp.1 - tlp.1) * k + (blp.1 - tlp.1) * k;
            let m = (tl.module + tr.module + bl.module) / 3.0;
            for radius in [m * 4.0, m * 9.0] {
                if let Some((ax, ay)) = finder::find_alignment(b, ex as f32, ey as f32, m, radius) {
                    fourth.push(((nf - 6.5, nf - 6.5), (f64::from(ax), f64::from(ay))));
                    break;
                }
            }
            fourth.push(((nf - 6.5, nf - 6.5), (ex, ey)));
        } else {
            fourth.push(((nf - 3.5, nf - 3.5), br_affine));
        }
        for (src4, dst4) in fourth {
            let src = [(3.5, 3.5), (nf - 3.5, 3.5), src4, (3.5, nf - 3.5)];
            let dst = [tlp, trp, dst4, blp];
            let Some(h) = Homography::from_points(&src, &dst) else { continue };
            // Finder coordinates are continuous; the sampler wants pixel-centre coordinates.
            let map = |u: f64, v: f64| {
                let (x, y) = h.map(u, v);
                (x - 0.5, y - 0.5)
            };
            match sampler.decode_with_map(gray, n, map, dark_is_black, &OFFSETS, &mut budget) {
                Resampled::Decoded(payload) => {
                    let c = |u: f64, v: f64| {
                        let (x, y) = h.map(u, v);
                        Point { x: x as f32, y: y as f32 }
                    };
                    return Some((payload, [c(0.0, 0.0), c(nf, 0.0), c(nf, nf), c(0.0, nf)]));
                }
                Resampled::Failed { panicked } => info.panicked |= panicked,
            }
            if budget == 0 {
                return None;
            }
        }
    }
    None
}
