//! Large photos are read within bounded memory: a colour photo is decoded straight to one
//! byte of luma per pixel, never through a full-size RGB buffer (3 bytes per pixel), so a
//! 64 MP phone photo costs ~64 MB of pixels, not ~256 MB.

use crate::support::alloc::largest_during;
use image::{ImageFormat, Rgb, RgbImage};
use kulcs_core::qr::LumaImage;
use std::io::Cursor;

const TEXT: &str =
    "otpauth://totp/Example:large@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

/// A 3000×2000 colour "photo" (a tinted gradient) with a code in it.
fn colour_photo() -> RgbImage {
    let code = qrcode::QrCode::new(TEXT.as_bytes()).expect("encodable");
    let code = code
        .render::<image::Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(6, 6)
        .build();
    let (w, h) = (3000u32, 2000u32);
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([(150 + x % 90) as u8, (170 + y % 60) as u8, 190])
    });
    let (x0, y0) = (1700, 900);
    for (x, y, p) in code.enumerate_pixels() {
        let v = p.0[0];
        img.put_pixel(x0 + x, y0 + y, Rgb([v, v.saturating_add(10), v]));
    }
    img
}

fn encoded(img: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

fn assert_luma_only(format: ImageFormat) {
    let img = colour_photo();
    let px = (img.width() * img.height()) as usize;
    let bytes = encoded(&img, format);
    drop(img);
    let (luma, largest) = largest_during(|| LumaImage::from_image_bytes(&bytes));
    let luma = luma.expect("decodes");
    assert_eq!((luma.width, luma.height), (3000, 2000));
    assert!(
        largest <= px + (1 << 20),
        "{format:?}: largest allocation {largest} bytes for {px} pixels (a full RGB buffer?)"
    );
    let syms = kulcs_core::qr::decode_luma(&luma.as_frame()).expect("the code is read");
    assert_eq!(syms[0].text, TEXT);
}

#[test]
fn colour_jpeg_decodes_to_luma_without_an_rgb_buffer() {
    assert_luma_only(ImageFormat::Jpeg);
}

#[test]
fn colour_png_decodes_to_luma_without_an_rgb_buffer() {
    assert_luma_only(ImageFormat::Png);
}
