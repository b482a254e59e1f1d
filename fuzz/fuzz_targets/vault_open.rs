//! The vault file. Mode 0: the fuzz bytes are the whole file, opened (from an in-memory
//! storage) with the fixture's device key and with a recovery code; mode 1: they are the
//! contents JSON, sealed under the vectors' data key so they get past the AEAD and reach the
//! contents decoder. No passphrase unlock: its Argon2 cost is the point, not a parser.
//! Asserts: no panic; a parsed header re-encodes to exactly its bytes; an opened vault's
//! contents round-trip through JSON and through `to_file_bytes` + open.
#![no_main]
use kulcs_core::vault::internals::{contents, format};
use kulcs_core::vault::{Unlock, Vault};
use kulcs_fuzz::{
    fixture_keys, seal_vault_contents, vault_options, vault_path, VAULT_RECOVERY_CODE,
};
use libfuzzer_sys::fuzz_target;

fn check_opened(v: &Vault, unlock: Unlock<'_>) {
    let c = v.contents();
    let json = contents::to_json(c).expect("an opened vault must serialise");
    assert_eq!(&contents::from_json(&json).expect("own JSON must parse"), c);
    let file = v.to_file_bytes().expect("an opened vault must seal");
    let (again, _) = Vault::open_with(vault_path(), unlock, vault_options(&file))
        .expect("a re-sealed vault must open");
    assert_eq!(again.contents(), c, "re-sealed contents differ");
}

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = kulcs_fuzz::split_mode(data, 2) else {
        return;
    };
    let file = if mode == 0 {
        rest.to_vec()
    } else {
        seal_vault_contents(rest)
    };
    if let Ok(p) = format::parse(&file, vault_path()) {
        assert_eq!(
            p.header.encode().expect("a parsed header encodes"),
            p.aad,
            "header does not re-encode to its bytes"
        );
    }
    let keys = fixture_keys();
    if mode == 0 {
        if let Ok((v, _)) =
            Vault::open_with(vault_path(), Unlock::Device(keys), vault_options(&file))
        {
            check_opened(&v, Unlock::Device(keys));
        }
    }
    let recovery = Unlock::Recovery(VAULT_RECOVERY_CODE);
    if let Ok((v, _)) = Vault::open_with(vault_path(), recovery, vault_options(&file)) {
        check_opened(&v, Unlock::Recovery(VAULT_RECOVERY_CODE));
    }
});
