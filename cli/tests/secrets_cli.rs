//! Secrets at rest and in argv (issue 10, finding 8): every file holding a secret is 0600, a key
//! file other users can read is refused, secrets come from standard input with `-`, reads are
//! capped, first use advises without blocking, and the key store falls back to the file.

#![cfg(unix)]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{finish, kulcs_bin, stderr as err, stdout as out, InHome};

/// Runs `kulcs` inside its own home directory.
type Home = crate::support::Home<InHome>;

const UK_KEY: &str = "JBSWY3DPEHPK3PXP";
/// JBSWY3DPEHPK3PXP at Unix 1700000000 (Python hmac/sha1).
const UK_CODE_AT_1700000000: &str = "324550";
const UK_URI: &str = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos@ugyfelkapu.gov.hu?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cgyf%C3%A9lkapu%2B";

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

fn assert_private(p: &Path) {
    assert_eq!(mode(p), 0o600, "{} is not 0600", p.display());
}

fn side(h: &Home, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", h.vault().display()))
}

#[test]
fn vault_key_file_and_generations_are_0600() {
    let h = Home::new("vaultmode");
    h.ok_stdin(
        &["add", "--key", "-", "--label", "a"],
        &format!("{UK_KEY}\n"),
    );
    h.ok(&["add", "--uri", "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ"]);
    h.ok(&["add", "--uri", "otpauth://totp/C:c?secret=MFRGGZDFMZTWQ2LK"]);
    assert_private(&h.vault());
    assert_private(&h.key_file());
    assert_private(&side(&h, ".1"));
    assert_private(&side(&h, ".2"));
    assert_eq!(mode(h.key_file().parent().unwrap()), 0o700);
}

#[test]
fn exported_pngs_are_0600() {
    let h = Home::new("pngmode");
    h.ok(&["add", "--uri", UK_URI]);
    let id = h.first_id();
    h.ok(&["export", "--qr", &id, "--out", "one.png"]);
    assert_private(&h.0.join("one.png"));
    let listed = h.ok(&["export", "--google-qr", "gdir"]);
    let mut n = 0;
    for line in listed.lines() {
        assert_private(&h.0.join(line));
        n += 1;
    }
    assert!(n >= 1, "{listed}");
    assert_eq!(mode(&h.0.join("gdir")), 0o700);
}

#[test]
fn transfer_pngs_and_side_files_are_0600() {
    let new = Home::new("xfer-new");
    let old = Home::new("xfer-old");
    old.ok(&["add", "--uri", UK_URI]);
    new.ok(&["transfer", "receive", "--offer-out", "offer.png"]);
    assert_private(&new.0.join("offer.png"));
    assert_private(&side(&new, ".transfer-receive"));
    let offer = new.0.join("offer.png").display().to_string();
    old.ok(&["transfer", "send", "--offer", &offer]);
    assert_private(&side(&old, ".transfer-send"));
    let code = new
        .ok(&["transfer", "receive", "--show-code"])
        .trim()
        .to_string();
    let frames = old.ok(&[
        "transfer",
        "send",
        "--confirm",
        &code,
        "--frames-out",
        "frames",
        "--sync",
    ]);
    // The typed-code ledger lives inside the encrypted vault now (docs/transfer.md §4): no side
    // file may hold it.
    assert!(!side(&old, ".transfer-codes").exists());
    // The sync membership lives inside the encrypted vault (issue 11): no side file holds it.
    assert!(!side(&old, ".sync").exists());
    for f in frames.lines() {
        assert_private(&old.0.join(f));
    }
    assert_eq!(mode(&old.0.join("frames")), 0o700);
}

