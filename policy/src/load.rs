//! The load pipeline: parse every file, resolve and check the whole set, compile it.
//!
//! Shared by `Engine::load` at run time and by `build.rs`, which runs it on the built-in
//! policies at compile time and embeds the result as a snapshot.

use serde::{Deserialize, Serialize};

use crate::compile::{compile, Compiled, MAX_BASES, MAX_BOOL_FACTS};
use crate::diagnostics::{Diagnostic, PolicyErrors};
use crate::check::resolve;
use crate::model::{FactType, PolicySet};
use crate::parse::parse_file;
use crate::sources::PolicySources;
use crate::syntax::VocabKind;

/// A loaded, compiled policy set with its hash: everything an engine is built from.
#[derive(Debug, Serialize, Deserialize)]
pub struct Loaded {
    pub set: PolicySet,
    pub compiled: Compiled,
    pub hash: String,
}

/// Parses, checks and compiles a policy set, reporting every problem at once. Quotes are
/// checked against the notice texts when `sources` has them.
pub fn load(sources: &PolicySources) -> Result<Loaded, PolicyErrors> {
    let files = &sources.policy_files;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let parsed: Vec<_> = files.iter().enumerate().map(|(i, f)| parse_file(f, i as u32, &mut diags)).collect();
    let texts = (!sources.notice_texts.is_empty()).then_some(&sources.notice_texts);
    let (set, more) = resolve(files, &parsed, texts);
    diags.extend(more);
    let bases = set.vocab.table(VocabKind::Basis).entries.len();
    if bases > MAX_BASES {
        diags.push(Diagnostic::file("policy set", format!("{bases} bases are defined; at most {MAX_BASES} are supported")));
    }
    let bool_facts = set.vocab.table(VocabKind::Fact).entries.iter().filter(|e| e.fact_type == Some(FactType::Bool)).count();
    if bool_facts > MAX_BOOL_FACTS {
        diags.push(Diagnostic::file("policy set", format!("{bool_facts} bool facts are defined; at most {MAX_BOOL_FACTS} are supported")));
    }
    if !diags.is_empty() {
        let order: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        diags.sort_by_key(|d| (order.iter().position(|n| *n == d.file).unwrap_or(usize::MAX), d.line, d.column));
        diags.dedup();
        return Err(PolicyErrors(diags));
    }
    let compiled = compile(&set);
    Ok(Loaded { set, compiled, hash: sources.hash() })
}

/// The compact binary form embedded for the built-in set (postcard).
pub fn encode(loaded: &Loaded) -> Vec<u8> {
    postcard::to_allocvec(loaded).expect("a loaded policy set always encodes")
}

/// Reads what `encode` wrote, with what a snapshot does not store rebuilt: the name indices
/// and the cells' inline rules.
pub fn decode(bytes: &[u8]) -> Result<Loaded, postcard::Error> {
    let mut loaded: Loaded = postcard::from_bytes(bytes)?;
    loaded.set.index_names();
    loaded.compiled.inline_runs();
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// The policy sets in the repository: the built-in one and each fixture (those that load).
    fn sets() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut dirs = vec![root.join("policies")];
        let fixtures = root.join("tests").join("fixtures");
        let mut more: Vec<PathBuf> = std::fs::read_dir(&fixtures).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        more.sort();
        dirs.extend(more);
        dirs
    }

    #[test]
    fn a_snapshot_read_back_has_the_name_indices_check_built() {
        let mut compared = 0;
        for dir in sets() {
            let Ok(loaded) = load(&PolicySources::from_dir(&dir).unwrap()) else { continue };
            let read = decode(&encode(&loaded)).unwrap();
            for kind in VocabKind::ALL {
                assert!(read.set.vocab.table(kind).names == loaded.set.vocab.table(kind).names, "{}: {}", dir.display(), kind.name());
            }
            assert!(read.set.notice_names == loaded.set.notice_names, "{}: notices", dir.display());
            assert!(read.set.activity_names == loaded.set.activity_names, "{}: services", dir.display());
            compared += 1;
        }
        assert!(compared >= 1, "the built-in policy set did not load");
    }
}
