//! uniffi's generator, pinned to this crate's uniffi version (see Cargo.toml).
fn main() {
    uniffi::uniffi_bindgen_main()
}
