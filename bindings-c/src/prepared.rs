//! Prepared values for hot loops: facts checked and packed once (`noticegate_facts_pack`),
//! and questions whose ids are checked once (`noticegate_question_share`, `_collect`,
//! `_transfer`). A loop then states packed facts to a typed call (`noticegate_share_packed`,
//! `_collect_packed`, `_transfer_packed`) or asks a prepared question
//! (`noticegate_question_verdict`) without checking again what did not change. Packing is
//! `Ids::facts` and the ids' check `Ids::check`, the typed calls' own; the verdict is core's.

use noticegate_core::{kind, Action, Date, Engine, EngineHandle, Facts};

use crate::engine::{borrow_handle, NoticegateEngine};
use crate::status::{guard, out_ptr, write, Failure, NoticegateStatus};
use crate::typed::{decide, given, Ids, NoticegateVerdict};

/// An opaque, immutable set of facts packed for one engine by `noticegate_facts_pack`. Any
/// number of threads may use it at once; free it once with `noticegate_facts_free`. It keeps
/// its engine alive, so it stays valid after `noticegate_engine_free`, and a typed call on
/// another engine refuses it.
pub struct NoticegateFacts {
    /// The engine whose fact slots `facts` uses; held so its address is not reused while
    /// this value lives, which makes the pointer comparison in `packed_for` sound.
    engine: EngineHandle,
    facts: Facts,
}

/// Checks and packs `fact_count` facts (ids in `fact_ids`, values in `fact_values`, as the
/// typed calls take them) for `engine`, and writes the packed value to `*out_facts` (NULL on
/// failure). Every check of the typed calls applies, with the same status codes: an unknown
/// fact id, a value out of range, a fact stated twice, a null array with a non-zero count.
/// Zero facts is a valid set (every fact unknown). Free it with `noticegate_facts_free`.
#[no_mangle]
pub extern "C" fn noticegate_facts_pack(
    engine: *const NoticegateEngine,
    fact_ids: *const u32,
    fact_values: *const u8,
    fact_count: usize,
    out_facts: *mut *mut NoticegateFacts,
) -> NoticegateStatus {
    guard(move || {
        let out = out_ptr(out_facts, "out_facts")?;
        write(out, std::ptr::null_mut());
        let handle = borrow_handle(engine)?;
        let facts = Ids { engine: handle }.facts(fact_ids, fact_values, fact_count)?;
        write(out, Box::into_raw(Box::new(NoticegateFacts { engine: handle.clone(), facts })));
        Ok(())
    })
}

/// Frees packed facts. NULL is ignored. Never free a value twice, or while a call uses it.
#[no_mangle]
pub extern "C" fn noticegate_facts_free(facts: *mut NoticegateFacts) {
    if facts.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: came from `Box::into_raw` in `noticegate_facts_pack` (the documented contract).
        drop(unsafe { Box::from_raw(facts) });
    });
}

impl Ids<'_> {
    /// The facts of a packed value, when it was packed for this engine.
    #[inline(always)]
    fn packed(&self, facts: *const NoticegateFacts) -> Result<Facts, Failure> {
        packed_for(self.engine, facts, "`facts` were packed for another engine; pack them with this one")
    }
}

/// The facts of a packed value, when it was packed for `engine` (else `InvalidArgument` with
/// `mismatch`). The masks are copied; the list of other facts (enum facts without slots) is
/// cloned only when it is not empty, so the usual call allocates nothing.
#[inline(always)]
fn packed_for(engine: &Engine, facts: *const NoticegateFacts, mismatch: &'static str) -> Result<Facts, Failure> {
    if facts.is_null() {
        return Err(Failure::null("facts"));
    }
    // SAFETY: non-null; the caller promised a live value from `noticegate_facts_pack`.
    let packed = unsafe { &*facts };
    if !std::ptr::eq::<Engine>(&*packed.engine, engine) {
        return Err(other_engine(mismatch));
    }
    let others = if packed.facts.others.is_empty() { Vec::new() } else { packed.facts.others.clone() };
    Ok(Facts { known: packed.facts.known, values: packed.facts.values, others })
}

#[cold]
#[inline(never)]
fn other_engine(mismatch: &'static str) -> Failure {
    Failure::new(NoticegateStatus::InvalidArgument, mismatch)
}

/// `noticegate_share` with facts packed by `noticegate_facts_pack` for this engine: the
/// same checks of the ids, the same verdict. Packed facts of another engine are
/// `NOTICEGATE_STATUS_INVALID_ARGUMENT`; NULL `facts` is `NOTICEGATE_STATUS_NULL_POINTER`.
#[no_mangle]
pub extern "C" fn noticegate_share_packed(
    engine: *const NoticegateEngine,
    service: u32,
    category: u32,
    recipient: u32,
    purpose: u32,
    basis: u32,
    as_of: i32,
    facts: *const NoticegateFacts,
    out_verdict: *mut NoticegateVerdict,
) -> NoticegateStatus {
    decide(engine, out_verdict, move |ids| {
        let checked = ids.check(Action::Share, service, category, given(recipient), given(purpose), basis)?;
        Ok(checked.resolved(Date::from_day_number(as_of), ids.packed(facts)?))
    })
}

