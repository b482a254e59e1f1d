//! The pinned `uniffi-bindgen` starts and knows the `generate` command the shells' scripts use.
//!
//! Being an integration test also makes `cargo test --workspace` build the binary, with the same
//! feature set as every other crate, so `bindings/generate.sh` finds it without a second build.

use std::process::Command;

#[test]
fn the_generate_command_is_there() {
    let out = Command::new(env!("CARGO_BIN_EXE_uniffi-bindgen"))
        .args(["generate", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--library"), "{help}");
}
