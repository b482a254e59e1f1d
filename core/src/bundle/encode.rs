//! Writes a [`Bundle`] as bytes: string table, column-ordered fields, then DEFLATE when smaller.

use zeroize::Zeroizing;

use crate::otp::OtpKind;

use super::wire::{alg_code, kind_code, put_bytes, put_varint};
use super::{
    Bundle, BUNDLE_VERSION, CODEC_DEFLATE, CODEC_RAW, FLAG_FIELDS, FLAG_IDENTITY, FLAG_MEMBERS,
    FLAG_SYNC,
};

/// Encodes a bundle (codec byte, then raw or DEFLATE-compressed body, whichever is smaller).
pub fn encode(bundle: &Bundle) -> Zeroizing<Vec<u8>> {
    let mut table: Vec<String> = Vec::new();
    let mut lookup = |s: &str| -> u64 {
        if let Some(p) = table.iter().position(|t| t == s) {
            p as u64
        } else {
            table.push(s.to_string());
            (table.len() - 1) as u64
        }
    };
    let issuer_idx: Vec<u64> = bundle
        .accounts
        .iter()
        .map(|a| lookup(&a.credential.issuer))
        .collect();
    let group_idx: Vec<Vec<u64>> = bundle
        .accounts
        .iter()
        .map(|a| a.groups.iter().map(|g| lookup(g)).collect())
        .collect();
    let with_identity =
        bundle.accounts.iter().all(|a| a.identity.is_some()) && !bundle.accounts.is_empty();

    let mut b = Zeroizing::new(Vec::new());
    b.push(BUNDLE_VERSION);
    let mut flags = 0;
    if bundle.sync.is_some() {
        flags |= FLAG_SYNC;
    }
    if with_identity {
        flags |= FLAG_IDENTITY;
    }
    let with_fields = with_identity
        && bundle
            .accounts
            .iter()
            .any(|a| a.identity.as_ref().is_some_and(|i| i.fields.is_some()));
    if with_fields {
        flags |= FLAG_FIELDS;
    }
    if bundle.sync.as_ref().is_some_and(|s| s.members.is_some()) {
        flags |= FLAG_MEMBERS;
    }
    b.push(flags);
    if let Some(s) = &bundle.sync {
        b.extend_from_slice(&s.group_id);
        b.extend_from_slice(&s.key[..]);
        if let Some(m) = &s.members {
            put_bytes(&mut b, m);
        }
    }
    put_varint(&mut b, table.len() as u64);
    for s in &table {
        put_bytes(&mut b, s.as_bytes());
    }
    put_varint(&mut b, bundle.accounts.len() as u64);
    // Column order: similar data sits together, which DEFLATE rewards.
    for i in &issuer_idx {
        put_varint(&mut b, *i);
    }
    for a in &bundle.accounts {
        put_bytes(&mut b, a.credential.label.as_bytes());
    }
    for a in &bundle.accounts {
        let p = &a.credential.params;
        b.push(kind_code(p.kind) << 4 | alg_code(p.algorithm));
        b.push(p.digits);
        put_varint(&mut b, p.period as u64);
        if p.kind == OtpKind::Hotp {
            put_varint(&mut b, p.counter);
        }
    }
    for a in &bundle.accounts {
        put_bytes(&mut b, a.credential.secret.expose_bytes());
    }
    for (a, groups) in bundle.accounts.iter().zip(&group_idx) {
        match &a.note {
            Some(n) => put_bytes(&mut b, n.as_bytes()),
            None => put_varint(&mut b, 0),
        }
        put_varint(&mut b, groups.len() as u64);
        for g in groups {
            put_varint(&mut b, *g);
        }
    }
    if with_identity {
        let mut nodes: Vec<u64> = Vec::new();
        for a in &bundle.accounts {
            let id = a.identity.as_ref().expect("checked above");
            for n in [id.created.node, id.updated.node] {
                if !nodes.contains(&n) {
                    nodes.push(n);
                }
            }
        }
        put_varint(&mut b, nodes.len() as u64);
        for n in &nodes {
            b.extend_from_slice(&n.to_be_bytes());
        }
        for a in &bundle.accounts {
            b.extend_from_slice(&a.identity.as_ref().expect("checked above").id);
        }
        for a in &bundle.accounts {
            let id = a.identity.as_ref().expect("checked above");
            for s in [id.updated, id.created] {
                put_varint(&mut b, s.wall_ms);
                put_varint(&mut b, s.counter as u64);
                put_varint(
                    &mut b,
                    nodes.iter().position(|n| *n == s.node).unwrap_or(0) as u64,
                );
            }
        }
    }
    if with_fields {
        // Identities without field clocks: every field changed at `updated`.
        let uniform: Vec<crate::account::FieldClocks> = bundle
            .accounts
            .iter()
            .map(|a| {
                let id = a.identity.as_ref().expect("checked above");
                crate::account::FieldClocks::uniform(id.updated.into())
            })
            .collect();
        let fields: Vec<&crate::account::FieldClocks> = bundle
            .accounts
            .iter()
            .zip(&uniform)
            .map(|(a, u)| {
                a.identity
                    .as_ref()
                    .and_then(|i| i.fields.as_ref())
                    .unwrap_or(u)
            })
            .collect();
        super::fields::put_fields(&mut b, &fields);
    }
    let compressed = miniz_oxide::deflate::compress_to_vec(&b, 10);
    let mut out = Zeroizing::new(Vec::with_capacity(b.len() + 1));
    if compressed.len() < b.len() {
        out.push(CODEC_DEFLATE);
        out.extend_from_slice(&compressed);
    } else {
        out.push(CODEC_RAW);
        out.extend_from_slice(&b);
    }
    let mut compressed = compressed;
    zeroize::Zeroize::zeroize(&mut compressed);
    out
}
