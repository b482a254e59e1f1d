//! Owns the per-field join of two versions of one account: the higher stamp wins each field,
//! HOTP counters take the maximum, and a concurrent loser is kept as a conflict. Rules in
//! `docs/sync.md` §2.2.

use std::cmp::Ordering;

use crate::account::{Account, Conflict, ConflictValue, Field, FieldStamp, MAX_CONFLICTS};
use crate::hlc::Hlc;

/// Sets `field` of `a` to `value` (a value of the kind [`ConflictValue::of`] gives).
fn set(a: &mut Account, field: Field, value: ConflictValue) {
    let c = &mut a.credential;
    match (field, value) {
        (Field::Issuer, ConflictValue::Text(t)) => c.issuer = t,
        (Field::Label, ConflictValue::Text(t)) => c.label = t,
        (Field::Secret, ConflictValue::Secret(s)) => c.secret = s,
        (Field::Params, ConflictValue::Params(p)) => {
            c.params = crate::otp::OtpParams {
                counter: c.params.counter,
                ..p
            }
        }
        (Field::Note, ConflictValue::Note(n)) => a.note = n,
        (Field::Groups, ConflictValue::Groups(g)) => a.groups = g,
        // `of` and `set` agree on kinds; the counter is not a register.
        _ => {}
    }
}

/// The order of two versions of a field: stamp, then value (equal stamps with different values
/// only come from a broken or hostile device; the choice is still the same everywhere).
fn order(sa: &Hlc, va: &ConflictValue, sb: &Hlc, vb: &ConflictValue) -> Ordering {
    sa.cmp(sb)
        .then_with(|| va.order_key().as_slice().cmp(vb.order_key().as_slice()))
}

/// The order conflicts are kept in: newest first, then field, then value.
fn conflict_order(a: &Conflict, b: &Conflict) -> Ordering {
    order(&b.stamp, &b.value, &a.stamp, &a.value).then(a.field.cmp(&b.field))
}

/// Joins two versions of the same account (same id). Commutative, associative and idempotent:
/// the result depends only on the set of versions joined (see `docs/sync.md` §2.2).
pub(super) fn join(a: &Account, b: &Account) -> Account {
    let mut out = a.clone();
    let mut conflicts: Vec<Conflict> = a
        .fields
        .conflicts
        .iter()
        .chain(&b.fields.conflicts)
        .cloned()
        .collect();
    for field in Field::ALL {
        let (sa, sb) = (a.field_stamp(field), b.field_stamp(field));
        let base = sa.base.max(sb.base);
        if field == Field::Counter {
            out.credential.params.counter =
                a.credential.params.counter.max(b.credential.params.counter);
            out.fields.stamps[field as usize] = FieldStamp {
                stamp: sa.stamp.max(sb.stamp),
                base,
            };
            continue;
        }
        let (va, vb) = (ConflictValue::of(a, field), ConflictValue::of(b, field));
        let (win, win_v, lose, lose_v) = match order(&sa.stamp, &va, &sb.stamp, &vb) {
            Ordering::Less => (sb.stamp, vb, sa.stamp, va),
            _ => (sa.stamp, va, sb.stamp, vb),
        };
        if lose != win || lose_v != win_v {
            conflicts.push(Conflict {
                field,
                value: lose_v,
                stamp: lose,
            });
        }
        set(&mut out, field, win_v);
        out.fields.stamps[field as usize] = FieldStamp { stamp: win, base };
    }
    out.created = a.created.max(b.created);
    out.fields.cleared = a.fields.cleared.max(b.fields.cleared);
    out.fields.conflicts = conflicts;
    settle(&mut out, None);
    out
}

/// Keeps only the conflicts that are still open: newer than every base of their field (no
/// writer had seen them), than the clearing stamp and than `covered` (what a delete had seen);
/// not the current value itself; deduplicated; the newest [`MAX_CONFLICTS`]. Sets `updated`.
pub(super) fn settle(a: &mut Account, covered: Option<Hlc>) {
    let cleared = a.fields.cleared.max(covered.unwrap_or(a.fields.cleared));
    let stamps = a.fields.stamps;
    let current: Vec<ConflictValue> = Field::ALL
        .iter()
        .map(|f| ConflictValue::of(a, *f))
        .collect();
    let mut list = std::mem::take(&mut a.fields.conflicts);
    list.retain(|c| {
        let s = stamps[c.field as usize];
        c.field != Field::Counter
            && c.stamp > s.base
            && c.stamp > cleared
            && !(c.stamp == s.stamp && c.value == current[c.field as usize])
    });
    list.sort_by(conflict_order);
    list.dedup_by(|x, y| conflict_order(x, y) == Ordering::Equal);
    list.truncate(MAX_CONFLICTS);
    a.fields.conflicts = list;
    a.updated = a.fields.newest();
}
