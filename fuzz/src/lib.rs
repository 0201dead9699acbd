//! What the fuzz targets share: the policy sets a fuzzed file is loaded into, and the checks
//! every answer and every error must pass. A failed check panics, which libFuzzer reports as
//! a crash with the input that caused it.

use std::sync::OnceLock;

use noticegate::{Engine, PolicyErrors, PolicySources};
use serde_json::Value;

/// The name the fuzzed file is loaded under.
pub const FUZZ_FILE: &str = "fuzz.toml";

/// The notice whose file a fuzzed notice replaces (the smallest of the built-in set), and
/// the questions asked of a set that loads.
const NOTICE: &str = "notices/004_community_directory.toml";
const QUESTIONS: &[&str] = &[
    r#"{"ask":"collect","service":"Community Directory","category":"Name","facts":{"consent":"withdrawn"},"as_of":"2026-11-23"}"#,
    r#"{"id":1,"ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23"}"#,
    r#"{"ask":"use","notice":"004","category":"Name","purpose":"marketing","as_of":"2026-11-23"}"#,
    r#"{"ask":"transfer","service":"Community Directory","category":"Email address","country":"US","as_of":"2026-11-23"}"#,
    r#"{"ask":"retention","service":"Community Directory","record":"directory listing","as_of":"2026-11-23"}"#,
    r#"{"ask":"rights","service":"Community Directory","right":"erasure","basis":"consent","as_of":"2026-11-23"}"#,
];

/// The built-in files by role.
struct Builtin {
    vocabulary: Vec<(String, String)>,
    law: Vec<(String, String)>,
    notice: (String, String),
    texts: Vec<(String, String)>,
}

fn builtin() -> &'static Builtin {
    static B: OnceLock<Builtin> = OnceLock::new();
    B.get_or_init(|| {
        let all = Engine::builtin_sources();
        let mut b = Builtin { vocabulary: Vec::new(), law: Vec::new(), notice: (String::new(), String::new()), texts: Vec::new() };
        for f in &all.policy_files {
            let entry = (f.name.clone(), f.text.clone());
            if f.name.ends_with("vocabulary.toml") {
                b.vocabulary.push(entry);
            } else if f.name.contains("law/") {
                b.law.push(entry);
            } else if f.name.ends_with(NOTICE) {
                b.notice = entry;
            }
        }
        for (name, text) in &all.notice_texts {
            b.texts.push((format!("sources/{name}"), text.clone()));
        }
        b.texts.sort();
        assert!(!b.vocabulary.is_empty() && !b.law.is_empty() && !b.notice.0.is_empty(), "the built-in set is embedded");
        b
    })
}

/// What kind of policy file a text looks like, by its tables: a fuzzed file takes the place
/// of the built-in file of its kind, so that mutations of each kind reach the resolver with
/// the rest of a real set around them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Vocabulary,
    Law,
    /// A notice, a findings file, or anything else.
    Notice,
}

pub fn kind(text: &str) -> Kind {
    let has = |table: &str| text.lines().any(|l| l.trim_start().starts_with(table));
    if has("[notice]") || has("[[rule]]") || has("[[finding]]") || has("[findings]") {
        Kind::Notice
    } else if has("[[basis]]") || has("[[category]]") || has("[[recipient]]") || has("[[source]]") {
        Kind::Vocabulary
    } else if has("[[country]]") || has("[[mechanism]]") || has("[[right]]") {
        Kind::Law
    } else {
        Kind::Notice
    }
}

/// The fuzzed file alone.
pub fn alone(text: &str) -> PolicySources {
    let mut s = PolicySources::default();
    s.add(FUZZ_FILE, text);
    s
}

