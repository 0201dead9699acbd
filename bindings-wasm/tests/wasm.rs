//! Rust-side tests of the JS surface, compiled to wasm32 and run under Node by
//! `wasm-bindgen-test-runner` (test.sh; on the host this file is empty).
//!
//! The corpus test compares with the CLI's own output, which test.sh writes before building:
//! `NOTICEGATE_CLI_CORPUS` names a directory holding `questions.jsonl` (every question of
//! `tests/cases/`, one a line) and `answers.jsonl` (what `noticegate ask --file` printed).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Error, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use noticegate_wasm::{check_field_builtin, check_form_builtin, Engine};

const SERVICE: &str = "Community Directory";
const AS_OF: &str = "2026-11-23";

const QUESTIONS: &str = include_str!(concat!(
    env!("NOTICEGATE_CLI_CORPUS", "run bindings-wasm/test.sh: it writes the CLI's corpus answers and sets NOTICEGATE_CLI_CORPUS"),
    "/questions.jsonl"
));
const ANSWERS: &str = include_str!(concat!(env!("NOTICEGATE_CLI_CORPUS"), "/answers.jsonl"));

/// A plain JS object from string pairs.
fn object(pairs: &[(&str, &str)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v)).unwrap();
    }
    o.into()
}

/// `value[a][b]…`
fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, k| Reflect::get(&v, &JsValue::from_str(k)).unwrap())
}

fn string(value: &JsValue, path: &[&str]) -> Option<String> {
    get(value, path).as_string()
}

/// The thrown value is an `Error` with this `code`; returns it.
fn expect_error(result: Result<JsValue, JsValue>, code: &str) -> Error {
    let thrown = match result {
        Ok(v) => panic!("expected an error with code {code}, got {v:?}"),
        Err(e) => e,
    };
    let error: Error = thrown.dyn_into().expect("the thrown value is an Error");
    assert_eq!(string(&error, &["code"]).as_deref(), Some(code), "message: {}", String::from(error.message()));
    assert!(!String::from(error.message()).is_empty());
    assert!(Array::is_array(&get(&error, &["suggestions"])));
    error
}

#[wasm_bindgen_test]
fn builtin_engine_answers_the_corpus_with_the_clis_bytes() {
    let engine = Engine::builtin().unwrap();
    let questions: Vec<&str> = QUESTIONS.lines().filter(|l| !l.is_empty()).collect();
    let answers: Vec<&str> = ANSWERS.lines().filter(|l| !l.is_empty()).collect();
    assert!(questions.len() > 500, "{} questions", questions.len());
    assert_eq!(questions.len(), answers.len());
    let differ: Vec<String> = questions
        .iter()
        .zip(&answers)
        .filter_map(|(q, cli)| {
            let mine = engine.ask_json(q);
            (mine != *cli).then(|| format!("{q}\n  cli:  {cli}\n  wasm: {mine}"))
        })
        .collect();
    assert!(differ.is_empty(), "{} of {} differ:\n{}", differ.len(), questions.len(), differ.join("\n"));
    // The module-level function is the same engine.
    assert_eq!(noticegate_wasm::ask_json_builtin(questions[0]).unwrap(), answers[0]);
}

