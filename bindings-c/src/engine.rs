//! Engine handles: the built-in policy set or one loaded from policy texts, and the JSON
//! entry point (one question line in, one decision line out).

use std::ffi::c_char;

use noticegate_core::{Date, Engine, EngineHandle, PolicySources};

use crate::status::{borrow_str, guard, out_ptr, owned, write, Failure, NoticegateStatus};

/// An opaque, immutable, compiled policy set. Create it with `noticegate_engine_builtin` or
/// `noticegate_engine_load`, free it once with `noticegate_engine_free`. Any number of
/// threads may use one handle at once.
pub struct NoticegateEngine {
    engine: EngineHandle,
}

/// Borrows an engine argument.
#[inline(always)]
pub(crate) fn borrow_engine<'a>(ptr: *const NoticegateEngine) -> Result<&'a Engine, Failure> {
    borrow_handle(ptr).map(|handle| &**handle)
}

/// Borrows an engine argument's handle (to keep the engine alive past the call).
#[inline(always)]
pub(crate) fn borrow_handle<'a>(ptr: *const NoticegateEngine) -> Result<&'a EngineHandle, Failure> {
    if ptr.is_null() {
        return Err(Failure::null("engine"));
    }
    // SAFETY: non-null; the caller promised a live handle from this library.
    Ok(&unsafe { &*ptr }.engine)
}

/// An opaque, growable set of policy files and notice texts, to load an engine from. Not
/// thread-safe: fill it from one thread, then load (loading only reads it).
pub struct NoticegateSources {
    sources: PolicySources,
}

/// Writes a handle on the built-in policy set (compiled into the library, decoded once per
/// process) to `*out_engine`. Free it with `noticegate_engine_free` like any other handle.
#[no_mangle]
pub extern "C" fn noticegate_engine_builtin(out_engine: *mut *mut NoticegateEngine) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_engine, "out_engine")?;
        write(out, std::ptr::null_mut());
        let builtin = EngineHandle::builtin().map_err(|e| Failure::new(NoticegateStatus::PolicyError, e.to_string()))?;
        write(out, Box::into_raw(Box::new(NoticegateEngine { engine: builtin })));
        Ok(())
    })
}

/// Writes a new, empty set of policy sources to `*out_sources`; free it with
/// `noticegate_sources_free`.
#[no_mangle]
pub extern "C" fn noticegate_sources_new(out_sources: *mut *mut NoticegateSources) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_sources, "out_sources")?;
        write(out, Box::into_raw(Box::new(NoticegateSources { sources: PolicySources::default() })));
        Ok(())
    })
}

/// Adds one file to a set of sources, copying `name` and `text` (both NUL-terminated UTF-8).
/// `name` is the file's path relative to the policy directory: `sources/<file>.txt` is a
/// notice text (quotes are checked against it), anything else a policy file (TOML), e.g.
/// `vocabulary.toml` or `notices/kcc.toml`. Errors name the file by `name`.
#[no_mangle]
pub extern "C" fn noticegate_sources_add(sources: *mut NoticegateSources, name: *const c_char, text: *const c_char) -> NoticegateStatus {
    guard(|| {
        if sources.is_null() {
            return Err(Failure::null("sources"));
        }
        let name = borrow_str(name, "name")?;
        let body = borrow_str(text, "text")?;
        if name.is_empty() {
            return Err(Failure::new(NoticegateStatus::InvalidArgument, "`name` is empty"));
        }
        // SAFETY: non-null; the caller promised a live handle used by one thread at a time.
        unsafe { &mut *sources }.sources.add(name, body);
        Ok(())
    })
}

/// Frees a set of sources. NULL is ignored. Engines loaded from it stay valid.
#[no_mangle]
pub extern "C" fn noticegate_sources_free(sources: *mut NoticegateSources) {
    if sources.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: came from `Box::into_raw` in `noticegate_sources_new` (the documented contract).
        drop(unsafe { Box::from_raw(sources) });
    });
}

/// Parses, checks and compiles the policy files of `sources` into a new engine written to
/// `*out_engine`. On `NOTICEGATE_STATUS_POLICY_ERROR` the last error lists every problem of
/// every file (file:line:column) and `*out_engine` is NULL.
#[no_mangle]
pub extern "C" fn noticegate_engine_load(sources: *const NoticegateSources, out_engine: *mut *mut NoticegateEngine) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_engine, "out_engine")?;
        write(out, std::ptr::null_mut());
        if sources.is_null() {
            return Err(Failure::null("sources"));
        }
        // SAFETY: non-null; the caller promised a live handle not being modified meanwhile.
        let sources = &unsafe { &*sources }.sources;
        if sources.policy_files.is_empty() {
            return Err(Failure::new(NoticegateStatus::PolicyError, "no policy files were added (notice texts alone are not a policy set)"));
        }
        let loaded = Engine::load(sources).map_err(|e| Failure::new(NoticegateStatus::PolicyError, e.to_string()))?;
        write(out, Box::into_raw(Box::new(NoticegateEngine { engine: EngineHandle::loaded(loaded) })));
        Ok(())
    })
}

/// Frees an engine handle. NULL is ignored. No other thread may be using it.
#[no_mangle]
pub extern "C" fn noticegate_engine_free(engine: *mut NoticegateEngine) {
    if engine.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: came from `Box::into_raw` in this library (the documented contract).
        drop(unsafe { Box::from_raw(engine) });
    });
}

/// Writes the engine's policy hash (`sha256:…`, the value every decision carries) to
/// `*out_hash`, an owned string: free it with `noticegate_string_free`.
#[no_mangle]
pub extern "C" fn noticegate_engine_policy_hash(engine: *const NoticegateEngine, out_hash: *mut *mut c_char) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_hash, "out_hash")?;
        write(out, std::ptr::null_mut());
        let engine = borrow_engine(engine)?;
        write(out, owned(engine.policy_hash().to_string()));
        Ok(())
    })
}

/// Answers one question, a JSON object in the wire format (docs/wire-format.md),
/// with one decision line written to `*out_decision`: an owned string, free it with
/// `noticegate_string_free`. A question `noticegate ask` would reject (malformed JSON, unknown
/// names) still gives `NOTICEGATE_STATUS_OK` and a line holding an `"error"` object, the same
/// bytes as the CLI. A question without `as_of` is asked on today's date (UTC).
#[no_mangle]
pub extern "C" fn noticegate_ask_json(
    engine: *const NoticegateEngine,
    question: *const c_char,
    out_decision: *mut *mut c_char,
) -> NoticegateStatus {
    ask(engine, question, None, out_decision)
}

/// As `noticegate_ask_json`, with the date (a day number, see `noticegate_date`) that a
/// question without `as_of` is asked on.
#[no_mangle]
pub extern "C" fn noticegate_ask_json_on(
    engine: *const NoticegateEngine,
    question: *const c_char,
    today: i32,
    out_decision: *mut *mut c_char,
) -> NoticegateStatus {
    ask(engine, question, Some(Date::from_day_number(today)), out_decision)
}

fn ask(engine: *const NoticegateEngine, question: *const c_char, today: Option<Date>, out_decision: *mut *mut c_char) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_decision, "out_decision")?;
        write(out, std::ptr::null_mut());
        let engine = borrow_engine(engine)?;
        let line = borrow_str(question, "question")?;
        write(out, owned(engine.ask_json_on(line.trim(), today)));
        Ok(())
    })
}
