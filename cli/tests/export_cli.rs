//! `kulcs export --format kulcs|aegis|otpauth|json --out FILE` and `kulcs backup verify|restore`:
//! files mode 0600, read back before success, no file left behind on failure, the plain formats
//! warned about, a restore that merges without touching the vault's passphrase, and the older
//! `--qr`/`--google-qr` exports unchanged.

use std::path::{Path, PathBuf};

use crate::support::{finish, stderr, stdout, InRepo};

type Home = crate::support::Home<InRepo>;

const URI_A: &str = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos%40ugyfelkapu.gov.hu?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cgyf%C3%A9lkapu%2B";
const URI_B: &str =
    "otpauth://hotp/Issuu:James?secret=YOOMIXWS5GN6RTBPUFFWKTW5M4&issuer=Issuu&counter=7";
const PASS: &str = "mentés jelszava 1";

/// A home with two accounts: the Ügyfélkapu+ one with a note and two groups, and an HOTP one.
fn home_with_accounts(name: &str) -> Home {
    let h = Home::new(name);
    h.ok(&["add", "--uri", URI_A, "--note", "törlőkód: ANNA-1111"]);
    h.ok(&["add", "--uri", URI_B]);
    let id = h.ids()[0].clone();
    h.ok(&["groups", &id, "Állam", "Család"]);
    h
}

fn out_path(h: &Home, name: &str) -> PathBuf {
    h.0.join(name)
}

#[cfg(unix)]
fn assert_private(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{} has mode {mode:o}", p.display());
}
#[cfg(not(unix))]
fn assert_private(_: &Path) {}

fn export(h: &Home, format: &str, out: &Path, input: &str) -> std::process::Output {
    h.run_stdin(
        &["export", "--format", format, "--out", out.to_str().unwrap()],
        input,
    )
}

