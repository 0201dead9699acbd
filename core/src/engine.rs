//! The engine: a loaded, compiled policy set that answers questions.
//!
//! `Engine` is immutable once built, so it is `Send + Sync` and answers from any number of
//! threads. Loading runs parse, resolve (every check) and compile; a question is resolved
//! (names to indices, each failure an error naming its field), evaluated on the compiled
//! cells, and turned into a wire `Decision` with the notice's own words.

#[cfg(feature = "load")]
use std::path::Path;

use once_cell::sync::Lazy;

use crate::compile::{Compiled, NO_CATEGORY};
use crate::date::Date;
use crate::decision::*;
use crate::diagnostics::PolicyErrors;
pub use crate::error::LoadError;
use crate::kind::{DecidedBy, Kind};
use crate::eval::{Evaluate, FactValue, Facts, Literal, Outcome, Resolved, Verdict};
use crate::model::{Action, FactType, PolicySet, Test};
use crate::question::{parse_question, FactInput, Question, QuestionId};
use crate::sources::PolicySources;
use crate::syntax::VocabKind;

/// A compiled policy set.
#[derive(Debug)]
pub struct Engine {
    set: PolicySet,
    compiled: Compiled,
    hash: String,
    rendered: Rendered,
    /// Built on the first `classify` call: most callers never classify, and loading stays
    /// cheaper without it.
    classifier: once_cell::sync::OnceCell<crate::classify::Classifier>,
}

/// JSON fragments that never change for a policy set, rendered once at load.
#[derive(Debug)]
struct Rendered {
    /// Each rule as a wire `Reason`, rendered the first time a decision cites it (loading
    /// renders none: most questions cite a handful of the set's rules).
    reasons: Vec<once_cell::sync::OnceCell<String>>,
    /// Each basis as a wire `Named`.
    bases: Vec<String>,
    /// `,"policy_hash":"…"`.
    hash: String,
}

/// See `Engine::parts`.
struct Parts {
    obligations: Vec<Obligation>,
    bases: u128,
    special_category: Option<bool>,
    criminal_offence: Option<bool>,
    mechanism: Option<Mechanism>,
    notes: Vec<String>,
}

static BUILTIN_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The built-in set, loaded, checked (quotes included) and compiled by `build.rs`.
static BUILTIN_SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.bin"));

static BUILTIN: Lazy<Result<Engine, PolicyErrors>> = Lazy::new(Engine::load_builtin);

/// Each bool fact slot's bit in `Facts::known` and `Facts::values`: a load instead of a shift
/// of a 128-bit value by a variable amount (`Engine::pack_bool_facts`).
static SLOT_BITS: [u128; 128] = {
    let mut bits = [0u128; 128];
    let mut slot = 0;
    while slot < 128 {
        bits[slot] = 1 << slot;
        slot += 1;
    }
    bits
};

