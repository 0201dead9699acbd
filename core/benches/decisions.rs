//! Benchmarks for the core targets of docs/design.md ("Targets"), on the built-in
//! policy set (the Community Directory notice, `policies/notices/004_community_directory.toml`).
//!
//! | group            | target                                                         |
//! |------------------|----------------------------------------------------------------|
//! | `share_resolved` | one share decision, ids already resolved: under 10 ns          |
//! | `json_to_json`   | one share decision, JSON question to JSON decision: under 1 µs |
//! | `batch_one_core` | batch throughput, one core: over 100 million decisions/s       |
//! | `load_builtin`   | loading the built-in policy set: under 1 ms                    |
//!
//! `json_steps` and `load_steps` are not targets: they time the stages of the two slower
//! paths separately, so that a miss can be traced to the stage that costs it.
//!
//! Run (results and their reading are in `docs/benchmarks.md`):
//!
//! ```text
//! cargo bench -p noticegate --bench decisions -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use noticegate::compile::compile;
use noticegate::decision::answer_json;
use noticegate::check::resolve;
use noticegate::parse::parse_file;
use noticegate::{parse_question, Engine, Resolved, Verdict};

/// The share question of the target: every fact the deciding rule tests is stated, so
/// the fast path (`Compiled::verdict`, no allocation) decides it, and the answer is a permit.
const SHARE_LINE: &str = r#"{"id":"q-1","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent":"given","data_processing_agreement":true}}"#;

/// The target's question with the category as the notice's plural ("email addresses").
const SHARE_LINE_NOTICE_WORDING: &str = r#"{"id":"q-1","ask":"share","service":"Community Directory","category":"email addresses","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent_withdrawn":false,"data_processing_agreement":true}}"#;

/// The same question with `data_processing_agreement` left unstated: the answer is
/// `conditional`, found by partial evaluation (`Compiled::evaluate`), which allocates.
const SHARE_LINE_UNKNOWN_FACT: &str = r#"{"ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent":"given"}}"#;

/// Names as a caller would write them: labels, aliases and ids, with some the notice does not
/// cover (special category and criminal offence data, which the directory never collects).
const CATEGORIES: &[&str] = &[
    "Name",
    "Email address",
    "Telephone number",
    "contact",
    "Internet protocol (IP) address",
    "login data",
    "browser",
    "Company",
    "Employment",
    "licences",
    "company logo",
    "usage statistics",
    "Information relating to health",
    "Criminal offence data",
];
const RECIPIENTS: &[&str] =
    &["PCG UK", "pcg_uk", "Law enforcement", "Other authorities", "Legal advisers", "Professional advisers", "Processor"];
const PURPOSES: &[&str] = &["registration", "promotion", "availability", "statistics", "administration"];
/// Every fact a rule of the notice tests: all are stated, so every question of a stream takes
/// the fast path, as the targets intend (the `unknown_fact` bench shows the other path).
const FACTS: &[&str] =
    &["consent", "data_processing_agreement", "required_by_law", "legal_proceedings", "dispute_complaint_or_claim", "legal_claims"];

