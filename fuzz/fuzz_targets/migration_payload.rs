//! Google Authenticator `otpauth-migration://offline?data=` codes. Mode 0: the fuzz bytes are
//! the protobuf payload (wrapped in a URI as Google does); mode 1: they are the URI text.
//! Asserts: no panic; an accepted batch has index < size; every imported account survives
//! `export` and a second import unchanged.
#![no_main]
use data_encoding::BASE64;
use kulcs_core::migration::{self, MigrationCollector};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = kulcs_fuzz::split_mode(data, 2) else {
        return;
    };
    let text = if mode == 0 {
        let b64 = BASE64
            .encode(rest)
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        format!("otpauth-migration://offline?data={b64}")
    } else {
        let Ok(t) = std::str::from_utf8(rest) else {
            return;
        };
        t.to_string()
    };
    let mut collector = MigrationCollector::new();
    if collector.add(&text).is_ok() {
        let _ = collector.finish();
    }
    let Ok(batch) = migration::parse(&text) else {
        return;
    };
    assert!(batch.batch_index < batch.batch_size);
    let creds: Vec<_> = batch
        .accounts
        .iter()
        .map(|a| a.credential.clone())
        .collect();
    let out = migration::export(&creds, batch.batch_id);
    assert_eq!(
        out.exported,
        creds.len(),
        "an imported account could not be exported"
    );
    let mut again = Vec::new();
    for uri in &out.uris {
        let b = migration::parse(uri).expect("an exported code must import");
        again.extend(b.accounts.into_iter().map(|a| a.credential));
    }
    assert_eq!(again, creds, "export/import changed an account");
});
