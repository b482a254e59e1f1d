//! Owns the contents of a replica inside its encryption: the publisher's clock, the accounts
//! (as a bundle with sync identities and, in body v2, field clocks) and the tombstones. Spec in
//! `docs/sync.md` §2.

use zeroize::Zeroizing;

use crate::account::{Account, AccountId, FieldClocks, Note};
use crate::bundle::{self, Bundle, BundleAccount, WireIdentity, WireStamp};
use crate::credential::Credential;
use crate::hlc::{DeviceId, Hlc};

use super::merge::{ReplicaData, SyncTombstone};
use super::SyncError;

impl From<Hlc> for WireStamp {
    fn from(h: Hlc) -> Self {
        WireStamp {
            wall_ms: h.wall_ms,
            counter: h.counter,
            node: h.node.0,
        }
    }
}

impl From<WireStamp> for Hlc {
    fn from(s: WireStamp) -> Self {
        Hlc {
            wall_ms: s.wall_ms,
            counter: s.counter,
            node: DeviceId(s.node),
        }
    }
}

/// An account as a bundle entry with its sync identity.
pub fn to_bundle_account(a: &Account) -> BundleAccount {
    BundleAccount {
        credential: a.credential.clone(),
        note: a.note.as_ref().map(|n| n.to_zeroizing()),
        groups: a.groups.clone(),
        identity: Some(WireIdentity {
            id: a.id.0,
            created: a.created.into(),
            updated: a.updated.into(),
            fields: Some(a.fields.clone()),
        }),
    }
}

/// A bundle entry with an identity back to an account (`None` without identity or with an
/// over-long note). Names and groups are brought within the rules every received account
/// passes ([`crate::validate::repair_account`]: control and bidi characters removed, lengths
/// and counts cut), so what is installed always reopens.
pub fn from_bundle_account(b: BundleAccount) -> Option<Account> {
    let identity = b.identity?;
    let note = match &b.note {
        Some(n) => Some(Note::new(n).ok()?),
        None => None,
    };
    let updated: Hlc = identity.updated.into();
    let mut account = Account {
        id: AccountId(identity.id),
        credential: Credential { ..b.credential },
        note,
        groups: b.groups,
        created: identity.created.into(),
        updated,
        fields: identity
            .fields
            .unwrap_or_else(|| FieldClocks::uniform(updated)),
    };
    account.updated = account.fields.newest();
    crate::validate::repair_account(&mut account);
    Some(account)
}

fn put_hlc(out: &mut Vec<u8>, h: &Hlc) {
    out.extend_from_slice(&h.wall_ms.to_be_bytes());
    out.extend_from_slice(&h.counter.to_be_bytes());
    out.extend_from_slice(&h.node.0.to_be_bytes());
}

/// Reads a replica body front to back with checked offsets: no `pos + len` can wrap, even
/// where `usize` is 32 bits (issue 10, finding 9).
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.take(8)?.try_into().ok()?))
    }
    fn hlc(&mut self) -> Option<Hlc> {
        Some(Hlc {
            wall_ms: self.u64()?,
            counter: self.u32()?,
            node: DeviceId(self.u64()?),
        })
    }
}

/// Bytes of one tombstone in a replica body: id, deleted, seen.
const TOMBSTONE_LEN: usize = 16 + 20 + 20;

/// The plaintext of a replica (body v2): the publisher's clock, its accounts with their field
/// clocks and its tombstones.
pub(super) fn encode_body(clock: &Hlc, data: &ReplicaData) -> Zeroizing<Vec<u8>> {
    let accounts: Vec<BundleAccount> = data.accounts.values().map(to_bundle_account).collect();
    let encoded = bundle::encode(&Bundle {
        accounts,
        sync: None,
    });
    let mut out = Zeroizing::new(Vec::with_capacity(encoded.len() + 64));
    put_hlc(&mut out, clock);
    out.extend_from_slice(&(encoded.len() as u32).to_be_bytes());
    out.extend_from_slice(&encoded);
    out.extend_from_slice(&(data.tombstones.len() as u32).to_be_bytes());
    for t in data.tombstones.values() {
        out.extend_from_slice(&t.id.0);
        put_hlc(&mut out, &t.deleted);
        put_hlc(&mut out, &t.seen);
    }
    out
}

