//! The resolved policy set: vocabulary, notices, activities and rules, every reference an
//! index. `check::resolve` builds it from the declarations and checks it.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::findings::Recorded;
use crate::names::NameIndex;
use crate::syntax::*;

/// A vocabulary entry (category, recipient, basis, purpose, source or fact).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub label: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub dpv: Option<String>,
    pub fides: Option<String>,
    pub parent: Option<u32>,
    /// Distance from the root of its tree (a root is 0).
    pub depth: u8,
    /// Categories: in the special-category subtree (UK GDPR Article 9).
    pub special_category: bool,
    /// Categories: in the criminal-offence subtree (Article 10), kept apart from special.
    pub criminal_offence: bool,
    /// Bases: the article or schedule.
    pub article: Option<String>,
    pub legal_source: Option<String>,
    pub valid_from: Date,
    pub valid_until: Date,
    /// Facts: the type of value a question may state.
    pub fact_type: Option<FactType>,
    pub negation: Option<String>,
    pub words: Vec<String>,
    /// Recipients: the country the recipient is in.
    pub located_in: Option<u32>,
    /// Mechanisms: the countries or groups covered (empty: every country).
    pub countries: Vec<u32>,
    /// Mechanisms: facts that must hold for the mechanism to apply.
    pub requires: Vec<Condition>,
    /// Rights: the bases under which the law gives the right (empty: every basis).
    pub applies_under: Vec<u32>,
}

/// The type of a fact's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactType {
    Bool,
    Date,
    Number,
    /// One of a closed set of strings.
    Enum(Vec<String>),
}

impl FactType {
    pub fn name(&self) -> &'static str {
        match self {
            FactType::Bool => "bool",
            FactType::Date => "date",
            FactType::Number => "number",
            FactType::Enum(_) => "enum",
        }
    }
}

/// The entries of one kind and the names that find them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Table {
    pub entries: Vec<Entry>,
    /// Not in a snapshot: rebuilt from the entries (`PolicySet::index_names`).
    #[serde(skip)]
    pub names: NameIndex,
    /// For tree kinds: `ancestors[i]` is `i` and every ancestor of `i`, nearest first.
    pub ancestors: Vec<Vec<u32>>,
}

impl Table {
    #[inline]
    pub fn is_within(&self, entry: u32, ancestor: u32) -> bool {
        self.ancestors[entry as usize].contains(&ancestor)
    }
}

/// The global vocabulary, one table per kind.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    tables: [Table; 10],
}

impl Vocabulary {
    #[inline]
    pub fn table(&self, kind: VocabKind) -> &Table {
        &self.tables[kind as usize]
    }
    pub(crate) fn table_mut(&mut self, kind: VocabKind) -> &mut Table {
        &mut self.tables[kind as usize]
    }
    #[inline]
    pub fn entry(&self, kind: VocabKind, index: u32) -> &Entry {
        &self.table(kind).entries[index as usize]
    }
}

/// Whether the notice's author acts as controller or processor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Controller,
    Processor,
    /// "controller or processor, by service".
    Both,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Notice {
    pub id: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub controller: String,
    pub role: Role,
    /// The notice text's file name in `policies/sources/`.
    pub source: String,
    pub date: Option<Date>,
    pub regime: String,
    /// The activity that stands for the notice as a whole (notice-wide questions).
    pub scope: u32,
    pub activities: Vec<u32>,
    /// The categories the notice names, as a bitset over the category table: the shared
    /// vocabulary's, its own file's, and those its rules and bases name. A rule covers only
    /// these (`PolicySet::rule_covers_category`), so a category another notice added to a
    /// shared tree never enters this notice's rules.
    pub categories: Vec<u64>,
    /// How many of its rules, retention rules and basis claims are still marked for review
    /// (`review` key): decisions about the notice say so while any is left.
    pub under_review: u32,
    /// Where the `[notice]` is written (for lint; not in the snapshot).
    #[serde(skip)]
    pub location: String,
}

