//! `kulcs sync` names what changed and the conflicts it kept; `kulcs show` lists an account's
//! conflicts and `--clear-conflicts` dismisses them on every device (issue 11).

use std::path::Path;

use crate::support::devices::{dir, kulcs, ok, transfer_with_sync, UGYFELKAPU};

/// `old` holds the Ügyfélkapu+ account; `new` joins its sync group by a `--sync` transfer.
fn paired(cwd: &Path) -> String {
    std::fs::write(cwd.join("uris.txt"), format!("{UGYFELKAPU}\n")).unwrap();
    ok(kulcs(cwd, "old", &["import", "--yes", "uris.txt"]));
    ok(transfer_with_sync(cwd, "old", &[]));
    std::fs::create_dir_all(cwd.join("shared")).unwrap();
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    ok(kulcs(cwd, "new", &["sync", "shared"]));
    let list: serde_json::Value =
        serde_json::from_str(&ok(kulcs(cwd, "old", &["list", "--json"]))).unwrap();
    list[0]["id"].as_str().unwrap().to_string()
}

#[test]
fn sync_names_changed_fields_and_show_lists_and_clears_conflicts() {
    let d = dir("sync-fields");
    let cwd = &d.0;
    let id = paired(cwd);
    // Note on one device, rename and another note on the other, before either syncs.
    ok(kulcs(
        cwd,
        "old",
        &["note", &id, "törlőkód: ANNA-1111", "--yes"],
    ));
    ok(kulcs(
        cwd,
        "new",
        &["rename", &id, "--label", "anna.kovacs"],
    ));
    ok(kulcs(
        cwd,
        "new",
        &["note", &id, "törlőkód: ANNA-2222", "--yes"],
    ));
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    let out = ok(kulcs(cwd, "new", &["sync", "shared"]));
    assert!(
        out.contains("conflict: Ügyfélkapu+ (anna.kovacs): the note written on device"),
        "{out}"
    );
    let out = ok(kulcs(cwd, "old", &["sync", "shared"]));
    assert!(
        out.contains("changed:  Ügyfélkapu+ (anna.kovacs) (label, note)"),
        "{out}"
    );
    // Both keep the rename and the later note; the earlier note is listed, shown on request.
    for dev in ["old", "new"] {
        let out = ok(kulcs(cwd, dev, &["show", &id]));
        assert!(out.contains("label:     anna.kovacs"), "{out}");
        assert!(out.contains("conflicts: 1"), "{out}");
        assert!(out.contains("note from device"), "{out}");
        assert!(
            !out.contains("ANNA-1111"),
            "a losing note is as secret as a note: {out}"
        );
    }
    let out = ok(kulcs(cwd, "new", &["show", &id, "--secret"]));
    assert!(out.contains("\"törlőkód: ANNA-1111\""), "{out}");
    let out = ok(kulcs(cwd, "new", &["show", &id, "--clear-conflicts"]));
    assert!(out.contains("Dismissed 1 sync conflicts"), "{out}");
    ok(kulcs(cwd, "new", &["sync", "shared"]));
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    let out = ok(kulcs(cwd, "old", &["show", &id]));
    assert!(!out.contains("conflicts:"), "{out}");
}