/// Reads a body v2 (what [`encode_body`] writes; a v1 body, without field clocks, reads too).
/// Every count is checked against the bytes there.
pub(super) fn decode_body(b: &[u8]) -> Result<(Hlc, ReplicaData), SyncError> {
    decode(b, true)
}

/// Reads a body v1 (replicas written before field clocks): every field of its accounts counts
/// as changed at the account's `updated`. Field clocks in it are refused as malformed. The
/// envelope (`replica.rs`) picks it for envelopes of the old version.
#[cfg_attr(not(test), allow(dead_code))]
pub(super) fn decode_body_v1(b: &[u8]) -> Result<(Hlc, ReplicaData), SyncError> {
    decode(b, false)
}

fn decode(b: &[u8], v2: bool) -> Result<(Hlc, ReplicaData), SyncError> {
    let bad = || SyncError::Malformed {
        what: "replica contents",
    };
    let mut r = Cursor { data: b, pos: 0 };
    let clock = r.hlc().ok_or_else(bad)?;
    let len = usize::try_from(r.u32().ok_or_else(bad)?).map_err(|_| bad())?;
    let enc = r.take(len).ok_or_else(bad)?;
    let mut accounts = Vec::new();
    if len > 0 {
        let decoded = bundle::decode(enc).map_err(|_| bad())?;
        for a in decoded.accounts {
            if !v2 && a.identity.as_ref().is_some_and(|i| i.fields.is_some()) {
                return Err(bad());
            }
            accounts.push(from_bundle_account(a).ok_or_else(bad)?);
        }
    }
    let n = usize::try_from(r.u32().ok_or_else(bad)?).map_err(|_| bad())?;
    // The count is checked against the bytes that are really there before anything is
    // allocated for it.
    if n.checked_mul(TOMBSTONE_LEN) != Some(r.remaining()) {
        return Err(bad());
    }
    let mut tombstones = Vec::with_capacity(n);
    for _ in 0..n {
        let id: [u8; 16] = r.take(16).ok_or_else(bad)?.try_into().map_err(|_| bad())?;
        let deleted = r.hlc().ok_or_else(bad)?;
        let seen = r.hlc().ok_or_else(bad)?;
        tombstones.push(SyncTombstone {
            id: AccountId(id),
            deleted,
            seen,
        });
    }
    Ok((clock, ReplicaData::from_parts(accounts, tombstones)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(len: u32, tail: &[u8]) -> Vec<u8> {
        let mut b = Vec::new();
        put_hlc(&mut b, &Hlc::zero(DeviceId(1)));
        b.extend_from_slice(&len.to_be_bytes());
        b.extend_from_slice(tail);
        b
    }

    #[test]
    fn lengths_that_would_wrap_are_refused() {
        // `24 + len` with len = u32::MAX wraps a 32-bit usize.
        assert!(decode_body(&body(u32::MAX, &[0; 8])).is_err());
        // `n * 56` wraps 32 bits for n = 0x0492_4925 (56 n = 2^32 + 24): with 24 bytes left the
        // old check `len == pos + n * 56` held there, and reserving n tombstones panicked.
        let mut tail = 0x0492_4925u32.to_be_bytes().to_vec();
        tail.extend_from_slice(&[0; 24]);
        assert!(decode_body(&body(0, &tail)).is_err());
        assert!(decode_body(&body(0, &u32::MAX.to_be_bytes())).is_err());
        // A cursor at the end of the address space never wraps.
        let data = [0u8; 4];
        let mut c = Cursor {
            data: &data,
            pos: usize::MAX - 1,
        };
        assert!(c.take(4).is_none());
        assert_eq!(c.remaining(), 0);
    }

    #[test]
    fn an_empty_body_decodes() {
        let mut b = body(0, &0u32.to_be_bytes());
        let r = decode_body(&b).unwrap();
        assert!(r.1.accounts.is_empty() && r.1.tombstones.is_empty());
        b.push(0);
        assert!(decode_body(&b).is_err());
    }
}
