//! The `noticegate` binary on good and bad input: messages, exit codes, no panics.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_noticegate"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Write from another thread: a large input and output would otherwise fill both pipes.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || pipe.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().ok();
    output
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

const QUESTION: &str = r#"{"id":"q-1","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent":"given","data_processing_agreement":true}}"#;

#[test]
fn a_piped_question_gets_its_verdict_and_quote() {
    let o = run(&["ask"], QUESTION.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let d = &lines(&o)[0];
    assert_eq!(d["id"], "q-1");
    assert_eq!(d["verdict"], "permit");
    assert_eq!(
        d["reasons"][0]["quote"],
        "In the course of working with you, we may collect information from, or share it, with some of the following third parties (non exhaustive list):"
    );
    assert!(d["policy_hash"].as_str().unwrap().starts_with("sha256:"));
}

#[test]
fn questions_come_as_an_argument_or_a_file_too() {
    let o = run(&["ask", QUESTION], b"");
    assert_eq!(lines(&o)[0]["verdict"], "permit");
    let path = std::env::temp_dir().join(format!("noticegate-cli-{}.jsonl", std::process::id()));
    std::fs::write(&path, format!("{QUESTION}\n\n{QUESTION}\n")).unwrap();
    let o = run(&["ask", "--file", path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).ok();
    assert_eq!(lines(&o).len(), 2, "blank lines are skipped");
    let o = run(&["ask", "--file", "/nonexistent/q.jsonl"], b"");
    assert_eq!(o.status.code(), Some(4));
    assert!(stderr(&o).contains("/nonexistent/q.jsonl"));
}

#[test]
fn explain_shows_the_same_answer_in_words() {
    let o = run(&["ask", "--explain"], QUESTION.as_bytes());
    let text = stdout(&o);
    assert!(text.contains("PERMIT"), "{text}");
    assert!(text.contains("cd.share.pcg_uk"));
    assert!(text.contains("we may collect information from, or share it, with some of the following third parties"));
    assert!(text.contains("Article 6(1)(a)"));
    // An error in words carries the wire's code, as JSON answers do.
    let o = run(&["ask", "--explain"], br#"{"ask":"share","notice":"no such notice","service":"x","category":"Name","recipient":"x"}"#);
    assert!(stdout(&o).contains("ERROR (unknown_name) in `notice`"), "{}", stdout(&o));
}

#[test]
fn each_bad_line_gets_an_error_on_its_own_line_and_exit_code_1() {
    let input = [
        "{not json",
        r#"{"id":"m","service":"Community Directory"}"#,
        r#"{"id":"u","ask":"share","service":"Community Directory","category":"helth","recipient":"PCG UK"}"#,
        r#"{"id":"f","ask":"share","servce":"Community Directory"}"#,
        QUESTION,
    ]
    .join("\n");
    let mut bytes = input.into_bytes();
    bytes.extend_from_slice(b"\n\xff\xfe\n");
    let o = run(&["ask"], &bytes);
    assert_eq!(o.status.code(), Some(1));
    let out = lines(&o);
    assert_eq!(out.len(), 6);
    assert_eq!(out[0]["error"]["code"], "invalid_json");
    assert!(out[0]["error"]["message"].as_str().unwrap().contains("malformed JSON"));
    assert_eq!(out[1]["id"], "m");
    assert_eq!(out[1]["error"]["code"], "missing_field");
    assert_eq!(out[1]["error"]["field"], "ask");
    assert_eq!(out[2]["error"]["code"], "unknown_name");
    assert_eq!(out[2]["error"]["field"], "category");
    assert_eq!(out[2]["error"]["message"], "no category is named \"helth\"");
    assert_eq!(out[2]["error"]["suggestions"][0], "health");
    assert_eq!(out[3]["error"]["code"], "unknown_field");
    assert_eq!(out[3]["error"]["suggestions"][0], "service");
    assert_eq!(out[4]["verdict"], "permit", "the engine stays usable after errors");
    assert_eq!(out[5]["error"]["code"], "invalid_json");
    assert!(out[5]["error"]["message"].as_str().unwrap().contains("not valid UTF-8"));
}

#[test]
fn a_field_a_question_kind_does_not_take_is_an_error_not_a_verdict() {
    let o = run(&["ask", r#"{"ask":"collect","service":"Community Directory","category":"Name","country":"US"}"#], b"");
    assert_eq!(o.status.code(), Some(1));
    let d = &lines(&o)[0];
    assert_eq!(d["error"]["code"], "invalid_field");
    assert_eq!(d["error"]["field"], "country");
    assert!(d.get("verdict").is_none());
}

#[test]
fn check_passes_on_the_built_in_policies() {
    let o = run(&["check", "policies"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("every quote found verbatim"));
}

#[test]
fn check_reports_every_error_of_a_broken_set_with_its_location() {
    let o = run(&["check", "tests/fixtures/broken"], b"");
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    for expected in [
        "tests/fixtures/broken/notice.toml:10:8: error: `date` in [notice] must be a date written YYYY-MM-DD",
        "tests/fixtures/broken/notice.toml:21:1: error: unknown key `colour` in [[category]] \"contact.email\"",
        "tests/fixtures/broken/notice.toml:32:15: error: unknown category \"contact.emial\" in `categories`",
        "did you mean one of \"contact.email\"",
        "tests/fixtures/broken/notice.toml:33:15: error: unknown recipient \"nobody_known\" in `recipients`",
        "tests/fixtures/broken/notice.toml:35:9: error: this quote is not in the notice's text",
        "tests/fixtures/broken/notice.toml:37:1: error: [[rule]] \"share.email\" is missing `quote`",
        "tests/fixtures/broken/notice.toml:38:6: error: rule id \"share.email\" is defined twice (first at tests/fixtures/broken/notice.toml:28:6)",
        "unknown action \"sell\"",
        "unknown effect \"allow\"",
        "tests/fixtures/broken/syntax.toml:3:11: error: invalid TOML",
        "10 errors in the policy set",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // The same errors stop `ask --policies` before any question is answered.
    let o = run(&["--policies", "tests/fixtures/broken", "ask", QUESTION], b"");
    assert_eq!(o.status.code(), Some(3));
    assert!(stdout(&o).is_empty());
}

#[test]
fn check_on_a_missing_directory_is_an_io_error() {
    let o = run(&["check", "no/such/dir"], b"");
    assert_eq!(o.status.code(), Some(4));
    assert!(stderr(&o).contains("no/such/dir"));
}

#[test]
fn list_shows_ids_labels_and_aliases() {
    let o = run(&["list", "categories"], b"");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).lines().any(|l| l.starts_with("contact.email") && l.contains("Email address") && l.contains("e-mail")));
    let o = run(&["list", "facts", "--json"], b"");
    let facts = lines(&o);
    assert!(facts.iter().any(|f| f["id"] == "consent" && f["type"] == "enum"));
    let o = run(&["list", "services"], b"");
    assert!(stdout(&o).contains("community_directory"));
    let o = run(&["list", "nonsense"], b"");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_cli_gives_the_core_decision_byte_for_byte_on_the_corpus() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases");
    let mut questions = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in std::fs::read_to_string(&path).unwrap().lines().filter(|l| !l.trim().is_empty()) {
                let case: serde_json::Value = serde_json::from_str(line).unwrap();
                questions.push(case["question"].to_string());
            }
        }
    }
    assert!(questions.len() >= 100);
    let o = run(&["ask"], questions.join("\n").as_bytes());
    let got: Vec<&str> = std::str::from_utf8(&o.stdout).unwrap().lines().collect();
    assert_eq!(got.len(), questions.len());
    let engine = noticegate::Engine::builtin();
    for (q, line) in questions.iter().zip(got) {
        assert_eq!(line, engine.ask_json(q), "for {q}");
    }
}

#[test]
fn the_generated_policy_reference_is_current() {
    let o = run(&["reference"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/policies.md")).unwrap_or_default();
    assert!(
        stdout(&o) == committed,
        "docs/policies.md is out of date with policies/: run scripts/regenerate-docs and commit the result"
    );
    assert!(committed.contains("## Kent Connect to Support Privacy Notice"));
}

#[test]
fn every_question_of_the_space_is_answered_without_error() {
    let space = run(&["space", "--as-of", "2026-11-23"], b"");
    assert!(space.status.success(), "{}", stderr(&space));
    let questions = stdout(&space);
    // The built-in set's space (docs/changes/ uses it); every line a question `ask` takes.
    assert!(questions.lines().count() > 500_000, "{} questions", questions.lines().count());
    let sample: String = questions.lines().step_by(997).map(|l| format!("{l}\n")).collect();
    let answers = run(&["ask"], sample.as_bytes());
    assert!(answers.status.success(), "{}", stderr(&answers));
    let answers = lines(&answers);
    assert_eq!(answers.len(), sample.lines().count());
    assert!(answers.iter().all(|a| a.get("verdict").is_some()), "{:?}", answers.iter().find(|a| a.get("verdict").is_none()));
    // A notice-wide question names only the notice.
    let notice_wide = questions.lines().find(|l| !l.contains("\"service\"")).expect("notice-wide questions");
    let notice_wide: serde_json::Value = serde_json::from_str(notice_wide).unwrap();
    assert!(notice_wide["notice"].is_string() && notice_wide["category"].is_string(), "{notice_wide}");
}
