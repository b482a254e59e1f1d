//! Owns setup keys across the FFI: [`SetupKey`] keeps the secret bytes in Rust (zeroized on
//! drop) and computes codes from them; the text of a key crosses only through `reveal_*`.
//! Key text passed in is wiped once parsed.

use std::sync::Arc;

use kulcs_core::otp;
use kulcs_core::secret::{clean_base32, Secret};
use zeroize::Zeroizing;

use crate::guard::guard;
use crate::{CodeWindow, KulcsError, OtpParams};

/// Cleans a typed base32 key the one way every shell does (spaces, dashes, lowercase and
/// padding accepted) and returns it upper case without separators.
#[uniffi::export]
pub fn clean_key(input: String) -> Result<String, KulcsError> {
    let input = Zeroizing::new(input);
    guard(|| Ok(clean_base32(&input)?.as_str().to_string()))
}

/// A shared OTP key held in Rust. Its `Debug` is redacted and its bytes are wiped on drop.
#[derive(Debug, uniffi::Object)]
pub struct SetupKey {
    secret: Secret,
}

impl SetupKey {
    pub(crate) fn new(secret: Secret) -> Arc<Self> {
        Arc::new(SetupKey { secret })
    }

    pub(crate) fn secret(&self) -> &Secret {
        &self.secret
    }
}

#[uniffi::export]
impl SetupKey {
    /// Parses a typed or pasted base32 key leniently (see [`clean_key`]).
    #[uniffi::constructor]
    pub fn from_base32(text: String) -> Result<Arc<Self>, KulcsError> {
        let text = Zeroizing::new(text);
        guard(|| Ok(Self::new(Secret::parse_base32(&text)?)))
    }

    /// Parses a hex key (a `0x` prefix, spaces and dashes accepted).
    #[uniffi::constructor]
    pub fn from_hex(text: String) -> Result<Arc<Self>, KulcsError> {
        let text = Zeroizing::new(text);
        guard(|| Ok(Self::new(Secret::parse_hex(&text)?)))
    }

    /// Key length in bits (the Ügyfélkapu+ key has 80).
    pub fn bits(&self) -> u32 {
        u32::try_from(self.secret.bits()).unwrap_or(u32::MAX)
    }

    /// True when the key is unusually short; a UI may warn, codes still work.
    pub fn is_short(&self) -> bool {
        self.secret.is_short()
    }

    /// The key as canonical base32 (upper case, unpadded). Only for an explicit "show key".
    pub fn reveal_base32(&self) -> String {
        self.secret.to_base32().as_str().to_string()
    }

    /// The key as base32 in groups of four, as enrolment pages show it. Only for "show key".
    pub fn reveal_grouped(&self) -> String {
        self.secret.to_base32_grouped().as_str().to_string()
    }

    /// The key as lower-case hex. Only for an explicit export.
    pub fn reveal_hex(&self) -> String {
        self.secret.to_hex().as_str().to_string()
    }

    /// The code at an (offset-corrected) Unix time; HOTP uses `params.counter` instead.
    pub fn code_at(&self, params: OtpParams, unix_time: i64) -> Result<String, KulcsError> {
        guard(|| {
            Ok(otp::code_at(&self.secret, &params, unix_time)?
                .as_str()
                .to_string())
        })
    }

    /// The current code, the next one and the remaining validity at a Unix time.
    pub fn code_window(&self, params: OtpParams, unix_time: i64) -> Result<CodeWindow, KulcsError> {
        guard(|| Ok(otp::code_window(&self.secret, &params, unix_time)?.into()))
    }
}
