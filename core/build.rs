//! Embeds the built-in policy set (`../policies`).
//!
//! Three outputs in OUT_DIR: `builtin_files.rs`, every policy file and notice text as
//! `include_str!` (for `Engine::builtin_sources`); `lexicon.bin`, the classifier's lexicon
//! (`data/lexicon.toml`) read, so that the library needs no TOML reader for it (empty when it
//! does not read: the classifier then reads the file and reports why); and `builtin.bin`, the set loaded, checked
//! (every quote against its notice) and compiled here, at build time, by `noticegate-policy`, the
//! load layer the library itself uses, so that `Engine::builtin()` only decodes it. When the files have errors the
//! snapshot is left empty and the errors surface at run time (and in `noticegate check`),
//! so a half-edited policy file never stops the tools that report it from building. Without
//! the `analysis` feature the snapshot leaves out the text only analysis reads
//! (`PolicySet::drop_analysis_text`).

use noticegate_policy::{lexicon, load, sources};
use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("toml") | Some("txt")) {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let root = manifest.join("..").join("policies");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from("&[\n");
    let mut policy_sources = sources::PolicySources::default();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path.strip_prefix(&root).expect("under root").to_string_lossy().replace('\\', "/");
        // Without the `embed-sources` feature (the WASM build, where every byte counts) only
        // the compiled snapshot is embedded.
        if std::env::var_os("CARGO_FEATURE_EMBED_SOURCES").is_some() {
            code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", path.display().to_string()));
        }
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        policy_sources.add(&rel, text);
    }
    code.push(']');
    fs::write(out_dir.join("builtin_files.rs"), code).expect("write builtin_files.rs");

    let snapshot = match load::load(&policy_sources) {
        Ok(mut loaded) => {
            // Without `analysis` nothing reads what only lint, export and listings do.
            if std::env::var_os("CARGO_FEATURE_ANALYSIS").is_none() {
                loaded.set.drop_analysis_text();
            }
            load::encode(&loaded)
        }
        Err(errors) => {
            println!(
                "cargo:warning=the built-in policy set has {} error(s); it will be loaded from its files at run time, where they are reported (run `noticegate check policies/`)",
                errors.0.len()
            );
            Vec::new()
        }
    };
    fs::write(out_dir.join("builtin.bin"), snapshot).expect("write builtin.bin");

    let lexicon_file = manifest.join("data").join("lexicon.toml");
    println!("cargo:rerun-if-changed={}", lexicon_file.display());
    let text = fs::read_to_string(&lexicon_file).unwrap_or_else(|e| panic!("{}: {e}", lexicon_file.display()));
    let read = match lexicon::parse(&text) {
        Ok(lex) => lexicon::encode(&lex),
        Err(e) => {
            println!("cargo:warning=core/data/lexicon.toml: {}: {}", e.code, e.message);
            Vec::new()
        }
    };
    fs::write(out_dir.join("lexicon.bin"), read).expect("write lexicon.bin");
}
