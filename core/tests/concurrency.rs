//! Answers from many threads while another thread reloads the policies (`SharedEngine`).
//!
//! Two policy sets: A, the built-in files, and B, the same files with the effect of one rule
//! flipped (`cd.collect.personal`, permit to deny), so the question of corpus case
//! `cd-collect-name-consent-stands` is a permit under A and a deny under B. Eight readers
//! answer a stream of corpus questions (JSON and typed) while a writer reloads A, B, A, B…,
//! first through `reload_from` (a real load each time, and once a broken set that must be
//! rejected), then by swapping the two loaded engines many times. Every answer must be the
//! exact answer of the engine whose hash it names: never lost, never mixed between versions.
//! No assertion depends on timing: the writer waits, after each reload, until a reader has
//! answered with the new version.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use noticegate::diagnostics::SourceFile;
use noticegate::{parse_question, Decision, Engine, PolicySources, QuestionError, SharedEngine};
use serde_json::Value;

const READERS: usize = 8;
/// Reloads through `reload_from` (each a full load), then swaps of the loaded engines.
const LOADS: usize = 4;
const SWAPS: usize = 200;
/// Each reader answers at least this many questions, the last after the writer is done.
const MIN_PER_READER: usize = 300;
const FLIP_CASE: &str = "cd-collect-name-consent-stands";

fn corpus_questions() -> (Vec<String>, usize) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "jsonl")).collect();
    files.sort();
    let mut lines = Vec::new();
    let mut flip = None;
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines().filter(|l| !l.trim().is_empty()) {
            let case: Value = serde_json::from_str(line).unwrap();
            let mut question = case["question"].clone();
            // Ids are the question's index, so an answer shows which question it answers.
            question["id"] = Value::from(lines.len());
            if case["case"] == FLIP_CASE {
                flip = Some(lines.len());
            }
            lines.push(question.to_string());
        }
    }
    (lines, flip.expect("the flipping case is in the corpus"))
}

/// The built-in files with rule `cd.collect.personal` turned from permit to deny.
fn flipped(a: &PolicySources) -> PolicySources {
    let mut b = a.clone();
    let file = b.policy_files.iter_mut().find(|f| f.name.ends_with("notices/004_community_directory.toml")).unwrap();
    let from = "id = \"cd.collect.personal\"\naction = \"collect\"\neffect = \"permit\"";
    assert!(file.text.contains(from), "rule cd.collect.personal is a permit in the built-in set");
    let text = file.text.replacen(from, "id = \"cd.collect.personal\"\naction = \"collect\"\neffect = \"deny\"", 1);
    *file = SourceFile::new(file.name.clone(), text);
    b
}

/// What one engine answers to every question, by both paths.
struct Expected {
    json: Vec<String>,
    typed: Vec<Result<Decision, QuestionError>>,
}

fn expected(engine: &Engine, lines: &[String]) -> Expected {
    Expected {
        json: lines.iter().map(|l| engine.ask_json(l)).collect(),
        typed: lines.iter().map(|l| engine.decide(&parse_question(l).unwrap())).collect(),
    }
}

#[derive(Default)]
struct ReaderLog {
    asked: usize,
    answered: usize,
    /// Answers per policy hash.
    by_hash: HashMap<String, usize>,
    /// Answers to the flipping question per (hash, verdict).
    flips: HashMap<(String, String), usize>,
    failures: Vec<String>,
}

