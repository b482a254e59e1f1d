//! Owns reading other authenticators' export files: the format is found from the content, each
//! source has its own small module, and every entry goes through one shared check (`entry`).
//!
//! What a file yields is an [`ImportedFile`]: the accounts that can be used, and the entries that
//! cannot (an mOTP or Yandex entry, an unknown algorithm, a broken key), each with the reason, so
//! a preview can show both before anything is added. A file that cannot be read at all is a
//! [`FileImportError`]; nothing is ever half-read.
//!
//! ```
//! use kulcs_core::import;
//!
//! let file = b"otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno\n";
//! let read = import::read(file, None).unwrap();
//! assert_eq!(read.source, import::Source::OtpauthList);
//! assert_eq!(read.accounts[0].credential.issuer, "Deno");
//! assert!(read.not_importable.is_empty());
//! ```

mod aegis;
mod aegis_encrypted;
mod andotp;
mod andotp_encrypted;
mod authenticator_plus;
mod authy;
mod battle_net;
mod bitwarden;
mod crypto;
#[cfg(feature = "sqlite")]
mod databases;
mod detect;
mod duo;
mod entry;
mod freeotp;
mod freeotp_v2;
mod java_map;
mod json;
mod proton;
mod steam;
mod stratum;
mod stratum_encrypted;
mod text;
mod totp_authenticator;
mod twofas;
mod twofas_encrypted;
mod xml;

use crate::credential::Credential;

pub use entry::{NotImportable, NotImportableReason};

/// The largest export file read (16 MiB): far above any real export, small enough that a
/// hostile file cannot exhaust memory.
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;

/// Where a file came from, as recognised from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// One `otpauth://` URI per line (Kulcs, Ente Auth's plain export, most apps' text export).
    OtpauthList,
    /// Aegis vault export without a password.
    AegisPlain,
    /// Aegis vault export encrypted with a password (scrypt, AES-256-GCM).
    AegisEncrypted,
    /// 2FAS `.2fas` backup (schema 1–4) without a password.
    TwoFasPlain,
    /// 2FAS `.2fas` backup protected by a password (PBKDF2, AES-256-GCM).
    TwoFasEncrypted,
    /// andOTP plain JSON backup.
    AndOtpPlain,
    /// andOTP encrypted backup (`.json.aes`, current or old layout).
    AndOtpEncrypted,
    /// Bitwarden JSON export (unencrypted).
    BitwardenJson,
    /// Bitwarden CSV export.
    BitwardenCsv,
    /// FreeOTP+ JSON export.
    FreeOtpPlusJson,
    /// Proton Authenticator plain export.
    ProtonPlain,
    /// Stratum plain JSON backup.
    StratumPlain,
    /// Steam Desktop Authenticator / Steam mobile file (`maFile`), old or new layout.
    Steam,
    /// Duo Mobile account list.
    Duo,
    /// FreeOTP 1 / FreeOTP+ preferences XML (`tokens.xml`).
    FreeOtpXml,
    /// FreeOTP 2 backup (a Java-serialised map; keys sealed under the password).
    FreeOtpBackup,
    /// Authy's token preferences XML with the keys in the clear.
    Authy,
    /// Authy's token preferences XML with the keys sealed under the backup password.
    AuthyEncrypted,
    /// The Battle.net Authenticator's preferences XML.
    BattleNet,
    /// TOTP Authenticator's internal preferences XML.
    TotpAuthenticatorInternal,
    /// TOTP Authenticator's encrypted backup.
    TotpAuthenticatorBackup,
    /// Authenticator Plus's password-protected zip backup.
    AuthenticatorPlus,
    /// Stratum's password-protected backup (current or legacy layout).
    StratumEncrypted,
    /// Google Authenticator's app database.
    GoogleAuthenticatorDb,
    /// Microsoft Authenticator's app database.
    MicrosoftAuthenticatorDb,
    /// Stratum's app database.
    StratumDb,
}