/// A lawful basis the notice names for an activity (for some or all of its categories).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BasisClaim {
    pub basis: u32,
    /// Empty: every category.
    pub categories: Vec<u32>,
    pub section: String,
    pub quote: String,
    /// Why a reader must still check it (a drafted policy).
    pub review: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Activity {
    pub id: String,
    pub label: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub notice: u32,
    pub parent: Option<u32>,
    /// Itself and its service groups, nearest first.
    pub ancestors: Vec<u32>,
    pub sources: Vec<u32>,
    pub bases: Vec<BasisClaim>,
    /// True for the stand-in activity of a whole notice.
    pub is_notice_scope: bool,
    /// Where the `[[activity]]` is written (for lint; not in the snapshot).
    #[serde(skip)]
    pub location: String,
}

/// What a rule is about. Later questions (transfer, retention, ...) add kinds here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Action {
    Share,
    Collect,
    Use,
    Transfer,
    AutomatedDecision,
    Rights,
}

impl Action {
    pub const ALL: [Action; 6] = [Action::Share, Action::Collect, Action::Use, Action::Transfer, Action::AutomatedDecision, Action::Rights];

    pub fn name(self) -> &'static str {
        match self {
            Action::Share => "share",
            Action::Collect => "collect",
            Action::Use => "use",
            Action::Transfer => "transfer",
            Action::AutomatedDecision => "automated_decision",
            Action::Rights => "rights",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The vocabulary a rule's cells are indexed by, besides activity: share by recipient,
    /// use by purpose, transfer by country, rights by right; collect and automated
    /// decisions by nothing.
    #[inline]
    pub fn object_kind(self) -> Option<VocabKind> {
        match self {
            Action::Share => Some(VocabKind::Recipient),
            Action::Use => Some(VocabKind::Purpose),
            Action::Transfer => Some(VocabKind::Country),
            Action::Rights => Some(VocabKind::Right),
            Action::Collect | Action::AutomatedDecision => None,
        }
    }

    /// A further filter a rule may name: the purpose of a share, the recipient of a transfer.
    #[inline]
    pub fn filter_kind(self) -> Option<VocabKind> {
        match self {
            Action::Share => Some(VocabKind::Purpose),
            Action::Transfer => Some(VocabKind::Recipient),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Effect {
    Permit,
    /// A prohibition: forbids what it covers when its conditions hold, whatever permits say.
    Deny,
    /// An "only if": forbids what it covers unless every one of its conditions holds.
    Limit,
}

impl Effect {
    pub const ALL: [Effect; 3] = [Effect::Permit, Effect::Deny, Effect::Limit];

    pub fn name(self) -> &'static str {
        match self {
            Effect::Permit => "permit",
            Effect::Deny => "deny",
            Effect::Limit => "limit",
        }
    }

    /// Deny and limit rules forbid; they are evaluated before every permit.
    #[inline]
    pub fn forbids(self) -> bool {
        self != Effect::Permit
    }
}

/// A fact test: the fact must be true / false, or have one of the listed values.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Test {
    Bool(bool),
    /// Bit i set: the enum's i-th value satisfies the test.
    OneOf(u64),
    /// A number fact at least / at most this.
    AtLeast(i64),
    AtMost(i64),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Condition {
    pub fact: u32,
    pub test: Test,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub notice: u32,
    pub action: Action,
    pub effect: Effect,
    /// Empty: every activity of the notice (a notice-wide rule).
    pub activities: Vec<u32>,
    /// Empty: every category.
    pub categories: Vec<u32>,
    /// Share rules: the recipients (empty: every one). Transfer rules: a filter on the
    /// recipient the question names.
    pub recipients: Vec<u32>,
    /// Use rules: the purposes (empty: every one). Share rules: a filter on the question's
    /// purpose.
    pub purposes: Vec<u32>,
    /// The bases the rule relies on. Empty: the activity's own bases.
    pub bases: Vec<u32>,
    /// Empty: every country (transfer rules only).
    pub countries: Vec<u32>,
    /// The transfer mechanisms the notice relies on. Empty: any that the law provides.
    pub mechanisms: Vec<u32>,
    /// Empty: every right (rights rules only).
    pub rights: Vec<u32>,
    pub when: Vec<Condition>,
    pub valid_from: Date,
    pub valid_until: Date,
    pub section: String,
    pub quote: String,
    pub note: Option<String>,
    /// Why a reader must still check the rule (a drafted policy); `None` once reviewed.
    pub review: Option<String>,
    /// Specificity: how many of activity, object (recipient, purpose, country or right),
    /// filter (a share's purpose, a transfer's recipient) and category the rule names.
    pub level: u8,
    /// Where the rule is written, for diagnostics and listings.
    pub location: String,
}

impl Rule {
    /// The entries of a kind the rule names (empty: it names none, so covers all).
    #[inline]
    pub fn named(&self, kind: VocabKind) -> &[u32] {
        match kind {
            VocabKind::Category => &self.categories,
            VocabKind::Recipient => &self.recipients,
            VocabKind::Purpose => &self.purposes,
            VocabKind::Basis => &self.bases,
            VocabKind::Country => &self.countries,
            VocabKind::Mechanism => &self.mechanisms,
            VocabKind::Right => &self.rights,
            VocabKind::Source | VocabKind::Fact | VocabKind::Record => &[],
        }
    }
}

/// A retention period: so long after a date the question states.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Period {
    pub years: u32,
    pub months: u32,
    pub days: u32,
    /// The date fact it runs from.
    pub after: u32,
}

impl Period {
    /// "10 years", "6 months", "25 years and 1 day".
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [(self.years, "year"), (self.months, "month"), (self.days, "day")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, unit)| format!("{n} {unit}{}", if *n == 1 { "" } else { "s" }))
            .collect();
        if parts.is_empty() {
            "0 days".to_string()
        } else {
            parts.join(" and ")
        }
    }
}

