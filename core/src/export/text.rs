//! Owns the plain otpauth list: one canonical `otpauth://` URI per line, the format nearly every
//! authenticator imports. It holds every key in plain text (and no notes or groups): shells
//! must warn before writing it.

use zeroize::Zeroizing;

use crate::import::ImportedAccount;
use crate::otpauth;

/// One `otpauth://` URI per entry, each ending with a newline, in a wiped buffer.
pub fn otpauth_list(entries: &[ImportedAccount]) -> Zeroizing<Vec<u8>> {
    let uris: Vec<Zeroizing<String>> = entries
        .iter()
        .map(|e| Zeroizing::new(otpauth::format(&e.credential)))
        .collect();
    let mut out = Zeroizing::new(Vec::with_capacity(uris.iter().map(|u| u.len() + 1).sum()));
    for u in &uris {
        out.extend_from_slice(u.as_bytes());
        out.push(b'\n');
    }
    out
}
