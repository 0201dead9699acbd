//! The typed fast path: names resolved to ids once, then share, collect and transfer
//! questions answered from ids and yes/no or enum facts with a verdict code, without building
//! JSON. Evaluation is core's (`Engine::resolve` semantics, `Engine::enum_value`,
//! `Engine::verdict`, `Engine::resolved`, which checks the ids against the kind's table); this
//! module only packs the facts and converts errors.

use std::ffi::c_char;

use noticegate_core::model::FactType;
use noticegate_core::{kind, Action, Date, Engine, ErrorCode, Facts, QuestionError, Resolved, Verdict, VocabKind};

use crate::engine::{borrow_engine, NoticegateEngine};
use crate::status::{borrow_str, guard, out_ptr, write, Failure, NoticegateStatus};

/// "No value" for an optional id argument (a share's purpose, a basis, a transfer's recipient).
pub const NOTICEGATE_NONE: u32 = u32::MAX;

/// The most facts one typed call may state.
pub const NOTICEGATE_MAX_FACTS: usize = 128;

/// The kinds of name `noticegate_resolve` resolves (the vocabulary's tables).
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticegateKind {
    Category = 0,
    Recipient = 1,
    Basis = 2,
    Purpose = 3,
    Source = 4,
    Fact = 5,
    Country = 6,
    Mechanism = 7,
    Record = 8,
    Right = 9,
}

/// A decision's verdict. 0 is never a verdict, so zeroed memory never reads as a permit.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticegateVerdict {
    /// A rule allows it and every condition is known to hold.
    Permit = 1,
    /// A rule allows it if conditions not stated hold (ask the JSON entry point for them).
    Conditional = 2,
    /// A rule forbids it.
    Deny = 3,
    /// No rule of the notice covers it: a gate treats it as not permitted.
    NotStated = 4,
}

impl From<Verdict> for NoticegateVerdict {
    fn from(v: Verdict) -> Self {
        match v {
            Verdict::Permit => NoticegateVerdict::Permit,
            Verdict::Conditional => NoticegateVerdict::Conditional,
            Verdict::Deny => NoticegateVerdict::Deny,
            Verdict::NotStated => NoticegateVerdict::NotStated,
        }
    }
}

fn kind_of(kind: i32) -> Result<VocabKind, Failure> {
    Ok(match kind {
        0 => VocabKind::Category,
        1 => VocabKind::Recipient,
        2 => VocabKind::Basis,
        3 => VocabKind::Purpose,
        4 => VocabKind::Source,
        5 => VocabKind::Fact,
        6 => VocabKind::Country,
        7 => VocabKind::Mechanism,
        8 => VocabKind::Record,
        9 => VocabKind::Right,
        other => return Err(Failure::new(NoticegateStatus::InvalidArgument, format!("{other} is not a NoticegateKind"))),
    })
}

#[cold]
#[inline(never)]
fn question_failure(e: QuestionError) -> Failure {
    let status = match e.code {
        ErrorCode::UnknownName => NoticegateStatus::UnknownName,
        ErrorCode::AmbiguousName => NoticegateStatus::AmbiguousName,
        _ => NoticegateStatus::InvalidArgument,
    };
    let mut message = e.message;
    if !e.suggestions.is_empty() {
        message.push_str(&format!(" (did you mean: {}?)", e.suggestions.join(", ")));
    }
    Failure::new(status, message)
}

/// Resolves a name (id, label or alias, case- and punctuation-insensitive) of the given kind
/// (a `NoticegateKind` value) to an id, written to `*out_id`. Resolve once, then reuse the id
/// for the engine's lifetime (ids belong to the engine that resolved them).
#[no_mangle]
pub extern "C" fn noticegate_resolve(engine: *const NoticegateEngine, kind: i32, name: *const c_char, out_id: *mut u32) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_id, "out_id")?;
        write(out, NOTICEGATE_NONE);
        let engine = borrow_engine(engine)?;
        let kind = kind_of(kind)?;
        let name = borrow_str(name, "name")?;
        let id = engine.lookup(kind, name, kind.name()).map_err(question_failure)?;
        write(out, id);
        Ok(())
    })
}

