//! Differential test: noticegate, Cedar and Regorus on the same share and collect questions.
use noticegate::{Date, Engine};
use noticegate_peers::*;

fn as_of() -> Date { Date::parse("2026-11-23").unwrap() }

#[test]
fn exports_load_in_both_engines() {
    let set = Engine::builtin().policy();
    CedarRunner::new(set).expect("cedar loads and validates");
    RegoRunner::new(set).expect("rego loads");
}

fn run(stride: usize, sample: usize) {
    let engine = Engine::builtin();
    let set = engine.policy();
    let ng = NoticegateRunner { engine };
    let cedar = CedarRunner::new(set).expect("cedar");
    let mut rego = RegoRunner::new(set).expect("rego");
    let (qs, full) = questions(set, as_of(), stride);
    let picked: Vec<&Peerq> = qs.iter().step_by(sample.max(1)).collect();
    eprintln!("question space {full}; generated {} (uncovered kept 1 in {stride}); asked {} (1 in {sample})", qs.len(), picked.len());
    let mut bad = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for p in &picked {
        let n = ng.verdict(&ng.resolved(p));
        let c = cedar.verdict(&cedar.request(set, p));
        let r = rego.verdict(rego.input(set, p));
        *counts.entry(format!("{n:?}")).or_insert(0usize) += 1;
        if n != c || n != r {
            bad.push(format!(
                "{} {} / {} / {:?} facts {:?}: noticegate {n:?}, cedar {c:?}, rego {r:?}",
                p.action.name(), activity_uid(set, p.activity),
                set.vocab.table(noticegate::VocabKind::Category).entries[p.category as usize].id,
                p.recipient.map(|x| &set.vocab.table(noticegate::VocabKind::Recipient).entries[x as usize].id),
                p.facts.iter().map(|(f, v)| (&set.vocab.table(noticegate::VocabKind::Fact).entries[*f as usize].id, v)).collect::<Vec<_>>(),
            ));
        }
    }
    eprintln!("verdicts (noticegate): {counts:?}; disagreements: {}", bad.len());
    for b in bad.iter().take(20) { eprintln!("  {b}"); }
    assert!(bad.is_empty(), "{} disagreements, first: {}", bad.len(), bad[0]);
}

/// The default run: every covered question with every fact combination, one uncovered
/// question in 50 (all not_stated in noticegate), and then one question in
/// `PEERS_SAMPLE` (default 97; 1 asks all, hours in debug) of that list.
#[test]
fn differential_share_and_collect() {
    let sample = std::env::var("PEERS_SAMPLE").ok().and_then(|s| s.parse().ok()).unwrap_or(97);
    let stride = std::env::var("PEERS_UNCOVERED_STRIDE").ok().and_then(|s| s.parse().ok()).unwrap_or(50);
    run(stride, sample);
}
