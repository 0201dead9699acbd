//! Differential test: noticegate, Cedar and Regorus answer the same share, collect and
//! transfer questions from the exports of `noticegate::export`; any disagreement fails.
use noticegate::{Date, Engine, VocabKind};
use noticegate_peers::*;

fn as_of() -> Date {
    Date::parse("2026-11-23").unwrap()
}

#[test]
fn exports_load_in_both_engines() {
    let set = Engine::builtin().policy();
    CedarRunner::new(set).expect("cedar loads and validates");
    RegoRunner::new(set).expect("rego loads");
}

fn describe(set: &noticegate::model::PolicySet, p: &Peerq) -> String {
    let id = |kind: VocabKind, i: u32| set.vocab.table(kind).entries[i as usize].id.clone();
    let object_kind = p.action.object_kind().unwrap_or(VocabKind::Recipient);
    format!(
        "{} {} {} / {} / {:?} / recipient {:?} facts {:?}",
        p.as_of,
        p.action.name(),
        activity_uid(set, p.activity),
        id(VocabKind::Category, p.category),
        p.object.map(|o| id(object_kind, o)),
        p.filter.map(|r| id(VocabKind::Recipient, r)),
        p.facts.iter().map(|&(f, v)| (id(VocabKind::Fact, f), v)).collect::<Vec<_>>(),
    )
}

fn run(stride: usize, sample: usize) {
    let engine = Engine::builtin();
    let set = engine.policy();
    let ng = NoticegateRunner { engine };
    let cedar = CedarRunner::new(set).expect("cedar");
    let mut rego = RegoRunner::new(set).expect("rego");
    let (qs, full) = questions(set, as_of(), stride);
    // Every collect and transfer question is asked (there are few); shares one in `sample`.
    let picked: Vec<&Peerq> = qs
        .iter()
        .enumerate()
        .filter(|(i, p)| p.action != noticegate::Action::Share || i % sample.max(1) == 0)
        .map(|(_, p)| p)
        .collect();
    eprintln!(
        "question space {full}; generated {} (uncovered kept 1 in {stride}); asked {} (collect and transfer all, share 1 in {sample})",
        qs.len(),
        picked.len()
    );
    let mut bad = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    // A progress line every 2% (run with `--nocapture`), so a long whole-space run that is cut
    // off still says how far it got and whether it had disagreed yet.
    let started = std::time::Instant::now();
    let step = (picked.len() / 50).max(1);
    for (i, p) in picked.iter().enumerate() {
        if i > 0 && i % step == 0 {
            eprintln!("asked {i} of {} ({}%) in {:.0} s; disagreements so far: {}", picked.len(), 100 * i / picked.len(), started.elapsed().as_secs_f64(), bad.len());
        }
        let resolved = ng.resolved(p);
        let n = ng.verdict(&resolved);
        let request = cedar.request(set, p);
        let c = cedar.verdict(&request);
        let r = rego.verdict(rego.input(set, p));
        *counts.entry(format!("{} {n:?}", p.action.name())).or_insert(0usize) += 1;
        if n != c || n != r {
            bad.push(format!("{}: noticegate {n:?}, cedar {c:?}, rego {r:?}", describe(set, p)));
        } else if p.action == noticegate::Action::Transfer && n == V::Permit {
            // The mechanism: Rego names the same; Cedar's permitting policies include it.
            let mechanism = ng.mechanism(&resolved);
            let rego_mechanism = rego.mechanism();
            let cedar_mechanisms = cedar.mechanisms(&request);
            if mechanism != rego_mechanism || !mechanism.as_ref().is_some_and(|m| cedar_mechanisms.contains(m)) {
                bad.push(format!(
                    "{}: mechanism noticegate {mechanism:?}, rego {rego_mechanism:?}, cedar {cedar_mechanisms:?}",
                    describe(set, p)
                ));
            }
        }
    }
    eprintln!("verdicts (noticegate): {counts:?}; disagreements: {}", bad.len());
    for b in bad.iter().take(20) {
        eprintln!("  {b}");
    }
    assert!(bad.is_empty(), "{} disagreements, first: {}", bad.len(), bad[0]);
    for action in ["share", "collect", "transfer"] {
        for verdict in ["Permit", "Deny", "NotStated"] {
            assert!(counts.contains_key(&format!("{action} {verdict}")), "no {action} question gave {verdict}: the space is too thin");
        }
    }
    // Share questions name no purpose, so the notice-wide prohibition of sharing for
    // marketing without explicit consent (KCC) leaves permits conditional on the purpose.
    assert!(counts.contains_key("share Conditional"), "no share question gave Conditional: open prohibitions are not exercised");
}

/// The default run: every covered question with every fact combination, one uncovered
/// question in `PEERS_UNCOVERED_STRIDE` (default 50; noticegate answers them not_stated),
/// then every collect and transfer question and one share question in `PEERS_SAMPLE`
/// (default 97). `PEERS_SAMPLE=1 PEERS_UNCOVERED_STRIDE=1` asks the whole space.
#[test]
fn differential_share_collect_transfer() {
    let sample = std::env::var("PEERS_SAMPLE").ok().and_then(|s| s.parse().ok()).unwrap_or(97);
    let stride = std::env::var("PEERS_UNCOVERED_STRIDE").ok().and_then(|s| s.parse().ok()).unwrap_or(50);
    run(stride, sample);
}
