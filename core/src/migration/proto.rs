//! Google's `MigrationPayload` protobuf, written by hand (field numbers from Google Authenticator).

use zeroize::Zeroize;

/// One account. `Debug` redacts the secret.
#[derive(Clone, PartialEq, prost::Message)]
#[prost(skip_debug)]
pub struct OtpParameters {
    /// Raw key bytes.
    #[prost(bytes = "vec", tag = "1")]
    pub secret: Vec<u8>,
    /// Account name; sometimes `Issuer:account`.
    #[prost(string, tag = "2")]
    pub name: String,
    /// Issuer.
    #[prost(string, tag = "3")]
    pub issuer: String,
    /// 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5.
    #[prost(int32, tag = "4")]
    pub algorithm: i32,
    /// 0 unspecified, 1 six, 2 eight.
    #[prost(int32, tag = "5")]
    pub digits: i32,
    /// 0 unspecified, 1 HOTP, 2 TOTP.
    #[prost(int32, tag = "6")]
    pub r#type: i32,
    /// HOTP counter.
    #[prost(int64, tag = "7")]
    pub counter: i64,
}

impl std::fmt::Debug for OtpParameters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpParameters")
            .field("secret", &"<redacted>")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("type", &self.r#type)
            .field("counter", &self.counter)
            .finish()
    }
}

/// One QR code of an export.
#[derive(Clone, PartialEq, prost::Message)]
pub struct MigrationPayload {
    /// The accounts in this QR code.
    #[prost(message, repeated, tag = "1")]
    pub otp_parameters: Vec<OtpParameters>,
    /// Format version (Google writes 1).
    #[prost(int32, tag = "2")]
    pub version: i32,
    /// Number of QR codes in the export.
    #[prost(int32, tag = "3")]
    pub batch_size: i32,
    /// Zero-based index of this QR code.
    #[prost(int32, tag = "4")]
    pub batch_index: i32,
    /// Random id shared by the QR codes of one export.
    #[prost(int32, tag = "5")]
    pub batch_id: i32,
}

impl Drop for OtpParameters {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}
