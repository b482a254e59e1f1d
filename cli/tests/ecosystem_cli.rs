//! Ecosystem habits (issue 14, item 5): completions and a man page from the clap definitions,
//! and `scan --json` with each payload and its corners.

use crate::support::{stderr, stdout, InRepo, TempDir};

type Home = crate::support::Home<InRepo>;

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    let h = Home::new("completions");
    let bash = h.ok(&["completions", "bash"]);
    assert!(bash.contains("kulcs") && bash.contains("--fresh"), "{bash}");
    let zsh = h.ok(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef kulcs"), "{zsh}");
    assert!(h.ok(&["completions", "fish"]).contains("complete -c kulcs"));
    let man = h.ok(&["man"]);
    assert!(man.contains(".TH kulcs"), "{man}");
    assert!(man.contains("duplicates"), "{man}");
    // The helper process of --copy is no command a user types.
    assert!(!bash.contains("clipboard-hold") && !man.contains("clipboard-hold"));
    let o = h.run(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn scan_json_keeps_a_payload_with_a_newline_unambiguous() {
    let dir = TempDir::new("scan-json", "nl");
    let img = dir.0.join("two-lines.png");
    qrcode::QrCode::new("első sor\nsecond line")
        .unwrap()
        .render::<image::Luma<u8>>()
        .module_dimensions(4, 4)
        .build()
        .save(&img)
        .unwrap();
    let h = Home::new("scan-json");
    let o = h.run(&["scan", "--json", img.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["text"], "első sor\nsecond line");
    assert_eq!(v[0]["image"], img.to_str().unwrap());
    let corners = v[0]["corners"].as_array().unwrap();
    assert_eq!(corners.len(), 4);
    assert!(corners
        .iter()
        .all(|c| c["x"].is_number() && c["y"].is_number()));
    assert_eq!(v[0]["authenticator_code"], false);
}
