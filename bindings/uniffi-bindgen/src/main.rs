//! The workspace `uniffi-bindgen` binary: generates Kotlin and Swift from the built library
//! (library mode), so the generator always matches the `uniffi` version the library uses.

fn main() {
    uniffi::uniffi_bindgen_main()
}
