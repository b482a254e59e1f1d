//! Owns the JSON of an account's sync clocks inside the vault contents: per-field stamps and
//! bases, kept conflicts and the clearing stamp (docs/vault.md). Absent in older vaults.

use serde::{Deserialize, Serialize, Serializer};
use zeroize::Zeroizing;

use crate::account::{Conflict, ConflictValue, Field, FieldClocks, FieldStamp, Note};
use crate::hlc::{DeviceId, Hlc};
use crate::otp::{Algorithm, OtpKind, OtpParams};
use crate::secret::Secret;

/// `[stamp, base]` per field, in [`Field`] order.
pub(super) fn stamps_out(f: &FieldClocks) -> Vec<[String; 2]> {
    f.stamps
        .iter()
        .map(|s| [s.stamp.to_string(), s.base.to_string()])
        .collect()
}

struct Wiped<'a>(&'a str);
impl Serialize for Wiped<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

/// A kept conflict: `{"field":"note","stamp":"…","value":…}`; the value is a string (issuer,
/// label, base32 secret, note), `null` (no note), a list (groups) or
/// `"totp/SHA1/6/30"` (parameters).
pub(super) struct ConflictOut<'a>(pub &'a Conflict);

impl Serialize for ConflictOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let c = self.0;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("field", c.field.as_str())?;
        m.serialize_entry("stamp", &c.stamp.to_string())?;
        match &c.value {
            ConflictValue::Text(t) => m.serialize_entry("value", t)?,
            ConflictValue::Secret(x) => m.serialize_entry("value", &Wiped(&x.to_base32()))?,
            ConflictValue::Params(p) => m.serialize_entry(
                "value",
                &format!(
                    "{}/{}/{}/{}",
                    p.kind.as_str(),
                    p.algorithm.as_str(),
                    p.digits,
                    p.period
                ),
            )?,
            ConflictValue::Note(n) => {
                m.serialize_entry("value", &n.as_ref().map(|n| Wiped(n.expose())))?
            }
            ConflictValue::Groups(g) => m.serialize_entry("value", g)?,
        }
        m.end()
    }
}

/// A value read back: text (wiped when dropped), null, or a list of group names.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum ValueIn {
    Text(WipedString),
    List(Vec<String>),
}

pub(super) struct WipedString(Zeroizing<String>);
impl<'de> Deserialize<'de> for WipedString {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(WipedString(Zeroizing::new(String::deserialize(d)?)))
    }
}

#[derive(Deserialize)]
pub(super) struct ConflictIn {
    field: String,
    stamp: String,
    value: Option<ValueIn>,
}

fn params_from(text: &str) -> Option<OtpParams> {
    let mut it = text.split('/');
    let kind = match it.next()? {
        "totp" => OtpKind::Totp,
        "hotp" => OtpKind::Hotp,
        "steam" => OtpKind::Steam,
        _ => return None,
    };
    let p = OtpParams {
        kind,
        algorithm: Algorithm::parse(it.next()?)?,
        digits: it.next()?.parse().ok()?,
        period: it.next()?.parse().ok()?,
        counter: 0,
    };
    (it.next().is_none() && p.validate().is_ok()).then_some(p)
}

fn conflict_from(c: ConflictIn) -> Option<Conflict> {
    let field = Field::ALL.into_iter().find(|f| f.as_str() == c.field)?;
    let text = |v: Option<ValueIn>| match v {
        Some(ValueIn::Text(t)) => Some(t.0),
        _ => None,
    };
    let value = match field {
        Field::Issuer | Field::Label => ConflictValue::Text(text(c.value)?.to_string()),
        Field::Secret => ConflictValue::Secret(Secret::parse_base32(&text(c.value)?).ok()?),
        Field::Params => ConflictValue::Params(params_from(&text(c.value)?)?),
        Field::Note => ConflictValue::Note(match c.value {
            None => None,
            Some(ValueIn::Text(t)) => Some(Note::new(&t.0).ok()?),
            Some(ValueIn::List(_)) => return None,
        }),
        Field::Groups => match c.value {
            Some(ValueIn::List(g)) => ConflictValue::Groups(g),
            _ => return None,
        },
        Field::Counter => return None,
    };
    Some(Conflict {
        field,
        value,
        stamp: c.stamp.parse().ok()?,
    })
}

/// The clocks from their JSON; a vault written before field stamps gets every field stamped
/// `updated` (nothing replaced, no conflict). `None` when anything is malformed.
pub(super) fn fields_from_json(
    stamps: Option<Vec<[String; 2]>>,
    conflicts: Vec<ConflictIn>,
    cleared: Option<String>,
    updated: Hlc,
) -> Option<FieldClocks> {
    let mut f = FieldClocks::uniform(updated);
    if let Some(stamps) = stamps {
        if stamps.len() != f.stamps.len() {
            return None;
        }
        for (slot, [stamp, base]) in f.stamps.iter_mut().zip(stamps) {
            *slot = FieldStamp {
                stamp: stamp.parse().ok()?,
                base: base.parse().ok()?,
            };
        }
    }
    if conflicts.len() > crate::account::MAX_CONFLICTS {
        return None;
    }
    for c in conflicts {
        f.conflicts.push(conflict_from(c)?);
    }
    f.cleared = match cleared {
        Some(c) => c.parse().ok()?,
        None => Hlc::zero(DeviceId(0)),
    };
    Some(f)
}
