//! Reading one finder triple: fitting the grid size and fourth corner, then sampling the best
//! candidate maps.

use crate::monotonic::Instant;

use super::{sizes, LocateInfo};
use crate::qr::engine::Payload;
use crate::qr::finder::{self, Bits, Finder};
use crate::qr::frame::Plane;
use crate::qr::geometry::{Homography, Point};
use crate::qr::sampler::{Resampled, Sampler, OFFSETS};

/// How well a grid map fits the fixed patterns, sampled on the bitmap: the two timing
/// patterns (alternating), the bottom-right alignment pattern for version 2+, and the light
/// separators inside the three finder patterns' rings.
fn fitness(b: &Bits<'_>, h: &Homography, n: usize) -> i32 {
    let dark = |u: f64, v: f64| -> i32 {
        let (x, y) = h.map(u, v);
        if x < 0.0 || y < 0.0 || x >= b.w as f64 || y >= b.h as f64 {
            return 0;
        }
        if b.data
            .get(y as usize * b.w + x as usize)
            .is_some_and(|&d| d != 0)
        {
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
        for (du, dv) in [
            (-1.0, -1.0),
            (0.0, -1.0),
            (1.0, -1.0),
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 1.0),
            (-1.0, 1.0),
            (-1.0, 0.0),
        ] {
            score -= dark(c + du, c + dv);
            score += dark(c + 2.0 * du, c + 2.0 * dv);
        }
    }
    score
}

/// Highest possible [`fitness`] for a grid of `n` modules.
fn max_fitness(n: usize) -> i32 {
    let timing = 2 * n.saturating_sub(16) as i32;
    if n >= 25 {
        timing + 2 + 16
    } else {
        timing
    }
}

/// A candidate grid map for one finder triple.
struct Candidate {
    n: usize,
    src4: (f64, f64),
    dst4: (f64, f64),
    /// fitness / max_fitness
    quality: f32,
    /// Already handed to the sampler.
    tried: bool,
}

/// Normalised fitness of the hill-climb result below which the grid search is also run.
const SLOW_SEARCH_BELOW: f32 = 0.65;

/// Normalised fitness above which a candidate is sampled before other sizes are searched.
const EARLY_QUALITY: f32 = 0.8;

/// Samples and decodes one candidate map; returns the payload and the code's outer corners
/// in working-image continuous coordinates.
#[allow(clippy::too_many_arguments)]
fn try_candidate(
    source: &Plane<'_>,
    scale: f64,
    tlp: (f64, f64),
    trp: (f64, f64),
    blp: (f64, f64),
    c: &Candidate,
    dark_is_black: bool,
    sampler: &mut Sampler,
    info: &mut LocateInfo,
    budget: &mut usize,
) -> Option<(Payload, [Point; 4])> {
    let nf = c.n as f64;
    let src = [(3.5, 3.5), (nf - 3.5, 3.5), c.src4, (3.5, nf - 3.5)];
    let h = Homography::from_points(&src, &[tlp, trp, c.dst4, blp])?;
    // Modules are read from the full-resolution source: the working image only locates.
    // Finder coordinates are continuous working-image coordinates; the sampler wants
    // pixel-centre coordinates of the source.
    let inv = 1.0 / scale.max(1e-9);
    let map = |u: f64, v: f64| {
        let (x, y) = h.map(u, v);
        (x * inv - 0.5, y * inv - 0.5)
    };
    let pt = |u: f64, v: f64| {
        let (x, y) = h.map(u, v);
        Point {
            x: x as f32,
            y: y as f32,
        }
    };
    let corners = [pt(0.0, 0.0), pt(nf, 0.0), pt(nf, nf), pt(0.0, nf)];
    match sampler.decode_with_map(source, c.n, map, dark_is_black, &OFFSETS, budget) {
        Resampled::Decoded(payload) => Some((payload, corners)),
        Resampled::Failed { panicked } => {
            info.panicked |= panicked;
            None
        }
    }
}

