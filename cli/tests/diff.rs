//! `noticegate diff` on a copy of the built-in policies with three known edits to the
//! Community Directory notice: it names exactly the questions those edits change, both ways,
//! and nothing for a set against itself.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

mod support;

use support::run;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Replaces the first `from` after the line `id = "<rule>"` of the Community Directory
/// notice.
fn edit_rule(text: &mut String, rule: &str, from: &str, to: &str) {
    let start = text.find(&format!("id = \"{rule}\"")).unwrap_or_else(|| panic!("rule {rule}"));
    let at = start + text[start..].find(from).unwrap_or_else(|| panic!("{from} in {rule}"));
    text.replace_range(at..at + from.len(), to);
}

/// The built-in policies, copied, with three edits whose effect can be worked out by hand:
/// - `cd.collect.visual` becomes an unconditional deny: collecting company logos goes from
///   conditional (on consent given) to deny;
/// - `cd.collect.usage` gains `consent = ["given", "explicit"]`: collecting usage information
///   goes from permit to conditional;
/// - `cd.share.pcg_uk` no longer names company logos: sharing them with PCG UK goes from
///   conditional to not_stated (no other rule covers PCG UK).
fn changed_copy() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("noticegate-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies"), &dir);
    let notice = dir.join("notices/004_community_directory.toml");
    let mut text = std::fs::read_to_string(&notice).unwrap();
    edit_rule(&mut text, "cd.collect.visual", "effect = \"permit\"", "effect = \"deny\"");
    edit_rule(&mut text, "cd.collect.visual", "when = { consent = [\"given\", \"explicit\"] }\n", "");
    edit_rule(&mut text, "cd.collect.usage", "section =", "when = { consent = [\"given\", \"explicit\"] }\nsection =");
    edit_rule(&mut text, "cd.share.pcg_uk", ", \"visual_images.company_logo\"]", "]");
    std::fs::write(&notice, text).unwrap();
    dir
}

type Row = (String, String, String, Option<String>, String, String);

/// (action, activity, category, object, old verdict, new verdict) of every difference.
fn rows(o: &Output) -> BTreeSet<Row> {
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    json["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["change"], "changed");
            assert_eq!(d["question"]["notice"], "kcc_community_directory");
            let s = |v: &serde_json::Value| v.as_str().unwrap().to_string();
            (
                s(&d["question"]["action"]),
                s(&d["question"]["activity"]),
                s(&d["question"]["category"]),
                d["question"]["object"].as_str().map(String::from),
                s(&d["old"]["verdict"]),
                s(&d["new"]["verdict"]),
            )
        })
        .collect()
}

fn row(action: &str, category: &str, object: Option<&str>, old: &str, new: &str) -> Row {
    (action.into(), "community_directory".into(), category.into(), object.map(String::from), old.into(), new.into())
}

#[test]
fn the_diff_names_exactly_the_changed_questions_both_ways() {
    let dir = changed_copy();
    let new = dir.to_str().unwrap();
    let forward = run(&["diff", "builtin", new, "--as-of", "2026-11-23", "--format", "json"]);
    let backward = run(&["diff", new, "builtin", "--as-of", "2026-11-23", "--format", "json"]);
    let text = run(&["diff", "builtin", new, "--as-of", "2026-11-23"]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(forward.status.code(), Some(1), "{}", String::from_utf8_lossy(&forward.stderr));
    let expected: BTreeSet<Row> = [
        row("collect", "visual_images.company_logo", None, "conditional", "deny"),
        row("collect", "usage.community_directory", None, "permit", "conditional"),
        row("share", "visual_images.company_logo", Some("pcg_uk"), "conditional", "not_stated"),
    ]
    .into();
    assert_eq!(rows(&forward), expected);
    let swapped: BTreeSet<Row> = expected.iter().map(|(a, s, c, o, old, new)| (a.clone(), s.clone(), c.clone(), o.clone(), new.clone(), old.clone())).collect();
    assert_eq!(backward.status.code(), Some(1));
    assert_eq!(rows(&backward), swapped);

    // The text groups by notice and service and gives both reasons with their quotes.
    let out = String::from_utf8(text.stdout).unwrap();
    assert_eq!(text.status.code(), Some(1));
    assert!(out.starts_with("notice kcc_community_directory\n  service Community Directory (community_directory)\n"), "{out}");
    assert!(out.contains("conditional -> deny"), "{out}");
    assert!(out.contains("cd.collect.visual (permit), \"The personal information we collect and use\": \"Visual images e.g., company logos for services\""), "{out}");
    assert!(out.contains("cd.collect.visual (deny)"), "{out}");
    assert!(out.contains("3 question(s) changed, 0 only in old, 0 only in new"), "{out}");
}

#[test]
fn a_set_against_itself_differs_in_nothing() {
    let o = run(&["diff", "builtin", "policies", "--as-of", "2026-11-23"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{out}{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("builtin -> policies: 0 question(s) changed, 0 only in old, 0 only in new"), "{out}");
}

#[test]
fn bad_input_gets_a_clear_error_and_its_exit_code() {
    let o = run(&["diff", "builtin", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/dir"));
    let o = run(&["diff", "builtin", "tests/fixtures/broken"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("error"));
    let o = run(&["diff", "builtin", "builtin", "--as-of", "2026-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"2026-02-30\" is not a date"));
}
