//! Owns the per-field sync clocks of an account: one stamp and base per field, and the losing
//! values of concurrent edits (conflicts) that sync keeps for the user to see.

use zeroize::Zeroizing;

use super::{Account, Note};
use crate::hlc::{DeviceId, Hlc};
use crate::otp::OtpParams;
use crate::secret::Secret;

/// A part of an account that sync merges on its own. `Counter` (HOTP) merges by maximum and
/// never conflicts; `Params` is kind, algorithm, digits and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Field {
    /// The issuer.
    Issuer = 0,
    /// The label.
    Label = 1,
    /// The secret key.
    Secret = 2,
    /// Kind, algorithm, digits and period.
    Params = 3,
    /// The HOTP counter.
    Counter = 4,
    /// The note.
    Note = 5,
    /// The groups.
    Groups = 6,
}

impl Field {
    /// Every field, in stamp order.
    pub const ALL: [Field; 7] = [
        Field::Issuer,
        Field::Label,
        Field::Secret,
        Field::Params,
        Field::Counter,
        Field::Note,
        Field::Groups,
    ];

    /// The lower-case name used in reports, the CLI and `docs/vault.md`.
    pub fn as_str(self) -> &'static str {
        [
            "issuer", "label", "secret", "params", "counter", "note", "groups",
        ][self as usize]
    }

    /// The field of a stored code (its `as usize` value).
    pub fn from_code(code: u8) -> Option<Field> {
        Field::ALL.get(code as usize).copied()
    }
}

/// When a field got its value (`stamp`), and the newest stamp any of its writers had replaced
/// (`base`): a losing value newer than the winner's base was written concurrently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldStamp {
    /// When the current value was written.
    pub stamp: Hlc,
    /// The newest stamp the writers of the values merged here had overwritten.
    pub base: Hlc,
}

/// Most conflicts kept per account (the newest; older ones are forgotten the same way on every
/// device).
pub const MAX_CONFLICTS: usize = 8;

/// The sync clocks of an account: one [`FieldStamp`] per [`Field`], the conflicts kept, and
/// the stamp up to which the user cleared conflicts (merged by maximum, so clearing syncs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldClocks {
    /// Indexed by `Field as usize`.
    pub stamps: [FieldStamp; 7],
    /// Losing values of concurrent edits, newest first, at most [`MAX_CONFLICTS`].
    pub conflicts: Vec<Conflict>,
    /// Conflicts stamped at or before this were dismissed.
    pub cleared: Hlc,
}

impl FieldClocks {
    /// Every field written at `t`, nothing replaced, no conflict (new accounts, and accounts
    /// read from formats without field stamps).
    pub fn uniform(t: Hlc) -> FieldClocks {
        let zero = Hlc::zero(DeviceId(0));
        FieldClocks {
            stamps: [FieldStamp {
                stamp: t,
                base: zero,
            }; 7],
            conflicts: Vec::new(),
            cleared: zero,
        }
    }

    /// The newest field stamp (what `Account::updated` is).
    pub fn newest(&self) -> Hlc {
        self.stamps
            .iter()
            .map(|s| s.stamp)
            .max()
            .unwrap_or(self.cleared)
    }

    /// Every stamp held (for bounding received clocks).
    pub fn all_stamps(&self) -> impl Iterator<Item = Hlc> + '_ {
        self.stamps
            .iter()
            .flat_map(|s| [s.stamp, s.base])
            .chain(self.conflicts.iter().map(|c| c.stamp))
            .chain([self.cleared])
    }
}

/// A value that lost a concurrent edit: which field, the value, and when (and so on which
/// device, `stamp.node`) it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The field.
    pub field: Field,
    /// The losing value.
    pub value: ConflictValue,
    /// When it was written.
    pub stamp: Hlc,
}

/// A losing value. Secrets and notes stay in their wiped, redacted types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictValue {
    /// An issuer or a label.
    Text(String),
    /// A secret key.
    Secret(Secret),
    /// OTP parameters (the counter part is not used).
    Params(OtpParams),
    /// A note, or none.
    Note(Option<Note>),
    /// Groups.
    Groups(Vec<String>),
}

impl ConflictValue {
    /// The current value of `field` in `a` (`Counter` gives its parameters).
    pub fn of(a: &Account, field: Field) -> ConflictValue {
        let c = &a.credential;
        match field {
            Field::Issuer => ConflictValue::Text(c.issuer.clone()),
            Field::Label => ConflictValue::Text(c.label.clone()),
            Field::Secret => ConflictValue::Secret(c.secret.clone()),
            Field::Params | Field::Counter => ConflictValue::Params(OtpParams {
                counter: 0,
                ..c.params
            }),
            Field::Note => ConflictValue::Note(a.note.clone()),
            Field::Groups => ConflictValue::Groups(a.groups.clone()),
        }
    }

    /// Bytes that order values deterministically (wiped on drop).
    pub fn order_key(&self) -> Zeroizing<Vec<u8>> {
        let mut k = Zeroizing::new(Vec::new());
        match self {
            ConflictValue::Text(t) => k.extend_from_slice(t.as_bytes()),
            ConflictValue::Secret(s) => k.extend_from_slice(s.expose_bytes()),
            ConflictValue::Params(p) => k.extend_from_slice(
                format!(
                    "{}/{}/{}/{}",
                    p.kind.as_str(),
                    p.algorithm.as_str(),
                    p.digits,
                    p.period
                )
                .as_bytes(),
            ),
            ConflictValue::Note(n) => {
                if let Some(n) = n {
                    k.push(1);
                    k.extend_from_slice(n.expose().as_bytes());
                }
            }
            ConflictValue::Groups(g) => {
                for x in g {
                    k.extend_from_slice(x.as_bytes());
                    k.push(0);
                }
            }
        }
        k
    }

    /// Short text for reports and the CLI; the note and secret are shown only on request
    /// (`reveal`), otherwise as their length.
    pub fn describe(&self, reveal: bool) -> Zeroizing<String> {
        Zeroizing::new(match self {
            ConflictValue::Text(t) => format!("{t:?}"),
            ConflictValue::Secret(s) if reveal => s.to_base32().to_string(),
            ConflictValue::Secret(_) => "another secret key".into(),
            ConflictValue::Params(p) => {
                format!(
                    "{} {} {} digits {} s",
                    p.kind.as_str(),
                    p.algorithm.as_str(),
                    p.digits,
                    p.period
                )
            }
            ConflictValue::Note(None) => "no note".into(),
            ConflictValue::Note(Some(n)) if reveal => format!("{:?}", n.expose()),
            ConflictValue::Note(Some(n)) => {
                format!("a note of {} characters", n.expose().chars().count())
            }
            ConflictValue::Groups(g) => format!("{g:?}"),
        })
    }
}