/// How a retention rule with several periods combines them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Combine {
    /// Kept until the latest of the dates.
    Latest,
    /// Kept until the earliest of the dates.
    Earliest,
    /// The notice gives alternatives without saying which applies: each date that can be
    /// computed is returned, and one is chosen only when just one can be.
    Either,
}

/// How long a record class is kept, as the notice says.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Retention {
    pub id: String,
    pub notice: u32,
    /// Empty: every activity of the notice.
    pub activities: Vec<u32>,
    /// Empty: every record class.
    pub records: Vec<u32>,
    pub periods: Vec<Period>,
    pub combine: Combine,
    /// A retention schedule the notice names only by reference.
    pub schedule: Option<String>,
    pub section: String,
    pub quote: String,
    pub note: Option<String>,
    /// Why a reader must still check it (a drafted policy); `None` once reviewed.
    pub review: Option<String>,
    pub location: String,
}

/// A whole, checked policy set.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PolicySet {
    pub vocab: Vocabulary,
    pub notices: Vec<Notice>,
    /// The name indices are not in a snapshot: `index_names` rebuilds them as it is read.
    #[serde(skip)]
    pub notice_names: NameIndex,
    pub activities: Vec<Activity>,
    #[serde(skip)]
    pub activity_names: NameIndex,
    pub rules: Vec<Rule>,
    pub retentions: Vec<Retention>,
    /// `[[finding]]` and `[findings]` tables: read by lint only, so kept out of the snapshot.
    #[serde(skip)]
    pub recorded: Recorded,
}

impl PolicySet {
    /// Empties the text that only analysis reads (lint, export, listings), never a decision,
    /// an error or a binding: where each rule and retention rule is written, the vocabulary's
    /// DPV and Fides terms, descriptions (a fact's is kept: an obligation is worded with it)
    /// and a fact's `words` (for readers of the policy file). core's `build.rs` calls it
    /// without the `analysis` feature, so a snapshot that only answers (the WASM module above
    /// all, where the bytes count) does not carry it.
    pub fn drop_analysis_text(&mut self) {
        for (kind, table) in VocabKind::ALL.into_iter().zip(self.vocab.tables.iter_mut()) {
            for entry in &mut table.entries {
                entry.dpv = None;
                entry.fides = None;
                entry.words = Vec::new();
                if kind != VocabKind::Fact {
                    entry.description = None;
                }
            }
        }
        for activity in &mut self.activities {
            activity.description = None;
        }
        for rule in &mut self.rules {
            rule.location = String::new();
        }
        for retention in &mut self.retentions {
            retention.location = String::new();
        }
    }

