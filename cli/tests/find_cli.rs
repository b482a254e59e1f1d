//! Finding an account by name (issue 14, item 1): a query over issuer, label and groups
//! wherever an id is taken, `code QUERY` for scripts, `--copy` without a display, `--fresh`,
//! and `codes QUERY` / `--group`.

use crate::support::{stderr, stdout, InRepo};

type Home = crate::support::Home<InRepo>;

/// JBSWY3DPEHPK3PXP at Unix 1700000000 (Python hmac/sha1).
const UK_CODE_AT_1700000000: &str = "324550";
/// GEZDGNBVGY3TQOJQ at Unix 1700000000.
const OTHER_CODE_AT_1700000000: &str = "017492";

/// Three Ügyfélkapu+ clients and a GitHub account in group "Munka".
fn accountant(name: &str) -> Home {
    let h = Home::new(name);
    let code = h.site_code("JBSWY3DPEHPK3PXP");
    h.ok(&[
        "add",
        "--key",
        "JBSWY3DPEHPK3PXP",
        "--ugyfelkapu",
        "ugyfel17",
        "--code",
        &code,
    ]);
    let code = h.site_code("GEZDGNBVGY3TQOJQ");
    h.ok(&[
        "add",
        "--key",
        "GEZDGNBVGY3TQOJQ",
        "--ugyfelkapu",
        "ugyfel1",
        "--code",
        &code,
    ]);
    let code = h.site_code("MFRGGZDFMZTWQ2LK");
    h.ok(&[
        "add",
        "--key",
        "MFRGGZDFMZTWQ2LK",
        "--ugyfelkapu",
        "kovacs",
        "--code",
        &code,
    ]);
    h.ok(&[
        "add",
        "--key",
        "NBSWY3DPO5XXE3DE",
        "--issuer",
        "GitHub",
        "--label",
        "anna",
    ]);
    let gh = h.ids()[3].clone();
    h.ok(&["groups", &gh, "Munka"]);
    h
}

#[test]
fn code_query_prints_just_the_code() {
    let h = accountant("code-query");
    let out = h.ok(&["code", "ugyfel17", "--at", "1700000000"]);
    assert_eq!(out, format!("{UK_CODE_AT_1700000000}\n"));
    // Accent- and case-blind, and the exact label wins over the longer "ugyfel17".
    let out = h.ok(&["code", "UGYFEL1@", "--at", "1700000000"]);
    assert_eq!(out, format!("{OTHER_CODE_AT_1700000000}\n"));
    let out = h.ok(&["code", "ugyfel1", "--at", "1700000000"]);
    assert_eq!(out, format!("{OTHER_CODE_AT_1700000000}\n"));
}

#[test]
fn an_ambiguous_query_lists_the_candidates_and_fails() {
    let h = accountant("ambiguous");
    let o = h.run(&["code", "ügyfélkapu"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("3 accounts match"), "{err}");
    assert!(err.contains("1) "), "{err}");
    assert!(err.contains("kovacs@ugyfelkapu.gov.hu"), "{err}");
    let o = h.run(&["show", "nincs ilyen"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("No account matches"), "{}", stderr(&o));
}

#[test]
fn every_command_that_takes_an_id_takes_a_query() {
    let h = accountant("everywhere");
    assert!(h.ok(&["show", "github"]).contains("anna"));
    h.ok(&["rename", "github", "--label", "anna.k"]);
    assert_eq!(h.ok(&["groups", "anna.k"]).trim(), "Munka");
    h.ok(&["note", "kovacs", "törlőkód 1234"]);
    assert_eq!(h.ok(&["note", "kovacs"]).trim(), "törlőkód 1234");
    h.ok(&["rm", "kovacs", "--yes"]);
    assert_eq!(h.ids().len(), 3);
}

#[test]
fn codes_filters_by_query_and_group() {
    let h = accountant("codes-filter");
    let out = h.ok(&["codes", "ugyfel17", "--at", "1700000000"]);
    assert_eq!(out, format!("{UK_CODE_AT_1700000000}\n"));
    let json: serde_json::Value =
        serde_json::from_str(&h.ok(&["codes", "--group", "Munka", "--json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["issuer"], "GitHub");
    let json: serde_json::Value =
        serde_json::from_str(&h.ok(&["codes", "ugyfel", "--json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    let o = h.run(&["codes", "nincs"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("No account matches"), "{}", stderr(&o));
}

#[test]
fn copy_without_a_clipboard_says_so_and_does_not_crash() {
    let h = accountant("copy");
    let o = h
        .command(&["code", "ugyfel17", "--copy"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    crate::support::assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("clipboard"), "{err}");
    // The script still gets the code.
    assert_eq!(stdout(&o).trim().len(), 6, "{}", stdout(&o));
}

#[test]
fn fresh_waits_for_enough_time_left() {
    let h = accountant("fresh");
    // At 1700000000 the code has 10 s left: --fresh 25 moves to the next step's code.
    let json = |args: &[&str]| -> serde_json::Value {
        let o = h.run(args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    let now = json(&["code", "github", "--at", "1700000000", "--json"]);
    assert_eq!(now["valid_for"], 10);
    let fresh = json(&[
        "code",
        "github",
        "--at",
        "1700000000",
        "--fresh",
        "25",
        "--json",
    ]);
    assert_eq!(fresh["valid_for"], 30, "{fresh}");
    assert_eq!(fresh["at"], 1700000010);
    assert_eq!(fresh["code"], now["next"]);
    // Enough time left: the same code at once.
    let same = json(&[
        "code",
        "github",
        "--at",
        "1700000000",
        "--fresh",
        "5",
        "--json",
    ]);
    assert_eq!(same["code"], now["code"]);
    // Live, the wait is at most a second here; the code then has at least 1 s left.
    let live = json(&["code", "github", "--fresh", "1", "--json"]);
    assert!(live["valid_for"].as_u64().unwrap() >= 1, "{live}");
    // A wait longer than the period can never end.
    let o = h.run(&["code", "github", "--fresh", "30"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
