//! Runs `tests/vectors/migration.json` (Google export import cases shared with the shells).

use kulcs_core::migration::{self, ImportNote};
use serde_json::Value;

#[test]
fn migration_vectors() {
    let path = format!(
        "{}/../tests/vectors/migration.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for case in v["imports"].as_array().unwrap() {
        let b = migration::parse(case["uri"].as_str().unwrap()).unwrap();
        assert_eq!(b.batch_id as i64, case["batch_id"].as_i64().unwrap());
        assert_eq!(b.batch_index as u64, case["batch_index"].as_u64().unwrap());
        assert_eq!(b.batch_size as u64, case["batch_size"].as_u64().unwrap());
        let want = case["accounts"].as_array().unwrap();
        assert_eq!(b.accounts.len(), want.len());
        for (got, w) in b.accounts.iter().zip(want) {
            let c = &got.credential;
            assert_eq!(c.issuer, w["issuer"].as_str().unwrap());
            assert_eq!(c.label, w["label"].as_str().unwrap());
            assert_eq!(c.secret.to_base32().as_str(), w["secret"].as_str().unwrap());
            assert_eq!(c.params.kind.as_str(), w["kind"].as_str().unwrap());
            assert_eq!(
                c.params.algorithm.as_str(),
                w["algorithm"].as_str().unwrap()
            );
            assert_eq!(c.params.digits as u64, w["digits"].as_u64().unwrap());
            assert_eq!(c.params.period as u64, w["period"].as_u64().unwrap());
            let notes: Vec<&str> = got
                .notes
                .iter()
                .map(|n| match n {
                    ImportNote::DefaultsAssumed => "DefaultsAssumed",
                    ImportNote::IssuerPrefixRemoved => "IssuerPrefixRemoved",
                })
                .collect();
            let want_notes: Vec<&str> = w["notes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap())
                .collect();
            assert_eq!(notes, want_notes);
        }
        assert_eq!(b.skipped.len(), case["skipped"].as_array().unwrap().len());
    }
    for case in v["refusals"].as_array().unwrap() {
        let err = migration::parse(case["uri"].as_str().unwrap()).unwrap_err();
        assert_eq!(err.kind(), case["expect"].as_str().unwrap());
    }
}
