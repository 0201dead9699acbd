//! The compiled form of a policy set: rule lists per (action, activity, object), sorted so
//! that the first rule that applies decides.
//!
//! Every rule is copied into each (activity, recipient-or-purpose) cell it covers, already in
//! decision order: every deny and limit before any permit (a prohibition holds against every
//! permit it covers, whatever their specificity), then more specific first (`Rule::level`),
//! then declaration order. Category coverage is a bitset over the category tree's closure,
//! so a decision with resolved ids is one cell look-up and a short scan of bit tests.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::model::{Action, Condition, Effect, FactType, PolicySet, Test};
use crate::syntax::VocabKind;

/// Sentinel for "every category" in a rule.
pub const ALL_CATEGORIES: u32 = u32::MAX;
/// Sentinel for a question that names no category (rights questions): only rules that name
/// no category cover it.
pub const NO_CATEGORY: u32 = u32::MAX;

/// One rule as it sits in a cell: everything the scan needs, inline.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct CellRule {
    /// Offset of the rule's category bitset in `Compiled::category_sets`, or `ALL_CATEGORIES`.
    pub categories: u32,
    /// The rule names categories (one naming none still has a set: its notice's categories,
    /// but covers questions that name no category, as rights questions).
    pub names_categories: bool,
    /// Bases the rule relies on, as a bit per basis; 0 means "the activity's bases".
    pub bases: u128,
    pub valid_from: Date,
    pub valid_until: Date,
    /// The rule's index in `PolicySet::rules`.
    pub rule: u32,
    /// Offset of the rule's filter bitset (a share's purposes, a transfer's recipients) in
    /// `Compiled::filter_sets`, or `ALL_CATEGORIES` when it names none.
    pub filter: u32,
    pub effect: Effect,
    pub has_conditions: bool,
    /// Bool conditions as masks over fact slots: the facts tested, and the values wanted.
    pub care: u128,
    pub want: u128,
    /// The rule also tests enum facts (checked against `Compiled::conditions`).
    pub other_conditions: bool,
}

/// The cells of one action.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ActionIndex {
    /// Recipients for share, purposes for use, countries for transfer, rights for rights,
    /// 1 for collect and automated decisions.
    pub objects: usize,
    /// `(start, len)` into `members`, indexed by `activity * objects + object`. Cells with
    /// the same rules share one run of `members` (most recipients see only catch-alls).
    pub cells: Vec<(u32, u32)>,
    /// Rule indices, each run in decision order; see `Compiled::cell_rules`.
    pub members: Vec<u32>,
    /// `members` with each index replaced by a copy of its `CellRule`, so that a scan reads
    /// its rules without one more dependent load (the resolved-share path is a chain of such
    /// loads). Derived, never stored: `Compiled::inline_runs` fills it after compiling or
    /// decoding, so the snapshot stays small.
    #[serde(skip)]
    pub runs: Vec<CellRule>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Compiled {
    pub category_words: usize,
    pub category_sets: Vec<u64>,
    /// By `Action as usize`.
    pub actions: [ActionIndex; 6],
    /// Each rule as cells scan it, by rule index: stored once, referenced by every cell.
    pub cell_rules: Vec<CellRule>,
    /// Bitsets over recipients or purposes, `filter_words` words each.
    pub filter_sets: Vec<u64>,
    /// Per transfer mechanism: a bitset over countries it covers.
    pub mechanism_countries: Vec<Vec<u64>>,
    /// Per rule: the mechanisms it allows, as bits (0: any).
    pub rule_mechanisms: Vec<u128>,
    /// Per mechanism: when it is in force, and the facts it requires.
    pub mechanism_windows: Vec<(Date, Date)>,
    pub mechanism_requires: Vec<Vec<Condition>>,
    /// Bases the notice names for (activity, category): `activity * categories + category`.
    pub activity_bases: Vec<u128>,
    pub categories: usize,
    /// Each rule's conditions, by rule index.
    pub conditions: Vec<Vec<Condition>>,
    /// When each basis is in force: `[valid_from, valid_until)`.
    pub basis_windows: Vec<(Date, Date)>,
    /// Each fact's bit in `Facts::known`/`values` (bool facts only; others hold `NO_SLOT`).
    pub bool_slot: Vec<u8>,
    /// Each fact's number of values (enum facts; 0 for others).
    pub enum_sizes: Vec<u8>,
    /// Each enum fact's first bit in `Facts::known`/`values`: its values take one bit each
    /// from there (one-hot), so a test of the fact is the same two mask operations as a bool
    /// fact's. `NO_SLOT` when the bits ran out (the fact is then read from `Facts::others`).
    pub enum_slot: Vec<u8>,
}

