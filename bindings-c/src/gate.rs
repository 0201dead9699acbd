//! The export gate and the form check (core's `gate_request` and `form_check`): JSON in, JSON
//! out, errors as status codes with core's code and message.

use std::ffi::c_char;

use noticegate_core::form_check::check_form;
use noticegate_core::forms::Value;
use noticegate_core::gate::GateError;
use noticegate_core::gate_request::gate_json;
use noticegate_core::Date;

use crate::engine::{borrow_engine, NoticegateEngine};
use crate::status::{borrow_str, guard, out_ptr, owned, write, Failure, NoticegateStatus};

/// A core gate or form error as a status: names that match nothing or too much keep their
/// own codes; everything else is an invalid argument. The message starts with core's code
/// (`missing_column: …`, `invalid_form: …`) and names the field and the nearest names.
fn failure(e: GateError) -> Failure {
    let status = match e.code.as_str() {
        "unknown_name" => NoticegateStatus::UnknownName,
        "ambiguous_name" => NoticegateStatus::AmbiguousName,
        _ => NoticegateStatus::InvalidArgument,
    };
    let field = e.field.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
    let hint = if e.suggestions.is_empty() { String::new() } else { format!("; did you mean: {}", e.suggestions.join(", ")) };
    Failure::new(status, format!("{}{field}: {}{hint}", e.code, e.message))
}

/// An optional string argument: NULL is absent.
fn optional_str<'a>(ptr: *const c_char, what: &str) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        Ok(None)
    } else {
        borrow_str(ptr, what).map(Some)
    }
}

/// Gates the columns of a table: `request` is a JSON object (docs/gate.md, "The gate as
/// JSON"): `columns` (names), optionally `samples` (values per column), `rows`, and the
/// export's `service`, `recipient`, `notice`, `basis`, `purpose`, `as_of`, `facts`,
/// `categories` (column -> category), `row_facts`, `pass_conditional`. Writes to
/// `*out_report` an owned JSON string (free it with `noticegate_string_free`): `passed` (the
/// columns that may go, in order) and the report per column (status, category, verdict,
/// obligations, the notice's quotes). A request without `as_of` is gated on today (UTC).
/// A malformed request, a missing or duplicate column, a column of mixed types are
/// `NOTICEGATE_STATUS_INVALID_ARGUMENT`; unknown names `NOTICEGATE_STATUS_UNKNOWN_NAME`.
#[no_mangle]
pub extern "C" fn noticegate_gate_columns_json(engine: *const NoticegateEngine, request: *const c_char, out_report: *mut *mut c_char) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_report, "out_report")?;
        write(out, std::ptr::null_mut());
        let engine = borrow_engine(engine)?;
        let request = borrow_str(request, "request")?;
        let answer = gate_json(engine, request, None).map_err(failure)?;
        write(out, owned(answer));
        Ok(())
    })
}

/// Checks every field of a form definition, `form` (JSON text: a JSON Schema, `{schema,
/// uiSchema}`, or a SurveyJS survey), against what `service`'s notice says about collecting
/// it. `notice` (which notice, when a service's name is in several) and `as_of`
/// (YYYY-MM-DD; default today, UTC) may be NULL. Writes to `*out_check` an owned JSON string
/// (free it with `noticegate_string_free`), the same as `noticegate check-form --format json`:
/// per field its path, category, verdict, obligations and the notice's quote, and a summary.
/// A malformed form is `NOTICEGATE_STATUS_INVALID_ARGUMENT` (`invalid_form: …` naming where);
/// an unknown service `NOTICEGATE_STATUS_UNKNOWN_NAME`.
#[no_mangle]
pub extern "C" fn noticegate_check_form_json(
    engine: *const NoticegateEngine,
    form: *const c_char,
    service: *const c_char,
    notice: *const c_char,
    as_of: *const c_char,
    out_check: *mut *mut c_char,
) -> NoticegateStatus {
    guard(|| {
        let out = out_ptr(out_check, "out_check")?;
        write(out, std::ptr::null_mut());
        let engine = borrow_engine(engine)?;
        let form = borrow_str(form, "form")?;
        let service = borrow_str(service, "service")?;
        let notice = optional_str(notice, "notice")?;
        let as_of = match optional_str(as_of, "as_of")? {
            Some(text) => Some(Date::parse(text).ok_or_else(|| Failure::new(NoticegateStatus::InvalidArgument, format!("invalid_field (as_of): `as_of` must be a date written YYYY-MM-DD, found \"{text}\"")))?),
            None => None,
        };
        let definition = Value::parse(form).map_err(|e| failure(GateError::new("invalid_form", Some("form"), format!("the form is not JSON: {e}"))))?;
        let check = check_form(engine, &definition, service, notice, as_of, None).map_err(failure)?;
        let json = serde_json::to_string_pretty(&check).map_err(|e| Failure::new(NoticegateStatus::Panic, e.to_string()))?;
        write(out, owned(json));
        Ok(())
    })
}