#[test]
fn a_kulcs_backup_is_checked_verified_and_restored_into_a_fresh_vault() {
    let h = home_with_accounts("exp-kulcs");
    let file = out_path(&h, "backup.kulcs");
    let o = export(&h, "kulcs", &file, &format!("{PASS}\n"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2 accounts"), "{}", stdout(&o));
    assert!(stdout(&o).contains("read back"), "{}", stdout(&o));
    assert_private(&file);
    assert_eq!(&std::fs::read(&file).unwrap()[..8], b"KULCSBAK");

    let f = file.to_str().unwrap();
    let v = h.run_stdin(&["backup", "verify", f], &format!("{PASS}\n"));
    assert!(v.status.success(), "{}", stderr(&v));
    assert!(stdout(&v).contains("2 accounts"), "{}", stdout(&v));
    // Its date in local time, like every date the CLI prints (issue 14).
    let tokyo = finish(
        h.command(&["backup", "verify", f])
            .env("TZ", "Asia/Tokyo")
            .spawn()
            .unwrap(),
        Some(&format!("{PASS}\n")),
    );
    assert!(stdout(&tokyo).contains("+09:00"), "{}", stdout(&tokyo));
    let bad = h.run_stdin(&["backup", "verify", f], "not the passphrase\n");
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("does not open"), "{}", stderr(&bad));

    // A new computer: the backup restores every account with its note and groups.
    let fresh = Home::new("exp-kulcs-fresh");
    let r = fresh.run_stdin(&["backup", "restore", f], &format!("{PASS}\n"));
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(stdout(&r).contains("2 added"), "{}", stdout(&r));
    let list: serde_json::Value = serde_json::from_str(&fresh.ok(&["list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(list.to_string().contains("Család"), "{list}");
    let id = fresh.first_id();
    assert!(fresh.ok(&["note", &id]).contains("törlőkód: ANNA-1111"));
    // Twice: nothing doubled.
    let again = fresh.ok_stdin(&["backup", "restore", f], &format!("{PASS}\n"));
    assert!(
        again.contains("0 added") && again.contains("2 already present"),
        "{again}"
    );
    assert_eq!(fresh.ids().len(), 2);
}

#[test]
fn a_restore_keeps_the_vault_passphrase_and_what_was_there() {
    let h = home_with_accounts("exp-restore-src");
    let file = out_path(&h, "b.kulcs");
    assert!(export(&h, "kulcs", &file, &format!("{PASS}\n"))
        .status
        .success());
    let other = Home::new("exp-restore-dst");
    other.ok(&[
        "add",
        "--uri",
        "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno",
    ]);
    other.ok_stdin(&["passwd"], "vault passphrase 9\n");
    let out = other.ok_stdin(
        &["backup", "restore", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert!(out.contains("2 added"), "{out}");
    assert_eq!(other.ids().len(), 3);
    // The vault still opens with its own passphrase, not the backup's.
    let o = other.run_stdin(&["--passphrase", "list"], "vault passphrase 9\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = other.run_stdin(&["--passphrase", "list"], &format!("{PASS}\n"));
    assert!(!o.status.success());
}

#[test]
fn an_aegis_export_decrypts_and_reimports_to_the_same_accounts() {
    let h = home_with_accounts("exp-aegis");
    let file = out_path(&h, "aegis.json");
    let o = export(&h, "aegis", &file, &format!("{PASS}\n"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_private(&file);
    let bytes = std::fs::read(&file).unwrap();
    let read = kulcs_core::import::read(&bytes, Some(PASS)).unwrap();
    assert_eq!(read.source, kulcs_core::import::Source::AegisEncrypted);
    assert_eq!(read.accounts.len(), 2);
    assert_eq!(
        read.accounts[0].note.as_deref(),
        Some("törlőkód: ANNA-1111")
    );
    assert_eq!(read.accounts[0].groups, ["Állam", "Család"]);
    assert_eq!(read.accounts[1].credential.params.counter, 7);
}

#[test]
fn the_plain_exports_warn_and_hold_every_key() {
    let h = home_with_accounts("exp-plain");
    let list = out_path(&h, "codes.txt");
    let o = export(&h, "otpauth", &list, "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("unencrypted"), "{}", stderr(&o));
    assert_private(&list);
    let text = std::fs::read_to_string(&list).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.contains("secret=JBSWY3DPEHPK3PXP"), "{text}");

    let json = out_path(&h, "aegis-plain.json");
    let o = export(&h, "json", &json, "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("unencrypted"), "{}", stderr(&o));
    let read = kulcs_core::import::read(&std::fs::read(&json).unwrap(), None).unwrap();
    assert_eq!(read.source, kulcs_core::import::Source::AegisPlain);
    assert_eq!(read.accounts[0].groups, ["Állam", "Család"]);
}

#[test]
fn a_failed_export_leaves_no_file() {
    let h = home_with_accounts("exp-fail");
    // Too short a passphrase.
    let file = out_path(&h, "short.kulcs");
    let o = export(&h, "kulcs", &file, "short\n");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("at least 8"), "{}", stderr(&o));
    assert!(!file.exists());
    // A folder that does not exist.
    let file = out_path(&h, "no/such/dir/x.kulcs");
    assert!(!export(&h, "kulcs", &file, &format!("{PASS}\n"))
        .status
        .success());
    assert!(!file.exists());
    // Over the vault itself.
    let o = export(&h, "otpauth", &h.vault(), "");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("vault itself"), "{}", stderr(&o));
    assert!(h.ids().len() == 2, "the vault survived");
    // An empty vault has nothing to export.
    // (read-only commands never create a vault, so one account is added and removed)
    let empty = Home::new("exp-fail-empty");
    empty.ok(&["add", "--uri", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"]);
    empty.ok(&["rm", &empty.first_id(), "--yes"]);
    let file = out_path(&empty, "e.txt");
    let o = export(&empty, "otpauth", &file, "");
    assert!(!o.status.success());
    assert!(!file.exists());
    // No temporary file either.
    let left: Vec<_> = std::fs::read_dir(&h.0)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn the_qr_export_still_works_and_formats_need_out() {
    let h = home_with_accounts("exp-qr");
    let png = out_path(&h, "a.png");
    let id = h.first_id();
    h.ok(&["export", "--qr", &id, "--out", png.to_str().unwrap()]);
    assert_private(&png);
    let o = h.run(&["export", "--format", "kulcs"]);
    assert!(!o.status.success());
    let o = h.run(&["backup", "verify", png.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a Kulcs backup"), "{}", stderr(&o));
}
