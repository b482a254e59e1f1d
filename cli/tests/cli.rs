//! Runs the `kulcs` binary as a user would: outputs, exit codes, and no panic on any input.

use std::process::{Command, Output};

use crate::support::{assert_no_panic, kulcs_bin, stderr, stdout, REPO_ROOT};

fn kulcs(args: &[&str]) -> Output {
    Command::new(kulcs_bin())
        .args(args)
        .current_dir(REPO_ROOT)
        .output()
        .expect("run kulcs")
}

const EXAMPLE: &str = "examples/ugyfelkapu-enrolment.png";
/// The example's code at 1700000000, checked against Python's hmac (see README of tests/vectors).
const EXAMPLE_CODE_AT_1700000000: &str = "461751";

#[test]
fn code_from_the_example_qr_at_a_fixed_time() {
    let o = kulcs(&["code", "--qr", EXAMPLE, "--at", "1700000000"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), EXAMPLE_CODE_AT_1700000000);
}

#[test]
fn code_from_uri_key_and_json_agree() {
    let key = kulcs(&["code", "--key", "kulc spel daku lcs2", "--at", "1700000000"]);
    assert_eq!(stdout(&key).trim(), EXAMPLE_CODE_AT_1700000000);
    let uri = kulcs(&[
        "code",
        "--uri",
        "otpauth://totp/X:y?secret=KULCSPELDAKULCS2",
        "--at",
        "1700000000",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&uri).trim()).unwrap();
    assert_eq!(v[0]["code"], EXAMPLE_CODE_AT_1700000000);
    assert_eq!(v[0]["valid_for"], 10);
    assert_eq!(v[0]["expiring_soon"], true);
    assert!(v[0]["next"].as_str().unwrap().len() == 6);
}

#[test]
fn live_view_shows_seconds_left_and_name() {
    let o = kulcs(&["code", "--qr", EXAMPLE]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("Ügyfélkapu+ (kovacs.janos@ugyfelkapu.gov.hu)"),
        "{out}"
    );
    assert!(out.contains("s "), "{out}");
}

#[test]
fn scan_prints_payload_and_timing() {
    let o = kulcs(&["scan", EXAMPLE]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with(
        "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos@ugyfelkapu.gov.hu?secret="
    ));
    // Microsecond precision: `decode_ms=3.412` (whole milliseconds are too coarse).
    assert!(stderr(&o).lines().any(|l| l
        .strip_prefix("decode_ms=")
        .is_some_and(|n| n.parse::<f64>().is_ok()
            && n.split_once('.').is_some_and(|(_, frac)| frac.len() == 3))));
}

