//! Moves accounts through `kulcs transfer` and keeps two devices in step with `kulcs sync`,
//! then imports a Google export made by `kulcs export`, all through image files.

use crate::support::devices::{
    dir, fail, kulcs, kulcs_input, ok, transfer_with_sync, OTHER, UGYFELKAPU,
};

#[test]
fn full_transfer_and_two_device_sync_through_files() {
    let d = dir("transfer");
    let cwd = &d.0;
    std::fs::write(cwd.join("uris.txt"), format!("{UGYFELKAPU}\n{OTHER}\n")).unwrap();
    assert!(ok(kulcs(cwd, "old", &["import", "--yes", "uris.txt"])).contains("Imported 2 accounts"));

    // New device: offer. Old device: scan. New device: code. Old device: confirm → frames.
    ok(kulcs(
        cwd,
        "new",
        &["transfer", "receive", "--offer-out", "offer.png"],
    ));
    assert!(ok(kulcs(
        cwd,
        "old",
        &["transfer", "send", "--offer", "offer.png"]
    ))
    .contains("Offer scanned"));
    let code = ok(kulcs(cwd, "new", &["transfer", "receive", "--show-code"]))
        .trim()
        .to_string();
    assert_eq!(code.chars().filter(char::is_ascii_digit).count(), 12);
    // A wrong code produces no frames.
    let mut wrong: Vec<char> = code.chars().collect();
    let last = wrong.len() - 1;
    wrong[last] = if wrong[last] == '0' { '1' } else { '0' };
    let wrong: String = wrong.into_iter().collect();
    let err = fail(kulcs(
        cwd,
        "old",
        &[
            "transfer",
            "send",
            "--confirm",
            &wrong,
            "--frames-out",
            "frames",
        ],
    ));
    assert!(err.contains("does not match"), "{err}");
    assert!(!cwd.join("frames").exists());
    let out = ok(kulcs(
        cwd,
        "old",
        &[
            "transfer",
            "send",
            "--confirm",
            &code,
            "--frames-out",
            "frames",
            "--sync",
        ],
    ));
    let frames: Vec<String> = out.lines().map(str::to_string).collect();
    assert!(!frames.is_empty());
    let mut args = vec!["transfer", "receive", "--frames"];
    args.extend(frames.iter().rev().map(String::as_str));
    let out = ok(kulcs(cwd, "new", &args));
    assert!(out.contains("Transfer complete: 2 accounts added"), "{out}");
    assert!(out.contains("joined the sender's sync group"));
    // The session is gone: frames cannot be replayed into a new import.
    let err = fail(kulcs(
        cwd,
        "new",
        &["transfer", "receive", "--frames", &frames[0]],
    ));
    assert!(err.contains("No transfer in progress"), "{err}");

    // Two-device sync through a shared folder.
    std::fs::create_dir_all(cwd.join("shared")).unwrap();
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    ok(kulcs(cwd, "new", &["sync", "shared"]));
    std::fs::write(
        cwd.join("more.txt"),
        "otpauth://totp/Third:carol?secret=MFRGGZDFMZTWQ2LK\n",
    )
    .unwrap();
    ok(kulcs(cwd, "new", &["import", "--yes", "more.txt"]));
    ok(kulcs(cwd, "new", &["sync", "shared"]));
    let out = ok(kulcs(cwd, "old", &["sync", "shared"]));
    assert!(
        out.contains("1 added") && out.contains("3 accounts"),
        "{out}"
    );
    // A delete on one device reaches the other; a concurrent rename elsewhere would have kept it.
    let list: serde_json::Value =
        serde_json::from_str(&ok(kulcs(cwd, "new", &["list", "--json"]))).unwrap();
    let carol = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["issuer"] == "Third")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(kulcs(cwd, "new", &["rm", &carol, "--yes"]));
    ok(kulcs(cwd, "new", &["sync", "shared"]));
    let out = ok(kulcs(cwd, "old", &["sync", "shared"]));
    assert!(
        out.contains("1 removed") && out.contains("2 accounts"),
        "{out}"
    );
    ok(kulcs(cwd, "new", &["import", "--yes", "more.txt"]));
    // Export as Google QR codes from the old device, import them on a third device.
    ok(kulcs(cwd, "old", &["export", "--google-qr", "gqr"]));
    let out = ok(kulcs(
        cwd,
        "third",
        &["import", "--yes", "gqr/google-1-of-1.png"],
    ));
    assert!(out.contains("Imported 2 accounts"), "{out}");
}

/// Issue 11: the sync membership used to sit in a side file sealed by the device key, so after
/// the key was lost and the vault reopened with the passphrase, `kulcs sync` failed with "Wrong
/// key or damaged data". It lives inside the vault now, and the device keeps syncing.
#[test]
fn a_vault_opened_by_passphrase_after_losing_the_device_key_still_syncs() {
    let d = dir("syncrecovery");
    let cwd = &d.0;
    std::fs::write(cwd.join("uris.txt"), format!("{UGYFELKAPU}\n")).unwrap();
    ok(kulcs(cwd, "old", &["import", "--yes", "uris.txt"]));
    let out = ok(transfer_with_sync(cwd, "old", &[]));
    assert!(out.contains("joined the sender's sync group"), "{out}");
    ok(kulcs_input(
        cwd,
        "new",
        &["passwd"],
        Some("hosszú jelszó\n"),
    ));
    std::fs::create_dir_all(cwd.join("shared")).unwrap();
    ok(kulcs(cwd, "new", &["sync", "shared"]));

    std::fs::remove_file(cwd.join("new/device.key")).unwrap();
    std::fs::write(cwd.join("more.txt"), format!("{OTHER}\n")).unwrap();
    ok(kulcs(cwd, "old", &["import", "--yes", "more.txt"]));
    ok(kulcs(cwd, "old", &["sync", "shared"]));
    let out = ok(kulcs_input(
        cwd,
        "new",
        &["--passphrase", "sync", "shared"],
        Some("hosszú jelszó\n"),
    ));
    assert!(
        out.contains("1 added") && out.contains("2 accounts"),
        "{out}"
    );
}
