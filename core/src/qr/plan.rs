//! Owns the decoding cascade's recipe: which working images (scales), binarisations and
//! locators are tried, and in which order — cheapest and most likely first.

/// How an attempt turns greyscale into black and white.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bin {
    /// Local mean over a window of radius `max(w,h) / div`, with an offset in grey levels.
    Adaptive {
        /// Window radius divisor.
        div: usize,
        /// Grey levels below the mean a pixel must be to count as dark.
        offset: u8,
    },
    /// Otsu's global threshold.
    Otsu,
    /// Midpoint of the local minimum and maximum over 5x5 tiles of `max(w,h) / div` pixels
    /// (clamped to 4..=16); flat areas fall back to Otsu.
    Midrange {
        /// Tile size divisor.
        div: usize,
    },
}

/// Which image an attempt works on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Level {
    /// The source, shrunk so the longer side is at most `base_side`.
    Base,
    /// The source scaled by the given factor (2.0 = doubled).
    Scaled(f32),
    /// Large sources only: the largest scale below 1 that fits the working-image pixel cap.
    Fit,
    /// Large sources only: overlapping full-resolution tiles, centre first, for codes too
    /// small to survive any shrink of a multi-megapixel photo.
    Tiles,
}

/// Which locators an attempt runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Engines {
    /// Our finder scan + fitted sampling only (cheap).
    Locator,
    /// rqrr's region-based detector only (costlier, different failure modes).
    Rqrr,
    /// Both, ours first.
    Both,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Attempt {
    pub level: Level,
    pub bin: Bin,
    pub invert: bool,
    pub engines: Engines,
    /// Unsharp-mask the working image first, and read modules from it (defocus blur).
    pub sharpen: bool,
}

const fn a(level: Level, bin: Bin, invert: bool, engines: Engines) -> Attempt {
    Attempt {
        level,
        bin,
        invert,
        engines,
        sharpen: false,
    }
}

const fn sharp(level: Level, bin: Bin, invert: bool) -> Attempt {
    Attempt {
        level,
        bin,
        invert,
        engines: Locator,
        sharpen: true,
    }
}

/// Local mean over a window of radius `max(w, h) / 24` (clamped to 6..=16 px): a few modules
/// for typical camera framing. Wider windows are biased by the bright quiet zone and fill in
/// the light ring of blurred finder patterns; this one is robust to lighting gradients, glare
/// edges and dark themes.
const AD_S: Bin = Bin::Adaptive { div: 24, offset: 5 };
/// Local mean over a wide window (`max(w, h) / 8`): keeps the cores of large finder patterns.
const AD_L: Bin = Bin::Adaptive { div: 8, offset: 4 };
/// Block midrange threshold, tiles of `max(w, h) / 80` pixels.
const MID: Bin = Bin::Midrange { div: 80 };

use Engines::{Both, Locator, Rqrr};
use Level::{Base, Fit, Scaled, Tiles};

/// The cascade, in order: cheap locator passes over the base image first (normal, then
/// inverted, sharpened), then our locator at full resolution (when the base was shrunk),
/// then — only with evidence of a code, see [`GIVE_UP_AFTER`] — rqrr over the base bitmaps
/// and at full resolution, 2x (small codes), 1/2 and 3x, large-photo scales and tiles.
pub(crate) const PLAN: &[Attempt] = &[
    a(Base, MID, false, Locator),
    a(Base, MID, true, Locator),
    a(Base, AD_S, false, Locator),
    a(Base, AD_S, true, Locator),
    a(Base, Bin::Otsu, false, Locator),
    a(Base, AD_L, false, Locator),
    a(Base, Bin::Otsu, true, Locator),
    a(Base, AD_L, true, Locator),
    sharp(Base, MID, false),
    sharp(Base, MID, true),
    a(Scaled(1.0), MID, false, Locator),
    a(Scaled(1.0), MID, true, Locator),
    a(Scaled(1.0), AD_S, false, Locator),
    a(Scaled(1.0), AD_S, true, Locator),
    a(Base, AD_S, false, Rqrr),
    a(Base, AD_L, false, Rqrr),
    a(Base, Bin::Otsu, false, Rqrr),
    a(Base, AD_S, true, Rqrr),
    a(Base, AD_L, true, Rqrr),
    a(Base, Bin::Otsu, true, Rqrr),
    // rqrr's detector at full resolution costs ~10x our locator there (profile in
    // docs/qr.md), so it runs after our locator, and only with evidence of a code.
    a(Scaled(1.0), MID, false, Rqrr),
    a(Scaled(1.0), MID, true, Rqrr),
    a(Scaled(1.0), AD_S, false, Rqrr),
    a(Scaled(1.0), AD_S, true, Rqrr),
    a(Scaled(2.0), MID, false, Both),
    a(Scaled(2.0), MID, true, Both),
    a(Scaled(2.0), AD_S, false, Both),
    a(Scaled(2.0), AD_S, true, Both),
    a(Scaled(2.0), AD_L, false, Both),
    a(Scaled(2.0), AD_L, true, Both),
    a(Scaled(0.5), AD_L, false, Both),
    a(Scaled(0.5), AD_L, true, Both),
    a(Scaled(3.0), AD_S, false, Both),
    a(Scaled(3.0), AD_S, true, Both),
    a(Fit, MID, false, Locator),
    a(Fit, MID, true, Locator),
    a(Tiles, MID, false, Locator),
    a(Tiles, MID, true, Locator),
];

/// Still images give up after this step (the last full-resolution locator step) when no
/// step has seen even two finder-pattern candidates nor located a grid: the remaining steps
/// (rqrr on the base image and at full resolution, 2x, 1/2, 3x, tiles) cost most of a miss,
/// and our finder scan at base and full resolution already found no finder structure.
pub(crate) const GIVE_UP_AFTER: usize = 13;

/// Sources with more pixels than this also get the `Tiles` steps.
pub(crate) const TILE_MIN_SOURCE_PIXELS: usize = 2_500_000;
/// Side of a square tile.
pub(crate) const TILE_SIDE: usize = 1152;
/// Overlap between neighbouring tiles: a code up to this size lies wholly inside some tile.
pub(crate) const TILE_OVERLAP: usize = 384;

/// Longest side of the base working image.
pub(crate) const BASE_SIDE: usize = 640;
/// Never build a working image with more pixels than this.
pub(crate) const MAX_WORK_PIXELS: usize = 4_500_000;
