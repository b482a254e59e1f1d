//! Owns every call into rqrr: detection and decoding of a prepared bitmap, with each call
//! wrapped in `catch_unwind` so an rqrr panic never escapes and never discards the results of
//! other grids or other attempts.

use super::geometry::Point;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A decoded payload: the bytes, and what rqrr reported about them.
#[derive(Debug, Clone)]
pub(crate) struct Payload {
    /// The data bytes (byte mode verbatim, Kanji mode as Shift_JIS pairs).
    pub bytes: Vec<u8>,
    /// The data segments (mode, ECI in force, byte length), in order.
    pub segments: Vec<rqrr::Segment>,
    /// What Reed–Solomon corrected in each block.
    pub blocks: Vec<rqrr::BlockCorrection>,
}

impl Payload {
    /// The highest share of its correction capacity (`parity / 2`) any block used, 0.0..=1.0.
    pub fn correction_load(&self) -> f32 {
        self.blocks
            .iter()
            .map(|b| b.corrected as f32 / (b.parity / 2).max(1) as f32)
            .fold(0.0, f32::max)
    }

    /// log10 of the chance that a grid which is *not* this code (a wrong grid size, a
    /// mis-sampled or foreign grid: effectively random codewords) would still decode with
    /// these corrections: per block, the share of received words within `corrected` symbol
    /// errors of some codeword, C(len, e)·255^e / 256^parity, multiplied over the blocks.
    /// A version 1-L code read with 3 corrections is about 10^-6.2; a clean one 10^-16.9; a
    /// version 9-M enrolment code even at full correction below 10^-60.
    pub fn false_accept_log10(&self) -> f64 {
        self.blocks
            .iter()
            .map(|b| {
                let (n, e) = (b.len as f64, b.corrected.min(b.len) as f64);
                let mut log_c = 0.0;
                for i in 0..e as usize {
                    log_c += ((n - i as f64) / (i as f64 + 1.0)).log10();
                }
                log_c + e * 255f64.log10() - b.parity as f64 * 256f64.log10()
            })
            .sum()
    }
}

/// Decodes one rqrr grid into a [`Payload`].
fn decode_grid(g: &rqrr::Grid<impl rqrr::BitGrid>) -> Option<Payload> {
    let mut bytes = Vec::new();
    let d = g.decode_with_details_to(&mut bytes).ok()?;
    Some(Payload {
        bytes,
        segments: d.segments,
        blocks: d.blocks,
    })
}

/// One grid rqrr located in a bitmap.
#[derive(Debug, Clone)]
pub(crate) struct Detected {
    /// rqrr's bounds in bitmap coordinates: the images of grid coordinates (0,0), (n+1,0),
    /// (n+1,n+1), (0,n+1), where n is `modules` (rqrr's convention).
    pub bounds: [Point; 4],
    /// Grid size in modules (21 for version 1).
    pub modules: usize,
    /// Decoded payload bytes, if rqrr's own sampling decoded it.
    pub payload: Option<Payload>,
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
            let payload = catch_unwind(AssertUnwindSafe(|| decode_grid(g)));
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
/// Returns the payload. Panics inside rqrr are contained and reported as `Err(())`.
pub(crate) fn decode_modules(size: usize, modules: &[bool]) -> Result<Option<Payload>, ()> {
    if modules.len() < size * size {
        return Ok(None);
    }
    catch_unwind(AssertUnwindSafe(|| {
        let grid = rqrr::SimpleGrid::from_func(size, |x, y| {
            modules.get(y * size + x).copied().unwrap_or(false)
        });
        decode_grid(&rqrr::Grid::new(grid))
    }))
    .map_err(|_| ())
}
