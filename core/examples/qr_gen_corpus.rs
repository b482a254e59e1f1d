//! Writes the synthetic QR regression corpus (see `tests/support/qr_synth/mod.rs`) to a directory as
//! `<effect>/<effect>-NNN.png` + `.txt`, so `tools/qr_bench.sh` can compare decoders on it.
//!
//! Usage: cargo run -p kulcs-core --release --example qr_gen_corpus -- OUT_DIR [per_effect] [effect,effect,..]
//! Effects: the regression set's (screenshot, glare, …, cam1080) and the hard 1080p
//! screen-photo set's (`hard` for all of them, or plain, motion, small, defocus, rot180,
//! noise, combo), written as `hard-<effect>/`.

#[path = "../tests/support/qr_synth/mod.rs"]
mod qr_synth;

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(out) = args.get(1) else {
        eprintln!("usage: qr_gen_corpus OUT_DIR [per_effect]");
        std::process::exit(2);
    };
    let per: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let only: Option<Vec<String>> = args
        .get(3)
        .map(|s| s.split(',').map(str::to_string).collect());
    for effect in qr_synth::ALL_EFFECTS {
        if only
            .as_ref()
            .is_some_and(|o| !o.iter().any(|n| n == effect.name()))
        {
            continue;
        }
        let dir = Path::new(out).join(effect.name());
        std::fs::create_dir_all(&dir).expect("create output dir");
        for i in 0..per {
            let s = qr_synth::generate(effect, i);
            let img = image::GrayImage::from_raw(s.width, s.height, s.luma).expect("buffer size");
            img.save(dir.join(format!("{}.png", s.name)))
                .expect("write png");
            std::fs::write(dir.join(format!("{}.txt", s.name)), s.text.as_bytes())
                .expect("write txt");
        }
        eprintln!("{}: {per} images", effect.name());
    }
    for kind in qr_synth::hard::ALL_HARD {
        let wanted = only
            .as_ref()
            .is_some_and(|o| o.iter().any(|n| n == kind.name() || n == "hard"));
        if !wanted {
            continue;
        }
        let dir = Path::new(out).join(format!("hard-{}", kind.name()));
        std::fs::create_dir_all(&dir).expect("create output dir");
        for i in 0..per {
            let s = qr_synth::hard::generate_hard(kind, i);
            let img = image::GrayImage::from_raw(s.width, s.height, s.luma).expect("buffer size");
            img.save(dir.join(format!("{}.png", s.name)))
                .expect("write png");
            std::fs::write(dir.join(format!("{}.txt", s.name)), s.text.as_bytes())
                .expect("write txt");
        }
        eprintln!("hard-{}: {per} images", kind.name());
    }
}
