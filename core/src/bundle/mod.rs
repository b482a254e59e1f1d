//! Owns the compact binary encoding of the accounts a transfer carries (the "bundle"): a
//! deduplicated string table for issuers and groups, column-ordered fields, then raw DEFLATE
//! when that is smaller. Encrypted by [`crate::transfer`]; never shown in clear.

use zeroize::Zeroizing;

use crate::credential::Credential;

mod decode;
mod encode;
mod fields;
mod wire;

pub use decode::decode;
pub use encode::encode;

/// Bundle format version (inside the encryption, first byte after the codec byte).
pub const BUNDLE_VERSION: u8 = 1;
/// Largest decompressed bundle accepted (bounds a hostile DEFLATE stream).
pub const MAX_BUNDLE_BYTES: usize = 8 * 1024 * 1024;
const CODEC_RAW: u8 = 0;
const CODEC_DEFLATE: u8 = 1;
const FLAG_SYNC: u8 = 1;
const FLAG_IDENTITY: u8 = 2;
const FLAG_FIELDS: u8 = 4;
const FLAG_MEMBERS: u8 = 8;

/// A hybrid-logical-clock stamp as carried on the wire: wall milliseconds, counter, node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct WireStamp {
    /// Wall clock, Unix milliseconds.
    pub wall_ms: u64,
    /// Logical counter.
    pub counter: u32,
    /// Device id of the writer.
    pub node: u64,
}

/// Sync identity of an account: only carried when the transfer also joins a sync group, so both
/// devices know the account under the same id and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireIdentity {
    /// Stable account id.
    pub id: [u8; 16],
    /// When it was created.
    pub created: WireStamp,
    /// When it was last changed.
    pub updated: WireStamp,
    /// Per-field stamps and conflicts (flag 4; bundles without it give `None`, read as every
    /// field changed at `updated`).
    pub fields: Option<crate::account::FieldClocks>,
}

/// One account as a transfer carries it. `Debug` redacts the note (the secret is redacted by
/// [`crate::secret::Secret`] itself).
#[derive(Clone, PartialEq, Eq)]
pub struct BundleAccount {
    /// Issuer, label, secret, parameters.
    pub credential: Credential,
    /// The encrypted-at-rest note (e.g. a törlőkód), if any.
    pub note: Option<Zeroizing<String>>,
    /// Groups / tags.
    pub groups: Vec<String>,
    /// Sync identity (present when the bundle carries a sync invitation).
    pub identity: Option<WireIdentity>,
}

impl std::fmt::Debug for BundleAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BundleAccount")
            .field("credential", &self.credential)
            .field("note", &self.note.as_ref().map(|_| "<redacted>"))
            .field("groups", &self.groups)
            .field("identity", &self.identity)
            .finish()
    }
}

/// An invitation into a sync group, handed over by a transfer.
#[derive(Clone, PartialEq, Eq)]
pub struct SyncInvite {
    /// The group's identifier (not secret).
    pub group_id: [u8; 16],
    /// The group's 256-bit replica key (format 1).
    pub key: Zeroizing<[u8; 32]>,
    /// The membership the sender made for the receiver (encoded and decoded by
    /// `crate::sync`: epoch key, member records, the receiver's own private keys). `None` in
    /// bundles of format-1 senders. Secret.
    pub members: Option<Zeroizing<Vec<u8>>>,
}

impl std::fmt::Debug for SyncInvite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncInvite")
            .field("group_id", &self.group_id)
            .finish_non_exhaustive()
    }
}

/// Everything one transfer carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bundle {
    /// The accounts, in the sender's order.
    pub accounts: Vec<BundleAccount>,
    /// Present when the receiver should join the sender's sync group.
    pub sync: Option<SyncInvite>,
}

/// Why bytes were not a valid bundle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// The bytes end early, or a length field is impossible.
    #[error("truncated or malformed bundle")]
    Truncated,
    /// A bundle version this build does not know.
    #[error("unsupported bundle version {0}")]
    UnsupportedVersion(u8),
    /// Unknown compression codec byte.
    #[error("unknown bundle codec {0}")]
    UnknownCodec(u8),
    /// DEFLATE data is damaged or inflates beyond [`MAX_BUNDLE_BYTES`].
    #[error("bundle decompression failed")]
    Inflate,
    /// Text that is not UTF-8, a string index out of range, or bad OTP parameters/secret.
    #[error("invalid field in bundle: {0}")]
    InvalidField(&'static str),
}
