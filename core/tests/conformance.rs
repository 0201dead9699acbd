//! Runs the conformance corpus (`tests/cases/*.jsonl`) against the core. See
//! `tests/cases/README.md` for the format. Every failing case is reported, not just the first.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use noticegate::findings::{RecordedFinding, KINDS_WITHOUT_CASES};
use noticegate::Engine;
use serde_json::Value;

/// The recorded findings of the built-in set (`policies/findings/`), loaded from the files:
/// the snapshot carries none.
fn recorded_findings() -> Vec<RecordedFinding> {
    Engine::load(&Engine::builtin_sources()).expect("the built-in set loads").policy().recorded.findings.clone()
}

/// For each corpus case a finding names in `cases`, the ids of those findings.
fn findings_by_case(findings: &[RecordedFinding]) -> BTreeMap<&str, Vec<&str>> {
    let mut by_case: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for f in findings {
        for c in &f.cases {
            by_case.entry(c.as_str()).or_default().push(f.id.as_str());
        }
    }
    by_case
}

/// Every case of the corpus: (file, line number, case).
pub fn corpus() -> Vec<(String, usize, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "jsonl")).collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for (i, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}:{}: not JSON: {e}", i + 1));
            out.push((name.clone(), i + 1, case));
        }
    }
    out
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array().map(|a| a.iter().filter_map(|x| x[key].as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// What is wrong with one case's decision, if anything.
fn check(case: &Value, answer: &Value) -> Option<String> {
    let expect = &case["expect"];
    if let Some(code) = expect.get("error") {
        return match answer.get("error") {
            Some(e) if e["code"] == *code => None,
            _ => Some(format!("expected error {code}, got {answer}")),
        };
    }
    if answer.get("error").is_some() {
        return Some(format!("expected a decision, got {answer}"));
    }
    let mut problems = Vec::new();
    if answer["verdict"] != expect["verdict"] {
        problems.push(format!("verdict {} (expected {})", answer["verdict"], expect["verdict"]));
    }
    if let Some(rules) = expect.get("rules") {
        let want: Vec<String> = serde_json::from_value(rules.clone()).unwrap();
        let got = ids(&answer["reasons"], "rule");
        if got != want {
            problems.push(format!("rules {got:?} (expected {want:?})"));
        }
    }
    if let Some(obligations) = expect.get("obligations") {
        let want: Vec<String> = serde_json::from_value(obligations.clone()).unwrap();
        let got = ids(&answer["obligations"], "fact");
        if got != want {
            problems.push(format!("obligations {got:?} (expected {want:?})"));
        }
    }
    // Transfers name the legal mechanism; retention gives dates and schedules.
    if let Some(want) = expect.get("mechanism") {
        let got = answer.get("mechanism").map_or(Value::Null, |m| m["id"].clone());
        if got != *want {
            problems.push(format!("mechanism {got} (expected {want})"));
        }
    }
    for key in ["disposal_date", "schedule"] {
        if let Some(want) = expect.get(key) {
            let got = answer.get(key).cloned().unwrap_or(Value::Null);
            if got != *want {
                problems.push(format!("{key} {got} (expected {want})"));
            }
        }
    }
    if let Some(want) = expect.get("disposal_dates") {
        let got: Vec<Value> = answer["disposal_dates"].as_array().cloned().unwrap_or_default().iter().map(|d| d["date"].clone()).collect();
        let want: Vec<Value> = want.as_array().cloned().unwrap_or_default().iter().map(|d| if d.is_object() { d["date"].clone() } else { d.clone() }).collect();
        if got != want {
            problems.push(format!("disposal_dates {got:?} (expected {want:?})"));
        }
    }
    // Each expected note text must be part of one of the decision's notes.
    if let Some(want) = expect.get("notes") {
        let got: Vec<&str> = answer["notes"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        for text in want.as_array().cloned().unwrap_or_default() {
            let text = text.as_str().unwrap_or_default().to_string();
            if !got.iter().any(|note| note.contains(&text)) {
                problems.push(format!("no note contains {text:?} (notes {got:?})"));
            }
        }
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

#[test]
fn the_corpus_passes() {
    let engine = Engine::builtin();
    let cases = corpus();
    let findings = recorded_findings();
    let by_case = findings_by_case(&findings);
    let mut names = HashSet::new();
    let mut failures = Vec::new();
    for (file, line, case) in &cases {
        let name = case["case"].as_str().unwrap_or_else(|| panic!("{file}:{line}: no `case` name"));
        assert!(names.insert(name.to_string()), "{file}:{line}: case name {name} is used twice");
        assert!(case["cites"].as_str().is_some_and(|c| !c.is_empty()), "{file}:{line}: {name} cites nothing");
        assert!(case["question"]["as_of"].is_string() || case["expect"].get("error").is_some(), "{file}:{line}: {name} has no as_of");
        let question = case["question"].to_string();
        let answer: Value = serde_json::from_str(&engine.ask_json(&question)).unwrap();
        if let Some(problem) = check(case, &answer) {
            // A case a finding names shows what the finding says the engine answers: name the
            // finding, whose text must then change with the answer (or the answer is wrong).
            let cited = match by_case.get(name) {
                Some(ids) => format!(" (the answer finding {} describes)", ids.join(", ")),
                None => String::new(),
            };
            failures.push(format!("{file}:{line} {name}{cited}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
    assert!(!cases.is_empty());
    println!("{} conformance cases passed", cases.len());
}

/// The fast path (`Engine::verdict`: conditions as fact masks, enum values one bit each)
/// gives every case's question the verdict of the full evaluation, with the case's own facts
/// and with each value of each enum fact the case states.
#[test]
fn the_fast_verdict_agrees_with_the_full_evaluation() {
    let engine = Engine::builtin();
    let facts = engine.policy().vocab.table(noticegate::VocabKind::Fact);
    let mut compared = 0;
    for (file, line, case) in corpus() {
        let mut variants = vec![case["question"].clone()];
        for (name, _) in case["question"]["facts"].as_object().into_iter().flatten() {
            let Ok(fact) = engine.lookup(noticegate::VocabKind::Fact, name, "facts") else { continue };
            if let Some(noticegate::model::FactType::Enum(values)) = &facts.entries[fact as usize].fact_type {
                for value in values {
                    let mut q = case["question"].clone();
                    q["facts"][name] = Value::String(value.clone());
                    variants.push(q);
                }
            }
        }
        for question in variants {
            let text = question.to_string();
            let Ok(q) = noticegate::parse_question(&text) else { continue };
            if matches!(q.ask, Some(noticegate::Ask::Retention | noticegate::Ask::Rights)) {
                continue;
            }
            let Ok(resolved) = engine.resolve(&q) else { continue };
            assert_eq!(engine.verdict(&resolved), engine.evaluate(&resolved).verdict, "{file}:{line}: {text}");
            compared += 1;
        }
    }
    assert!(compared > 1000, "only {compared} questions compared");
}

#[test]
fn the_json_path_and_the_typed_path_give_the_same_bytes() {
    let engine = Engine::builtin();
    for (file, line, case) in corpus() {
        let question = case["question"].to_string();
        let q = noticegate::parse_question(&question).unwrap_or_else(|e| panic!("{file}:{line}: {e:?}"));
        let typed = noticegate::decision::answer_json(q.id.as_ref(), &engine.decide(&q));
        assert_eq!(engine.ask_json(&question), typed, "{file}:{line}");
    }
}

#[test]
fn a_batch_answers_exactly_as_each_question_alone() {
    let engine = Engine::builtin();
    let lines: Vec<String> = corpus().iter().map(|(_, _, case)| case["question"].to_string()).collect();
    let questions: Vec<noticegate::Question<'_>> = lines.iter().filter_map(|l| noticegate::parse_question(l).ok()).collect();
    // Twice over, so that names repeat within the batch.
    let doubled: Vec<noticegate::Question<'_>> = questions.iter().chain(questions.iter()).cloned().collect();
    let batch = engine.decide_many(&doubled);
    for (q, answer) in doubled.iter().zip(&batch) {
        assert_eq!(answer, &engine.decide(q), "{}", q.to_json());
    }
}

/// Issue 14: every recorded finding that describes what the engine answers names, in `cases`,
/// corpus cases that ask the engine (which `the_corpus_passes` runs, naming the finding when
/// an answer differs). The findings that describe no answer are those of the kinds
/// `KINDS_WITHOUT_CASES` and those whose `no_cases` says why no question can ask it.
#[test]
fn every_finding_that_describes_an_answer_names_corpus_cases_that_exist() {
    let findings = recorded_findings();
    let names: HashSet<String> = corpus().iter().filter_map(|(_, _, c)| c["case"].as_str().map(str::to_string)).collect();
    let mut problems = Vec::new();
    for f in &findings {
        for c in &f.cases {
            if !names.contains(c) {
                problems.push(format!("{} finding {}: case `{c}` is not in tests/cases/*.jsonl", f.location, f.id));
            }
        }
        let exempt_kind = KINDS_WITHOUT_CASES.contains(&f.kind.as_str());
        match (&f.no_cases, f.cases.is_empty()) {
            (Some(_), false) => problems.push(format!("{} finding {}: has both `cases` and `no_cases`", f.location, f.id)),
            (Some(_), true) if exempt_kind => {
                problems.push(format!("{} finding {}: kind {} needs no cases; drop `no_cases`", f.location, f.id, f.kind))
            }
            (Some(reason), true) if reason.trim().is_empty() => problems.push(format!("{} finding {}: `no_cases` gives no reason", f.location, f.id)),
            (None, true) if !exempt_kind => problems.push(format!(
                "{} finding {} (kind {}) describes what the engine answers but names no case: add `cases` (a case in tests/cases/<notice>.findings.jsonl asking what it describes) or `no_cases = \"why no question can\"`",
                f.location, f.id, f.kind
            )),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{} problems with the findings' cases:\n{}", problems.len(), problems.join("\n"));
    assert!(findings.iter().filter(|f| !f.cases.is_empty()).count() >= 90);
}
