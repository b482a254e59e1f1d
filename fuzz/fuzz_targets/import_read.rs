//! Other apps' export files (`import::read`, no password: the readers before any KDF). Asserts:
//! no panic, bounded work; every account read is written out as an otpauth list that reads back
//! to the same credentials.
#![no_main]
use kulcs_core::{export, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = import::read(data, None) else {
        return;
    };
    if file.accounts.is_empty() {
        return;
    }
    let list = export::otpauth_list(&file.accounts);
    let again = import::read(&list, None).expect("an otpauth list of read accounts must read");
    let creds = |f: &import::ImportedFile| {
        f.accounts
            .iter()
            .map(|a| a.credential.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(creds(&again), creds(&file), "otpauth list changed an account");
});