#[wasm_bindgen_test]
fn check_field_classifies_email_address_and_quotes_the_notice() {
    let c = check_field_builtin(object(&[("service", SERVICE), ("label", "Email address"), ("name", "email"), ("type", "email"), ("asOf", AS_OF)])).unwrap();
    assert_eq!(string(&c, &["classification", "category"]).as_deref(), Some("contact.email"));
    assert_eq!(string(&c, &["matchedIn"]).as_deref(), Some("label"));
    let words: Vec<String> = Array::from(&get(&c, &["classification", "matchedWords"])).iter().filter_map(|w| w.as_string()).collect();
    assert!(words.iter().any(|w| w == "email"), "{words:?}");
    assert_eq!(string(&c, &["verdict"]).as_deref(), Some("conditional"));
    assert_eq!(string(&c, &["type"]).as_deref(), Some("email"));
    let quote = string(&c, &["quote"]).expect("a quote");
    assert!(quote.contains("email address"), "{quote}");
    assert_eq!(string(&get(&c, &["reasons"]), &["0", "quote"]).as_deref(), Some(quote.as_str()));
    assert!(string(&c, &["notice", "source"]).is_some_and(|s| s.ends_with(".txt")));
    assert_eq!(get(&c, &["specialCategory"]), JsValue::FALSE);

    // Other labels form builders use; an unknown one is unclassified, not guessed.
    for (label, category) in [("e-mail", "contact.email"), ("Date of birth", "identity.date_of_birth"), ("dob", "identity.date_of_birth"), ("NI number", "identity.national_insurance_number")] {
        let c = check_field_builtin(object(&[("service", SERVICE), ("label", label), ("asOf", AS_OF)])).unwrap();
        assert_eq!(string(&c, &["classification", "category"]).as_deref(), Some(category), "{label}");
    }
    let none = check_field_builtin(object(&[("service", SERVICE), ("label", "Favourite colour"), ("asOf", AS_OF)])).unwrap();
    assert_eq!(string(&none, &["verdict"]).as_deref(), Some("unclassified"));
    assert!(get(&none, &["quote"]).is_null());
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_with_a_code() {
    // Wrong types.
    expect_error(check_field_builtin(JsValue::from_f64(42.0)), "invalid_argument");
    let mut wrong = object(&[("service", SERVICE)]);
    Reflect::set(&wrong, &JsValue::from_str("label"), &JsValue::from_f64(7.0)).unwrap();
    let e = expect_error(check_field_builtin(wrong.clone()), "invalid_argument");
    assert_eq!(string(&e, &["field"]).as_deref(), Some("label"));
    wrong = object(&[("label", "Email")]);
    expect_error(check_field_builtin(wrong), "missing_field");
    expect_error(check_field_builtin(object(&[("service", SERVICE), ("label", "Email"), ("asOf", "23/11/2026")])), "invalid_field");
    // An unknown service: core's error, with suggestions.
    let e = expect_error(check_field_builtin(object(&[("service", "Comunity Directory"), ("label", "Email")])), "unknown_name");
    let suggestions: Vec<String> = Array::from(&get(&e, &["suggestions"])).iter().filter_map(|s| s.as_string()).collect();
    assert!(suggestions.iter().any(|s| s == SERVICE), "{suggestions:?}");
    // A malformed form definition, and a form for no known service.
    expect_error(check_form_builtin(JsValue::from_str("{\"type\": \"object\", "), JsValue::from_str(SERVICE), JsValue::UNDEFINED), "invalid_form");
    let form = JsValue::from_str(r#"{"type":"object","properties":{"email":{"type":"string","title":"Email address"}}}"#);
    expect_error(check_form_builtin(form.clone(), JsValue::from_str("Nowhere"), JsValue::UNDEFINED), "unknown_name");
    expect_error(check_form_builtin(form, JsValue::from_f64(1.0), JsValue::UNDEFINED), "invalid_argument");
    // Questions: core's codes; askJson keeps the error on the line instead.
    expect_error(noticegate_wasm::ask_builtin(object(&[("ask", "share"), ("service", SERVICE), ("recipent", "x")])), "unknown_field");
    let line = noticegate_wasm::ask_json_builtin("not json").unwrap();
    assert!(line.contains("\"code\":\"invalid_json\""), "{line}");
    policy_files_errors();
}

/// Broken policy files: every problem, with file, line and column (the module built with
/// feature `load`; test/node runs it through `pkg-load-node`).
#[cfg(feature = "load")]
fn policy_files_errors() {
    let e = expect_error(Engine::from_policies(object(&[("vocabulary.toml", "this is [not toml")])).map(JsValue::from), "policy_error");
    let diagnostics = Array::from(&get(&e, &["diagnostics"]));
    assert!(diagnostics.length() > 0);
    assert!(string(&diagnostics.get(0), &["file"]).is_some());
    expect_error(Engine::from_policies(JsValue::from_f64(42.0)).map(JsValue::from), "invalid_argument");
}

/// The default module compiles no policy files: a coded error naming the module that does.
#[cfg(not(feature = "load"))]
fn policy_files_errors() {
    let e = expect_error(Engine::from_policies(object(&[("vocabulary.toml", "this is [not toml")])).map(JsValue::from), "not_in_this_module");
    assert!(String::from(e.message()).contains("noticegate-wasm/load"));
}

#[wasm_bindgen_test]
fn a_field_handle_answers_as_check_field() {
    let field = object(&[("service", SERVICE), ("label", "Email address"), ("name", "email"), ("asOf", AS_OF)]);
    let handle = noticegate_wasm::field_builtin(field.clone()).unwrap();
    let first = handle.check().unwrap();
    assert!(js_sys::Object::is(&first, &check_field_builtin(field).unwrap()));
    assert!(js_sys::Object::is(&first, &handle.check().unwrap()));
    assert_eq!(string(&first, &["verdict"]).as_deref(), Some("conditional"));
    expect_error(noticegate_wasm::field_builtin(JsValue::from_str("Email")).map(JsValue::from), "invalid_argument");
    let unknown = noticegate_wasm::field_builtin(object(&[("service", "Nowhere"), ("label", "Email"), ("asOf", AS_OF)])).unwrap();
    expect_error(unknown.check(), "unknown_name");
}

#[wasm_bindgen_test]
fn the_engine_keeps_answering_after_errors() {
    let engine = Engine::builtin().unwrap();
    let field = object(&[("service", SERVICE), ("label", "Email address"), ("asOf", AS_OF)]);
    let before = js_sys::JSON::stringify(&engine.check_field(field.clone()).unwrap()).unwrap();
    for _ in 0..3 {
        expect_error(engine.check_field(JsValue::NULL), "invalid_argument");
        expect_error(engine.check_field(object(&[("service", "Nowhere"), ("label", "Email")])), "unknown_name");
        expect_error(engine.check_form(JsValue::from_str("[1,"), JsValue::from_str(SERVICE), JsValue::UNDEFINED), "invalid_form");
        expect_error(engine.ask(JsValue::from_str("{\"ask\": 3}")), "invalid_field");
    }
    let after = js_sys::JSON::stringify(&engine.check_field(field).unwrap()).unwrap();
    assert_eq!(before, after);
    assert_eq!(string(&engine.classify("Date of birth").unwrap(), &["category"]).as_deref(), Some("identity.date_of_birth"));
    assert!(engine.policy_hash().starts_with("sha256:"));
}

#[cfg(feature = "load")]
#[wasm_bindgen_test]
fn classify_frame_reads_names_as_one_table() {
    let engine = Engine::builtin().unwrap();
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    // A table keyed by a school's URN: its Postcode is the school's; the head's name a person's.
    let read = engine.classify_frame(names(&["URN", "Postcode", "HeadFirstName"])).unwrap();
    assert_eq!(string(&read, &["1", "label"]), None);
    assert_eq!(string(&read, &["1", "category"]), None);
    assert_eq!(string(&read, &["0", "category"]), None);
    assert_eq!(string(&read, &["2", "category"]).as_deref(), Some("identity.name"));
    // A pupil table carrying its school's URN stays a person's.
    let read = engine.classify_frame(names(&["UPN", "URN", "Postcode"])).unwrap();
    assert_eq!(string(&read, &["2", "category"]).as_deref(), Some("contact.address"));
}
