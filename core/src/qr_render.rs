//! Owns drawing QR codes: PNG images and terminal text for transfer offers and frames, Google
//! migration batches and per-account `otpauth://` codes (always error-correction level M).

use crate::credential::Credential;
use crate::otpauth;
use zeroize::Zeroizing;

/// Pixels per module in PNGs (a version-20 code becomes 101 × 8 = 808 px with its quiet zone).
pub const PNG_MODULE_PX: u32 = 8;
/// The largest module size [`png_with_module`] draws (a version-40 code is then ~5.9k px).
pub const MAX_MODULE_PX: u32 = 32;

/// Why a QR code could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The text does not fit in a version-40 QR code at level M.
    #[error("too much data for one QR code ({chars} characters)")]
    TooLong {
        /// Length of the text.
        chars: usize,
    },
    /// A module size of 0 or above [`MAX_MODULE_PX`] pixels.
    #[error("a QR module must be 1 to {max} pixels, got {module_px}")]
    InvalidScale {
        /// The size asked for.
        module_px: u32,
        /// [`MAX_MODULE_PX`].
        max: u32,
    },
    /// PNG encoding failed (should not happen for in-memory output).
    #[error("could not encode the PNG image")]
    Png,
}

fn code(text: &str) -> Result<qrcode::QrCode, RenderError> {
    qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).map_err(|_| {
        RenderError::TooLong {
            chars: text.chars().count(),
        }
    })
}

/// The QR version (1–40) `text` needs at level M, or `None` when it does not fit.
pub fn version_for(text: &str) -> Option<u8> {
    match code(text).ok()?.version() {
        qrcode::Version::Normal(v) => u8::try_from(v).ok(),
        qrcode::Version::Micro(_) => None,
    }
}

/// The modules of `text`'s QR code (level M), row by row, `true` for dark, without the quiet
/// zone: `(width, modules)` with `modules.len() == width * width`. For vector drawing (the
/// emergency sheet).
pub fn modules(text: &str) -> Result<(usize, Zeroizing<Vec<bool>>), RenderError> {
    let c = code(text)?;
    let dark = c
        .to_colors()
        .into_iter()
        .map(|m| m == qrcode::Color::Dark)
        .collect();
    Ok((c.width(), Zeroizing::new(dark)))
}

/// A PNG (8-bit greyscale, [`PNG_MODULE_PX`] px per module, 4-module quiet zone) of `text`.
pub fn png(text: &str) -> Result<Vec<u8>, RenderError> {
    png_with_module(text, PNG_MODULE_PX)
}

/// [`png`] with a chosen module size in pixels (1 to [`MAX_MODULE_PX`]).
pub fn png_with_module(text: &str, module_px: u32) -> Result<Vec<u8>, RenderError> {
    if module_px == 0 || module_px > MAX_MODULE_PX {
        return Err(RenderError::InvalidScale {
            module_px,
            max: MAX_MODULE_PX,
        });
    }
    let img = code(text)?
        .render::<image::Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(module_px, module_px)
        .build();
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|_| RenderError::Png)?;
    Ok(out)
}

/// The code as terminal text, two modules per character cell (Unicode half blocks), dark on a
/// light background with a quiet zone, so it scans from a terminal on either colour scheme as
/// long as the terminal background is light or the caller inverts it.
pub fn terminal(text: &str) -> Result<String, RenderError> {
    Ok(code(text)?
        .render::<qrcode::render::unicode::Dense1x2>()
        .dark_color(qrcode::render::unicode::Dense1x2::Light)
        .light_color(qrcode::render::unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

/// The `otpauth://` URI of one account as a PNG, for adding it to another app. The result shows
/// the secret to anyone who sees it: only produce it when the user asks to export that account.
pub fn otpauth_png(credential: &Credential) -> Result<Zeroizing<Vec<u8>>, RenderError> {
    let uri = Zeroizing::new(otpauth::format(credential));
    png(&uri).map(Zeroizing::new)
}

/// The `otpauth://` URI of one account as terminal text (see [`otpauth_png`]).
pub fn otpauth_terminal(credential: &Credential) -> Result<Zeroizing<String>, RenderError> {
    let uri = Zeroizing::new(otpauth::format(credential));
    terminal(&uri).map(Zeroizing::new)
}
