//! Status codes, the per-thread last error, and the panic guard every call runs in.

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What a call did. `NOTICEGATE_STATUS_OK` is 0; every other value is a failure whose message
/// `noticegate_last_error` returns on the same thread.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticegateStatus {
    /// The call succeeded and wrote its outputs.
    Ok = 0,
    /// A pointer argument that must not be null was null.
    NullPointer = 1,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 2,
    /// A length or count argument was wrong (too large, or non-zero with a null array).
    InvalidLength = 3,
    /// An argument was out of range: an unknown kind, an id the engine does not have, a fact
    /// that is not a yes/no fact, a fact stated twice, a date that does not exist.
    InvalidArgument = 4,
    /// A name matched nothing; the message lists the nearest known names.
    UnknownName = 5,
    /// A name matched several entries; the message lists some of them.
    AmbiguousName = 6,
    /// Policy files did not load; the message lists every error with file:line:column.
    PolicyError = 7,
    /// An internal error (a Rust panic) was caught; the engine is still usable.
    Panic = 8,
}

/// A failure on its way to the caller.
pub(crate) struct Failure {
    pub status: NoticegateStatus,
    pub message: String,
}

impl Failure {
    pub fn new(status: NoticegateStatus, message: impl Into<String>) -> Failure {
        Failure { status, message: message.into() }
    }
    pub fn null(what: &str) -> Failure {
        Failure::new(NoticegateStatus::NullPointer, format!("`{what}` is a null pointer"))
    }
}

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

fn set_last_error(message: &str) {
    // Interior NULs cannot cross as a C string; show them instead of dropping the message.
    let text = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = Some(text);
        }
    });
}

/// Runs one exported call: turns failures into a status and the thread's last error, and
/// catches every panic. Inlined into each call: `catch_unwind` is free on the no-panic path,
/// but a call through it reads the closure's captures back from memory (9 ns of the typed
/// share's 36 in `bench.c`); the failure and panic paths stay out of line.
#[inline(always)]
pub(crate) fn guard(call: impl FnOnce() -> Result<(), Failure>) -> NoticegateStatus {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(())) => NoticegateStatus::Ok,
        Ok(Err(failure)) => failed(failure),
        Err(payload) => panicked(payload),
    }
}

#[cold]
#[inline(never)]
fn failed(failure: Failure) -> NoticegateStatus {
    set_last_error(&failure.message);
    failure.status
}

#[cold]
#[inline(never)]
fn panicked(payload: Box<dyn Any + Send>) -> NoticegateStatus {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    // Dropping the payload could itself panic; never let it unwind out of here.
    let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
    set_last_error(&format!("internal error (caught panic): {what}"));
    NoticegateStatus::Panic
}

/// Writes `value` to an out-pointer that has been checked for null.
pub(crate) fn write<T>(out: *mut T, value: T) {
    // SAFETY: every caller checked `out` for null; the caller of the C function promised it
    // points to writable memory for a `T`.
    unsafe { out.write(value) }
}

/// Checks an out-pointer, for `?`.
pub(crate) fn out_ptr<T>(out: *mut T, what: &str) -> Result<*mut T, Failure> {
    if out.is_null() {
        Err(Failure::null(what))
    } else {
        Ok(out)
    }
}

/// Borrows a NUL-terminated UTF-8 string argument.
pub(crate) fn borrow_str<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(what));
    }
    // SAFETY: non-null, and the caller promised a NUL-terminated string that outlives the call.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes)
        .map_err(|e| Failure::new(NoticegateStatus::InvalidUtf8, format!("`{what}` is not valid UTF-8 ({e})")))
}

/// Hands a Rust string to the caller as an owned `char *` (freed by `noticegate_string_free`).
pub(crate) fn owned(text: String) -> *mut c_char {
    CString::new(text.replace('\0', "\\0")).unwrap_or_default().into_raw()
}

/// Copies the calling thread's last error message into `*out_message` (an owned string, free
/// it with `noticegate_string_free`), or writes NULL when no call on this thread has failed.
/// The message stays set until the next failing call on this thread.
#[no_mangle]
pub extern "C" fn noticegate_last_error(out_message: *mut *mut c_char) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_message, "out_message")?;
        let copy = LAST_ERROR.with(|slot| slot.borrow().clone());
        write(out, copy.map_or(std::ptr::null_mut(), CString::into_raw));
        Ok(())
    })
}

/// Frees a string the library returned as `char *`. NULL is ignored. Never pass a string that
/// did not come from this library, or free one twice.
#[no_mangle]
pub extern "C" fn noticegate_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    let _ = catch_unwind(|| {
        // SAFETY: `s` came from `CString::into_raw` in this library (the documented contract).
        drop(unsafe { CString::from_raw(s) });
    });
}

static VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// Writes the library's version ("0.1.0") to `*out_version`: a static string, never freed.
#[no_mangle]
pub extern "C" fn noticegate_version(out_version: *mut *const c_char) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_version, "out_version")?;
        write(out, VERSION.as_ptr().cast::<c_char>());
        Ok(())
    })
}

/// Writes the name of a status code ("ok", "null_pointer", …) to `*out_name`: a static string,
/// never freed. An unknown code is `NOTICEGATE_STATUS_INVALID_ARGUMENT`.
#[no_mangle]
pub extern "C" fn noticegate_status_name(status: i32, out_name: *mut *const c_char) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_name, "out_name")?;
        let name: &'static str = match status {
            0 => "ok\0",
            1 => "null_pointer\0",
            2 => "invalid_utf8\0",
            3 => "invalid_length\0",
            4 => "invalid_argument\0",
            5 => "unknown_name\0",
            6 => "ambiguous_name\0",
            7 => "policy_error\0",
            8 => "panic\0",
            other => return Err(Failure::new(NoticegateStatus::InvalidArgument, format!("{other} is not a status code"))),
        };
        write(out, name.as_ptr().cast::<c_char>());
        Ok(())
    })
}
