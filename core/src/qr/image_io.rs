//! Owns reading encoded images (PNG, JPEG, WebP) into greyscale, with size limits enforced
//! before any large allocation.

use super::error::QrError;
use super::frame::{Gray, MAX_PIXELS, MAX_SIDE};
use std::io::Cursor;

/// Decodes `bytes` into an owned greyscale image, refusing anything over the limits.
pub(crate) fn load_gray(bytes: &[u8]) -> Result<Gray, QrError> {
    let unreadable = |reason: String| QrError::UnreadableImage { reason };
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(e.to_string()))?;
    if reader.format().is_none() {
        return Err(unreadable("not a PNG, JPEG or WebP image".into()));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // RGBA8 decode buffer of a 64 MP image (48–50 MP phone photos fit) plus the greyscale copy.
    limits.max_alloc = Some(MAX_PIXELS * 5 + (64 << 20));
    reader.limits(limits);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| unreadable(e.to_string()))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS || w == 0 || h == 0 {
        return Err(unreadable(format!(
            "{w}x{h} is outside the {MAX_PIXELS}-pixel limit"
        )));
    }
    // `into_dimensions` consumed the reader; build it again (cheap: only header parsing).
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 5 + (64 << 20));
    reader.limits(limits);
    let img = reader.decode().map_err(|e| unreadable(e.to_string()))?;
    if img.color().has_alpha() {
        // Composite over white: transparent pixels of a rendered QR code are background.
        let rgba = img.into_rgba8();
        let (w, h) = (rgba.width() as usize, rgba.height() as usize);
        let data = rgba
            .pixels()
            .map(|p| {
                let [r, g, b, a] = p.0;
                let y = (u32::from(r) * 77 + u32::from(g) * 150 + u32::from(b) * 29) >> 8;
                let a = u32::from(a);
                ((y * a + 255 * (255 - a)) / 255) as u8
            })
            .collect();
        return Ok(Gray { w, h, data });
    }
    let luma = img.into_luma8();
    let (w, h) = (luma.width() as usize, luma.height() as usize);
    Ok(Gray {
        w,
        h,
        data: luma.into_raw(),
    })
}
