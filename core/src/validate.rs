//! Owns the one rule set every write into a vault passes (manual §9, [`crate::manual`]): names
//! cleaned of control and bidi characters, length and count caps, the tombstone cap, and the
//! size budget that keeps a vault file openable whatever was received.
//!
//! Two entry points share every rule:
//! - typed input ([`name`], [`clean_groups`], [`crate::account::Note::new`]):
//!   unsafe characters are stripped, an over-long value is **refused** with a typed error;
//! - received or stored input ([`received_name`], [`received_groups`], [`repair_account`]):
//!   the same stripping, and an over-long value is **cut** to the cap, so a hostile sender or an
//!   older vault never makes an import fail or a vault unopenable. Reopening a vault runs
//!   [`repair_account`] on every account: the reopen check and the received-input check are
//!   the same function, and every typed value is already a fixed point of it.
//!
//! ```
//! use kulcs_core::validate::{clean_name, received_name};
//! assert_eq!(clean_name(" Bank\r\u{1b}[1A\u{202e}PayPal "), "Bank [1APayPal");
//! assert_eq!(received_name(&"x".repeat(300)).chars().count(), 256);
//! ```

use crate::account::{
    Account, AccountFieldError, AccountId, Tombstone, MAX_GROUPS, MAX_GROUP_CHARS, MAX_NOTE_CHARS,
};
use crate::hlc::Hlc;
use crate::secret::MAX_SECRET_BYTES;

/// Longest issuer or account name kept, in characters.
pub const MAX_NAME_CHARS: usize = 256;
/// Most deletions a vault (and a sync replica it publishes) remembers; beyond it the oldest are
/// forgotten (never a live account). See `docs/vault.md`.
pub const MAX_TOMBSTONES: usize = 10_000;
/// Most accounts one received bundle or replica may claim (checked before allocating).
pub const MAX_RECEIVED_ACCOUNTS: usize = 65_536;
/// Most distinct strings (issuers and group names) one received bundle may claim.
pub const MAX_RECEIVED_STRINGS: usize = 2 * MAX_RECEIVED_ACCOUNTS;
/// The most the vault's decrypted contents may take, as bounded by [`account_bytes_bound`]:
/// 1 MiB under the largest vault file accepted on reopen, for the header and the tag.
pub const MAX_CONTENTS_BYTES: usize = 31 * 1024 * 1024;
/// An upper bound of one tombstone's bytes in the vault's JSON.
pub const TOMBSTONE_BYTES_BOUND: usize = 128;
const CONTENTS_OVERHEAD: usize = 512;

/// True for the characters no name may hold, and that the CLI escapes when printing any text:
/// C0 controls (including tab and newline), DEL, C1 controls (U+0080–U+009F), the bidi
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the bidi marks
/// (U+200E, U+200F, U+061C) and the line and paragraph separators (U+2028, U+2029).
pub fn is_unsafe_char(c: char) -> bool {
    matches!(
        c as u32,
        0x00..=0x1f
            | 0x7f..=0x9f
            | 0x061c
            | 0x200e
            | 0x200f
            | 0x2028
            | 0x2029
            | 0x202a..=0x202e
            | 0x2066..=0x2069
    )
}

/// Strips unsafe characters from a name ([`is_unsafe_char`]): white-space ones (tab, line
/// breaks, NEL, separators) become a space, the others disappear; then the ends are trimmed.
pub fn clean_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if !is_unsafe_char(c) {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        }
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

fn cut(text: String, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => text[..at].trim_end().to_string(),
        None => text,
    }
}

/// A typed issuer or label: cleaned by [`clean_name`]; refused when longer than
/// [`MAX_NAME_CHARS`]. `field` names it in the error (`"issuer"`, `"label"`).
pub fn name(field: &'static str, raw: &str) -> Result<String, AccountFieldError> {
    let cleaned = clean_name(raw);
    let chars = cleaned.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(AccountFieldError::NameTooLong {
            field,
            chars,
            max: MAX_NAME_CHARS,
        });
    }
    Ok(cleaned)
}

/// A received or stored issuer or label: cleaned by [`clean_name`] and cut to
/// [`MAX_NAME_CHARS`]. Never fails.
pub fn received_name(raw: &str) -> String {
    cut(clean_name(raw), MAX_NAME_CHARS)
}

/// Received or stored group names: each cleaned and cut to [`MAX_GROUP_CHARS`], empty and
/// repeated ones (case-insensitively, first spelling kept) dropped, at most [`MAX_GROUPS`]
/// kept. Never fails; on typed input that [`clean_groups`] accepts it returns
/// the same list.
pub fn received_groups(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for g in raw {
        if out.len() == MAX_GROUPS {
            break;
        }
        let name = cut(clean_name(g), MAX_GROUP_CHARS);
        if name.is_empty() {
            continue;
        }
        let key = name.to_lowercase();
        if !keys.contains(&key) {
            keys.push(key);
            out.push(name);
        }
    }
    out
}

