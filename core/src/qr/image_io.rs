//! Owns reading encoded images (PNG, JPEG, WebP) into greyscale, with size limits enforced
//! before any large allocation.
//!
//! Memory: a baseline colour JPEG is decoded by zune-jpeg straight to its luma (Y) channel,
//! and a non-interlaced PNG row by row into luma, so the only full-size buffer is the 1-byte
//! per pixel result (a 64 MP photo: 64 MB, not 192 MB of RGB plus 64 MB of luma). Other
//! inputs (WebP, interlaced PNG, CMYK JPEG) go through `image` with its allocation limit.

use super::error::QrError;
use super::frame::{Gray, MAX_PIXELS, MAX_SIDE};
use std::io::Cursor;

fn unreadable(reason: String) -> QrError {
    QrError::UnreadableImage { reason }
}

/// Decodes `bytes` into an owned greyscale image, refusing anything over the limits.
pub(crate) fn load_gray(bytes: &[u8]) -> Result<Gray, QrError> {
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => {
            if let Some(g) = jpeg_luma(bytes)? {
                return Ok(g);
            }
        }
        Ok(image::ImageFormat::Png) => {
            if let Some(g) = png_luma(bytes)? {
                return Ok(g);
            }
        }
        _ => {}
    }
    load_gray_generic(bytes)
}

/// Refuses dimensions outside the side and pixel limits.
fn check_size(w: u64, h: u64) -> Result<(), QrError> {
    if w == 0 || h == 0 || w > u64::from(MAX_SIDE) || h > u64::from(MAX_SIDE) || w * h > MAX_PIXELS
    {
        return Err(unreadable(format!(
            "{w}x{h} is outside the {MAX_PIXELS}-pixel limit"
        )));
    }
    Ok(())
}

/// A YCbCr or greyscale JPEG decoded to its Y channel only; `None` for other colour spaces.
fn jpeg_luma(bytes: &[u8]) -> Result<Option<Gray>, QrError> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_strict_mode(false)
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    dec.decode_headers()
        .map_err(|e| unreadable(format!("JPEG: {e}")))?;
    let (w, h) = dec
        .dimensions()
        .ok_or_else(|| unreadable("JPEG: no frame header".into()))?;
    check_size(w as u64, h as u64)?;
    if !matches!(
        dec.input_colorspace(),
        Some(ColorSpace::YCbCr | ColorSpace::Luma)
    ) {
        return Ok(None);
    }
    dec.set_options(options.jpeg_set_out_colorspace(ColorSpace::Luma));
    let mut data = vec![0u8; w * h];
    dec.decode_into(&mut data)
        .map_err(|e| unreadable(format!("JPEG: {e}")))?;
    Ok(Some(Gray { w, h, data }))
}

/// A non-interlaced PNG decoded row by row into luma (alpha composited over white, like the
/// generic path); `None` for interlaced files.
fn png_luma(bytes: &[u8]) -> Result<Option<Gray>, QrError> {
    let err = |e: png::DecodingError| unreadable(format!("PNG: {e}"));
    let mut dec = png::Decoder::new(Cursor::new(bytes));
    dec.set_transformations(png::Transformations::normalize_to_color8());
    let info = dec.read_header_info().map_err(err)?;
    check_size(u64::from(info.width), u64::from(info.height))?;
    if info.interlaced {
        return Ok(None);
    }
    let mut reader = dec.read_info().map_err(err)?;
    let (w, h) = (reader.info().width as usize, reader.info().height as usize);
    let (color, _) = reader.output_color_type();
    let mut data = Vec::with_capacity(w * h);
    while let Some(row) = reader.next_row().map_err(err)? {
        let row = row.data();
        match color {
            png::ColorType::Grayscale => data.extend_from_slice(&row[..w]),
            png::ColorType::GrayscaleAlpha => data.extend(
                row.chunks_exact(2)
                    .map(|p| over_white(u32::from(p[0]), p[1])),
            ),
            png::ColorType::Rgb => data.extend(row.chunks_exact(3).map(|p| {
                // `image`'s Rec. 709 weights, as its `into_luma8` used before.
                let l = 2126 * u32::from(p[0]) + 7152 * u32::from(p[1]) + 722 * u32::from(p[2]);
                (l / 10_000) as u8
            })),
            png::ColorType::Rgba => {
                data.extend(row.chunks_exact(4).map(|p| over_white(rec601(p), p[3])))
            }
            png::ColorType::Indexed => return Ok(None),
        }
        if data.len() > w * h {
            return Err(unreadable("PNG: rows longer than the header says".into()));
        }
    }
    if data.len() != w * h {
        return Err(unreadable("PNG: image data ends early".into()));
    }
    Ok(Some(Gray { w, h, data }))
}

/// Rec. 601 luma of an RGB(A) pixel, the weights the alpha path has always used.
fn rec601(p: &[u8]) -> u32 {
    (u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8
}

/// Composites luma `y` with alpha `a` over white: transparent pixels of a rendered QR code
/// are background.
fn over_white(y: u32, a: u8) -> u8 {
    let a = u32::from(a);
    ((y * a + 255 * (255 - a)) / 255) as u8
}

fn limited_reader(bytes: &[u8]) -> Result<image::ImageReader<Cursor<&[u8]>>, QrError> {
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
    Ok(reader)
}

/// Any supported format through `image` (full-size decode buffer, then luma).
fn load_gray_generic(bytes: &[u8]) -> Result<Gray, QrError> {
    let (w, h) = limited_reader(bytes)?
        .into_dimensions()
        .map_err(|e| unreadable(e.to_string()))?;
    check_size(u64::from(w), u64::from(h))?;
    // `into_dimensions` consumed the reader; build it again (cheap: only header parsing).
    let img = limited_reader(bytes)?
        .decode()
        .map_err(|e| unreadable(e.to_string()))?;
    if img.color().has_alpha() {
        let rgba = img.into_rgba8();
        let (w, h) = (rgba.width() as usize, rgba.height() as usize);
        let data = rgba
            .pixels()
            .map(|p| over_white(rec601(&p.0), p.0[3]))
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
