//! Several devices in one folder, for the transfer and sync tests: each device is a
//! subdirectory with its own vault and key file, and `kulcs` runs in the folder.

use std::path::Path;
use std::process::{Command, Output};

use super::{kulcs_bin, TempDir as Dir};

/// A fresh folder for the devices of one test.
pub fn dir(name: &str) -> Dir {
    Dir::new("cli", name)
}

/// Runs `kulcs args` as `device` (its vault and key file under `cwd/device/`).
pub fn kulcs(cwd: &Path, device: &str, args: &[&str]) -> Output {
    kulcs_input(cwd, device, args, None)
}

/// Like [`kulcs`], with `input` on standard input (a passphrase, a recovery code).
pub fn kulcs_input(cwd: &Path, device: &str, args: &[&str], input: Option<&str>) -> Output {
    kulcs_env(cwd, device, args, input, &[])
}

/// Like [`kulcs_input`], with `env` set (e.g. `LANG`).
pub fn kulcs_env(
    cwd: &Path,
    device: &str,
    args: &[&str],
    input: Option<&str>,
    env: &[(&str, &str)],
) -> Output {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.extend(["--vault".into(), format!("{device}/vault.kulcs")]);
    let child = Command::new(kulcs_bin())
        .args(&all)
        .env("KULCS_KEY_FILE", cwd.join(device).join("device.key"))
        .env_remove("KULCS_VAULT")
        .envs(env.iter().copied())
        .current_dir(cwd)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run kulcs");
    super::finish(child, input)
}

/// The run must succeed without a panic; returns its standard output.
pub fn ok(o: Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success(),
        "failed: {err}\n{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(!err.contains("panicked"));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The run must fail; returns its standard error.
pub fn fail(o: Output) -> String {
    assert!(
        !o.status.success(),
        "should have failed: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The Ügyfélkapu+ enrolment URI (key JBSWY3DPEHPK3PXP).
pub const UGYFELKAPU: &str = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos@ugyfelkapu.gov.hu?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cgyf%C3%A9lkapu%2B";
/// A second account (key GEZDGNBVGY3TQOJQ).
pub const OTHER: &str =
    "otpauth://totp/Example:alice@example.com?secret=GEZDGNBVGY3TQOJQ&issuer=Example";

/// Runs a whole `--sync` transfer from `sender` to the device "new" through image files
/// (offer, code, frames); `receive_extra` goes to the final `transfer receive`.
pub fn transfer_with_sync(cwd: &Path, sender: &str, receive_extra: &[&str]) -> Output {
    ok(kulcs(
        cwd,
        "new",
        &["transfer", "receive", "--offer-out", "offer.png"],
    ));
    ok(kulcs(
        cwd,
        sender,
        &["transfer", "send", "--offer", "offer.png"],
    ));
    let code = ok(kulcs(cwd, "new", &["transfer", "receive", "--show-code"]));
    let out = ok(kulcs(
        cwd,
        sender,
        &[
            "transfer",
            "send",
            "--confirm",
            code.trim(),
            "--frames-out",
            &format!("{sender}-frames"),
            "--sync",
        ],
    ));
    let mut args = vec!["transfer", "receive"];
    args.extend_from_slice(receive_extra);
    args.push("--frames");
    args.extend(out.lines());
    kulcs(cwd, "new", &args)
}
