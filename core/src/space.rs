//! The finite question space of a policy set: every question a notice's rules can answer
//! differently, enumerated once.
//!
//! It exists because three users need the same enumeration and must not each invent one: the
//! HTML report (a matrix per notice), the semantic diff of two policy sets (every question
//! whose verdict changed) and differential tests against other engines.
//!
//! The whole vocabulary is too large to enumerate (87 services x 147 categories x 93
//! recipients for sharing alone), and most of it is `not_stated` for the same reason: no rule
//! of the notice names it. So, per notice, the axes are only what the notice's own rules
//! name, with the entries beneath them in their trees (a rule naming a category covers its
//! subcategories):
//!
//! - services: every activity of the notice, and the notice itself (questions that name
//!   only the notice, which notice-wide rules answer);
//! - categories: those named by any rule of the notice or by an activity's bases;
//! - share: recipients named by the notice's share rules (no purpose filter is named, so
//!   share rules that filter on a purpose are not reached);
//! - use: purposes named by its use rules;
//! - transfer: countries named by its transfer rules and the countries of the recipients
//!   its transfer rules name, each asked without a recipient and with each of those
//!   recipients;
//! - collect and automated decisions: no object.
//!
//! A rule that names no recipient (or purpose, country) covers every one; its verdicts show
//! on the entries that other rules name, so nothing a rule says is lost, only repeats of it.
//! Rights and retention are left out: their answers are not cells of rules (the law
//! decides rights when the notice is silent; retention gives dates).
//!
//! Every question is asked with its facts unknown, so a verdict may be `conditional` with
//! obligations: exactly what a caller who states nothing would be told.

use std::collections::HashMap;

use crate::date::Date;
use crate::engine::Engine;
use crate::eval::{Facts, Resolved};
use crate::model::{Action, PolicySet};
use crate::syntax::VocabKind;

/// The actions the space covers, in the order questions are listed.
pub const ACTIONS: [Action; 5] = [Action::Share, Action::Collect, Action::Use, Action::Transfer, Action::AutomatedDecision];

/// The axes of one notice's part of the space (indices into the policy set).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Axes {
    pub notice: u32,
    /// The notice's activities in file order, then the notice's own scope activity.
    pub activities: Vec<u32>,
    pub categories: Vec<u32>,
    /// Share objects.
    pub recipients: Vec<u32>,
    /// Use objects.
    pub purposes: Vec<u32>,
    /// Transfer objects.
    pub countries: Vec<u32>,
    /// Recipients a transfer question may also name (its filter).
    pub transfer_recipients: Vec<u32>,
}

/// One question of the space, as indices into a policy set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SpaceQuestion {
    pub action: Action,
    pub activity: u32,
    pub category: u32,
    /// Recipient (share), purpose (use), country (transfer); `None` for collect and
    /// automated decisions.
    pub object: Option<u32>,
    /// A transfer's recipient, when the question names one.
    pub filter: Option<u32>,
}

impl SpaceQuestion {
    /// The question as the engine takes it, on `as_of`, every fact unknown.
    pub fn resolved(&self, as_of: Date) -> Resolved {
        Resolved {
            action: self.action,
            activity: self.activity,
            object: self.object.unwrap_or(0),
            category: self.category,
            filter: self.filter,
            basis: None,
            as_of,
            facts: Facts::default(),
        }
    }

    /// The question by ids, which stay the same across two versions of a policy set.
    pub fn key(&self, set: &PolicySet) -> QuestionKey {
        let activity = &set.activities[self.activity as usize];
        let id = |kind: VocabKind, index: u32| set.vocab.entry(kind, index).id.clone();
        QuestionKey {
            notice: set.notices[activity.notice as usize].id.clone(),
            activity: activity.id.clone(),
            action: self.action,
            category: id(VocabKind::Category, self.category),
            object: match (self.action.object_kind(), self.object) {
                (Some(kind), Some(object)) => Some(id(kind, object)),
                _ => None,
            },
            filter: self.filter.map(|f| id(VocabKind::Recipient, f)),
        }
    }

    /// The labels a reader knows the question by: service, category, object, filter.
    pub fn labels(&self, set: &PolicySet) -> QuestionLabels {
        let label = |kind: VocabKind, index: u32| set.vocab.entry(kind, index).label.clone();
        let activity = &set.activities[self.activity as usize];
        QuestionLabels {
            service: if activity.is_notice_scope { format!("{} (notice-wide)", activity.label) } else { activity.label.clone() },
            category: label(VocabKind::Category, self.category),
            object: match (self.action.object_kind(), self.object) {
                (Some(kind), Some(object)) => Some(label(kind, object)),
                _ => None,
            },
            filter: self.filter.map(|f| label(VocabKind::Recipient, f)),
        }
    }
}

