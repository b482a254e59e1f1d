//! Live figures on simulated camera sequences (`qr_synth::hard`: a hand bringing the phone to
//! a PC screen — approach with clearing defocus, hand shake, exposure settling): frames until
//! the scanner reads the code, per sequence kind, at the scanner's per-frame budget.
//!
//! Usage: cargo run -p kulcs-core --release --example qr_seq_bench -- [sequences_per_kind] [frame_budget_ms]

#[path = "../tests/support/qr_synth/mod.rs"]
mod qr_synth;

use kulcs_core::qr::{LumaFrame, QrScanner, Rotation, ScanHint, ScanOptions};
use qr_synth::hard::{generate_sequence, ALL_SEQ, SEQ_FRAMES};
use std::time::{Duration, Instant};

fn pct(v: &[f64], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(((v.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(f64::NAN)
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<String> = std::env::args().collect();
    let per: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10);
    let budget = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(15u64);
    let mut all = Vec::new();
    let mut frame_ms_all = Vec::new();
    let mut wrong = 0usize;
    for kind in ALL_SEQ {
        let mut frames_to_read = Vec::new();
        let mut unread = 0usize;
        for i in 0..per {
            let seq = generate_sequence(kind, i);
            let mut sc = QrScanner::new(ScanOptions {
                frame_budget: Duration::from_millis(budget),
            });
            let mut read_at = None;
            for (k, f) in seq.frames.iter().enumerate() {
                let frame = LumaFrame::packed(f, seq.width, seq.height);
                let t = Instant::now();
                let up = sc.push_frame(&frame, Rotation::R0);
                frame_ms_all.push(t.elapsed().as_secs_f64() * 1000.0);
                if let Ok(up) = up {
                    if up.hint == ScanHint::Found {
                        if up.symbols.iter().any(|s| s.text == seq.text) {
                            read_at = Some(k + 1);
                            break;
                        }
                        wrong += 1;
                    }
                }
            }
            match read_at {
                Some(k) => frames_to_read.push(k as f64),
                None => {
                    unread += 1;
                    // Counted as one frame past the end for the percentiles.
                    frames_to_read.push((SEQ_FRAMES + 1) as f64);
                }
            }
            println!(
                "{}",
                serde_json::json!({"sequence": seq.name, "frames_to_read": read_at})
            );
        }
        println!(
            "{:<9} n={per} frames-to-read median {:.0}, p90 {:.0}; not read within {SEQ_FRAMES}: {unread}",
            kind.name(),
            pct(&frames_to_read, 0.5),
            pct(&frames_to_read, 0.9)
        );
        all.extend(frames_to_read);
    }
    println!(
        "all       n={} frames-to-read median {:.0}, p90 {:.0}; per-frame ms median {:.2}, p90 {:.2}, max {:.2}; wrong payloads {wrong}",
        all.len(),
        pct(&all, 0.5),
        pct(&all, 0.9),
        pct(&frame_ms_all, 0.5),
        pct(&frame_ms_all, 0.9),
        pct(&frame_ms_all, 1.0)
    );
}
