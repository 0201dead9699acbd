//! The semantic difference between two policy sets: every question of the finite space
//! (`space.rs`) whose answer changed, with both answers and their reasons.
//!
//! A textual diff of policy files says which lines moved; a maintainer needs to know what
//! software will now be told differently. Questions are matched across the two sets by ids
//! (notice, service, category, recipient or purpose or country), so a reordered or rewritten
//! file with the same meaning diffs to nothing. The questions compared are the union of
//! both sets' spaces: a category that only the new set's rules name is still asked of the
//! old set. An answer changed when its verdict or its obligations did; a reworded quote with
//! the same verdict is not a semantic change.

use std::collections::HashSet;

use serde::Serialize;

use crate::date::Date;
use crate::decision::{Obligation, Reason, Verdict};
use crate::engine::Engine;
use crate::question::Question;
use crate::space::{self, Locator, QuestionKey, QuestionLabels, SpaceQuestion};

/// One set's answer to a question: what a caller stating no facts is told, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Answer {
    pub verdict: Verdict,
    pub obligations: Vec<Obligation>,
    pub reasons: Vec<Reason>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// How a question's answer differs between the two sets.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Both sets answer it, differently.
    Changed { old: Answer, new: Answer },
    /// Only the old set can be asked it (its service, category or object is gone).
    OnlyOld { old: Answer },
    /// Only the new set can be asked it.
    OnlyNew { new: Answer },
}

/// One question whose answer differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    pub question: QuestionKey,
    /// From the new set, or the old one when only it has the question.
    pub labels: QuestionLabels,
    #[serde(flatten)]
    pub change: Change,
}

/// The differences between two policy sets on a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    pub as_of: String,
    /// Questions both sets can be asked (and were).
    pub compared: usize,
    /// Sorted by notice, service, action, category, object.
    pub differences: Vec<Difference>,
}

/// Compares every question of both sets' spaces on `as_of`, facts unknown.
pub fn diff(old: &Engine, new: &Engine, as_of: Date) -> Diff {
    let (old_set, new_set) = (old.policy(), new.policy());
    let (old_locator, new_locator) = (Locator::new(old_set), Locator::new(new_set));
    let old_keys: Vec<(QuestionKey, SpaceQuestion)> = space::questions(old).into_iter().map(|q| (q.key(old_set), q)).collect();
    let mut seen: HashSet<&QuestionKey> = HashSet::with_capacity(old_keys.len());
    let mut differences = Vec::new();
    let mut compared = 0;
    for (key, o) in &old_keys {
        seen.insert(key);
        match new_locator.locate(key) {
            Some(n) => {
                compared += 1;
                if let Some(change) = compare(old, o, new, &n, as_of) {
                    differences.push(Difference { question: key.clone(), labels: n.labels(new_set), change });
                }
            }
            None => differences.push(Difference {
                question: key.clone(),
                labels: o.labels(old_set),
                change: Change::OnlyOld { old: answer(old, o, as_of) },
            }),
        }
    }
    for n in space::questions(new) {
        let key = n.key(new_set);
        if seen.contains(&key) {
            continue;
        }
        match old_locator.locate(&key) {
            Some(o) => {
                compared += 1;
                if let Some(change) = compare(old, &o, new, &n, as_of) {
                    differences.push(Difference { question: key, labels: n.labels(new_set), change });
                }
            }
            None => differences.push(Difference { labels: n.labels(new_set), change: Change::OnlyNew { new: answer(new, &n, as_of) }, question: key }),
        }
    }
    differences.sort_by(|a, b| a.question.cmp(&b.question));
    Diff { as_of: as_of.to_string(), compared, differences }
}

/// The change in one question's answer, if any. The verdicts come from the fast path; when
/// both are conditional the obligations are compared (by fact id and wording, since fact
/// indices may differ between the sets); only a change is turned into full answers.
fn compare(old: &Engine, o: &SpaceQuestion, new: &Engine, n: &SpaceQuestion, as_of: Date) -> Option<Change> {
    let (o_resolved, n_resolved) = (o.resolved(as_of), n.resolved(as_of));
    let old_verdict = old.verdict(&o_resolved);
    let changed = old_verdict != new.verdict(&n_resolved)
        || old_verdict == Verdict::Conditional && obligations(old, &o_resolved) != obligations(new, &n_resolved);
    changed.then(|| Change::Changed { old: answer(old, o, as_of), new: answer(new, n, as_of) })
}

