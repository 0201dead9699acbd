//! Lint on the built-in set: every recorded finding comes out, every computed check finds
//! something, no record is left unmatched by its check, and `policies/FINDINGS.md` is what
//! `noticegate lint --format markdown` writes.

use std::collections::BTreeMap;

use noticegate::lint::{self, UNMATCHED_RECORD};
use noticegate::Engine;

#[test]
fn lint_on_the_built_in_set_yields_every_finding() {
    let sources = Engine::builtin_sources();
    let findings = lint::lint(&sources).expect("the built-in set loads");
    let mut recorded: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.record.is_some()) {
        *recorded.entry(f.notice.as_deref().unwrap_or("")).or_default() += 1;
    }
    let expected = [
        ("cantium_data_privacy", 71),
        ("cantium_it_services", 60),
        ("kcc_community_directory", 21),
        ("kcc_privacy_statement", 88),
        ("kcc_xantura_oneview", 43),
    ];
    assert_eq!(recorded, expected.into_iter().collect::<BTreeMap<_, _>>(), "recorded findings per notice");
    let unmatched: Vec<&str> = findings.iter().filter(|f| f.code == UNMATCHED_RECORD).map(|f| f.title.as_str()).collect();
    assert!(unmatched.is_empty(), "records their check does not find: {unmatched:?}");
    // Prohibitions hold against every permit (issue 14), so a permit that a prohibition voids
    // whole is a defect to fix, not a tension to record: the built-in set has none (the check
    // itself is pinned both ways by the unit tests in core/src/lint/tests.rs).
    let silent = ["permit-contradicts-prohibition"];
    for code in noticegate::findings::CHECKS {
        if silent.contains(code) {
            let found: Vec<&str> = findings.iter().filter(|f| f.code == *code).map(|f| f.title.as_str()).collect();
            assert!(found.is_empty(), "`{code}` must find nothing in the built-in set: {found:?}");
            continue;
        }
        assert!(findings.iter().any(|f| f.code == *code && f.record.is_some()), "no record names `{code}`");
        assert!(findings.iter().any(|f| f.code == *code), "`{code}` finds nothing in the built-in set");
    }
    for f in &findings {
        assert!(!f.location.is_empty() && !f.title.is_empty(), "{f:?}");
    }
}

#[test]
fn findings_md_is_generated_by_lint() {
    let report = lint::report(&Engine::builtin_sources()).expect("the built-in set loads");
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/FINDINGS.md")).unwrap_or_default();
    assert!(
        committed == lint::markdown(&report),
        "policies/FINDINGS.md is out of date with policies/findings/: run scripts/regenerate-docs and commit the result"
    );
}

#[test]
fn the_snapshot_carries_no_recorded_findings() {
    // The compiled engine (and the WASM build) stays free of the findings' prose.
    if Engine::builtin_is_precompiled() {
        assert!(Engine::builtin().policy().recorded.findings.is_empty());
    }
}
