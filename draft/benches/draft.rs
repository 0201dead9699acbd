//! Drafting time per notice (plain text, the five built-in notices and our test notice):
//! target under 100 ms on one core (docs/benchmarks.md). Drafting is single-threaded.

use criterion::{criterion_group, criterion_main, Criterion};
use noticegate::Engine;

fn bench(c: &mut Criterion) {
    let sources = Engine::builtin_sources();
    noticegate_draft::base_engine();
    let mut texts: Vec<(String, String)> = sources.notice_texts.iter().map(|(k, v)| (k.trim_end_matches(".txt").to_string(), v.clone())).collect();
    texts.sort();
    texts.push(("library_service".into(), include_str!("../../tests/notices/library_service.txt").to_string()));
    let mut g = c.benchmark_group("draft_text");
    for (stem, text) in &texts {
        g.bench_function(stem.as_str(), |b| b.iter(|| noticegate_draft::draft_text(stem, text, stem).unwrap()));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
