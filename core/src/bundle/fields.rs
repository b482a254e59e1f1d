//! Owns the bundle's optional field-clock section (flag 4, after the identities): per-field
//! stamps and bases, kept conflicts and the clearing stamp of every account, so a `--sync`
//! transfer or a replica carries the per-field merge state (docs/transfer.md §6).

use crate::account::{Conflict, ConflictValue, Field, FieldClocks, FieldStamp, Note};
use crate::hlc::{DeviceId, Hlc};
use crate::otp::{Algorithm, OtpKind, OtpParams};
use crate::secret::Secret;

use super::wire::{alg_code, kind_code, put_bytes, put_varint, Reader};
use super::BundleError;

/// Stamps per account in the section: stamp and base of each field, then the clearing stamp.
const STAMPS_PER_ACCOUNT: usize = 2 * Field::ALL.len() + 1;

fn stamps_of(f: &FieldClocks) -> impl Iterator<Item = Hlc> + '_ {
    f.stamps
        .iter()
        .flat_map(|s| [s.stamp, s.base])
        .chain([f.cleared])
        .chain(f.conflicts.iter().map(|c| c.stamp))
}

/// Writes the section for `fields` (one per account, in order).
pub(super) fn put_fields(b: &mut Vec<u8>, fields: &[&FieldClocks]) {
    let mut table: Vec<Hlc> = Vec::new();
    let mut nodes: Vec<u64> = Vec::new();
    for f in fields {
        for s in stamps_of(f) {
            if !table.contains(&s) {
                table.push(s);
            }
            if !nodes.contains(&s.node.0) {
                nodes.push(s.node.0);
            }
        }
    }
    let index = |s: &Hlc| table.iter().position(|t| t == s).unwrap_or(0) as u64;
    put_varint(b, nodes.len() as u64);
    for n in &nodes {
        b.extend_from_slice(&n.to_be_bytes());
    }
    put_varint(b, table.len() as u64);
    for s in &table {
        put_varint(b, s.wall_ms);
        put_varint(b, s.counter as u64);
        put_varint(
            b,
            nodes.iter().position(|n| *n == s.node.0).unwrap_or(0) as u64,
        );
    }
    for f in fields {
        for s in f
            .stamps
            .iter()
            .flat_map(|s| [s.stamp, s.base])
            .chain([f.cleared])
        {
            put_varint(b, index(&s));
        }
        put_varint(b, f.conflicts.len() as u64);
        for c in &f.conflicts {
            b.push(c.field as u8);
            put_varint(b, index(&c.stamp));
            match &c.value {
                ConflictValue::Text(t) => put_bytes(b, t.as_bytes()),
                ConflictValue::Secret(s) => put_bytes(b, s.expose_bytes()),
                ConflictValue::Params(p) => {
                    b.push(kind_code(p.kind) << 4 | alg_code(p.algorithm));
                    b.push(p.digits);
                    put_varint(b, p.period as u64);
                }
                ConflictValue::Note(None) => b.push(0),
                ConflictValue::Note(Some(n)) => {
                    b.push(1);
                    put_bytes(b, n.expose().as_bytes());
                }
                ConflictValue::Groups(g) => {
                    put_varint(b, g.len() as u64);
                    for x in g {
                        put_bytes(b, x.as_bytes());
                    }
                }
            }
        }
    }
}

fn params(r: &mut Reader) -> Result<OtpParams, BundleError> {
    let bad = BundleError::InvalidField("conflict parameters");
    let ka = r.u8()?;
    let kind = match ka >> 4 {
        0 => OtpKind::Totp,
        1 => OtpKind::Hotp,
        2 => OtpKind::Steam,
        _ => return Err(bad),
    };
    let algorithm = match ka & 0x0f {
        0 => Algorithm::Sha1,
        1 => Algorithm::Sha256,
        2 => Algorithm::Sha512,
        _ => return Err(bad),
    };
    let digits = r.u8()?;
    let period = u32::try_from(r.varint()?).map_err(|_| bad.clone())?;
    let p = OtpParams {
        kind,
        algorithm,
        digits,
        period,
        counter: 0,
    };
    p.validate().map_err(|_| bad)?;
    Ok(p)
}

/// Reads the section for `n` accounts; every count is bounded before it is allocated.
pub(super) fn read_fields(r: &mut Reader, n: usize) -> Result<Vec<FieldClocks>, BundleError> {
    let most = n
        .saturating_mul(STAMPS_PER_ACCOUNT + crate::account::MAX_CONFLICTS)
        .saturating_add(1);
    let nn = r.count()?;
    if nn > most {
        return Err(BundleError::InvalidField("node count"));
    }
    let mut nodes = Vec::with_capacity(nn);
    for _ in 0..nn {
        nodes.push(u64::from_be_bytes(
            r.take(8)?.try_into().map_err(|_| BundleError::Truncated)?,
        ));
    }
    let ns = r.count()?;
    if ns > most {
        return Err(BundleError::InvalidField("stamp count"));
    }
    let mut table = Vec::with_capacity(ns);
    for _ in 0..ns {
        let wall_ms = r.varint()?;
        let counter =
            u32::try_from(r.varint()?).map_err(|_| BundleError::InvalidField("counter"))?;
        let node = *nodes
            .get(r.varint()? as usize)
            .ok_or(BundleError::InvalidField("node index"))?;
        table.push(Hlc {
            wall_ms,
            counter,
            node: DeviceId(node),
        });
    }
    let stamp = |r: &mut Reader| -> Result<Hlc, BundleError> {
        table
            .get(r.varint()? as usize)
            .copied()
            .ok_or(BundleError::InvalidField("stamp index"))
    };
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut f = FieldClocks::uniform(Hlc::zero(DeviceId(0)));
        for s in f.stamps.iter_mut() {
            *s = FieldStamp {
                stamp: stamp(r)?,
                base: stamp(r)?,
            };
        }
        f.cleared = stamp(r)?;
        let nc = r.count()?;
        if nc > crate::account::MAX_CONFLICTS {
            return Err(BundleError::InvalidField("conflict count"));
        }
        for _ in 0..nc {
            let field = Field::from_code(r.u8()?)
                .filter(|f| *f != Field::Counter)
                .ok_or(BundleError::InvalidField("conflict field"))?;
            let at = stamp(r)?;
            let value = match field {
                Field::Issuer | Field::Label => ConflictValue::Text(r.string()?),
                Field::Secret => ConflictValue::Secret(
                    Secret::from_bytes(r.bytes()?.to_vec())
                        .map_err(|_| BundleError::InvalidField("conflict secret"))?,
                ),
                Field::Params => ConflictValue::Params(params(r)?),
                Field::Note => ConflictValue::Note(match r.u8()? {
                    0 => None,
                    1 => {
                        let text = zeroize::Zeroizing::new(r.string()?);
                        Some(
                            Note::new(&text)
                                .map_err(|_| BundleError::InvalidField("conflict note"))?,
                        )
                    }
                    _ => return Err(BundleError::InvalidField("conflict note")),
                }),
                Field::Groups | Field::Counter => {
                    ConflictValue::Groups(r.strings(crate::account::MAX_GROUPS, "conflict groups")?)
                }
            };
            f.conflicts.push(Conflict {
                field,
                value,
                stamp: at,
            });
        }
        out.push(f);
    }
    Ok(out)
}
