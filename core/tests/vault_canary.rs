//! Canaries: a distinctive secret, issuer, label and note must never appear in any file the
//! vault writes (current file, generations, temp), raw or as base32, base64 or hex, and never in
//! `Debug` output.

use std::path::PathBuf;

use data_encoding::{
    BASE32, BASE32_NOPAD, BASE64, BASE64URL_NOPAD, BASE64_NOPAD, HEXLOWER, HEXUPPER,
};
use kulcs_core::credential::Credential;
use kulcs_core::otp::OtpParams;
use kulcs_core::secret::Secret;
use kulcs_core::vault::{FileKeyStore, Unlock, Vault, VaultOptions};

const NOW: u64 = 1_763_700_000_000;
const ISSUER: &str = "CanaryIssuerQuokka";
const LABEL: &str = "canary.label.wombat@example.org";
const NOTE: &str = "törlőkód canary-note-platypus 9F3K";
const SECRET: &[u8] = b"\x8a\x11canary-secret-bytes\xfe\x07";

/// Every encoding of `needle` an accident could produce, including base64 at all three
/// alignments (a needle embedded in a longer string encodes differently per offset).
fn encodings(needle: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("raw".to_string(), needle.to_vec())];
    for (name, enc) in [
        ("base32", &BASE32),
        ("base32-nopad", &BASE32_NOPAD),
        ("hex", &HEXLOWER),
        ("HEX", &HEXUPPER),
    ] {
        let e = enc.encode(needle);
        out.push((name.into(), e.trim_end_matches('=').as_bytes().to_vec()));
        out.push((
            format!("{name}-lower"),
            e.trim_end_matches('=').to_lowercase().into_bytes(),
        ));
    }
    for (name, enc) in [
        ("base64", &BASE64),
        ("base64-nopad", &BASE64_NOPAD),
        ("base64url", &BASE64URL_NOPAD),
    ] {
        for shift in 0..3 {
            let mut padded = vec![0u8; shift];
            padded.extend_from_slice(needle);
            let e = enc.encode(&padded);
            // Drop the characters touched by the filler and by the tail.
            let start = (shift * 8).div_ceil(6) + 1;
            let end = e.trim_end_matches('=').len().saturating_sub(3);
            out.push((format!("{name}+{shift}"), e.as_bytes()[start..end].to_vec()));
        }
    }
    // JSON escaping of non-ASCII text.
    if let Ok(s) = std::str::from_utf8(needle) {
        let escaped = serde_json::to_string(s).unwrap();
        out.push(("json".into(), escaped.trim_matches('"').as_bytes().to_vec()));
        let ascii: String = s
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    format!("\\u{:04x}", c as u32)
                }
            })
            .collect();
        out.push(("json-ascii".into(), ascii.into_bytes()));
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.len() >= 6 && hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_canary_reaches_the_disk_or_debug_output() {
    let dir = std::env::temp_dir().join(format!("kulcs-canary-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("vault.kulcs");
    let keys = FileKeyStore::new(dir.join("device.key"));
    let mut v = Vault::create_with(&path, &keys, NOW, VaultOptions::testing()).unwrap();
    let secret = Secret::from_bytes(SECRET.to_vec()).unwrap();
    let c = Credential {
        issuer: ISSUER.into(),
        label: LABEL.into(),
        secret: secret.clone(),
        params: OtpParams::totp_default(),
    };
    let id = v.add(c, NOW).unwrap().id();
    v.set_note(id, Some(NOTE), NOW + 1).unwrap();
    v.set_groups(id, &["canary-group-numbat".into()], NOW + 2)
        .unwrap();
    v.add_passphrase("canary-passphrase-echidna").unwrap();
    let code = v.add_recovery().unwrap();
    for _ in 0..4 {
        v.save().unwrap(); // fill the generations
    }
    let debug = format!("{v:?} {:?} {:?} {code:?}", v.accounts(), v.contents());
    drop(v);
    // Leave an interrupted save's temp file too.
    std::fs::copy(&path, dir.join("vault.kulcs.tmp")).unwrap();

    let recovery = code.to_display().to_string();
    let needles: Vec<(&str, Vec<u8>)> = vec![
        ("secret", SECRET.to_vec()),
        ("secret-base32", secret.to_base32().as_bytes().to_vec()),
        ("issuer", ISSUER.as_bytes().to_vec()),
        ("label", LABEL.as_bytes().to_vec()),
        ("note", NOTE.as_bytes().to_vec()),
        ("group", b"canary-group-numbat".to_vec()),
        ("passphrase", b"canary-passphrase-echidna".to_vec()),
        ("recovery", recovery.as_bytes().to_vec()),
        ("recovery-plain", recovery.replace('-', "").into_bytes()),
    ];
    let mut files = 0;
    let mut checks = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p: PathBuf = entry.unwrap().path();
        if p.file_name().unwrap() == "device.key" {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        files += 1;
        for (what, needle) in &needles {
            for (enc, form) in encodings(needle) {
                checks += 1;
                assert!(
                    !contains(&bytes, &form),
                    "{what} found as {enc} in {}",
                    p.display()
                );
            }
        }
    }
    assert!(
        files >= 5,
        "expected current, 3 generations and temp; found {files}"
    );
    // Issuer and label are names, shown in Debug on purpose; secrets, notes and codes are not.
    for (what, needle) in needles
        .iter()
        .filter(|(w, _)| !matches!(*w, "issuer" | "label" | "group"))
    {
        for (enc, form) in encodings(needle) {
            assert!(
                !contains(debug.as_bytes(), &form),
                "{what} found as {enc} in Debug output"
            );
        }
    }
    // The check itself works: the plaintext JSON would have been caught.
    let (v, _) = Vault::open_with(&path, Unlock::Device(&keys), VaultOptions::testing()).unwrap();
    let plain = kulcs_core::vault::internals::contents::to_json(v.contents()).unwrap();
    assert!(contains(&plain, secret.to_base32().as_bytes()) && contains(&plain, ISSUER.as_bytes()));
    let note_json = serde_json::to_string(NOTE).unwrap();
    assert!(contains(&plain, note_json.trim_matches('"').as_bytes()));
    eprintln!("{files} files, {checks} needle/encoding checks");
    drop(v);
    let _ = std::fs::remove_dir_all(&dir);
}
