//! Owns resampling greyscale images: integer box downscaling, bilinear upscaling and crops.

use super::frame::Gray;

/// Box-filter downscale by an integer `factor` (>= 1) into `out`.
pub(crate) fn downscale(src: &Gray, factor: usize, out: &mut Gray) {
    let f = factor.max(1);
    let (w, h) = (src.w / f, src.h / f);
    out.w = w;
    out.h = h;
    out.data.clear();
    out.data.resize(w * h, 0);
    if w == 0 || h == 0 {
        return;
    }
    let area = (f * f) as u32;
    let mut acc = vec![0u32; w];
    for oy in 0..h {
        acc.iter_mut().for_each(|a| *a = 0);
        for sy in oy * f..oy * f + f {
            let row = &src.data[sy * src.w..sy * src.w + w * f];
            for (ox, chunk) in row.chunks_exact(f).enumerate() {
                acc[ox] += chunk.iter().map(|&p| u32::from(p)).sum::<u32>();
            }
        }
        for (o, a) in out.data[oy * w..(oy + 1) * w].iter_mut().zip(&acc) {
            *o = ((a + area / 2) / area) as u8;
        }
    }
}

/// Bilinear resample of the rectangle `[x0, x0+cw) x [y0, y0+ch)` of `src` by `scale`
/// (> 0; below 1 shrinks) into `out`. The rectangle is clamped to the image.
pub(crate) fn crop_scaled(
    src: &Gray,
    x0: usize,
    y0: usize,
    cw: usize,
    ch: usize,
    scale: f32,
    out: &mut Gray,
) {
    let x0 = x0.min(src.w.saturating_sub(1));
    let y0 = y0.min(src.h.saturating_sub(1));
    let cw = cw.min(src.w - x0);
    let ch = ch.min(src.h - y0);
    let ow = ((cw as f32) * scale).round().max(1.0) as usize;
    let oh = ((ch as f32) * scale).round().max(1.0) as usize;
    out.w = ow;
    out.h = oh;
    out.data.clear();
    out.data.reserve(ow * oh);
    if cw == 0 || ch == 0 {
        out.data.resize(ow * oh, 255);
        return;
    }
    let inv = 1.0 / scale;
    let maxx = (cw - 1) as f32;
    let maxy = (ch - 1) as f32;
    for oy in 0..oh {
        let fy = ((oy as f32 + 0.5) * inv - 0.5).clamp(0.0, maxy);
        let iy = fy as usize;
        let ty = fy - iy as f32;
        let iy1 = (iy + 1).min(ch - 1);
        let r0 = (y0 + iy) * src.w + x0;
        let r1 = (y0 + iy1) * src.w + x0;
        for ox in 0..ow {
            let fx = ((ox as f32 + 0.5) * inv - 0.5).clamp(0.0, maxx);
            let ix = fx as usize;
            let tx = fx - ix as f32;
            let ix1 = (ix + 1).min(cw - 1);
            let p = |i: usize| f32::from(src.data.get(i).copied().unwrap_or(255));
            let top = p(r0 + ix) * (1.0 - tx) + p(r0 + ix1) * tx;
            let bot = p(r1 + ix) * (1.0 - tx) + p(r1 + ix1) * tx;
            out.data.push((top * (1.0 - ty) + bot * ty + 0.5) as u8);
        }
    }
}
