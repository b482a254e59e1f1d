//! Owns QR decoding: turning images (PNG/JPEG/WebP bytes) and camera luma frames into the text
//! of every QR code in them, with rqrr as the decoding engine.
//!
//! Pipeline (details and figures in `docs/qr.md`): validate the input (frames are read in
//! place) → a working image of at most 640 px → a cascade of binarisations, cheapest and most
//! likely first (block midrange, inverted, integral-image local mean, Otsu, unsharp-masked) →
//! our finder-pattern locator fits a perspective map and samples the modules at full
//! resolution; the plausible grids go to rqrr's decoder → rqrr's own locator as a second
//! opinion → other scales, and tiles for large photos → payload bytes to text (by ECI, else
//! UTF-8, else an ISO-8859-1/Shift_JIS guess; see [`text`]). [`QrScanner`] spreads the same cascade across
//! live camera frames.
//!
//! Guarantees: no panic reaches the caller (every rqrr call runs under `catch_unwind`), input
//! sizes are checked before allocating, and "nothing found" is the error [`QrError::NoQrCode`],
//! never an empty `Ok`.

mod binarize;
mod engine;
mod error;
mod finder;
mod format;
mod frame;
mod geometry;
mod image_io;
mod locate;
mod pipeline;
mod plan;
mod sampler;
mod scale;
mod scanner;
pub mod text;

pub use error::QrError;
pub use frame::{InvalidRotation, LumaFrame, Rotation, MAX_PIXELS, MAX_SIDE};
pub use geometry::Point;
pub use pipeline::{DecodeOptions, DecodeStats, Decoder};
pub use scanner::{QrScanner, ScanHint, ScanOptions, ScanUpdate};

use frame::Plane;

/// One decoded QR symbol.
#[derive(Debug, Clone, PartialEq)]
pub struct QrSymbol {
    /// The payload as text (see [`text`] for how non-UTF-8 payloads are converted).
    pub text: String,
    /// Outer corners of the symbol in source-pixel coordinates: top-left, top-right,
    /// bottom-right, bottom-left in the code's own orientation. Approximate (±1 module).
    pub corners: [Point; 4],
}

/// Decodes every QR code in an encoded image (PNG, JPEG or WebP), with default options.
///
/// Returns at least one symbol, or an error: [`QrError::UnreadableImage`] when the bytes are not
/// a readable image within the size limits, [`QrError::NoQrCode`] when nothing decodes.
pub fn decode_image_bytes(bytes: &[u8]) -> Result<Vec<QrSymbol>, QrError> {
    decode_image_bytes_with(bytes, &DecodeOptions::default())
}

/// [`decode_image_bytes`] with explicit options.
pub fn decode_image_bytes_with(
    bytes: &[u8],
    opts: &DecodeOptions,
) -> Result<Vec<QrSymbol>, QrError> {
    let gray = image_io::load_gray(bytes)?;
    let mut dec = Decoder::new();
    pipeline::decode_gray(&mut dec, &gray.plane(), opts).map(|(s, _)| s)
}

/// An owned greyscale image decoded from PNG/JPEG/WebP bytes (alpha composited over white).
#[derive(Debug, Clone)]
pub struct LumaImage {
    /// Tightly packed luma bytes, `width * height` of them.
    pub data: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl LumaImage {
    /// Decodes encoded image bytes with the same limits as [`decode_image_bytes`].
    pub fn from_image_bytes(bytes: &[u8]) -> Result<Self, QrError> {
        let g = image_io::load_gray(bytes)?;
        // Dimensions were checked against MAX_SIDE, so they fit in u32.
        Ok(LumaImage {
            width: g.w as u32,
            height: g.h as u32,
            data: g.data,
        })
    }

    /// Borrows this image as a packed frame.
    pub fn as_frame(&self) -> LumaFrame<'_> {
        LumaFrame::packed(&self.data, self.width, self.height)
    }
}

/// Decodes every QR code in a luma frame, with default options.
///
/// Errors: [`QrError::InvalidFrame`] when the frame's size, stride or buffer length are
/// inconsistent; [`QrError::NoQrCode`] when nothing decodes.
pub fn decode_luma(frame: &LumaFrame<'_>) -> Result<Vec<QrSymbol>, QrError> {
    decode_luma_with(frame, &DecodeOptions::default())
}

/// [`decode_luma`] with explicit options (time budget, exhaustive search).
pub fn decode_luma_with(
    frame: &LumaFrame<'_>,
    opts: &DecodeOptions,
) -> Result<Vec<QrSymbol>, QrError> {
    Decoder::new().decode_luma(frame, opts).map(|(s, _)| s)
}

impl Decoder {
    /// Decodes a luma frame reusing this decoder's buffers; also returns what happened.
    pub fn decode_luma(
        &mut self,
        frame: &LumaFrame<'_>,
        opts: &DecodeOptions,
    ) -> Result<(Vec<QrSymbol>, DecodeStats), QrError> {
        frame.validate()?;
        pipeline::decode_gray(self, &Plane::from_frame(frame), opts)
    }

    /// Decodes an encoded image reusing this decoder's buffers; also returns what happened.
    pub fn decode_image_bytes(
        &mut self,
        bytes: &[u8],
        opts: &DecodeOptions,
    ) -> Result<(Vec<QrSymbol>, DecodeStats), QrError> {
        let gray = image_io::load_gray(bytes)?;
        pipeline::decode_gray(self, &gray.plane(), opts)
    }
}
