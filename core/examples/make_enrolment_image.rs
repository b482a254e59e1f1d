//! Draws `examples/ugyfelkapu-enrolment.png`: a deterministic stand-in for the Ügyfélkapu+
//! enrolment page (header band, instructions as grey bars, the QR code, the setup-key box).
//!
//! Run: `cargo run -p kulcs-core --example make_enrolment_image [OUT.png]`

use image::{ImageBuffer, Luma, Rgb, RgbImage};

/// The example account's key (80 bits, 16 base32 characters, like the real page).
pub const EXAMPLE_KEY: &str = "KULCSPELDAKULCS2";
/// The payload of the example QR code.
pub const EXAMPLE_URI: &str = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos@ugyfelkapu.gov.hu?secret=KULCSPELDAKULCS2&issuer=%C3%9Cgyf%C3%A9lkapu%2B&algorithm=SHA1&digits=6&period=30";

fn fill(img: &mut RgbImage, x0: u32, y0: u32, w: u32, h: u32, c: [u8; 3]) {
    for y in y0..(y0 + h).min(img.height()) {
        for x in x0..(x0 + w).min(img.width()) {
            img.put_pixel(x, y, Rgb(c));
        }
    }
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/ugyfelkapu-enrolment.png".into());
    let (w, h) = (1280u32, 800u32);
    let mut page: RgbImage = ImageBuffer::from_pixel(w, h, Rgb([246, 247, 249]));
    // Header band in the government blue, with a lighter logo block.
    fill(&mut page, 0, 0, w, 72, [0, 51, 102]);
    fill(&mut page, 40, 20, 180, 32, [255, 255, 255]);
    // The white card in the middle of the page.
    fill(&mut page, 240, 110, 800, 650, [255, 255, 255]);
    // Instructions: grey text lines.
    for (i, len) in [620u32, 540, 600, 380].iter().enumerate() {
        fill(
            &mut page,
            290,
            140 + i as u32 * 26,
            *len,
            12,
            [190, 194, 200],
        );
    }
    // The QR code, 5 px per module with a 4-module quiet zone.
    let code = qrcode::QrCode::with_error_correction_level(EXAMPLE_URI, qrcode::EcLevel::M)
        .expect("the example URI fits in a QR code");
    let qr: ImageBuffer<Luma<u8>, Vec<u8>> = code
        .render::<Luma<u8>>()
        .module_dimensions(5, 5)
        .quiet_zone(true)
        .build();
    let (qx, qy) = ((w - qr.width()) / 2, 260);
    for (x, y, p) in qr.enumerate_pixels() {
        let v = p.0[0];
        page.put_pixel(qx + x, qy + y, Rgb([v, v, v]));
    }
    // "Nem tudom beolvasni a kódot": the setup-key box under the code.
    let key_y = qy + qr.height() + 24;
    fill(&mut page, 440, key_y, 400, 10, [150, 155, 160]);
    fill(&mut page, 440, key_y + 24, 400, 44, [232, 236, 242]);
    for g in 0..4u32 {
        fill(&mut page, 460 + g * 95, key_y + 38, 80, 16, [40, 40, 40]);
    }
    page.save(&out).expect("write the PNG");
    println!("{out}");
}
