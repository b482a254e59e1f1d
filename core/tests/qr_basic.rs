//! Stage-1 behaviour of `kulcs_core::qr`: round trips through generated codes, frame layout,
//! inversion, contained rqrr panics and typed errors for hostile input.

use image::{GrayImage, ImageFormat, Luma};
use kulcs_core::qr::{self, LumaFrame, QrError};
use std::io::Cursor;

const OTP: &str = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:janos.kovacs@ugyfelkapu.gov.hu?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cgyf%C3%A9lkapu%2B&algorithm=SHA1&digits=6&period=30";

fn render(text: &str, module_px: u32) -> GrayImage {
    let code = qrcode::QrCode::new(text.as_bytes()).expect("encodable");
    code.render::<Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(module_px, module_px)
        .build()
}

fn png(img: &GrayImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .expect("png encode");
    out.into_inner()
}

#[test]
fn png_otpauth_round_trip() {
    let img = render(OTP, 4);
    let syms = qr::decode_image_bytes(&png(&img)).expect("decodes");
    assert_eq!(syms.len(), 1);
    assert_eq!(syms[0].text, OTP);
    // Corners lie inside the image, top-left near the quiet zone (4 modules = 16 px).
    let c = syms[0].corners;
    for p in c {
        assert!(
            p.x >= -2.0
                && p.y >= -2.0
                && p.x <= img.width() as f32 + 2.0
                && p.y <= img.height() as f32 + 2.0
        );
    }
    assert!(
        (c[0].x - 16.0).abs() < 6.0 && (c[0].y - 16.0).abs() < 6.0,
        "{c:?}"
    );
}

#[test]
fn jpeg_and_webp_inputs() {
    let img = render("https://example.com/kulcs", 6);
    let mut jpg = Cursor::new(Vec::new());
    img.write_to(&mut jpg, ImageFormat::Jpeg)
        .expect("jpeg encode");
    assert_eq!(
        qr::decode_image_bytes(jpg.get_ref()).expect("jpeg")[0].text,
        "https://example.com/kulcs"
    );
    let mut webp = Cursor::new(Vec::new());
    img.write_to(&mut webp, ImageFormat::WebP)
        .expect("webp encode");
    assert_eq!(
        qr::decode_image_bytes(webp.get_ref()).expect("webp")[0].text,
        "https://example.com/kulcs"
    );
}

#[test]
fn luma_frame_with_padded_stride() {
    let img = render(OTP, 3);
    let (w, h) = img.dimensions();
    let stride = w + 37;
    let mut buf = vec![0u8; (stride * h) as usize];
    for y in 0..h {
        for x in 0..w {
            buf[(y * stride + x) as usize] = img.get_pixel(x, y).0[0];
        }
        // Padding is garbage, as on real camera planes.
        for x in w..stride {
            buf[(y * stride + x) as usize] = (x * 7 + y) as u8;
        }
    }
    let frame = LumaFrame {
        data: &buf,
        width: w,
        height: h,
        row_stride: stride,
    };
    assert_eq!(qr::decode_luma(&frame).expect("decodes")[0].text, OTP);
    // The last row does not need its padding.
    let short = &buf[..(stride * (h - 1) + w) as usize];
    let frame = LumaFrame {
        data: short,
        width: w,
        height: h,
        row_stride: stride,
    };
    assert_eq!(qr::decode_luma(&frame).expect("decodes")[0].text, OTP);
}

#[test]
fn inverted_code_light_on_dark() {
    let mut img = render(OTP, 4);
    img.pixels_mut().for_each(|p| p.0[0] = 255 - p.0[0]);
    let syms = qr::decode_image_bytes(&png(&img)).expect("inverted decodes");
    assert_eq!(syms[0].text, OTP);
}

#[test]
fn every_code_is_returned_and_duplicates_are_merged() {
    let a = render("first code", 4);
    let b = render("second code", 4);
    let mut canvas = GrayImage::from_pixel(
        a.width() + b.width() + a.width(),
        a.height().max(b.height()),
        Luma([255]),
    );
    image::imageops::replace(&mut canvas, &a, 0, 0);
    image::imageops::replace(&mut canvas, &b, i64::from(a.width()), 0);
    image::imageops::replace(&mut canvas, &a, i64::from(a.width() + b.width()), 0);
    let opts = qr::DecodeOptions {
        exhaustive: true,
        ..Default::default()
    };
    let syms = qr::decode_image_bytes_with(&png(&canvas), &opts).expect("decodes");
    let mut texts: Vec<_> = syms.iter().map(|s| s.text.as_str()).collect();
    texts.sort();
    assert_eq!(texts, ["first code", "second code"]);
}