/// A conditional's obligations as (fact id, test, must hold): comparable across two sets.
fn obligations<'e>(engine: &'e Engine, q: &crate::eval::Resolved) -> Vec<(&'e str, crate::model::Test, bool)> {
    let facts = engine.policy().vocab.table(crate::syntax::VocabKind::Fact);
    engine.evaluate(q).obligations.into_iter().map(|l| (facts.entries[l.condition.fact as usize].id.as_str(), l.condition.test, l.holds)).collect()
}

/// The engine's decision on a question of its space, reduced to what a diff shows.
pub fn answer(engine: &Engine, q: &SpaceQuestion, as_of: Date) -> Answer {
    let resolved = q.resolved(as_of);
    let decision = engine.decision(&Question::default(), &resolved, &engine.evaluate(&resolved));
    Answer { verdict: decision.verdict, obligations: decision.obligations, reasons: decision.reasons, notes: decision.notes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Action;
    use crate::sources::PolicySources;

    const NOTICE: &str = "notices/004_community_directory.toml";

    /// The built-in vocabulary and law with only the Community Directory notice, edited by
    /// `edit`: small enough that a debug build diffs it in a blink.
    fn community_directory(edit: impl Fn(String) -> String) -> Engine {
        let builtin = Engine::builtin_sources();
        let mut sources = PolicySources { notice_texts: builtin.notice_texts, ..PolicySources::default() };
        for file in builtin.policy_files {
            // Other notices' files (their rules, and anything else written per notice).
            let other_notice = file.name.rsplit('/').next().is_some_and(|f| f.starts_with("00") && !f.starts_with("004_"));
            let text = match file.name.as_str() {
                name if name.ends_with(NOTICE) => edit(file.text),
                _ if other_notice => continue,
                _ => file.text,
            };
            sources.policy_files.push(crate::diagnostics::SourceFile::new(file.name, text));
        }
        Engine::load(&sources).unwrap_or_else(|e| panic!("the edited set does not load:\n{e}"))
    }

    fn on() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    #[test]
    fn a_set_against_itself_has_no_differences() {
        let engine = community_directory(|t| t);
        let d = diff(&engine, &engine, on());
        assert!(d.differences.is_empty(), "{:?}", d.differences.first());
        assert_eq!(d.compared, space::questions(&engine).len());
    }

    #[test]
    fn a_flipped_rule_changes_exactly_its_question_both_ways() {
        let old = &community_directory(|t| t);
        let new = community_directory(|t| {
            let at = t.find("id = \"cd.collect.visual\"").expect("the rule");
            let (head, tail) = t.split_at(at);
            format!("{head}{}", tail.replacen("effect = \"permit\"", "effect = \"deny\"", 1))
        });
        let d = diff(old, &new, on());
        let keys: Vec<_> = d.differences.iter().map(|x| (x.question.action, x.question.category.as_str(), &x.change)).collect();
        assert_eq!(keys.len(), 1, "{keys:#?}");
        assert_eq!(keys[0].0, Action::Collect);
        assert_eq!(keys[0].1, "visual_images.company_logo");
        let Change::Changed { old: before, new: after } = keys[0].2 else { panic!("{:?}", keys[0].2) };
        assert_eq!((before.verdict, after.verdict), (Verdict::Conditional, Verdict::Deny));
        assert_eq!(before.reasons[0].rule, "cd.collect.visual");
        assert_eq!(after.reasons[0].rule, "cd.collect.visual");
        let back = diff(&new, old, on());
        assert_eq!(back.differences.len(), 1);
        assert!(matches!(&back.differences[0].change, Change::Changed { old, new } if old.verdict == Verdict::Deny && new.verdict == Verdict::Conditional));
    }

    #[test]
    fn a_removed_service_is_listed_as_only_old() {
        let old = &community_directory(|t| t);
        // Renaming the activity's id removes one service and adds another.
        let new = community_directory(|t| t.replace("\"community_directory\"", "\"community_directory_v2\""));
        let d = diff(old, &new, on());
        assert!(d.differences.iter().any(|x| matches!(x.change, Change::OnlyOld { .. }) && x.question.activity == "community_directory"));
        assert!(d.differences.iter().any(|x| matches!(x.change, Change::OnlyNew { .. }) && x.question.activity == "community_directory_v2"));
        assert!(d.differences.iter().all(|x| !matches!(x.change, Change::Changed { .. }) || x.question.activity.ends_with(":*")));
    }
}
