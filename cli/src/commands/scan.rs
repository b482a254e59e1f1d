//! `kulcs scan IMAGE…`: prints every QR payload found, one per line (or as JSON with corners).

use std::path::Path;
use std::time::Instant;

use kulcs_core::payload::{self, Payload};

use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::input::QrFile;

/// Runs `scan`. Every image is tried; the exit code is 1 if any of them held no QR code.
pub fn run(images: &[String], json: bool) -> Result<(), CliError> {
    let mut failures = Vec::new();
    let mut found = Vec::new();
    for path in images {
        let file = match QrFile::read(Path::new(path)) {
            Ok(f) => f,
            Err(e) => {
                failures.push(e.message);
                continue;
            }
        };
        let started = Instant::now();
        let result = file.decode();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        eprintln!("decode_ms={ms:.3}");
        match result {
            Ok(symbols) => {
                for (i, s) in symbols.iter().enumerate() {
                    let kind = payload::classify(&s.text);
                    if json {
                        let corners: Vec<serde_json::Value> = s
                            .corners
                            .iter()
                            .map(|p| serde_json::json!({"x": p.x, "y": p.y}))
                            .collect();
                        found.push(serde_json::json!({
                            "image": path,
                            "text": s.text,
                            "corners": corners,
                            "authenticator_code": kind.is_authenticator_code(),
                        }));
                        continue;
                    }
                    println!("{}", crate::output::safe(&s.text));
                    if let Payload::BrokenOtpauth(e) = &kind {
                        eprintln!(
                            "{}",
                            t(
                                "scan-broken-otpauth",
                                &[
                                    ("path", &path.to_string()),
                                    ("n", &(i + 1).to_string()),
                                    ("error", &sentence(e))
                                ]
                            )
                        );
                    } else if !kind.is_authenticator_code() {
                        eprintln!(
                            "{}",
                            t(
                                "scan-not-authenticator",
                                &[
                                    ("path", &path.to_string()),
                                    ("n", &(i + 1).to_string()),
                                    ("what", &super::code::describe(&kind))
                                ]
                            )
                        );
                    }
                }
            }
            Err(e) => failures.push(e.message),
        }
    }
    if json {
        println!(
            "{}",
            crate::output::safe_json(&serde_json::Value::Array(found))
        );
    }
    match failures.len() {
        0 => Ok(()),
        1 => Err(CliError::input(failures.remove(0))),
        _ => {
            let last = failures.pop().unwrap_or_default();
            for f in failures {
                eprintln!("kulcs: {f}");
            }
            Err(CliError::input(last))
        }
    }
}