/// Counts a reader down when it ends, even by a panic, so the writer never waits for it.
struct Alive<'a>(&'a AtomicUsize);
impl Drop for Alive<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[test]
fn answers_during_reloads_are_never_lost_nor_mixed() {
    let (lines, flip) = corpus_questions();
    let sources_a = Engine::builtin_sources();
    let sources_b = flipped(&sources_a);
    let engine_a = Arc::new(Engine::load(&sources_a).unwrap());
    let engine_b = Arc::new(Engine::load(&sources_b).unwrap());
    let (hash_a, hash_b) = (engine_a.policy_hash().to_string(), engine_b.policy_hash().to_string());
    assert_ne!(hash_a, hash_b);
    assert_eq!(hash_a, Engine::builtin().policy_hash());
    let expect = [expected(&engine_a, &lines), expected(&engine_b, &lines)];
    let verdict_of = |answer: &str| -> String {
        serde_json::from_str::<Value>(answer).unwrap()["verdict"].as_str().unwrap_or("error").to_string()
    };
    assert_eq!(verdict_of(&expect[0].json[flip]), "permit");
    assert_eq!(verdict_of(&expect[1].json[flip]), "deny");
    let differing = (0..lines.len()).filter(|&i| expect[0].json[i].replace(&hash_a, "") != expect[1].json[i].replace(&hash_b, "")).count();

    let mut broken = sources_b.clone();
    broken.add("broken.toml", "[[category]]\nid = \"x\"\nlabel = \"X");

    let shared = SharedEngine::from_arc(Arc::clone(&engine_a));
    let done = AtomicBool::new(false);
    let alive = AtomicUsize::new(READERS);
    // Answers seen per version (0: A, 1: B), for the writer to wait on.
    let seen = [AtomicU64::new(0), AtomicU64::new(0)];
    let typed_questions: Vec<_> = lines.iter().map(|l| parse_question(l).unwrap()).collect();

    let (logs, reloads, rejected) = thread::scope(|s| {
        let readers: Vec<_> = (0..READERS)
            .map(|r| {
                let (shared, done, alive, seen, expect, lines, typed_questions) =
                    (&shared, &done, &alive, &seen, &expect, &lines, &typed_questions);
                let (hash_a, hash_b) = (&hash_a, &hash_b);
                s.spawn(move || {
                    let _alive = Alive(alive);
                    let mut log = ReaderLog::default();
                    let mut n = 0usize;
                    while !done.load(Ordering::SeqCst) || log.asked < MIN_PER_READER {
                        // Every fourth question is the flipping one; the others walk the
                        // corpus from a different place in each reader.
                        let i = if n % 4 == 0 { flip } else { (r * 151 + n * 7) % lines.len() };
                        let typed = n % 2 == 1;
                        n += 1;
                        log.asked += 1;
                        let (hash, verdict, problem) = if typed {
                            let answer = shared.decide(&typed_questions[i]);
                            let hash = match &answer {
                                Ok(d) => d.policy_hash.clone(),
                                // An error names no set; the corpus has a few by design.
                                Err(_) => String::new(),
                            };
                            let version = if hash == *hash_a { Some(0) } else if hash == *hash_b { Some(1) } else { None };
                            let problem = match (version, &answer) {
                                (Some(v), _) if answer != expect[v].typed[i] => Some(format!("typed answer to {i} differs from version {v}'s")),
                                (None, Ok(d)) => Some(format!("typed answer to {i} names an unknown hash {}", d.policy_hash)),
                                (None, Err(e)) if Err(e.clone()) != expect[0].typed[i] => Some(format!("typed error for {i} is not the expected one: {e:?}")),
                                _ => None,
                            };
                            let verdict = answer.as_ref().ok().map(|d| serde_json::to_value(d.verdict).unwrap().as_str().unwrap().to_string());
                            (hash, verdict, problem)
                        } else {
                            let answer = shared.ask_json(&lines[i]);
                            let value: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
                            let hash = value["policy_hash"].as_str().unwrap_or("").to_string();
                            let problem = if value["id"] != Value::from(i) {
                                Some(format!("JSON answer to {i} carries id {}", value["id"]))
                            } else if hash == *hash_a {
                                (answer != expect[0].json[i]).then(|| format!("JSON answer to {i} naming A differs from A's: {answer}"))
                            } else if hash == *hash_b {
                                (answer != expect[1].json[i]).then(|| format!("JSON answer to {i} naming B differs from B's: {answer}"))
                            } else if value.get("error").is_some() && answer == expect[0].json[i] && answer == expect[1].json[i] {
                                None
                            } else {
                                Some(format!("JSON answer to {i} names no known set: {answer}"))
                            };
                            (hash, value["verdict"].as_str().map(str::to_string), problem)
                        };
                        log.answered += 1;
                        if let Some(p) = problem {
                            log.failures.push(p);
                        }
                        if hash == *hash_a {
                            seen[0].fetch_add(1, Ordering::SeqCst);
                        } else if hash == *hash_b {
                            seen[1].fetch_add(1, Ordering::SeqCst);
                        }
                        if i == flip {
                            let verdict = verdict.unwrap_or_else(|| "error".into());
                            let want = if hash == *hash_a { "permit" } else { "deny" };
                            if verdict != want {
                                log.failures.push(format!("the flipping question got {verdict} under {hash}"));
                            }
                            *log.flips.entry((hash.clone(), verdict)).or_default() += 1;
                        }
                        if !hash.is_empty() {
                            *log.by_hash.entry(hash).or_default() += 1;
                        }
                    }
                    log
                })
            })
            .collect();

        // The writer (this thread): after each reload, wait until a reader answered with
        // the version just installed (or every reader has ended).
        let wait_for = |version: usize, before: u64| {
            while seen[version].load(Ordering::SeqCst) <= before && alive.load(Ordering::SeqCst) > 0 {
                thread::yield_now();
            }
        };
        let mut reloads = 0usize;
        let mut rejected = 0usize;
        for k in 0..LOADS + SWAPS {
            let version = (k + 1) % 2; // B first: A is serving.
            let before = seen[version].load(Ordering::SeqCst);
            if k < LOADS {
                let sources = if version == 0 { &sources_a } else { &sources_b };
                shared.reload_from(sources).unwrap();
            } else {
                shared.swap(Arc::clone(if version == 0 { &engine_a } else { &engine_b }));
            }
            reloads += 1;
            assert_eq!(shared.policy_hash(), if version == 0 { hash_a.as_str() } else { hash_b.as_str() });
            wait_for(version, before);
            if k == LOADS / 2 {
                // A broken set is rejected with its errors; the current engine keeps serving.
                let errors = shared.reload_from(&broken).expect_err("a broken set is rejected");
                assert!(errors.0.iter().any(|d| d.file == "broken.toml" && d.line > 0), "{errors}");
                rejected += 1;
                assert_eq!(shared.policy_hash(), if version == 0 { hash_a.as_str() } else { hash_b.as_str() });
                let before = seen[version].load(Ordering::SeqCst);
                wait_for(version, before);
            }
        }
        done.store(true, Ordering::SeqCst);
        let logs: Vec<ReaderLog> = readers.into_iter().map(|h| h.join().expect("a reader panicked")).collect();
        (logs, reloads, rejected)
    });

    let asked: usize = logs.iter().map(|l| l.asked).sum();
    let answered: usize = logs.iter().map(|l| l.answered).sum();
    let failures: Vec<&String> = logs.iter().flat_map(|l| &l.failures).collect();
    assert!(failures.is_empty(), "{} of {answered} answers are wrong, e.g.:\n{}", failures.len(), failures.iter().take(10).map(|f| f.as_str()).collect::<Vec<_>>().join("\n"));
    assert_eq!(asked, answered, "every question gets exactly one answer");
    let by = |h: &str| logs.iter().map(|l| l.by_hash.get(h).copied().unwrap_or(0)).sum::<usize>();
    let flip_count = |h: &str, v: &str| logs.iter().map(|l| l.flips.get(&(h.to_string(), v.to_string())).copied().unwrap_or(0)).sum::<usize>();
    let (under_a, under_b) = (by(&hash_a), by(&hash_b));
    assert!(under_a > 0 && under_b > 0, "both versions answered ({under_a} under A, {under_b} under B)");
    let (permits_a, denies_b) = (flip_count(&hash_a, "permit"), flip_count(&hash_b, "deny"));
    assert!(permits_a > 0 && denies_b > 0, "the flipping question was answered under both versions");
    assert_eq!(reloads, LOADS + SWAPS);
    assert_eq!(rejected, 1);
    assert_eq!(shared.policy_hash(), if (LOADS + SWAPS) % 2 == 0 { hash_a } else { hash_b });
    println!(
        "{answered} answers from {READERS} readers ({} questions in the corpus, {differing} answered differently by A and B), \
         {reloads} reloads ({LOADS} loads, {SWAPS} swaps) and {rejected} broken set rejected; \
         {under_a} answers under A, {under_b} under B; the flipping question: {permits_a} permits under A, {denies_b} denies under B",
        lines.len()
    );
}
