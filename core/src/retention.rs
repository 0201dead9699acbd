//! Retention questions: which rule keeps a record class, and when it must be destroyed.
//!
//! A retention rule gives periods after dates the question states (date of birth, last
//! contact, ...), or names a retention schedule only by reference, in which case no period
//! is invented. Calendar arithmetic is `Date::add` (month ends and leap days clamp).

use crate::date::Date;
use crate::decision::{Decision, DisposalDate, ErrorCode, QuestionError, Reason, Verdict};
use crate::engine::Engine;
use crate::eval::FactValue;
use crate::model::{Combine, Retention};
use crate::question::Question;
use crate::syntax::VocabKind;

/// Answers a retention question.
pub fn decide(engine: &Engine, q: &Question<'_>) -> Result<Decision, QuestionError> {
    for (field, value) in [("category", &q.category), ("recipient", &q.recipient), ("purpose", &q.purpose), ("country", &q.country), ("right", &q.right), ("basis", &q.basis)] {
        if value.is_some() {
            return Err(QuestionError::new(ErrorCode::InvalidField, Some(field), format!("`{field}` does not apply to retention questions")));
        }
    }
    let set = engine.policy();
    let activity = engine.resolve_activity(q)?;
    let record = match &q.record {
        Some(name) => engine.lookup(VocabKind::Record, name, "record")?,
        None => return Err(QuestionError::new(ErrorCode::MissingField, Some("record"), "retention questions need `record`, the record class")),
    };
    let facts = engine.resolve_facts(q)?;
    let a = &set.activities[activity as usize];
    let records = set.vocab.table(VocabKind::Record);
    // The most specific rule that covers the activity and record, then the first written.
    let covering = set
        .retentions
        .iter()
        .enumerate()
        .filter(|(_, r)| r.notice == a.notice)
        .filter(|(_, r)| r.activities.is_empty() || (!a.is_notice_scope && a.ancestors.iter().any(|x| r.activities.contains(x))))
        .filter(|(_, r)| r.records.is_empty() || r.records.iter().any(|&x| records.is_within(record, x)))
        .max_by_key(|(i, r)| (!r.activities.is_empty(), !r.records.is_empty(), std::cmp::Reverse(*i)));
    let mut decision = Decision {
        id: q.id.clone(),
        verdict: Verdict::NotStated,
        obligations: Vec::new(),
        reasons: Vec::new(),
        bases: Vec::new(),
        special_category: None,
        criminal_offence: None,
        disposal_date: None,
        disposal_dates: Vec::new(),
        schedule: None,
        rights: None,
        mechanism: None,
        notes: crate::engine::review_note(&set.notices[a.notice as usize]).into_iter().collect(),
        policy_hash: engine.policy_hash().to_string(),
    };
    let record_label = &records.entries[record as usize].label;
    let Some((_, rule)) = covering else {
        let notice = &set.notices[a.notice as usize];
        decision.notes.push(format!("No retention rule of \"{}\" covers {record_label}.", notice.title));
        return Ok(decision);
    };
    decision.reasons.push(reason(engine, rule));
    decision.schedule = rule.schedule.clone();
    if rule.periods.is_empty() {
        decision.notes.push(format!(
            "The notice sets this retention by reference to schedule {}, which it does not include: no period is stated, so none is given.",
            rule.schedule.as_deref().unwrap_or("(unnamed)")
        ));
        return Ok(decision);
    }
    let date_of = |fact: u32| facts.iter().find(|(f, _)| *f == fact).and_then(|(_, v)| if let FactValue::Date(d) = v { Some(*d) } else { None });
    let computed: Vec<Option<Date>> =
        rule.periods.iter().map(|p| date_of(p.after).map(|d| d.add(p.years, p.months, p.days))).collect();
    let fact_id = |f: u32| set.vocab.entry(VocabKind::Fact, f).id.clone();
    let missing: Vec<String> = rule.periods.iter().zip(&computed).filter(|(_, c)| c.is_none()).map(|(p, _)| fact_id(p.after)).collect();
    let all_needed = matches!(rule.combine, Combine::Latest | Combine::Earliest);
    if (all_needed && !missing.is_empty()) || computed.iter().all(Option::is_none) {
        let joiner = if all_needed { " and " } else { " or " };
        let mut e = QuestionError::new(
            ErrorCode::MissingField,
            Some(&format!("facts.{}", missing[0])),
            format!("retention rule \"{}\" needs the date {} to compute the disposal date", rule.id, missing.join(joiner)),
        );
        e.suggestions = missing.into_iter().take(3).collect();
        return Err(e);
    }
    let chosen: Option<usize> = match rule.combine {
        Combine::Latest => (0..computed.len()).max_by_key(|&i| computed[i]),
        Combine::Earliest => (0..computed.len()).min_by_key(|&i| computed[i]),
        Combine::Either if computed.iter().flatten().count() == 1 => computed.iter().position(Option::is_some),
        Combine::Either => None,
    };
    for (i, (p, date)) in rule.periods.iter().zip(&computed).enumerate() {
        if let Some(date) = date {
            decision.disposal_dates.push(DisposalDate {
                date: date.to_string(),
                after: fact_id(p.after),
                period: p.describe(),
                applies: chosen == Some(i),
            });
        }
    }
    decision.verdict = Verdict::Permit;
    match chosen {
        Some(i) => decision.disposal_date = computed[i].map(|d| d.to_string()),
        None => decision.notes.push(
            "The notice gives these periods as alternatives and does not say which applies; both dates are given and neither is chosen.".to_string(),
        ),
    }
    if rule.combine == Combine::Either && chosen.is_some() && !missing.is_empty() {
        decision.notes.push(format!("Computed from the one date given; the rule's alternative needs {}.", missing.join(" or ")));
    }
    Ok(decision)
}

fn reason(engine: &Engine, rule: &Retention) -> Reason {
    let set = engine.policy();
    Reason {
        rule: rule.id.clone(),
        effect: "retain".to_string(),
        notice: set.notices[rule.notice as usize].source.clone(),
        section: rule.section.clone(),
        quote: rule.quote.clone(),
        note: rule.note.clone(),
    }
}