#[test]
fn a_key_file_other_users_can_read_is_refused_with_the_fix() {
    let h = Home::new("keymode");
    h.ok(&["add", "--uri", UK_URI]);
    std::fs::set_permissions(h.key_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = h.run(&["list"]);
    assert!(!o.status.success(), "a 0644 key file was used: {}", out(&o));
    let e = err(&o);
    assert!(e.contains("chmod 600"), "{e}");
    assert!(e.contains(&h.key_file().display().to_string()), "{e}");
    std::fs::set_permissions(h.key_file(), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(h.ok(&["list"]).contains("kovacs.janos"));
}

#[test]
fn secrets_come_from_stdin_with_a_dash_and_never_from_argv() {
    let h = Home::new("stdin");
    // `kulcs code --key -`
    let args = ["code", "--key", "-", "--at", "1700000000"];
    assert!(!args.iter().any(|a| a.contains(UK_KEY)));
    assert_eq!(
        h.ok_stdin(&args, &format!("{UK_KEY}\n")).trim(),
        UK_CODE_AT_1700000000
    );
    // `kulcs code --uri -`
    let args = ["code", "--uri", "-", "--at", "1700000000"];
    assert_eq!(
        h.ok_stdin(&args, &format!("{UK_URI}\n")).trim(),
        UK_CODE_AT_1700000000
    );
    // `kulcs add --uri -`
    let args = ["add", "--uri", "-"];
    assert!(h.ok_stdin(&args, &format!("{UK_URI}\n")).contains("Added"));
    let id = h.first_id();
    let codes = h.ok(&["codes", "--at", "1700000000"]);
    assert!(codes.contains(UK_CODE_AT_1700000000), "{codes}");
    // `kulcs note ID -` reads the whole note (several lines) from stdin.
    let note = "törlőkód: 1234-5678\nsecond line";
    h.ok_stdin(&["note", &id, "-"], note);
    assert_eq!(h.ok(&["note", &id]).trim_end(), note);
    // `kulcs add --key - --note -` cannot read both from one stdin.
    let o = h.run_stdin(
        &["add", "--key", "-", "--label", "x", "--note", "-"],
        "GEZDGNBVGY3TQOJQ\n",
    );
    assert!(!o.status.success());
    assert!(err(&o).contains("standard input"), "{}", err(&o));
    // `kulcs add --uri URI --note -`
    h.ok_stdin(
        &[
            "add",
            "--uri",
            "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ",
            "--note",
            "-",
        ],
        "backup codes: 1 2 3\n",
    );
    let v: serde_json::Value = serde_json::from_str(&h.ok(&["list", "--json"])).unwrap();
    let b = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["issuer"] == "B")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(h.ok(&["note", &b]).trim_end(), "backup codes: 1 2 3");
}

#[test]
fn oversized_inputs_are_refused_before_reading() {
    let h = Home::new("caps");
    // Sparse files: refusing them must not read (or allocate) their size.
    let big = h.0.join("big.png");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    for args in [
        vec!["scan", "big.png"],
        vec!["add", "--qr", "big.png"],
        vec!["import", "big.png"],
        vec!["code", "--qr", "big.png"],
    ] {
        let started = Instant::now();
        let o = h.run(&args);
        assert!(!o.status.success(), "{args:?}");
        assert!(err(&o).contains("too large"), "{args:?}: {}", err(&o));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{args:?} read the file"
        );
    }
    let text = h.0.join("big.txt");
    std::fs::write(&text, format!("{UK_URI}\n").repeat(20_000)).unwrap();
    let o = h.run(&["import", "big.txt"]);
    assert!(err(&o).contains("too large"), "{}", err(&o));
    // Standard input is capped too.
    h.ok(&["add", "--uri", UK_URI]);
    let id = h.first_id();
    let o = h.run_stdin(&["note", &id, "-"], &"x".repeat(100_000));
    assert!(!o.status.success());
    assert!(err(&o).contains("too long"), "{}", err(&o));
    let o = h.run_stdin(&["code", "--key", "-"], &"A".repeat(100_000));
    assert!(!o.status.success());
    assert!(err(&o).contains("too long"), "{}", err(&o));
    // A side file grown beyond any real size is refused, not read.
    let sidef = side(&h, ".transfer-receive");
    std::fs::File::create(&sidef)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let o = h.run(&["transfer", "receive", "--show-code"]);
    assert!(err(&o).contains("too large"), "{}", err(&o));
}

#[test]
fn first_use_without_a_terminal_advises_and_does_not_block() {
    let h = Home::new("firstuse");
    let mut child = h
        .command(&["add", "--key", "-", "--label", "first"])
        .spawn()
        .unwrap();
    // Give the key but keep stdin open: a prompt reading it would hang.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(format!("{UK_KEY}\n").as_bytes()).unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "kulcs add waited on stdin at first use"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("kulcs passwd") && e.contains("kulcs recovery"),
        "{e}"
    );
    // Only once: the second add is not first use.
    let e2 = err(&h.run(&["add", "--uri", "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ"]));
    assert!(!e2.contains("kulcs passwd"), "{e2}");
}

#[test]
fn without_a_secret_service_the_key_file_is_used_and_shown() {
    let h = Home::new("nokeyring");
    let run = |args: &[&str]| {
        let mut c = h.command(args);
        c.env_remove("KULCS_KEYSTORE")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/kulcs-test-bus",
            )
            .env_remove("XDG_RUNTIME_DIR")
            .env_remove("DISPLAY");
        let o = finish(c.spawn().unwrap(), None);
        assert!(o.status.success(), "{args:?}: {}", err(&o));
        out(&o)
    };
    run(&["add", "--uri", UK_URI]);
    assert_private(&h.key_file());
    let status = run(&["status"]);
    assert!(
        status.contains(&format!("key file {}", h.key_file().display())),
        "{status}"
    );
    assert!(
        status.contains(&h.vault().display().to_string()),
        "{status}"
    );
}

/// With a real Secret Service (gnome-keyring-daemon on a private D-Bus session bus), the device
/// key goes to the keyring: no key file, the marker is written, and later runs open the vault.
/// Skipped (with a note) where `dbus-run-session` or `gnome-keyring-daemon` is not installed.
#[test]
fn with_a_secret_service_the_key_goes_to_the_keyring() {
    let have = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("dbus-run-session") || !have("gnome-keyring-daemon") {
        eprintln!(
            "skipped: no dbus-run-session/gnome-keyring-daemon; the keyring path is untested here"
        );
        return;
    }
    let h = Home::new("keyring");
    let kulcs = kulcs_bin();
    let script = format!(
        r#"set -e
eval "$(printf kulcs-test | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
export KULCS_KEYSTORE=auto
'{kulcs}' add --uri '{UK_URI}' >/dev/null
'{kulcs}' status
'{kulcs}' codes --at 1700000000
"#
    );
    let o = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .current_dir(&h.0)
        .env("HOME", &h.0)
        .env("XDG_RUNTIME_DIR", &h.0)
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("KULCS_VAULT")
        .env_remove("KULCS_KEY_FILE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = out(&o);
    assert!(o.status.success(), "{text}\n{}", err(&o));
    assert!(text.contains("device key: OS keyring"), "{text}");
    assert!(text.contains(UK_CODE_AT_1700000000), "{text}");
    assert!(
        !h.key_file().exists(),
        "a key file was written beside the keyring"
    );
    assert_private(&PathBuf::from(format!(
        "{}.in-keyring",
        h.key_file().display()
    )));
}
