//! `noticegate draft` and `check --strict`: a drafted directory checks as written, fails the
//! strict check until reviewed, passes once the review keys are gone; errors are coded and
//! write nothing; the report shows the draft's coverage.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_noticegate"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("noticegate-cli-draft-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn a_draft_checks_fails_strict_until_reviewed_and_reports_coverage() {
    let out = tmp("ok");
    let o = run(&["draft", "tests/notices/library_service.txt", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("marked for review"));
    let dir = out.to_str().unwrap();
    let o = run(&["check", dir]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("still marked for review"), "{}", text(&o));
    let o = run(&["check", "--strict", dir]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("rule library_service.collect.email_address (library_service): drafted by noticegate draft"), "{}", text(&o));
    // A decision says the set is a draft.
    let o = run(&["--policies", dir, "ask", r#"{"ask":"collect","service":"Library Service","category":"Email address","as_of":"2026-01-01"}"#]);
    assert!(text(&o).contains("still marked for review"), "{}", text(&o));
    // The coverage view of the draft.
    let html = out.join("report.html");
    let o = run(&["--policies", dir, "report", "--html", html.to_str().unwrap(), "--as-of", "2026-01-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains(r#""coverage":{"#) && page.contains("library_service.collect.email_address"));
    std::fs::remove_file(&html).unwrap();
    // Reviewed: every `review` line removed.
    let notice = out.join("notices/library_service.toml");
    let reviewed: String = std::fs::read_to_string(&notice).unwrap().lines().filter(|l| !l.starts_with("review = ")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&notice, reviewed).unwrap();
    let o = run(&["check", "--strict", dir]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = run(&["--policies", dir, "ask", r#"{"ask":"collect","service":"Library Service","category":"Email address","as_of":"2026-01-01"}"#]);
    assert!(!text(&o).contains("marked for review"), "{}", text(&o));
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn draft_errors_are_coded_and_write_nothing() {
    let out = tmp("err");
    let input = tmp("in");
    std::fs::create_dir_all(&input).unwrap();
    let cases: [(&str, &[u8], i32, &str); 3] = [
        ("empty.txt", b"\n\n", 5, "error[empty]"),
        ("story.txt", b"Once upon a time.\n\nThe end.\n", 5, "error[no-sections]"),
        ("scan.pdf", b"%PDF-1.4\n%%EOF\n", 4, "error[unreadable]"),
    ];
    for (name, bytes, code, message) in cases {
        let f = input.join(name);
        std::fs::write(&f, bytes).unwrap();
        let o = run(&["draft", f.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(code), "{name}: {}", text(&o));
        assert!(text(&o).contains(message), "{name}: {}", text(&o));
        assert!(!Path::new(&out).exists(), "{name}: nothing is written on error");
    }
    let o = run(&["draft", input.join("missing.txt").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    std::fs::remove_dir_all(&input).unwrap();
}

/// Notices drafted one after another into one `--out` make one set that checks; a directory
/// that does not load is refused with its own code and exit 3, and nothing is written.
#[test]
fn drafts_join_the_set_in_their_directory() {
    let out = tmp("joined");
    let dir = out.to_str().unwrap();
    for notice in ["policies/sources/000_9d47a74d0aa924fd.txt", "policies/sources/002_50c1ed79355ed6f6.txt", "tests/notices/library_service.txt"] {
        let o = run(&["draft", notice, "--out", dir]);
        assert_eq!(o.status.code(), Some(0), "{notice}: {}", text(&o));
    }
    let o = run(&["check", dir]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("ok: 3 notice(s)"), "{}", text(&o));

    std::fs::write(out.join("notices/library_service.toml"), "[notice]\nid = \n").unwrap();
    let o = run(&["draft", "tests/notices/leisure_centre.txt", "--out", dir]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).starts_with("noticegate: error[invalid-policy-dir]: "), "{}", text(&o));
    assert!(!out.join("notices/leisure_centre.toml").exists());
    std::fs::remove_dir_all(&out).unwrap();
}