/// A question of the space by ids. Sorting groups it by notice, then service.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct QuestionKey {
    pub notice: String,
    /// The activity's id (`<notice>:*` for the notice as a whole).
    pub activity: String,
    #[serde(serialize_with = "action_name")]
    pub action: Action,
    pub category: String,
    pub object: Option<String>,
    pub filter: Option<String>,
}

/// An action by its wire name (`share`), as questions name it.
fn action_name<S: serde::Serializer>(action: &Action, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(action.name())
}

/// How a reader names a question's parts.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct QuestionLabels {
    pub service: String,
    pub category: String,
    pub object: Option<String>,
    pub filter: Option<String>,
}

/// Finds questions of a policy set by ids (the way back from `QuestionKey`).
pub struct Locator {
    notices: HashMap<String, u32>,
    /// Per notice: activity id to activity.
    activities: HashMap<u32, HashMap<String, u32>>,
    /// Per kind (category, recipient, purpose, country): id to entry.
    vocab: HashMap<VocabKind, HashMap<String, u32>>,
}

impl Locator {
    pub fn new(set: &PolicySet) -> Locator {
        let notices = set.notices.iter().enumerate().map(|(i, n)| (n.id.clone(), i as u32)).collect();
        let mut activities: HashMap<u32, HashMap<String, u32>> = HashMap::new();
        for (i, a) in set.activities.iter().enumerate() {
            activities.entry(a.notice).or_default().insert(a.id.clone(), i as u32);
        }
        let vocab = [VocabKind::Category, VocabKind::Recipient, VocabKind::Purpose, VocabKind::Country]
            .into_iter()
            .map(|kind| (kind, set.vocab.table(kind).entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i as u32)).collect()))
            .collect();
        Locator { notices, activities, vocab }
    }

    /// The activity with this id in the notice with this id.
    pub fn activity(&self, notice: &str, id: &str) -> Option<u32> {
        self.activities.get(self.notices.get(notice)?)?.get(id).copied()
    }

    /// The category, recipient, purpose or country with this id.
    pub fn entry(&self, kind: VocabKind, id: &str) -> Option<u32> {
        self.vocab.get(&kind)?.get(id).copied()
    }

    /// The question with these ids, if every one of them exists in this set.
    pub fn locate(&self, key: &QuestionKey) -> Option<SpaceQuestion> {
        let activity = self.activity(&key.notice, &key.activity)?;
        let find = |kind: VocabKind, id: &str| self.entry(kind, id);
        let object = match (key.action.object_kind(), &key.object) {
            (Some(kind), Some(id)) => Some(find(kind, id)?),
            (None, None) => None,
            _ => return None,
        };
        let filter = match &key.filter {
            Some(id) => Some(find(VocabKind::Recipient, id)?),
            None => None,
        };
        Some(SpaceQuestion { action: key.action, activity, category: find(VocabKind::Category, &key.category)?, object, filter })
    }
}

/// The axes of every notice of the engine's policy set, in notice order.
pub fn axes(engine: &Engine) -> Vec<Axes> {
    let set = engine.policy();
    (0..set.notices.len() as u32).map(|n| notice_axes(set, n)).collect()
}

/// The axes of one notice (see the module documentation for what is included and why).
pub fn notice_axes(set: &PolicySet, notice: u32) -> Axes {
    let n = &set.notices[notice as usize];
    let rules: Vec<_> = set.rules.iter().filter(|r| r.notice == notice && ACTIONS.contains(&r.action)).collect();
    let named = |action: Option<Action>, kind: VocabKind| -> Vec<u32> {
        rules.iter().filter(|r| action.is_none_or(|a| r.action == a)).flat_map(|r| r.named(kind).iter().copied()).collect()
    };
    let mut categories = named(None, VocabKind::Category);
    for &a in &n.activities {
        categories.extend(set.activities[a as usize].bases.iter().flat_map(|b| b.categories.iter().copied()));
    }
    let transfer_recipients = with_subtrees(set, VocabKind::Recipient, &named(Some(Action::Transfer), VocabKind::Recipient));
    let mut countries = named(Some(Action::Transfer), VocabKind::Country);
    countries.extend(transfer_recipients.iter().filter_map(|&r| set.vocab.entry(VocabKind::Recipient, r).located_in));
    Axes {
        notice,
        activities: n.activities.iter().copied().chain(std::iter::once(n.scope)).collect(),
        categories: with_subtrees(set, VocabKind::Category, &categories),
        recipients: with_subtrees(set, VocabKind::Recipient, &named(Some(Action::Share), VocabKind::Recipient)),
        purposes: with_subtrees(set, VocabKind::Purpose, &named(Some(Action::Use), VocabKind::Purpose)),
        countries: with_subtrees(set, VocabKind::Country, &countries),
        transfer_recipients,
    }
}

