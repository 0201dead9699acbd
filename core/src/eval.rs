//! Evaluation: the first applicable rule of a cell decides; unknown facts become obligations.
//!
//! With every fact a rule tests known, a cell's rules are scanned in decision order and the
//! first that applies gives the verdict (`compile` sorted them: every deny and limit before
//! any permit, then specific before general). A deny applies when all its conditions hold,
//! a limit ("only if") when one of them fails; either way the verdict is `deny`. When a rule tests a fact the question leaves out, evaluation turns
//! partial: every assignment of the unknown fact tests is tried, and the answer is
//! `conditional` on the smallest set of tests that makes every remaining case a permit.
//!
//! A deny or limit that names purposes (share) or recipients (transfer) holds against a
//! question that names none: "the purpose is one of the rule's" is then one more unknown test
//! (a filter atom, `FILTER_FACT`), so such a question is at best `conditional` on the purpose
//! not being one the notice forbids. A permit that names purposes still covers only questions
//! that name one of them.

use crate::compile::{CellRule, Compiled};
use crate::date::Date;
use crate::model::{Action, Condition, Effect, Test};

/// A fact's value as a question states it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FactValue {
    Bool(bool),
    /// Index into the enum fact's values.
    Enum(u8),
    Number(f64),
    Date(Date),
}

/// The verdict of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A rule allows it and every condition is known to hold.
    Permit,
    /// A rule allows it if the obligations hold.
    Conditional,
    /// A rule forbids it.
    Deny,
    /// No rule of the notice covers it; a gate treats this as not permitted.
    NotStated,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Permit => "permit",
            Verdict::Conditional => "conditional",
            Verdict::Deny => "deny",
            Verdict::NotStated => "not_stated",
        }
    }
}

/// The facts a question states. Bool facts, the common case, and enum facts' values are two
/// bitmasks over their slots (`Compiled::bool_slot`, `Compiled::enum_slot`), so testing a
/// rule's conditions is two mask operations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Bit per bool fact slot (and every slot of a stated enum fact): the fact is stated.
    pub known: u128,
    /// Bit per bool fact slot: its stated value; an enum fact sets its value's slot only.
    pub values: u128,
    /// Every other stated fact (number, date, an enum fact without slots), sorted by fact index.
    pub others: Vec<(u32, FactValue)>,
}

/// A question with every name resolved to an index.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub action: Action,
    pub activity: u32,
    /// Recipient (share), purpose (use) or 0 (collect).
    pub object: u32,
    pub category: u32,
    /// A share's purpose or a transfer's recipient, when the question names one.
    pub filter: Option<u32>,
    pub basis: Option<u32>,
    pub as_of: Date,
    pub facts: Facts,
}

/// A fact test that must hold (`holds`) or fail for the answer to be a permit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Literal {
    pub condition: Condition,
    pub holds: bool,
}

/// The fact index of a filter atom: the test "the question's purpose (share) or recipient
/// (transfer) is in the rule's filter", for a question that names none. Its test is
/// `Test::OneOf(offset)`, the offset of the filter's set in `Compiled::filter_sets`.
pub const FILTER_FACT: u32 = u32::MAX;

impl Literal {
    /// For a filter atom: the offset of the filter's set in `Compiled::filter_sets`.
    pub fn filter_set(&self) -> Option<u32> {
        match self.condition.test {
            Test::OneOf(offset) if self.condition.fact == FILTER_FACT => Some(offset as u32),
            _ => None,
        }
    }
}

/// The filter atom of a rule that names purposes or recipients.
fn filter_atom(r: &CellRule) -> Condition {
    Condition { fact: FILTER_FACT, test: Test::OneOf(r.filter as u64) }
}

/// What evaluation found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub verdict: Verdict,
    /// Rule indices that decided, the deciding rule first.
    pub reasons: Vec<u32>,
    pub obligations: Vec<Literal>,
    /// A rule covered the question but not under the basis the question named.
    pub basis_excluded: bool,
    /// Too many unknown facts to evaluate partially; answered as not permitted.
    pub too_many_unknowns: bool,
    /// `not_stated` although rules cover the question: their conditions do not hold.
    pub unmet: Vec<u32>,
    /// `conditional`: other sets of obligations, as small as `obligations`, that would do.
    pub alternatives: Vec<Vec<Literal>>,
    /// `not_stated`: deny and limit rules that would apply under some values of the unknown facts.
    pub possible_denies: Vec<u32>,
    /// Transfers: the legal mechanism that makes the permitted case lawful.
    pub mechanism: Option<u32>,
    /// Transfers: the notice permits it but no mechanism of the law applies.
    pub law_blocked: bool,
}