/// Resolves a value of an enum fact (`fact`, an id from `noticegate_resolve` with
/// `NOTICEGATE_KIND_FACT`; `value`, e.g. "withdrawn", case- and punctuation-insensitive) to the
/// number the typed calls take in `fact_values` for that fact, written to `*out_value` (the
/// value's index in the fact's `values`, in the vocabulary's order). A fact that is
/// not an enum fact, or a value it does not have, is `NOTICEGATE_STATUS_INVALID_ARGUMENT`; the
/// message lists the values. Resolve once, then reuse the number for the engine's lifetime.
#[no_mangle]
pub extern "C" fn noticegate_resolve_fact_value(engine: *const NoticegateEngine, fact: u32, value: *const c_char, out_value: *mut u8) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_value, "out_value")?;
        write(out, u8::MAX);
        let engine = borrow_engine(engine)?;
        let fact = Ids { engine }.id(VocabKind::Fact, fact, "fact")?;
        let value = borrow_str(value, "value")?;
        write(out, engine.enum_value(fact, value).map_err(question_failure)?);
        Ok(())
    })
}

/// Resolves a service (an activity of a notice) to an id, written to `*out_id`. `notice` (id,
/// title or source file name) may be NULL when the service name is unique; `service` may be
/// NULL for the notice-wide scope of `notice`. Not both NULL.
#[no_mangle]
pub extern "C" fn noticegate_resolve_service(
    engine: *const NoticegateEngine,
    notice: *const c_char,
    service: *const c_char,
    out_id: *mut u32,
) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_id, "out_id")?;
        write(out, NOTICEGATE_NONE);
        let engine = borrow_engine(engine)?;
        let notice = if notice.is_null() { None } else { Some(borrow_str(notice, "notice")?) };
        let service = if service.is_null() { None } else { Some(borrow_str(service, "service")?) };
        if notice.is_none() && service.is_none() {
            return Err(Failure::new(NoticegateStatus::NullPointer, "`notice` and `service` are both null; name at least one"));
        }
        write(out, engine.resolve_service(notice, service).map_err(question_failure)?);
        Ok(())
    })
}

/// Writes the day number (days since 1970-01-01) of a calendar date to `*out_day`; a date
/// that does not exist is `NOTICEGATE_STATUS_INVALID_ARGUMENT`.
#[no_mangle]
pub extern "C" fn noticegate_date(year: i32, month: u32, day: u32, out_day: *mut i32) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_day, "out_day")?;
        let date = Date::from_ymd(year, month, day)
            .ok_or_else(|| Failure::new(NoticegateStatus::InvalidArgument, format!("{year:04}-{month:02}-{day:02} is not a date")))?;
        write(out, date.day_number());
        Ok(())
    })
}

/// Writes the day number of a date written `YYYY-MM-DD` to `*out_day`.
#[no_mangle]
pub extern "C" fn noticegate_date_parse(date: *const c_char, out_day: *mut i32) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_day, "out_day")?;
        let t = borrow_str(date, "date")?;
        let date = Date::parse(t).ok_or_else(|| Failure::new(NoticegateStatus::InvalidArgument, format!("\"{t}\" is not a date written YYYY-MM-DD")))?;
        write(out, date.day_number());
        Ok(())
    })
}

/// Writes today's day number (UTC, from the system clock) to `*out_day`. Read it once per
/// batch, not per typed call.
#[no_mangle]
pub extern "C" fn noticegate_today(out_day: *mut i32) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_day, "out_day")?;
        write(out, Date::today().day_number());
        Ok(())
    })
}

