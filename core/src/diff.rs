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

use serde::Serialize;

use crate::date::Date;
use crate::decision::{Obligation, Reason, Verdict};
use crate::engine::Engine;
use crate::question::Question;
use crate::model::Action;
use crate::space::{self, Locator, QuestionKey, QuestionLabels, SpaceQuestion};
use crate::syntax::VocabKind;

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
///
/// Questions are matched through their axes, not one by one: per notice, each service,
/// category and object id is looked up once in both sets, and the product of the union of
/// both sets' axes is walked with indices only. A question whose ids exist in both sets is
/// compared (even if neither set's rules name that combination, which costs nothing and
/// misses nothing); one whose ids exist in only one set, and which is in that set's space,
/// is listed as only there.
pub fn diff(old: &Engine, new: &Engine, as_of: Date) -> Diff {
    let sides = [Side::new(old), Side::new(new)];
    let mut notices: Vec<&str> = Vec::new();
    for side in &sides {
        for axes in &side.axes {
            let id = side.set().notices[axes.notice as usize].id.as_str();
            if !notices.contains(&id) {
                notices.push(id);
            }
        }
    }
    let mut differences = Vec::new();
    let mut compared = 0;
    for notice in notices {
        compared += diff_notice(&sides, notice, as_of, &mut differences);
    }
    differences.sort_by(|a, b| a.question.cmp(&b.question));
    Diff { as_of: as_of.to_string(), compared, differences }
}

/// One policy set with what matching needs.
struct Side<'e> {
    engine: &'e Engine,
    locator: Locator,
    axes: Vec<space::Axes>,
}

impl<'e> Side<'e> {
    fn new(engine: &'e Engine) -> Side<'e> {
        Side { engine, locator: Locator::new(engine.policy()), axes: space::axes(engine) }
    }

    fn set(&self) -> &'e crate::model::PolicySet {
        self.engine.policy()
    }

    fn notice_axes(&self, notice: &str) -> Option<&space::Axes> {
        self.axes.iter().find(|a| self.set().notices[a.notice as usize].id == notice)
    }
}

/// One axis of a notice in both sets: per id of the union, its index in each set (`None`:
/// the id does not exist there) and whether it is on that set's axes.
#[derive(Default)]
struct Axis {
    at: [Vec<Option<Option<u32>>>; 2],
    on: [Vec<bool>; 2],
}

impl Axis {
    /// The union of both sets' entries (by id), each looked up in both sets. An entry is
    /// `Some(None)` for "no object"; `lookup` finds an id's index in a set.
    fn new(lists: [Vec<Option<u32>>; 2], id: impl Fn(usize, Option<u32>) -> Option<String>, lookup: impl Fn(usize, &Option<String>) -> Option<Option<u32>>) -> Axis {
        let mut ids: Vec<Option<String>> = Vec::new();
        for (side, list) in lists.iter().enumerate() {
            for &entry in list {
                let key = id(side, entry);
                if !ids.contains(&key) {
                    ids.push(key);
                }
            }
        }
        let mut axis = Axis::default();
        for key in &ids {
            for side in 0..2 {
                axis.at[side].push(lookup(side, key));
                axis.on[side].push(lists[side].iter().any(|&e| id(side, e) == *key));
            }
        }
        axis
    }

    fn len(&self) -> usize {
        self.on[0].len()
    }
}