impl Outcome {
    /// An outcome with this verdict and nothing else.
    pub fn with_verdict(verdict: Verdict) -> Outcome {
        Outcome {
            verdict,
            reasons: Vec::new(),
            obligations: Vec::new(),
            basis_excluded: false,
            too_many_unknowns: false,
            unmet: Vec::new(),
            alternatives: Vec::new(),
            possible_denies: Vec::new(),
            mechanism: None,
            law_blocked: false,
        }
    }
}

/// More unknown fact tests than this are not enumerated (2^12 cases).
const MAX_UNKNOWN_TESTS: usize = 12;

/// Evaluation as methods of `Compiled`. `Compiled` is built by the load crate (which
/// `build.rs` runs, and which evaluates nothing), so evaluation is added here, by a trait.
pub trait Evaluate {
    /// Whether a condition holds, given the facts; `None` when its fact is unknown.
    fn test_condition(&self, condition: &Condition, facts: &Facts) -> Option<bool>;
    /// The verdict alone, for the hot path: no allocation when every tested fact is known.
    fn verdict(&self, q: &Resolved) -> Verdict;
    /// The full outcome, with reasons and obligations.
    fn evaluate(&self, q: &Resolved) -> Outcome;
}

impl Evaluate for Compiled {
    #[inline]
    fn test_condition(&self, condition: &Condition, facts: &Facts) -> Option<bool> {
        Evaluator(self).test_condition(condition, facts)
    }
    #[inline]
    fn verdict(&self, q: &Resolved) -> Verdict {
        Evaluator(self).verdict(q)
    }
    #[inline]
    fn evaluate(&self, q: &Resolved) -> Outcome {
        Evaluator(self).evaluate(q)
    }
}

/// A compiled set seen as an evaluator: the methods below read `Compiled`'s fields and
/// methods through `Deref`.
#[derive(Clone, Copy)]
struct Evaluator<'c>(&'c Compiled);

impl std::ops::Deref for Evaluator<'_> {
    type Target = Compiled;
    #[inline]
    fn deref(&self) -> &Compiled {
        self.0
    }
}

