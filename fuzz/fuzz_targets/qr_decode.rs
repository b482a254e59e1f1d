//! QR decoding. Mode 0: bytes are an encoded image (PNG/JPEG/WebP) → `decode_image_bytes_with`;
//! mode 1: bytes are a luma frame (first byte: width-1) → `decode_luma_with`. Images larger
//! than 320×320 are skipped and the budget is 30 ms, so one exec stays fast (the size limits
//! themselves are covered by core/tests/qr_hostile.rs). Asserts: no panic; success is never an
//! empty list; every decoded text classifies without panic.
#![no_main]
use std::io::Cursor;
use std::time::Duration;

use kulcs_core::payload;
use kulcs_core::qr::{self, DecodeOptions, LumaFrame, QrSymbol};
use libfuzzer_sys::fuzz_target;

const MAX_SIDE: u32 = 320;

fn check(r: Result<Vec<QrSymbol>, qr::QrError>) {
    if let Ok(symbols) = r {
        assert!(!symbols.is_empty(), "Ok with no symbol");
        for s in &symbols {
            let _ = payload::classify(&s.text);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = kulcs_fuzz::split_mode(data, 2) else {
        return;
    };
    let opts = DecodeOptions {
        budget: Duration::from_millis(30),
        exhaustive: false,
    };
    if mode == 0 {
        let Ok(reader) = image::ImageReader::new(Cursor::new(rest)).with_guessed_format() else {
            return;
        };
        match reader.into_dimensions() {
            Ok((w, h)) if w <= MAX_SIDE && h <= MAX_SIDE => {}
            Ok(_) => return,
            Err(_) => {} // unreadable: let the core say so
        }
        check(qr::decode_image_bytes_with(rest, &opts));
    } else {
        let Some((&w, pixels)) = rest.split_first() else {
            return;
        };
        let w = u32::from(w) + 1;
        let h = (pixels.len() as u32 / w).min(MAX_SIDE);
        let frame = LumaFrame::packed(&pixels[..(w * h) as usize], w, h);
        check(qr::decode_luma_with(&frame, &opts));
    }
});
