//! `noticegate report --html`: a self-contained page of a reasonable size, and clear errors.
//! (The page itself is driven in Chromium by `cli/tests/report-browser/test.mjs`.)

mod support;

use support::run;

#[test]
fn the_page_is_self_contained_and_small() {
    let path = std::env::temp_dir().join(format!("noticegate-report-{}.html", std::process::id()));
    let o = run(&["report", "--html", path.to_str().unwrap(), "--as-of", "2026-11-23"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).ok();
    assert!(page.len() < 3_000_000, "{} bytes", page.len());
    let lower = page.to_lowercase();
    // No resource from anywhere: every script and style is inline (URLs in quotes are text).
    for tag in ["<script src", "<link", "<img", "<iframe", "@import", "url("] {
        assert!(!lower.contains(tag), "{tag}");
    }
    assert_eq!(lower.matches("<script").count(), 2, "the data and the code, both inline");
    assert!(page.contains("\"kcc_community_directory\""));
    assert!(page.contains("We will also collect anonmyised information on how the Community Directory is used"));
}

#[test]
fn bad_input_gets_a_clear_error_and_its_exit_code() {
    let o = run(&["report", "--html", "/nonexistent-dir/report.html"]);
    assert_eq!(o.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write /nonexistent-dir/report.html"));
    let o = run(&["report", "--html", "x.html", "--as-of", "yesterday"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"yesterday\" is not a date"));
    let o = run(&["report"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["--policies", "tests/fixtures/broken", "report", "--html", "x.html"]);
    assert_eq!(o.status.code(), Some(3));
}
