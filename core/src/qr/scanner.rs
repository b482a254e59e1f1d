//! Owns live camera scanning: a [`QrScanner`] fed successive luma frames that spreads the
//! decoding cascade across frames under a per-frame time budget, and turns what it saw into a
//! geometric hint a UI can show ([`ScanHint`]).

use super::error::QrError;
use super::frame::{LumaFrame, Plane, Rotation};
use super::geometry::Point;
use super::pipeline::{into_symbols, DecodeStats, Decoder, Found, StepLimits};
use super::QrSymbol;
use std::time::Duration;

use crate::monotonic::Instant;

/// What the UI should tell the user about the current frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanHint {
    /// Nothing that looks like a QR code is in view.
    NoCode,
    /// A code is in view but too small to read (finder patterns of under ~2.5 pixels per
    /// module): move the phone closer.
    MoveCloser,
    /// A code was located but could not be read (blur, motion, glare): hold still.
    HoldStill,
    /// At least one code was decoded in this frame.
    Found,
}

/// Result of one scanned frame.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanUpdate {
    /// Codes decoded in this frame (corners in upright display coordinates, see
    /// [`QrScanner::push_frame`]). Empty unless `hint == ScanHint::Found`.
    pub symbols: Vec<QrSymbol>,
    /// Geometric hint for the UI.
    pub hint: ScanHint,
}

/// Live-scanner settings.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Soft per-frame time budget. The cheapest, most likely cascade step always runs; further
    /// steps run round-robin across frames while the budget lasts.
    pub frame_budget: Duration,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            frame_budget: Duration::from_millis(15),
        }
    }
}

/// Round-robin order of the cascade steps after step 0 in live mode (indices into the
/// still-image cascade). A code that is too small for the shrunk base image is the commonest
/// live failure, so the full-resolution locator steps (16, 17) come early; rqrr's steps last.
const LIVE_ORDER: [usize; 37] = [
    10, 1, 2, 8, 11, 3, 4, 5, 12, 6, 7, 9, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37,
];

/// Live mode skips cascade steps on working images larger than this (about one 720p frame):
/// one such step must fit a frame budget, and a code that needs 2x upscaling is better
/// served by the MoveCloser hint.
const LIVE_MAX_WORK_PIXELS: usize = 1_000_000;

/// Below this many source pixels per module a located code is reported as too small.
const MOVE_CLOSER_MODULE_PX: f32 = 2.5;

/// A live scanner holding reusable buffers and the round-robin position in the cascade.
#[derive(Debug, Default)]
pub struct QrScanner {
    opts: ScanOptions,
    decoder: Decoder,
    /// Next cascade step (after step 0, which runs every frame).
    cursor: usize,
    /// The cascade step that decoded the last code found; tried right after step 0.
    hot: Option<usize>,
    /// Strongest recent non-`Found` evidence and how many more frames it is remembered: the
    /// cascade steps that can see a small or blurred code do not run on every frame.
    memory: Option<(ScanHint, u32)>,
}

/// How many frames a MoveCloser/HoldStill observation keeps the hint (one cascade cycle).
const HINT_MEMORY_FRAMES: u32 = 12;

fn strength(h: ScanHint) -> u8 {
    match h {
        ScanHint::NoCode => 0,
        ScanHint::MoveCloser => 1,
        ScanHint::HoldStill => 2,
        ScanHint::Found => 3,
    }
}

impl QrScanner {
    /// A scanner with the given options.
    pub fn new(opts: ScanOptions) -> Self {
        QrScanner {
            opts,
            ..Default::default()
        }
    }

    /// Forgets the previous frames (hint memory, the step that last decoded, the round-robin
    /// position), e.g. when a new scanning session starts. Scratch buffers are kept.
    pub fn reset(&mut self) {
        self.decoder.forget_pending();
        self.cursor = 0;
        self.hot = None;
        self.memory = None;
    }