impl Source {
    /// The app's name as a user knows it.
    pub fn app_name(self) -> &'static str {
        match self {
            Source::OtpauthList => "otpauth list",
            Source::AegisPlain | Source::AegisEncrypted => "Aegis",
            Source::TwoFasPlain | Source::TwoFasEncrypted => "2FAS",
            Source::AndOtpPlain | Source::AndOtpEncrypted => "andOTP",
            Source::BitwardenJson | Source::BitwardenCsv => "Bitwarden",
            Source::FreeOtpPlusJson => "FreeOTP+",
            Source::FreeOtpXml => "FreeOTP or FreeOTP+",
            Source::FreeOtpBackup => "FreeOTP",
            Source::ProtonPlain => "Proton Authenticator",
            Source::StratumPlain | Source::StratumEncrypted | Source::StratumDb => "Stratum",
            Source::Steam => "Steam",
            Source::Duo => "Duo Mobile",
            Source::Authy | Source::AuthyEncrypted => "Authy",
            Source::BattleNet => "Battle.net Authenticator",
            Source::TotpAuthenticatorInternal | Source::TotpAuthenticatorBackup => {
                "TOTP Authenticator"
            }
            Source::AuthenticatorPlus => "Authenticator Plus",
            Source::GoogleAuthenticatorDb => "Google Authenticator",
            Source::MicrosoftAuthenticatorDb => "Microsoft Authenticator",
        }
    }
}

/// One account read from a file, with what the source kept beside the key. Its `Debug` output
/// redacts the key (as [`Credential`]'s does) and the note.
#[derive(Clone, PartialEq, Eq)]
pub struct ImportedAccount {
    /// Issuer, label, key and code parameters.
    pub credential: Credential,
    /// The source's note for the entry (e.g. a törlőkód), if any. Secret-bearing: never logged.
    pub note: Option<String>,
    /// The source's groups, tags or folder names.
    pub groups: Vec<String>,
    /// Marked as a favourite (pinned) in the source.
    pub favourite: bool,
}

impl std::fmt::Debug for ImportedAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportedAccount")
            .field("credential", &self.credential)
            .field(
                "note",
                &self
                    .note
                    .as_ref()
                    .map(|n| format!("<redacted, {} chars>", n.chars().count())),
            )
            .field("groups", &self.groups)
            .field("favourite", &self.favourite)
            .finish()
    }
}

/// Everything read from one export file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFile {
    /// The app the file came from.
    pub source: Source,
    /// The accounts that can be added, in the file's order.
    pub accounts: Vec<ImportedAccount>,
    /// The entries that cannot be, each with why.
    pub not_importable: Vec<NotImportable>,
}

/// Why a file could not be read. Nothing of the file is used when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileImportError {
    /// The file is larger than [`MAX_IMPORT_BYTES`].
    #[error("the file is {bytes} bytes; export files over {max} bytes are not read")]
    TooLarge {
        /// The file's size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Not a format Kulcs knows: not an otpauth list and no known app's export.
    #[error("this is not an export file Kulcs knows")]
    Unrecognised,
    /// The file is an export Kulcs recognises but cannot read yet (e.g. an encrypted or binary
    /// format); `app` names it, so the user can export from that app in another way.
    #[error("this {app} file cannot be imported yet: {why}")]
    Unsupported {
        /// The app or format recognised.
        app: &'static str,
        /// What to do instead.
        why: &'static str,
    },
    /// The file is of a known app but broken: `what` says where (truncated JSON, a missing
    /// field, an entry list that is not a list).
    #[error("the {app} file is damaged ({what})")]
    Malformed {
        /// The app recognised.
        app: &'static str,
        /// What was wrong.
        what: String,
    },
    /// The file is encrypted: ask for the password it was exported with, then read again.
    #[error("the {app} file is protected by a password")]
    PasswordNeeded {
        /// The app recognised.
        app: &'static str,
    },
    /// The password does not open the file, or the file is damaged: deliberately one case,
    /// since cryptography cannot tell them apart safely.
    #[error("the password does not open the {app} file, or the file is damaged")]
    WrongPassword {
        /// The app recognised.
        app: &'static str,
    },
    /// The file holds not one usable or refused entry.
    #[error("the {app} file holds no accounts")]
    Empty {
        /// The app recognised.
        app: &'static str,
    },
}

/// Reads an export file of any supported app. `password` opens encrypted exports; without
/// it, such a file is [`FileImportError::PasswordNeeded`] (ask, then call again).
pub fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportedFile, FileImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(FileImportError::TooLarge {
            bytes: bytes.len(),
            max: MAX_IMPORT_BYTES,
        });
    }
    let file = detect::read_any(bytes, password)?;
    if file.accounts.is_empty() && file.not_importable.is_empty() {
        return Err(FileImportError::Empty {
            app: file.source.app_name(),
        });
    }
    Ok(file)
}
