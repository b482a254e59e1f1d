//! `kulcs devices`: the members of a sync group with names and last seen, `--name` at join, and
//! `devices remove ID`, after which the removed device syncs nothing newer until it is sent to
//! again with `--sync`.

use crate::support::devices::{dir, fail, kulcs, ok, transfer_with_sync, OTHER, UGYFELKAPU};

#[test]
fn devices_lists_members_and_a_removed_device_learns_nothing_newer() {
    let d = dir("devices");
    let cwd = &d.0;
    std::fs::write(cwd.join("uris.txt"), format!("{UGYFELKAPU}\n")).unwrap();
    ok(kulcs(cwd, "old", &["import", "--yes", "uris.txt"]));
    ok(transfer_with_sync(
        cwd,
        "old",
        &["--name", "Anna telefonja"],
    ));
    std::fs::create_dir_all(cwd.join("shared")).unwrap();
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    ok(kulcs(cwd, "new", &["sync", "shared"]));
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    let list = ok(kulcs(cwd, "old", &["devices"]));
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("(this device)"), "{list}");
    let phone = list
        .lines()
        .find(|l| l.contains("Anna telefonja"))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(phone.contains("last seen 20"), "{phone}");
    let id = phone.split_whitespace().next().unwrap().to_string();
    assert_eq!(id.len(), 16);
    // No device ids in the folder's file names.
    for f in std::fs::read_dir(cwd.join("shared")).unwrap() {
        let name = f.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains(&id), "{name}");
    }
    // Without --yes and a terminal, removal is refused; with it, the phone is out.
    fail(kulcs(cwd, "old", &["devices", "remove", &id]));
    let out = ok(kulcs(cwd, "old", &["devices", "remove", &id[..6], "--yes"]));
    assert!(out.contains("Removed"), "{out}");
    assert_eq!(ok(kulcs(cwd, "old", &["devices"])).lines().count(), 1);
    std::fs::write(cwd.join("more.txt"), format!("{OTHER}\n")).unwrap();
    ok(kulcs(cwd, "old", &["import", "--yes", "more.txt"]));
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    let err = fail(kulcs(cwd, "new", &["sync", "shared"]));
    assert!(err.contains("removed from the sync group"), "{err}");
    let listed = ok(kulcs(cwd, "new", &["list"]));
    assert!(!listed.contains("alice@example.com"), "{listed}");
    // Unknown ids and this device are refused with a sentence.
    let err = fail(kulcs(cwd, "old", &["devices", "remove", "ffff", "--yes"]));
    assert!(err.contains("No device"), "{err}");

    // The phone is found again: as the error says, a `--sync` transfer brings it back in, and
    // it then syncs what it missed; the list has it once.
    ok(transfer_with_sync(
        cwd,
        "old",
        &["--name", "Anna telefonja"],
    ));
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    ok(kulcs(cwd, "new", &["sync", "shared"]));
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    assert!(ok(kulcs(cwd, "new", &["list"])).contains("alice@example.com"));
    let list = ok(kulcs(cwd, "old", &["devices"]));
    assert_eq!(list.lines().count(), 2, "{list}");
    assert_eq!(ok(kulcs(cwd, "new", &["devices"])).lines().count(), 2);
}