    /// Scans one frame. `rotation` is the clockwise rotation that makes the frame upright;
    /// decoding works in any orientation, and the returned corners are mapped into the upright
    /// image so a UI can draw them over its preview.
    ///
    /// Errors only for an inconsistent frame ([`QrError::InvalidFrame`]); "no code" is a hint,
    /// not an error, in live mode.
    pub fn push_frame(
        &mut self,
        frame: &LumaFrame<'_>,
        rotation: Rotation,
    ) -> Result<ScanUpdate, QrError> {
        frame.validate()?;
        let start = Instant::now();
        let plane = Plane::from_frame(frame);
        let deadline = start + self.opts.frame_budget;
        let mut found: Vec<Found> = Vec::new();
        let mut stats = DecodeStats::default();
        let n = LIVE_ORDER.len();
        // Step 0 every frame: the common case (a steady, readable code) costs one step. The
        // step that last decoded something runs next: the scene rarely changes between frames.
        let first = StepLimits {
            deadline,
            first_always_runs: true,
            exhaustive: false,
            max_pixels: LIVE_MAX_WORK_PIXELS,
            give_up_early: false,
        };
        let rest = StepLimits {
            first_always_runs: false,
            ..first
        };
        self.decoder
            .run_steps(&plane, [0], &first, &mut found, &mut stats);
        if let Some(hot) = self.hot.filter(|&h| h != 0 && found.is_empty()) {
            self.decoder
                .run_steps(&plane, [hot], &first, &mut found, &mut stats);
        }
        if found.is_empty() && n > 0 {
            let start = self.cursor % n;
            let steps = (start..n)
                .chain(0..start)
                .filter_map(|k| LIVE_ORDER.get(k).copied());
            let consumed = self
                .decoder
                .run_steps(&plane, steps, &rest, &mut found, &mut stats);
            self.cursor = (start + consumed) % n;
        }
        let (w, h) = (frame.width as f32, frame.height as f32);
        let mut symbols = into_symbols(found);
        for s in &mut symbols {
            s.corners = s.corners.map(|p| rotate(p, w, h, rotation));
        }
        let mut hint = hint_for(&symbols, &stats);
        if hint == ScanHint::Found {
            self.hot = stats.decoded_at.map(|i| i as usize);
            self.memory = None;
        } else {
            if hint != ScanHint::NoCode {
                self.memory = Some((hint, HINT_MEMORY_FRAMES));
            } else if let Some((remembered, left)) = self.memory {
                if strength(remembered) > strength(hint) {
                    hint = remembered;
                }
                self.memory = left
                    .checked_sub(1)
                    .filter(|&l| l > 0)
                    .map(|l| (remembered, l));
            }
        }
        Ok(ScanUpdate { symbols, hint })
    }
}

fn hint_for(symbols: &[QrSymbol], st: &DecodeStats) -> ScanHint {
    if !symbols.is_empty() {
        return ScanHint::Found;
    }
    let module = if st.undecoded_module_px > 0.0 {
        st.undecoded_module_px
    } else {
        st.finder_module_px
    };
    if st.located || st.finders >= 3 {
        if module > 0.0 && module < MOVE_CLOSER_MODULE_PX {
            ScanHint::MoveCloser
        } else {
            ScanHint::HoldStill
        }
    } else if st.finders >= 2 && module > 0.0 && module < MOVE_CLOSER_MODULE_PX {
        ScanHint::MoveCloser
    } else {
        ScanHint::NoCode
    }
}

/// Maps a point of a `w x h` sensor frame into the upright image after rotating clockwise.
fn rotate(p: Point, w: f32, h: f32, r: Rotation) -> Point {
    match r {
        Rotation::R0 => p,
        Rotation::R90 => Point { x: h - p.y, y: p.x },
        Rotation::R180 => Point {
            x: w - p.x,
            y: h - p.y,
        },
        Rotation::R270 => Point { x: p.y, y: w - p.x },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_order_covers_every_step_after_the_first_once() {
        let mut seen: Vec<usize> = LIVE_ORDER.to_vec();
        seen.sort_unstable();
        let expected: Vec<usize> = (1..Decoder::plan_len()).collect();
        assert_eq!(seen, expected);
    }
}
