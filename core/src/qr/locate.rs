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
    for dk in [0isize, 1, -1, 2, -2] {
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
    if std::env::var_os("KULCS_QR_DEBUG").is_some() {
        eprintln!("DBG finders {:?}", finders.iter().map(|f| (f.x as i32, f.y as i32, f.module, f.count)).collect::<Vec<_>>());
        for t in triples.iter().take(3) {
            eprintln!("DBG triple tl=({},{}) tr=({},{}) bl=({},{}) score={} sizes={:?}", t.0.0.x, t.0.0.y, t.0.1.x, t.0.1.y, t.0.2.x, t.0.2.y, t.0.3, sizes(&t.0.0, &t.0.1, &t.0.2));
        }
    }
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

/// How well a grid map fits the fixed patterns, sampled on the bitmap: the two timing
/// patterns (alternating), the bottom-right alignment pattern for version 2+, and the light
/// separators inside the three finder patterns' rings.
fn fitness(b: &Bits<'_>, h: &Homography, n: usize) -> i32 {
    let dark = |u: f64, v: f64| -> i32 {
        let (x, y) = h.map(u, v);
        if x < 0.0 || y < 0.0 || x >= b.w as f64 || y >= b.h as f64 {
            return 0;
        }
        if b.data.get(y as usize * b.w + x as usize).is_some_and(|&d| d != 0) {
            1
        } else {
            -1
        }
    };
    let mut score = 0;
    for i in 8..n.saturating_sub(8) {
        let expect = if i % 2 == 0 { 1 } else { -1 };
        let c = i as f64 + 0.5;
        score += expect * (dark(c, 6.5) + dark(6.5, c));
    }
    if n >= 25 {
        let c = n as f64 - 6.5;
        score += 2 * dark(c, c);
        for (du, dv) in [(-1.0, -1.0), (0.0, -1.0), (1.0, -1.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (-1.0, 1.0), (-1.0, 0.0)] {
            score -= dark(c + du, c + dv);
            score += dark(c + 2.0 * du, c + 2.0 * dv);
        }
    }
    score
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
    let mut budget = 60usize;
    for n in sizes(tl, tr, bl) {
        let nf = n as f64;
        let p = |f: &Finder| (f64::from(f.x), f64::from(f.y));
        let (tlp, trp, blp) = (p(tl), p(tr), p(bl));
        // Fourth point: the alignment pattern for version 2+, else the bottom-right finder
        // centre. Start from the affine estimate (and a detected alignment pattern), then
        // search around it for the position whose map best fits the timing patterns and the
        // alignment pattern: under perspective the affine estimate is several modules off.
        let src4 = if n >= 25 { (nf - 6.5, nf - 6.5) } else { (nf - 3.5, nf - 3.5) };
        let k = (src4.0 - 3.5) / (nf - 7.0);
        let ex = tlp.0 + (trp.0 - tlp.0) * k + (blp.0 - tlp.0) * k;
        let ey = tlp.1 + (trp.1 - tlp.1) * k + (blp.1 - tlp.1) * k;
        let m = f64::from((tl.module + tr.module + bl.module) / 3.0);
        let mut seeds = vec![(ex, ey)];
        if n >= 25 {
            if let Some((ax, ay)) = finder::find_alignment(b, ex as f32, ey as f32, m as f32, (m * 6.0) as f32) {
                seeds.push((f64::from(ax), f64::from(ay)));
            }
        }
        let src = |s4: (f64, f64)| [(3.5, 3.5), (nf - 3.5, 3.5), s4, (3.5, nf - 3.5)];
        let mut scored: Vec<(i32, (f64, f64))> = Vec::new();
        let ux = ((trp.0 - tlp.0) / (nf - 7.0), (trp.1 - tlp.1) / (nf - 7.0));
        let vy = ((blp.0 - tlp.0) / (nf - 7.0), (blp.1 - tlp.1) / (nf - 7.0));
        for &(sx, sy) in &seeds {
            for j in -10i32..=10 {
                for i in -10i32..=10 {
                    let (fi, fj) = (f64::from(i) * 0.5, f64::from(j) * 0.5);
                    let p4 = (sx + ux.0 * fi + vy.0 * fj, sy + ux.1 * fi + vy.1 * fj);
                    let Some(h) = Homography::from_points(&src(src4), &[tlp, trp, p4, blp]) else { continue };
                    scored.push((fitness(b, &h, n), p4));
                }
            }
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0));
        let mut fourth: Vec<((f64, f64), (f64, f64))> = Vec::with_capacity(3);
        for &(_, p4) in &scored {
            if fourth.len() >= 2 {
                break;
            }
            if fourth.iter().all(|(_, q)| (q.0 - p4.0).hypot(q.1 - p4.1) > m * 0.7) {
                fourth.push((src4, p4));
            }
        }
        if fourth.is_empty() {
            fourth.push((src4, (ex, ey)));
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
