//! Retention dates and rights, on a small test notice over the built-in law data.

use noticegate::Engine;
use serde_json::Value;

fn engine() -> Engine {
    let mut sources = Engine::builtin_sources();
    sources.notice_texts.clear(); // the test notice has no text to check quotes against
    sources.add(
        "notices/test_retention.toml",
        r#"
[notice]
id = "test_retention"
title = "Retention test notice"
controller = "Test"
role = "controller"
source = "test.txt"
regime = "UK GDPR"

[[record]]
id = "t.child_file"
label = "Child's file"

[[record]]
id = "t.carer_file"
label = "Carer's file"

[[record]]
id = "t.archive"
label = "Archive"

[[record]]
id = "t.call"
label = "Call recording"

[[fact]]
id = "t.last_contact"
label = "Last contact"
type = "date"

[[fact]]
id = "t.date_of_death"
label = "Date of death"
type = "date"

[[fact]]
id = "t.date_of_birth"
label = "Date of birth"
type = "date"

[[fact]]
id = "t.call_date"
label = "Date of the call"
type = "date"

[[fact]]
id = "t.statistics"
label = "Statistical processing"
type = "bool"

[[activity]]
id = "t.service"
label = "Test service"

[[activity.basis]]
basis = "public task"
section = "S"
quote = "public task"

[[retention]]
id = "t.keep.child"
records = ["t.child_file"]
periods = [{ years = 25, after = "t.date_of_birth" }]
section = "S"
quote = "Until the 25th birthday"

[[retention]]
id = "t.keep.carer"
records = ["t.carer_file"]
periods = [{ years = 10, after = "t.last_contact" }, { years = 2, after = "t.date_of_death" }]
combine = "either"
section = "S"
quote = "Last contact + 10 years, or date of death + 2 years"

[[retention]]
id = "t.keep.archive"
records = ["t.archive"]
schedule = "AS1"
section = "S"
quote = "see retention schedule AS1"

[[retention]]
id = "t.keep.call"
records = ["t.call"]
periods = [{ months = 6, after = "t.call_date" }]
section = "S"
quote = "Call recordings are kept for a maximum of 6 months"

[[rule]]
id = "t.rights.no_objection_to_statistics"
action = "rights"
effect = "deny"
activities = ["t.service"]
rights = ["object"]
when = { "t.statistics" = true }
section = "S"
quote = "you cannot object to statistical processing"
"#,
    );
    Engine::load(&sources).unwrap_or_else(|e| panic!("{e}"))
}

fn ask(engine: &Engine, question: &str) -> Value {
    serde_json::from_str(&engine.ask_json(question)).unwrap()
}

fn retention(e: &Engine, record: &str, facts: &str) -> Value {
    ask(e, &format!(r#"{{"ask":"retention","notice":"test_retention","service":"Test service","record":"{record}","as_of":"2026-11-23","facts":{{{facts}}}}}"#))
}

#[test]
fn a_leap_day_birth_is_kept_until_28_february_when_the_25th_birthday_has_none() {
    let e = engine();
    let d = retention(&e, "Child's file", r#""t.date_of_birth":"2008-02-29""#);
    assert_eq!(d["verdict"], "permit", "{d}");
    assert_eq!(d["disposal_date"], "2033-02-28");
    assert_eq!(d["reasons"][0]["rule"], "t.keep.child");
    assert_eq!(retention(&e, "Child's file", r#""t.date_of_birth":"2004-02-29""#)["disposal_date"], "2029-02-28");
    assert_eq!(retention(&e, "Child's file", r#""t.date_of_birth":"2007-02-28""#)["disposal_date"], "2032-02-28");
}

#[test]
fn six_months_from_a_month_end_lands_on_the_month_end() {
    let e = engine();
    assert_eq!(retention(&e, "Call recording", r#""t.call_date":"2023-08-31""#)["disposal_date"], "2024-02-29");
    assert_eq!(retention(&e, "Call recording", r#""t.call_date":"2025-08-31""#)["disposal_date"], "2026-02-28");
    assert_eq!(retention(&e, "Call recording", r#""t.call_date":"2025-03-15""#)["disposal_date"], "2025-09-15");
}

#[test]
fn a_missing_date_is_an_error_naming_it() {
    let e = engine();
    let d = retention(&e, "Call recording", "");
    assert_eq!(d["error"]["code"], "missing_field");
    assert_eq!(d["error"]["field"], "facts.t.call_date");
    assert!(d.get("verdict").is_none());
}

#[test]
fn either_or_rules_return_both_dates_and_say_which_applies() {
    let e = engine();
    let one = retention(&e, "Carer's file", r#""t.last_contact":"2020-05-01""#);
    assert_eq!(one["disposal_date"], "2030-05-01");
    assert_eq!(one["disposal_dates"].as_array().unwrap().len(), 1);
    assert_eq!(one["disposal_dates"][0]["applies"], true);
    let both = retention(&e, "Carer's file", r#""t.last_contact":"2020-05-01","t.date_of_death":"2021-01-31""#);
    assert_eq!(both["verdict"], "permit");
    assert!(both.get("disposal_date").is_none(), "{both}");
    let dates: Vec<&str> = both["disposal_dates"].as_array().unwrap().iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2030-05-01", "2023-01-31"]);
    assert!(both["notes"][0].as_str().unwrap().contains("does not say which applies"));
    let none = retention(&e, "Carer's file", "");
    assert_eq!(none["error"]["code"], "missing_field");
    assert!(none["error"]["message"].as_str().unwrap().contains("t.last_contact or t.date_of_death"));
}

#[test]
fn a_schedule_named_by_reference_gives_no_invented_period() {
    let e = engine();
    let d = retention(&e, "Archive", "");
    assert_eq!(d["verdict"], "not_stated");
    assert_eq!(d["schedule"], "AS1");
    assert!(d.get("disposal_date").is_none());
    assert_eq!(d["reasons"][0]["quote"], "see retention schedule AS1");
}

#[test]
fn rights_follow_the_basis_unless_the_notice_limits_them() {
    let e = engine();
    let right = |name: &str, facts: &str| {
        ask(&e, &format!(r#"{{"ask":"rights","notice":"test_retention","service":"Test service","right":"{name}","as_of":"2026-11-23","facts":{{{facts}}}}}"#))
    };
    // Public task: objection yes, erasure and portability no.
    assert_eq!(right("object", r#""t.statistics":false"#)["verdict"], "permit");
    assert_eq!(right("erasure", "")["verdict"], "deny");
    assert_eq!(right("portability", "")["verdict"], "deny");
    assert_eq!(right("access", "")["verdict"], "permit");
    // The notice's limit decides before the law.
    let limited = right("object", r#""t.statistics":true"#);
    assert_eq!(limited["verdict"], "deny");
    assert_eq!(limited["reasons"][0]["rule"], "t.rights.no_objection_to_statistics");
    // Every right at once.
    let all = ask(&e, r#"{"ask":"rights","notice":"test_retention","service":"Test service","as_of":"2026-11-23","facts":{"t.statistics":false}}"#);
    let rights = all["rights"].as_array().unwrap();
    assert!(rights.len() >= 10);
    let verdict = |id: &str| rights.iter().find(|r| r["id"] == id).unwrap()["verdict"].clone();
    assert_eq!(verdict("withdraw_consent"), "deny");
    assert_eq!(verdict("object"), "permit");
}
