//! Right by default (issue 14, item 4): each scenario the issue reports, as the user hit it.

use std::io::Read;
use std::process::Stdio;

use crate::support::{stderr, stdout, InRepo};

type Home = crate::support::Home<InRepo>;

const KEY: &str = "JBSWY3DPEHPK3PXP";

/// The code of KEY now, from `kulcs code --key` (checked against Python in cli.rs).
fn code_now(h: &Home) -> String {
    h.site_code(KEY)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn the_ugyfelkapu_preset_takes_only_16_characters() {
    let h = Home::new("uk-16");
    let code = code_now(&h);
    let o = h.run(&[
        "add",
        "--key",
        "JBSWY3DPEHPK3PX",
        "--ugyfelkapu",
        "u",
        "--code",
        &code,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("16"), "{}", stderr(&o));
    assert!(!stdout(&o).contains("Added"));
    assert!(!h.vault().exists(), "a refused add created a vault");
    let o = h.run(&[
        "add",
        "--key",
        "JBSWY3DPEHPK3PXPAB",
        "--ugyfelkapu",
        "u",
        "--code",
        &code,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("16"), "{}", stderr(&o));
}

#[test]
fn the_ugyfelkapu_preset_checks_the_code_the_site_shows_before_saving() {
    let h = Home::new("uk-check");
    // Without a terminal to ask on, the code must be given.
    let o = h.run(&["add", "--key", KEY, "--ugyfelkapu", "u"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--code"), "{}", stderr(&o));
    assert!(!h.vault().exists());
    // A code the key does not make: a mistyped key is refused, nothing saved.
    let wrong = if code_now(&h) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let o = h.run(&["add", "--key", KEY, "--ugyfelkapu", "u", "--code", wrong]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("does not make"), "{}", stderr(&o));
    assert!(!h.vault().exists());
    let code = code_now(&h);
    let out = h.ok(&["add", "--key", KEY, "--ugyfelkapu", "u", "--code", &code]);
    assert!(out.contains("Added Ügyfélkapu+"), "{out}");
}

#[test]
fn the_look_alike_hint_for_1_names_both_i_and_l() {
    let h = Home::new("hint");
    let o = h.run(&["code", "--key", "JBSWY3DPEHPK3PX1"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("'I'") && err.contains("'l'"), "{err}");
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let h = Home::new("pipe");
    for i in 0..3 {
        let label = format!("a{i}");
        h.ok(&["add", "--key", KEY, "--issuer", "X", "--label", &label]);
    }
    for args in [&["codes"][..], &["list"], &["codes", "--watch"]] {
        let mut child = h.command(args).spawn().unwrap();
        // Close the reading end before kulcs writes (like `kulcs codes | true`).
        drop(child.stdout.take());
        let o = crate::support::finish(child, None);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn added_is_printed_only_after_the_save() {
    let h = Home::new("save-fails");
    h.ok(&["add", "--key", KEY, "--issuer", "A", "--label", "a"]);
    // The crash-safe save writes `<vault>.tmp` first: a folder of that name makes it fail.
    std::fs::create_dir(h.vault().with_file_name("vault.kulcs.tmp")).unwrap();
    let o = h.run(&[
        "add",
        "--key",
        "GEZDGNBVGY3TQOJQ",
        "--issuer",
        "B",
        "--label",
        "b",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stdout(&o).contains("Added"), "{}", stdout(&o));
    assert!(stderr(&o).contains("left as it was"), "{}", stderr(&o));
}

#[test]
fn read_only_commands_never_create_a_vault() {
    let h = Home::new("typo");
    let typo = h.0.join("vualt.kulcs");
    let typo = typo.to_str().unwrap();
    for args in [
        &["list"][..],
        &["codes"],
        &["verify", "123456"],
        &["duplicates"],
        &["offset"],
        &["show", "x"],
        &["code", "x"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--vault", typo]);
        let o = h.run(&all);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("No vault at"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(
            !std::path::Path::new(typo).exists(),
            "{args:?} created a vault"
        );
    }
}

#[test]
fn an_empty_vault_file_gets_its_own_message() {
    let h = Home::new("zero");
    std::fs::create_dir_all(h.vault().parent().unwrap()).unwrap();
    std::fs::write(h.vault(), b"").unwrap();
    let o = h.run(&["list"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("0 bytes"), "{err}");
    assert_eq!(std::fs::metadata(h.vault()).unwrap().len(), 0, "touched");
}

#[test]
fn verify_and_duplicates_have_json() {
    let h = Home::new("json");
    h.ok(&["add", "--key", KEY, "--issuer", "A", "--label", "a"]);
    h.ok(&[
        "add",
        "--key",
        "GEZDGNBVGY3TQOJQ",
        "--issuer",
        "A",
        "--label",
        "a",
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&h.ok(&["verify", "324550", "--at", "1700000000", "--json"])).unwrap();
    assert_eq!(v[0]["id"].as_str().unwrap(), h.ids()[0]);
    assert_eq!(v[0]["step_offset"], 0);
    let d: serde_json::Value = serde_json::from_str(&h.ok(&["duplicates", "--json"])).unwrap();
    assert_eq!(d[0]["issuer"], "A");
    assert_eq!(d[0]["accounts"].as_array().unwrap().len(), 2);
    // No match is an empty list for scripts, and still status 1.
    let o = h.run(&["verify", "999999", "--at", "1700000000", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).trim(), "[]");
}

#[test]
fn offset_calibrate_sets_the_offset_from_an_accepted_code() {
    let h = Home::new("calibrate");
    h.ok(&["add", "--key", KEY, "--issuer", "A", "--label", "a"]);
    // The site's clock is 90 s ahead: the code it accepts is the one of now + 90.
    let ahead = h
        .ok(&["code", "--key", KEY, "--at", &(now() + 90).to_string()])
        .trim()
        .to_string();
    let out = h.ok(&["offset", "--calibrate", "a", &ahead]);
    assert!(out.contains("Clock offset set to"), "{out}");
    let offset: i64 = h.ok(&["offset"]).trim().parse().unwrap();
    assert!((60..=120).contains(&offset), "{offset}");
}

#[test]
fn dates_are_local_time() {
    let h = Home::new("local");
    h.ok(&["add", "--key", KEY, "--issuer", "A", "--label", "a"]);
    let id = h.first_id();
    let show = |tz: &str| {
        let o = h.command(&["show", &id]).env("TZ", tz).output().unwrap();
        let out = stdout(&o);
        out.lines()
            .find(|l| l.starts_with("added:"))
            .unwrap()
            .to_string()
    };
    let utc = show("UTC");
    let tokyo = show("Asia/Tokyo");
    assert_ne!(utc, tokyo);
    assert!(tokyo.contains("+09:00"), "{tokyo}");
    assert!(utc.contains("+00:00"), "{utc}");
}

#[test]
fn a_waiting_question_holds_no_lock() {
    let h = Home::new("nolock");
    h.ok(&["add", "--key", KEY, "--issuer", "A", "--label", "a"]);
    let bin = crate::support::kulcs_bin();
    // `script` gives `kulcs rm` a terminal, so it asks and waits.
    let mut asking = h
        .isolate(&mut std::process::Command::new("script"))
        .args(["-qec", &format!("{bin} rm {}", h.first_id()), "/dev/null"])
        .current_dir(&h.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut seen = String::new();
    let mut out = asking.stdout.take().unwrap();
    let mut buf = [0u8; 256];
    while !seen.contains("[y/N]") {
        let n = out.read(&mut buf).unwrap();
        assert!(n > 0, "no question: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    // While it waits, another command works at once.
    let started = std::time::Instant::now();
    let o = h.run(&["list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(started.elapsed().as_secs() < 2);
    drop(asking.stdin.take());
    let _ = asking.kill();
    let _ = asking.wait();
}

#[test]
fn help_of_code_and_scan_lists_only_their_options() {
    let h = Home::new("help");
    let scan = h.ok(&["scan", "--help"]);
    for absent in ["--vault", "--passphrase", "--recovery"] {
        assert!(
            !scan.contains(absent),
            "scan --help shows {absent}:\n{scan}"
        );
    }
    let code = h.ok(&["code", "--help"]);
    assert!(
        code.contains("--copy") && code.contains("--fresh"),
        "{code}"
    );
}