#[test]
fn rqrr_panic_image_does_not_panic() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/qr-corpus/qrcode-6/7.png"
    );
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!("notice: {path} absent, skipping");
        return;
    };
    // Must return (Ok or Err), never unwind.
    let res = std::panic::catch_unwind(|| qr::decode_image_bytes(&bytes));
    assert!(res.is_ok(), "a panic escaped the decoder");
}

#[test]
fn blank_image_is_no_qr_code() {
    let img = GrayImage::from_pixel(200, 120, Luma([200]));
    assert_eq!(qr::decode_image_bytes(&png(&img)), Err(QrError::NoQrCode));
    let data = vec![0u8; 64 * 64];
    assert_eq!(
        qr::decode_luma(&LumaFrame::packed(&data, 64, 64)),
        Err(QrError::NoQrCode)
    );
}

#[test]
fn bad_frames_give_typed_errors() {
    let data = vec![255u8; 100];
    let cases = [
        LumaFrame {
            data: &data,
            width: 0,
            height: 10,
            row_stride: 0,
        },
        LumaFrame {
            data: &data,
            width: 10,
            height: 0,
            row_stride: 10,
        },
        LumaFrame {
            data: &data,
            width: 10,
            height: 10,
            row_stride: 9,
        },
        LumaFrame {
            data: &data,
            width: 10,
            height: 11,
            row_stride: 10,
        },
        LumaFrame {
            data: &data,
            width: 10,
            height: 10,
            row_stride: u32::MAX,
        },
        LumaFrame {
            data: &data,
            width: u32::MAX,
            height: u32::MAX,
            row_stride: u32::MAX,
        },
        LumaFrame {
            data: &data,
            width: 10_000,
            height: 10_000,
            row_stride: 10_000,
        },
    ];
    for f in cases {
        match qr::decode_luma(&f) {
            Err(QrError::InvalidFrame { reason }) => assert!(!reason.is_empty()),
            other => panic!("{f:?} gave {other:?}"),
        }
    }
}

