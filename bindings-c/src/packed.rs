//! Packed facts: a set of facts checked and packed once (`noticegate_facts_pack`), then
//! stated by many typed calls (`noticegate_share_packed`, `_collect_packed`,
//! `_transfer_packed`) without the per-call packing and checking. For hot loops whose rows
//! fall into a few combinations of facts. Packing is `Ids::facts`, the typed calls' own; the
//! verdict is core's, as in every typed call.

use noticegate_core::{Action, Date, Engine, EngineHandle, Facts};

use crate::engine::{borrow_handle, NoticegateEngine};
use crate::status::{guard, out_ptr, write, Failure, NoticegateStatus};
use crate::typed::{decide, given, Ids, NoticegateVerdict};

/// An opaque, immutable set of facts packed for one engine by `noticegate_facts_pack`. Any
/// number of threads may use it at once; free it once with `noticegate_facts_free`. It keeps
/// its engine alive, so it stays valid after `noticegate_engine_free`, and a typed call on
/// another engine refuses it.
pub struct NoticegateFacts {
    /// The engine whose fact slots `facts` uses; held so its address is not reused while
    /// this value lives, which makes the pointer comparison in `Ids::packed` sound.
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
    /// The facts of a packed value, when it was packed for this engine. The masks are
    /// copied; the list of other facts (enum facts without slots) is cloned only when it is
    /// not empty, so the usual call allocates nothing.
    #[inline(always)]
    fn packed(&self, facts: *const NoticegateFacts) -> Result<Facts, Failure> {
        if facts.is_null() {
            return Err(Failure::null("facts"));
        }
        // SAFETY: non-null; the caller promised a live value from `noticegate_facts_pack`.
        let packed = unsafe { &*facts };
        if !std::ptr::eq::<Engine>(&*packed.engine, self.engine) {
            return Err(other_engine());
        }
        let others = if packed.facts.others.is_empty() { Vec::new() } else { packed.facts.others.clone() };
        Ok(Facts { known: packed.facts.known, values: packed.facts.values, others })
    }
}

#[cold]
#[inline(never)]
fn other_engine() -> Failure {
    Failure::new(NoticegateStatus::InvalidArgument, "`facts` were packed for another engine; pack them with this one")
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
