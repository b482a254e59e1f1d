//! "Refused before allocating", measured: a counting allocator records the largest single
//! allocation while a hostile file asks for 100 GiB of Argon2 memory. A positive control shows
//! the measurement sees Argon2's real allocation when the parameters are acceptable.

use std::path::Path;

use kulcs_core::vault::internals::format;
use kulcs_core::vault::{FileKeyStore, KdfParams, Unlock, Vault, VaultError, VaultOptions};

use crate::support::alloc::largest_during;

#[test]
fn hostile_kdf_parameters_allocate_nothing_large() {
    let d = std::env::temp_dir().join(format!("kulcs-alloc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let path = d.join("vault.kulcs");
    let keys = FileKeyStore::new(d.join("device.key"));
    let mut v = Vault::create_with(&path, &keys, 0, VaultOptions::testing()).unwrap();
    v.add_passphrase("elég hosszú jelszó").unwrap();
    v.save().unwrap();
    drop(v);
    let good = std::fs::read(&path).unwrap();

    // Positive control: acceptable parameters do allocate Argon2's memory (19 MiB).
    let (r, largest) = largest_during(|| {
        Vault::open_with(
            &path,
            Unlock::Passphrase("elég hosszú jelszó"),
            VaultOptions::testing(),
        )
        .map(|_| ())
    });
    r.unwrap();
    assert!(
        largest >= 19 * 1024 * 1024,
        "the allocator did not see Argon2's memory: {largest}"
    );

    // The same file demanding 100 GiB.
    let parsed = format::parse(&good, Path::new("x")).unwrap();
    let mut header = parsed.header.clone();
    for s in &mut header.slots {
        if let Some(params) = s.kdf_params_mut() {
            *params = KdfParams {
                memory_kib: 100 * 1024 * 1024,
                iterations: 3,
                parallelism: 1,
            };
        }
    }
    let mut hostile = header.encode().unwrap();
    hostile.extend_from_slice(parsed.sealed);
    std::fs::write(&path, &hostile).unwrap();
    let (r, largest) = largest_during(|| {
        Vault::open_with(
            &path,
            Unlock::Passphrase("elég hosszú jelszó"),
            VaultOptions::testing(),
        )
        .map(|_| ())
    });
    assert!(
        matches!(
            r,
            Err(VaultError::KdfParamsRefused {
                memory_kib: 104_857_600,
                ..
            })
        ),
        "{r:?}"
    );
    assert!(
        largest < 1024 * 1024,
        "largest allocation while refusing: {largest} bytes"
    );
    let _ = std::fs::remove_dir_all(&d);
}