impl Compiled {
    /// Fills each action's `runs` from its `members`.
    pub fn inline_runs(&mut self) {
        for index in &mut self.actions {
            index.runs = index.members.iter().map(|&i| self.cell_rules[i as usize]).collect();
        }
    }
}

pub const NO_SLOT: u8 = u8::MAX;
/// Bool facts (and enum facts' values) are bits of a `u128`.
pub const MAX_BOOL_FACTS: usize = 128;

pub const MAX_BASES: usize = 128;
/// Mechanisms a rule allows are bits of a `u128`.
pub const MAX_MECHANISMS: usize = 128;

fn action_slot(action: Action) -> usize {
    action as usize
}

/// A bitset over `n` entries of a tree: every entry within one of `named`.
fn closure(table: &crate::model::Table, named: &[u32]) -> Vec<u64> {
    let n = table.entries.len();
    let mut bits = vec![0u64; n.div_ceil(64).max(1)];
    for e in 0..n as u32 {
        if named.iter().any(|&x| table.is_within(e, x)) {
            bits[e as usize >> 6] |= 1 << (e & 63);
        }
    }
    bits
}

#[inline]
pub fn bit(bits: &[u64], i: u32) -> bool {
    bits.get(i as usize >> 6).is_some_and(|w| w >> (i & 63) & 1 == 1)
}

impl Compiled {
    /// A condition as masks over fact bits, `(care, want)`: it holds when every `care` bit is
    /// known and equals its `want` bit. A bool fact is one bit. An enum test `OneOf(values)`
    /// cares about the bits of the values it excludes and wants them clear: with one value's
    /// bit set (one-hot), that is the value being one of those allowed. `None` for a test the
    /// masks cannot carry (numbers, dates, an enum without bits, a test that excludes no value
    /// and so holds whenever the fact is stated).
    pub fn condition_bits(&self, c: &Condition) -> Option<(u128, u128)> {
        match c.test {
            Test::Bool(b) => {
                let slot = *self.bool_slot.get(c.fact as usize).filter(|&&s| s != NO_SLOT)?;
                Some((1 << slot, u128::from(b) << slot))
            }
            Test::OneOf(allowed) => {
                let base = *self.enum_slot.get(c.fact as usize).filter(|&&s| s != NO_SLOT)?;
                let values = u32::from(self.enum_sizes[c.fact as usize]);
                let all = if values >= 64 { u64::MAX } else { (1u64 << values) - 1 };
                let excluded = all & !allowed;
                (excluded != 0).then(|| (u128::from(excluded) << base, 0))
            }
            _ => None,
        }
    }

    /// The bits an enum fact's value sets: every bit of the fact known, the value's own bit
    /// set. `None` when the fact has no bits (`Facts::others` carries it).
    #[inline]
    pub fn enum_bits(&self, fact: u32, value: u8) -> Option<(u128, u128)> {
        let base = *self.enum_slot.get(fact as usize).filter(|&&s| s != NO_SLOT)?;
        // At most 64 values (`enum_sizes`), so the shift stays in range.
        let all = (1u128 << self.enum_sizes[fact as usize]) - 1;
        Some((all << base, 1u128 << (u32::from(base) + u32::from(value))))
    }

    #[inline]
    pub fn action(&self, action: Action) -> &ActionIndex {
        &self.actions[action_slot(action)]
    }

    /// Whether a rule's filter (share purposes, transfer recipients) admits `entry`; a rule
    /// with a filter never admits a question that names none.
    #[inline]
    pub fn covers_filter(&self, filter: u32, entry: Option<u32>) -> bool {
        if filter == ALL_CATEGORIES {
            return true;
        }
        match entry {
            Some(e) => {
                let word = self.filter_sets[filter as usize + (e as usize >> 6)];
                word >> (e & 63) & 1 == 1
            }
            None => false,
        }
    }

