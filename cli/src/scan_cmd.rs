//! `kulcs scan IMAGE…`: prints every QR payload found, one per line.

use std::time::Instant;

use kulcs_core::payload::{self, Payload};
use kulcs_core::qr::{self, QrError, QrSymbol};

use crate::error::{sentence, CliError};

/// Reads an image file and decodes it, timing only the decoding (not the file read).
pub fn decode_file(path: &str) -> Result<(Vec<QrSymbol>, f64), CliError> {
    let bytes = crate::private_file::read_capped(path.as_ref(), crate::private_file::IMAGE_CAP)?;
    let started = Instant::now();
    let result = qr::decode_image_bytes(&bytes);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok(symbols) => Ok((symbols, ms)),
        Err(QrError::NoQrCode) => Err(CliError::input(format!("No QR code found in {path}."))),
        Err(e) => Err(CliError::input(format!("{path}: {}", sentence(e)))),
    }
}

/// Runs `scan`. Every image is tried; the exit code is 1 if any of them held no QR code.
pub fn run(images: &[String]) -> Result<(), CliError> {
    let mut failures = Vec::new();
    for path in images {
        let bytes =
            match crate::private_file::read_capped(path.as_ref(), crate::private_file::IMAGE_CAP) {
                Ok(b) => b,
                Err(e) => {
                    failures.push(sentence(e));
                    continue;
                }
            };
        let started = Instant::now();
        let result = qr::decode_image_bytes(&bytes);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        eprintln!("decode_ms={ms:.3}");
        match result {
            Ok(symbols) => {
                for (i, s) in symbols.iter().enumerate() {
                    println!("{}", crate::display::safe(&s.text));
                    let kind = payload::classify(&s.text);
                    if let Payload::BrokenOtpauth(e) = &kind {
                        eprintln!(
                            "note: {path}: code {} is an otpauth URI Kulcs cannot use: {}",
                            i + 1,
                            sentence(e)
                        );
                    } else if !kind.is_authenticator_code() {
                        eprintln!(
                            "note: {path}: code {} holds {}, not an authenticator code",
                            i + 1,
                            kind.describe()
                        );
                    }
                }
            }
            Err(QrError::NoQrCode) => failures.push(format!("No QR code found in {path}.")),
            Err(e) => failures.push(format!("{path}: {}", sentence(e))),
        }
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
