//! Form checks (`form_check.rs`) and the form readers (`forms.rs`): every verdict a field can
//! get, label before name, the date a field is checked on, a service two notices share, the
//! checker's memory; and every place a JSON Schema or SurveyJS definition keeps its fields,
//! with the errors a malformed one gets.
//!
//! The policy set is `gate_fixture` (written in the tests, like `boundaries.rs`).

use std::sync::Arc;

use noticegate::form_check::{check_field, check_form, FieldCheck, FieldChecker, FieldInput, FieldVerdict, Summary};
use noticegate::forms::{fields, FormField, FormFormat, Map, Value};
use noticegate::gate::GateError;
use noticegate::Date;

mod gate_fixture;

use gate_fixture::engine;

fn day(s: &str) -> Option<Date> {
    Date::parse(s)
}

fn field(label: &str) -> FieldInput {
    FieldInput { service: "Exports".into(), label: Some(label.into()), as_of: day("2026-11-23"), ..FieldInput::default() }
}

fn check(f: &FieldInput) -> FieldCheck {
    check_field(&engine(), f, None).unwrap_or_else(|e| panic!("{f:?}: {e}"))
}

fn json(text: &str) -> Value {
    Value::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A field as (path, label, name, type).
type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

fn rows(fields: &[FormField]) -> Vec<Row<'_>> {
    fields.iter().map(|f| (f.path.as_str(), f.label.as_deref(), f.name.as_deref(), f.r#type.as_deref())).collect()
}

fn form_error(text: &str) -> GateError {
    fields(&json(text)).expect_err(text)
}

#[test]
fn every_verdict_a_field_can_get() {
    let e = engine();
    let cases = [
        ("Email address", FieldVerdict::Permit, Some("We collect contact details.")),
        ("Health condition", FieldVerdict::Conditional, Some("We collect health conditions with consent.")),
        ("Salary", FieldVerdict::Deny, Some("We never collect salaries.")),
        ("Postal address", FieldVerdict::NotStated, None),
        ("Favourite colour", FieldVerdict::Unclassified, None),
    ];
    for (label, verdict, quote) in cases {
        let c = check_field(&e, &field(label), None).unwrap();
        assert_eq!(c.verdict, verdict, "{label}: {c:?}");
        assert_eq!(c.quote.as_deref(), quote, "{label}");
        assert_eq!(c.service, "Exports");
        assert_eq!((c.notice.id.as_str(), c.notice.title.as_str(), c.notice.controller.as_str(), c.notice.source.as_str()), ("n", "Notice N", "C", "n.txt"));
        assert_eq!(c.label.as_deref(), Some(label));
        assert_eq!(c.policy_hash, e.policy_hash());
        assert_eq!(c.path, None);
    }
    let health = check(&field("Health condition"));
    assert_eq!(health.special_category, Some(true));
    assert_eq!(health.obligations.iter().map(|o| o.fact.as_str()).collect::<Vec<_>>(), ["consent"]);
    assert_eq!(health.classification.category.as_deref(), Some("health"));
    assert_eq!(health.matched_in, Some("label"));
    assert_eq!(check(&field("Email address")).special_category, Some(false));
    assert_eq!(check(&field("Email address")).reasons[0].rule, "n.collect.contact");
    let unclassified = check(&field("Favourite colour"));
    assert_eq!((unclassified.matched_in, unclassified.special_category, unclassified.classification.category.as_deref()), (None, None, None));
    assert!(unclassified.reasons.is_empty() && unclassified.obligations.is_empty());
    assert!(unclassified.notes[0].starts_with("No category of the vocabulary matches"));
}

#[test]
fn the_label_decides_and_the_name_only_when_the_label_says_nothing() {
    let mut f = field("Salary");
    f.name = Some("email_address".into());
    f.r#type = Some("email".into());
    let c = check(&f);
    assert_eq!((c.matched_in, c.verdict), (Some("label"), FieldVerdict::Deny));
    assert_eq!((c.name.as_deref(), c.r#type.as_deref()), (Some("email_address"), Some("email")));
    f.label = Some("Tell us".into());
    let c = check(&f);
    assert_eq!((c.matched_in, c.verdict), (Some("name"), FieldVerdict::Permit));
    assert_eq!(c.label.as_deref(), Some("Tell us"));
    // A blank label is no label.
    f.label = Some("   ".into());
    assert_eq!(check(&f).matched_in, Some("name"));
    f.label = None;
    assert_eq!(check(&f).matched_in, Some("name"));
    // Neither classifies: unclassified, the name and label kept as given.
    let c = check(&FieldInput { name: Some("zzz".into()), label: Some("Favourite colour".into()), ..field("") });
    assert_eq!((c.verdict, c.matched_in, c.name.as_deref()), (FieldVerdict::Unclassified, None, Some("zzz")));
    assert_eq!(c.classification.category, None);
}

#[test]
fn the_field_is_checked_on_its_date_else_today() {
    let e = engine();
    let mut f = field("Exam grade");
    f.as_of = day("2026-05-31");
    assert_eq!(check_field(&e, &f, day("2026-12-01")).unwrap().verdict, FieldVerdict::NotStated);
    f.as_of = day("2026-06-01");
    assert_eq!(check_field(&e, &f, day("2026-01-01")).unwrap().verdict, FieldVerdict::Permit);
    f.as_of = None;
    assert_eq!(check_field(&e, &f, day("2026-05-31")).unwrap().verdict, FieldVerdict::NotStated);
    assert_eq!(check_field(&e, &f, day("2026-06-01")).unwrap().verdict, FieldVerdict::Permit);
}

#[test]
fn a_service_two_notices_share_needs_the_notice() {
    let e = engine();
    let mut f = field("Email address");
    f.service = "Shared desk".into();
    let x = check_field(&e, &f, None).unwrap_err();
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("ambiguous_name", Some("service")));
    f.notice = Some("n".into());
    let c = check_field(&e, &f, None).unwrap();
    assert_eq!((c.verdict, c.notice.id.as_str(), c.service.as_str()), (FieldVerdict::Permit, "n", "Shared desk"));
    f.notice = Some("m".into());
    let c = check_field(&e, &f, None).unwrap();
    assert_eq!((c.verdict, c.notice.id.as_str(), c.notice.controller.as_str()), (FieldVerdict::Deny, "m", "D"));
    // Unclassified fields name the notice too, and still need a known service.
    f.label = Some("Favourite colour".into());
    assert_eq!(check_field(&e, &f, None).unwrap().notice.id, "m");
    f.notice = None;
    assert_eq!(check_field(&e, &f, None).unwrap_err().code, "ambiguous_name");
    f.service = "Exprots".into();
    let x = check_field(&e, &f, None).unwrap_err();
    assert_eq!((x.code.as_str(), x.suggestions.as_slice()), ("unknown_name", &["Exports".to_string()][..]));
    f.service = " ".into();
    let x = check_field(&e, &f, None).unwrap_err();
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("invalid_argument", Some("service")));
}

#[test]
fn a_form_is_checked_field_by_field_with_a_summary() {
    let e = engine();
    let schema = json(
        r#"{"type": "object", "properties": {
            "email": {"type": "string", "format": "email", "title": "Email address"},
            "phone": {"type": "string", "title": "Telephone number"},
            "health": {"type": "string", "title": "Health condition"},
            "pay": {"type": "number", "title": "Salary"},
            "home": {"type": "string", "title": "Postal address"},
            "colour": {"type": "string", "title": "Favourite colour"},
            "shade": {"type": "string"}
        }}"#,
    );
    let f = check_form(&e, &schema, "Exports", None, day("2026-11-23"), None).unwrap();
    assert_eq!(f.format, FormFormat::JsonSchema);
    assert_eq!((f.service.as_str(), f.notice.id.as_str()), ("Exports", "n"));
    assert_eq!(f.summary, Summary { permit: 2, conditional: 1, deny: 1, not_stated: 1, unclassified: 2 });
    let paths: Vec<&str> = f.fields.iter().map(|c| c.path.as_deref().unwrap()).collect();
    assert_eq!(paths, ["email", "phone", "health", "pay", "home", "colour", "shade"]);
    let email = &f.fields[0];
    assert_eq!((email.label.as_deref(), email.name.as_deref(), email.r#type.as_deref()), (Some("Email address"), Some("email"), Some("email")));
    assert_eq!(f.fields[3].r#type.as_deref(), Some("number"));
    // The form's date, else today; a shared service with its notice.
    let grade = json(r#"{"elements": [{"type": "text", "name": "g", "title": "Exam grade"}]}"#);
    assert_eq!(check_form(&e, &grade, "Exports", None, day("2026-05-31"), day("2026-07-01")).unwrap().summary.not_stated, 1);
    assert_eq!(check_form(&e, &grade, "Exports", None, None, day("2026-07-01")).unwrap().summary.permit, 1);
    let contact = json(r#"{"elements": [{"type": "text", "name": "e", "title": "Email address"}]}"#);
    let m = check_form(&e, &contact, "Shared desk", Some("m"), None, None).unwrap();
    assert_eq!((m.notice.id.as_str(), m.summary.deny), ("m", 1));
    assert_eq!(check_form(&e, &contact, "Shared desk", None, None, None).unwrap_err().code, "ambiguous_name");
    assert_eq!(check_form(&e, &contact, "Exprots", None, None, None).unwrap_err().code, "unknown_name");
    assert_eq!(check_form(&e, &json("[]"), "Exports", None, None, None).unwrap_err().code, "invalid_form");
}

#[test]
fn the_checker_answers_a_field_seen_before_from_memory() {
    let e = engine();
    let mut checker = FieldChecker::new(&e);
    let a = checker.check(&field("Email address"), None).unwrap();
    let b = checker.check(&field("Salary"), None).unwrap();
    assert!(Arc::ptr_eq(&a, &checker.check(&field("Email address"), None).unwrap()));
    assert!(Arc::ptr_eq(&b, &checker.check(&field("Salary"), None).unwrap()));
    assert_eq!(*a, check(&field("Email address")));
    // Any difference is another field: service, notice, label, name, type or date.
    let base = FieldInput { service: "Shared desk".into(), notice: Some("n".into()), label: Some("Email address".into()), name: Some("e".into()), r#type: Some("email".into()), as_of: day("2026-11-23") };
    let first = checker.check(&base, None).unwrap();
    let variants = [
        FieldInput { service: "Exports".into(), ..base.clone() },
        FieldInput { notice: Some("m".into()), ..base.clone() },
        FieldInput { label: Some("Salary".into()), ..base.clone() },
        FieldInput { name: Some("f".into()), ..base.clone() },
        FieldInput { r#type: Some("text".into()), ..base.clone() },
        FieldInput { as_of: day("2026-11-24"), ..base.clone() },
    ];
    for v in &variants {
        let c = checker.check(v, None).unwrap();
        assert!(!Arc::ptr_eq(&first, &c), "{v:?}");
        assert_eq!(*c, check_field(&e, v, None).unwrap(), "{v:?}");
    }
    assert!(Arc::ptr_eq(&first, &checker.check(&base, None).unwrap()));
    // A field without a date is remembered under the day it was checked on.
    let undated = FieldInput { as_of: None, ..field("Exam grade") };
    let before = checker.check(&undated, day("2026-05-31")).unwrap();
    let after = checker.check(&undated, day("2026-06-01")).unwrap();
    assert_eq!((before.verdict, after.verdict), (FieldVerdict::NotStated, FieldVerdict::Permit));
    assert!(Arc::ptr_eq(&before, &checker.check(&undated, day("2026-05-31")).unwrap()));
    assert!(Arc::ptr_eq(&after, &checker.check(&undated, day("2026-06-01")).unwrap()));
    // Errors are not remembered.
    assert!(checker.check(&FieldInput { service: "Nowhere".into(), ..field("Email address") }, None).is_err());
}

#[test]
fn the_checkers_memory_is_bounded() {
    let e = engine();
    let mut checker = FieldChecker::with_capacity(&e, 3);
    let fields: Vec<FieldInput> = ["Email address", "Salary", "Nickname", "Postal address"].iter().map(|l| field(l)).collect();
    let first: Vec<Arc<FieldCheck>> = fields[..3].iter().map(|f| checker.check(f, None).unwrap()).collect();
    for (f, c) in fields[..3].iter().zip(&first) {
        assert!(Arc::ptr_eq(c, &checker.check(f, None).unwrap()), "{f:?} is remembered");
    }
    // The fourth passes the capacity: the memory starts again with it.
    let fourth = checker.check(&fields[3], None).unwrap();
    assert!(Arc::ptr_eq(&fourth, &checker.check(&fields[3], None).unwrap()));
    let again = checker.check(&fields[0], None).unwrap();
    assert!(!Arc::ptr_eq(&first[0], &again));
    assert_eq!(*first[0], *again);
}

#[test]
fn json_schema_fields_in_nested_objects_refs_arrays_and_combinators() {
    let schema = json(
        r##"{
        "$defs": {"addr": {"$ref": "#/definitions/address"}},
        "definitions": {
            "address": {"type": "object", "properties": {"postcode": {"type": "string", "title": "Postcode"}}},
            "a/b": {"type": "object", "properties": {"slashed": {"type": "string"}}},
            "t~x": {"type": "object", "properties": {"tilde": {"type": "string"}}}
        },
        "type": "object",
        "properties": {
            "email": {"type": "string", "format": "email", "title": "Email address"},
            "maybe": {"type": ["null", "integer"]},
            "nulls": {"type": ["null"]},
            "untyped": {"title": "Untyped"},
            "home": {"$ref": "#/$defs/addr"},
            "s": {"$ref": "#/definitions/a~1b"},
            "t": {"$ref": "#/definitions/t~0x"},
            "children": {"type": "array", "items": {"type": "object", "properties": {"dob": {"type": "string", "title": "Date of birth"}}}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "who": {"allOf": [{"properties": {"first": {"type": "string"}}}, {"properties": {"last": {"type": "string"}}}]},
            "pick": {"anyOf": [{"properties": {"a1": {"type": "string"}}}]},
            "one": {"oneOf": [{"properties": {"o1": {"type": "string"}}}]}
        },
        "dependencies": {"email": {"properties": {"consent": {"type": "boolean", "title": "Consent"}}}, "x": ["email"]}
    }"##,
    );
    let (format, got) = fields(&schema).unwrap();
    assert_eq!(format, FormFormat::JsonSchema);
    let rows = rows(&got);
    assert_eq!(
        rows,
        [
            ("email", Some("Email address"), Some("email"), Some("email")),
            ("maybe", None, Some("maybe"), Some("integer")),
            ("nulls", None, Some("nulls"), None),
            ("untyped", Some("Untyped"), Some("untyped"), None),
            ("home.postcode", Some("Postcode"), Some("postcode"), Some("string")),
            ("s.slashed", None, Some("slashed"), Some("string")),
            ("t.tilde", None, Some("tilde"), Some("string")),
            ("children[].dob", Some("Date of birth"), Some("dob"), Some("string")),
            ("tags", None, Some("tags"), Some("array")),
            ("who.first", None, Some("first"), Some("string")),
            ("who.last", None, Some("last"), Some("string")),
            ("pick.a1", None, Some("a1"), Some("string")),
            ("one.o1", None, Some("o1"), Some("string")),
            ("consent", Some("Consent"), Some("consent"), Some("boolean")),
        ]
    );
}

#[test]
fn json_schema_with_a_ui_schema_and_its_titles() {
    for ui_key in ["uiSchema", "uischema"] {
        let form = json(&format!(
            r#"{{"schema": {{"type": "object", "properties": {{
                "a": {{"type": "string"}},
                "b": {{"type": "string", "title": "Own title"}},
                "kids": {{"type": "array", "items": {{"type": "object", "properties": {{"k": {{"type": "string"}}}}}}}}
            }}}},
            "{ui_key}": {{"a": {{"ui:title": "Email address"}}, "b": {{"ui:title": "Ignored"}}, "kids": {{"items": {{"k": {{"ui:title": "Child's name"}}}}}}}}}}"#
        ));
        let (format, got) = fields(&form).unwrap();
        assert_eq!(format, FormFormat::JsonSchema);
        let labels: Vec<(&str, Option<&str>)> = got.iter().map(|f| (f.path.as_str(), f.label.as_deref())).collect();
        assert_eq!(labels, [("a", Some("Email address")), ("b", Some("Own title")), ("kids[].k", Some("Child's name"))], "{ui_key}");
    }
    // `schema` beside `properties` is a property named schema, not a wrapper.
    let (_, got) = fields(&json(r#"{"properties": {"schema": {"type": "string"}}, "schema": {"properties": {"x": {}}}}"#)).unwrap();
    assert_eq!(got.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["schema"]);
    // A root that is only a `$schema` or a `$defs` is a schema with no fields.
    for root in [r#"{"$schema": "x"}"#, r#"{"$defs": {}}"#, r#"{"definitions": {}}"#, r#"{"type": "object"}"#, r#"{"oneOf": []}"#, r#"{"anyOf": []}"#, r#"{"allOf": []}"#] {
        assert_eq!(fields(&json(root)).unwrap(), (FormFormat::JsonSchema, vec![]), "{root}");
    }
}

#[test]
fn a_json_schema_with_elements_and_properties_is_a_json_schema() {
    let (format, got) = fields(&json(r#"{"properties": {"elements": {"type": "string"}}, "elements": [{"name": "x"}]}"#)).unwrap();
    assert_eq!(format, FormFormat::JsonSchema);
    assert_eq!(got[0].path, "elements");
}

#[test]
fn surveyjs_fields_in_pages_panels_and_dynamic_panels() {
    let survey = json(
        r#"{"pages": [
            {"name": "p1", "elements": [
                {"type": "text", "name": "email", "title": "E-mail", "inputType": "email"},
                {"type": "html", "name": "intro"},
                {"type": "image", "name": "logo"},
                {"type": "panel", "name": "you", "elements": [{"type": "text", "name": "dob", "title": {"default": "Date of birth", "cy": "Dyddiad geni"}}]},
                {"type": "paneldynamic", "name": "kids", "templateElements": [{"type": "comment", "name": "about", "title": {"cy": "Amdanoch", "en": "About"}}]},
                {"type": "panel", "name": "empty"},
                {"type": "paneldynamic", "name": "none"}
            ]},
            {"elements": [
                {"type": "text", "name": "q", "title": {"cy": "Cwestiwn"}},
                {"type": "text", "name": "n", "title": 3},
                {"type": "panel", "elements": [{"name": "untyped"}]}
            ]},
            {"name": "blank"}
        ],
        "elements": [{"type": "boolean", "name": "top"}]}"#,
    );
    let (format, got) = fields(&survey).unwrap();
    assert_eq!(format, FormFormat::SurveyJs);
    let rows = rows(&got);
    assert_eq!(
        rows,
        [
            ("p1.email", Some("E-mail"), Some("email"), Some("email")),
            ("p1.you.dob", Some("Date of birth"), Some("dob"), Some("text")),
            ("p1.kids[].about", Some("About"), Some("about"), Some("comment")),
            ("pages[1].q", Some("Cwestiwn"), Some("q"), Some("text")),
            ("pages[1].n", None, Some("n"), Some("text")),
            ("pages[1].pages[1][2].untyped", None, Some("untyped"), None),
            ("top", None, Some("top"), Some("boolean")),
        ]
    );
}

#[test]
fn malformed_definitions_are_errors_naming_where() {
    let cases: &[(&str, &str)] = &[
        ("3", "a form definition must be a JSON object (a JSON Schema or a SurveyJS survey), found a number"),
        ("true", "found a boolean"),
        ("null", "found null"),
        (r#""form""#, "found a string"),
        ("-2", "found a number"),
        ("1.5", "found a number"),
        ("[1]", "found an array"),
        (r#"{"pages": 3}"#, "pages: `pages` must be an array, found a number"),
        (r#"{"pages": {}}"#, "found an object"),
        (r#"{"pages": [1]}"#, "pages[0]: a page must be an object, found a number"),
        (r#"{"pages": [{"elements": "x"}]}"#, "pages[0]: `elements` must be an array, found a string"),
        (r#"{"elements": [false]}"#, "elements[0]: an element must be an object, found a boolean"),
        (r#"{"elements": [{"type": "text"}]}"#, "elements[0]: a question element needs a `name`"),
        (r#"{"elements": [{"type": "html", "name": "h"}, {"type": "panel", "elements": [{"type": "text"}]}]}"#, "elements[1].elements[0]: a question element needs a `name`"),
        (r#"{"elements": [{"type": "paneldynamic", "templateElements": [{}]}]}"#, "elements[0].templateElements[0]: a question element needs a `name`"),
        (r#"{"nothing": true}"#, "not a form definition this binding reads"),
        (r#"{"schema": 3}"#, "not a form definition this binding reads"),
        (r#"{"properties": []}"#, "`properties` must be an object, found an array"),
        (r#"{"properties": {"a": 1}}"#, "a: a property's schema must be an object, found a number"),
        (r##"{"properties": {"a": {"$ref": "#/nowhere"}}}"##, "a: `$ref` \"#/nowhere\" points to nothing"),
        (r##"{"properties": {"a": {"$ref": "http://x/y"}}}"##, "a: only local `$ref`s"),
        (r##"{"properties": {"a": {"$ref": 7}}}"##, "only local `$ref`s"),
        (r##"{"definitions": {"l": {"$ref": "#/definitions/l"}}, "properties": {"a": {"$ref": "#/definitions/l"}}}"##, "a: `$ref`s loop"),
        (r#"{"properties": {"a": {"properties": {"b": {"allOf": {}}}}}}"#, "a.b: `allOf` must be an array"),
        (r#"{"anyOf": [3]}"#, "each of `anyOf` must be a schema object"),
        (r#"{"oneOf": 3}"#, "`oneOf` must be an array"),
    ];
    for (text, message) in cases {
        let e = form_error(text);
        assert_eq!((e.code.as_str(), e.field.as_deref()), ("invalid_form", Some("definition")), "{text}");
        assert!(e.message.contains(message), "{text}: {}", e.message);
    }
    // A root-level error has no path in front of it.
    assert!(form_error("3").message.starts_with("a form definition"));
    assert!(form_error(r#"{"nothing": 1}"#).message.starts_with("not a form"));
}

fn object(members: Vec<(&str, Value)>) -> Value {
    Value::Object(Map(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

fn string_leaf() -> Value {
    object(vec![("type", Value::String("string".into()))])
}

/// `levels` schemas nested inside one another, each a property `p` of the one above (built
/// as values: serde_json refuses JSON text nested this deep before the reader sees it, but a
/// binding hands over values it built itself).
fn nested_schema(levels: usize) -> Value {
    (0..levels).fold(string_leaf(), |inner, _| object(vec![("properties", object(vec![("p", inner)]))]))
}

/// `levels` panels nested inside one another.
fn nested_survey(levels: usize) -> Value {
    let question = object(vec![("type", Value::String("text".into())), ("name", Value::String("q".into()))]);
    let panel = (0..levels).fold(question, |inner, _| object(vec![("type", Value::String("panel".into())), ("name", Value::String("p".into())), ("elements", Value::Array(vec![inner]))]));
    object(vec![("elements", Value::Array(vec![panel]))])
}

fn too_deep(v: &Value) -> bool {
    match fields(v) {
        Ok(_) => false,
        Err(e) => {
            assert!(e.message.contains("nested too deeply"), "{}", e.message);
            true
        }
    }
}

#[test]
fn nesting_is_read_to_64_levels_and_refused_beyond() {
    let (_, got) = fields(&nested_schema(65)).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path.matches('p').count(), 65);
    assert!(too_deep(&nested_schema(66)));
    let (_, got) = fields(&nested_survey(64)).unwrap();
    assert_eq!(got.len(), 1);
    assert!(too_deep(&nested_survey(65)));
    // Arrays of objects, combinators, dependencies and dynamic panels count as levels.
    let arrays = (0..40).fold(string_leaf(), |inner, _| object(vec![("type", Value::String("array".into())), ("items", object(vec![("properties", object(vec![("p", inner)]))]))]));
    assert!(too_deep(&object(vec![("properties", object(vec![("p", arrays)]))])));
    let leaf = object(vec![("properties", object(vec![("leaf", string_leaf())]))]);
    let all_of = (0..70).fold(leaf.clone(), |inner, _| object(vec![("allOf", Value::Array(vec![inner]))]));
    assert!(too_deep(&all_of));
    let deps = (0..70).fold(leaf, |inner, _| object(vec![("dependencies", object(vec![("x", inner)]))]));
    assert!(too_deep(&object(vec![("type", Value::String("object".into())), ("dependencies", object(vec![("y", deps)]))])));
    let question = object(vec![("type", Value::String("text".into())), ("name", Value::String("q".into()))]);
    let dynamic = (0..70).fold(question, |inner, _| object(vec![("type", Value::String("paneldynamic".into())), ("name", Value::String("d".into())), ("templateElements", Value::Array(vec![inner]))]));
    assert!(too_deep(&object(vec![("elements", Value::Array(vec![dynamic]))])));
    // The same shapes at a depth the reader takes.
    let arrays = (0..20).fold(string_leaf(), |inner, _| object(vec![("type", Value::String("array".into())), ("items", object(vec![("properties", object(vec![("p", inner)]))]))]));
    let (_, got) = fields(&object(vec![("properties", object(vec![("p", arrays)]))])).unwrap();
    assert_eq!(got[0].path.matches("[]").count(), 20);
}
