//! Accounts as the vault stores them: a credential plus a stable id, note, groups and clocks.
//!
//! ```
//! use kulcs_core::account::{AccountId, Note};
//! let id: AccountId = "00112233445566778899aabbccddeeff".parse().unwrap();
//! assert_eq!(id.to_string(), "00112233445566778899aabbccddeeff");
//! assert_eq!(format!("{:?}", Note::new("törlőkód: 1234").unwrap()), "Note(<redacted>, 14 chars)");
//! ```

#![deny(missing_docs)]

use std::fmt;
use std::str::FromStr;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::credential::Credential;
use crate::hlc::Hlc;

mod fields;

pub use fields::{Conflict, ConflictValue, Field, FieldClocks, FieldStamp, MAX_CONFLICTS};

/// Longest note accepted, in characters (a törlőkód is a few dozen; this is room for a paragraph).
pub const MAX_NOTE_CHARS: usize = 4096;
/// Longest group name accepted, in characters.
pub const MAX_GROUP_CHARS: usize = 64;
/// Most groups one account may carry.
pub const MAX_GROUPS: usize = 32;
/// The group that marks a favourite. Favourites are a group rather than a field of their own,
/// so they sync field by field with the groups and need no new file or wire format; an import
/// adds it for a source's favourite, an export turns it back into the target's favourite flag.
pub const FAVOURITES_GROUP: &str = "★";

/// A stable, random 128-bit account identifier; shown as 32 lower-case hex digits.
///
/// It is not a secret: it only says "this entry", and survives renames, sync and transfer.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(pub [u8; 16]);

impl AccountId {
    /// Wraps known bytes (tests, vectors); new ids come from the vault's random source.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        AccountId(bytes)
    }

    /// The 32-character hex form.
    pub fn to_hex(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountId({self})")
    }
}

/// Why a text account id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountIdError {
    /// Not exactly 32 hexadecimal digits.
    #[error("an account id is 32 hexadecimal digits")]
    Malformed,
}

impl FromStr for AccountId {
    type Err = AccountIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.len() != 32 || !s.is_ascii() {
            return Err(AccountIdError::Malformed);
        }
        let mut out = [0u8; 16];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16)
                .map_err(|_| AccountIdError::Malformed)?;
        }
        Ok(AccountId(out))
    }
}

/// Why a note or a group name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountFieldError {
    /// The note is longer than [`MAX_NOTE_CHARS`].
    #[error("the note is too long ({chars} characters; at most {max})")]
    NoteTooLong {
        /// Characters in the refused note.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// A group name longer than [`MAX_GROUP_CHARS`], or more than [`MAX_GROUPS`] groups.
    #[error("invalid group {name:?}: {reason}")]
    InvalidGroup {
        /// The refused name (group names are not secret).
        name: String,
        /// Why, in a short sentence.
        reason: &'static str,
    },
    /// An issuer or label longer than [`crate::validate::MAX_NAME_CHARS`] characters (after
    /// control and bidi characters were removed).
    #[error("the {field} is too long ({chars} characters; at most {max})")]
    NameTooLong {
        /// `"issuer"` or `"label"`.
        field: &'static str,
        /// Characters in the refused name.
        chars: usize,
        /// The limit.
        max: usize,
    },
}

/// A private note kept with an account (e.g. the Ügyfélkapu+ törlőkód). Encrypted in the vault
/// like the secret, wiped on drop, and its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Note(String);

impl Note {
    /// A note from text; refused when longer than [`MAX_NOTE_CHARS`].
    pub fn new(text: &str) -> Result<Note, AccountFieldError> {
        let chars = text.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(AccountFieldError::NoteTooLong {
                chars,
                max: MAX_NOTE_CHARS,
            });
        }
        Ok(Note(text.to_string()))
    }

    /// The text. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A wiped copy of the text.
    pub fn to_zeroizing(&self) -> Zeroizing<String> {
        Zeroizing::new(self.0.clone())
    }
}

impl fmt::Debug for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Note(<redacted>, {} chars)", self.0.chars().count())
    }
}

/// One entry of the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Stable identity across renames, devices and sync.
    pub id: AccountId,
    /// Issuer, label, secret and OTP parameters.
    pub credential: Credential,
    /// An optional private note.
    pub note: Option<Note>,
    /// Groups / tags, cleaned by [`crate::validate::clean_groups`].
    pub groups: Vec<String>,
    /// When the account was added (sync uses it to tell enrolments apart).
    pub created: Hlc,
    /// The last change: always the newest of the field stamps in `fields`.
    pub updated: Hlc,
    /// Per-field stamps and the conflicts sync kept (docs/sync.md §2.2).
    pub fields: FieldClocks,
}

impl Account {
    /// `Issuer (label)` for lists and prompts.
    pub fn display_name(&self) -> String {
        self.credential.display_name()
    }

    /// A new account whose every field was set at `t`.
    pub fn new(id: AccountId, credential: Credential, t: Hlc) -> Account {
        Account {
            id,
            credential,
            note: None,
            groups: Vec::new(),
            created: t,
            updated: t,
            fields: FieldClocks::uniform(t),
        }
    }

    /// Records a local edit of `field` at `t`: the field's base becomes the stamp it replaces,
    /// `updated` moves to `t`, and conflicts of that field the edit had seen are dropped (the
    /// user decided). The caller changes the value.
    pub fn stamp(&mut self, field: Field, t: Hlc) {
        let s = &mut self.fields.stamps[field as usize];
        *s = FieldStamp {
            stamp: t,
            base: s.stamp.max(s.base),
        };
        let base = s.base;
        self.fields
            .conflicts
            .retain(|c| c.field != field || c.stamp > base);
        self.updated = self.updated.max(t);
    }

    /// The stamps of one field.
    pub fn field_stamp(&self, field: Field) -> FieldStamp {
        self.fields.stamps[field as usize]
    }

    /// Conflicts worth showing: losing values that differ from the current value, newest first.
    pub fn conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.fields
            .conflicts
            .iter()
            .filter(move |c| c.value != ConflictValue::of(self, c.field))
    }
}

/// A deleted account, kept so that sync can delete it on other devices too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tombstone {
    /// The deleted account.
    pub id: AccountId,
    /// When it was deleted.
    pub deleted: Hlc,
}

/// Normalises an issuer or label for duplicate detection: trimmed, inner white space collapsed,
/// lower-cased (Unicode-aware, so `Ügyfélkapu+` and `ÜGYFÉLKAPU+` are the same issuer).
pub fn name_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_parsing() {
        assert!("0011".parse::<AccountId>().is_err());
        assert!("zz112233445566778899aabbccddeeff"
            .parse::<AccountId>()
            .is_err());
        assert!("é0112233445566778899aabbccddeef"
            .parse::<AccountId>()
            .is_err());
    }

    #[test]
    fn names_compare_case_insensitively() {
        assert_eq!(name_key("  ÜGYFÉLKAPU+ "), name_key("Ügyfélkapu+"));
        assert_eq!(name_key("a  b"), "a b");
    }
}
