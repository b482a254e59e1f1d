//! Owns plain-text exports: one `otpauth://` URI per line (Kulcs's own list, Ente Auth's
//! plain export, Aegis's and others' text exports). Blank lines are skipped; any other line
//! is a refused entry, so a half-broken file shows what it lost.

use super::entry::{collect, from_uri, Extras};
use super::{ImportedFile, Source};

/// True when at least one line is an otpauth URI.
pub(super) fn is_otpauth_list(text: &str) -> bool {
    text.lines().any(crate::otpauth::is_otpauth)
}

/// Reads the URI list (line numbers name refused lines).
pub(super) fn read(text: &str) -> ImportedFile {
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (accounts, not_importable) =
        collect(lines.map(|(n, l)| from_uri(l, &format!("line {}", n + 1), Extras::default())));
    ImportedFile {
        source: Source::OtpauthList,
        accounts,
        not_importable,
    }
}
