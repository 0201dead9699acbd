//! Exports a policy set's share, collect and transfer rules to Cedar and to Rego, so that
//! users who already run Cedar or OPA can enforce the notices there.
//!
//! Both translations reproduce noticegate's evaluation for questions whose facts are all
//! stated: the first applicable rule of the decision order decides (`compile::decision_order`:
//! deny and limit rules first, so prohibitions override permits),
//! and a transfer the notice permits also needs a mechanism of the law on the question's
//! date. The differential test in `peers/` asks all three engines the same questions.
//! `docs/export.md` documents the translation and its conventions (dates as day numbers,
//! facts, obligations).

mod cedar;
mod rego;

use crate::compile::decision_order;
use crate::model::{Action, Condition, Effect, PolicySet, Test};
use crate::syntax::VocabKind;
use crate::Date;

pub use cedar::{cedar_entities, cedar_policies, cedar_schema};
pub use rego::{rego_data, REGO_MODULE};

/// The actions the exporters translate.
pub const EXPORTED_ACTIONS: [Action; 3] = [Action::Share, Action::Collect, Action::Transfer];

/// A target engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Cedar,
    Rego,
}

impl Format {
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "cedar" => Some(Format::Cedar),
            "rego" => Some(Format::Rego),
            _ => None,
        }
    }
}

/// One file of an export: its name and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    pub name: &'static str,
    pub text: String,
}

/// The files that carry a policy set to `format`'s engine.
pub fn export(set: &PolicySet, format: Format) -> Vec<ExportFile> {
    let json = |v: serde_json::Value| serde_json::to_string_pretty(&v).expect("JSON values serialise") + "\n";
    match format {
        Format::Cedar => vec![
            ExportFile { name: "noticegate.cedarschema", text: cedar_schema(set) },
            ExportFile { name: "noticegate.cedar", text: cedar_policies(set) },
            ExportFile { name: "entities.json", text: json(cedar_entities(set)) },
        ],
        Format::Rego => vec![
            ExportFile { name: "noticegate.rego", text: REGO_MODULE.to_string() },
            ExportFile { name: "data.json", text: json(rego_data(set)) },
        ],
    }
}

/// A rule as the exporters see it, with what it names and what that covers.
#[derive(Clone, Debug)]
pub struct ExportRule {
    pub index: usize,
    pub id: String,
    pub notice: u32,
    pub action: Action,
    pub effect: Effect,
    pub level: u8,
    /// Named activities (empty: the whole notice, its scope included).
    pub named_activities: Vec<u32>,
    /// Covered activities, by index (the compile step's semantics).
    pub activities: Vec<bool>,
    pub named_categories: Vec<u32>,
    /// Covered categories (None: every one).
    pub categories: Option<Vec<bool>>,
    /// The object the rule names: recipients of a share, countries of a transfer.
    pub named_objects: Vec<u32>,
    pub objects: Option<Vec<bool>>,
    /// The filter it names: purposes of a share, recipients of a transfer.
    pub named_filters: Vec<u32>,
    pub filters: Option<Vec<bool>>,
    /// Transfers: the mechanisms the notice relies on (empty: any the law provides).
    pub mechanisms: Vec<u32>,
    pub from: i32,
    pub until: i32,
    pub when: Vec<Condition>,
}

/// The entries covered by naming `named` in a tree (None: named none, so all).
pub(crate) fn closure(set: &PolicySet, kind: VocabKind, named: &[u32]) -> Option<Vec<bool>> {
    if named.is_empty() {
        return None;
    }
    let table = set.vocab.table(kind);
    Some((0..table.entries.len() as u32).map(|e| named.iter().any(|&n| table.is_within(e, n))).collect())
}

/// The categories a rule covers (None: every one): within those it names, and named by its
/// notice (`PolicySet::rule_covers_category`, the compiler's definition).
pub(crate) fn category_coverage(set: &PolicySet, rule: &crate::model::Rule) -> Option<Vec<bool>> {
    if set.rule_covers_all_categories(rule) {
        return None;
    }
    let n = set.vocab.table(VocabKind::Category).entries.len() as u32;
    Some((0..n).map(|c| set.rule_covers_category(rule, c)).collect())
}

fn overlaps(a: &Option<Vec<bool>>, b: &Option<Vec<bool>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.iter().zip(b).any(|(x, y)| *x && *y),
        _ => true,
    }
}

fn covers(set: &Option<Vec<bool>>, entry: u32) -> bool {
    set.as_ref().is_none_or(|s| s[entry as usize])
}

