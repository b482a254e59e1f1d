//! `kulcs import` of other apps' real export files (`../shared/fixtures/imports`): the accounts
//! arrive with their groups, a second import adds nothing, and a file that cannot be read yet
//! is refused with its app's name and nothing imported. Skipped when the folder is absent.

use std::path::PathBuf;

use crate::support::{stderr, stdout, InRepo};

type Home = crate::support::Home<InRepo>;

fn fixture(name: &str) -> Option<String> {
    let p = PathBuf::from(crate::support::REPO_ROOT)
        .join("../shared/fixtures/imports")
        .join(name);
    p.exists().then(|| p.to_string_lossy().into_owned())
}

#[test]
fn an_aegis_export_imports_once_with_its_groups() {
    let Some(aegis) = fixture("aegis_plain_grouped_v2.json") else {
        eprintln!("skipped: ../shared/fixtures/imports is absent");
        return;
    };
    let h = Home::new("import-aegis");
    let out = h.ok(&["import", &aegis]);
    assert!(out.contains("Aegis export, 7 accounts"), "{out}");
    assert!(
        out.contains("Imported 7 accounts (0 already present)"),
        "{out}"
    );
    let list = h.ok(&["list"]);
    assert!(list.contains("Deno") && list.contains("group1"), "{list}");
    // The same accounts from another app's file: all already present, nothing doubled.
    let twofas = fixture("2fas_authenticator_plain_v4.2fas").unwrap();
    let again = h.ok(&["import", &twofas]);
    assert!(again.contains("already present"), "{again}");
    assert_eq!(h.ids().len(), 7 + again_added(&again));
}

/// How many accounts an `import` run says it added.
fn again_added(out: &str) -> usize {
    let line = out.lines().find(|l| l.starts_with("Imported ")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_file_not_read_yet_names_its_app_and_imports_nothing() {
    let Some(encrypted) = fixture("authy_encrypted.xml") else {
        return;
    };
    let plain = fixture("plain.txt").unwrap();
    let h = Home::new("import-refused");
    let o = h.run(&["import", &plain, &encrypted]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("XML file cannot be imported yet") && err.contains("Nothing was imported"),
        "{err}"
    );
    assert!(!err.contains("not an authenticator code"), "{err}");
    assert!(stdout(&o).is_empty() || !stdout(&o).contains("Imported"));
    assert!(!h.vault().exists(), "nothing written");
}

#[test]
fn an_encrypted_export_reads_its_password_from_stdin() {
    let Some(encrypted) = fixture("aegis_encrypted.json") else {
        return;
    };
    let h = Home::new("import-password");
    let wrong = h.run_stdin(&["import", &encrypted], "tset\n");
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("password does not open"),
        "{}",
        stderr(&wrong)
    );
    let out = h.ok_stdin(&["import", &encrypted], "test\n");
    assert!(out.contains("Imported 7 accounts"), "{out}");
}
