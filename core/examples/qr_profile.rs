//! Where the decode time goes: runs the still-image cascade over generated 1080p screen photos
//! (`qr_synth::hard`) or a corpus directory and prints, separately for hits and misses, the
//! total time, the time per cascade step and per phase (binarise / our locator + sampler /
//! rqrr's detector).
//!
//! Usage: cargo run -p kulcs-core --release --example qr_profile -- [per_effect|CORPUS_DIR] [budget_ms]
//! or `qr_profile nocode N`: N stills of each kind without a code (`qr_synth::nocode`), for the
//! give-up time; any decoded text there counts as wrong.

#[path = "../tests/support/qr_synth/mod.rs"]
mod qr_synth;

use kulcs_core::qr::{DecodeOptions, DecodeStats, Decoder, LumaFrame, LumaImage};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

struct Run {
    name: String,
    ok: bool,
    wrong: bool,
    ms: f64,
    stats: DecodeStats,
}

fn pct(v: &[f64], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(((v.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(0.0)
}

fn summary(label: &str, runs: &[&Run]) {
    if runs.is_empty() {
        println!("{label}: none");
        return;
    }
    let ms: Vec<f64> = runs.iter().map(|r| r.ms).collect();
    let total: f64 = ms.iter().sum();
    println!(
        "{label}: n={} median {:.2} ms, p90 {:.2} ms, total {:.0} ms",
        runs.len(),
        pct(&ms, 0.5),
        pct(&ms, 0.9),
        total
    );
    let mut phase = [0f64; 3];
    let mut steps: BTreeMap<u32, (usize, f64)> = BTreeMap::new();
    for r in runs {
        for (k, v) in r.stats.phase_ms.iter().enumerate() {
            phase[k] += f64::from(*v);
        }
        for &(i, t) in &r.stats.step_ms {
            let e = steps.entry(i).or_default();
            e.0 += 1;
            e.1 += f64::from(t);
        }
    }
    println!(
        "  phases: binarise {:.0}% | our locator+sampler+RS {:.0}% | rqrr detector+RS {:.0}% | other {:.0}%",
        100.0 * phase[0] / total,
        100.0 * phase[1] / total,
        100.0 * phase[2] / total,
        100.0 * (total - phase.iter().sum::<f64>()) / total
    );
    println!("  step: runs, total ms, share of time, mean ms");
    for (i, (n, t)) in steps {
        println!(
            "  {i:>3}: {n:>4} {t:>9.1} {:>5.1}% {:>7.2}",
            100.0 * t / total,
            t / n as f64
        );
    }
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<String> = std::env::args().collect();
    let arg = args.get(1).cloned().unwrap_or_else(|| "10".into());
    let budget = if arg == "nocode" { None } else { args.get(2) }
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000u64);
    let opts = DecodeOptions {
        budget: Duration::from_millis(budget),
        ..DecodeOptions::default()
    };
    // (name, luma, width, height, expected text)
    type Sample = (String, Vec<u8>, u32, u32, Vec<u8>);
    let mut samples: Vec<Sample> = Vec::new();
    if arg == "nocode" {
        let per = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5u64);
        let (w, h) = qr_synth::nocode::SIZE;
        for kind in qr_synth::nocode::ALL_NOCODE {
            for i in 0..per {
                let luma = qr_synth::nocode::generate_nocode(kind, i);
                let name = format!("{}-{i}", kind.name());
                samples.push((name, luma, w as u32, h as u32, Vec::new()));
            }
        }
    } else if let Ok(per) = arg.parse::<u64>() {
        for kind in qr_synth::hard::ALL_HARD {
            for i in 0..per {
                let s = qr_synth::hard::generate_hard(kind, i);
                samples.push((s.name, s.luma, s.width, s.height, s.text.into_bytes()));
            }
        }
    } else {
        let mut stack = vec![std::path::PathBuf::from(&arg)];
        let mut files = Vec::new();
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.with_extension("txt").exists()
                    && matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("png" | "jpg" | "jpeg" | "webp")
                    )
                {
                    files.push(p);
                }
            }
        }
        files.sort();
        for p in files {
            let Ok(img) = LumaImage::from_image_bytes(&std::fs::read(&p).unwrap_or_default())
            else {
                continue;
            };
            let text = std::fs::read(p.with_extension("txt")).unwrap_or_default();
            samples.push((
                p.display().to_string(),
                img.data,
                img.width,
                img.height,
                text,
            ));
        }
    }
    let mut dec = Decoder::new();
    let mut runs = Vec::new();
    let mut gave_up = 0usize;
    for (name, luma, w, h, text) in &samples {
        let frame = LumaFrame::packed(luma, *w, *h);
        let t = Instant::now();
        let res = dec.decode_luma(&frame, &opts);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let (ok, wrong, stats) = match res {
            Ok((syms, st)) => {
                let ok = syms.iter().any(|s| s.text.as_bytes() == text.as_slice());
                (ok, !ok, st)
            }
            Err(_) if text.is_empty() => {
                let st = dec.last_stats().clone();
                gave_up += usize::from(st.gave_up);
                (false, false, st)
            }
            Err(_) => (false, false, dec.last_stats().clone()),
        };
        runs.push(Run {
            name: name.clone(),
            ok,
            wrong,
            ms,
            stats,
        });
    }
    let hits: Vec<&Run> = runs.iter().filter(|r| r.ok).collect();
    let misses: Vec<&Run> = runs.iter().filter(|r| !r.ok).collect();
    let wrong: Vec<&str> = runs
        .iter()
        .filter(|r| r.wrong)
        .map(|r| r.name.as_str())
        .collect();
    println!(
        "images {} hits {} wrong {:?}",
        runs.len(),
        hits.len(),
        wrong
    );
    let mut by: BTreeMap<String, (usize, usize, Vec<f64>)> = BTreeMap::new();
    for r in &runs {
        let key = r
            .name
            .rsplit_once('-')
            .map(|(a, _)| a.to_string())
            .unwrap_or_default();
        let e = by.entry(key).or_default();
        e.0 += 1;
        e.1 += usize::from(r.ok);
        e.2.push(r.ms);
    }
    for (k, (n, ok, ms)) in &by {
        println!(
            "  {k:<20} {ok}/{n}  median {:.2} ms  p90 {:.2} ms",
            pct(ms, 0.5),
            pct(ms, 0.9)
        );
    }
    if arg == "nocode" {
        println!(
            "no-code stills: gave up early on {gave_up} of {}",
            runs.len()
        );
        for r in &runs {
            let st = &r.stats;
            println!(
                "  {:<16} {:>8.2} ms  steps {:>2}  finders {} ({:.1} px)  located {}  gave up {}",
                r.name, r.ms, st.attempts, st.finders, st.finder_module_px, st.located, st.gave_up
            );
        }
    }
    summary("HITS", &hits);
    summary("MISSES", &misses);
}