impl Evaluator<'_> {
    /// Whether a condition holds, given the facts; `None` when its fact is unknown.
    pub fn test_condition(&self, condition: &Condition, facts: &Facts) -> Option<bool> {
        self.test(condition, facts)
    }

    fn test(&self, condition: &Condition, facts: &Facts) -> Option<bool> {
        match &condition.test {
            Test::Bool(want) => {
                let bit = 1u128 << self.bool_slot[condition.fact as usize];
                (facts.known & bit != 0).then(|| (facts.values & bit != 0) == *want)
            }
            Test::OneOf(allowed) if self.enum_slot.get(condition.fact as usize).is_some_and(|&s| s != crate::compile::NO_SLOT) => {
                let base = self.enum_slot[condition.fact as usize];
                (facts.known >> base & 1 == 1).then(|| (facts.values >> base) as u64 & allowed != 0)
            }
            test => {
                // Questions state a handful of facts; a linear scan beats a search.
                let value = facts.others.iter().find(|(f, _)| *f == condition.fact).map(|(_, v)| *v)?;
                // Type mismatches are rejected when the question is resolved.
                Some(match (test, value) {
                    (Test::OneOf(mask), FactValue::Enum(i)) => mask >> i & 1 == 1,
                    (Test::AtLeast(n), FactValue::Number(x)) => x >= *n as f64,
                    (Test::AtMost(n), FactValue::Number(x)) => x <= *n as f64,
                    _ => false,
                })
            }
        }
    }

    /// Whether some value of each enum and number fact gives every atom on it the truth the
    /// assignment gives it (bool facts have one atom each, so any assignment will do).
    fn feasible(&self, atoms: &[Condition], assignment: usize) -> bool {
        for (i, atom) in atoms.iter().enumerate() {
            // Check each fact once, at its first atom. Filter atoms are taken as independent:
            // an impossible case only adds a case that must permit, never a permit.
            if matches!(atom.test, Test::Bool(_)) || atom.fact == FILTER_FACT || atoms[..i].iter().any(|a| a.fact == atom.fact) {
                continue;
            }
            let on_fact = || atoms.iter().enumerate().filter(|(_, a)| a.fact == atom.fact).map(|(j, a)| (&a.test, assignment >> j & 1 == 1));
            let satisfiable = match atom.test {
                Test::OneOf(_) => {
                    let values = self.enum_sizes.get(atom.fact as usize).copied().unwrap_or(64);
                    let mut left = if values >= 64 { u64::MAX } else { (1u64 << values) - 1 };
                    for (test, holds) in on_fact() {
                        if let Test::OneOf(mask) = test {
                            left &= if holds { *mask } else { !*mask };
                        }
                    }
                    left != 0
                }
                _ => {
                    // An interval: (bound, inclusive) from below and from above.
                    let (mut lo, mut hi) = ((f64::NEG_INFINITY, true), (f64::INFINITY, true));
                    let raise = |lo: &mut (f64, bool), b: (f64, bool)| {
                        if b.0 > lo.0 || (b.0 == lo.0 && !b.1) {
                            *lo = b;
                        }
                    };
                    let lower = |hi: &mut (f64, bool), b: (f64, bool)| {
                        if b.0 < hi.0 || (b.0 == hi.0 && !b.1) {
                            *hi = b;
                        }
                    };
                    for (test, holds) in on_fact() {
                        match (test, holds) {
                            (Test::AtLeast(n), true) => raise(&mut lo, (*n as f64, true)),
                            (Test::AtLeast(n), false) => lower(&mut hi, (*n as f64, false)),
                            (Test::AtMost(n), true) => lower(&mut hi, (*n as f64, true)),
                            (Test::AtMost(n), false) => raise(&mut lo, (*n as f64, false)),
                            _ => {}
                        }
                    }
                    lo.0 < hi.0 || (lo.0 == hi.0 && lo.1 && hi.1)
                }
            };
            if !satisfiable {
                return false;
            }
        }
        true
    }

    /// Whether a rule's conditions outside its masks hold; `None` when one of their facts is
    /// unknown.
    fn others_hold(&self, rule: u32, facts: &Facts) -> Option<bool> {
        let mut unknown = false;
        for c in self.conditions[rule as usize].iter().filter(|c| self.condition_bits(c).is_none()) {
            match self.test(c, facts) {
                Some(false) => return Some(false),
                Some(true) => {}
                None => unknown = true,
            }
        }
        if unknown {
            None
        } else {
            Some(true)
        }
    }
}

