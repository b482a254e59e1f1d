//! Runs the stateful `kulcs` commands as a user would, each test in its own home directory.
//! Expected codes were computed with Python's hmac (RFC 6238), not with Kulcs.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{stderr, stdout, InRepo};

/// JBSWY3DPEHPK3PXP at Unix 1700000000 (Python hmac/sha1).
const UK_CODE_AT_1700000000: &str = "324550";
/// GEZDGNBVGY3TQOJQ at Unix 1700000000.
const OTHER_CODE_AT_1700000000: &str = "017492";

/// Runs `kulcs` from the repository root with its own home directory.
type Home = crate::support::Home<InRepo>;

#[test]
fn first_use_creates_the_vault_and_codes_come_from_it() {
    let h = Home::new("first");
    let o = h.run(&[
        "add",
        "--key",
        "jbsw y3dp ehpk 3pxp",
        "--ugyfelkapu",
        "kovacs.janos",
        "--code",
        &h.site_code("jbsw y3dp ehpk 3pxp"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("created a new vault"));
    assert!(stdout(&o).contains("Added Ügyfélkapu+ (kovacs.janos@ugyfelkapu.gov.hu)"));
    assert!(h.vault().exists());
    assert!(h.0.join(".config/kulcs/device.key").exists());
    assert_eq!(
        h.ok(&["codes", "--at", "1700000000"]).trim(),
        UK_CODE_AT_1700000000
    );
    let json: serde_json::Value =
        serde_json::from_str(&h.ok(&["codes", "--json", "--at", "1700000000"])).unwrap();
    assert_eq!(json[0]["code"], UK_CODE_AT_1700000000);
    assert_eq!(json[0]["issuer"], "Ügyfélkapu+");
    assert_eq!(json[0]["id"].as_str().unwrap(), h.ids()[0]);
    // The vault file never shows the key or the name.
    let bytes = std::fs::read(h.vault()).unwrap();
    for needle in [&b"JBSWY3DPEHPK3PXP"[..], b"kovacs.janos", b"Hello!"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
    // The per-vault clock offset corrects this computer's clock, and is named; a time given
    // with --at is taken as it is (issue 14).
    h.ok(&["offset", "30"]);
    assert_eq!(
        h.ok(&["codes", "--at", "1700000000"]).trim(),
        UK_CODE_AT_1700000000
    );
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let json: serde_json::Value = serde_json::from_str(&h.ok(&["codes", "--json"])).unwrap();
    let at = json[0]["at"].as_i64().unwrap();
    assert!(
        (before + 30..=before + 32).contains(&at),
        "{at} vs {before}"
    );
    let o = h.run(&["codes"]);
    assert!(stderr(&o).contains("clock offset +30 s"), "{}", stderr(&o));
    assert_eq!(h.ok(&["offset"]).trim(), "30");
}

#[test]
fn duplicates_conflicts_and_verify() {
    let h = Home::new("dups");
    h.ok(&[
        "add",
        "--key",
        "JBSWY3DPEHPK3PXP",
        "--ugyfelkapu",
        "kovacs.janos",
        "--code",
        &h.site_code("JBSWY3DPEHPK3PXP"),
    ]);
    // The same key again (from a URI): nothing added.
    let out = h.ok(&["add", "--uri", "otpauth://totp/X:y?secret=jbswy3dpehpk3pxp"]);
    assert!(out.contains("already in the vault"), "{out}");
    assert_eq!(h.ids().len(), 1);
    // Same name, another key: added with a warning naming the existing entry.
    let o = h.run(&[
        "add",
        "--key",
        "GEZDGNBVGY3TQOJQ",
        "--ugyfelkapu",
        "kovacs.janos",
        "--code",
        &h.site_code("GEZDGNBVGY3TQOJQ"),
    ]);
    assert!(o.status.success());
    let ids = h.ids();
    assert_eq!(ids.len(), 2);
    assert!(stderr(&o).contains(&ids[0][..8]), "{}", stderr(&o));
    let d = h.ok(&["duplicates"]);
    assert!(d.contains("2 entries") && d.contains("newest"), "{d}");
    let newest_line = d.lines().find(|l| l.contains("newest")).unwrap();
    assert!(newest_line.contains(&ids[1][..8]));
    // verify tells which entry made the code.
    let v = h.ok(&["verify", OTHER_CODE_AT_1700000000, "--at", "1700000000"]);
    assert!(
        v.starts_with(&ids[1][..8]) && v.contains("current code"),
        "{v}"
    );
    let v = h.ok(&["verify", UK_CODE_AT_1700000000, "--at", "1700000030"]);
    assert!(
        v.starts_with(&ids[0][..8]) && v.contains("previous code"),
        "{v}"
    );
    let o = h.run(&["verify", "000000", "--at", "1700000000"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("No account produces"));
}

#[test]
fn hotp_counter_moves_forward_with_next() {
    let h = Home::new("hotp");
    // RFC 4226 test key; codes for counters 0, 1, 2: 755224, 287082, 359152.
    h.ok(&[
        "add",
        "--uri",
        "otpauth://hotp/RFC:4226?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0",
    ]);
    assert_eq!(h.ok(&["codes", "--at", "0"]).trim(), "755224");
    let id = h.ids()[0].clone();
    assert_eq!(h.ok(&["next", &id[..8]]).trim(), "287082  (counter 1)");
    assert_eq!(h.ok(&["next", &id[..8]]).trim(), "359152  (counter 2)");
    assert_eq!(h.ok(&["codes", "--at", "0"]).trim(), "359152");
    h.ok(&["add", "--key", "JBSWY3DPEHPK3PXP", "--label", "t"]);
    let totp = h.ids()[1].clone();
    assert_eq!(h.run(&["next", &totp[..8]]).status.code(), Some(1));
}

#[test]
fn destructive_commands_ask_or_need_yes() {
    let h = Home::new("rm");
    h.ok(&[
        "add",
        "--key",
        "JBSWY3DPEHPK3PXP",
        "--label",
        "a",
        "--issuer",
        "A",
        "--note",
        "törlőkód",
    ]);
    let id = h.ids()[0].clone();
    let o = h.run(&["rm", &id[..5]]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--yes"));
    assert_eq!(h.ids().len(), 1);
    let o = h.run(&["note", &id[..5], "--clear"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(h.ok(&["note", &id[..5]]).trim(), "törlőkód");
    h.ok(&["groups", &id[..5], "Állam", " állam ", "Család"]);
    assert_eq!(h.ok(&["groups", &id[..5]]), "Állam\nCsalád\n");
    h.ok(&["rm", &id[..5], "--yes"]);
    assert!(h.ids().is_empty());
}

#[test]
fn passphrase_and_recovery_code_open_the_vault() {
    let h = Home::new("passwd");
    h.ok(&["add", "--key", "JBSWY3DPEHPK3PXP", "--label", "a"]);
    let o = h.run_stdin(&["passwd"], Some("rövid\n"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("at least 8 characters"),
        "{}",
        stderr(&o)
    );
    let o = h.run_stdin(&["passwd"], Some("hosszú jelszó\n"));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = h.run_stdin(
        &["--passphrase", "codes", "--at", "1700000000"],
        Some("hosszú jelszó\n"),
    );
    assert_eq!(stdout(&o).trim(), UK_CODE_AT_1700000000, "{}", stderr(&o));
    let o = h.run_stdin(&["--passphrase", "list"], Some("rossz jelszó\n"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("Wrong key or damaged data"),
        "{}",
        stderr(&o)
    );
    // Replacing the passphrase without a terminal needs --yes.
    assert_eq!(
        h.run_stdin(&["passwd"], Some("másik jelszó\n"))
            .status
            .code(),
        Some(2)
    );

    let rec = h.ok(&["recovery"]);
    let code = rec
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 39 && l.matches('-').count() == 7)
        .unwrap()
        .to_string();
    // Lose the device key: the error says what to do, the recovery code still opens.
    std::fs::remove_file(h.0.join(".config/kulcs/device.key")).unwrap();
    let o = h.run(&["list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--passphrase or --recovery"),
        "{}",
        stderr(&o)
    );
    let o = h.run_stdin(
        &["--recovery", "codes", "--at", "1700000000"],
        Some(&format!("{}\n", code.to_lowercase())),
    );
    assert_eq!(stdout(&o).trim(), UK_CODE_AT_1700000000, "{}", stderr(&o));
    // Re-admit this computer: a new device key opens it again without a passphrase.
    let o = h.run_stdin(
        &["--passphrase", "device", "--yes"],
        Some("hosszú jelszó\n"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        h.ok(&["codes", "--at", "1700000000"]).trim(),
        UK_CODE_AT_1700000000
    );
}

#[test]
fn a_vault_that_fails_to_open_is_never_replaced() {
    let h = Home::new("broken");
    h.ok(&["add", "--key", "JBSWY3DPEHPK3PXP", "--label", "a"]);
    let path = h.vault();
    let mut bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    bytes[n - 5] ^= 1;
    // Damage every generation too, so nothing can open.
    for g in 1..=3 {
        let p = PathBuf::from(format!("{}.{g}", path.display()));
        if p.exists() {
            std::fs::write(&p, b"garbage").unwrap();
        }
    }
    std::fs::write(&path, &bytes).unwrap();
    for args in [
        &["list"][..],
        &["add", "--key", "GEZDGNBVGY3TQOJQ", "--label", "b"][..],
    ] {
        let o = h.run(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains("Wrong key or damaged data"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "the damaged vault was touched"
        );
    }
}

#[test]
fn damaged_newest_copy_falls_back_with_a_warning() {
    let h = Home::new("fallback");
    h.ok(&["add", "--key", "JBSWY3DPEHPK3PXP", "--label", "a"]);
    h.ok(&["add", "--key", "GEZDGNBVGY3TQOJQ", "--label", "b"]);
    let path = h.vault();
    let mut bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    bytes[n - 1] ^= 0x80;
    std::fs::write(&path, &bytes).unwrap();
    let o = h.run(&["list", "--json"]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("warning") && stderr(&o).contains("could not be opened"),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn vault_location_overrides_and_input_errors() {
    let h = Home::new("paths");
    let explicit = h.0.join("elsewhere/my.kulcs");
    let e = explicit.to_str().unwrap();
    h.ok(&[
        "--vault",
        e,
        "add",
        "--key",
        "JBSWY3DPEHPK3PXP",
        "--label",
        "a",
    ]);
    assert!(explicit.exists() && !h.vault().exists());
    let mut c = Command::new(env!("CARGO_BIN_EXE_kulcs"));
    let o = c
        .args(["list", "--json"])
        .env("HOME", &h.0)
        .env("KULCS_VAULT", e)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);

    // Usage errors exit 2, bad input exits 1, with a sentence and no panic.
    assert_eq!(
        h.run(&["add", "--key", "JBSWY3DPEHPK3PXP"]).status.code(),
        Some(2)
    );
    // `--key -` reads the key from stdin, keeping it off the command line.
    let o = h.run_stdin(
        &["--vault", e, "add", "--key", "-", "--label", "piped"],
        Some("gezd gnbv gy3t qojq\n"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        h.ok(&["--vault", e, "codes", "--at", "1700000000"])
            .lines()
            .nth(1),
        Some(OTHER_CODE_AT_1700000000)
    );
    assert_eq!(h.run(&["add", "--label", "x"]).status.code(), Some(2));
    let o = h.run(&["add", "--key", "JBSW0", "--label", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("did you mean"), "{}", stderr(&o));
    let o = h.run(&["--vault", e, "show", "zzzz"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("kulcs: No account matches"));
    let o = h.run(&["--vault", Path::new("/dev/null").to_str().unwrap(), "list"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn show_secret_prints_the_grouped_key_and_a_qr_code() {
    let h = Home::new("show");
    h.ok(&[
        "add",
        "--key",
        "jbswy3dpehpk3pxp",
        "--ugyfelkapu",
        "kovacs.janos",
        "--code",
        &h.site_code("jbswy3dpehpk3pxp"),
    ]);
    let id = h.ids()[0].clone();
    let plain = h.ok(&["show", &id[..8]]);
    assert!(plain.contains("80 bits") && !plain.contains("JBSW"));
    let secret = h.ok(&["show", &id[..8], "--secret"]);
    assert!(secret.contains("JBSW Y3DP EHPK 3PXP"));
    // The terminal drawing is a real, scannable QR code: turn the half-block characters back
    // into pixels (a full block is a light module, drawn for dark terminals) and decode them.
    let art: Vec<Vec<char>> = secret
        .lines()
        .filter(|l| !l.is_empty() && l.chars().all(|c| matches!(c, '█' | '▀' | '▄' | ' ')))
        .map(|l| l.chars().collect())
        .collect();
    assert!(art.len() > 10, "no QR drawing in {secret}");
    let (cols, scale) = (art[0].len(), 6usize);
    let (w, h_px) = (cols * scale, art.len() * 2 * scale);
    let mut pixels = vec![0u8; w * h_px];
    for (row, line) in art.iter().enumerate() {
        for (col, c) in line.iter().enumerate() {
            let (upper, lower) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                _ => (false, false),
            };
            for (half, light) in [(0, upper), (1, lower)] {
                for dy in 0..scale {
                    for dx in 0..scale {
                        let y = (row * 2 + half) * scale + dy;
                        pixels[y * w + col * scale + dx] = if light { 255 } else { 0 };
                    }
                }
            }
        }
    }
    let frame = kulcs_core::qr::LumaFrame {
        data: &pixels,
        width: w as u32,
        height: h_px as u32,
        row_stride: w as u32,
    };
    let symbols = kulcs_core::qr::decode_luma(&frame).expect("the drawn QR code decodes");
    let parsed = kulcs_core::otpauth::parse(&symbols[0].text).unwrap();
    assert_eq!(
        parsed.credential.secret.to_base32().as_str(),
        "JBSWY3DPEHPK3PXP"
    );
    assert_eq!(parsed.credential.issuer, "Ügyfélkapu+");
}
