//! Issue 10, finding 9: counts in a received bundle (what a sync replica and a transfer carry)
//! are bounded before anything is allocated. A counting allocator records the largest single
//! allocation while a few kilobytes of DEFLATE claim millions of accounts.

use kulcs_core::bundle;

use crate::support::alloc::largest_during;

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// A DEFLATE bundle claiming `n` accounts (and `n` table strings), followed by `n` zero bytes.
fn bomb(n: u64, strings: bool) -> Vec<u8> {
    let mut body = vec![bundle::BUNDLE_VERSION, 0];
    if strings {
        varint(&mut body, n);
    } else {
        varint(&mut body, 0);
        varint(&mut body, n);
    }
    body.resize(body.len() + n as usize, 0);
    let mut out = vec![1u8]; // DEFLATE codec
    out.extend(miniz_oxide::deflate::compress_to_vec(&body, 10));
    out
}

#[test]
fn a_small_bundle_claiming_millions_of_accounts_allocates_little() {
    for strings in [false, true] {
        let n = 7_000_000;
        let data = bomb(n, strings);
        assert!(data.len() < 64 * 1024, "{} bytes", data.len());
        let (r, largest) = largest_during(|| bundle::decode(&data));
        assert!(r.is_err());
        // Inflating the body itself needs about n bytes; a per-account reservation needs 24n+.
        assert!(
            largest <= 2 * n as usize,
            "strings={strings}: largest allocation {largest} bytes for a {}-byte input",
            data.len()
        );
    }
}