/// Cleans a list of typed group names: each cleaned like every name
/// ([`clean_name`]: control and bidi characters removed, ends trimmed), empty
/// and repeated names dropped (case-insensitively, first spelling kept); refuses overlong names
/// or too many groups. Received groups go through [`received_groups`], which
/// cuts instead of refusing and returns the same list for anything this accepts.
pub fn clean_groups(groups: &[String]) -> Result<Vec<String>, AccountFieldError> {
    let mut out: Vec<String> = Vec::new();
    for raw in groups {
        let name = clean_name(raw);
        if name.is_empty() {
            continue;
        }
        if name.chars().count() > MAX_GROUP_CHARS {
            return Err(AccountFieldError::InvalidGroup {
                name,
                reason: "too long",
            });
        }
        if !out.iter().any(|g| g.to_lowercase() == name.to_lowercase()) {
            out.push(name);
        }
    }
    if out.len() > MAX_GROUPS {
        return Err(AccountFieldError::InvalidGroup {
            name: String::new(),
            reason: "too many groups",
        });
    }
    Ok(out)
}

/// Brings a received or stored account within the rules: names and groups as
/// [`received_name`] and [`received_groups`] make them. (The note, secret and parameters are
/// already bounded by their types and parsers.) Returns true when anything changed.
pub fn repair_account(a: &mut Account) -> bool {
    let issuer = received_name(&a.credential.issuer);
    let label = received_name(&a.credential.label);
    let groups = received_groups(&a.groups);
    let changed =
        issuer != a.credential.issuer || label != a.credential.label || groups != a.groups;
    a.credential.issuer = issuer;
    a.credential.label = label;
    a.groups = groups;
    // Losing values of sync conflicts are shown too: the same rules (issue 11).
    for c in &mut a.fields.conflicts {
        match &mut c.value {
            crate::account::ConflictValue::Text(t) => *t = received_name(t),
            crate::account::ConflictValue::Groups(g) => *g = received_groups(g),
            _ => {}
        }
    }
    a.fields.conflicts.truncate(crate::account::MAX_CONFLICTS);
    changed
}

/// The bytes `text` takes as a JSON string body: serde_json escapes control characters (at
/// most six bytes, `\u0001`) and `"` and `\` (two).
fn json_len(text: &str) -> usize {
    text.bytes()
        .map(|b| match b {
            0x00..=0x1f => 6,
            b'"' | b'\\' => 2,
            _ => 1,
        })
        .sum()
}

/// An upper bound of the bytes one account takes in the vault's JSON: 512 for the fixed
/// fields, the escaped texts, and the base32 secret.
pub fn account_bytes_bound(a: &Account) -> usize {
    512 + json_len(&a.credential.issuer)
        + json_len(&a.credential.label)
        + a.note.as_ref().map_or(0, |n| json_len(n.expose()))
        + a.groups.iter().map(|g| json_len(g) + 3).sum::<usize>()
        + 2 * a.credential.secret.expose_bytes().len()
        + FIELD_STAMPS_BYTES_BOUND
        + a.fields
            .conflicts
            .iter()
            .map(conflict_bytes_bound)
            .sum::<usize>()
}

/// The per-field stamps, bases and clearing stamp of one account in JSON (15 stamps of at most
/// 48 bytes each, quoted, with the keys).
const FIELD_STAMPS_BYTES_BOUND: usize = 800;

/// One kept conflict in JSON: keys and stamp, plus its value like the field itself.
fn conflict_bytes_bound(c: &crate::account::Conflict) -> usize {
    use crate::account::ConflictValue as V;
    128 + match &c.value {
        V::Text(t) => json_len(t),
        V::Secret(s) => 2 * s.expose_bytes().len(),
        V::Params(_) => 64,
        V::Note(n) => n.as_ref().map_or(0, |n| json_len(n.expose())),
        V::Groups(g) => g.iter().map(|g| json_len(g) + 3).sum::<usize>(),
    }
}

/// The largest [`account_bytes_bound`] an account within every cap can have (names hold no
/// control characters, so at most four bytes a character; a note at most six).
pub const MAX_ACCOUNT_BYTES_BOUND: usize = 512
    + 4 * 2 * MAX_NAME_CHARS
    + 6 * MAX_NOTE_CHARS
    + MAX_GROUPS * (4 * MAX_GROUP_CHARS + 3)
    + 2 * MAX_SECRET_BYTES
    + FIELD_STAMPS_BYTES_BOUND
    + crate::account::MAX_CONFLICTS * (128 + 6 * MAX_NOTE_CHARS);

/// Keeps at most [`MAX_TOMBSTONES`] deletions, forgetting the oldest (by deletion time, then
/// id) and keeping the others in their order. Live accounts are never touched.
pub fn cap_tombstones(tombstones: &mut Vec<Tombstone>) {
    if tombstones.len() <= MAX_TOMBSTONES {
        return;
    }
    let mut order: Vec<(Hlc, AccountId)> = tombstones.iter().map(|t| (t.deleted, t.id)).collect();
    order.sort_unstable();
    let cutoff = order[order.len() - MAX_TOMBSTONES];
    tombstones.retain(|t| (t.deleted, t.id) >= cutoff);
}

