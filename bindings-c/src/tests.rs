//! The C ABI called from Rust: the typed fast path gives the JSON entry point's verdict on
//! every share, collect and transfer question of the conformance corpus that it can express
//! (names resolved through `noticegate_resolve*`, yes/no facts only).

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use noticegate_core::{parse_question, Ask, FactInput, Question};

use crate::*;

/// The `"question": {…}` object of a corpus line, by brace matching outside strings.
fn question_of(line: &str) -> Option<&str> {
    let start = line.find("\"question\"")?;
    let open = start + line[start..].find('{')?;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in line[open..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' if !in_string => depth += 1,
            '}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return Some(&line[open..=open + i]);
                }
            }
            _ => {}
        }
    }
    None
}

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn resolve(engine: *const NoticegateEngine, kind: NoticegateKind, name: Option<&str>) -> Option<u32> {
    let Some(name) = name else { return Some(NOTICEGATE_NONE) };
    let mut id = 0;
    (noticegate_resolve(engine, kind as i32, c(name).as_ptr(), &mut id) == NoticegateStatus::Ok).then_some(id)
}

/// The typed verdict for a question, or None when the typed path cannot express it.
fn typed(engine: *const NoticegateEngine, q: &Question) -> Option<NoticegateVerdict> {
    let notice = q.notice.as_deref().map(c);
    let service = q.service.as_deref().map(c);
    let mut activity = 0;
    let status = noticegate_resolve_service(
        engine,
        notice.as_ref().map_or(ptr::null(), |s| s.as_ptr()),
        service.as_ref().map_or(ptr::null(), |s| s.as_ptr()),
        &mut activity,
    );
    if status != NoticegateStatus::Ok {
        return None;
    }
    let category = resolve(engine, NoticegateKind::Category, Some(q.category.as_deref()?))?;
    let basis = resolve(engine, NoticegateKind::Basis, q.basis.as_deref())?;
    let (mut ids, mut values) = (Vec::new(), Vec::new());
    for (name, value) in &q.facts {
        let FactInput::Bool(b) = value else { return None };
        ids.push(resolve(engine, NoticegateKind::Fact, Some(name))?);
        values.push(u8::from(*b));
    }
    let as_of = q.as_of?.day_number();
    let mut verdict = NoticegateVerdict::Permit;
    let status = match q.ask? {
        Ask::Share => {
            let recipient = resolve(engine, NoticegateKind::Recipient, Some(q.recipient.as_deref()?))?;
            let purpose = resolve(engine, NoticegateKind::Purpose, q.purpose.as_deref())?;
            if q.country.is_some() || q.record.is_some() || q.right.is_some() {
                return None;
            }
            noticegate_share(engine, activity, category, recipient, purpose, basis, as_of, ids.as_ptr(), values.as_ptr(), ids.len(), &mut verdict)
        }
        Ask::Collect => {
            if q.recipient.is_some() || q.purpose.is_some() || q.country.is_some() || q.record.is_some() || q.right.is_some() {
                return None;
            }
            noticegate_collect(engine, activity, category, basis, as_of, ids.as_ptr(), values.as_ptr(), ids.len(), &mut verdict)
        }
        Ask::Transfer => {
            let country = resolve(engine, NoticegateKind::Country, Some(q.country.as_deref()?))?;
            let recipient = resolve(engine, NoticegateKind::Recipient, q.recipient.as_deref())?;
            if q.purpose.is_some() || q.record.is_some() || q.right.is_some() {
                return None;
            }
            noticegate_transfer(engine, activity, category, country, recipient, basis, as_of, ids.as_ptr(), values.as_ptr(), ids.len(), &mut verdict)
        }
        _ => return None,
    };
    assert_eq!(status, NoticegateStatus::Ok, "typed call failed for {q:?}");
    Some(verdict)
}

fn json(engine: *const NoticegateEngine, question: &str) -> String {
    let mut out: *mut c_char = ptr::null_mut();
    assert_eq!(noticegate_ask_json(engine, c(question).as_ptr(), &mut out), NoticegateStatus::Ok);
    let line = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
    noticegate_string_free(out);
    line
}

#[test]
fn typed_calls_give_the_json_verdicts_of_the_corpus() {
    let mut engine = ptr::null_mut();
    assert_eq!(noticegate_engine_builtin(&mut engine), NoticegateStatus::Ok);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "jsonl")).collect();
    files.sort();
    let (mut compared, mut kinds, mut failures) = (0, std::collections::BTreeSet::new(), Vec::new());
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines().filter(|l| !l.trim().is_empty()) {
            let text = question_of(line).unwrap_or_else(|| panic!("no question in {line}"));
            let Ok(q) = parse_question(text) else { continue };
            let decision = json(engine, text);
            if decision.contains("\"error\":") {
                continue;
            }
            let Some(verdict) = typed(engine, &q) else { continue };
            let mut name = ptr::null();
            assert_eq!(noticegate_verdict_name(verdict as i32, &mut name), NoticegateStatus::Ok);
            let name = unsafe { CStr::from_ptr(name) }.to_str().unwrap();
            compared += 1;
            kinds.insert(q.ask.unwrap().name());
            if !decision.contains(&format!("\"verdict\":\"{name}\"")) {
                failures.push(format!("{text}\n  typed: {name}\n  json:  {decision}"));
            }
        }
    }
    noticegate_engine_free(engine);
    assert!(failures.is_empty(), "{} of {compared} differ:\n{}", failures.len(), failures.join("\n"));
    assert!(compared > 200, "only {compared} corpus questions went through the typed path");
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["collect", "share", "transfer"]);
}

#[test]
fn a_panic_does_not_cross_the_boundary() {
    let status = crate::status::guard(|| panic!("boom"));
    assert_eq!(status, NoticegateStatus::Panic);
    let mut message = ptr::null_mut();
    assert_eq!(noticegate_last_error(&mut message), NoticegateStatus::Ok);
    let text = unsafe { CStr::from_ptr(message) }.to_str().unwrap().to_string();
    noticegate_string_free(message);
    assert!(text.contains("boom"), "{text}");
}
