//! Owns camera-frame input: the borrowed [`LumaFrame`], its validation, and the owned
//! greyscale buffer ([`Gray`]) the pipeline works on.

use super::error::QrError;

/// Refuse images or frames with more pixels than this (64 megapixels: 48–50 MP phone photos
/// fit), before allocating.
pub const MAX_PIXELS: u64 = 64_000_000;
/// Refuse images or frames wider or taller than this many pixels.
pub const MAX_SIDE: u32 = 16_384;

/// A borrowed 8-bit luma (Y plane) camera frame.
///
/// Pixel `(x, y)` is `data[y * row_stride + x]`. `row_stride` may exceed `width` (padded rows);
/// the last row only needs `width` bytes.
#[derive(Debug, Clone, Copy)]
pub struct LumaFrame<'a> {
    /// The Y plane bytes (0 = black, 255 = white).
    pub data: &'a [u8],
    /// Visible width in pixels.
    pub width: u32,
    /// Height in pixels (rows).
    pub height: u32,
    /// Distance in bytes between the starts of two consecutive rows (>= `width`).
    pub row_stride: u32,
}

impl<'a> LumaFrame<'a> {
    /// A tightly packed frame (`row_stride == width`).
    pub fn packed(data: &'a [u8], width: u32, height: u32) -> Self {
        LumaFrame {
            data,
            width,
            height,
            row_stride: width,
        }
    }

    /// Checks every invariant the decoder relies on, with checked arithmetic.
    pub fn validate(&self) -> Result<(), QrError> {
        let bad = |reason: String| Err(QrError::InvalidFrame { reason });
        if self.width == 0 || self.height == 0 {
            return bad(format!("zero size ({}x{})", self.width, self.height));
        }
        if self.width > MAX_SIDE || self.height > MAX_SIDE {
            return bad(format!(
                "dimensions {}x{} exceed the {MAX_SIDE}-pixel side limit",
                self.width, self.height
            ));
        }
        if u64::from(self.width) * u64::from(self.height) > MAX_PIXELS {
            return bad(format!(
                "{}x{} exceeds the {MAX_PIXELS}-pixel limit",
                self.width, self.height
            ));
        }
        if self.row_stride < self.width {
            return bad(format!(
                "row_stride {} < width {}",
                self.row_stride, self.width
            ));
        }
        let needed = u64::from(self.row_stride)
            .checked_mul(u64::from(self.height - 1))
            .and_then(|v| v.checked_add(u64::from(self.width)));
        match needed {
            Some(n) if (self.data.len() as u64) >= n => Ok(()),
            Some(n) => bad(format!(
                "buffer has {} bytes, frame needs {n}",
                self.data.len()
            )),
            None => bad("stride * height overflows".to_string()),
        }
    }
}

/// Frame rotation, clockwise, that brings the sensor image upright. Decoding works in any
/// orientation; the live scanner uses the rotation to report corners in upright coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rotation {
    /// No rotation.
    #[default]
    R0,
    /// 90 degrees clockwise.
    R90,
    /// 180 degrees.
    R180,
    /// 270 degrees clockwise.
    R270,
}

impl Rotation {
    /// The rotation a camera reports in degrees: 0, 90, 180 or 270, taken modulo 360 (so -90 is
    /// 270 and 450 is 90). Anything else is [`InvalidRotation`].
    ///
    /// ```
    /// use kulcs_core::qr::{InvalidRotation, Rotation};
    /// assert_eq!(Rotation::from_degrees(-90), Ok(Rotation::R270));
    /// assert_eq!(Rotation::from_degrees(45), Err(InvalidRotation { degrees: 45 }));
    /// ```
    pub fn from_degrees(degrees: i32) -> Result<Rotation, InvalidRotation> {
        match degrees.rem_euclid(360) {
            0 => Ok(Rotation::R0),
            90 => Ok(Rotation::R90),
            180 => Ok(Rotation::R180),
            270 => Ok(Rotation::R270),
            _ => Err(InvalidRotation { degrees }),
        }
    }
}

/// A camera rotation that is not a multiple of 90 degrees ([`Rotation::from_degrees`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("rotation must be a multiple of 90 degrees, got {degrees}")]
pub struct InvalidRotation {
    /// The degrees that were given.
    pub degrees: i32,
}

/// A borrowed greyscale plane with a row stride (a validated frame, or a [`Gray`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plane<'a> {
    pub data: &'a [u8],
    pub w: usize,
    pub h: usize,
    pub stride: usize,
}

impl<'a> Plane<'a> {
    /// Views a frame that passed [`LumaFrame::validate`].
    pub fn from_frame(f: &LumaFrame<'a>) -> Self {
        Plane {
            data: f.data,
            w: f.width as usize,
            h: f.height as usize,
            stride: f.row_stride as usize,
        }
    }

    /// Row `y` (`w` bytes; shorter only if the plane was built inconsistently).
    #[inline]
    pub fn row(&self, y: usize) -> &'a [u8] {
        let start = (y * self.stride).min(self.data.len());
        let end = (start + self.w).min(self.data.len());
        &self.data[start..end]
    }

    #[inline]
    pub fn px(&self, x: usize, y: usize) -> u8 {
        if x >= self.w {
            return 255;
        }
        self.data.get(y * self.stride + x).copied().unwrap_or(255)
    }
}

/// An owned, tightly packed greyscale image.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gray {
    pub w: usize,
    pub h: usize,
    pub data: Vec<u8>,
}

impl Gray {
    /// Borrows this image as a plane.
    pub fn plane(&self) -> Plane<'_> {
        Plane {
            data: &self.data,
            w: self.w,
            h: self.h,
            stride: self.w,
        }
    }
}
