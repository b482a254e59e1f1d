//! `kulcs transfer` refuses substituted offers, foreign frames and a ground offer, keeps its code
//! ledger, and never lets a sync invitation replace a group silently; driven through image
//! files without a terminal, the way `docs/transfer.md` documents the command sequence.

use std::path::Path;
use std::process::Output;

use crate::support::devices::{dir, fail, kulcs, ok, transfer_with_sync, OTHER, UGYFELKAPU};

#[test]
fn offer_substitution_and_foreign_frames_are_refused() {
    let d = dir("attack");
    let cwd = &d.0;
    std::fs::write(cwd.join("uris.txt"), format!("{UGYFELKAPU}\n")).unwrap();
    ok(kulcs(cwd, "old", &["import", "--yes", "uris.txt"]));
    ok(kulcs(
        cwd,
        "new",
        &["transfer", "receive", "--offer-out", "offer.png"],
    ));
    // An attacker's offer is scanned instead of the real one.
    ok(kulcs(
        cwd,
        "mallory",
        &["transfer", "receive", "--offer-out", "evil.png"],
    ));
    ok(kulcs(
        cwd,
        "old",
        &["transfer", "send", "--offer", "evil.png"],
    ));
    let code = ok(kulcs(cwd, "new", &["transfer", "receive", "--show-code"]))
        .trim()
        .to_string();
    let err = fail(kulcs(
        cwd,
        "old",
        &[
            "transfer",
            "send",
            "--confirm",
            &code,
            "--frames-out",
            "frames",
        ],
    ));
    assert!(err.contains("does not match"), "{err}");
    // Re-scanning and typing the same (now spent) code is refused: a new session is needed.
    ok(kulcs(
        cwd,
        "old",
        &["transfer", "send", "--offer", "offer.png"],
    ));
    let err = fail(kulcs(
        cwd,
        "old",
        &[
            "transfer",
            "send",
            "--confirm",
            &code,
            "--frames-out",
            "frames",
        ],
    ));
    assert!(err.contains("already used"), "{err}");
    // Frames of another session are refused by the receiver.
    let mcode = ok(kulcs(
        cwd,
        "mallory",
        &["transfer", "receive", "--show-code"],
    ))
    .trim()
    .to_string();
    ok(kulcs(
        cwd,
        "old",
        &["transfer", "send", "--offer", "evil.png"],
    ));
    let out = ok(kulcs(
        cwd,
        "old",
        &[
            "transfer",
            "send",
            "--confirm",
            &mcode,
            "--frames-out",
            "mframes",
        ],
    ));
    let frame = out.lines().next().unwrap().to_string();
    let err = fail(kulcs(
        cwd,
        "new",
        &["transfer", "receive", "--frames", &frame],
    ));
    assert!(err.contains("different transfer session"), "{err}");
    // Something that is not a transfer code at all.
    let err = fail(kulcs(
        cwd,
        "new",
        &["transfer", "receive", "--frames", "offer.png"],
    ));
    assert!(err.contains("Expected a transfer frame"), "{err}");
}

/// The code tag (docs/transfer.md §4), recomputed by the attacker.
fn tag(k: &str, offer: &kulcs_core::transfer::Offer) -> u32 {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, k.as_bytes());
    let mut ctx = ring::hmac::Context::with_key(&key);
    ctx.update(b"KULCS-TRANSFER-CODE-V1");
    ctx.update(&offer.body());
    let m = ctx.sign();
    u32::from_be_bytes(m.as_ref()[..4].try_into().unwrap()) % 1_000_000
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn write_offer(path: &Path, offer: &kulcs_core::transfer::Offer) {
    std::fs::write(path, kulcs_core::qr_render::png(&offer.to_text()).unwrap()).unwrap();
}

fn send_confirm(cwd: &Path, code: &str, out: &str) -> Output {
    kulcs(
        cwd,
        "old",
        &["transfer", "send", "--confirm", code, "--frames-out", out],
    )
}

