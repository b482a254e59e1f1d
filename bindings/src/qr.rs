//! Owns QR decoding across the FFI: encoded images and borrowed camera luma frames in, the text
//! of every QR code out.

use kulcs_core::qr::{self, LumaFrame};

use crate::guard::guard;
use crate::KulcsError;

/// Clockwise rotation that brings a camera frame upright. Decoding works in every orientation;
/// the rotation is accepted so shells pass what the camera reports without interpreting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FrameRotation {
    /// Upright.
    R0,
    /// 90 degrees clockwise.
    R90,
    /// 180 degrees.
    R180,
    /// 270 degrees clockwise.
    R270,
}

/// Decodes every QR code in a PNG, JPEG or WebP image. Errors: `NoQrCode`, or
/// `InvalidInput{field: "image"}` for bytes that are not a readable image.
#[uniffi::export]
pub fn decode_qr_image(image: Vec<u8>) -> Result<Vec<String>, KulcsError> {
    guard(|| Ok(qr::decode_image_bytes(&image)?.into_iter().map(|s| s.text).collect()))
}

/// Decodes every QR code in a camera Y plane without copying it across the FFI (Kotlin passes
/// a direct `ByteBuffer`, Swift a `Data`). Pixel `(x, y)` is `luma[y * row_stride + x]`.
/// Errors: `NoQrCode`, or `InvalidInput{field: "frame"}` for inconsistent sizes.
#[uniffi::export]
pub fn decode_qr_frame(
    luma: &[u8],
    width: u32,
    height: u32,
    row_stride: u32,
    rotation: FrameRotation,
) -> Result<Vec<String>, KulcsError> {
    let _ = rotation;
    guard(|| {
        let frame = LumaFrame { data: luma, width, height, row_stride };
        Ok(qr::decode_luma(&frame)?.into_iter().map(|s| s.text).collect())
    })
}
