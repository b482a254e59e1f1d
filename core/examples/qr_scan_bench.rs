//! Live-mode figures: feeds each corpus image to a fresh `QrScanner` as a stream of identical
//! frames (up to 30) and reports how many frames it took to find the expected text and the
//! per-frame time. Prints one JSON line per image and a summary on stderr.
//!
//! Usage: cargo run -p kulcs-core --release --example qr_scan_bench -- CORPUS_DIR [frame_budget_ms]

use kulcs_core::qr::{LumaImage, QrScanner, Rotation, ScanHint, ScanOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("png" | "jpg" | "jpeg" | "webp"))
            && p.with_extension("txt").exists()
        {
            out.push(p);
        }
    }
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(((v.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0)
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: qr_scan_bench CORPUS_DIR [frame_budget_ms]");
        std::process::exit(2);
    };
    let budget = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(15u64);
    let mut files = Vec::new();
    collect(Path::new(dir), &mut files);
    let (mut found_n, mut all_frame_ms, mut frames_to_found) = (0usize, Vec::new(), Vec::new());
    for f in &files {
        let expected = std::fs::read(f.with_extension("txt")).unwrap_or_default();
        let Ok(img) = LumaImage::from_image_bytes(&std::fs::read(f).unwrap_or_default()) else { continue };
        let mut sc = QrScanner::new(ScanOptions { frame_budget: Duration::from_millis(budget) });
        let mut found_at = None;
        let mut ms = Vec::new();
        for k in 1..=30 {
            let t = Instant::now();
            let up = sc.push_frame(&img.as_frame(), Rotation::R0);
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            if let Ok(up) = up {
                if up.hint == ScanHint::Found && up.symbols.iter().any(|s| s.text.as_bytes() == expected.as_slice()) {
                    found_at = Some(k);
                    break;
                }
            }
        }
        let rel = f.strip_prefix(dir).unwrap_or(f).display().to_string();
        let med = pct(&mut ms.clone(), 0.5);
        let max = ms.iter().cloned().fold(0.0, f64::max);
        println!("{}", serde_json::json!({"file": rel, "found_at_frame": found_at, "frame_ms_median": med, "frame_ms_max": max}));
        all_frame_ms.extend(ms);
        if let Some(k) = found_at {
            found_n += 1;
            frames_to_found.push(k as f64);
        }
    }
    eprintln!(
        "live ({budget} ms budget): found {found_n}/{} within 30 frames; frames to found median {:.0}, p90 {:.0}; per-frame ms median {:.2}, p90 {:.2}, max {:.2}",
        files.len(),
        pct(&mut frames_to_found.clone(), 0.5),
        pct(&mut frames_to_found, 0.9),
        pct(&mut all_frame_ms.clone(), 0.5),
        pct(&mut all_frame_ms.clone(), 0.9),
        pct(&mut all_frame_ms, 1.0)
    );
}
