//! Criterion benchmark: time to decode one image with a reused `Decoder`, for generated
//! screenshots and camera frames (720p, 1080p) and a few public corpus images when present.

#[path = "../tests/support/qr_synth/mod.rs"]
mod qr_synth;

use criterion::{criterion_group, criterion_main, Criterion};
use kulcs_core::qr::{DecodeOptions, Decoder, LumaFrame, LumaImage};
use std::time::Duration;

fn bench_decode(c: &mut Criterion) {
    std::panic::set_hook(Box::new(|_| {}));
    let opts = DecodeOptions {
        budget: Duration::from_secs(2),
        exhaustive: false,
    };
    let mut group = c.benchmark_group("qr_decode");
    group.sample_size(30);
    for (effect, i) in [
        (qr_synth::Effect::Screenshot, 0),
        (qr_synth::Effect::Cam720, 0),
        (qr_synth::Effect::Cam1080, 0),
        (qr_synth::Effect::Tilt, 0),
        (qr_synth::Effect::Glare, 0),
    ] {
        let s = qr_synth::generate(effect, i);
        let mut dec = Decoder::new();
        group.bench_function(s.name.clone(), |b| {
            b.iter(|| {
                let f = LumaFrame::packed(&s.luma, s.width, s.height);
                dec.decode_luma(&f, &opts)
            })
        });
    }
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/qr-corpus");
    for rel in ["qrcode-1/1.webp", "qrcode-2/1.png", "qrcode-5/01.webp"] {
        let Ok(bytes) = std::fs::read(format!("{corpus}/{rel}")) else {
            continue;
        };
        let Ok(img) = LumaImage::from_image_bytes(&bytes) else {
            continue;
        };
        let mut dec = Decoder::new();
        group.bench_function(format!("public/{rel}"), |b| {
            b.iter(|| dec.decode_luma(&img.as_frame(), &opts))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_decode);
criterion_main!(benches);