/// Why received or typed data would not fit into a vault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the vault would grow to about {bytes} bytes, more than the {max} a vault may hold")]
pub struct TooLarge {
    /// The bound reached.
    pub bytes: usize,
    /// [`MAX_CONTENTS_BYTES`].
    pub max: usize,
}

/// Checks that contents with these accounts and `tombstones` deletions stay within
/// [`MAX_CONTENTS_BYTES`] (so the saved file always reopens).
pub fn check_size<'a>(
    accounts: impl IntoIterator<Item = &'a Account>,
    tombstones: usize,
) -> Result<(), TooLarge> {
    let bytes = accounts.into_iter().fold(
        CONTENTS_OVERHEAD.saturating_add(tombstones.saturating_mul(TOMBSTONE_BYTES_BOUND)),
        |sum, a| sum.saturating_add(account_bytes_bound(a)),
    );
    if bytes > MAX_CONTENTS_BYTES {
        return Err(TooLarge {
            bytes,
            max: MAX_CONTENTS_BYTES,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_cleaned() {
        let g =
            clean_groups(&[" Work ".into(), "work".into(), "".into(), "Család".into()]).unwrap();
        assert_eq!(g, vec!["Work".to_string(), "Család".to_string()]);
        assert_eq!(clean_groups(&["a\nb\u{1b}".into()]).unwrap(), vec!["a b"]);
        assert!(clean_groups(&["x".repeat(65)]).is_err());
    }

    #[test]
    fn unsafe_characters_are_stripped_or_spaced() {
        assert_eq!(
            clean_name("Bank\r\u{1b}[1A\u{1b}[2KPayPal"),
            "Bank [1A[2KPayPal"
        );
        assert_eq!(clean_name("\u{202e}lapyaP\u{2066}x\u{2069}"), "lapyaPx");
        assert_eq!(clean_name("a\u{9b}b\u{7f}c\u{85}d"), "abc d");
        assert_eq!(clean_name(" \t Ügyfélkapu+ \n"), "Ügyfélkapu+");
        assert_eq!(clean_name("\u{200f}\u{200e}\u{61c}"), "");
    }

    #[test]
    fn cutting_keeps_whole_characters() {
        let s = received_name(&"é".repeat(1000));
        assert_eq!(s.chars().count(), MAX_NAME_CHARS);
        assert!(name("issuer", &"é".repeat(257)).is_err());
        assert_eq!(name("issuer", &"é".repeat(256)).unwrap(), s);
    }

    #[test]
    fn typed_values_are_fixed_points_of_the_received_rules() {
        for raw in [
            vec![
                " Work ".to_string(),
                "work".into(),
                "".into(),
                "Család".into(),
            ],
            vec!["a\u{1b}b".into(), "x".repeat(64)],
        ] {
            let typed = clean_groups(&raw).unwrap();
            assert_eq!(received_groups(&raw), typed);
            assert_eq!(received_groups(&typed), typed);
        }
        for raw in ["  Bank\u{1b} ", "é", "", "a\tb"] {
            let typed = name("label", raw).unwrap();
            assert_eq!(received_name(&typed), typed);
        }
    }

    #[test]
    fn received_groups_are_capped() {
        let many: Vec<String> = (0..100).map(|i| format!("g{i}")).collect();
        assert_eq!(received_groups(&many).len(), MAX_GROUPS);
        assert_eq!(
            received_groups(&["y".repeat(100)])[0].chars().count(),
            MAX_GROUP_CHARS
        );
    }

    #[test]
    fn the_oldest_tombstones_are_forgotten() {
        let t = |i: u32| Tombstone {
            id: AccountId([(i % 251) as u8; 16]),
            deleted: Hlc {
                wall_ms: i as u64,
                counter: 0,
                node: crate::hlc::DeviceId(1),
            },
        };
        let mut v: Vec<Tombstone> = (0..MAX_TOMBSTONES as u32 + 500).rev().map(t).collect();
        cap_tombstones(&mut v);
        assert_eq!(v.len(), MAX_TOMBSTONES);
        assert_eq!(v[0].deleted.wall_ms, MAX_TOMBSTONES as u64 + 499);
        assert_eq!(v.last().unwrap().deleted.wall_ms, 500);
    }

    #[test]
    fn every_capped_account_fits_many_times_over() {
        // 100 worst-case accounts (each with eight 4096-character losing notes, issue 11) plus
        // the full tombstone cap fit the budget.
        const {
            assert!(
                100 * MAX_ACCOUNT_BYTES_BOUND + MAX_TOMBSTONES * TOMBSTONE_BYTES_BOUND
                    < MAX_CONTENTS_BYTES
            )
        };
    }
}
