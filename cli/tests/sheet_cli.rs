//! `kulcs backup sheet --out FILE.pdf` (issue 13 item 5): a 0600 PDF whose text holds every
//! key in groups of four and every note, in the terminal's language or `--lang`; the new
//! recovery code printed on it really opens the vault, and the previous one no longer does.
//! Reads the PDF with poppler's `pdftotext` (scripts/setup.sh installs it; without it the tests
//! say so and pass, unless `KULCS_REQUIRE_PEERS=1`).

use std::path::Path;
use std::process::Command;

use crate::support::{stderr, InRepo};

type Home = crate::support::Home<InRepo>;

const URI_A: &str = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos%40ugyfelkapu.gov.hu?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cgyf%C3%A9lkapu%2B";
const URI_B: &str = "otpauth://totp/Bank:anna?secret=KRSXG5CTMVRXEZLU&issuer=Bank";

fn pdf_text(pdf: &Path) -> Option<String> {
    match Command::new("pdftotext").arg(pdf).arg("-").output() {
        Ok(o) if o.status.success() => Some(String::from_utf8(o.stdout).unwrap()),
        _ => {
            assert!(
                std::env::var("KULCS_REQUIRE_PEERS").as_deref() != Ok("1"),
                "pdftotext (poppler-utils) is required here"
            );
            eprintln!("skipped: pdftotext (poppler-utils) is not installed");
            None
        }
    }
}

fn home(name: &str) -> Home {
    let h = Home::new(name);
    h.ok(&[
        "add",
        "--uri",
        URI_A,
        "--note",
        "törlőkód: ANNA-1111-BÉLA-2222",
    ]);
    h.ok(&["add", "--uri", URI_B]);
    h
}

#[test]
fn the_sheet_holds_every_key_and_note_and_its_recovery_code_opens_the_vault() {
    let h = home("sheet-en");
    let old = h.ok(&["recovery", "--yes"]);
    let old_code = old
        .lines()
        .map(str::trim)
        .find(|l| l.len() > 30 && l.contains('-'))
        .unwrap()
        .to_string();
    let out = h.0.join("lap.pdf");
    let said = h.ok(&["backup", "sheet", "--out", out.to_str().unwrap(), "--yes"]);
    assert!(said.contains("2 accounts; pages: 1"), "{said}");
    assert!(said.contains("previous one no longer works"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    let Some(text) = pdf_text(&out) else { return };
    for want in [
        "Kulcs – emergency sheet",
        "JBSW Y3DP EHPK 3PXP",
        "KRSX G5CT MVRX EZLU",
        "törlőkód: ANNA-1111-BÉLA-2222",
        "kovacs.janos@ugyfelkapu.gov.hu",
        "Recovery code",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let at = lines.iter().position(|l| *l == "Recovery code").unwrap();
    let code = lines[at + 1..].iter().find(|l| !l.is_empty()).unwrap();
    assert_ne!(*code, old_code);
    let opened = h.run_stdin(&["--recovery", "list"], format!("{code}\n").as_str());
    assert!(
        opened.status.success(),
        "the printed code opens the vault: {}",
        stderr(&opened)
    );
    let refused = h.run_stdin(&["--recovery", "list"], format!("{old_code}\n").as_str());
    assert!(
        !refused.status.success(),
        "the previous code no longer does"
    );
}

#[test]
fn in_hungarian_and_without_a_recovery_code() {
    let h = home("sheet-hu");
    let out = h.0.join("lap.pdf");
    let mut c = h.command(&[
        "backup",
        "sheet",
        "--out",
        out.to_str().unwrap(),
        "--no-recovery-code",
    ]);
    c.env("LANG", "hu_HU.UTF-8");
    let o = crate::support::finish(c.spawn().unwrap(), None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(crate::support::stdout(&o).contains("vészhelyzeti lap elkészült"));
    let Some(text) = pdf_text(&out) else { return };
    assert!(
        text.contains("Kulcs – vészhelyzeti lap") && text.contains("Beállítókulcs:"),
        "{text}"
    );
    assert!(!text.contains("Helyreállító kód"), "{text}");
    let en = h.0.join("en.pdf");
    h.ok(&[
        "backup",
        "sheet",
        "--out",
        en.to_str().unwrap(),
        "--no-recovery-code",
        "--lang",
        "en",
    ]);
    assert!(pdf_text(&en).unwrap().contains("Kulcs – emergency sheet"));
}
