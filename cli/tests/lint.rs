//! `noticegate lint`: formats, filters and exit codes.

use std::process::Command;

fn noticegate(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_noticegate")).args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn text_shows_location_severity_code_quotes_and_ids() {
    let (code, out, _) = noticegate(&["lint", "--code", "schedule-unavailable"]);
    assert_eq!(code, 0);
    let first = out.lines().next().expect("a finding");
    assert!(first.contains("[schedule-unavailable]: ") && (first.contains(": warning[") || first.contains(": info[")), "{first}");
    assert!(first.starts_with("policies/findings/") || first.starts_with("notices/") || first.contains(".toml:"), "{first}");
    assert!(out.contains("\n    > "), "quotes after `> `: {out}");
    assert!(out.contains("\n    ids: "), "{out}");
    assert!(out.lines().last().unwrap().starts_with("5 finding(s)"), "{out}");
}

#[test]
fn json_and_jsonl_hold_the_same_findings() {
    let (_, json, _) = noticegate(&["lint", "--format", "json", "--severity", "error"]);
    let array: Vec<serde_json::Value> = serde_json::from_str(&json).expect("one JSON array");
    assert!(!array.is_empty());
    assert!(array.iter().all(|f| f["severity"] == "error"));
    let (_, jsonl, _) = noticegate(&["lint", "--format", "jsonl", "--severity", "error"]);
    let lines: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(array, lines);
    for key in ["code", "severity", "title", "message", "location", "quotes", "ids"] {
        assert!(array[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn deny_turns_findings_into_a_failing_exit() {
    assert_eq!(noticegate(&["lint", "--code", "schedule-unavailable", "--deny", "warning"]).0, 1);
    assert_eq!(noticegate(&["lint", "--code", "schedule-unavailable", "--deny", "error"]).0, 0);
    assert_eq!(noticegate(&["lint", "--code", "no-such-code", "--deny", "info"]).0, 0);
}

#[test]
fn markdown_is_the_committed_findings_file() {
    let (code, out, _) = noticegate(&["lint", "--format", "markdown"]);
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/FINDINGS.md")).unwrap();
    assert!(out == committed, "policies/FINDINGS.md is out of date: run scripts/regenerate-docs");
}

#[test]
fn a_broken_set_exits_3_and_a_missing_directory_4() {
    let broken = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/broken");
    if std::path::Path::new(broken).is_dir() {
        let (code, _, err) = noticegate(&["--policies", broken, "lint"]);
        assert_eq!(code, 3, "{err}");
    }
    assert_eq!(noticegate(&["--policies", "/nonexistent/policies", "lint"]).0, 4);
}