/// The fuzzed file in a real set: the vocabulary, the law, notice 004 and the notice texts
/// of the built-in set, less the file of the fuzzed file's kind (all law files for a law
/// file, notice 004 for a notice unless the fuzzed file is a findings file).
pub fn in_context(text: &str) -> PolicySources {
    let b = builtin();
    let k = kind(text);
    let findings = text.contains("[[finding]]") || text.contains("[findings]");
    let mut s = PolicySources::default();
    if k != Kind::Vocabulary {
        for (name, t) in &b.vocabulary {
            s.add(name, t.as_str());
        }
    }
    if k != Kind::Law {
        for (name, t) in &b.law {
            s.add(name, t.as_str());
        }
    }
    if k != Kind::Notice || findings {
        s.add(&b.notice.0, b.notice.1.as_str());
    }
    s.add(FUZZ_FILE, text);
    for (name, t) in &b.texts {
        s.add(name, t.as_str());
    }
    s
}

/// Every error names a file of the set (or the set itself) and, when it has a line, a line
/// and column inside that file; every error displays.
pub fn check_errors(sources: &PolicySources, errors: &PolicyErrors) {
    assert!(!errors.0.is_empty(), "a failed load reports at least one error");
    for d in &errors.0 {
        let file = sources.policy_files.iter().find(|f| f.name == d.file);
        match file {
            Some(f) => {
                if d.line > 0 {
                    let lines = f.text.split('\n').count();
                    assert!(d.line <= lines, "{d:?}: line past the end of {} ({lines} lines)", f.name);
                    assert!(d.column >= 1, "{d:?}: column 0 on a positioned error");
                }
            }
            None => assert!(d.line == 0 && d.file == "policy set", "{d:?}: names no file of the set"),
        }
        let shown = d.to_string();
        assert!(shown.contains(&d.message), "{shown}");
    }
    let _ = errors.to_string();
}

/// One answer line: one JSON object, a decision naming the engine's hash or an error.
/// Returns the verdict (None for an error).
pub fn check_answer(engine: &Engine, line: &str) -> Option<String> {
    assert!(!line.contains('\n'), "an answer is one line: {line}");
    let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("an answer is JSON ({e}): {line}"));
    let obj = v.as_object().unwrap_or_else(|| panic!("an answer is an object: {line}"));
    match (obj.get("verdict"), obj.get("error")) {
        (Some(verdict), None) => {
            assert_eq!(obj.get("policy_hash").and_then(Value::as_str), Some(engine.policy_hash()), "{line}");
            Some(verdict.as_str().unwrap_or_else(|| panic!("a verdict is a string: {line}")).to_string())
        }
        (None, Some(error)) => {
            assert!(error.get("code").is_some() && error.get("message").is_some(), "{line}");
            None
        }
        _ => panic!("an answer is a decision or an error, never both nor neither: {line}"),
    }
}

/// Asks `line`, checks the answer, and checks that the typed path gives the same bytes and
/// that a question that does not parse is never answered with a verdict.
pub fn ask_and_check(engine: &Engine, line: &str) {
    let answer = engine.ask_json(line);
    let verdict = check_answer(engine, &answer);
    match noticegate::parse_question(line) {
        Err(_) => assert!(verdict.is_none(), "a question that does not parse got a verdict: {line} -> {answer}"),
        Ok(q) => {
            if let Ok(d) = engine.decide(&q) {
                assert_eq!(d.policy_hash, engine.policy_hash());
            }
            let typed = noticegate::decision::answer_json(q.id.as_ref(), &engine.decide(&q));
            // Both paths read "today" for a question without `as_of`; compare only when dated.
            if q.as_of.is_some() {
                assert_eq!(answer, typed, "the JSON path and the typed path differ for {line}");
            }
        }
    }
}

/// Loads `sources` (every error checked); when the set loads, asks it a few questions.
pub fn load_and_check(sources: &PolicySources) {
    match Engine::load(sources) {
        Ok(engine) => {
            for q in QUESTIONS {
                ask_and_check(&engine, q);
            }
        }
        Err(errors) => check_errors(sources, &errors),
    }
}

/// The input as text: invalid UTF-8 is replaced, so every input reaches the loader.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
