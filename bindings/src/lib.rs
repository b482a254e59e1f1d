//! Kulcs bindings: the UniFFI surface the Kotlin and Swift shells call, and nothing more.
//!
//! Every exported item wraps a `kulcs-core` type or function; no domain rule lives here (see
//! `docs/bindings.md` for the exported API). Each exported call runs under [`guard::guard`], so
//! a panic becomes [`KulcsError::Internal`] instead of unwinding into the JVM or Swift, and
//! every core error is mapped to the one public [`KulcsError`].

mod error;
mod guard;
mod key;
mod qr;
mod types;
mod uri;

pub use error::KulcsError;
pub use key::{clean_key, SetupKey};
pub use qr::{decode_qr_frame, decode_qr_image, FrameRotation};
pub use types::{CodeWindow, OtpAlgorithm, OtpKind, OtpParams};
pub use uri::{parse_uri, ParsedUri, UriNote};

uniffi::setup_scaffolding!("kulcs");
