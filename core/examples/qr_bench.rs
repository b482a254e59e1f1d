//! Runs the Kulcs core QR decoder over a corpus directory (images with a sibling `.txt` holding
//! the expected text) and prints one JSON line per image: file, ok, wrong, ms, err.
//! Timing covers only the decode call on the already-decoded luma image (like the zxing-cpp side
//! of `tools/qr_bench.py`). A summary goes to stderr.
//!
//! Usage: cargo run -p kulcs-core --release --example qr_bench -- CORPUS_DIR [budget_ms] [repeat]
//! (with `repeat`, each image is decoded that many times and the fastest time is kept).

use kulcs_core::qr::{DecodeOptions, Decoder, LumaImage};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(
            p.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("png" | "jpg" | "jpeg" | "webp")
        ) && p.with_extension("txt").exists()
        {
            out.push(p);
        }
    }
}

fn main() {
    // rqrr panics are contained by the decoder; keep its messages out of the output.
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: qr_bench CORPUS_DIR [budget_ms]");
        std::process::exit(2);
    };
    let budget = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000u64);
    let repeat = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1usize)
        .max(1);
    let opts = DecodeOptions {
        budget: Duration::from_millis(budget),
        ..DecodeOptions::default()
    };
    let mut files = Vec::new();
    collect(Path::new(dir), &mut files);
    let mut dec = Decoder::new();
    let (mut ok_n, mut wrong_n) = (0, 0);
    let mut times = Vec::new();
    for f in &files {
        let expected = std::fs::read(f.with_extension("txt")).unwrap_or_default();
        let bytes = std::fs::read(f).unwrap_or_default();
        let rel = f.strip_prefix(dir).unwrap_or(f).display().to_string();
        let img = match LumaImage::from_image_bytes(&bytes) {
            Ok(i) => i,
            Err(e) => {
                println!(
                    "{}",
                    serde_json::json!({"file": rel, "ok": false, "wrong": false, "ms": 0.0, "err": e.to_string()})
                );
                continue;
            }
        };
        let mut ms = f64::MAX;
        let mut res = Err(kulcs_core::qr::QrError::NoQrCode);
        for _ in 0..repeat {
            let t = Instant::now();
            res = dec.decode_luma(&img.as_frame(), &opts);
            ms = ms.min(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.push(ms);
        let (ok, wrong, err) = match &res {
            Ok((syms, _)) => {
                let ok = syms
                    .iter()
                    .any(|s| s.text.as_bytes() == expected.as_slice());
                (ok, !ok, String::new())
            }
            Err(e) => (false, false, e.to_string()),
        };
        ok_n += usize::from(ok);
        wrong_n += usize::from(wrong);
        let at = res.as_ref().ok().and_then(|(_, st)| st.decoded_at);
        let st = dec.last_stats().clone();
        let got: Vec<String> = res
            .map(|(s, _)| s.into_iter().map(|s| s.text).collect())
            .unwrap_or_default();
        println!(
            "{}",
            serde_json::json!({"file": rel, "ok": ok, "wrong": wrong, "ms": ms, "err": err, "w": img.width, "h": img.height, "got": if wrong { got } else { vec![] }, "at": at, "load": st.correction_load, "unconfirmed": st.unconfirmed, "steps": st.attempts})
        );
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| {
        times
            .get(((times.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    eprintln!(
        "kulcs-core: {ok_n}/{} ok ({:.1}%), {wrong_n} wrong, median {:.2} ms, p90 {:.2} ms",
        files.len(),
        100.0 * ok_n as f64 / files.len().max(1) as f64,
        pct(0.5),
        pct(0.9)
    );
}