    /// Whether a rule covers a category. A rule naming categories covers what lies within
    /// them and its notice names; a permit naming none covers every category its notice
    /// names; a deny or limit naming none covers every category (a prohibition errs wide).
    pub fn rule_covers_category(&self, rule: &Rule, category: u32) -> bool {
        let named_by_notice = || crate::compile::bit(&self.notices[rule.notice as usize].categories, category);
        if rule.categories.is_empty() {
            return rule.effect.forbids() || named_by_notice();
        }
        let table = self.vocab.table(VocabKind::Category);
        named_by_notice() && rule.categories.iter().any(|&named| table.is_within(category, named))
    }

    /// Whether a rule covers every category, so needs no category set.
    pub fn rule_covers_all_categories(&self, rule: &Rule) -> bool {
        rule.categories.is_empty() && rule.effect.forbids()
    }

    /// Builds the name indices from the names the set holds, as a snapshot is read (it stores
    /// each name once, in its entry, not again in an index): every entry's id, label and
    /// aliases; every notice's id, title, source file with and without `.txt`, and aliases;
    /// every service's id, label and aliases (a notice's own scope has no names). The names
    /// and their order are those `check::resolve` inserts, so the indices are the ones it
    /// built; `load`'s tests compare them on every policy set in the repository.
    pub fn index_names(&mut self) {
        for table in &mut self.vocab.tables {
            let mut names = NameIndex::with_capacity(table.entries.iter().map(|e| 2 + e.aliases.len()).sum());
            for (i, e) in table.entries.iter().enumerate() {
                for name in std::iter::once(&e.id).chain(std::iter::once(&e.label)).chain(&e.aliases) {
                    names.insert(name, i as u32);
                }
            }
            table.names = names;
        }
        let mut names = NameIndex::with_capacity(self.notices.iter().map(|n| 4 + n.aliases.len()).sum());
        for (i, n) in self.notices.iter().enumerate() {
            let stem = n.source.strip_suffix(".txt").unwrap_or(&n.source);
            for name in [n.id.as_str(), &n.title, &n.source, stem].into_iter().chain(n.aliases.iter().map(String::as_str)) {
                names.insert(name, i as u32);
            }
        }
        self.notice_names = names;
        let mut names = NameIndex::with_capacity(self.activities.iter().map(|a| 2 + a.aliases.len()).sum());
        for (i, a) in self.activities.iter().enumerate().filter(|(_, a)| !a.is_notice_scope) {
            for name in std::iter::once(&a.id).chain(std::iter::once(&a.label)).chain(&a.aliases) {
                names.insert(name, i as u32);
            }
        }
        self.activity_names = names;
    }
}

/// A rule, retention rule or basis claim still marked for review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnderReview<'a> {
    pub notice: u32,
    /// `rule`, `retention` or `basis` (an `[[activity.basis]]`).
    pub kind: &'static str,
    /// The rule's or retention rule's id; for a basis claim, its activity's id.
    pub id: &'a str,
    pub reason: &'a str,
}

impl PolicySet {
    /// Everything still marked for review, in file order: rules, retention rules, basis claims.
    pub fn under_review(&self) -> Vec<UnderReview<'_>> {
        let rules = self.rules.iter().filter_map(|x| {
            x.review.as_deref().map(|reason| UnderReview { notice: x.notice, kind: "rule", id: &x.id, reason })
        });
        let retentions = self.retentions.iter().filter_map(|x| {
            x.review.as_deref().map(|reason| UnderReview { notice: x.notice, kind: "retention", id: &x.id, reason })
        });
        let bases = self.activities.iter().flat_map(|a| {
            a.bases.iter().filter_map(move |b| {
                b.review.as_deref().map(|reason| UnderReview { notice: a.notice, kind: "basis", id: &a.id, reason })
            })
        });
        rules.chain(retentions).chain(bases).collect()
    }
}

/// Folds whitespace runs to one space, for the quote check.
pub fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
