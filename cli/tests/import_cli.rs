//! `kulcs import` of other apps' real export files (`../shared/fixtures/imports`): a preview
//! per account, a y/N question (`--yes`; refused without a terminal), the accounts arrive with
//! their groups, a second import adds nothing, and a file that cannot be read is refused with
//! its app's name and nothing imported. Fixture tests are skipped when the folder is absent.

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
    let out = h.ok(&["import", "--yes", &aegis]);
    assert!(out.contains("Aegis export, 7 accounts"), "{out}");
    assert!(
        out.contains("Imported 7 accounts (0 already present)"),
        "{out}"
    );
    let list = h.ok(&["list"]);
    assert!(list.contains("Deno") && list.contains("group1"), "{list}");
    // The same accounts from another app's file: all already present, nothing doubled.
    let twofas = fixture("2fas_authenticator_plain_v4.2fas").unwrap();
    let again = h.ok(&["import", "--yes", &twofas]);
    assert!(again.contains("already present as Deno (Mason)"), "{again}");
    assert_eq!(h.ids().len(), 7 + again_added(&again));
}

/// How many accounts an `import` run says it added.
fn again_added(out: &str) -> usize {
    let line = out.lines().find(|l| l.starts_with("Imported ")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_file_not_read_names_its_app_and_imports_nothing() {
    let h = Home::new("import-refused");
    let uris = h.0.join("uris.txt");
    std::fs::write(
        &uris,
        "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno\n",
    )
    .unwrap();
    let bitwarden = h.0.join("bitwarden.json");
    std::fs::write(&bitwarden, r#"{"encrypted": true, "items": []}"#).unwrap();
    let (uris, bitwarden) = (uris.to_string_lossy(), bitwarden.to_string_lossy());
    let o = h.run(&["import", "--yes", &uris, &bitwarden]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("Bitwarden file cannot be imported yet")
            && err.contains("Nothing was imported"),
        "{err}"
    );
    assert!(!err.contains("not an authenticator code"), "{err}");
    assert!(!stdout(&o).contains("Imported"));
    assert!(!h.vault().exists(), "nothing written");
}

#[test]
fn the_preview_is_shown_and_without_a_terminal_nothing_is_added_without_yes() {
    let Some(authy) = fixture("authy_encrypted.xml") else {
        return;
    };
    let h = Home::new("import-preview");
    h.ok(&[
        "add",
        "--uri",
        "otpauth://totp/Mine:me?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Mine",
    ]);
    // The password is the one line of standard input; then there is no terminal to ask y/N on.
    let o = h.run_stdin(&["import", &authy], "testtest\n");
    assert!(!o.status.success());
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        out.contains("= Deno (Mason): already present as Mine (me)"),
        "{out}"
    );
    assert!(out.contains("+ SPDX (James)"), "{out}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(h.ids().len(), 1, "nothing added");
    let done = h.ok_stdin(&["import", "--yes", &authy], "testtest\n");
    assert!(
        done.contains("Imported 2 accounts (1 already present)"),
        "{done}"
    );
    assert_eq!(h.ids().len(), 3);
}

#[test]
fn entries_that_cannot_be_imported_are_listed_with_why() {
    let h = Home::new("import-refused-entries");
    let bitwarden = h.0.join("bw.json");
    std::fs::write(
        &bitwarden,
        r#"{"encrypted": false, "items": [
            {"name": "Deno", "login": {"totp": "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ"}},
            {"name": "Y", "login": {"totp": "otpauth://yandex/Y:Z?secret=JBSWY3DPEHPK3PXP"}}]}"#,
    )
    .unwrap();
    let out = h.ok(&["import", "--yes", &bitwarden.to_string_lossy()]);
    assert!(out.contains("+ Deno (Mason)"), "{out}");
    assert!(
        out.contains("! ") && out.contains("not importable ("),
        "{out}"
    );
    assert!(out.contains("Imported 1 accounts"), "{out}");
}

#[test]
fn an_encrypted_export_reads_its_password_from_stdin() {
    let Some(encrypted) = fixture("aegis_encrypted.json") else {
        return;
    };
    let h = Home::new("import-password");
    let wrong = h.run_stdin(&["import", "--yes", &encrypted], "tset\n");
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("password does not open"),
        "{}",
        stderr(&wrong)
    );
    let out = h.ok_stdin(&["import", "--yes", &encrypted], "test\n");
    assert!(out.contains("Imported 7 accounts"), "{out}");
}