/// Writes the wire name of a verdict code ("permit", "conditional", "deny", "not_stated") to
/// `*out_name`: a static string, never freed.
#[no_mangle]
pub extern "C" fn noticegate_verdict_name(verdict: i32, out_name: *mut *const c_char) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_name, "out_name")?;
        let name: &'static str = match verdict {
            1 => "permit\0",
            2 => "conditional\0",
            3 => "deny\0",
            4 => "not_stated\0",
            other => return Err(Failure::new(NoticegateStatus::InvalidArgument, format!("{other} is not a NoticegateVerdict"))),
        };
        write(out, name.as_ptr().cast::<c_char>());
        Ok(())
    })
}

/// The ids of a typed question, checked against the engine.
pub(crate) struct Ids<'a> {
    pub engine: &'a Engine,
}

/// `NOTICEGATE_NONE` as a slot left out.
#[inline(always)]
pub(crate) fn given(id: u32) -> Option<u32> {
    (id != NOTICEGATE_NONE).then_some(id)
}

impl Ids<'_> {
    fn id(&self, kind: VocabKind, id: u32, what: &str) -> Result<u32, Failure> {
        if (id as usize) < self.engine.policy().vocab.table(kind).entries.len() {
            Ok(id)
        } else {
            Err(Failure::new(NoticegateStatus::InvalidArgument, format!("`{what}` {id} is not a {} id of this engine", kind.name())))
        }
    }
    /// The question's ids, checked by core against the kind's table (`Engine::check_ids`,
    /// which also gives a transfer without a country its recipient's). The facts are packed
    /// after, and move once, into the `Resolved`.
    #[inline(always)]
    pub(crate) fn check(&self, action: Action, service: u32, category: u32, object: Option<u32>, filter: Option<u32>, basis: u32) -> Result<kind::Checked, Failure> {
        let ids = kind::Ids { action, activity: service, category, object, filter, basis: given(basis) };
        self.engine.check_ids(ids).map_err(question_failure)
    }
    /// The question from its checked ids and its facts. The ids go into the question before
    /// the facts are packed, so they are not held in registers across the facts loop and
    /// copied after it (about 14 instructions a call).
    #[inline(always)]
    pub(crate) fn question(&self, checked: kind::Checked, as_of: i32, fact_ids: *const u32, fact_values: *const u8, fact_count: usize) -> Result<Resolved, Failure> {
        let mut resolved = checked.resolved(Date::from_day_number(as_of), Facts::default());
        resolved.facts = self.facts(fact_ids, fact_values, fact_count)?;
        Ok(resolved)
    }
    /// Packs yes/no facts (fact ids and 0/1 values) with core's `Engine::bool_facts` (inlined,
    /// one pair at a time): nothing is allocated, and each check costs a compare per fact.
    /// Distinct bool facts have distinct bits, so a fact stated twice shows as a bit already
    /// set, without a search. Enum facts (values from `noticegate_resolve_fact_value`, an index
    /// below the fact's number of values) are stated by core's `Engine::state_enum`: one bit
    /// per value, nothing allocated. The slow path
    /// (`facts_error`) only words the message of a call that fails.
    #[inline(always)]
    pub(crate) fn facts(&self, ids: *const u32, values: *const u8, count: usize) -> Result<Facts, Failure> {
        if count == 0 {
            return Ok(Facts::default());
        }
        if count > NOTICEGATE_MAX_FACTS {
            return Err(Failure::new(NoticegateStatus::InvalidLength, format!("`fact_count` {count} is more than {NOTICEGATE_MAX_FACTS}")));
        }
        if ids.is_null() || values.is_null() {
            return Err(Failure::new(NoticegateStatus::NullPointer, format!("`fact_count` is {count} but `fact_ids` or `fact_values` is null")));
        }
        // SAFETY: non-null; the caller promised `count` readable elements in each array.
        let (ids, values) = unsafe { (std::slice::from_raw_parts(ids, count), std::slice::from_raw_parts(values, count)) };
        // Yes/no facts alone, each once, 0 or 1: the common case, packed by core in one pass.
        if let Some((known, values)) = self.engine.pack_bool_facts(ids, values) {
            return Ok(Facts { known, values, others: Vec::new() });
        }
        let (mut known, mut stated, mut over) = (0u128, 0u128, 0u8);
        let mut facts = Facts::default(); // enum facts, stated by core (`Engine::state_enum`)
        for (&fact, &value) in ids.iter().zip(values) {
            // Asked as `true`, the fact's bit is in both masks: one shift, not two.
            match self.engine.bool_facts(&[(fact, true)]) {
                // A fact's bit already set: the fact is stated twice.
                Ok(one) if known & one.known == 0 => {
                    over |= value; // any bit above bit 0 means a value that is not 0 or 1
                    known |= one.known;
                    stated |= one.known & 0u128.wrapping_sub(u128::from(value & 1));
                }
                Err(_) if usize::from(value) < self.enum_values(fact) && !self.engine.fact_stated(&facts, fact) => {
                    self.engine.state_enum(&mut facts, fact, value);
                }
                _ => return Err(self.facts_error(ids, values)),
            }
        }
        if over > 1 {
            return Err(self.facts_error(ids, values));
        }
        facts.known |= known;
        facts.values |= stated;
        Ok(facts)
    }

    /// How many values an enum fact has; 0 for any other id.
    fn enum_values(&self, fact: u32) -> usize {
        match self.engine.policy().vocab.table(VocabKind::Fact).entries.get(fact as usize).and_then(|e| e.fact_type.as_ref()) {
            Some(FactType::Enum(values)) => values.len(),
            _ => 0,
        }
    }

    /// Words why a set of facts was refused, checking in the order the caller reads them.
    #[cold]
    #[inline(never)]
    fn facts_error(&self, ids: &[u32], values: &[u8]) -> Failure {
        let vocab = &self.engine.policy().vocab;
        for (n, (&fact, &value)) in ids.iter().zip(values).enumerate() {
            if let Err(e) = self.id(VocabKind::Fact, fact, "fact_ids[]") {
                return e;
            }
            let entry = vocab.entry(VocabKind::Fact, fact);
            if ids[..n].contains(&fact) {
                return Failure::new(NoticegateStatus::InvalidArgument, format!("fact \"{}\" is stated twice", entry.id));
            }
            if let Some(FactType::Enum(names)) = &entry.fact_type {
                if usize::from(value) >= names.len() {
                    return Failure::new(
                        NoticegateStatus::InvalidArgument,
                        format!(
                            "`fact_values[{n}]` is {value}, not a value of enum fact \"{}\" (0 to {}: {}; see noticegate_resolve_fact_value)",
                            entry.id,
                            names.len() - 1,
                            names.join(", ")
                        ),
                    );
                }
                continue;
            }
            if !matches!(entry.fact_type, Some(FactType::Bool)) {
                return Failure::new(
                    NoticegateStatus::InvalidArgument,
                    format!("fact \"{}\" is not a yes/no fact or an enum fact; state it through the JSON entry point", entry.id),
                );
            }
            if self.engine.bool_facts(&[(fact, false)]).is_err() {
                return Failure::new(
                    NoticegateStatus::InvalidArgument,
                    format!("fact \"{}\" is past the first {NOTICEGATE_MAX_FACTS} yes/no facts of the vocabulary; state it through the JSON entry point", entry.id),
                );
            }
            if value > 1 {
                return Failure::new(NoticegateStatus::InvalidArgument, format!("`fact_values[{n}]` is {value}, not 0 or 1"));
            }
        }
        // Unreachable when the fast path refused the facts; kept as an error, not a panic.
        Failure::new(NoticegateStatus::InvalidArgument, "the facts were refused")
    }
}

