//! What the user hands in: secrets typed or piped (`-` for `--key`, `--uri`, `--note`,
//! passphrases; without echo on a terminal, always capped, never from argv), and the QR codes in
//! image files (the one QR-file reader, with the one decoding budget).

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use kulcs_core::qr::{self, DecodeOptions, QrError, QrSymbol};
use zeroize::Zeroizing;

use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::private_file::{self, FileError, IMAGE_CAP, LINE_CAP, NOTE_CAP};

/// The value that means "read it from standard input".
pub const STDIN_ARG: &str = "-";

/// Whether standard input is a terminal.
pub fn stdin_is_tty() -> bool {
    std::io::stdin().is_terminal()
}

/// Refuses more than one of `values` being `-`: they would share one standard input.
pub fn at_most_one_stdin(values: &[(&str, Option<&str>)]) -> Result<(), CliError> {
    let dashes: Vec<&str> = values
        .iter()
        .filter(|(_, v)| *v == Some(STDIN_ARG))
        .map(|(n, _)| *n)
        .collect();
    if dashes.len() > 1 {
        return Err(CliError::usage(t(
            "input-one-stdin",
            &[("options", &dashes.join(", "))],
        )));
    }
    Ok(())
}

fn stdin_error(e: FileError) -> CliError {
    CliError::input(sentence(e))
}

/// Reads one line of at most [`LINE_CAP`] bytes from `r`, without its line ending.
pub fn read_line_capped(r: impl BufRead) -> Result<Zeroizing<String>, CliError> {
    let mut buf = Zeroizing::new(Vec::new());
    r.take(LINE_CAP + 1)
        .read_until(b'\n', &mut buf)
        .map_err(|e| CliError::input(t("input-stdin-unreadable", &[("error", &e.to_string())])))?;
    if buf.len() as u64 > LINE_CAP && buf.last() != Some(&b'\n') {
        return Err(stdin_error(FileError::StdinTooLong { cap: LINE_CAP }));
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    let text =
        std::str::from_utf8(&buf).map_err(|_| CliError::input(t("input-stdin-not-utf8", &[])))?;
    Ok(Zeroizing::new(text.to_string()))
}

/// Reads one secret line: from the terminal without echo, or one line from standard input.
pub fn read_secret(prompt: &str) -> Result<Zeroizing<String>, CliError> {
    if stdin_is_tty() {
        let s = rpassword::prompt_password(prompt).map_err(|e| {
            CliError::input(t("input-tty-unreadable", &[("error", &e.to_string())]))
        })?;
        Ok(Zeroizing::new(s))
    } else {
        read_line_capped(std::io::stdin().lock())
    }
}

/// `value`, or if it is `-`, one secret line read as [`read_secret`] does.
pub fn value_or_stdin(value: &str, prompt: &str) -> Result<Zeroizing<String>, CliError> {
    if value == STDIN_ARG {
        read_secret(prompt)
    } else {
        Ok(Zeroizing::new(value.to_string()))
    }
}

/// A note from standard input: all of it (at most [`NOTE_CAP`] bytes), trailing line endings
/// removed. On a terminal it says how to finish.
pub fn read_note() -> Result<Zeroizing<String>, CliError> {
    if stdin_is_tty() {
        eprintln!("{}", t("input-note-how", &[]));
        let _ = std::io::stderr().flush();
    }
    let bytes =
        private_file::read_stdin_capped(std::io::stdin().lock(), NOTE_CAP).map_err(stdin_error)?;
    let text =
        std::str::from_utf8(&bytes).map_err(|_| CliError::input(t("input-note-not-utf8", &[])))?;
    Ok(Zeroizing::new(
        text.trim_end_matches(['\n', '\r']).to_string(),
    ))
}

/// `value`, or if it is `-`, a note read with [`read_note`].
pub fn note_or_stdin(value: &str) -> Result<Zeroizing<String>, CliError> {
    if value == STDIN_ARG {
        read_note()
    } else {
        Ok(Zeroizing::new(value.to_string()))
    }
}

/// How long the decoder may search one image file. Files are still images, not camera frames,
/// so the decoder gets a few seconds rather than its live-view budget.
pub const QR_FILE_BUDGET: Duration = Duration::from_secs(3);

/// An image file read (at most [`IMAGE_CAP`] bytes) to decode the QR codes in it.
pub struct QrFile<'a> {
    path: &'a Path,
    bytes: Vec<u8>,
}

impl<'a> QrFile<'a> {
    /// Reads the image file, refusing one larger than [`IMAGE_CAP`].
    pub fn read(path: &'a Path) -> Result<Self, CliError> {
        let bytes = private_file::read_capped(path, IMAGE_CAP)?;
        Ok(QrFile { path, bytes })
    }

    /// An image file already read by the caller.
    pub fn from_bytes(path: &'a Path, bytes: Vec<u8>) -> Self {
        QrFile { path, bytes }
    }

    /// Every QR code in the image (at least one), within [`QR_FILE_BUDGET`].
    pub fn decode(&self) -> Result<Vec<QrSymbol>, CliError> {
        let opts = DecodeOptions {
            budget: QR_FILE_BUDGET,
            exhaustive: false,
        };
        match qr::decode_image_bytes_with(&self.bytes, &opts) {
            Ok(symbols) => Ok(symbols),
            Err(QrError::NoQrCode) => Err(CliError::input(t(
                "input-no-qr",
                &[("path", &self.path.display().to_string())],
            ))),
            Err(e) => Err(CliError::input(format!(
                "{}: {}",
                self.path.display(),
                sentence(e)
            ))),
        }
    }
}

/// The texts of every QR code in an image file.
pub fn qr_file_texts(path: &Path) -> Result<Vec<String>, CliError> {
    let symbols = QrFile::read(path)?.decode()?;
    Ok(symbols.into_iter().map(|s| s.text).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_capped() {
        let r = read_line_capped(&b"abc\r\nrest"[..]).unwrap();
        assert_eq!(r.as_str(), "abc");
        let long = vec![b'a'; LINE_CAP as usize + 1];
        assert!(read_line_capped(&long[..]).is_err());
        let fits = vec![b'a'; LINE_CAP as usize];
        assert_eq!(
            read_line_capped(&fits[..]).unwrap().len(),
            LINE_CAP as usize
        );
    }

    #[test]
    fn a_qr_file_names_itself_in_every_error() {
        let e = QrFile::from_bytes(Path::new("offer.png"), b"not an image".to_vec())
            .decode()
            .unwrap_err();
        assert!(e.message.starts_with("offer.png: "), "{}", e.message);
        let mut png = Vec::new();
        image::GrayImage::from_pixel(64, 64, image::Luma([255u8]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let e = QrFile::from_bytes(Path::new("blank.png"), png)
            .decode()
            .unwrap_err();
        assert_eq!(e.message, "No QR code found in blank.png.");
        assert_eq!(e.code, crate::error::EXIT_BAD_INPUT);
    }

    #[test]
    fn two_dashes_refused() {
        assert!(at_most_one_stdin(&[("--key", Some("-")), ("--note", Some("-"))]).is_err());
        assert!(at_most_one_stdin(&[("--key", Some("-")), ("--note", Some("x"))]).is_ok());
    }
}