impl Engine {
    /// The built-in policy set (`policies/`, embedded at compile time), compiled on first use.
    ///
    /// # Panics
    /// When the built-in policy files have errors, which only a broken checkout can cause
    /// (`core/tests/builtin.rs` guards it); `try_builtin` reports them instead.
    pub fn builtin() -> &'static Engine {
        match Engine::try_builtin() {
            Ok(engine) => engine,
            Err(e) => panic!("the built-in policy set does not load:\n{e}"),
        }
    }

    /// The built-in policy set, or its errors.
    pub fn try_builtin() -> Result<&'static Engine, &'static PolicyErrors> {
        BUILTIN.as_ref()
    }

    /// The built-in policy files, as `PolicySources` (empty without the `embed-sources`
    /// feature).
    pub fn builtin_sources() -> PolicySources {
        let mut sources = PolicySources::default();
        for (name, text) in BUILTIN_FILES {
            sources.add(name, *text);
        }
        sources
    }

    /// Loads every policy file under `dir` (and notice texts under `dir/sources`).
    #[cfg(feature = "load")]
    pub fn from_dir(dir: &Path) -> Result<Engine, LoadError> {
        Ok(Engine::load(&PolicySources::from_dir(dir)?)?)
    }

    /// Parses, checks and compiles a policy set, reporting every problem at once.
    #[cfg(feature = "load")]
    pub fn load(sources: &PolicySources) -> Result<Engine, PolicyErrors> {
        Ok(Engine::from_loaded(crate::load::load(sources)?))
    }

    /// A fresh engine from the built-in snapshot compiled by `build.rs` (what `builtin()`
    /// holds); when the built-in files did not load at build time, from the files, so their
    /// errors are reported.
    pub fn load_builtin() -> Result<Engine, PolicyErrors> {
        match crate::load::decode(BUILTIN_SNAPSHOT) {
            Ok(loaded) if !BUILTIN_SNAPSHOT.is_empty() => Ok(Engine::from_loaded(loaded)),
            _ => Engine::load_builtin_files(),
        }
    }

    #[cfg(feature = "load")]
    fn load_builtin_files() -> Result<Engine, PolicyErrors> {
        Engine::load(&Engine::builtin_sources())
    }

    /// Without the `load` feature there is nothing to report the files' errors with: the
    /// error says where to see them.
    #[cfg(not(feature = "load"))]
    fn load_builtin_files() -> Result<Engine, PolicyErrors> {
        Err(PolicyErrors(vec![crate::diagnostics::Diagnostic::file(
            "policies",
            "the built-in policy set did not compile when this library was built, and this build cannot compile policy files (feature `load`): run `noticegate check policies/` to see why",
        )]))
    }

    /// Whether `builtin()` comes from the build-time snapshot (false only when the built-in
    /// files had errors at build time).
    pub fn builtin_is_precompiled() -> bool {
        !BUILTIN_SNAPSHOT.is_empty()
    }

    fn from_loaded(loaded: crate::load::Loaded) -> Engine {
        let crate::load::Loaded { set, compiled, hash } = loaded;
        let rendered = Rendered {
            reasons: std::iter::repeat_with(once_cell::sync::OnceCell::new).take(set.rules.len()).collect(),
            bases: set
                .vocab
                .table(VocabKind::Basis)
                .entries
                .iter()
                .map(|e| serde_json::to_string(&Named { id: e.id.clone(), label: e.label.clone() }).expect("names serialise"))
                .collect(),
            hash: format!(",\"policy_hash\":{}", serde_json::to_string(&hash).expect("strings serialise")),
        };
        Engine { set, compiled, hash, rendered, classifier: once_cell::sync::OnceCell::new() }
    }

    /// A rule as a wire `Reason` in JSON (rendered once, then pasted into each answer).
    fn rendered_reason(&self, rule: u32) -> &str {
        self.rendered.reasons[rule as usize].get_or_init(|| serde_json::to_string(&self.reason(rule)).expect("reasons serialise"))
    }

    /// `sha256:…` of the policy files and notice texts; every decision carries it.
    pub fn policy_hash(&self) -> &str {
        &self.hash
    }

    /// The resolved policy set, for listings and reports.
    pub fn policy(&self) -> &PolicySet {
        &self.set
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.compiled
    }

    /// Answers one JSON question with one JSON line: a decision, or an error object.
    pub fn ask_json(&self, line: &str) -> String {
        self.ask_json_on(line, None)
    }

    /// As `ask_json`, with the date that a question without `as_of` is asked on. Targets
    /// without a clock (the browser) pass today's date here.
    pub fn ask_json_on(&self, line: &str, today: Option<Date>) -> String {
        let mut q = match parse_question(line) {
            Ok(q) => q,
            Err(failure) => return answer_json(failure.id.as_ref(), &Err(failure.error)),
        };
        if q.as_of.is_none() {
            q.as_of = today;
        }
        if q.ask.is_some_and(|ask| Kind::of(ask).decided_by != DecidedBy::Cell) {
            return answer_json(q.id.as_ref(), &self.decide(&q));
        }
        match self.resolve(&q) {
            Ok(r) => self.decision_json(q.id.as_ref(), &r, &self.compiled.evaluate(&r)),
            Err(e) => answer_json(q.id.as_ref(), &Err(e)),
        }
    }

    /// Answers a question.
    pub fn decide(&self, q: &Question<'_>) -> Result<Decision, QuestionError> {
        match q.ask.map(|ask| Kind::of(ask).decided_by) {
            Some(DecidedBy::Retention) => return crate::retention::decide(self, q),
            Some(DecidedBy::Rights) => return crate::rights::decide(self, q),
            Some(DecidedBy::Cell) | None => {}
        }
        let resolved = self.resolve(q)?;
        let outcome = self.compiled.evaluate(&resolved);
        Ok(self.decision(q, &resolved, &outcome))
    }

    /// The verdict alone for a resolved question: the hot path, a cell look-up and a scan.
    #[inline]
    pub fn verdict(&self, q: &Resolved) -> Verdict {
        self.compiled.verdict(q)
    }

    /// The full outcome for a resolved question (reasons as rule indices).
    pub fn evaluate(&self, q: &Resolved) -> Outcome {
        self.compiled.evaluate(q)
    }

    /// Classifies a form field label or column name to a category (see `classify`).
    pub fn classify(&self, text: &str) -> crate::classify::Classification {
        self.classifier().classify(&self.set, text)
    }

    /// Classifies a name given as bytes; a name that is not UTF-8 is an `invalid_utf8` error.
    pub fn classify_name_bytes(&self, name: &[u8]) -> Result<crate::classify::Classification, crate::classify::ClassifyError> {
        self.classifier().classify_bytes(&self.set, name)
    }

    /// Classifies a column from its name and a sample of its values (see `classify`).
    pub fn classify_column(
        &self,
        name: &str,
        values: &[crate::classify::Sample<'_>],
    ) -> Result<crate::classify::Classification, crate::classify::ClassifyError> {
        self.classifier().classify_column(&self.set, name, values)
    }

    /// Classifies a table's columns by name, each read in the context of the whole table (what a
    /// row describes: `frame_context`).
    pub fn classify_frame(&self, names: &[&str]) -> Vec<crate::classify::Classification> {
        self.classifier().classify_frame(&self.set, names)
    }

    /// Reads columns classified one by one (`classify`, `classify_column`) in the context of
    /// their table (`frame_context`); `names` and `read` are parallel.
    pub fn read_in_frame(&self, names: &[&str], read: &mut [crate::classify::Classification]) {
        self.classifier().read_in_frame(&self.set, names, read)
    }

    /// The classifier of this set with the built-in lexicon, built on first use.
    pub fn classifier(&self) -> &crate::classify::Classifier {
        self.classifier.get_or_init(|| crate::classify::Classifier::new(&self.set))
    }

    /// Resolves one name of a vocabulary kind, or explains why it cannot be.
    pub fn lookup(&self, kind: VocabKind, name: &str, field: &str) -> Result<u32, QuestionError> {
        let table = self.set.vocab.table(kind);
        match table.names.lookup(name) {
            [one] => Ok(*one),
            [] => {
                let mut e = QuestionError::new(ErrorCode::UnknownName, Some(field), format!("no {} is named \"{name}\"", kind.name()));
                e.suggestions = table.names.suggest(name, 3);
                Err(e)
            }
            many => {
                let mut e = QuestionError::new(ErrorCode::AmbiguousName, Some(field), format!("\"{name}\" names more than one {}", kind.name()));
                e.suggestions = many.iter().take(3).map(|&i| table.entries[i as usize].id.clone()).collect();
                Err(e)
            }
        }
    }

    /// Resolves every name of a question and checks that its fields fit its kind.
    pub fn resolve(&self, q: &Question<'_>) -> Result<Resolved, QuestionError> {
        let ask = q.ask.ok_or_else(|| QuestionError::new(ErrorCode::MissingField, Some("ask"), "the question has no `ask`"))?;
        let kind = Kind::of(ask);
        let Some(action) = kind.action else {
            return Err(QuestionError::new(
                ErrorCode::InvalidField,
                Some("ask"),
                "retention questions are answered by Engine::decide, not resolved to a cell",
            ));
        };
        for (field, value) in [("recipient", &q.recipient), ("purpose", &q.purpose), ("country", &q.country), ("record", &q.record), ("right", &q.right)] {
            if value.is_some() && !kind.takes(field) {
                return Err(QuestionError::new(ErrorCode::InvalidField, Some(field), format!("`{field}` does not apply to {} questions", ask.name())));
            }
        }
        let activity = self.resolve_activity(q)?;
        let required = |field: &str, value: &Option<std::borrow::Cow<'_, str>>, kind: VocabKind| -> Result<u32, QuestionError> {
            match value {
                Some(name) => self.lookup(kind, name, field),
                None => Err(QuestionError::new(ErrorCode::MissingField, Some(field), format!("{} questions need `{field}`", ask.name()))),
            }
        };
        let optional = |field: &str, value: &Option<std::borrow::Cow<'_, str>>, kind: VocabKind| -> Result<Option<u32>, QuestionError> {
            value.as_ref().map(|name| self.lookup(kind, name, field)).transpose()
        };
        let category = match (action, &q.category) {
            (Action::Rights, None) => NO_CATEGORY,
            _ => required("category", &q.category, VocabKind::Category)?,
        };
        let (object, filter) = match action {
            Action::Share => (required("recipient", &q.recipient, VocabKind::Recipient)?, optional("purpose", &q.purpose, VocabKind::Purpose)?),
            Action::Use => (required("purpose", &q.purpose, VocabKind::Purpose)?, None),
            Action::Transfer => {
                let recipient = optional("recipient", &q.recipient, VocabKind::Recipient)?;
                let located = recipient.and_then(|r| self.set.vocab.entry(VocabKind::Recipient, r).located_in);
                // An explicit `country` wins over the recipient's usual location (`located_in`):
                // a recipient may also receive data elsewhere, as the question then says.
                let country = match (optional("country", &q.country, VocabKind::Country)?, located) {
                    (Some(c), _) => c,
                    (None, Some(c)) => c,
                    (None, None) => {
                        return Err(QuestionError::new(
                            ErrorCode::MissingField,
                            Some("country"),
                            "transfer questions need `country`, or a `recipient` whose country the policies know",
                        ))
                    }
                };
                (country, recipient)
            }
            // Rights questions without a right are answered right by right (`decide`).
            Action::Rights => (optional("right", &q.right, VocabKind::Right)?.unwrap_or(0), None),
            Action::Collect | Action::AutomatedDecision => (0, None),
        };
        let basis = match &q.basis {
            Some(name) => Some(self.lookup(VocabKind::Basis, name, "basis")?),
            None => None,
        };
        let facts = self.facts(&self.resolve_facts(q)?);
        Ok(Resolved { action, activity, object, category, filter, basis, as_of: q.as_of.unwrap_or_else(Date::today), facts })
    }

    /// Resolves the stated facts: names to facts, values checked against their types.
    pub fn resolve_facts(&self, q: &Question<'_>) -> Result<Vec<(u32, FactValue)>, QuestionError> {
        let mut pairs = Vec::with_capacity(q.facts.len());
        for (name, value) in &q.facts {
            let field = || format!("facts.{name}");
            let fact = self.lookup(VocabKind::Fact, name, "facts").map_err(|mut e| {
                e.field = Some(field());
                e
            })?;
            let entry = self.set.vocab.entry(VocabKind::Fact, fact);
            let typed = match (entry.fact_type.as_ref(), value) {
                (Some(FactType::Bool), FactInput::Bool(b)) => Some(FactValue::Bool(*b)),
                (Some(FactType::Number), FactInput::Number(n)) => Some(FactValue::Number(*n)),
                (Some(FactType::Date), FactInput::Text(t)) => Date::parse(t).map(FactValue::Date),
                (Some(FactType::Enum(_)), FactInput::Text(t)) => match self.enum_value(fact, t) {
                    Ok(i) => Some(FactValue::Enum(i)),
                    Err(mut e) => {
                        e.field = Some(field());
                        return Err(e);
                    }
                },
                _ => None,
            };
            let Some(typed) = typed else {
                let expected = match entry.fact_type.as_ref() {
                    Some(FactType::Date) => "a date written YYYY-MM-DD".to_string(),
                    Some(t) => format!("a {} value", t.name()),
                    None => "a value".to_string(),
                };
                return Err(QuestionError::new(ErrorCode::InvalidField, Some(&field()), format!("fact \"{}\" must be {expected}", entry.id)));
            };
            if pairs.iter().any(|(f, _)| *f == fact) {
                return Err(QuestionError::new(ErrorCode::InvalidField, Some(&field()), format!("fact \"{}\" is stated twice", entry.id)));
            }
            pairs.push((fact, typed));
        }
        Ok(pairs)
    }

    /// Resolves a value of an enum fact (case- and punctuation-insensitive) to its index in the
    /// fact's values (`FactValue::Enum`). A fact that is not an enum fact, or a value it does
    /// not have, is an `invalid_field` error (field `facts`) naming the values it has.
    pub fn enum_value(&self, fact: u32, value: &str) -> Result<u8, QuestionError> {
        let Some(entry) = self.set.vocab.table(VocabKind::Fact).entries.get(fact as usize) else {
            return Err(QuestionError::new(ErrorCode::InvalidField, Some("facts"), format!("{fact} is not a fact id of this engine")));
        };
        let Some(FactType::Enum(values)) = entry.fact_type.as_ref() else {
            return Err(QuestionError::new(ErrorCode::InvalidField, Some("facts"), format!("fact \"{}\" is not an enum fact", entry.id)));
        };
        // As written (the common case, no allocation), else case- and punctuation-insensitive.
        let exact = values.iter().position(|v| v == value);
        match exact.or_else(|| {
            let key = crate::names::fold(value);
            values.iter().position(|v| crate::names::fold(v) == key)
        }) {
            Some(i) => Ok(i as u8),
            None => {
                let mut e = QuestionError::new(
                    ErrorCode::InvalidField,
                    Some("facts"),
                    format!("\"{value}\" is not a value of fact \"{}\"; expected one of {}", entry.id, values.join(", ")),
                );
                e.suggestions = values.iter().take(3).cloned().collect();
                Err(e)
            }
        }
    }

    /// Packs bool facts (fact index, value) without allocating: the typed fast path of the C
    /// ABI. Returns the first fact that is not a bool fact as the error.
    #[inline]
    pub fn bool_facts(&self, pairs: &[(u32, bool)]) -> Result<Facts, u32> {
        let mut facts = Facts::default();
        for &(fact, value) in pairs {
            match self.compiled.bool_slot.get(fact as usize) {
                Some(&slot) if slot != crate::compile::NO_SLOT => {
                    facts.known |= 1 << slot;
                    facts.values |= u128::from(value) << slot;
                }
                _ => return Err(fact),
            }
        }
        Ok(facts)
    }

    /// Packs yes/no facts given as two parallel arrays (fact index, value 0 or 1), the typed
    /// C call's form, into `(known, values)` bits: one table look-up and a few mask operations
    /// per fact, no shift by a variable amount. `None` for anything else (a fact that is not a
    /// yes/no fact with a slot, a value above 1, a fact given twice), which the caller reads
    /// again slowly to state enum facts or word the error.
    #[inline(always)]
    pub fn pack_bool_facts(&self, ids: &[u32], values: &[u8]) -> Option<(u128, u128)> {
        let slots = &self.compiled.bool_slot;
        let (mut known, mut set, mut refused) = (0u128, 0u128, 0u8);
        for (&fact, &value) in ids.iter().zip(values) {
            let slot = *slots.get(fact as usize)?;
            let bit = *SLOT_BITS.get(usize::from(slot))?; // NO_SLOT is past the table
            // Any bit above bit 0 refuses: a value that is not 0 or 1, or a fact stated twice.
            refused |= value | (u8::from(known & bit != 0) << 1);
            known |= bit;
            set |= bit & 0u128.wrapping_sub(u128::from(value & 1));
        }
        (refused <= 1).then_some((known, set))
    }

    /// Resolves a service by name (and optionally its notice), or the whole notice when no
    /// service is named: the activity index questions are asked about.
    pub fn resolve_service(&self, notice: Option<&str>, service: Option<&str>) -> Result<u32, QuestionError> {
        let q = Question { notice: notice.map(Into::into), service: service.map(Into::into), ..Question::default() };
        self.resolve_activity(&q)
    }

    /// Packs stated facts (fact index, value) into the evaluator's form.
    pub fn facts(&self, pairs: &[(u32, FactValue)]) -> Facts {
        let mut facts = Facts::default();
        for &(fact, value) in pairs {
            match (value, self.compiled.bool_slot[fact as usize]) {
                (FactValue::Bool(b), slot) if slot != crate::compile::NO_SLOT => {
                    facts.known |= 1 << slot;
                    facts.values |= u128::from(b) << slot;
                }
                (FactValue::Enum(i), _) => self.state_enum(&mut facts, fact, i),
                _ => facts.others.push((fact, value)),
            }
        }
        facts.others.sort_by_key(|(f, _)| *f);
        facts
    }

    /// States an enum fact's value (an index below its number of values): its bits when it
    /// has some (`Compiled::enum_bits`, no allocation), else in `Facts::others`, in fact order.
    #[inline]
    pub fn state_enum(&self, facts: &mut Facts, fact: u32, value: u8) {
        match self.compiled.enum_bits(fact, value) {
            Some((known, set)) => {
                facts.known |= known;
                facts.values |= set;
            }
            None => {
                let at = facts.others.partition_point(|&(f, _)| f < fact);
                facts.others.insert(at, (fact, FactValue::Enum(value)));
            }
        }
    }

    /// Whether the facts state a fact already (any type).
    pub fn fact_stated(&self, facts: &Facts, fact: u32) -> bool {
        let bit = |slot: Option<&u8>| slot.filter(|&&s| s != crate::compile::NO_SLOT).map(|&s| facts.known >> s & 1 == 1);
        bit(self.compiled.bool_slot.get(fact as usize))
            .or_else(|| bit(self.compiled.enum_slot.get(fact as usize)))
            .unwrap_or(false)
            || facts.others.iter().any(|&(f, _)| f == fact)
    }

    pub(crate) fn resolve_activity(&self, q: &Question<'_>) -> Result<u32, QuestionError> {
        let notice = match &q.notice {
            Some(name) => Some(match self.set.notice_names.lookup(name) {
                [one] => *one,
                [_, _, ..] => {
                    return Err(QuestionError::new(ErrorCode::AmbiguousName, Some("notice"), format!("\"{name}\" names more than one notice")))
                }
                [] => {
                    let mut e = QuestionError::new(ErrorCode::UnknownName, Some("notice"), format!("no notice is named \"{name}\""));
                    e.suggestions = self.set.notice_names.suggest(name, 3);
                    return Err(e);
                }
            }),
            None => None,
        };
        let Some(service) = &q.service else {
            return match notice {
                Some(n) => Ok(self.set.notices[n as usize].scope),
                None => Err(QuestionError::new(ErrorCode::MissingField, Some("service"), "name a `service`, or a `notice` for notice-wide questions")),
            };
        };
        let in_notice = |a: u32| notice.is_none_or(|n| self.set.activities[a as usize].notice == n);
        // Without allocating when the name finds one service, the common case.
        let mut candidates = self.set.activity_names.lookup_where(service, in_notice).iter().copied().filter(|&a| in_notice(a));
        let first = candidates.next();
        if let (Some(one), None) = (first, candidates.clone().next()) {
            return Ok(one);
        }
        let candidates: Vec<u32> = first.into_iter().chain(candidates).collect();
        match candidates.as_slice() {
            [one] => Ok(*one),
            [] => {
                let mut names = crate::names::NameIndex::default();
                for (i, a) in self.set.activities.iter().enumerate() {
                    if !a.is_notice_scope && notice.is_none_or(|n| a.notice == n) {
                        names.insert(&a.label, i as u32);
                    }
                }
                let within = notice.map(|n| format!(" in notice \"{}\"", self.set.notices[n as usize].title)).unwrap_or_default();
                let mut e = QuestionError::new(ErrorCode::UnknownName, Some("service"), format!("no service is named \"{service}\"{within}"));
                e.suggestions = names.suggest(service, 3);
                Err(e)
            }
            many if many.iter().all(|&a| self.set.activities[a as usize].notice == self.set.activities[many[0] as usize].notice) => {
                // Two services of one notice whose names differ only in articles or plurals.
                let mut e = QuestionError::new(ErrorCode::AmbiguousName, Some("service"), format!("\"{service}\" could mean more than one service"));
                e.suggestions = many.iter().take(3).map(|&a| self.set.activities[a as usize].label.clone()).collect();
                Err(e)
            }
            many => {
                let mut e = QuestionError::new(
                    ErrorCode::AmbiguousName,
                    Some("service"),
                    format!("\"{service}\" is a service of more than one notice; name the `notice` too"),
                );
                e.suggestions = many.iter().take(3).map(|&a| self.set.notices[self.set.activities[a as usize].notice as usize].source.clone()).collect();
                Err(e)
            }
        }
    }

    /// Turns an evaluation outcome into the wire decision.
    pub fn decision(&self, q: &Question<'_>, r: &Resolved, outcome: &Outcome) -> Decision {
        let parts = self.parts(r, outcome);
        let set = &self.set;
        Decision {
            id: q.id.clone(),
            verdict: outcome.verdict,
            obligations: parts.obligations,
            reasons: outcome.reasons.iter().map(|&i| self.reason(i)).collect(),
            bases: self.bases_of(parts.bases).map(|b| {
                let e = set.vocab.entry(VocabKind::Basis, b);
                Named { id: e.id.clone(), label: e.label.clone() }
            }).collect(),
            special_category: parts.special_category,
            criminal_offence: parts.criminal_offence,
            disposal_date: None,
            disposal_dates: Vec::new(),
            schedule: None,
            rights: None,
            mechanism: parts.mechanism,
            notes: parts.notes,
            policy_hash: self.hash.clone(),
        }
    }

    /// The same decision as `decision`, written straight to JSON: reasons and bases are
    /// pasted from fragments rendered once at load. A property test holds the two to the
    /// same bytes.
    fn decision_json(&self, id: Option<&QuestionId>, r: &Resolved, outcome: &Outcome) -> String {
        let parts = self.parts(r, outcome);
        // Sized for the whole line, so that it is allocated once.
        let reasons: usize = outcome.reasons.iter().map(|&i| self.rendered_reason(i).len()).sum();
        let mut out = String::with_capacity(256 + reasons + self.rendered.hash.len());
        out.push('{');
        match id {
            // A text id that JSON writes as it is (no quote, backslash or control character:
            // serde_json escapes those below 0x20, and DEL goes to it too) is copied without the
            // serialiser.
            Some(QuestionId::Text(text)) if !text.bytes().any(|b| matches!(b, b'"' | b'\\') || b.is_ascii_control()) => {
                out.push_str("\"id\":\"");
                out.push_str(text);
                out.push_str("\",");
            }
            Some(id) => {
                out.push_str("\"id\":");
                out.push_str(&serde_json::to_string(id).expect("ids serialise"));
                out.push(',');
            }
            None => {}
        }
        out.push_str("\"verdict\":\"");
        out.push_str(outcome.verdict.name());
        out.push_str("\",\"obligations\":");
        if parts.obligations.is_empty() {
            out.push_str("[]"); // most answers: no serialiser and no allocation
        } else {
            out.push_str(&serde_json::to_string(&parts.obligations).expect("obligations serialise"));
        }
        out.push_str(",\"reasons\":[");
        for (n, &i) in outcome.reasons.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            out.push_str(self.rendered_reason(i));
        }
        out.push(']');
        if parts.bases != 0 {
            out.push_str(",\"bases\":[");
            for (n, b) in self.bases_of(parts.bases).enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(&self.rendered.bases[b as usize]);
            }
            out.push(']');
        }
        for (key, flag) in [("special_category", parts.special_category), ("criminal_offence", parts.criminal_offence)] {
            if let Some(flag) = flag {
                // Pushed piece by piece: `format!` here cost more than the rest of the rendering.
                out.push_str(",\"");
                out.push_str(key);
                out.push_str(if flag { "\":true" } else { "\":false" });
            }
        }
        if let Some(mechanism) = &parts.mechanism {
            out.push_str(",\"mechanism\":");
            out.push_str(&serde_json::to_string(mechanism).expect("mechanisms serialise"));
        }
        if !parts.notes.is_empty() {
            out.push_str(",\"notes\":");
            out.push_str(&serde_json::to_string(&parts.notes).expect("notes serialise"));
        }
        out.push_str(&self.rendered.hash);
        out.push('}');
        out
    }

    fn bases_of(&self, mask: u128) -> impl Iterator<Item = u32> + '_ {
        (0..self.set.vocab.table(VocabKind::Basis).entries.len() as u32).filter(move |b| mask >> b & 1 == 1)
    }

    /// A rule as a wire reason.
    pub(crate) fn reason(&self, rule: u32) -> Reason {
        let rule = &self.set.rules[rule as usize];
        Reason {
            rule: rule.id.clone(),
            effect: rule.effect.name().to_string(),
            notice: self.set.notices[rule.notice as usize].source.clone(),
            section: rule.section.clone(),
            quote: rule.quote.clone(),
            note: rule.note.clone(),
        }
    }

    /// What a decision says beyond its verdict and reasons: obligations, bases, category
    /// flags and notes. Both renderings start here, so they cannot disagree.
    fn parts(&self, r: &Resolved, outcome: &Outcome) -> Parts {
        let set = &self.set;
        let obligations = outcome.obligations.iter().map(|l| self.obligation_of(l, r.action)).collect();
        let category = (r.category != NO_CATEGORY).then(|| set.vocab.entry(VocabKind::Category, r.category));
        let category_label = category.map_or("its personal data", |c| c.label.as_str());
        let mut bases = 0u128;
        if matches!(outcome.verdict, Verdict::Permit | Verdict::Conditional) {
            let deciding = outcome.reasons.first().map(|&i| &set.rules[i as usize]);
            bases = match deciding {
                Some(rule) if !rule.bases.is_empty() => rule.bases.iter().fold(0u128, |m, &b| m | 1 << b),
                // A notice-wide rule (law enforcement, advisers) does not rest on the
                // activity's bases, and the notice names none for it.
                Some(rule) if rule.activities.is_empty() => 0,
                _ => self.compiled.activity_bases(r.activity, r.category),
            };
        }
        let mut notes = Vec::new();
        let activity = &set.activities[r.activity as usize];
        let notice = &set.notices[activity.notice as usize];
        let basis = r.basis.map(|b| (b, set.vocab.entry(VocabKind::Basis, b)));
        let object = |kind: VocabKind| set.vocab.entry(kind, r.object).label.as_str();
        if outcome.law_blocked {
            notes.push(format!(
                "The notice allows this transfer, but no transfer mechanism of UK law (that the notice relies on) covers {} on {}: see `noticegate list mechanisms`.",
                object(VocabKind::Country),
                r.as_of
            ));
        }
        if outcome.verdict == Verdict::NotStated {
            let what = match r.action {
                Action::Share => format!("sharing {category_label} with {}", object(VocabKind::Recipient)),
                Action::Collect => format!("collecting {category_label}"),
                Action::Use => format!("using {category_label} for \"{}\"", object(VocabKind::Purpose)),
                Action::Transfer => format!("transferring {category_label} to {}", object(VocabKind::Country)),
                Action::AutomatedDecision => format!("automated decisions using {category_label}"),
                Action::Rights => format!("the right \"{}\"", object(VocabKind::Right)),
            };
            let scope = if activity.is_notice_scope { String::new() } else { format!(" for {}", activity.label) };
            match basis {
                Some((b, entry)) if !self.compiled.basis_in_force(b, r.as_of) => notes.push(format!(
                    "{} is not a lawful basis on {}: it applies from {} until {}.",
                    entry.label,
                    r.as_of,
                    show_bound(entry.valid_from),
                    show_bound(entry.valid_until)
                )),
                Some((_, entry)) if outcome.basis_excluded => notes.push(format!(
                    "A rule of \"{}\" covers {what}{scope}, but not under {}: the notice does not name that basis for it.",
                    notice.title, entry.label
                )),
                _ if !outcome.unmet.is_empty() => {
                    let ids: Vec<&str> = outcome.unmet.iter().map(|&i| set.rules[i as usize].id.as_str()).collect();
                    notes.push(format!(
                        "Rules of \"{}\" cover {what}{scope}, but their conditions do not hold: {}.",
                        notice.title,
                        ids.join(", ")
                    ));
                }
                _ => notes.push(format!("No rule of \"{}\" covers {what}{scope} on {}.", notice.title, r.as_of)),
            }
            // A question about a service group, or only the notice, does not reach the rules of
            // the services beneath it: point to those services whose own rules cover it.
            let members = self.covering_members(r);
            if !members.is_empty() {
                const SHOWN: usize = 8;
                let labels: Vec<String> = members.iter().take(SHOWN).map(|&m| format!("\"{}\"", set.activities[m as usize].label)).collect();
                let more = if members.len() > SHOWN { format!(" and {} more", members.len() - SHOWN) } else { String::new() };
                let whose = if activity.is_notice_scope {
                    format!("services of \"{}\"", notice.title)
                } else {
                    format!("services in \"{}\"", activity.label)
                };
                notes.push(format!(
                    "Rules of these {whose} cover {what}: {}{more}; ask about one of them as the `service`.",
                    labels.join(", ")
                ));
            }
        }
        if !outcome.possible_denies.is_empty() {
            let ids: Vec<&str> = outcome.possible_denies.iter().map(|&i| set.rules[i as usize].id.as_str()).collect();
            notes.push(format!("Depending on facts not stated, it would be forbidden by: {}.", ids.join(", ")));
        }
        for alternative in &outcome.alternatives {
            let texts: Vec<String> = alternative.iter().map(|l| self.obligation_of(l, r.action).text).collect();
            notes.push(format!("Alternatively permitted if: {}.", texts.join("; ")));
        }
        if outcome.too_many_unknowns {
            notes.push("Too many facts the rules test are unknown to evaluate; state more facts.".to_string());
        }
        if let Some(note) = review_note(notice) {
            notes.push(note);
        }
        let mechanism = outcome.mechanism.map(|m| {
            let e = set.vocab.entry(VocabKind::Mechanism, m);
            Mechanism {
                id: e.id.clone(),
                label: e.label.clone(),
                article: e.article.clone().unwrap_or_default(),
                legal_source: e.legal_source.clone().unwrap_or_default(),
            }
        });
        Parts {
            obligations,
            bases,
            special_category: category.map(|c| c.special_category),
            criminal_offence: category.map(|c| c.criminal_offence),
            mechanism,
            notes,
        }
    }

    /// For a question about a service group or a whole notice: the services beneath it (in
    /// the notice's order) whose own rules cover the question, that is, rules that name such a
    /// service (or a group beneath the one asked about) and decide the question for it, or
    /// would if their conditions held. Rules the asked scope already reaches (notice-wide
    /// ones, those of the group or its groups) do not count: they were asked already. A
    /// service is left out when a group it is in is listed.
    fn covering_members(&self, r: &Resolved) -> Vec<u32> {
        let set = &self.set;
        let asked = &set.activities[r.activity as usize];
        let reached = &asked.ancestors;
        let own = |rule: u32| {
            let named = &set.rules[rule as usize].activities;
            !named.is_empty() && !named.iter().any(|a| reached.contains(a))
        };
        let mut members: Vec<u32> = set.notices[asked.notice as usize]
            .activities
            .iter()
            .copied()
            .filter(|&m| m != r.activity && (asked.is_notice_scope || set.activities[m as usize].ancestors.contains(&r.activity)))
            .filter(|&m| {
                let outcome = self.compiled.evaluate(&Resolved { activity: m, ..r.clone() });
                outcome.reasons.iter().chain(&outcome.unmet).any(|&i| own(i))
            })
            .collect();
        // A group whose rules cover it stands for the services in it.
        let listed = members.clone();
        members.retain(|&m| !set.activities[m as usize].ancestors[1..].iter().any(|g| listed.contains(g)));
        members
    }

    /// An obligation of a decision about `action`: a fact's, or the purpose or recipient a
    /// filter atom leaves open (`eval::FILTER_FACT`).
    pub(crate) fn obligation_of(&self, l: &Literal, action: Action) -> Obligation {
        match (l.filter_set(), action.filter_kind()) {
            (Some(offset), Some(kind)) => self.filter_obligation(offset, l.holds, kind),
            _ => self.obligation(l),
        }
    }

    /// "The purpose is none of …" (or one of): the obligation a question that names no
    /// purpose (share) or recipient (transfer) takes from a deny or limit that names some.
    /// It lists the filter's top entries; `expect` is `{"none_of": [ids]}` or `{"one_of": [ids]}`.
    fn filter_obligation(&self, offset: u32, holds: bool, kind: VocabKind) -> Obligation {
        let table = self.set.vocab.table(kind);
        let within = |e: u32| self.compiled.covers_filter(offset, Some(e));
        let top: Vec<_> = (0..table.entries.len() as u32)
            .filter(|&e| within(e) && !table.entries[e as usize].parent.is_some_and(within))
            .map(|e| &table.entries[e as usize])
            .collect();
        let (field, noun) = if kind == VocabKind::Purpose { ("purpose", "purpose") } else { ("recipient", "recipient") };
        let labels: Vec<&str> = top.iter().map(|e| e.label.as_str()).collect();
        let ids: Vec<&str> = top.iter().map(|e| e.id.as_str()).collect();
        let (key, words) = if holds { ("one_of", "one of") } else { ("none_of", "none of") };
        Obligation {
            fact: field.to_string(),
            text: format!(
                "The {noun} is {words}: {} (the question names no {noun}; name it to know whether the notice forbids this)",
                labels.join(", ")
            ),
            expect: serde_json::json!({ key: ids }),
        }
    }

    pub(crate) fn obligation(&self, l: &Literal) -> Obligation {
        let fact = self.set.vocab.entry(VocabKind::Fact, l.condition.fact);
        let statement = fact.description.clone().unwrap_or_else(|| fact.label.clone());
        match (&l.condition.test, &fact.fact_type) {
            (Test::OneOf(mask), Some(FactType::Enum(values))) => {
                let wanted: Vec<String> = values
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (mask >> i & 1 == 1) == l.holds)
                    .map(|(_, v)| v.clone())
                    .collect();
                Obligation { fact: fact.id.clone(), text: format!("{} is one of: {}", fact.label, wanted.join(", ")), expect: serde_json::json!(wanted) }
            }
            // A number test, or its negation, as the bound the value must meet.
            (Test::AtLeast(n), _) | (Test::AtMost(n), _) => {
                let at_least = matches!(l.condition.test, Test::AtLeast(_)) == l.holds;
                let (key, bound, words) = if at_least {
                    ("at_least", if l.holds { *n } else { n + 1 }, "at least")
                } else {
                    ("at_most", if l.holds { *n } else { n - 1 }, "at most")
                };
                Obligation { fact: fact.id.clone(), text: format!("{} is {words} {bound}", fact.label), expect: serde_json::json!({ key: bound }) }
            }
            _ => {
                let text = if l.holds { statement } else { fact.negation.clone().unwrap_or_else(|| format!("not: {statement}")) };
                Obligation { fact: fact.id.clone(), text, expect: serde_json::Value::Bool(l.holds) }
            }
        }
    }
}

fn show_bound(date: Date) -> String {
    if date == Date::MIN || date == Date::MAX {
        "(open)".to_string()
    } else {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn engine_is_send_and_sync() {
        assert_send_sync::<Engine>();
    }
}

/// The note every answer about a notice carries while some of its rules are marked for
/// review (a drafted policy): the answer rests on an encoding no one has checked yet.
pub(crate) fn review_note(notice: &crate::model::Notice) -> Option<String> {
    (notice.under_review > 0).then(|| {
        format!(
            "\"{}\" is a draft: {} of its rules, retention rules and bases are still marked for review, so this answer may change (`noticegate check --strict` lists them).",
            notice.title, notice.under_review
        )
    })
}
