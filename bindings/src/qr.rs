//! Owns QR input across the FFI: one-shot decoding of images and camera frames, the live
//! [`QrScanner`] for a camera preview, and what each scanned payload is ([`ScannedCode`]).

use std::sync::{Arc, Mutex};

use kulcs_core::credential::Credential;
use kulcs_core::payload::{self, Payload};
use kulcs_core::qr::{self, LumaFrame, QrSymbol, Rotation, ScanHint, ScanOptions};

use crate::guard::{guard, lock};
use crate::messages::{kind_named, ErrorKind};
use crate::uri::ParsedUri;
use crate::KulcsError;

/// Clockwise rotation that brings a camera frame upright (as the camera reports it).
#[uniffi::remote(Enum)]
pub enum Rotation {
    R0,
    R90,
    R180,
    R270,
}

/// What a live preview should tell the user about the current frame.
#[uniffi::remote(Enum)]
pub enum ScanHint {
    NoCode,
    MoveCloser,
    HoldStill,
    Found,
}

/// What one decoded QR code holds.
#[derive(Debug, uniffi::Enum)]
pub enum ScannedCode {
    /// An `otpauth://` enrolment code: the account it would add (key kept in Rust).
    Enrolment {
        /// The parsed account.
        account: ParsedUri,
    },
    /// An `otpauth://` code Kulcs cannot use; `kind` is the URI error's variant name.
    BrokenEnrolment {
        /// Stable error name, e.g. `MissingSecret`.
        kind: ErrorKind,
        /// English explanation.
        reason: String,
    },
    /// Not an enrolment code (a web address, Wi-Fi details, a Google export batch …).
    Other {
        /// A short English noun phrase, e.g. "a web address".
        description: String,
    },
}

impl From<Payload> for ScannedCode {
    fn from(p: Payload) -> Self {
        match p {
            Payload::Otpauth(parsed) => ScannedCode::Enrolment {
                account: (*parsed).into(),
            },
            Payload::BrokenOtpauth(e) => ScannedCode::BrokenEnrolment {
                kind: kind_named(e.kind()),
                reason: e.to_string(),
            },
            other => ScannedCode::Other {
                description: other.describe().to_string(),
            },
        }
    }
}

/// The result of one live frame.
#[derive(Debug, uniffi::Record)]
pub struct FrameScan {
    /// Hint for the preview overlay.
    pub hint: ScanHint,
    /// The codes decoded in this frame (empty unless `hint` is `Found`).
    pub codes: Vec<ScannedCode>,
}

/// The enrolment credentials among decoded QR payloads (core's `payload::enrolments`).
/// Refuses when there is none, naming what the code holds instead.
pub(crate) fn enrolments(symbols: Vec<QrSymbol>) -> Result<Vec<Credential>, KulcsError> {
    let found = payload::enrolments(symbols.iter().map(|s| s.text.as_str()));
    match found.passed_over.into_iter().next() {
        Some(Payload::BrokenOtpauth(e)) if found.credentials.is_empty() => Err(e.into()),
        Some(other) if found.credentials.is_empty() => Err(KulcsError::InvalidInput {
            field: "qr".into(),
            kind: ErrorKind::NotAnEnrolment,
            reason: format!(
                "this QR code holds {}, not an authenticator enrolment code",
                other.describe()
            ),
        }),
        _ => Ok(found.credentials),
    }
}

/// A borrowed frame, validated by core.
pub(crate) fn frame(luma: &[u8], width: u32, height: u32, row_stride: u32) -> LumaFrame<'_> {
    LumaFrame {
        data: luma,
        width,
        height,
        row_stride,
    }
}

/// Decodes every QR code in a PNG, JPEG or WebP image and returns the raw texts. Errors:
/// `NoQrCode`, or `InvalidInput{field: "image"}` for bytes that are not a readable image.
#[uniffi::export]
pub fn decode_qr_image(image: Vec<u8>) -> Result<Vec<String>, KulcsError> {
    guard(|| {
        Ok(qr::decode_image_bytes(&image)?
            .into_iter()
            .map(|s| s.text)
            .collect())
    })
}

/// Decodes every QR code in a camera Y plane (one full, unbudgeted attempt) and returns the raw
/// texts. The plane is borrowed, not copied: Kotlin passes a direct `ByteBuffer`, Swift `Data`.
/// Pixel `(x, y)` is `luma[y * row_stride + x]`.
#[uniffi::export]
pub fn decode_qr_frame(
    luma: &[u8],
    width: u32,
    height: u32,
    row_stride: u32,
) -> Result<Vec<String>, KulcsError> {
    guard(|| {
        Ok(qr::decode_luma(&frame(luma, width, height, row_stride))?
            .into_iter()
            .map(|s| s.text)
            .collect())
    })
}

/// A live camera scanner: feed it every preview frame; it spends a small time budget per frame
/// and remembers where it is in its search between frames.
#[derive(Debug, uniffi::Object)]
pub struct QrScanner(Mutex<qr::QrScanner>);

#[uniffi::export]
impl QrScanner {
    /// A scanner with core's default per-frame budget.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(QrScanner(Mutex::new(qr::QrScanner::new(
            ScanOptions::default(),
        ))))
    }

    /// Scans one frame (borrowed, not copied). Only an inconsistent frame is an error
    /// (`InvalidInput{field: "frame"}`); "nothing yet" is `hint`.
    pub fn push_frame(
        &self,
        luma: &[u8],
        width: u32,
        height: u32,
        row_stride: u32,
        rotation: Rotation,
    ) -> Result<FrameScan, KulcsError> {
        guard(|| {
            let mut scanner = lock(&self.0)?;
            let update = scanner.push_frame(&frame(luma, width, height, row_stride), rotation)?;
            let codes = update
                .symbols
                .into_iter()
                .map(|s| payload::classify(&s.text).into())
                .collect();
            Ok(FrameScan {
                hint: update.hint,
                codes,
            })
        })
    }
}
