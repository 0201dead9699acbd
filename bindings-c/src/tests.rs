//! The C ABI called from Rust: the typed fast path gives the JSON entry point's verdict on
//! every share, collect and transfer question of the conformance corpus that it can express
//! (names resolved through `noticegate_resolve*`, yes/no and enum facts; number and date
//! facts go through the JSON entry point only).

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

/// The typed verdict for a question, or None when the typed path cannot express it; `enums`
/// counts the questions that stated an enum fact.
fn typed(engine: *const NoticegateEngine, q: &Question, enums: &mut usize) -> Option<NoticegateVerdict> {
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
    let mut stated_enum = false;
    for (name, value) in &q.facts {
        let fact = resolve(engine, NoticegateKind::Fact, Some(name))?;
        ids.push(fact);
        values.push(match value {
            FactInput::Bool(b) => u8::from(*b),
            // Only enum facts take text the typed path can state (dates go through JSON).
            FactInput::Text(t) => {
                let mut v = 0;
                if noticegate_resolve_fact_value(engine, fact, c(t).as_ptr(), &mut v) != NoticegateStatus::Ok {
                    return None;
                }
                stated_enum = true;
                v
            }
            _ => return None,
        });
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
            // Left out, the country is the recipient's (`located_in`), as in the JSON path.
            let country = resolve(engine, NoticegateKind::Country, q.country.as_deref())?;
            let recipient = resolve(engine, NoticegateKind::Recipient, q.recipient.as_deref())?;
            if q.purpose.is_some() || q.record.is_some() || q.right.is_some() {
                return None;
            }
            noticegate_transfer(engine, activity, category, country, recipient, basis, as_of, ids.as_ptr(), values.as_ptr(), ids.len(), &mut verdict)
        }
        _ => return None,
    };
    assert_eq!(status, NoticegateStatus::Ok, "typed call failed for {q:?}");
    assert_eq!(packed_verdict(engine, q, activity, category, basis, as_of, &ids, &values), verdict, "packed facts differ for {q:?}");
    *enums += usize::from(stated_enum);
    Some(verdict)
}

/// The verdict of the `_packed` call for a question the typed path expressed (slots resolved
/// again: they were resolved without error above), checked against the prepared question's.
#[allow(clippy::too_many_arguments)]
fn packed_verdict(engine: *const NoticegateEngine, q: &Question, activity: u32, category: u32, basis: u32, as_of: i32, ids: &[u32], values: &[u8]) -> NoticegateVerdict {
    let mut facts = ptr::null_mut();
    assert_eq!(noticegate_facts_pack(engine, ids.as_ptr(), values.as_ptr(), ids.len(), &mut facts), NoticegateStatus::Ok);
    let slot = |kind, name: &Option<_>| resolve(engine, kind, name.as_deref()).unwrap();
    let (mut verdict, mut question) = (NoticegateVerdict::Permit, ptr::null_mut());
    let (status, prepared) = match q.ask.unwrap() {
        Ask::Share => {
            let (recipient, purpose) = (slot(NoticegateKind::Recipient, &q.recipient), slot(NoticegateKind::Purpose, &q.purpose));
            (
                noticegate_share_packed(engine, activity, category, recipient, purpose, basis, as_of, facts, &mut verdict),
                noticegate_question_share(engine, activity, category, recipient, purpose, basis, &mut question),
            )
        }
        Ask::Collect => (
            noticegate_collect_packed(engine, activity, category, basis, as_of, facts, &mut verdict),
            noticegate_question_collect(engine, activity, category, basis, &mut question),
        ),
        Ask::Transfer => {
            let (country, recipient) = (slot(NoticegateKind::Country, &q.country), slot(NoticegateKind::Recipient, &q.recipient));
            (
                noticegate_transfer_packed(engine, activity, category, country, recipient, basis, as_of, facts, &mut verdict),
                noticegate_question_transfer(engine, activity, category, country, recipient, basis, &mut question),
            )
        }
        other => unreachable!("{other:?} has no typed call"),
    };
    assert_eq!((status, prepared), (NoticegateStatus::Ok, NoticegateStatus::Ok), "packed call or prepared question failed for {q:?}");
    let mut asked = NoticegateVerdict::Permit;
    assert_eq!(noticegate_question_verdict(question, as_of, facts, &mut asked), NoticegateStatus::Ok);
    assert_eq!(asked, verdict, "the prepared question differs for {q:?}");
    noticegate_question_free(question);
    noticegate_facts_free(facts);
    verdict
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
    let (mut compared, mut enums, mut kinds, mut failures) = (0, 0, std::collections::BTreeSet::new(), Vec::new());
    let mut countries_from_recipient = 0;
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines().filter(|l| !l.trim().is_empty()) {
            let text = question_of(line).unwrap_or_else(|| panic!("no question in {line}"));
            let Ok(q) = parse_question(text) else { continue };
            let decision = json(engine, text);
            if decision.contains("\"error\":") {
                continue;
            }
            let Some(verdict) = typed(engine, &q, &mut enums) else { continue };
            let mut name = ptr::null();
            assert_eq!(noticegate_verdict_name(verdict as i32, &mut name), NoticegateStatus::Ok);
            let name = unsafe { CStr::from_ptr(name) }.to_str().unwrap();
            compared += 1;
            kinds.insert(q.ask.unwrap().name());
            countries_from_recipient += usize::from(q.ask == Some(Ask::Transfer) && q.country.is_none());
            if !decision.contains(&format!("\"verdict\":\"{name}\"")) {
                failures.push(format!("{text}\n  typed: {name}\n  json:  {decision}"));
            }
        }
    }
    noticegate_engine_free(engine);
    assert!(failures.is_empty(), "{} of {compared} differ:\n{}", failures.len(), failures.join("\n"));
    assert!(compared > 200, "only {compared} corpus questions went through the typed path");
    assert!(enums > 20, "only {enums} corpus questions with an enum fact went through the typed path");
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["collect", "share", "transfer"]);
    assert!(countries_from_recipient > 10, "only {countries_from_recipient} transfers took the recipient's country on the typed path");
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

