//! Hostile and degenerate inputs: nothing may panic, every failure is a typed error.

use crate::support::qr_synth;

use kulcs_core::qr::{
    self, DecodeOptions, Decoder, LumaFrame, QrError, QrScanner, Rotation, ScanOptions,
};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

fn must_not_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| panic!("{what}: a panic escaped"))
}

#[test]
fn degenerate_frame_shapes() {
    // rqrr-internal panics are contained and allowed; only escapes fail the test.
    std::panic::set_hook(Box::new(|_| {}));
    let opts = DecodeOptions {
        budget: Duration::from_millis(50),
        exhaustive: true,
    };
    let mut dec = Decoder::new();
    let mut rng = qr_synth::Rng::new(99);
    let shapes: [(usize, usize); 11] = [
        (1, 1),
        (1, 500),
        (500, 1),
        (2, 2),
        (7, 7),
        (20, 20),
        (21, 21),
        (22, 3000),
        (3000, 22),
        (64, 48),
        (333, 17),
    ];
    for (w, h) in shapes {
        for fill in 0..4 {
            let data: Vec<u8> = (0..w * h)
                .map(|i| match fill {
                    0 => 0,
                    1 => 255,
                    2 => (rng.next_u64() >> 56) as u8,
                    _ => {
                        if (i / 3 + i / w.max(1)) % 2 == 0 {
                            0
                        } else {
                            255
                        }
                    }
                })
                .collect();
            let f = LumaFrame::packed(&data, w as u32, h as u32);
            let r = must_not_panic(&format!("{w}x{h} fill {fill}"), || {
                dec.decode_luma(&f, &opts)
            });
            assert!(
                matches!(
                    r,
                    Ok(_) | Err(QrError::NoQrCode) | Err(QrError::DecoderFault)
                ),
                "{w}x{h}: {r:?}"
            );
        }
    }
}

#[test]
fn random_frames_and_scanner() {
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = qr_synth::Rng::new(5);
    let mut sc = QrScanner::new(ScanOptions {
        frame_budget: Duration::from_millis(5),
    });
    for i in 0..60 {
        let w = 1 + rng.below(300) as u32;
        let h = 1 + rng.below(300) as u32;
        let stride = w + rng.below(8) as u32;
        let len = (stride * (h - 1) + w) as usize;
        // Blocky noise: many finder-like runs, the worst case for the locators.
        let block = 1 + rng.below(6);
        let cells: Vec<u8> = (0..(len / block + 2))
            .map(|_| if rng.f() < 0.5 { 20 } else { 235 })
            .collect();
        let data: Vec<u8> = (0..len).map(|k| cells[k / block]).collect();
        let f = LumaFrame {
            data: &data,
            width: w,
            height: h,
            row_stride: stride,
        };
        let rot = [Rotation::R0, Rotation::R90, Rotation::R180, Rotation::R270][i % 4];
        let r = must_not_panic("scanner", || sc.push_frame(&f, rot));
        assert!(r.is_ok(), "{w}x{h}/{stride}: {r:?}");
    }
}

#[test]
fn mangled_images_are_typed_errors() {
    std::panic::set_hook(Box::new(|_| {}));
    let s = qr_synth::generate(qr_synth::Effect::Screenshot, 3);
    let img = image::GrayImage::from_raw(s.width, s.height, s.luma).expect("size");
    let mut encoded = Vec::new();
    for fmt in [
        image::ImageFormat::Png,
        image::ImageFormat::Jpeg,
        image::ImageFormat::WebP,
    ] {
        let mut c = std::io::Cursor::new(Vec::new());
        img.write_to(&mut c, fmt).expect("encode");
        encoded.push(c.into_inner());
    }
    let mut rng = qr_synth::Rng::new(11);
    for bytes in &encoded {
        // The intact image decodes.
        assert_eq!(
            must_not_panic("intact", || qr::decode_image_bytes(bytes)).expect("decodes")[0].text,
            s.text
        );
        for _ in 0..25 {
            let mut b = bytes.clone();
            match rng.below(3) {
                0 => b.truncate(rng.below(b.len())),
                1 => {
                    for _ in 0..1 + rng.below(8) {
                        let i = rng.below(b.len());
                        b[i] = (rng.next_u64() >> 56) as u8;
                    }
                }
                _ => {
                    let i = rng.below(b.len());
                    b.insert(i, (rng.next_u64() >> 56) as u8);
                }
            }
            let r = must_not_panic("mangled", || {
                qr::decode_image_bytes_with(
                    &b,
                    &DecodeOptions {
                        budget: Duration::from_millis(100),
                        exhaustive: false,
                    },
                )
            });
            match r {
                // A flipped byte inside pixel data can still yield the right text; never a different one.
                Ok(syms) => assert!(syms.iter().all(|x| x.text == s.text), "{syms:?}"),
                Err(
                    QrError::UnreadableImage { .. } | QrError::NoQrCode | QrError::DecoderFault,
                ) => {}
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
    }
}

#[test]
fn blocky_noise_never_decodes() {
    // Random black/white blocks contain plenty of finder-like runs and grids that pass a
    // sloppy check; none may come back as a payload. (A 150-frame run of this found 0.)
    std::panic::set_hook(Box::new(|_| {}));
    let opts = DecodeOptions {
        budget: Duration::from_millis(100),
        exhaustive: true,
    };
    let mut dec = Decoder::new();
    let mut rng = qr_synth::Rng::new(2024);
    for i in 0..30 {
        let (w, h) = (320usize, 240usize);
        let block = 1 + rng.below(8);
        let bw = w.div_ceil(block);
        let cells: Vec<u8> = (0..bw * h.div_ceil(block))
            .map(|_| if rng.f() < 0.5 { 25 } else { 230 })
            .collect();
        let data: Vec<u8> = (0..w * h)
            .map(|k| cells[(k / w / block) * bw + (k % w) / block])
            .collect();
        let r = must_not_panic("noise", || {
            dec.decode_luma(&LumaFrame::packed(&data, w as u32, h as u32), &opts)
        });
        assert!(r.is_err(), "frame {i} decoded: {r:?}");
    }
}
