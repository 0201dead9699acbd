//! The same question stream answered by noticegate, Cedar and Regorus in one process.
use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, Criterion, Throughput};
use noticegate::{Date, Engine};
use noticegate_peers::*;

const STREAM: usize = 1000;

struct Stream {
    ng: NoticegateRunner,
    cedar: CedarRunner,
    rego: RegoRunner,
    resolved: Vec<noticegate::Resolved>,
    requests: Vec<cedar_policy::Request>,
    inputs: Vec<regorus::Value>,
}

fn stream() -> Stream {
    let engine = Engine::builtin();
    let set = engine.policy();
    let (qs, _) = questions(set, Date::parse("2026-11-23").unwrap(), 50);
    let step = qs.len() / STREAM;
    let picked: Vec<&Peerq> = qs.iter().step_by(step.max(1)).take(STREAM).collect();
    let ng = NoticegateRunner { engine };
    let cedar = CedarRunner::new(set).unwrap();
    let rego = RegoRunner::new(set).unwrap();
    Stream {
        resolved: picked.iter().map(|p| ng.resolved(p)).collect(),
        requests: picked.iter().map(|p| cedar.request(set, p)).collect(),
        inputs: picked.iter().map(|p| rego.input(set, p)).collect(),
        ng,
        cedar,
        rego,
    }
}

/// Per-decision times (ns) over `rounds` passes of the stream, then the mean and percentiles.
fn per_decision(mut f: impl FnMut(usize), n: usize, rounds: usize, batch: usize) -> (f64, f64, f64, f64) {
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for start in (0..n).step_by(batch) {
            let t = Instant::now();
            for i in start..(start + batch).min(n) {
                f(i);
            }
            samples.push(t.elapsed().as_nanos() as f64 / batch as f64);
        }
    }
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| samples[((samples.len() - 1) as f64 * p) as usize];
    (samples.iter().sum::<f64>() / samples.len() as f64, pct(0.5), pct(0.9), pct(0.99))
}

fn summary(s: &mut Stream) {
    let n = s.resolved.len();
    // noticegate decisions take nanoseconds: timed in batches of 100 (Instant costs ~20 ns).
    let ng = per_decision(|i| { black_box(s.ng.verdict(black_box(&s.resolved[i]))); }, n, 200, 100);
    let cedar = per_decision(|i| { black_box(s.cedar.verdict(black_box(&s.requests[i]))); }, n, 3, 1);
    let inputs = s.inputs.clone();
    let rego = per_decision(|i| { black_box(s.rego.verdict(inputs[i].clone())); }, n, 3, 1);
    println!("\n== {n} share, collect and transfer questions, one process (ns per decision: mean / p50 / p90 / p99) ==");
    for (name, t) in [("noticegate", ng), ("cedar", cedar), ("regorus", rego)] {
        println!("{name:>10}: {:>10.1} {:>10.1} {:>10.1} {:>10.1}", t.0, t.1, t.2, t.3);
    }
    println!("ratio cedar/noticegate:   mean {:.0}x  p50 {:.0}x  p90 {:.0}x  p99 {:.0}x", cedar.0 / ng.0, cedar.1 / ng.1, cedar.2 / ng.2, cedar.3 / ng.3);
    println!("ratio regorus/noticegate: mean {:.0}x  p50 {:.0}x  p90 {:.0}x  p99 {:.0}x\n", rego.0 / ng.0, rego.1 / ng.1, rego.2 / ng.2, rego.3 / ng.3);
}

fn bench(c: &mut Criterion) {
    let mut s = stream();
    summary(&mut s);
    let n = s.resolved.len();
    let mut g = c.benchmark_group("stream");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("noticegate", |b| b.iter(|| for r in &s.resolved { black_box(s.ng.verdict(r)); }));
    g.sample_size(10);
    g.bench_function("cedar", |b| b.iter(|| for r in &s.requests { black_box(s.cedar.verdict(r)); }));
    let inputs = s.inputs.clone();
    g.bench_function("regorus", |b| b.iter(|| for i in &inputs { black_box(s.rego.verdict(i.clone())); }));
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
