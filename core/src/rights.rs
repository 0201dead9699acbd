//! Rights questions: which data subject rights apply to a service's processing.
//!
//! UK GDPR gives some rights under every lawful basis and others only under some (erasure,
//! portability, objection, withdrawing consent); `policies/law/rights.toml` records which,
//! with sources. A notice's own statements about a right (`action = "rights"` rules), such
//! as a limit on objecting, decide before the law's default.

use crate::compile::NO_CATEGORY;
use crate::decision::{Decision, QuestionError, RightAnswer, Verdict};
use crate::engine::Engine;
use crate::eval::{Evaluate, Resolved};
use crate::question::Question;
use crate::syntax::VocabKind;

/// Answers a rights question: one right when the question names it, else every right.
pub fn decide(engine: &Engine, q: &Question<'_>) -> Result<Decision, QuestionError> {
    let resolved = engine.resolve(q)?;
    let set = engine.policy();
    let rights_table = set.vocab.table(VocabKind::Right);
    let asked: Vec<u32> = match &q.right {
        Some(_) => vec![resolved.object],
        None => (0..rights_table.entries.len() as u32).collect(),
    };
    let mut answers = Vec::new();
    let mut reasons: Vec<u32> = Vec::new();
    // Obligations that keep a notice's unresolved limits from applying.
    let mut limits: Vec<crate::decision::Obligation> = Vec::new();
    let mut first: Option<(Verdict, crate::eval::Outcome)> = None;
    for right in asked {
        let r = Resolved { object: right, ..resolved.clone() };
        let outcome = engine.evaluate(&r);
        let entry = &rights_table.entries[right as usize];
        let (mut verdict, mut because) = if outcome.verdict != Verdict::NotStated {
            add_reasons(&mut reasons, &outcome.reasons);
            let rule = outcome.reasons.first().map(|&i| set.rules[i as usize].id.as_str()).unwrap_or("");
            (outcome.verdict, format!("the notice: rule {rule}"))
        } else {
            law_default(engine, &r, right)
        };
        // A limit of the notice that hangs on facts not stated: the law's "applies" holds
        // only if the limit does not.
        if verdict == Verdict::Permit && !outcome.possible_denies.is_empty() {
            let ids: Vec<&str> = outcome.possible_denies.iter().map(|&i| set.rules[i as usize].id.as_str()).collect();
            verdict = Verdict::Conditional;
            because = format!("{because}; unless the notice's limit applies ({}): state its facts", ids.join(", "));
            add_reasons(&mut reasons, &outcome.possible_denies);
            limits.extend(limit_obligations(engine, &r, &outcome.possible_denies));
        }
        if first.is_none() {
            first = Some((verdict, outcome));
        }
        answers.push(RightAnswer { id: entry.id.clone(), label: entry.label.clone(), verdict, because });
    }
    let (verdict, outcome) = match (&q.right, first) {
        (Some(_), Some((v, o))) => (v, Some(o)),
        _ => (Verdict::Permit, None),
    };
    let listing = crate::eval::Outcome::with_verdict(Verdict::Permit);
    let mut decision = engine.decision(q, &resolved, outcome.as_ref().unwrap_or(&listing));
    decision.verdict = verdict;
    if verdict == Verdict::Conditional && q.right.is_some() {
        for o in limits {
            if !decision.obligations.contains(&o) {
                decision.obligations.push(o);
            }
        }
    }
    if q.right.is_none() {
        decision.reasons = reasons.iter().map(|&i| engine.reason(i)).collect();
        decision.notes.clear();
        decision.obligations.clear();
    } else {
        decision.reasons = reasons.iter().map(|&i| engine.reason(i)).collect();
        decision.notes = vec![format!("Decided by {}.", answers[0].because)];
    }
    let notice = &set.notices[set.activities[resolved.activity as usize].notice as usize];
    decision.notes.extend(crate::engine::review_note(notice));
    if decision.bases.is_empty() {
        let bases = engine.compiled().activity_bases(resolved.activity, resolved.category);
        decision.bases = (0..set.vocab.table(VocabKind::Basis).entries.len() as u32)
            .filter(|b| bases >> b & 1 == 1)
            .map(|b| {
                let e = set.vocab.entry(VocabKind::Basis, b);
                crate::decision::Named { id: e.id.clone(), label: e.label.clone() }
            })
            .collect();
    }
    decision.rights = Some(answers);
    Ok(decision)
}


/// The law's answer for a right, from the bases the question or the notice names.
fn law_default(engine: &Engine, r: &Resolved, right: u32) -> (Verdict, String) {
    let set = engine.policy();
    let entry = set.vocab.entry(VocabKind::Right, right);
    let source = entry.legal_source.clone().unwrap_or_else(|| "UK GDPR".to_string());
    if entry.applies_under.is_empty() {
        return (Verdict::Permit, format!("the law, under every lawful basis ({source})"));
    }
    let bases: u128 = match r.basis {
        Some(b) => 1 << b,
        None => engine.compiled().activity_bases(r.activity, if r.category == NO_CATEGORY { NO_CATEGORY } else { r.category }),
    };
    // Only Article 6 bases decide which rights apply.
    let article6 = |b: &u32| set.vocab.entry(VocabKind::Basis, *b).article.as_deref() == Some("6");
    let named: Vec<u32> = (0..set.vocab.table(VocabKind::Basis).entries.len() as u32).filter(|b| bases >> b & 1 == 1).filter(article6).collect();
    if named.is_empty() {
        return (Verdict::NotStated, "the notice names no Article 6 basis for this processing, and the right depends on it".to_string());
    }
    let label = |b: u32| set.vocab.entry(VocabKind::Basis, b).label.clone();
    let under: Vec<String> = entry.applies_under.iter().map(|&b| label(b)).collect();
    if named.iter().any(|b| entry.applies_under.contains(b)) {
        let hit: Vec<String> = named.iter().filter(|b| entry.applies_under.contains(b)).map(|&b| label(b)).collect();
        (Verdict::Permit, format!("the law: it applies under {} ({source})", hit.join(", ")))
    } else {
        let named: Vec<String> = named.iter().map(|&b| label(b)).collect();
        (
            Verdict::Deny,
            format!("the law: it applies only under {}, and the processing rests on {} ({source})", under.join(", "), named.join(", ")),
        )
    }
}

fn add_reasons(reasons: &mut Vec<u32>, more: &[u32]) {
    for &r in more {
        if !reasons.contains(&r) {
            reasons.push(r);
        }
    }
}

/// For each rule that might forbid the right, the fact tests that keep it from applying: for
/// a deny, one of its untested conditions failing (one failing condition is enough); for a
/// limit ("only if"), every untested condition holding (one failing condition is enough for
/// it to forbid).
fn limit_obligations(engine: &Engine, r: &Resolved, denies: &[u32]) -> Vec<crate::decision::Obligation> {
    let set = engine.policy();
    let mut out = Vec::new();
    for &rule in denies {
        let rule = &set.rules[rule as usize];
        let mut unknown = rule.when.iter().filter(|c| engine.compiled().test_condition(c, &r.facts).is_none());
        let literals: Vec<crate::eval::Literal> = if rule.effect == crate::model::Effect::Limit {
            unknown.map(|c| crate::eval::Literal { condition: c.clone(), holds: true }).collect()
        } else {
            unknown.next().map(|c| crate::eval::Literal { condition: c.clone(), holds: false }).into_iter().collect()
        };
        for literal in &literals {
            let o = engine.obligation(literal);
            if !out.contains(&o) {
                out.push(o);
            }
        }
    }
    out
}