/// Runs a typed call: `build` checks the ids and facts into a `Resolved`, core gives the verdict.
/// Inlined with `guard`, so the arguments stay in registers instead of going through the
/// closure's captures in memory (36 to 27 ns per typed share in `bench.c`).
#[inline(always)]
pub(crate) fn decide(engine: *const NoticegateEngine, out_verdict: *mut NoticegateVerdict, build: impl FnOnce(&Ids) -> Result<Resolved, Failure>) -> NoticegateStatus {
    guard(move || {
        let out = out_ptr(out_verdict, "out_verdict")?;
        let engine = borrow_engine(engine)?;
        let resolved = build(&Ids { engine })?;
        write(out, engine.verdict(&resolved).into());
        Ok(())
    })
}

/// May `category`, collected by `service`, be shared with `recipient`? `purpose` (a share's
/// purpose) and `basis` may be `NOTICEGATE_NONE`. `as_of` is a day number (`noticegate_date`,
/// `noticegate_today`). Facts: `fact_count` facts, ids in `fact_ids`, values in `fact_values`:
/// 0 or 1 for a yes/no fact, for an enum fact the number `noticegate_resolve_fact_value` gives
/// for the value (number and date facts go through the JSON entry point); a fact left out is
/// unknown, not false. The verdict goes to `*out_verdict`; it is the verdict the JSON entry
/// point gives for the same question. A permit, deny or not_stated answer with every tested
/// fact stated and no enum fact allocates nothing; stating an enum fact allocates one small
/// list, and a conditional answer (a tested fact unknown) runs core's full evaluation, which
/// allocates.
#[no_mangle]
pub extern "C" fn noticegate_share(
    engine: *const NoticegateEngine,
    service: u32,
    category: u32,
    recipient: u32,
    purpose: u32,
    basis: u32,
    as_of: i32,
    fact_ids: *const u32,
    fact_values: *const u8,
    fact_count: usize,
    out_verdict: *mut NoticegateVerdict,
) -> NoticegateStatus {
    decide(engine, out_verdict, move |ids| {
        let checked = ids.check(Action::Share, service, category, given(recipient), given(purpose), basis)?;
        ids.question(checked, as_of, fact_ids, fact_values, fact_count)
    })
}