/// A small deterministic generator (xorshift64), so every run decides the same questions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// `n` varied question lines: share, collect and use in a 2:1:1 mix, over the categories,
/// recipients and purposes above; facts mostly favourable (so permits dominate, as in a
/// gate's real traffic) but with consent withdrawn in one question of five (deny for
/// collection, not_stated for use and share) and an occasional lawful basis, named or not.
fn question_lines(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let mut fields = vec![
                format!(r#""id":{i}"#),
                r#""service":"Community Directory""#.to_string(),
                format!(r#""category":"{}""#, rng.pick(CATEGORIES)),
                format!(r#""as_of":"{}""#, if rng.chance(50) { "2026-11-23" } else { "2025-03-01" }),
            ];
            match rng.next() % 4 {
                0 => fields.push(r#""ask":"collect""#.to_string()),
                1 => {
                    fields.push(r#""ask":"use""#.to_string());
                    fields.push(format!(r#""purpose":"{}""#, rng.pick(PURPOSES)));
                }
                _ => {
                    fields.push(r#""ask":"share""#.to_string());
                    fields.push(format!(r#""recipient":"{}""#, rng.pick(RECIPIENTS)));
                }
            }
            if rng.chance(10) {
                // Article 6(1)(a) is the basis the notice names; 6(1)(f) it does not.
                fields.push(format!(r#""basis":"{}""#, if rng.chance(50) { "Article 6(1)(a)" } else { "Article 6(1)(f)" }));
            }
            let facts: Vec<String> = FACTS
                .iter()
                .map(|&f| {
                    let value = match f {
                        "consent" => if rng.chance(20) { r#""withdrawn""# } else { r#""given""# }.to_string(),
                        "data_processing_agreement" => rng.chance(90).to_string(),
                        _ => rng.chance(30).to_string(),
                    };
                    format!(r#""{f}":{value}"#)
                })
                .collect();
            fields.push(format!(r#""facts":{{{}}}"#, facts.join(",")));
            format!("{{{}}}", fields.join(","))
        })
        .collect()
}

/// Parses and resolves one question line, which must be valid.
fn resolved(engine: &Engine, line: &str) -> Resolved {
    let q = parse_question(line).unwrap_or_else(|e| panic!("bench question does not parse: {line}: {e:?}"));
    engine.resolve(&q).unwrap_or_else(|e| panic!("bench question does not resolve: {line}: {e:?}"))
}

/// `n` varied questions, resolved once up front (as a batch API does), checked to take the
/// fast path and to mix every verdict the fast path gives; the mix is printed to stderr.
fn resolved_stream(engine: &Engine, n: usize) -> Vec<Resolved> {
    let stream: Vec<Resolved> = question_lines(n, 0x6e6f_7469_6365).iter().map(|l| resolved(engine, l)).collect();
    let mut counts = [0usize; 4];
    for r in &stream {
        counts[engine.verdict(r) as usize] += 1;
    }
    eprintln!(
        "stream of {n}: {} permit, {} conditional, {} deny, {} not_stated",
        counts[Verdict::Permit as usize],
        counts[Verdict::Conditional as usize],
        counts[Verdict::Deny as usize],
        counts[Verdict::NotStated as usize]
    );
    assert_eq!(counts[Verdict::Conditional as usize], 0, "every fact is stated, so nothing should need partial evaluation");
    assert!(
        counts[Verdict::Permit as usize] > 0 && counts[Verdict::Deny as usize] > 0 && counts[Verdict::NotStated as usize] > 0
    );
    stream
}

/// Decides every question of a stream; the verdict counts are returned so that no decision
/// can be optimised away.
#[inline(never)]
fn decide_all(engine: &Engine, stream: &[Resolved]) -> [u32; 4] {
    let mut counts = [0u32; 4];
    for r in stream {
        counts[engine.verdict(r) as usize] += 1;
    }
    counts
}

/// Target (docs/design.md): "one share decision, ids already resolved: under 10 ns".
fn share_resolved(c: &mut Criterion) {
    let engine = Engine::builtin();
    let mut group = c.benchmark_group("share_resolved");

    // The target's question exactly: one cell look-up and a short scan.
    let one = resolved(engine, SHARE_LINE);
    assert_eq!(engine.verdict(&one), Verdict::Permit);
    group.bench_function("one", |b| b.iter(|| engine.verdict(black_box(&one))));

    // The same question with a fact unstated: not a target, but the price a caller pays for
    // asking before it knows every fact (partial evaluation, with allocation).
    let unknown = resolved(engine, SHARE_LINE_UNKNOWN_FACT);
    assert_eq!(engine.verdict(&unknown), Verdict::Conditional);
    group.bench_function("unknown_fact", |b| b.iter(|| engine.verdict(black_box(&unknown))));

    // A varied stream, so one question's branch history and cache lines do not flatter the
    // result: per decision, through Throughput::Elements.
    let stream = resolved_stream(engine, 400);
    group.throughput(Throughput::Elements(stream.len() as u64));
    group.bench_function("stream_400", |b| b.iter(|| decide_all(engine, black_box(&stream))));
    group.finish();
}

/// Target (docs/design.md): "one share decision from a JSON question to a JSON decision: under 1 µs".
fn json_to_json(c: &mut Criterion) {
    let engine = Engine::builtin();
    assert!(engine.ask_json(SHARE_LINE).contains(r#""verdict":"permit""#));
    let mut group = c.benchmark_group("json_to_json");
    group.bench_function("ask_json", |b| b.iter(|| engine.ask_json(black_box(SHARE_LINE))));
    // Not a target of its own: the same question in the notice's words ("email addresses"),
    // which only the normalised key finds (`names.rs`), after the folded key misses.
    group.bench_function("ask_json_notice_wording", |b| b.iter(|| engine.ask_json(black_box(SHARE_LINE_NOTICE_WORDING))));
    group.finish();
}

/// Not a target: `ask_json`'s stages one by one (parse the line, resolve names, evaluate,
/// build the wire decision, serialise it), to show where the JSON path's time goes.
fn json_steps(c: &mut Criterion) {
    let engine = Engine::builtin();
    let q = parse_question(SHARE_LINE).expect("parses");
    let r = engine.resolve(&q).expect("resolves");
    let outcome = engine.evaluate(&r);
    let decision = engine.decision(&q, &r, &outcome);
    let answer = Ok(decision.clone());

    let mut group = c.benchmark_group("json_steps");
    group.bench_function("parse_question", |b| b.iter(|| parse_question(black_box(SHARE_LINE)).is_ok()));
    group.bench_function("resolve", |b| b.iter(|| engine.resolve(black_box(&q))));
    group.bench_function("evaluate", |b| b.iter(|| engine.evaluate(black_box(&r))));
    group.bench_function("decision", |b| b.iter(|| engine.decision(black_box(&q), black_box(&r), black_box(&outcome))));
    group.bench_function("answer_json", |b| b.iter(|| answer_json(None, black_box(&answer))));
    group.finish();
}

/// Target (docs/design.md): "batch throughput, one core: over 100 million decisions per second".
fn batch_one_core(c: &mut Criterion) {
    let engine = Engine::builtin();
    // Names are resolved once per batch (docs/design.md), so resolution is outside the timed loop.
    let batch = resolved_stream(engine, 10_000);
    let mut group = c.benchmark_group("batch_one_core");
    group.throughput(Throughput::Elements(batch.len() as u64));
    group.bench_function("10000", |b| b.iter(|| decide_all(engine, black_box(&batch))));
    group.finish();
}

/// Target (docs/design.md): "loading the built-in policy set: under 1 ms".
fn load_builtin(c: &mut Criterion) {
    // The sources are built once: the target is the load (parse, check, compile, hash), not
    // copying the embedded strings. The engine's drop is not timed.
    let with_texts = Engine::builtin_sources();
    assert!(!with_texts.notice_texts.is_empty(), "the built-in set embeds its notice texts");
    let mut without_texts = with_texts.clone();
    without_texts.notice_texts.clear();

    let mut group = c.benchmark_group("load_builtin");
    // What `Engine::builtin()` does on first use: decode the snapshot that build.rs loaded,
    // checked and compiled, and render the reason fragments. This is the design target.
    assert!(Engine::builtin_is_precompiled(), "the built-in snapshot is empty: the policies have errors");
    group.bench_function("snapshot", |b| b.iter_with_large_drop(|| Engine::load_builtin().expect("loads")));
    // The same set from its files at run time (as `--policies DIR` does): every quote
    // checked against its notice.
    group.bench_function("from_files_with_quote_check", |b| {
        b.iter_with_large_drop(|| Engine::load(black_box(&with_texts)).expect("loads"))
    });
    // No notice texts: no quote check, and the texts are not hashed either.
    group.bench_function("from_files_without_quote_check", |b| {
        b.iter_with_large_drop(|| Engine::load(black_box(&without_texts)).expect("loads"))
    });
    group.finish();
}

/// Not a target: `Engine::load`'s stages one by one (TOML parsing, name resolution with and
/// without the quote check, compilation, the policy hash with and without notice texts).
fn load_steps(c: &mut Criterion) {
    let sources = Engine::builtin_sources();
    let mut without_texts = sources.clone();
    without_texts.notice_texts.clear();
    let files = &sources.policy_files;
    let parse_all = || {
        let mut diags = Vec::new();
        let parsed: Vec<_> = files.iter().enumerate().map(|(i, f)| parse_file(f, i as u32, &mut diags)).collect();
        assert!(diags.is_empty());
        parsed
    };
    let parsed = parse_all();
    let (set, diags) = resolve(files, &parsed, Some(&sources.notice_texts));
    assert!(diags.is_empty());

    let mut group = c.benchmark_group("load_steps");
    group.bench_function("parse_toml", |b| b.iter_with_large_drop(parse_all));
    group.bench_function("resolve_with_quote_check", |b| {
        b.iter_with_large_drop(|| resolve(files, black_box(&parsed), Some(&sources.notice_texts)))
    });
    group.bench_function("resolve_without_quote_check", |b| b.iter_with_large_drop(|| resolve(files, black_box(&parsed), None)));
    group.bench_function("compile", |b| b.iter_with_large_drop(|| compile(black_box(&set))));
    group.bench_function("hash_with_texts", |b| b.iter(|| black_box(&sources).hash()));
    group.bench_function("hash_without_texts", |b| b.iter(|| black_box(&without_texts).hash()));
    group.finish();
}

/// Not a target by itself, but the core of the WASM `checkField` (target under 1 µs
/// for the whole call): classifying a form field label.
fn classify_label(c: &mut Criterion) {
    let engine = Engine::builtin();
    let mut group = c.benchmark_group("classify");
    group.bench_function("your_email_address", |b| b.iter(|| engine.classify(black_box("Your email address"))));
    group.bench_function("unclassified", |b| b.iter(|| engine.classify(black_box("Favourite colour"))));
    group.finish();
}

criterion_group!(benches, share_resolved, json_to_json, json_steps, batch_one_core, load_builtin, load_steps, classify_label);
criterion_main!(benches);
