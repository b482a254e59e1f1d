//! The shared code-text vectors (`tests/vectors/code_text.json`): how a code is grouped on screen
//! and read by a screen reader. The Kotlin and Swift screen tests run the same file through the
//! bindings.

use kulcs_core::code_text::{display_code, spoken_code};
use serde_json::Value;

#[test]
fn code_text_vectors() {
    let path = format!(
        "{}/../tests/vectors/code_text.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let vectors: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("vector file")).expect("JSON");
    let cases = vectors["cases"].as_array().expect("cases");
    assert!(cases.len() >= 8);
    for case in cases {
        let code = case["code"].as_str().unwrap();
        assert_eq!(
            display_code(code),
            case["display"].as_str().unwrap(),
            "display of {code}"
        );
        assert_eq!(
            spoken_code(code),
            case["spoken"].as_str().unwrap(),
            "spoken form of {code}"
        );
    }
}