#[test]
fn bad_inputs_get_sentences_and_exit_1() {
    let cases: &[&[&str]] = &[
        &["code", "--key", "JBSW Y3D0", "--at", "0"],
        &["code", "--uri", "otpauth://totp/x?issuer=a"],
        &[
            "code",
            "--uri",
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=12",
        ],
        &["code", "--key", "JBSWY3DPEHPK3PXP", "--at", "-5"],
        &["code", "--key", "JBSWY3DPEHPK3PXP", "--digits", "4"],
        &["code", "--qr", "no-such-file.png"],
        &["code", "--qr", "Cargo.toml"],
        &["scan", "Cargo.lock"],
    ];
    for args in cases {
        let o = kulcs(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert_no_panic(&o);
        let err = stderr(&o);
        let last = err.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("kulcs: ") && last.ends_with(['.', ')']),
            "{args:?}: {err}"
        );
    }
    let o = kulcs(&["code", "--key", "JBSW Y3D0"]);
    assert!(
        stderr(&o).contains("position 9") && stderr(&o).contains("'O'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["code"][..],
        &["code", "--uri", "a", "--key", "b"],
        &["frobnicate"],
        &["code", "--key", "A", "--watch", "--at", "1"],
    ] {
        let o = kulcs(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_no_panic(&o);
    }
}

#[test]
fn scan_contains_the_rqrr_panic_and_reports_missing_codes() {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/qr-corpus/qrcode-6/7.png"
    );
    if std::path::Path::new(shared).exists() {
        let o = kulcs(&["scan", shared]);
        assert_no_panic(&o);
    } else {
        eprintln!("SKIPPED part: ../shared/qr-corpus not present");
    }
    // An image without a QR code: non-zero exit, a sentence, and still a timing line.
    let blank = std::env::temp_dir().join(format!("kulcs-blank-{}.png", std::process::id()));
    let png = {
        let mut buf = Vec::new();
        let img = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
        img.write_to(&mut std::io::Cursor::new(&mut buf), image::ImageFormat::Png)
            .unwrap();
        buf
    };
    std::fs::write(&blank, png).unwrap();
    let o = kulcs(&["scan", EXAMPLE, blank.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("No QR code found"), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("decode_ms=").count(), 2);
    let _ = std::fs::remove_file(blank);
}

#[test]
fn non_authenticator_qr_is_named() {
    let img = std::env::temp_dir().join(format!("kulcs-url-{}.png", std::process::id()));
    let code = qrcode::QrCode::new("https://magyarorszag.hu/").unwrap();
    code.render::<image::Luma<u8>>()
        .module_dimensions(4, 4)
        .build()
        .save(&img)
        .unwrap();
    let o = kulcs(&["code", "--qr", img.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("holds a web address, not an authenticator enrolment code"),
        "{}",
        stderr(&o)
    );
    let s = kulcs(&["scan", img.to_str().unwrap()]);
    assert!(s.status.success());
    assert!(stderr(&s).contains("not an authenticator code"));
    let _ = std::fs::remove_file(img);
}

/// The bytes a terminal must never receive from a name: ESC, CR, CSI (C1), and the bidi
/// overrides/isolates.
fn hostile_bytes(out: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(out);
    let mut found: Vec<String> = out
        .iter()
        .filter(|b| matches!(b, 0x1b | 0x0d | 0x9b))
        .map(|b| format!("byte {b:#04x}"))
        .collect();
    found.extend(
        text.chars()
            .filter(|c| matches!(*c as u32, 0x80..=0x9f | 0x202a..=0x202e | 0x2066..=0x2069))
            .map(|c| format!("char U+{:04X}", c as u32)),
    );
    found
}

#[test]
fn a_hostile_enrolment_uri_never_reaches_the_terminal_raw() {
    let home = std::env::temp_dir().join(format!("kulcs-cli-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let run = |args: &[&str]| -> Output {
        Command::new(env!("CARGO_BIN_EXE_kulcs"))
            .args(args)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .env("HOME", &home)
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("KULCS_VAULT")
            .env_remove("KULCS_KEY_FILE")
            .output()
            .expect("run kulcs")
    };
    let uri = "otpauth://totp/Bank:victim%E2%80%AE%C2%9B2J?secret=JBSWY3DPEHPK3PXP\
               &issuer=Bank%0D%1B%5B1A%1B%5B2KPayPal%E2%81%A6";
    let added = run(&[
        "add",
        "--uri",
        uri,
        "--note",
        "törlőkód: 12\u{1b}[2J34\u{9b}",
    ]);
    assert_no_panic(&added);
    assert!(added.status.success(), "{}", stderr(&added));
    let listed = run(&["list", "--json"]);
    let items: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let id = items[0]["id"].as_str().unwrap().to_string();
    let mut outputs = vec![("add", added), ("list --json", listed)];
    for args in [
        vec!["list"],
        vec!["codes"],
        vec!["codes", "--json"],
        vec!["codes", "--at", "1700000000"],
        vec!["show", &id],
        vec!["duplicates"],
        vec!["note", &id],
        vec!["code", "--uri", uri],
        vec!["code", "--uri", uri, "--json"],
    ] {
        let o = run(&args);
        assert_no_panic(&o);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        outputs.push((args[0], o));
    }
    for (what, o) in &outputs {
        for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            let bad = hostile_bytes(bytes);
            assert!(
                bad.is_empty(),
                "{what} {stream}: {bad:?} in {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&home);
}
