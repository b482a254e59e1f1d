//! `kulcs backup auto|test` and the backup lines of `kulcs status` (issue 13 item 4): a Kulcs
//! backup after every change into the chosen folder, 0600, the last N kept; a folder that
//! breaks never loses the change and says why; the passphrase test; `--off`; a restore from an
//! automatic backup into a fresh vault.

use std::path::{Path, PathBuf};

use crate::support::{stderr, stdout, InRepo};

type Home = crate::support::Home<InRepo>;

const PASS: &str = "mentés jelszava 2026";
const URI_A: &str = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos%40ugyfelkapu.gov.hu?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cgyf%C3%A9lkapu%2B";
const URI_B: &str = "otpauth://totp/Bank:anna?secret=KRSXG5CTMVRXEZLU&issuer=Bank";
const URI_C: &str = "otpauth://totp/Posta:bela?secret=MFRGGZDFMZTWQ2LK&issuer=Posta";
const URI_D: &str = "otpauth://totp/NAV:cecil?secret=GEZDGNBVGY3TQOJQ&issuer=NAV";

fn backups(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("kulcs-backup-") && n.ends_with(".kulcsbak"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn turn_on(h: &Home, folder: &Path, keep: &str) -> String {
    let f = folder.to_str().unwrap();
    h.ok_stdin(
        &["backup", "auto", "--folder", f, "--keep", keep],
        &format!("{PASS}\n"),
    )
}

fn folder(h: &Home) -> PathBuf {
    h.0.join("pendrive").join("kulcs")
}

#[test]
fn after_every_change_a_private_backup_lands_in_the_folder_and_status_says_so() {
    let h = Home::new("auto-on");
    h.ok(&["add", "--uri", URI_A, "--note", "törlőkód: ANNA-1111"]);
    let dir = folder(&h);
    let said = turn_on(&h, &dir, "10");
    assert!(said.contains("Automatic backups are on"), "{said}");
    assert_eq!(backups(&dir).len(), 1, "the first backup at once");
    h.ok(&["add", "--uri", URI_B]);
    let names = backups(&dir);
    assert_eq!(names.len(), 2, "{names:?}");
    let newest = dir.join(names.last().unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&newest).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    let verified = h.ok_stdin(
        &["backup", "verify", newest.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert!(verified.contains("of 2 accounts"), "{verified}");
    let status = h.ok(&["status"]);
    assert!(
        status.contains(&format!(
            "backups:    after every change into {}",
            dir.display()
        )),
        "{status}"
    );
    assert!(status.contains(names.last().unwrap()), "{status}");
    assert!(
        status.contains("2 accounts, read back and checked"),
        "{status}"
    );
    assert!(status.contains("passphrase: last tested"), "{status}");
    assert!(!status.contains("reminder"), "{status}");
}

#[test]
fn only_the_last_n_stay_and_a_restore_from_one_brings_back_notes_and_groups() {
    let h = Home::new("auto-keep");
    let dir = folder(&h);
    turn_on(&h, &dir, "2");
    h.ok(&["add", "--uri", URI_A, "--note", "törlőkód: ANNA-1111"]);
    let id = h.ids()[0].clone();
    h.ok(&["groups", &id, "Állam", "Család"]);
    h.ok(&["add", "--uri", URI_B]);
    h.ok(&["add", "--uri", URI_C]);
    let names = backups(&dir);
    assert_eq!(names.len(), 2, "{names:?}");
    let fresh = Home::new("auto-keep-fresh");
    let newest = dir.join(names.last().unwrap());
    let said = fresh.ok_stdin(
        &["backup", "restore", newest.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert!(said.contains("3 added"), "{said}");
    let first = fresh.ids()[0].clone();
    let shown = fresh.ok(&["show", &first]);
    assert!(shown.contains("Állam, Család"), "{shown}");
    let note = fresh.ok(&["note", &first]);
    assert!(note.contains("törlőkód: ANNA-1111"), "{note}");
}

#[test]
fn a_broken_folder_keeps_the_change_says_why_and_recovers() {
    let h = Home::new("auto-broken");
    let dir = folder(&h);
    turn_on(&h, &dir, "10");
    // The stick is pulled and something else now has its name: writing fails even for root.
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, b"not a folder").unwrap();
    let o = h.run(&["add", "--uri", URI_B]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("the automatic backup into") && err.contains("failed"),
        "{err}"
    );
    assert_eq!(h.ids().len(), 1, "the change itself is saved");
    let status = h.ok(&["status"]);
    assert!(
        status.contains("problem:    the last backup failed"),
        "{status}"
    );
    // Put back: the next change writes a backup of everything and clears the problem.
    std::fs::remove_file(&dir).unwrap();
    std::fs::create_dir(&dir).unwrap();
    let o = h.run(&["add", "--uri", URI_C]);
    assert!(
        o.status.success() && !stderr(&o).contains("failed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(backups(&dir).len(), 1);
    assert!(!h.ok(&["status"]).contains("the last backup failed"));
}

#[test]
fn the_passphrase_test_opens_the_newest_backup_and_a_wrong_one_changes_nothing() {
    let h = Home::new("auto-test");
    h.ok(&["add", "--uri", URI_A]);
    let o = h.run_stdin(&["backup", "test"], format!("{PASS}\n").as_str());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not set up"), "{}", stderr(&o));
    let dir = folder(&h);
    turn_on(&h, &dir, "10");
    h.ok(&["add", "--uri", URI_D]);
    let o = h.run_stdin(&["backup", "test"], "mentés jelszava 2025\n");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("does not open the newest backup"),
        "{}",
        stderr(&o)
    );
    let ok = h.ok_stdin(&["backup", "test"], &format!("{PASS}\n"));
    assert!(
        ok.contains("The passphrase opens") && ok.contains("2 accounts"),
        "{ok}"
    );
}

#[test]
fn off_stops_the_backups_and_keeps_the_files() {
    let h = Home::new("auto-off");
    let dir = folder(&h);
    turn_on(&h, &dir, "10");
    h.ok(&["add", "--uri", URI_A]);
    let before = backups(&dir);
    assert!(h
        .ok(&["backup", "auto", "--off"])
        .contains("Automatic backups are off"));
    h.ok(&["add", "--uri", URI_B]);
    assert_eq!(backups(&dir), before);
    assert!(h.ok(&["status"]).contains("backups:    off"));
    let o = h.run(&["backup", "auto"]);
    assert!(
        !o.status.success(),
        "a folder or --off is required: {}",
        stdout(&o)
    );
}

#[test]
fn in_hungarian_status_names_the_backups() {
    let h = Home::new("auto-hu");
    let dir = folder(&h);
    turn_on(&h, &dir, "10");
    let mut c = h.command(&["status"]);
    c.env("LANG", "hu_HU.UTF-8");
    let o = crate::support::finish(c.spawn().unwrap(), None);
    let out = stdout(&o);
    assert!(
        out.contains("mentések:    minden változás után ide:"),
        "{out}"
    );
    assert!(out.contains("visszaolvasva és ellenőrizve"), "{out}");
}
