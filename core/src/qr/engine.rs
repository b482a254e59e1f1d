//! Owns every call into rqrr: detection and decoding of a prepared bitmap, with each call
//! wrapped in `catch_unwind` so an rqrr panic never escapes and never discards the results of
//! other grids or other attempts.

use super::geometry::Point;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// One grid rqrr located in a bitmap.
#[derive(Debug, Clone)]
pub(crate) struct Detected {
    /// rqrr's bounds in bitmap coordinates: the images of grid coordinates (0,0), (n+1,0),
    /// (n+1,n+1), (0,n+1), where n is `modules` (rqrr's convention).
    pub bounds: [Point; 4],
    /// Grid size in modules (21 for version 1).
    pub modules: usize,
    /// Decoded payload bytes, if rqrr's own sampling decoded it.
    pub payload: Option<Vec<u8>>,
}

/// Result of running rqrr on one bitmap.
#[derive(Debug, Default)]
pub(crate) struct EngineOut {
    pub grids: Vec<Detected>,
    /// True if rqrr panicked somewhere (contained).
    pub panicked: bool,
}

/// White margin added around every bitmap, so codes cropped without a quiet zone (finder
/// patterns touching the image edge) are still found by rqrr's run-length finder scan.
const PAD: usize = 8;

/// Runs rqrr detection + decoding on a 0/1 bitmap of `w * h` bytes (non-zero = black).
pub(crate) fn detect_and_decode(bits: &[u8], w: usize, h: usize) -> EngineOut {
    let mut out = EngineOut::default();
    if w == 0 || h == 0 || bits.len() < w * h {
        return out;
    }
    let mut panicked = false;
    let res = catch_unwind(AssertUnwindSafe(|| {
        let mut img = rqrr::PreparedImage::prepare_from_bitmap(w + 2 * PAD, h + 2 * PAD, |x, y| {
            let (Some(x), Some(y)) = (x.checked_sub(PAD), y.checked_sub(PAD)) else {
                return false;
            };
            x < w && bits.get(y * w + x).is_some_and(|&b| b != 0)
        });
        let grids = img.detect_grids();
        let mut found = Vec::with_capacity(grids.len());
        for g in &grids {
            let payload = catch_unwind(AssertUnwindSafe(|| {
                let mut buf = Vec::new();
                g.decode_to(&mut buf).ok().map(|_| buf)
            }));
            let payload = match payload {
                Ok(p) => p,
                Err(_) => {
                    panicked = true;
                    None
                }
            };
            let b = g.bounds;
            let pt = |i: usize| Point {
                x: b[i].x as f32 - PAD as f32,
                y: b[i].y as f32 - PAD as f32,
            };
            found.push(Detected {
                bounds: [pt(0), pt(1), pt(2), pt(3)],
                modules: rqrr::BitGrid::size(&g.grid),
                payload,
            });
        }
        found
    }));
    match res {
        Ok(grids) => out.grids = grids,
        Err(_) => panicked = true,
    }
    out.panicked = panicked;
    out
}

/// Decodes a grid given as a module bitmap (`size * size`, row-major, true = dark).
/// Returns the payload bytes. Panics inside rqrr are contained and reported as `Err(())`.
pub(crate) fn decode_modules(size: usize, modules: &[bool]) -> Result<Option<Vec<u8>>, ()> {
    if modules.len() < size * size {
        return Ok(None);
    }
    catch_unwind(AssertUnwindSafe(|| {
        let grid = rqrr::SimpleGrid::from_func(size, |x, y| {
            modules.get(y * size + x).copied().unwrap_or(false)
        });
        let grid = rqrr::Grid::new(grid);
        let mut buf = Vec::new();
        grid.decode_to(&mut buf).ok().map(|_| buf)
    }))
    .map_err(|_| ())
}