    #[inline]
    pub fn covers_category(&self, set: u32, category: u32) -> bool {
        if set == ALL_CATEGORIES {
            return true;
        }
        if category == NO_CATEGORY {
            return false;
        }
        let word = self.category_sets[set as usize + (category as usize >> 6)];
        word >> (category & 63) & 1 == 1
    }

    /// Whether a basis exists in law on a date (the Data (Use and Access) Act 2025 added one).
    #[inline]
    pub fn basis_in_force(&self, basis: u32, on: Date) -> bool {
        let (from, until) = self.basis_windows[basis as usize];
        from <= on && on < until
    }

    /// The bases the notice names for an activity's category; for no category, for any.
    #[inline]
    pub fn activity_bases(&self, activity: u32, category: u32) -> u128 {
        let row = activity as usize * self.categories;
        if category == NO_CATEGORY {
            return self.activity_bases[row..row + self.categories].iter().fold(0, |m, b| m | b);
        }
        self.activity_bases[row + category as usize]
    }
}

/// The rules' indices in decision order: deny and limit rules before every permit (deny
/// overrides, as Cedar's forbid and XACML's deny-overrides), then more specific first
/// (`Rule::level`), then declaration order. The first rule of this order that applies to a
/// question decides it (a limit applies when one of its conditions fails); the exporters
/// reproduce the same order. Among permits, the order only chooses which one is cited.
pub fn decision_order(set: &PolicySet) -> Vec<usize> {
    let mut order: Vec<usize> = (0..set.rules.len()).collect();
    order.sort_by_key(|&i| {
        let r = &set.rules[i];
        (r.effect == Effect::Permit, std::cmp::Reverse(r.level), i)
    });
    order
}