impl ExportRule {
    /// Whether two rules can apply to one question: the exports list, for each rule, only
    /// the earlier rules it could be overruled by, which keeps the Cedar policies short.
    pub fn can_co_apply(&self, other: &ExportRule) -> bool {
        self.action == other.action
            && self.notice == other.notice
            && self.activities.iter().zip(&other.activities).any(|(x, y)| *x && *y)
            && overlaps(&self.categories, &other.categories)
            && overlaps(&self.objects, &other.objects)
            && overlaps(&self.filters, &other.filters)
            && self.from.max(other.from) < self.until.min(other.until)
            && !self.when.iter().any(|c| {
                other.when.iter().any(|d| {
                    c.fact == d.fact && matches!((&c.test, &d.test), (Test::Bool(x), Test::Bool(y)) if x != y)
                })
            })
    }

    /// Whether the rule covers a question, conditions aside.
    pub fn covers(&self, activity: u32, category: u32, object: Option<u32>, filter: Option<u32>, as_of: Date) -> bool {
        let day = as_of.day_number();
        self.activities[activity as usize]
            && covers(&self.categories, category)
            && object.is_none_or(|o| covers(&self.objects, o))
            && match (&self.filters, filter) {
                (None, _) => true,
                (Some(f), Some(x)) => f[x as usize],
                (Some(_), None) => false,
            }
            && self.from <= day
            && day < self.until
    }
}

/// An action's rules in decision order.
pub fn export_rules(set: &PolicySet, action: Action) -> Vec<ExportRule> {
    decision_order(set)
        .into_iter()
        .filter(|&i| set.rules[i].action == action)
        .map(|i| {
            let r = &set.rules[i];
            let activities = set
                .activities
                .iter()
                .map(|a| {
                    a.notice == r.notice
                        && (r.activities.is_empty()
                            || (!a.is_notice_scope && a.ancestors.iter().any(|x| r.activities.contains(x))))
                })
                .collect();
            let named = |kind: Option<VocabKind>| kind.map(|k| r.named(k).to_vec()).unwrap_or_default();
            let named_objects = named(action.object_kind());
            let named_filters = named(action.filter_kind());
            ExportRule {
                index: i,
                id: r.id.clone(),
                notice: r.notice,
                action,
                effect: r.effect,
                level: r.level,
                named_activities: r.activities.clone(),
                activities,
                named_categories: r.categories.clone(),
                categories: category_coverage(set, r),
                objects: action.object_kind().and_then(|k| closure(set, k, &named_objects)),
                named_objects,
                filters: action.filter_kind().and_then(|k| closure(set, k, &named_filters)),
                named_filters,
                mechanisms: r.mechanisms.clone(),
                from: r.valid_from.day_number(),
                until: r.valid_until.day_number(),
                when: r.when.clone(),
            }
        })
        .collect()
}

/// The attribute that carries an action's object in a request, and its entity type.
pub(crate) fn object_attribute(action: Action) -> Option<(&'static str, &'static str)> {
    match action {
        Action::Share => Some(("recipient", "Recipient")),
        Action::Transfer => Some(("country", "Country")),
        _ => None,
    }
}

/// The attribute that carries an action's filter in a request, and its entity type.
pub(crate) fn filter_attribute(action: Action) -> Option<(&'static str, &'static str)> {
    match action {
        Action::Share => Some(("purpose", "Purpose")),
        Action::Transfer => Some(("recipient", "Recipient")),
        _ => None,
    }
}

/// The mechanisms of the law a transfer rule may rely on, in the law's order.
pub(crate) fn allowed_mechanisms(set: &PolicySet, rule: &ExportRule) -> Vec<u32> {
    let all = set.vocab.table(VocabKind::Mechanism).entries.len() as u32;
    (0..all).filter(|m| rule.mechanisms.is_empty() || rule.mechanisms.contains(m)).collect()
}

/// An open date bound is left out of the exports.
pub(crate) fn bound(day: i32) -> Option<i64> {
    (day != Date::MIN.day_number() && day != Date::MAX.day_number()).then_some(day as i64)
}

/// Cedar entity id of an activity: `<notice id>/<activity id>` (activity ids are unique per
/// notice only).
pub fn activity_uid(set: &PolicySet, activity: u32) -> String {
    let a = &set.activities[activity as usize];
    format!("{}/{}", set.notices[a.notice as usize].id, a.id)
}

pub(crate) fn entry_id(set: &PolicySet, kind: VocabKind, entry: u32) -> &str {
    &set.vocab.table(kind).entries[entry as usize].id
}