/// Compares one notice's questions; returns how many both sets could be asked.
fn diff_notice(sides: &[Side<'_>; 2], notice: &str, as_of: Date, out: &mut Vec<Difference>) -> usize {
    let axes = [sides[0].notice_axes(notice), sides[1].notice_axes(notice)];
    let list = |f: &dyn Fn(&space::Axes) -> Vec<Option<u32>>| [axes[0].map(f).unwrap_or_default(), axes[1].map(f).unwrap_or_default()];
    // Entries of a vocabulary kind (`None`: the action takes no object or filter).
    let vocab_axis = |kind: Option<VocabKind>, lists: [Vec<Option<u32>>; 2]| {
        Axis::new(
            lists,
            |side, e| Some(sides[side].set().vocab.entry(kind?, e?).id.clone()),
            |side, key| match (kind, key) {
                (Some(kind), Some(id)) => sides[side].locator.entry(kind, id).map(Some),
                _ => Some(None),
            },
        )
    };
    let activities = Axis::new(
        list(&|a| a.activities.iter().map(|&x| Some(x)).collect()),
        |side, e| e.map(|e| sides[side].set().activities[e as usize].id.clone()),
        |side, key| key.as_deref().and_then(|id| sides[side].locator.activity(notice, id)).map(Some),
    );
    let categories = vocab_axis(Some(VocabKind::Category), list(&|a| a.categories.iter().map(|&x| Some(x)).collect()));
    let objects = |action: Action| vocab_axis(action.object_kind(), list(&|a| a.objects(action)));
    let filters = |action: Action| vocab_axis(action.filter_kind().filter(|_| action == Action::Transfer), list(&|a| a.filters(action)));
    let mut compared = 0;
    for action in space::ACTIONS {
        let (objects, filters) = (objects(action), filters(action));
        for a in 0..activities.len() {
            for c in 0..categories.len() {
                for o in 0..objects.len() {
                    for f in 0..filters.len() {
                        let question = |side: usize| -> Option<SpaceQuestion> {
                            Some(SpaceQuestion {
                                action,
                                activity: activities.at[side][a]??,
                                category: categories.at[side][c]??,
                                object: objects.at[side][o]?,
                                filter: filters.at[side][f]?,
                            })
                        };
                        let on = |side: usize| activities.on[side][a] && categories.on[side][c] && objects.on[side][o] && filters.on[side][f];
                        match (question(0), question(1)) {
                            (Some(q0), Some(q1)) => {
                                compared += 1;
                                if let Some(change) = compare(sides[0].engine, &q0, sides[1].engine, &q1, as_of) {
                                    out.push(Difference { question: q1.key(sides[1].set()), labels: q1.labels(sides[1].set()), change });
                                }
                            }
                            (Some(q0), None) if on(0) => out.push(Difference {
                                question: q0.key(sides[0].set()),
                                labels: q0.labels(sides[0].set()),
                                change: Change::OnlyOld { old: answer(sides[0].engine, &q0, as_of) },
                            }),
                            (None, Some(q1)) if on(1) => out.push(Difference {
                                question: q1.key(sides[1].set()),
                                labels: q1.labels(sides[1].set()),
                                change: Change::OnlyNew { new: answer(sides[1].engine, &q1, as_of) },
                            }),
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    compared
}

/// The change in one question's answer, if any. A verdict from the fast path settles most
/// questions; a conditional is evaluated in both sets to compare its obligations (as
/// rendered, since fact indices may differ between the sets); only a change is turned
/// into full answers.
fn compare(old: &Engine, o: &SpaceQuestion, new: &Engine, n: &SpaceQuestion, as_of: Date) -> Option<Change> {
    let (o_resolved, n_resolved) = (o.resolved(as_of), n.resolved(as_of));
    let changed = match old.verdict(&o_resolved) {
        Verdict::Conditional => {
            let (before, after) = (old.evaluate(&o_resolved), new.evaluate(&n_resolved));
            before.verdict != after.verdict
                || obligations(old, &before.obligations, o_resolved.action) != obligations(new, &after.obligations, n_resolved.action)
        }
        verdict => verdict != new.verdict(&n_resolved),
    };
    changed.then(|| Change::Changed { old: answer(old, o, as_of), new: answer(new, n, as_of) })
}

/// Obligations as the wire renders them (fact id, text, expected value): comparable across
/// two sets, whose fact indices and filter sets may differ.
fn obligations(engine: &Engine, literals: &[crate::eval::Literal], action: crate::model::Action) -> Vec<crate::decision::Obligation> {
    literals.iter().map(|l| engine.obligation_of(l, action)).collect()
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
            // An unconditional prohibition: with its consent condition, the deny would apply
            // only while consent is given, and the question (consent unknown) be not_stated.
            let tail = tail.replacen("effect = \"permit\"", "effect = \"deny\"", 1).replacen("when = { consent = [\"given\", \"explicit\"] }\n", "", 1);
            format!("{head}{tail}")
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