/// `noticegate_collect` with packed facts; see `noticegate_share_packed`.
#[no_mangle]
pub extern "C" fn noticegate_collect_packed(
    engine: *const NoticegateEngine,
    service: u32,
    category: u32,
    basis: u32,
    as_of: i32,
    facts: *const NoticegateFacts,
    out_verdict: *mut NoticegateVerdict,
) -> NoticegateStatus {
    decide(engine, out_verdict, move |ids| {
        let checked = ids.check(Action::Collect, service, category, None, None, basis)?;
        Ok(checked.resolved(Date::from_day_number(as_of), ids.packed(facts)?))
    })
}

/// `noticegate_transfer` with packed facts; see `noticegate_share_packed`.
#[no_mangle]
pub extern "C" fn noticegate_transfer_packed(
    engine: *const NoticegateEngine,
    service: u32,
    category: u32,
    country: u32,
    recipient: u32,
    basis: u32,
    as_of: i32,
    facts: *const NoticegateFacts,
    out_verdict: *mut NoticegateVerdict,
) -> NoticegateStatus {
    decide(engine, out_verdict, move |ids| {
        let checked = ids.check(Action::Transfer, service, category, given(country), given(recipient), basis)?;
        Ok(checked.resolved(Date::from_day_number(as_of), ids.packed(facts)?))
    })
}

/// An opaque, immutable question (a share, collect or transfer with its ids checked) for one
/// engine, made by `noticegate_question_share`, `_collect` or `_transfer` and asked with
/// `noticegate_question_verdict`. Any number of threads may use it at once; free it once with
/// `noticegate_question_free`. Like packed facts it keeps its engine alive.
pub struct NoticegateQuestion {
    engine: EngineHandle,
    checked: kind::Checked,
}

/// Checks a question's ids as the typed call would, and writes the question to `*out_question`.
fn prepare(engine: *const NoticegateEngine, out_question: *mut *mut NoticegateQuestion, check: impl FnOnce(&Ids) -> Result<kind::Checked, Failure>) -> NoticegateStatus {
    guard(move || {
        let out = out_ptr(out_question, "out_question")?;
        write(out, std::ptr::null_mut());
        let handle = borrow_handle(engine)?;
        let checked = check(&Ids { engine: handle })?;
        write(out, Box::into_raw(Box::new(NoticegateQuestion { engine: handle.clone(), checked })));
        Ok(())
    })
}

/// Prepares the question of `noticegate_share` (same arguments, same checks and codes, no
/// date and no facts): written to `*out_question` (NULL on failure). Ask it with
/// `noticegate_question_verdict`; free it with `noticegate_question_free`.
#[no_mangle]
pub extern "C" fn noticegate_question_share(
    engine: *const NoticegateEngine,
    service: u32,
    category: u32,
    recipient: u32,
    purpose: u32,
    basis: u32,
    out_question: *mut *mut NoticegateQuestion,
) -> NoticegateStatus {
    prepare(engine, out_question, move |ids| ids.check(Action::Share, service, category, given(recipient), given(purpose), basis))
}

/// Prepares the question of `noticegate_collect`; see `noticegate_question_share`.
#[no_mangle]
pub extern "C" fn noticegate_question_collect(
    engine: *const NoticegateEngine,
    service: u32,
    category: u32,
    basis: u32,
    out_question: *mut *mut NoticegateQuestion,
) -> NoticegateStatus {
    prepare(engine, out_question, move |ids| ids.check(Action::Collect, service, category, None, None, basis))
}

/// Prepares the question of `noticegate_transfer` (a country left out is the recipient's,
/// as there); see `noticegate_question_share`.
#[no_mangle]
pub extern "C" fn noticegate_question_transfer(
    engine: *const NoticegateEngine,
    service: u32,
    category: u32,
    country: u32,
    recipient: u32,
    basis: u32,
    out_question: *mut *mut NoticegateQuestion,
) -> NoticegateStatus {
    prepare(engine, out_question, move |ids| ids.check(Action::Transfer, service, category, given(country), given(recipient), basis))
}

/// Frees a prepared question. NULL is ignored. Never free one twice, or while a call uses it.
#[no_mangle]
pub extern "C" fn noticegate_question_free(question: *mut NoticegateQuestion) {
    if question.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: came from `Box::into_raw` in `prepare` (the documented contract).
        drop(unsafe { Box::from_raw(question) });
    });
}

/// Asks a prepared question on `as_of` (a day number) with facts packed for the same engine,
/// and writes the verdict to `*out_verdict`: the verdict the typed call gives for the same
/// ids and facts. Nothing is checked again but the pointers and that both values belong to
/// one engine (else `NOTICEGATE_STATUS_INVALID_ARGUMENT`). The hot loop's call: a permit,
/// deny or not_stated answer with every tested fact stated allocates nothing.
#[no_mangle]
pub extern "C" fn noticegate_question_verdict(
    question: *const NoticegateQuestion,
    as_of: i32,
    facts: *const NoticegateFacts,
    out_verdict: *mut NoticegateVerdict,
) -> NoticegateStatus {
    guard(move || {
        let out = out_ptr(out_verdict, "out_verdict")?;
        if question.is_null() {
            return Err(Failure::null("question"));
        }
        // SAFETY: non-null; the caller promised a live value from `noticegate_question_*`.
        let question = unsafe { &*question };
        let engine: &Engine = &question.engine;
        let facts = packed_for(engine, facts, "`facts` were packed for another engine than the question's")?;
        write(out, engine.verdict(&question.checked.resolved(Date::from_day_number(as_of), facts)).into());
        Ok(())
    })
}