#[test]
fn garbage_bytes_are_unreadable() {
    for bytes in [
        &b""[..],
        b"not an image at all",
        &[0x89, b'P', b'N', b'G', 0, 1, 2][..],
        &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3][..],
    ] {
        assert!(
            matches!(
                qr::decode_image_bytes(bytes),
                Err(QrError::UnreadableImage { .. })
            ),
            "{bytes:?}"
        );
    }
    // Truncated PNG.
    let full = png(&render(OTP, 4));
    let cut = &full[..full.len() / 2];
    assert!(matches!(
        qr::decode_image_bytes(cut),
        Err(QrError::UnreadableImage { .. })
    ));
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn huge_declared_dimensions_are_refused_before_allocating() {
    let mut bytes = png(&GrayImage::from_pixel(8, 8, Luma([255])));
    // IHDR data starts at offset 16: width, height (big-endian); CRC covers type + data.
    bytes[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    assert!(matches!(
        qr::decode_image_bytes(&bytes),
        Err(QrError::UnreadableImage { .. })
    ));
}

#[test]
fn large_photo_with_a_small_code_off_centre() {
    // 24 MP frame, code at 2 px/module near a corner: no shrink of the whole frame keeps it
    // readable, so this exercises the full-resolution tiles.
    let code = render(OTP, 2);
    let (w, h) = (6000u32, 4000u32);
    let mut data = vec![190u8; (w * h) as usize];
    let (x0, y0) = (w - code.width() - 300, h - code.height() - 200);
    for y in 0..code.height() {
        for x in 0..code.width() {
            data[((y0 + y) * w + x0 + x) as usize] = code.get_pixel(x, y).0[0];
        }
    }
    let syms = qr::decode_luma(&LumaFrame::packed(&data, w, h)).expect("decodes");
    assert_eq!(syms[0].text, OTP);
    let c = syms[0].corners[0];
    // Top-left corner after the 4-module (8 px) quiet zone.
    assert!(
        (c.x - (x0 + 8) as f32).abs() < 6.0 && (c.y - (y0 + 8) as f32).abs() < 6.0,
        "{c:?}"
    );
}

#[test]
fn dense_export_batch_on_a_phone_screenshot() {
    // A Google Authenticator export batch is a long otpauth-migration URI (version ~20).
    let mut payload = String::from("otpauth-migration://offline?data=");
    let b64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%2B%2F";
    for i in 0..700usize {
        payload.push(b64[(i * 7919 + i / 3) % b64.len()] as char);
    }
    let code = render(&payload, 4);
    // 1170x2532 portrait screenshot, dark status area, code in the middle.
    let (w, h) = (1170u32, 2532u32);
    let mut img = GrayImage::from_pixel(w, h, Luma([245]));
    for y in 0..180 {
        for x in 0..w {
            img.put_pixel(x, y, Luma([30]));
        }
    }
    let x0 = (w - code.width()) / 2;
    let y0 = (h - code.height()) / 2;
    image::imageops::replace(&mut img, &code, i64::from(x0), i64::from(y0));
    let syms = qr::decode_image_bytes(&png(&img)).expect("decodes");
    assert_eq!(syms[0].text, payload);
}

/// Renders raw payload bits: an optional ECI designator, then one byte-mode segment.
fn render_bytes(eci: Option<u32>, data: &[u8]) -> GrayImage {
    use qrcode::{bits::Bits, EcLevel, QrCode, Version};
    let mut bits = Bits::new(Version::Normal(3));
    if let Some(e) = eci {
        bits.push_eci_designator(e).expect("eci");
    }
    bits.push_byte_data(data).expect("bytes");
    bits.push_terminator(EcLevel::M).expect("terminator");
    QrCode::with_bits(bits, EcLevel::M)
        .expect("encodable")
        .render::<Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(4, 4)
        .build()
}

#[test]
fn iso_8859_1_bytes_without_eci_are_latin1_not_shift_jis() {
    // segno (and the QR default) writes "Ügyfélkapu+" as ISO-8859-1 bytes without ECI; it
    // came out as Shift_JIS garbage ("ﾜgyf駘kapu+").
    let latin1: Vec<u8> = "Ügyfélkapu+".chars().map(|c| c as u8).collect();
    let syms = qr::decode_image_bytes(&png(&render_bytes(None, &latin1))).expect("decodes");
    assert_eq!(syms[0].text, "Ügyfélkapu+");
}

#[test]
fn eci_designator_decides_the_charset() {
    // ECI 4 = ISO-8859-2 ("Ű" is 0xDB there, "Û" in ISO-8859-1); ECI 26 = UTF-8; ECI 20 =
    // Shift_JIS.
    let cases: [(u32, &[u8], &str); 3] = [
        (4, b"\xDBr", "Űr"),
        (26, "Ügyfélkapu+".as_bytes(), "Ügyfélkapu+"),
        (20, b"\x93\xFA", "日"),
    ];
    for (eci, data, want) in cases {
        let syms = qr::decode_image_bytes(&png(&render_bytes(Some(eci), data))).expect("decodes");
        assert_eq!(syms[0].text, want, "ECI {eci}");
    }
}

#[test]
fn fifty_megapixel_phone_photo_is_read_and_over_64_mp_is_refused() {
    // 48–50 MP phone cameras: 8160×6120 = 49.9 MP, over the old 40 MP limit.
    let code = render(OTP, 12);
    let (w, h) = (8160u32, 6120u32);
    let mut img = GrayImage::from_pixel(w, h, Luma([200]));
    let (x0, y0) = (w / 2 - 300, h / 2 - 200);
    for y in 0..code.height() {
        for x in 0..code.width() {
            img.put_pixel(x0 + x, y0 + y, *code.get_pixel(x, y));
        }
    }
    let mut jpeg = Cursor::new(Vec::new());
    img.write_to(&mut jpeg, ImageFormat::Jpeg).expect("jpeg");
    drop(img);
    let syms = qr::decode_image_bytes(jpeg.get_ref()).expect("a 50 MP photo decodes");
    assert_eq!(syms[0].text, OTP);

    // Just over 64 MP (8001×8000) is refused from the header.
    let mut bytes = png(&GrayImage::from_pixel(8, 8, Luma([255])));
    bytes[16..20].copy_from_slice(&8_001u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&8_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    assert!(matches!(
        qr::decode_image_bytes(&bytes),
        Err(QrError::UnreadableImage { .. })
    ));
}