/// Below this normalised fitness a triple is not worth sampling (random data scores ~0).
const MIN_QUALITY: f32 = 0.45;

#[allow(clippy::too_many_arguments)]
pub(super) fn read_triple(
    source: &Plane<'_>,
    scale: f64,
    b: &Bits<'_>,
    tl: &Finder,
    tr: &Finder,
    bl: &Finder,
    dark_is_black: bool,
    sampler: &mut Sampler,
    info: &mut LocateInfo,
    deadline: Instant,
) -> Option<(Payload, [Point; 4])> {
    let p = |f: &Finder| (f64::from(f.x), f64::from(f.y));
    let (tlp, trp, blp) = (p(tl), p(tr), p(bl));
    let m = f64::from((tl.module + tr.module + bl.module) / 3.0);
    let mut cands: Vec<Candidate> = Vec::new();
    for (size_rank, n) in sizes(tl, tr, bl).into_iter().enumerate() {
        if size_rank > 0 && Instant::now() >= deadline {
            break;
        }
        let nf = n as f64;
        // Fourth point: the alignment pattern for version 2+, else the bottom-right finder
        // centre. Start from the affine estimate (and a detected alignment pattern), then
        // search around it for the position whose map best fits the timing patterns and the
        // alignment pattern: under perspective the affine estimate is several modules off.
        let src4 = if n >= 25 {
            (nf - 6.5, nf - 6.5)
        } else {
            (nf - 3.5, nf - 3.5)
        };
        let k = (src4.0 - 3.5) / (nf - 7.0);
        let ex = tlp.0 + (trp.0 - tlp.0) * k + (blp.0 - tlp.0) * k;
        let ey = tlp.1 + (trp.1 - tlp.1) * k + (blp.1 - tlp.1) * k;
        let mut seeds = vec![(ex, ey)];
        if n >= 25 {
            if let Some((ax, ay)) =
                finder::find_alignment(b, ex as f32, ey as f32, m as f32, (m * 6.0) as f32)
            {
                seeds.push((f64::from(ax), f64::from(ay)));
            }
        }
        let src = [(3.5, 3.5), (nf - 3.5, 3.5), src4, (3.5, nf - 3.5)];
        let ux = ((trp.0 - tlp.0) / (nf - 7.0), (trp.1 - tlp.1) / (nf - 7.0));
        let vy = ((blp.0 - tlp.0) / (nf - 7.0), (blp.1 - tlp.1) / (nf - 7.0));
        let max = max_fitness(n).max(1) as f32;
        let mut best: Vec<(i32, (f64, f64))> = Vec::new();
        // The grid-side quad is fixed for this size: invert it once.
        let Some(src_inv) = Homography::quad_to_square(&src) else {
            continue;
        };
        let eval = |p4: (f64, f64)| -> Option<i32> {
            let h = Homography::from_unit(&src_inv, &[tlp, trp, p4, blp])?;
            Some(fitness(b, &h, n))
        };
        let shift = |p: (f64, f64), fi: f64, fj: f64| {
            (p.0 + ux.0 * fi + vy.0 * fj, p.1 + ux.1 * fi + vy.1 * fj)
        };
        for &seed in &seeds {
            // Fast path: hill-climb from the seed (1, 1/2, 1/4 module steps). On a mildly
            // tilted code this reaches the optimum in a few dozen evaluations.
            let (mut cur, mut cur_score) = (seed, eval(seed).unwrap_or(i32::MIN));
            for step in [1.0, 0.5, 0.25] {
                for _ in 0..12 {
                    let mut moved = false;
                    for (di, dj) in [
                        (1.0, 0.0),
                        (-1.0, 0.0),
                        (0.0, 1.0),
                        (0.0, -1.0),
                        (1.0, 1.0),
                        (-1.0, -1.0),
                        (1.0, -1.0),
                        (-1.0, 1.0),
                    ] {
                        let c = shift(cur, di * step, dj * step);
                        if let Some(sc) = eval(c) {
                            if sc > cur_score {
                                (cur, cur_score) = (c, sc);
                                moved = true;
                            }
                        }
                    }
                    if !moved {
                        break;
                    }
                }
            }
            best.push((cur_score, cur));
            // The grid search below is for strong perspective, where the climb stalls on a
            // local optimum. It is only spent on the two likeliest sizes, and not on triples
            // whose climb found no trace of a timing pattern (speckle that looks like finders),
            // nor when the climb already fits well (glare or damage, not geometry, limits it).
            if cur_score as f32 >= max * SLOW_SEARCH_BELOW
                || size_rank >= 2
                || (cur_score as f32) < max * 0.15
            {
                continue;
            }
            // Slow path for strong perspective: coarse grid (1 module steps, +-6), then a
            // fine one (1/4 module) around the two best.
            let mut local: Vec<(i32, (f64, f64))> = Vec::new();
            for j in -6i32..=6 {
                for i in -6i32..=6 {
                    let p4 = shift(seed, f64::from(i), f64::from(j));
                    if let Some(sc) = eval(p4) {
                        local.push((sc, p4));
                    }
                }
            }
            local.sort_by_key(|e| std::cmp::Reverse(e.0));
            if local
                .first()
                .is_none_or(|&(sc, _)| (sc as f32) < max * MIN_QUALITY * 0.6)
            {
                continue;
            }
            for &(_, c) in local.iter().take(2) {
                for j in -3i32..=3 {
                    for i in -3i32..=3 {
                        let p4 = shift(c, f64::from(i) * 0.25, f64::from(j) * 0.25);
                        if let Some(sc) = eval(p4) {
                            best.push((sc, p4));
                        }
                    }
                }
            }
        }
        best.sort_by_key(|e| std::cmp::Reverse(e.0));
        if n == 21 {
            // Version 1 has no alignment pattern and only ten timing modules to fit, so the
            // fitness optimum is flat: keep the parallelogram estimate as a candidate too.
            let affine = (trp.0 + blp.0 - tlp.0, trp.1 + blp.1 - tlp.1);
            cands.push(Candidate {
                n,
                src4,
                dst4: affine,
                quality: 1.0,
                tried: false,
            });
        }
        let mut kept = 0;
        for &(score, p4) in &best {
            if kept >= 2 {
                break;
            }
            let quality = score as f32 / max;
            if quality < MIN_QUALITY {
                break;
            }
            let far = cands
                .iter()
                .filter(|c| c.n == n)
                .all(|c| (c.dst4.0 - p4.0).hypot(c.dst4.1 - p4.1) > m * 0.6);
            if far {
                cands.push(Candidate {
                    n,
                    src4,
                    dst4: p4,
                    quality,
                    tried: false,
                });
                kept += 1;
            }
        }
        // A clearly fitting map for the most likely size is read right away: on clean
        // images this skips the search over the other sizes.
        if let Some(c) = cands
            .iter_mut()
            .filter(|c| c.n == n && !c.tried)
            .max_by(|a, b| a.quality.total_cmp(&b.quality))
        {
            if c.quality >= EARLY_QUALITY {
                c.tried = true;
                let mut early = 10usize;
                let c = &*c;
                if let Some(r) = try_candidate(
                    source,
                    scale,
                    tlp,
                    trp,
                    blp,
                    c,
                    dark_is_black,
                    sampler,
                    info,
                    &mut early,
                ) {
                    return Some(r);
                }
            }
        }
    }
    cands.sort_by(|a, b| b.quality.total_cmp(&a.quality));
    let mut budget = 40usize;
    for (k, c) in cands.iter().filter(|c| !c.tried).take(4).enumerate() {
        // Each candidate may cost several rqrr decodes; past the deadline only the best runs.
        if k > 0 && Instant::now() >= deadline {
            break;
        }
        if let Some(r) = try_candidate(
            source,
            scale,
            tlp,
            trp,
            blp,
            c,
            dark_is_black,
            sampler,
            info,
            &mut budget,
        ) {
            return Some(r);
        }
        if budget == 0 {
            break;
        }
    }
    None
}