/// Builds the compiled form. The set must have passed `check::resolve` without errors.
pub fn compile(set: &PolicySet) -> Compiled {
    let categories = set.vocab.table(VocabKind::Category);
    let n_cat = categories.entries.len();
    let words = n_cat.div_ceil(64).max(1);
    let mut out = Compiled { category_words: words, categories: n_cat, ..Compiled::default() };

    // Category closures: a rule naming `identity` covers `identity.name`.
    let mut category_set_of = Vec::with_capacity(set.rules.len());
    // A rule covers only the categories its notice names (`PolicySet::rule_covers_category`).
    for rule in &set.rules {
        if set.rule_covers_all_categories(rule) {
            category_set_of.push(ALL_CATEGORIES);
            continue;
        }
        let start = out.category_sets.len();
        out.category_sets.resize(start + words, 0);
        for c in 0..n_cat as u32 {
            if set.rule_covers_category(rule, c) {
                out.category_sets[start + (c as usize >> 6)] |= 1 << (c & 63);
            }
        }
        category_set_of.push(start as u32);
    }

    // Bases named per (activity, category), inherited from service groups.
    let n_act = set.activities.len();
    out.activity_bases = vec![0; n_act * n_cat];
    for (a, activity) in set.activities.iter().enumerate() {
        let claim_sources: Vec<u32> = if activity.is_notice_scope {
            set.notices[activity.notice as usize].activities.clone()
        } else {
            activity.ancestors.clone()
        };
        for &src in &claim_sources {
            for claim in &set.activities[src as usize].bases {
                for c in 0..n_cat as u32 {
                    if claim.categories.is_empty() || claim.categories.iter().any(|&named| categories.is_within(c, named)) {
                        out.activity_bases[a * n_cat + c as usize] |= 1u128 << claim.basis;
                    }
                }
            }
        }
    }

    let order = decision_order(set);
    out.conditions = set.rules.iter().map(|r| r.when.clone()).collect();
    let mut next_slot = 0u8;
    out.bool_slot = set
        .vocab
        .table(VocabKind::Fact)
        .entries
        .iter()
        .map(|e| match e.fact_type {
            Some(FactType::Bool) if (next_slot as usize) < MAX_BOOL_FACTS => {
                next_slot += 1;
                next_slot - 1
            }
            _ => NO_SLOT,
        })
        .collect();
    out.enum_sizes = set
        .vocab
        .table(VocabKind::Fact)
        .entries
        .iter()
        .map(|e| match &e.fact_type {
            Some(FactType::Enum(values)) => values.len().min(64) as u8,
            _ => 0,
        })
        .collect();
    // Enum facts take the bits left after the bool facts, one per value.
    out.enum_slot = out
        .enum_sizes
        .iter()
        .map(|&n| {
            if n > 0 && next_slot as usize + n as usize <= MAX_BOOL_FACTS {
                next_slot += n;
                next_slot - n
            } else {
                NO_SLOT
            }
        })
        .collect();
    out.basis_windows = set.vocab.table(VocabKind::Basis).entries.iter().map(|e| (e.valid_from, e.valid_until)).collect();

    let mechanisms = set.vocab.table(VocabKind::Mechanism);
    let countries = set.vocab.table(VocabKind::Country);
    out.mechanism_countries = mechanisms
        .entries
        .iter()
        .map(|m| if m.countries.is_empty() { vec![u64::MAX; countries.entries.len().div_ceil(64).max(1)] } else { closure(countries, &m.countries) })
        .collect();
    out.rule_mechanisms = set.rules.iter().map(|r| r.mechanisms.iter().fold(0u128, |m, &x| m | 1 << x)).collect();
    out.mechanism_windows = mechanisms.entries.iter().map(|m| (m.valid_from, m.valid_until)).collect();
    out.mechanism_requires = mechanisms.entries.iter().map(|m| m.requires.clone()).collect();

    out.cell_rules = vec![
        CellRule {
            categories: ALL_CATEGORIES,
            names_categories: false,
            bases: 0,
            valid_from: Date::MIN,
            valid_until: Date::MAX,
            rule: 0,
            filter: ALL_CATEGORIES,
            effect: Effect::Deny,
            has_conditions: false,
            care: 0,
            want: 0,
            other_conditions: false,
        };
        set.rules.len()
    ];
    for action in Action::ALL {
        let object_kind = action.object_kind();
        let objects = object_kind.map_or(1, |k| set.vocab.table(k).entries.len()).max(1);
        let mut cells: Vec<Vec<u32>> = vec![Vec::new(); n_act * objects];
        for &i in &order {
            let rule = &set.rules[i];
            if rule.action != action {
                continue;
            }
            let named_objects = object_kind.map_or(&[][..], |k| rule.named(k));
            let filter = match action.filter_kind() {
                Some(kind) if !rule.named(kind).is_empty() => {
                    let start = out.filter_sets.len() as u32;
                    out.filter_sets.extend(closure(set.vocab.table(kind), rule.named(kind)));
                    start
                }
                _ => ALL_CATEGORIES,
            };
            let (mut care, mut want) = (0u128, 0u128);
            let mut other_conditions = false;
            for c in &rule.when {
                match out.condition_bits(c) {
                    Some((c_care, c_want)) => {
                        care |= c_care;
                        want |= c_want;
                    }
                    None => other_conditions = true,
                }
            }
            out.cell_rules[i] = CellRule {
                categories: category_set_of[i],
                names_categories: !rule.categories.is_empty(),
                bases: rule.bases.iter().fold(0u128, |m, &b| m | 1u128 << b),
                valid_from: rule.valid_from,
                valid_until: rule.valid_until,
                rule: i as u32,
                filter,
                effect: rule.effect,
                has_conditions: !rule.when.is_empty(),
                care,
                want,
                other_conditions,
            };
            for (a, activity) in set.activities.iter().enumerate() {
                if activity.notice != rule.notice {
                    continue;
                }
                let covered = if rule.activities.is_empty() {
                    true
                } else {
                    !activity.is_notice_scope && activity.ancestors.iter().any(|x| rule.activities.contains(x))
                };
                if !covered {
                    continue;
                }
                for o in 0..objects as u32 {
                    let object_covered = match object_kind {
                        None => true,
                        Some(_) if named_objects.is_empty() => true,
                        Some(kind) => named_objects.iter().any(|&n| set.vocab.table(kind).is_within(o, n)),
                    };
                    if object_covered {
                        cells[a * objects + o as usize].push(i as u32);
                    }
                }
            }
        }
        let index = &mut out.actions[action_slot(action)];
        index.objects = objects;
        let mut runs: rustc_hash::FxHashMap<Vec<u32>, (u32, u32)> = rustc_hash::FxHashMap::default();
        for cell in cells {
            let run = *runs.entry(cell).or_insert_with_key(|cell| {
                let start = index.members.len() as u32;
                index.members.extend(cell);
                (start, cell.len() as u32)
            });
            index.cells.push(run);
        }
    }
    out.inline_runs();
    out
}