/// May `service` collect `category`? Arguments as for `noticegate_share`.
#[no_mangle]
pub extern "C" fn noticegate_collect(
    engine: *const NoticegateEngine,
    service: u32,
    category: u32,
    basis: u32,
    as_of: i32,
    fact_ids: *const u32,
    fact_values: *const u8,
    fact_count: usize,
    out_verdict: *mut NoticegateVerdict,
) -> NoticegateStatus {
    decide(engine, out_verdict, move |ids| {
        let checked = ids.check(Action::Collect, service, category, None, None, basis)?;
        ids.question(checked, as_of, fact_ids, fact_values, fact_count)
    })
}

/// May `category`, collected by `service`, be transferred to `country` (a country id), to
/// `recipient` there (`NOTICEGATE_NONE` for none)? `country` may be `NOTICEGATE_NONE` when
/// the policies know where the recipient is (`located_in`), as in the JSON entry point. The verdict
/// weighs the notice and the transfer law on `as_of`; other arguments as for
/// `noticegate_share`. Transfers run core's full evaluation, so this call allocates.
#[no_mangle]
pub extern "C" fn noticegate_transfer(
    engine: *const NoticegateEngine,
    service: u32,
    category: u32,
    country: u32,
    recipient: u32,
    basis: u32,
    as_of: i32,
    fact_ids: *const u32,
    fact_values: *const u8,
    fact_count: usize,
    out_verdict: *mut NoticegateVerdict,
) -> NoticegateStatus {
    decide(engine, out_verdict, move |ids| {
        let checked = ids.check(Action::Transfer, service, category, given(country), given(recipient), basis)?;
        ids.question(checked, as_of, fact_ids, fact_values, fact_count)
    })
}