impl Evaluator<'_> {
    /// The rules of the question's cell, in decision order.
    #[inline(always)]
    fn cell(&self, q: &Resolved) -> std::slice::Iter<'_, CellRule> {
        let index = self.action(q.action);
        let (start, len) = index.cells[q.activity as usize * index.objects + q.object as usize];
        index.runs[start as usize..(start + len) as usize].iter()
    }

    /// Whether a rule covers the question's category, date, filter and basis (conditions aside).
    #[inline(always)]
    fn matches(&self, r: &CellRule, q: &Resolved) -> bool {
        self.matches_but_filter(r, q) && self.covers_filter(r.filter, q.filter)
    }

    /// A deny or limit that names purposes (share) or recipients (transfer), when the
    /// question names none and the rule covers it otherwise: it may forbid (a filter atom).
    #[inline(always)]
    fn open_filter(&self, r: &CellRule, q: &Resolved) -> bool {
        self.leaves_filter_open(r, q) && self.matches_but_filter(r, q)
    }

    /// `open_filter` without the rest of the scope: a deny or limit naming filters, and a
    /// question naming none.
    #[inline(always)]
    fn leaves_filter_open(&self, r: &CellRule, q: &Resolved) -> bool {
        q.filter.is_none() && r.filter != crate::compile::ALL_CATEGORIES && r.effect.forbids()
    }

    /// `matches`, whatever the question's filter.
    #[inline(always)]
    fn matches_but_filter(&self, r: &CellRule, q: &Resolved) -> bool {
        let category_covered = if q.category == crate::compile::NO_CATEGORY {
            !r.names_categories
        } else {
            self.covers_category(r.categories, q.category)
        };
        if !category_covered || q.as_of < r.valid_from || q.as_of >= r.valid_until {
            return false;
        }
        match q.basis {
            None => true,
            Some(b) if !self.basis_in_force(b, q.as_of) => false,
            Some(b) if r.bases != 0 => r.bases >> b & 1 == 1,
            Some(b) => self.activity_bases(q.activity, q.category) >> b & 1 == 1,
        }
    }

    /// The verdict alone, for the hot path: no allocation when every tested fact is known.
    #[inline(always)]
    pub fn verdict(&self, q: &Resolved) -> Verdict {
        if q.action == Action::Transfer {
            return self.evaluate(q).verdict; // the law is evaluated with the notice
        }
        for r in self.cell(q) {
            if !self.matches_but_filter(r, q) {
                continue;
            }
            if !self.covers_filter(r.filter, q.filter) {
                if self.leaves_filter_open(r, q) {
                    return self.evaluate_partially(q).verdict;
                }
                continue;
            }
            if r.has_conditions {
                let known = q.facts.known & r.care;
                let mut fails = (q.facts.values ^ r.want) & known != 0;
                let mut unknown = known != r.care;
                if !fails && r.other_conditions {
                    match self.others_hold(r.rule, &q.facts) {
                        Some(false) => fails = true,
                        Some(true) => {}
                        None => unknown = true,
                    }
                }
                match (r.effect, fails) {
                    // A limit whose condition is known to fail forbids, whatever else is unknown.
                    (Effect::Limit, true) => return Verdict::Deny,
                    // A deny or permit whose condition is known to fail does not apply.
                    (_, true) => continue,
                    (_, false) if unknown => return self.evaluate(q).verdict,
                    // A limit whose conditions all hold lets the permits decide.
                    (Effect::Limit, false) => continue,
                    _ => {}
                }
            }
            return if r.effect == Effect::Permit { Verdict::Permit } else { Verdict::Deny };
        }
        Verdict::NotStated
    }

    /// The full outcome, with reasons and obligations.
    pub fn evaluate(&self, q: &Resolved) -> Outcome {
        if q.action != Action::Transfer {
            if let Some(outcome) = self.evaluate_known(q) {
                return outcome;
            }
        }
        self.evaluate_partially(q)
    }

    /// The outcome when every fact the covering rules test is known: one case, so the first
    /// rule that applies decides (what `evaluate_partially` gives for a single case, without
    /// its tables or allocations). `None` when a tested fact is unknown.
    fn evaluate_known(&self, q: &Resolved) -> Option<Outcome> {
        let mut basis_excluded = false;
        let mut decider: Option<&CellRule> = None;
        for r in self.cell(q) {
            if self.matches(r, q) {
                let mut all_hold = true;
                for c in &self.conditions[r.rule as usize] {
                    all_hold &= self.test(c, &q.facts)?;
                }
                // A limit applies (forbids) exactly when one of its conditions fails.
                if decider.is_none() && all_hold != (r.effect == Effect::Limit) {
                    decider = Some(r);
                }
            } else if self.open_filter(r, q) {
                return None;
            } else if q.basis.is_some() && self.matches(r, &Resolved { basis: None, ..q.clone() }) {
                basis_excluded = true;
            }
        }
        let mut outcome = Outcome { basis_excluded, ..Outcome::with_verdict(Verdict::NotStated) };
        match decider {
            Some(r) => {
                outcome.verdict = if r.effect == Effect::Permit { Verdict::Permit } else { Verdict::Deny };
                outcome.reasons.push(r.rule);
            }
            None => outcome.unmet = self.cell(q).filter(|r| r.effect == Effect::Permit && self.matches(r, q)).map(|r| r.rule).collect(),
        }
        Some(outcome)
    }

    /// The outcome under every assignment of the unknown facts the covering rules (and, for a
    /// transfer, the law's mechanisms) test. The deny and limit rules whose filter the
    /// question leaves open count only against a permit: they cannot make a deny or a
    /// `not_stated` any other verdict, so those keep the reasons they have without them.
    fn evaluate_partially(&self, q: &Resolved) -> Outcome {
        let outcome = self.evaluate_cases(q, false);
        if matches!(outcome.verdict, Verdict::Permit | Verdict::Conditional) && self.cell(q).any(|r| self.open_filter(r, q)) {
            return self.evaluate_cases(q, true);
        }
        outcome
    }

    /// `evaluate_partially`, with or without the rules whose filter the question leaves open.
    fn evaluate_cases(&self, q: &Resolved, open_filters: bool) -> Outcome {
        let mut matching: Vec<&CellRule> = Vec::new();
        let mut basis_excluded = false;
        for r in self.cell(q) {
            if self.matches(r, q) || (open_filters && self.open_filter(r, q)) {
                matching.push(r);
            } else if q.basis.is_some() && self.matches(r, &Resolved { basis: None, ..q.clone() }) {
                basis_excluded = true;
            }
        }
        // Atoms: distinct unknown fact tests, a bool fact's tests sharing one atom; and the
        // filter atoms of the rules whose filter the question leaves open.
        let mut atoms: Vec<Condition> = Vec::new();
        for r in &matching {
            if !self.covers_filter(r.filter, q.filter) {
                let atom = filter_atom(r);
                if !atoms.contains(&atom) {
                    atoms.push(atom);
                }
            }
            for c in &self.conditions[r.rule as usize] {
                if self.test(c, &q.facts).is_none() {
                    let atom = normalise(c);
                    if !atoms.contains(&atom) {
                        atoms.push(atom);
                    }
                }
            }
        }
        // Transfers: the mechanisms of the law that cover the country on the date.
        let law: Vec<u32> = if q.action == Action::Transfer {
            (0..self.mechanism_windows.len() as u32)
                .filter(|&m| {
                    let (from, until) = self.mechanism_windows[m as usize];
                    from <= q.as_of && q.as_of < until && crate::compile::bit(&self.mechanism_countries[m as usize], q.object)
                })
                .collect()
        } else {
            Vec::new()
        };
        for &m in &law {
            for c in &self.mechanism_requires[m as usize] {
                if self.test(c, &q.facts).is_none() {
                    let atom = normalise(c);
                    if !atoms.contains(&atom) {
                        atoms.push(atom);
                    }
                }
            }
        }
        let mut outcome = Outcome { basis_excluded, ..Outcome::with_verdict(Verdict::NotStated) };
        if atoms.len() > MAX_UNKNOWN_TESTS {
            outcome.too_many_unknowns = true;
            return outcome;
        }
        let cases = 1usize << atoms.len();
        let holds = |c: &Condition, assignment: usize| match self.test(c, &q.facts) {
            Some(v) => v,
            None => {
                let (atom, positive) = atom_of(&atoms, c);
                (assignment >> atom & 1 == 1) == positive
            }
        };
        let decide = |assignment: usize| -> Option<&CellRule> {
            matching.iter().copied().find(|r| {
                let in_filter = self.covers_filter(r.filter, q.filter) || {
                    let (atom, _) = atom_of(&atoms, &filter_atom(r));
                    assignment >> atom & 1 == 1
                };
                let all_hold = self.conditions[r.rule as usize].iter().all(|c| holds(c, assignment));
                // A limit applies (forbids) exactly when one of its conditions fails.
                in_filter && all_hold != (r.effect == Effect::Limit)
            })
        };
        // Tests of one enum or number fact are not independent: "consent is given" and
        // "consent is withdrawn" cannot both hold. Only assignments some value satisfies count.
        let live: Vec<bool> = (0..cases).map(|a| self.feasible(&atoms, a)).collect();
        let deciders: Vec<Option<&CellRule>> = (0..cases).map(|a| if live[a] { decide(a) } else { None }).collect();
        let live_cases = || (0..cases).filter(|&a| live[a]);
        // Transfers: a permit of the notice also needs a mechanism of the law (one the rule
        // allows) whose requirements hold.
        let lawful: Vec<Option<u32>> = (0..cases)
            .map(|i| match deciders[i] {
                Some(r) if r.effect == Effect::Permit && q.action == Action::Transfer => {
                    let allowed = self.rule_mechanisms[r.rule as usize];
                    law.iter()
                        .copied()
                        .filter(|&m| allowed == 0 || allowed >> m & 1 == 1)
                        .find(|&m| self.mechanism_requires[m as usize].iter().all(|c| holds(c, i)))
                }
                _ => None,
            })
            .collect();
        let permits = |i: usize| matches!(deciders[i], Some(r) if r.effect == Effect::Permit) && (q.action != Action::Transfer || lawful[i].is_some());
        let push_reason = |reasons: &mut Vec<u32>, r: &CellRule| {
            if !reasons.contains(&r.rule) {
                reasons.push(r.rule);
            }
        };
        if live_cases().all(permits) {
            outcome.verdict = Verdict::Permit;
            outcome.mechanism = live_cases().next().and_then(|a| lawful[a]);
            deciders.iter().flatten().for_each(|r| push_reason(&mut outcome.reasons, r));
            return outcome;
        }
        if !live_cases().any(permits) {
            // Deny only when every case is forbidden, by a deny of the notice or, for a
            // transfer the notice permits, by the law; a deny that hangs on an unknown fact
            // over silence is not a prohibition of this question.
            if live_cases().all(|a| deciders[a].is_some()) {
                outcome.verdict = Verdict::Deny;
                outcome.law_blocked = deciders.iter().flatten().any(|r| r.effect == Effect::Permit);
                deciders.iter().flatten().for_each(|r| push_reason(&mut outcome.reasons, r));
            } else {
                outcome.unmet = matching.iter().filter(|r| r.effect == Effect::Permit).map(|r| r.rule).collect();
                for r in deciders.iter().flatten().filter(|r| r.effect.forbids()) {
                    if !outcome.possible_denies.contains(&r.rule) {
                        outcome.possible_denies.push(r.rule);
                    }
                }
                outcome.law_blocked = deciders.iter().flatten().any(|r| r.effect == Effect::Permit);
            }
            return outcome;
        }
        // Conditional: the fewest literals (then the earliest atoms) under which every case
        // permits.
        let k = atoms.len();
        let mut solutions: Vec<(usize, usize)> = Vec::new();
        for size in 1..=k {
            for care in 0..cases {
                if care.count_ones() as usize != size {
                    continue;
                }
                let mut value = 0;
                loop {
                    let mut within = live_cases().filter(|m| m & care == value).peekable();
                    if within.peek().is_some() && within.all(permits) {
                        solutions.push((care, value));
                    }
                    // Next value within the care bits.
                    value = (value | !care).wrapping_add(1) & care;
                    if value == 0 {
                        break;
                    }
                }
            }
            if !solutions.is_empty() {
                break;
            }
        }
        let literals = |(care, value): (usize, usize)| -> Vec<Literal> {
            atoms
                .iter()
                .enumerate()
                .filter(|(i, _)| care >> i & 1 == 1)
                .map(|(i, atom)| Literal { condition: atom.clone(), holds: value >> i & 1 == 1 })
                .collect()
        };
        let (care, value) = *solutions.first().expect("some case permits, so the full assignment of that case is a solution");
        outcome.verdict = Verdict::Conditional;
        outcome.obligations = literals((care, value));
        outcome.alternatives = solutions.iter().skip(1).take(3).map(|&s| literals(s)).collect();
        for m in live_cases().filter(|m| m & care == value) {
            if let Some(r) = deciders[m] {
                push_reason(&mut outcome.reasons, r);
            }
            outcome.mechanism = outcome.mechanism.or(lawful[m]);
        }
        for r in deciders.iter().flatten() {
            if r.effect.forbids() {
                push_reason(&mut outcome.reasons, r);
            }
        }
        outcome
    }
}

/// A bool fact's tests all refer to the atom "fact is true".
fn normalise(c: &Condition) -> Condition {
    match c.test {
        Test::Bool(_) => Condition { fact: c.fact, test: Test::Bool(true) },
        _ => c.clone(),
    }
}

/// The atom a condition refers to, and whether the condition is the atom or its negation.
fn atom_of(atoms: &[Condition], c: &Condition) -> (usize, bool) {
    let positive = !matches!(c.test, Test::Bool(false));
    let i = atoms.iter().position(|a| *a == normalise(c)).expect("every unknown condition has an atom");
    (i, positive)
}
