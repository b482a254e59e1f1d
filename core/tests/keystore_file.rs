//! The desktop key file as an attacker on the same machine would see it: permissions at
//! creation, refusal of a key file other users can read, and no unbounded read of a bad file.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use kulcs_core::vault::{FileKeyStore, KeyStore};

fn dir(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("kulcs-keyfile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Runs `f` on a thread and fails the test if it does not finish in `secs`.
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs))
        .expect("the key store did not return in time (it read a file it should have refused)")
}

#[test]
fn key_file_readable_by_others_is_refused_with_the_fix() {
    let d = dir("open");
    let key = d.join("device.key");
    let store = FileKeyStore::new(&key);
    let wrapped = store.wrap("id", &[7u8; 32]).unwrap();
    assert_eq!(mode(&key), 0o600);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = store
        .unwrap("id", &wrapped)
        .expect_err("a 0644 key file must be refused");
    let text = err.to_string();
    assert!(text.contains("chmod 600"), "no fix in: {text}");
    assert!(
        text.contains(&key.display().to_string()),
        "no path in: {text}"
    );
    match FileKeyStore::new(&key).check() {
        Err(kulcs_core::vault::KeyFileError::TooOpen { mode, .. }) => assert_eq!(mode, 0o644),
        other => panic!("expected TooOpen, got {other:?}"),
    }
    // Wrapping under it is refused too (it would seal new data with an exposed key).
    assert!(store.wrap("id", &[1u8; 32]).is_err());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(&store.unwrap("id", &wrapped).unwrap()[..], &[7u8; 32]);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn key_file_is_created_0600_even_over_a_stale_temp_file() {
    let d = dir("stale");
    let key = d.join("device.key");
    // A temp file left by an older crash, readable by everyone.
    let stale = d.join("device.key.tmp");
    std::fs::write(&stale, b"junk").unwrap();
    std::fs::set_permissions(&stale, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = FileKeyStore::new(&key);
    store.wrap("id", &[7u8; 32]).unwrap();
    assert_eq!(
        mode(&key),
        0o600,
        "the key file must never exist with wider permissions"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_key_path_that_is_not_a_regular_file_is_refused_without_reading_it() {
    let d = dir("fifo");
    let key = d.join("device.key");
    let status = std::process::Command::new("mkfifo")
        .arg(&key)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let k = key.clone();
    let err = within(5, move || FileKeyStore::new(k).unwrap("id", &[1u8; 40]))
        .expect_err("a FIFO is not a key file");
    assert!(
        err.to_string().contains("not a Kulcs device key file"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn an_oversized_key_file_is_refused() {
    let d = dir("big");
    let key = d.join("device.key");
    let f = std::fs::File::create(&key).unwrap();
    f.set_len(8 << 30).unwrap(); // sparse: 8 GiB that must never be read
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let k = key.clone();
    let err = within(2, move || FileKeyStore::new(k).unwrap("id", &[1u8; 40]))
        .expect_err("an 8 GiB file is not a key file");
    assert!(
        err.to_string().contains("not a Kulcs device key file"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&d);
}