#[test]
fn enum_fact_values_resolve_by_name() {
    let mut engine = ptr::null_mut();
    assert_eq!(noticegate_engine_builtin(&mut engine), NoticegateStatus::Ok);
    let (mut consent, mut dpa, mut v) = (0, 0, 0u8);
    assert_eq!(noticegate_resolve(engine, NoticegateKind::Fact as i32, c("consent").as_ptr(), &mut consent), NoticegateStatus::Ok);
    assert_eq!(noticegate_resolve(engine, NoticegateKind::Fact as i32, c("data_processing_agreement").as_ptr(), &mut dpa), NoticegateStatus::Ok);
    // The vocabulary's order: not_given, given, explicit, withdrawn; names fold like every name.
    for (name, index) in [("not_given", 0), ("Given", 1), ("EXPLICIT", 2), ("withdrawn", 3), ("not given", 0)] {
        assert_eq!(noticegate_resolve_fact_value(engine, consent, c(name).as_ptr(), &mut v), NoticegateStatus::Ok, "{name}");
        assert_eq!(v, index, "{name}");
    }
    let message = |status| {
        assert_eq!(status, NoticegateStatus::InvalidArgument);
        let mut m = ptr::null_mut();
        assert_eq!(noticegate_last_error(&mut m), NoticegateStatus::Ok);
        let text = unsafe { CStr::from_ptr(m) }.to_str().unwrap().to_string();
        noticegate_string_free(m);
        text
    };
    let text = message(noticegate_resolve_fact_value(engine, consent, c("revoked").as_ptr(), &mut v));
    assert!(text.contains("not_given, given, explicit, withdrawn"), "{text}");
    assert_eq!(v, u8::MAX);
    assert!(message(noticegate_resolve_fact_value(engine, dpa, c("yes").as_ptr(), &mut v)).contains("not an enum fact"));
    assert!(message(noticegate_resolve_fact_value(engine, 999_999, c("given").as_ptr(), &mut v)).contains("not a fact id"));
    assert_eq!(noticegate_resolve_fact_value(engine, consent, ptr::null(), &mut v), NoticegateStatus::NullPointer);
    assert_eq!(noticegate_resolve_fact_value(engine, consent, c("given").as_ptr(), ptr::null_mut()), NoticegateStatus::NullPointer);
    assert_eq!(noticegate_resolve_fact_value(ptr::null(), consent, c("given").as_ptr(), &mut v), NoticegateStatus::NullPointer);

    // An enum value past the fact's values, and an enum fact stated twice, are refused.
    let (mut cd, mut email, mut pcg, mut verdict) = (0, 0, 0, NoticegateVerdict::Permit);
    assert_eq!(noticegate_resolve_service(engine, ptr::null(), c("Community Directory").as_ptr(), &mut cd), NoticegateStatus::Ok);
    assert_eq!(noticegate_resolve(engine, NoticegateKind::Category as i32, c("Email address").as_ptr(), &mut email), NoticegateStatus::Ok);
    assert_eq!(noticegate_resolve(engine, NoticegateKind::Recipient as i32, c("PCG UK").as_ptr(), &mut pcg), NoticegateStatus::Ok);
    let share = |ids: &[u32], values: &[u8], verdict: &mut NoticegateVerdict| {
        noticegate_share(engine, cd, email, pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, 20_000, ids.as_ptr(), values.as_ptr(), ids.len(), verdict)
    };
    assert!(message(share(&[consent, dpa], &[4, 1], &mut verdict)).contains("`fact_values[0]` is 4, not a value of enum fact \"consent\""));
    assert!(message(share(&[consent, consent], &[1, 1], &mut verdict)).contains("stated twice"));
    for (value, expected) in [(0, NoticegateVerdict::NotStated), (1, NoticegateVerdict::Permit), (2, NoticegateVerdict::Permit), (3, NoticegateVerdict::NotStated)] {
        assert_eq!(share(&[dpa, consent], &[1, value], &mut verdict), NoticegateStatus::Ok);
        assert_eq!(verdict, expected, "consent value {value}");
    }
    noticegate_engine_free(engine);
}
