//! Owns resampling greyscale images: integer box downscaling (fast paths for 2x and 3x),
//! bilinear rescaling, and copies out of strided planes.

use super::frame::{Gray, Plane};

/// Copies a plane into a packed image, reusing the allocation.
pub(crate) fn copy(src: &Plane<'_>, out: &mut Gray) {
    out.w = src.w;
    out.h = src.h;
    out.data.clear();
    out.data.reserve(src.w * src.h);
    for y in 0..src.h {
        out.data.extend_from_slice(src.row(y));
    }
    out.data.resize(src.w * src.h, 255);
}

/// Box-filter downscale by an integer `factor` (>= 1) into `out`.
pub(crate) fn downscale(src: &Plane<'_>, factor: usize, out: &mut Gray) {
    let f = factor.max(1);
    let (w, h) = (src.w / f, src.h / f);
    out.w = w;
    out.h = h;
    out.data.clear();
    out.data.resize(w * h, 0);
    if w == 0 || h == 0 {
        return;
    }
    let complete = |y: usize| src.row(y).len() >= w * f;
    match f {
        2 => {
            for oy in 0..h {
                let (r0, r1) = (src.row(2 * oy), src.row(2 * oy + 1));
                if !complete(2 * oy) || !complete(2 * oy + 1) {
                    continue;
                }
                let orow = &mut out.data[oy * w..(oy + 1) * w];
                for ((o, a), b) in orow
                    .iter_mut()
                    .zip(r0.chunks_exact(2))
                    .zip(r1.chunks_exact(2))
                {
                    let s = u16::from(a[0]) + u16::from(a[1]) + u16::from(b[0]) + u16::from(b[1]);
                    *o = ((s + 2) >> 2) as u8;
                }
            }
        }
        3 => {
            for oy in 0..h {
                let (r0, r1, r2) = (src.row(3 * oy), src.row(3 * oy + 1), src.row(3 * oy + 2));
                if !complete(3 * oy) || !complete(3 * oy + 1) || !complete(3 * oy + 2) {
                    continue;
                }
                let orow = &mut out.data[oy * w..(oy + 1) * w];
                for (((o, a), b), c) in orow
                    .iter_mut()
                    .zip(r0.chunks_exact(3))
                    .zip(r1.chunks_exact(3))
                    .zip(r2.chunks_exact(3))
                {
                    let s: u16 = a.iter().chain(b).chain(c).map(|&p| u16::from(p)).sum();
                    *o = ((s + 4) / 9) as u8;
                }
            }
        }
        _ => {
            let area = (f * f) as u32;
            let mut acc = vec![0u32; w];
            for oy in 0..h {
                acc.iter_mut().for_each(|a| *a = 0);
                for sy in oy * f..oy * f + f {
                    let row = src.row(sy);
                    for (a, chunk) in acc.iter_mut().zip(row.chunks_exact(f)) {
                        *a += chunk.iter().map(|&p| u32::from(p)).sum::<u32>();
                    }
                }
                for (o, a) in out.data[oy * w..(oy + 1) * w].iter_mut().zip(&acc) {
                    *o = ((a + area / 2) / area) as u8;
                }
            }
        }
    }
}

/// Bilinear resample of the whole plane by `scale` (> 0; below 1 shrinks) into `out`.
pub(crate) fn rescale(src: &Plane<'_>, scale: f32, out: &mut Gray) {
    let (sw, sh) = (src.w, src.h);
    let ow = ((sw as f32) * scale).round().max(1.0) as usize;
    let oh = ((sh as f32) * scale).round().max(1.0) as usize;
    out.w = ow;
    out.h = oh;
    out.data.clear();
    out.data.reserve(ow * oh);
    if sw == 0 || sh == 0 {
        out.data.resize(ow * oh, 255);
        return;
    }
    let inv = 1.0 / scale;
    let maxx = (sw - 1) as f32;
    let maxy = (sh - 1) as f32;
    // Horizontal taps are the same for every row.
    let taps: Vec<(usize, usize, f32)> = (0..ow)
        .map(|ox| {
            let fx = ((ox as f32 + 0.5) * inv - 0.5).clamp(0.0, maxx);
            let ix = fx as usize;
            (ix, (ix + 1).min(sw - 1), fx - ix as f32)
        })
        .collect();
    for oy in 0..oh {
        let fy = ((oy as f32 + 0.5) * inv - 0.5).clamp(0.0, maxy);
        let iy = fy as usize;
        let ty = fy - iy as f32;
        let (r0, r1) = (src.row(iy), src.row((iy + 1).min(sh - 1)));
        let p = |r: &[u8], i: usize| f32::from(r.get(i).copied().unwrap_or(255));
        for &(ix, ix1, tx) in &taps {
            let top = p(r0, ix) * (1.0 - tx) + p(r0, ix1) * tx;
            let bot = p(r1, ix) * (1.0 - tx) + p(r1, ix1) * tx;
            out.data.push((top * (1.0 - ty) + bot * ty + 0.5) as u8);
        }
    }
}