/// Issue 10: a fake offer that expires, the code typed too late (every CLI run is a new
/// process), then an offer ground for the photographed code: refused.
#[test]
fn a_ground_offer_is_refused_after_the_code_was_typed_against_an_expired_one() {
    use kulcs_core::random::SeededRandom;
    use kulcs_core::transfer::Receiver;
    let d = dir("grind");
    let cwd = &d.0;
    std::fs::write(cwd.join("uris.txt"), format!("{UGYFELKAPU}\n")).unwrap();
    ok(kulcs(cwd, "old", &["import", "--yes", "uris.txt"]));
    ok(kulcs(
        cwd,
        "new",
        &["transfer", "receive", "--offer-out", "offer.png"],
    ));
    let fake = Receiver::new(now(), 3, &SeededRandom::new(b"mallory"))
        .unwrap()
        .offer()
        .clone();
    write_offer(&cwd.join("evil.png"), &fake);
    ok(kulcs(
        cwd,
        "old",
        &["transfer", "send", "--offer", "evil.png"],
    ));
    let code: String = ok(kulcs(cwd, "new", &["transfer", "receive", "--show-code"]))
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    std::thread::sleep(std::time::Duration::from_secs(5));
    let err = fail(send_confirm(cwd, &code, "frames"));
    assert!(err.contains("expired"), "{err}");
    // The attacker grinds an offer of its own for the now-known K.
    let (k, t) = (&code[..6], code[6..].parse::<u32>().unwrap());
    let mut ground = fake.clone();
    ground.expires_unix = now() + 600;
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, k.as_bytes());
    let mut base = ring::hmac::Context::with_key(&key);
    base.update(b"KULCS-TRANSFER-CODE-V1");
    let mut body = ground.body();
    for i in 0u64.. {
        body[1..9].copy_from_slice(&i.to_be_bytes());
        let mut ctx = base.clone();
        ctx.update(&body);
        let m = ctx.sign();
        if u32::from_be_bytes(m.as_ref()[..4].try_into().unwrap()) % 1_000_000 == t {
            ground.session_id[..8].copy_from_slice(&i.to_be_bytes());
            break;
        }
    }
    assert_eq!(tag(k, &ground), t);
    write_offer(&cwd.join("ground.png"), &ground);
    ok(kulcs(
        cwd,
        "old",
        &["transfer", "send", "--offer", "ground.png"],
    ));
    let err = fail(send_confirm(cwd, &code, "frames"));
    assert!(err.contains("already used"), "{err}");
    assert!(!cwd.join("frames").exists());
}

#[test]
fn an_unreadable_ledger_file_refuses_and_a_readable_one_is_migrated() {
    let d = dir("ledger");
    let cwd = &d.0;
    std::fs::write(cwd.join("uris.txt"), format!("{UGYFELKAPU}\n")).unwrap();
    ok(kulcs(cwd, "old", &["import", "--yes", "uris.txt"]));
    ok(kulcs(
        cwd,
        "new",
        &["transfer", "receive", "--offer-out", "offer.png"],
    ));
    ok(kulcs(
        cwd,
        "old",
        &["transfer", "send", "--offer", "offer.png"],
    ));
    let code: String = ok(kulcs(cwd, "new", &["transfer", "receive", "--show-code"]))
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let ledger = cwd.join("old/vault.kulcs.transfer-codes");
    std::fs::write(&ledger, b"garbage").unwrap();
    let err = fail(send_confirm(cwd, &code, "frames"));
    assert!(err.contains("cannot be read"), "{err}");
    assert!(!cwd.join("frames").exists());
    // A readable old ledger that saw this K against another offer: merged, then enforced.
    let mut old = b"KULCSCL1".to_vec();
    old.extend_from_slice(&code[..6].parse::<u32>().unwrap().to_be_bytes());
    old.extend_from_slice(&[9u8; 32]);
    old.extend_from_slice(&now().to_be_bytes());
    std::fs::write(&ledger, &old).unwrap();
    let err = fail(send_confirm(cwd, &code, "frames"));
    assert!(err.contains("already used"), "{err}");
    assert!(
        !ledger.exists(),
        "the old ledger file is merged into the vault"
    );
    let err = fail(send_confirm(cwd, &code, "frames"));
    assert!(err.contains("already used"), "{err}");
}

#[test]
fn a_sync_invitation_does_not_silently_replace_the_group() {
    let d = dir("syncgroup");
    let cwd = &d.0;
    std::fs::write(cwd.join("uris.txt"), format!("{UGYFELKAPU}\n")).unwrap();
    ok(kulcs(cwd, "old", &["import", "--yes", "uris.txt"]));
    std::fs::write(cwd.join("other.txt"), format!("{OTHER}\n")).unwrap();
    ok(kulcs(cwd, "other", &["import", "--yes", "other.txt"]));
    let out = ok(transfer_with_sync(cwd, "old", &[]));
    assert!(out.contains("joined the sender's sync group"), "{out}");
    // The membership lives inside the vault (issue 11): a refused invitation leaves the vault
    // file as it was.
    assert!(!cwd.join("new/vault.kulcs.sync").exists());
    let vault = std::fs::read(cwd.join("new/vault.kulcs")).unwrap();
    // A second device in another group invites "new": refused, nothing imported.
    let err = fail(transfer_with_sync(cwd, "other", &[]));
    assert!(err.contains("replace"), "{err}");
    assert_eq!(std::fs::read(cwd.join("new/vault.kulcs")).unwrap(), vault);
    let list = ok(kulcs(cwd, "new", &["list", "--json"]));
    assert!(!list.contains("Example"), "{list}");
    // With --yes the user agreed: the frames kept from the refused run are enough.
    let frames: Vec<String> = std::fs::read_dir(cwd.join("other-frames"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let mut args = vec!["transfer", "receive", "--yes", "--frames"];
    args.extend(frames.iter().map(String::as_str));
    let out = ok(kulcs(cwd, "new", &args));
    assert!(out.contains("joined the sender's sync group"), "{out}");
    assert!(ok(kulcs(cwd, "new", &["list", "--json"])).contains("Example"));
}