/// The entries named and every entry beneath them, in vocabulary order.
fn with_subtrees(set: &PolicySet, kind: VocabKind, named: &[u32]) -> Vec<u32> {
    let table = set.vocab.table(kind);
    (0..table.entries.len() as u32)
        .filter(|&e| table.ancestors.get(e as usize).map_or(named.contains(&e), |up| up.iter().any(|a| named.contains(a))))
        .collect()
}

impl Axes {
    /// The objects questions of `action` take on these axes (`[None]`: no object).
    pub fn objects(&self, action: Action) -> Vec<Option<u32>> {
        let some = |v: &[u32]| v.iter().map(|&x| Some(x)).collect();
        match action {
            Action::Share => some(&self.recipients),
            Action::Use => some(&self.purposes),
            Action::Transfer => some(&self.countries),
            _ => vec![None],
        }
    }

    /// The filters questions of `action` take (`None` always; each transfer recipient too).
    pub fn filters(&self, action: Action) -> Vec<Option<u32>> {
        let mut filters = vec![None];
        if action == Action::Transfer {
            filters.extend(self.transfer_recipients.iter().map(|&r| Some(r)));
        }
        filters
    }

    /// Every question on these axes: by service, then action, category, object, filter.
    pub fn questions(&self) -> impl Iterator<Item = SpaceQuestion> + '_ {
        self.activities.iter().flat_map(move |&activity| {
            ACTIONS.into_iter().flat_map(move |action| {
                let objects = self.objects(action);
                let filters = self.filters(action);
                self.categories.iter().flat_map(move |&category| {
                    let filters = filters.clone();
                    objects.clone().into_iter().flat_map(move |object| {
                        filters.clone().into_iter().map(move |filter| SpaceQuestion { action, activity, category, object, filter })
                    })
                })
            })
        })
    }

    /// How many questions `questions` yields.
    pub fn len(&self) -> usize {
        let per_category: usize = ACTIONS.iter().map(|&a| self.objects(a).len() * self.filters(a).len()).sum();
        self.activities.len() * self.categories.len() * per_category
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Every question of the engine's policy set, notice by notice.
pub fn questions(engine: &Engine) -> Vec<SpaceQuestion> {
    axes(engine).iter().flat_map(|a| a.questions().collect::<Vec<_>>()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_space_is_finite_and_every_question_resolves_by_its_ids() {
        let engine = Engine::builtin();
        let set = engine.policy();
        let axes = axes(engine);
        assert_eq!(axes.len(), set.notices.len());
        let total: usize = axes.iter().map(Axes::len).sum();
        let questions = questions(engine);
        assert_eq!(questions.len(), total);
        assert!(total > 10_000 && total < 2_000_000, "{total} questions");
        let locator = Locator::new(set);
        for q in questions.iter().step_by(97) {
            assert_eq!(locator.locate(&q.key(set)), Some(*q));
        }
    }

    #[test]
    fn the_space_reaches_a_known_permit_and_its_subcategories() {
        let engine = Engine::builtin();
        let set = engine.policy();
        let cd = set.notices.iter().position(|n| n.id == "kcc_community_directory").expect("the Community Directory notice") as u32;
        let axes = notice_axes(set, cd);
        let recipient = engine.lookup(VocabKind::Recipient, "PCG UK", "recipient").unwrap();
        let category = engine.lookup(VocabKind::Category, "Email address", "category").unwrap();
        assert!(axes.recipients.contains(&recipient));
        assert!(axes.categories.contains(&category));
        let activity = engine.resolve_service(None, Some("Community Directory")).unwrap();
        let q = SpaceQuestion { action: Action::Share, activity, category, object: Some(recipient), filter: None };
        assert!(axes.questions().any(|x| x == q));
        // Facts unknown: permitted on the notice's conditions.
        assert_eq!(engine.verdict(&q.resolved(Date::parse("2026-11-23").unwrap())), crate::Verdict::Conditional);
        // Every category beneath a named one is on the axes.
        let table = set.vocab.table(VocabKind::Category);
        for &c in &axes.categories {
            for (child, up) in table.ancestors.iter().enumerate() {
                if up.contains(&c) {
                    assert!(axes.categories.contains(&(child as u32)));
                }
            }
        }
    }
}
