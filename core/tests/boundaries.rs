//! Every kind of condition on both sides of its boundary, and unknown, for every question kind
//! that tests conditions (share, collect, use, transfer, automated_decision, rights), under a
//! permit, a deny and a limit; rights limits with unknown facts; rule, basis and mechanism
//! date windows on their first and last days; retention at month ends and leap days.
//!
//! The policy set is written here (like `semantics.rs`), so these cases pin the engine, not
//! the built-in policies. Every JSON answer is also checked against the typed path
//! (`Engine::decide`) and, for questions that resolve to a cell, the hot path
//! (`Engine::verdict`), so the three cannot drift apart.

use noticegate::{parse_question, Ask, Engine, PolicySources};
use serde_json::{json, Value};

const VOCABULARY: &str = r#"
[[category]]
id = "contact"
label = "Contact details"

[[category]]
id = "contact.email"
label = "Email address"
parent = "contact"

[[category]]
id = "health"
label = "Health data"
special_category = true

[[category]]
id = "other"
label = "Other data"

[[recipient]]
id = "processor"
label = "Processors"

[[recipient]]
id = "processor.mailer"
label = "Mailer"
parent = "processor"
located_in = "us"

[[recipient]]
id = "press"
label = "Press"

[[purpose]]
id = "research"
label = "Research"

[[purpose]]
id = "research.stats"
label = "Statistics"
parent = "research"

[[purpose]]
id = "marketing"
label = "Marketing"

[[basis]]
id = "consent"
label = "Consent basis"
article = "6"

[[basis]]
id = "public_task"
label = "Public task basis"
article = "6"

[[basis]]
id = "recognised"
label = "Recognised legitimate interests"
article = "6"
valid_from = 2026-02-05

[[basis]]
id = "retired"
label = "Retired basis"
article = "6"
valid_from = 2020-01-01
valid_until = 2025-01-01

[[basis]]
id = "art9_explicit"
label = "Explicit consent (Article 9)"
article = "9"

[[fact]]
id = "dpa"
label = "Processing agreement"
type = "bool"
description = "a processing agreement is in place"
negation = "no processing agreement is in place"

[[fact]]
id = "consent"
label = "Consent"
type = "enum"
values = ["given", "explicit", "not_given", "withdrawn"]

[[fact]]
id = "age"
label = "Age"
type = "number"

[[fact]]
id = "certified"
label = "Certified"
type = "bool"

[[fact]]
id = "sccs"
label = "Contract clauses"
type = "bool"

[[fact]]
id = "dob"
label = "Date of birth"
type = "date"

[[fact]]
id = "death"
label = "Date of death"
type = "date"

[[fact]]
id = "last_contact"
label = "Last contact"
type = "date"

[[record]]
id = "file"
label = "File"

[[record]]
id = "file.child"
label = "Child's file"
parent = "file"

[[record]]
id = "call"
label = "Call recording"

[[record]]
id = "letter"
label = "Letter"

[[record]]
id = "both_late"
label = "Both late"

[[record]]
id = "both_early"
label = "Both early"

[[record]]
id = "three"
label = "Three periods"

[[record]]
id = "both_either"
label = "Both either"

[[record]]
id = "mixed"
label = "Mixed period"

[[record]]
id = "nextday"
label = "Next day"

[[record]]
id = "millennium"
label = "Millennium"
"#;

const LAW: &str = r#"
[[country]]
id = "uk"
label = "United Kingdom"

[[country]]
id = "eea"
label = "European Economic Area"

[[country]]
id = "fr"
label = "France"
parent = "eea"

[[country]]
id = "us"
label = "United States"

[[country]]
id = "in"
label = "India"

[[mechanism]]
id = "domestic"
label = "Within the UK"
legal_source = "Test law: domestic"
article = "none"
countries = ["uk"]

[[mechanism]]
id = "eea_adequacy"
label = "EEA adequacy"
legal_source = "Test law: eea_adequacy"
article = "45"
countries = ["eea"]
valid_from = 2021-01-01

[[mechanism]]
id = "bridge"
label = "Data bridge"
legal_source = "Test law: bridge"
article = "45"
countries = ["us"]
requires = { certified = true }
valid_from = 2023-10-12

[[mechanism]]
id = "clauses"
label = "Old clauses"
legal_source = "Test law: clauses"
article = "46"
countries = ["us", "in"]
requires = { sccs = true }
valid_from = 2018-05-25
valid_until = 2024-03-21

[[right]]
id = "access"
label = "Right of access"

[[right]]
id = "erasure"
label = "Right to erasure"
applies_under = ["consent"]

[[right]]
id = "object"
label = "Right to object"
applies_under = ["public_task"]
"#;

const QUOTE: &str = "We say so.";

/// The kinds of condition: (name, `when`, values that satisfy it, values that do not, the
/// obligation's `expect` when it must hold, and when it must fail).
struct Kind {
    name: &'static str,
    when: &'static str,
    fact: &'static str,
    holds: &'static [&'static str],
    fails: &'static [&'static str],
}

const KINDS: &[Kind] = &[
    Kind { name: "bool_true", when: "{ dpa = true }", fact: "dpa", holds: &["true"], fails: &["false"] },
    Kind { name: "bool_false", when: "{ dpa = false }", fact: "dpa", holds: &["false"], fails: &["true"] },
    Kind {
        name: "enum_one",
        when: r#"{ consent = "explicit" }"#,
        fact: "consent",
        holds: &[r#""explicit""#],
        fails: &[r#""given""#, r#""not_given""#, r#""withdrawn""#],
    },
    Kind {
        name: "enum_list",
        when: r#"{ consent = ["given", "explicit"] }"#,
        fact: "consent",
        holds: &[r#""given""#, r#""explicit""#],
        fails: &[r#""not_given""#, r#""withdrawn""#],
    },
    Kind { name: "at_least", when: "{ age = { at_least = 18 } }", fact: "age", holds: &["18", "18.5", "120"], fails: &["17.99", "17", "0"] },
    Kind { name: "at_most", when: "{ age = { at_most = 64 } }", fact: "age", holds: &["64", "63.5", "0"], fails: &["64.01", "65", "200"] },
];

/// The obligation's `expect` for a kind: what the caller must make true for a permit when
/// the condition must hold (`positive`) or must fail.
fn expect(kind: &str, positive: bool) -> Value {
    match (kind, positive) {
        ("bool_true", p) => json!(p),
        ("bool_false", p) => json!(!p),
        ("enum_one", true) => json!(["explicit"]),
        ("enum_one", false) => json!(["given", "not_given", "withdrawn"]),
        ("enum_list", true) => json!(["given", "explicit"]),
        ("enum_list", false) => json!(["not_given", "withdrawn"]),
        ("at_least", true) => json!({ "at_least": 18 }),
        ("at_least", false) => json!({ "at_most": 17 }),
        ("at_most", true) => json!({ "at_most": 64 }),
        ("at_most", false) => json!({ "at_least": 65 }),
        _ => unreachable!(),
    }
}

/// Question kinds that test conditions: (ask, the rule's scope keys, the question's fields).
const ACTIONS: &[(&str, &str, &str)] = &[
    ("share", r#"categories = ["contact"]
recipients = ["processor"]"#, r#""category":"Email address","recipient":"Mailer""#),
    ("collect", r#"categories = ["contact"]"#, r#""category":"Email address""#),
    ("use", r#"categories = ["contact"]
purposes = ["research"]"#, r#""category":"Email address","purpose":"Statistics""#),
    ("transfer", r#"categories = ["contact"]
countries = ["uk"]"#, r#""category":"Email address","country":"UK""#),
    ("automated_decision", r#"categories = ["contact"]"#, r#""category":"Email address""#),
    // Rights rules name no category, and rights questions none: the law's default for erasure
    // under the public task is "does not apply", so a notice's silence reads as deny here.
    ("rights", r#"rights = ["erasure"]"#, r#""right":"erasure""#),
];

const EFFECTS: &[&str] = &["permit", "deny", "limit"];

fn activity(kind: &str, effect: &str) -> String {
    format!("k_{kind}_{effect}")
}

/// A notice with one service per (kind of condition, effect): each holds, for every question
/// kind, the conditional rule, and for a deny or limit an unconditional permit beside it.
fn matrix_notice() -> String {
    let mut out = String::from(
        r#"
[notice]
id = "t"
title = "Test notice"
controller = "C"
role = "controller"
source = "t.txt"
regime = "UK GDPR"
"#,
    );
    for kind in KINDS {
        for effect in EFFECTS {
            let a = activity(kind.name, effect);
            out.push_str(&format!(
                "\n[[activity]]\nid = \"{a}\"\nlabel = \"{a}\"\n\n[[activity.basis]]\nbasis = \"public_task\"\nsection = \"S\"\nquote = \"{QUOTE}\"\n"
            ));
            for (ask, scope, _) in ACTIONS {
                out.push_str(&format!(
                    "\n[[rule]]\nid = \"{a}.{ask}\"\naction = \"{ask}\"\neffect = \"{effect}\"\nactivities = [\"{a}\"]\n{scope}\nwhen = {}\nsection = \"S\"\nquote = \"{QUOTE}\"\n",
                    kind.when
                ));
                if *effect != "permit" {
                    out.push_str(&format!(
                        "\n[[rule]]\nid = \"{a}.{ask}.base\"\naction = \"{ask}\"\neffect = \"permit\"\nactivities = [\"{a}\"]\n{scope}\nsection = \"S\"\nquote = \"{QUOTE}\"\n"
                    ));
                }
            }
        }
    }
    out
}

const NOTICE_U: &str = r#"
[notice]
id = "u"
title = "Other notice"
controller = "C"
role = "controller"
source = "u.txt"
regime = "UK GDPR"

[[activity]]
id = "dated"
label = "Dated service"

[[activity.basis]]
basis = "consent"
categories = ["contact"]
section = "S"
quote = "We say so."

[[activity.basis]]
basis = "recognised"
categories = ["contact"]
section = "S"
quote = "We say so."

[[activity.basis]]
basis = "retired"
categories = ["contact"]
section = "S"
quote = "We say so."

[[activity.basis]]
basis = "public_task"
categories = ["health"]
section = "S"
quote = "We say so."

[[rule]]
id = "u.share.window"
action = "share"
effect = "permit"
activities = ["dated"]
categories = ["contact"]
valid_from = 2024-01-01
valid_until = 2025-01-01
section = "S"
quote = "We say so."

[[rule]]
id = "u.collect.own_basis"
action = "collect"
effect = "permit"
activities = ["dated"]
categories = ["health"]
bases = ["art9_explicit", "art9_explicit"]
section = "S"
quote = "We say so."

[[rule]]
id = "u.collect.contact"
action = "collect"
effect = "permit"
activities = ["dated"]
categories = ["contact"]
section = "S"
quote = "We say so."

[[rule]]
id = "u.use.deny_window"
action = "use"
effect = "deny"
activities = ["dated"]
purposes = ["marketing"]
valid_from = 2024-01-01
valid_until = 2025-01-01
section = "S"
quote = "We say so."

[[rule]]
id = "u.use.marketing"
action = "use"
effect = "permit"
activities = ["dated"]
categories = ["contact"]
purposes = ["marketing"]
section = "S"
quote = "We say so."

[[rule]]
id = "u.collect.other_on_consent"
action = "collect"
effect = "permit"
activities = ["dated"]
categories = ["other"]
bases = ["consent"]
section = "S"
quote = "We say so."

[[rule]]
id = "u.automated.notice_wide"
action = "automated_decision"
effect = "permit"
section = "S"
quote = "We say so."

[[activity]]
id = "abroad"
label = "Abroad service"

[[rule]]
id = "u.transfer.any"
action = "transfer"
effect = "permit"
activities = ["abroad"]
section = "S"
quote = "We say so."

[[activity]]
id = "agreed"
label = "Agreed service"

[[rule]]
id = "u.transfer.with_agreement"
action = "transfer"
effect = "permit"
activities = ["agreed"]
when = { dpa = true }
section = "S"
quote = "We say so."

[[activity]]
id = "adequate"
label = "Adequate service"

[[rule]]
id = "u.transfer.adequate"
action = "transfer"
effect = "permit"
activities = ["adequate"]
mechanisms = ["domestic", "eea_adequacy", "bridge", "bridge"]
section = "S"
quote = "We say so."

[[activity]]
id = "processors_abroad"
label = "Processors abroad"

[[rule]]
id = "u.transfer.processors"
action = "transfer"
effect = "permit"
activities = ["processors_abroad"]
recipients = ["processor"]
section = "S"
quote = "We say so."

[[activity]]
id = "limited_rights"
label = "Limited rights"

[[activity.basis]]
basis = "public_task"
section = "S"
quote = "We say so."

[[rule]]
id = "u.rights.limit_access"
action = "rights"
effect = "limit"
activities = ["limited_rights"]
rights = ["access", "erasure"]
when = { dpa = true, age = { at_least = 18 } }
section = "S"
quote = "We say so."

[[rule]]
id = "u.rights.deny_object"
action = "rights"
effect = "deny"
activities = ["limited_rights"]
rights = ["object"]
when = { consent = "withdrawn" }
section = "S"
quote = "We say so."

[[activity]]
id = "keeper"
label = "Keeper"

[[retention]]
id = "u.keep.file"
activities = ["keeper"]
records = ["file"]
periods = [{ years = 1, after = "dob" }]
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.default"
records = ["file"]
periods = [{ years = 7, after = "dob" }]
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.any_record"
activities = ["keeper"]
periods = [{ years = 2, after = "last_contact" }]
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.either"
activities = ["keeper"]
records = ["both_either"]
periods = [{ years = 1, after = "dob" }, { months = 6, after = "last_contact" }]
combine = "either"
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.three"
activities = ["keeper"]
records = ["three"]
periods = [{ years = 1, after = "dob" }, { months = 6, after = "last_contact" }, { years = 2, after = "death" }]
combine = "either"
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.call"
activities = ["keeper"]
records = ["call"]
periods = [{ months = 6, after = "last_contact" }]
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.letter"
activities = ["keeper"]
records = ["letter"]
periods = [{ months = 1, after = "last_contact" }]
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.both_late"
activities = ["keeper"]
records = ["both_late"]
periods = [{ years = 1, after = "dob" }, { months = 6, after = "last_contact" }]
combine = "latest"
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.both_early"
activities = ["keeper"]
records = ["both_early"]
periods = [{ years = 1, after = "dob" }, { months = 6, after = "last_contact" }]
combine = "earliest"
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.mixed"
activities = ["keeper"]
records = ["mixed"]
periods = [{ years = 1, months = 1, days = 1, after = "last_contact" }]
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.nextday"
activities = ["keeper"]
records = ["nextday"]
periods = [{ days = 1, after = "last_contact" }]
section = "S"
quote = "We say so."

[[retention]]
id = "u.keep.millennium"
activities = ["keeper"]
records = ["millennium"]
periods = [{ years = 1000, after = "dob" }]
section = "S"
quote = "We say so."
"#;

fn engine() -> Engine {
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", VOCABULARY);
    sources.add("law/law.toml", LAW);
    sources.add("notices/t.toml", matrix_notice());
    sources.add("notices/u.toml", NOTICE_U);
    sources.add("sources/t.txt", QUOTE);
    sources.add("sources/u.txt", QUOTE);
    Engine::load(&sources).unwrap_or_else(|e| panic!("the fixture loads: {e}"))
}

/// Asks a JSON question; checks that the typed path gives the same decision and, for
/// questions that resolve to a cell, that the hot path gives the same verdict.
fn ask(e: &Engine, line: &str) -> Value {
    let answer: Value = serde_json::from_str(&e.ask_json(line)).expect("JSON");
    let Ok(q) = parse_question(line) else {
        assert!(answer.get("error").is_some(), "a question that does not parse gets an error: {answer}");
        return answer;
    };
    // A question survives its own JSON and owning its strings.
    assert_eq!(parse_question(&q.to_json()).map_err(|_| ()), Ok(q.clone()), "to_json of {line}");
    assert_eq!(q.clone().into_owned(), q, "into_owned of {line}");
    let typed = match e.decide(&q) {
        Ok(d) => serde_json::to_value(d).unwrap(),
        Err(err) => json!({ "error": serde_json::to_value(err).unwrap() }),
    };
    assert_eq!(typed, answer, "typed and JSON paths differ on {line}");
    if !matches!(q.ask, Some(Ask::Retention | Ask::Rights)) {
        if let Ok(r) = e.resolve(&q) {
            assert_eq!(json!(e.verdict(&r).name()), answer["verdict"], "hot path differs on {line}");
        }
    }
    answer
}

fn rules(answer: &Value) -> Vec<String> {
    answer["reasons"].as_array().unwrap_or_else(|| panic!("reasons: {answer}")).iter().map(|r| r["rule"].as_str().unwrap().to_string()).collect()
}

fn obligations(answer: &Value) -> Vec<(String, Value)> {
    answer["obligations"].as_array().unwrap().iter().map(|o| (o["fact"].as_str().unwrap().to_string(), o["expect"].clone())).collect()
}

fn matrix_question(ask_kind: &str, fields: &str, service: &str, facts: &str) -> String {
    format!(r#"{{"ask":"{ask_kind}","notice":"t","service":"{service}",{fields},"as_of":"2026-01-01","facts":{{{facts}}}}}"#)
}

#[test]
fn every_condition_kind_under_every_effect_for_every_question_kind() {
    let e = engine();
    let mut checked = 0;
    for kind in KINDS {
        for effect in EFFECTS {
            let a = activity(kind.name, effect);
            for (ask_kind, _, fields) in ACTIONS {
                let rule = format!("{a}.{ask_kind}");
                let base = format!("{a}.{ask_kind}.base");
                let q = |facts: &str| ask(&e, &matrix_question(ask_kind, fields, &a, facts));
                let context = format!("{ask_kind} {effect} {}", kind.name);
                for value in kind.holds {
                    let answer = q(&format!(r#""{}":{value}"#, kind.fact));
                    let (verdict, cited) = match *effect {
                        "permit" => ("permit", vec![rule.clone()]),
                        "deny" => ("deny", vec![rule.clone()]),
                        _ => ("permit", vec![base.clone()]),
                    };
                    assert_eq!((answer["verdict"].as_str().unwrap(), rules(&answer)), (verdict, cited), "{context}: {value} holds: {answer}");
                    assert_eq!(obligations(&answer), vec![], "{context}");
                    checked += 1;
                }
                for value in kind.fails {
                    let answer = q(&format!(r#""{}":{value}"#, kind.fact));
                    let (verdict, cited) = match (*effect, *ask_kind) {
                        // A permit whose condition fails does not apply: the notice is silent
                        // (for rights, the law then denies erasure under the public task).
                        ("permit", "rights") => ("deny", vec![]),
                        ("permit", _) => ("not_stated", vec![]),
                        ("deny", _) => ("permit", vec![base.clone()]),
                        _ => ("deny", vec![rule.clone()]),
                    };
                    assert_eq!((answer["verdict"].as_str().unwrap(), rules(&answer)), (verdict, cited), "{context}: {value} fails: {answer}");
                    if verdict == "not_stated" {
                        let note = answer["notes"][0].as_str().unwrap();
                        assert!(note.starts_with("Rules of \"Test notice\" cover ") && note.ends_with(&format!("but their conditions do not hold: {rule}.")), "{context}: {note}");
                        assert_eq!(answer["notes"].as_array().unwrap().len(), 1, "{context}: {answer}");
                    }
                    checked += 1;
                }
                // Unknown: conditional on the one test that makes every case a permit.
                let answer = q("");
                assert_eq!(answer["verdict"], "conditional", "{context} unknown: {answer}");
                let positive = *effect != "deny";
                assert_eq!(obligations(&answer), vec![(kind.fact.to_string(), expect(kind.name, positive))], "{context} unknown: {answer}");
                let cited = if *effect == "permit" { vec![rule.clone()] } else { vec![base.clone(), rule.clone()] };
                assert_eq!(rules(&answer), cited, "{context} unknown");
                if *ask_kind == "transfer" {
                    assert_eq!(answer["mechanism"]["id"], "domestic", "{context}");
                }
                checked += 1;
            }
        }
    }
    let expected: usize = KINDS.iter().map(|k| k.holds.len() + k.fails.len() + 1).sum::<usize>() * EFFECTS.len() * ACTIONS.len();
    assert_eq!(checked, expected, "cases run");
}

#[test]
fn a_rule_holds_from_its_first_day_and_not_on_its_valid_until() {
    let e = engine();
    let share = |date: &str| {
        ask(&e, &format!(r#"{{"ask":"share","notice":"u","service":"Dated service","category":"Email address","recipient":"Press","as_of":"{date}"}}"#))["verdict"].clone()
    };
    assert_eq!(share("2023-12-31"), "not_stated");
    assert_eq!(share("2024-01-01"), "permit");
    assert_eq!(share("2024-12-31"), "permit");
    assert_eq!(share("2025-01-01"), "not_stated");
    // A deny with a window: in force, it holds against the permit; before and after, the permit decides.
    let use_ = |date: &str| {
        ask(&e, &format!(r#"{{"ask":"use","notice":"u","service":"Dated service","category":"Email address","purpose":"Marketing","as_of":"{date}"}}"#))
    };
    assert_eq!(rules(&use_("2023-12-31")), ["u.use.marketing"]);
    assert_eq!(use_("2023-12-31")["verdict"], "permit");
    assert_eq!(use_("2024-01-01")["verdict"], "deny");
    assert_eq!(rules(&use_("2024-12-31")), ["u.use.deny_window"]);
    assert_eq!(use_("2025-01-01")["verdict"], "permit");
}

#[test]
fn a_basis_counts_from_the_day_it_exists_and_only_where_the_notice_names_it() {
    let e = engine();
    let collect = |category: &str, basis: &str, date: &str| {
        ask(&e, &format!(r#"{{"ask":"collect","notice":"u","service":"Dated service","category":"{category}","basis":"{basis}","as_of":"{date}"}}"#))
    };
    let before = collect("Email address", "recognised", "2026-02-04");
    assert_eq!(before["verdict"], "not_stated");
    assert!(before["notes"][0].as_str().unwrap().contains("is not a lawful basis on 2026-02-04"), "{before}");
    let on = collect("Email address", "recognised", "2026-02-05");
    assert_eq!(on["verdict"], "permit", "{on}");
    assert_eq!(
        on["bases"],
        json!([{"id": "consent", "label": "Consent basis"}, {"id": "recognised", "label": "Recognised legitimate interests"}, {"id": "retired", "label": "Retired basis"}])
    );
    assert_eq!(collect("Email address", "consent", "2020-01-01")["verdict"], "permit");
    // A basis the law ended: in force on its last day, not on its valid_until.
    assert_eq!(collect("Email address", "retired", "2019-12-31")["verdict"], "not_stated");
    assert_eq!(collect("Email address", "retired", "2020-01-01")["verdict"], "permit");
    assert_eq!(collect("Email address", "retired", "2024-12-31")["verdict"], "permit");
    let ended = collect("Email address", "retired", "2025-01-01");
    assert_eq!(ended["verdict"], "not_stated");
    assert_eq!(ended["notes"][0], "Retired basis is not a lawful basis on 2025-01-01: it applies from 2020-01-01 until 2025-01-01.");
    // The notice names no public task for contact details: excluded, with a note saying so.
    let excluded = collect("Email address", "public_task", "2026-02-05");
    assert_eq!(excluded["verdict"], "not_stated");
    assert!(excluded["notes"][0].as_str().unwrap().contains("not under Public task basis"), "{excluded}");
    // A rule's own bases replace the activity's.
    assert_eq!(collect("Health data", "art9_explicit", "2026-02-05")["verdict"], "permit");
    assert_eq!(collect("Health data", "consent", "2026-02-05")["verdict"], "not_stated");
    let own = ask(&e, r#"{"ask":"collect","notice":"u","service":"Dated service","category":"Health data","as_of":"2026-02-05"}"#);
    assert_eq!(own["bases"], json!([{"id": "art9_explicit", "label": "Explicit consent (Article 9)"}]));
    assert_eq!(own["special_category"], true);
    // A basis above every basis the rule names is not among them.
    assert_eq!(collect("Other data", "consent", "2026-02-05")["verdict"], "permit");
    let higher = collect("Other data", "art9_explicit", "2026-02-05");
    assert_eq!(higher["verdict"], "not_stated");
    assert_eq!(
        higher["notes"][0],
        "A rule of \"Other notice\" covers collecting Other data for Dated service, but not under Explicit consent (Article 9): the notice does not name that basis for it."
    );
    // A basis in force, and no rule at all: the note says no rule covers it.
    let none = ask(&e, r#"{"ask":"share","notice":"u","service":"Dated service","category":"Email address","recipient":"Press","basis":"consent","as_of":"2023-12-31"}"#);
    assert_eq!(none["verdict"], "not_stated");
    assert_eq!(none["notes"], json!(["No rule of \"Other notice\" covers sharing Email address with Press for Dated service on 2023-12-31."]));
    // A notice-wide rule without bases does not rest on the activity's bases: none are listed.
    let wide = ask(&e, r#"{"ask":"automated_decision","notice":"u","service":"Dated service","category":"Email address","as_of":"2026-02-05"}"#);
    assert_eq!((wide["verdict"].clone(), rules(&wide)), (json!("permit"), vec!["u.automated.notice_wide".to_string()]));
    assert!(wide.get("bases").is_none_or(|b| b == &json!([])), "{wide}");
}

fn transfer(e: &Engine, service: &str, country: &str, date: &str, facts: &str) -> Value {
    ask(e, &format!(r#"{{"ask":"transfer","notice":"u","service":"{service}","category":"Email address","country":"{country}","as_of":"{date}","facts":{{{facts}}}}}"#))
}

#[test]
fn a_basis_the_notice_does_not_name_is_said_also_when_facts_are_unknown() {
    // With `dpa` unknown the answer is worked out case by case (a transfer always is); the
    // rule covers the question, but the notice names no basis for "Agreed service", so under
    // consent nothing permits it, and the note says why rather than "no rule covers".
    let e = engine();
    let asked = ask(
        &e,
        r#"{"ask":"transfer","notice":"u","service":"Agreed service","category":"Email address","country":"India","basis":"consent","as_of":"2026-02-05"}"#,
    );
    assert_eq!(asked["verdict"], "not_stated", "{asked}");
    assert_eq!(
        asked["notes"][0],
        "A rule of \"Other notice\" covers transferring Email address to India for Agreed service, but not under Consent basis: the notice does not name that basis for it.",
        "{asked}"
    );
}

#[test]
fn a_mechanism_applies_from_its_first_day_and_not_on_its_valid_until() {
    let e = engine();
    let facts = r#""certified":true,"sccs":false"#;
    let before = transfer(&e, "Abroad service", "United States", "2023-10-11", facts);
    assert_eq!(before["verdict"], "deny", "{before}");
    assert_eq!(rules(&before), ["u.transfer.any"]);
    assert!(before["notes"][0].as_str().unwrap().contains("no transfer mechanism"), "{before}");
    let on = transfer(&e, "Abroad service", "United States", "2023-10-12", facts);
    assert_eq!((on["verdict"].clone(), on["mechanism"]["id"].clone()), (json!("permit"), json!("bridge")), "{on}");
    // Clauses: in force until 21 March 2024 (exclusive).
    let clauses = r#""sccs":true"#;
    let last = transfer(&e, "Abroad service", "India", "2024-03-20", clauses);
    assert_eq!((last["verdict"].clone(), last["mechanism"]["id"].clone()), (json!("permit"), json!("clauses")), "{last}");
    assert_eq!(transfer(&e, "Abroad service", "India", "2024-03-21", clauses)["verdict"], "deny");
    assert_eq!(transfer(&e, "Abroad service", "India", "2018-05-24", clauses)["verdict"], "deny");
    assert_eq!(transfer(&e, "Abroad service", "India", "2018-05-25", clauses)["verdict"], "permit");
    // A group of countries: France is in the EEA, whose adequacy starts on 1 January 2021.
    assert_eq!(transfer(&e, "Abroad service", "France", "2020-12-31", "")["verdict"], "deny");
    let fr = transfer(&e, "Abroad service", "France", "2021-01-01", "");
    assert_eq!((fr["verdict"].clone(), fr["mechanism"]["id"].clone()), (json!("permit"), json!("eea_adequacy")));
    // Requirements not stated become obligations; the first mechanism that would apply is named.
    let open = transfer(&e, "Abroad service", "United States", "2023-10-12", "");
    assert_eq!(open["verdict"], "conditional");
    assert_eq!(obligations(&open), [("certified".to_string(), json!(true))]);
    assert_eq!(open["mechanism"]["id"], "bridge");
    assert_eq!(open["notes"][0].as_str().unwrap(), "Alternatively permitted if: Contract clauses.");
    // Both routes closed: deny by the law, citing the notice's permit.
    let closed = transfer(&e, "Abroad service", "United States", "2024-01-01", r#""certified":false,"sccs":false"#);
    assert_eq!(closed["verdict"], "deny");
    // One route known closed, the other unknown.
    let one = transfer(&e, "Abroad service", "United States", "2024-01-01", r#""certified":false"#);
    assert_eq!((one["verdict"].clone(), obligations(&one)), (json!("conditional"), vec![("sccs".to_string(), json!(true))]));
    assert_eq!(one["mechanism"]["id"], "clauses");
    // After the clauses end, only the bridge remains.
    let late = transfer(&e, "Abroad service", "United States", "2024-03-21", r#""certified":false,"sccs":true"#);
    assert_eq!(late["verdict"], "deny");
    // Within the UK, whatever the date.
    assert_eq!(transfer(&e, "Abroad service", "UK", "1990-01-01", "")["mechanism"]["id"], "domestic");
}

#[test]
fn the_law_blocks_a_permit_that_hangs_on_an_unknown_fact() {
    let e = engine();
    let blocked = "The notice allows this transfer, but no transfer mechanism of UK law (that the notice relies on) covers India on 2025-01-01: see `noticegate list mechanisms`.";
    // Known: the notice permits, the law does not (clauses ended on 21 March 2024).
    let known = transfer(&e, "Agreed service", "India", "2025-01-01", r#""dpa":true,"sccs":true"#);
    assert_eq!((known["verdict"].clone(), known["notes"][0].clone()), (json!("deny"), json!(blocked)), "{known}");
    // Unknown: no value permits, and not every value is decided: not stated, and the law is named.
    let open = transfer(&e, "Agreed service", "India", "2025-01-01", "");
    assert_eq!(open["verdict"], "not_stated", "{open}");
    assert!(open["notes"].as_array().unwrap().contains(&json!(blocked)), "{open}");
    // Without the agreement the notice is silent, and the law is not mentioned.
    let silent = transfer(&e, "Agreed service", "India", "2025-01-01", r#""dpa":false"#);
    assert_eq!(silent["verdict"], "not_stated");
    assert!(!silent["notes"].as_array().unwrap().contains(&json!(blocked)), "{silent}");
    // Before that date, the clauses make it conditional on both.
    let before = transfer(&e, "Agreed service", "India", "2024-03-20", "");
    assert_eq!((before["verdict"].clone(), obligations(&before)), (json!("conditional"), vec![("dpa".to_string(), json!(true)), ("sccs".to_string(), json!(true))]));
    assert_eq!(before["mechanism"]["id"], "clauses");
}

#[test]
fn a_rule_naming_mechanisms_relies_on_those_only() {
    let e = engine();
    let india = transfer(&e, "Adequate service", "India", "2024-01-01", r#""sccs":true"#);
    assert_eq!(india["verdict"], "deny", "{india}");
    assert_eq!(rules(&india), ["u.transfer.adequate"]);
    let us = transfer(&e, "Adequate service", "United States", "2024-01-01", r#""certified":true,"sccs":true"#);
    assert_eq!(us["mechanism"]["id"], "bridge");
    let unknown = transfer(&e, "Adequate service", "United States", "2024-01-01", "");
    assert_eq!(obligations(&unknown), [("certified".to_string(), json!(true))]);
    assert!(unknown.get("notes").is_none(), "the clauses are no alternative for this rule: {unknown}");
}

#[test]
fn a_transfer_rule_for_recipients_needs_the_question_to_name_one_and_takes_its_country() {
    let e = engine();
    let mailer = ask(&e, r#"{"ask":"transfer","notice":"u","service":"Processors abroad","category":"Email address","recipient":"Mailer","as_of":"2024-01-01","facts":{"certified":true}}"#);
    assert_eq!((mailer["verdict"].clone(), mailer["mechanism"]["id"].clone()), (json!("permit"), json!("bridge")), "{mailer}");
    let press = ask(&e, r#"{"ask":"transfer","notice":"u","service":"Processors abroad","category":"Email address","recipient":"Press","country":"US","as_of":"2024-01-01","facts":{"certified":true}}"#);
    assert_eq!(press["verdict"], "not_stated");
    assert_eq!(transfer(&e, "Processors abroad", "US", "2024-01-01", r#""certified":true"#)["verdict"], "not_stated");
    // An explicit country wins over the recipient's usual one.
    let uk = ask(&e, r#"{"ask":"transfer","notice":"u","service":"Processors abroad","category":"Email address","recipient":"Mailer","country":"UK","as_of":"2024-01-01"}"#);
    assert_eq!(uk["mechanism"]["id"], "domestic");
}

fn right(e: &Engine, name: &str, facts: &str) -> Value {
    ask(e, &format!(r#"{{"ask":"rights","notice":"u","service":"Limited rights","right":"{name}","as_of":"2026-01-01","facts":{{{facts}}}}}"#))
}

#[test]
fn a_rights_limit_with_unknown_facts_leaves_the_law_conditional_on_them() {
    let e = engine();
    // Access applies under every basis; the notice limits it to adults with an agreement.
    let known = right(&e, "access", r#""dpa":true,"age":18"#);
    assert_eq!(known["verdict"], "permit", "{known}");
    assert_eq!(known["rights"][0]["because"].as_str().unwrap(), "the law, under every lawful basis (UK GDPR)");
    assert_eq!(known["bases"], json!([{"id": "public_task", "label": "Public task basis"}]), "{known}");
    assert_eq!(right(&e, "access", r#""dpa":true,"age":17"#)["verdict"], "deny");
    assert_eq!(right(&e, "access", r#""dpa":false,"age":18"#)["verdict"], "deny");
    assert_eq!(rules(&right(&e, "access", r#""dpa":false,"age":30"#)), ["u.rights.limit_access"]);
    // Unknown: the law's permit holds only if the limit does not apply, so both facts are owed.
    let open = right(&e, "access", "");
    assert_eq!(open["verdict"], "conditional", "{open}");
    assert_eq!(obligations(&open), [("age".to_string(), json!({ "at_least": 18 })), ("dpa".to_string(), json!(true))], "{open}");
    assert_eq!(rules(&open), ["u.rights.limit_access"]);
    assert!(open["rights"][0]["because"].as_str().unwrap().contains("unless the notice's limit applies (u.rights.limit_access)"));
    // One known to hold: the other is owed.
    let half = right(&e, "access", r#""age":40"#);
    assert_eq!((half["verdict"].clone(), obligations(&half)), (json!("conditional"), vec![("dpa".to_string(), json!(true))]), "{half}");
    // Known to fail: the limit decides, whatever the other.
    assert_eq!(right(&e, "access", r#""age":12"#)["verdict"], "deny");
    // Erasure: the law says no under the public task, so the limit changes nothing.
    let erasure = right(&e, "erasure", "");
    assert_eq!(erasure["verdict"], "deny", "{erasure}");
    assert_eq!(obligations(&erasure), vec![]);
    // A deny on an enum fact: owed is that it does not hold.
    let object = right(&e, "object", "");
    assert_eq!(object["verdict"], "conditional", "{object}");
    assert_eq!(obligations(&object), [("consent".to_string(), json!(["given", "explicit", "not_given"]))]);
    assert_eq!(right(&e, "object", r#""consent":"withdrawn""#)["verdict"], "deny");
    assert_eq!(right(&e, "object", r#""consent":"given""#)["verdict"], "permit");
    // Every right at once: each answered, no obligations on the listing.
    let all = ask(&e, r#"{"ask":"rights","notice":"u","service":"Limited rights","as_of":"2026-01-01"}"#);
    let verdicts: Vec<(String, String)> =
        all["rights"].as_array().unwrap().iter().map(|r| (r["id"].as_str().unwrap().to_string(), r["verdict"].as_str().unwrap().to_string())).collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(verdicts, [pair("access", "conditional"), pair("erasure", "deny"), pair("object", "conditional")]);
    assert_eq!(all["verdict"], "permit");
    assert_eq!(obligations(&all), vec![]);
    assert_eq!(rules(&all), ["u.rights.limit_access", "u.rights.deny_object"]);
    assert_eq!(all["bases"], json!([{"id": "public_task", "label": "Public task basis"}]));
}

#[test]
fn the_law_reads_the_bases_of_the_category_asked_about() {
    let e = engine();
    let erasure = |fields: &str| {
        ask(&e, &format!(r#"{{"ask":"rights","notice":"u","service":"Dated service","right":"erasure",{fields}"as_of":"2026-02-05"}}"#))
    };
    let health = erasure(r#""category":"Health data","#);
    assert_eq!(health["verdict"], "deny", "{health}");
    assert_eq!(
        health["rights"][0]["because"],
        "the law: it applies only under Consent basis, and the processing rests on Public task basis (UK GDPR)"
    );
    let email = erasure(r#""category":"Email address","#);
    assert_eq!((email["verdict"].clone(), email["rights"][0]["because"].clone()), (json!("permit"), json!("the law: it applies under Consent basis (UK GDPR)")));
    assert_eq!(erasure("")["verdict"], "permit");
    assert_eq!(erasure(r#""category":"Health data","basis":"consent","#)["verdict"], "permit");
    assert_eq!(erasure(r#""basis":"public_task","#)["verdict"], "deny");
    // A category no Article 6 basis is named for: the law cannot say.
    assert_eq!(erasure(r#""category":"Other data","#)["verdict"], "not_stated");
}

fn keep(e: &Engine, record: &str, facts: &str) -> Value {
    ask(e, &format!(r#"{{"ask":"retention","notice":"u","service":"Keeper","record":"{record}","as_of":"2026-01-01","facts":{{{facts}}}}}"#))
}

#[test]
fn retention_periods_at_leap_days_and_month_ends() {
    let e = engine();
    let date = |record: &str, facts: &str| {
        let d = keep(&e, record, facts);
        assert_eq!(d["verdict"], "permit", "{record} {facts}: {d}");
        d["disposal_date"].as_str().unwrap_or_else(|| panic!("a date: {d}")).to_string()
    };
    // 29 February + 1 year = 28 February; the day before and after keep their day.
    assert_eq!(date("File", r#""dob":"2024-02-29""#), "2025-02-28");
    assert_eq!(date("File", r#""dob":"2024-02-28""#), "2025-02-28");
    assert_eq!(date("File", r#""dob":"2024-03-01""#), "2025-03-01");
    assert_eq!(date("File", r#""dob":"2023-02-28""#), "2024-02-28");
    assert_eq!(date("File", r#""dob":"2023-12-31""#), "2024-12-31");
    // 31 August + 6 months = the last day of February, leap or not; 29 February + 6 months.
    assert_eq!(date("Call recording", r#""last_contact":"2023-08-31""#), "2024-02-29");
    assert_eq!(date("Call recording", r#""last_contact":"2024-08-31""#), "2025-02-28");
    assert_eq!(date("Call recording", r#""last_contact":"2024-08-29""#), "2025-02-28");
    assert_eq!(date("Call recording", r#""last_contact":"2024-08-28""#), "2025-02-28");
    assert_eq!(date("Call recording", r#""last_contact":"2024-02-29""#), "2024-08-29");
    assert_eq!(date("Call recording", r#""last_contact":"2024-07-01""#), "2025-01-01");
    assert_eq!(date("Call recording", r#""last_contact":"2024-06-30""#), "2024-12-30");
    // One month: 31 January to the end of February; 31 December into the next year; 31 March
    // to 30 April.
    assert_eq!(date("Letter", r#""last_contact":"2023-01-31""#), "2023-02-28");
    assert_eq!(date("Letter", r#""last_contact":"2024-01-31""#), "2024-02-29");
    assert_eq!(date("Letter", r#""last_contact":"2024-12-31""#), "2025-01-31");
    assert_eq!(date("Letter", r#""last_contact":"2024-03-31""#), "2024-04-30");
    assert_eq!(date("Letter", r#""last_contact":"2024-11-30""#), "2024-12-30");
    // Days are added after the clamp: 31 January 2024 + 1 year 1 month = 28 February 2025, + 1 day.
    assert_eq!(date("Mixed period", r#""last_contact":"2024-01-31""#), "2025-03-01");
    assert_eq!(date("Mixed period", r#""last_contact":"2023-01-31""#), "2024-03-01");
    assert_eq!(date("Mixed period", r#""last_contact":"2022-12-31""#), "2024-02-01");
    // One day: into the leap day, over a month end, over a year end.
    assert_eq!(date("Next day", r#""last_contact":"2024-02-28""#), "2024-02-29");
    assert_eq!(date("Next day", r#""last_contact":"2023-02-28""#), "2023-03-01");
    assert_eq!(date("Next day", r#""last_contact":"2024-12-31""#), "2025-01-01");
    // Century years: 2100 is not a leap year, 2400 is (1000 years is the largest period).
    assert_eq!(date("Millennium", r#""dob":"1200-02-29""#), "2200-02-28");
    assert_eq!(date("Millennium", r#""dob":"1400-02-28""#), "2400-02-28");
    assert_eq!(date("Millennium", r#""dob":"1104-02-29""#), "2104-02-29");
    assert_eq!(date("Next day", r#""last_contact":"2400-02-28""#), "2400-02-29");
    assert_eq!(date("Next day", r#""last_contact":"2100-02-28""#), "2100-03-01");
}

#[test]
fn retention_combines_periods_and_chooses_the_most_specific_rule() {
    let e = engine();
    let facts = r#""dob":"2024-02-29","last_contact":"2024-08-31""#; // 2025-02-28 and 2025-02-28
    let d = keep(&e, "Both late", facts);
    assert_eq!(d["disposal_date"], "2025-02-28");
    let late = keep(&e, "Both late", r#""dob":"2024-02-29","last_contact":"2024-09-01""#); // 2025-02-28, 2025-03-01
    assert_eq!(late["disposal_date"], "2025-03-01");
    let applies: Vec<bool> = late["disposal_dates"].as_array().unwrap().iter().map(|d| d["applies"].as_bool().unwrap()).collect();
    assert_eq!(applies, [false, true]);
    let early = keep(&e, "Both early", r#""dob":"2024-02-29","last_contact":"2024-09-01""#);
    assert_eq!(early["disposal_date"], "2025-02-28");
    let applies: Vec<bool> = early["disposal_dates"].as_array().unwrap().iter().map(|d| d["applies"].as_bool().unwrap()).collect();
    assert_eq!(applies, [true, false]);
    let flipped = keep(&e, "Both early", r#""dob":"2024-03-02","last_contact":"2024-08-31""#); // 2025-03-02, 2025-02-28
    assert_eq!(flipped["disposal_date"], "2025-02-28");
    assert_eq!(keep(&e, "Both late", r#""dob":"2024-03-02","last_contact":"2024-08-31""#)["disposal_date"], "2025-03-02");
    // Latest and earliest need every date.
    for record in ["Both late", "Both early"] {
        let missing = keep(&e, record, r#""dob":"2024-02-29""#);
        assert_eq!(missing["error"]["code"], "missing_field", "{missing}");
        assert_eq!(missing["error"]["field"], "facts.last_contact");
    }
    // The service's own rule beats the notice-wide one; a record beneath `file` is covered.
    let child = keep(&e, "Child's file", r#""dob":"2024-02-29""#);
    assert_eq!((rules(&child), child["disposal_date"].clone()), (vec!["u.keep.file".to_string()], json!("2025-02-28")));
    let elsewhere = ask(&e, r#"{"ask":"retention","notice":"u","service":"Dated service","record":"Child's file","as_of":"2026-01-01","facts":{"dob":"2024-02-29"}}"#);
    assert_eq!((rules(&elsewhere), elsewhere["disposal_date"].clone()), (vec!["u.keep.default".to_string()], json!("2031-02-28")));
    // Either: one date chooses its period, and says the other needs its date; two dates give
    // both and choose neither; none is an error naming both.
    let one = keep(&e, "Both either", r#""last_contact":"2024-08-31""#);
    assert_eq!((one["disposal_date"].clone(), one["disposal_dates"][0]["applies"].clone()), (json!("2025-02-28"), json!(true)), "{one}");
    assert_eq!(one["notes"][0], "Computed from the one date given; the rule's alternative needs dob.");
    let both = keep(&e, "Both either", r#""dob":"2024-02-29","last_contact":"2024-09-01""#);
    assert!(both.get("disposal_date").is_none(), "{both}");
    let applies: Vec<bool> = both["disposal_dates"].as_array().unwrap().iter().map(|d| d["applies"].as_bool().unwrap()).collect();
    assert_eq!(applies, [false, false]);
    assert_eq!(both["notes"].as_array().unwrap().len(), 1, "{both}");
    let neither = keep(&e, "Both either", "");
    assert_eq!(neither["error"]["message"], "retention rule \"u.keep.either\" needs the date dob or last_contact to compute the disposal date");
    assert_eq!(neither["error"]["field"], "facts.dob");
    // Two dates of three alternatives: neither is chosen, and nothing is "computed from the one date".
    let two = keep(&e, "Three periods", r#""dob":"2024-02-29","last_contact":"2024-08-31""#);
    assert!(two.get("disposal_date").is_none(), "{two}");
    assert_eq!(two["notes"].as_array().unwrap().len(), 1, "{two}");
    let one = keep(&e, "Three periods", r#""death":"2024-02-29""#);
    assert_eq!((one["disposal_date"].clone(), one["notes"][0].clone()), (json!("2026-02-28"), json!("Computed from the one date given; the rule's alternative needs dob or last_contact.")));
    // A rule naming the record beats one of the same service naming none.
    assert_eq!(rules(&keep(&e, "Call recording", r#""last_contact":"2024-01-01""#)), ["u.keep.call"]);
    let any = ask(&e, r#"{"ask":"retention","notice":"u","service":"Keeper","record":"Child's file","as_of":"2026-01-01","facts":{"dob":"2024-02-29","last_contact":"2024-01-01"}}"#);
    assert_eq!(rules(&any), ["u.keep.file"]);
    let uncovered = ask(&e, r#"{"ask":"retention","notice":"u","service":"Dated service","record":"Letter","as_of":"2026-01-01"}"#);
    assert_eq!(uncovered["verdict"], "not_stated");
    assert_eq!(rules(&uncovered), Vec::<String>::new());
}

/// Permits that together cover every value of a fact: with the fact unknown, every case
/// that some value can reach permits, so no obligation is owed (assignments that no value
/// satisfies, as "neither at least 18 nor at most 18", are not cases).
const NOTICE_V: &str = r#"
[notice]
id = "v"
title = "Covering notice"
controller = "C"
role = "controller"
source = "v.txt"
regime = "UK GDPR"

[[activity]]
id = "everyone"
label = "Everyone"

[[rule]]
id = "v.collect.consenting"
action = "collect"
effect = "permit"
activities = ["everyone"]
when = { consent = ["given", "explicit"] }
section = "S"
quote = "We say so."

[[rule]]
id = "v.collect.others"
action = "collect"
effect = "permit"
activities = ["everyone"]
when = { consent = ["not_given", "withdrawn"] }
section = "S"
quote = "We say so."

[[rule]]
id = "v.collect.only_with_agreement"
action = "collect"
effect = "limit"
when = { dpa = true }
section = "S"
quote = "We say so."

[[activity]]
id = "two_sided"
label = "Two sided"

[[rule]]
id = "v.automated.with_agreement"
action = "automated_decision"
effect = "permit"
activities = ["two_sided"]
when = { dpa = true }
section = "S"
quote = "We say so."

[[rule]]
id = "v.automated.without_agreement"
action = "automated_decision"
effect = "permit"
activities = ["two_sided"]
when = { dpa = false }
section = "S"
quote = "We say so."

[[rule]]
id = "v.use.adults"
action = "use"
effect = "permit"
activities = ["everyone"]
when = { age = { at_least = 18 } }
section = "S"
quote = "We say so."

[[rule]]
id = "v.use.minors"
action = "use"
effect = "permit"
activities = ["everyone"]
when = { age = { at_most = 18 } }
section = "S"
quote = "We say so."

[[rule]]
id = "v.automated.adults"
action = "automated_decision"
effect = "permit"
activities = ["everyone"]
when = { age = { at_least = 19 } }
section = "S"
quote = "We say so."

[[rule]]
id = "v.automated.minors"
action = "automated_decision"
effect = "permit"
activities = ["everyone"]
when = { age = { at_most = 18 } }
section = "S"
quote = "We say so."

[[rule]]
id = "v.share.exactly_18"
action = "share"
effect = "permit"
activities = ["everyone"]
when = { age = { at_least = 18 } }
section = "S"
quote = "We say so."

[[rule]]
id = "v.share.not_over_18"
action = "share"
effect = "limit"
activities = ["everyone"]
when = { age = { at_most = 18 } }
section = "S"
quote = "We say so."

[[rule]]
id = "v.transfer.not_withdrawn"
action = "transfer"
effect = "deny"
activities = ["everyone"]
when = { consent = ["withdrawn"] }
section = "S"
quote = "We say so."

[[rule]]
id = "v.transfer.only_explicit"
action = "transfer"
effect = "limit"
activities = ["everyone"]
when = { consent = ["explicit", "withdrawn"] }
section = "S"
quote = "We say so."

[[rule]]
id = "v.transfer.all"
action = "transfer"
effect = "permit"
activities = ["everyone"]
section = "S"
quote = "We say so."
"#;

fn covering_engine() -> Engine {
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", VOCABULARY);
    sources.add("law/law.toml", LAW);
    sources.add("notices/v.toml", NOTICE_V);
    sources.add("sources/v.txt", QUOTE);
    Engine::load(&sources).unwrap_or_else(|e| panic!("the fixture loads: {e}"))
}

#[test]
fn permits_that_cover_every_value_of_an_unknown_fact_permit_without_obligations() {
    let e = covering_engine();
    let q = |ask_kind: &str, fields: &str| {
        ask(&e, &format!(r#"{{"ask":"{ask_kind}","notice":"v","service":"Everyone","category":"Email address",{fields}"as_of":"2026-01-01"}}"#))
    };
    let collect = q("collect", r#""facts":{"dpa":true},"#);
    assert_eq!((collect["verdict"].clone(), obligations(&collect)), (json!("permit"), vec![]), "{collect}");
    assert_eq!(rules(&collect), ["v.collect.consenting", "v.collect.others"]);
    // With a bool test of another fact before them, the enum tests are still one fact.
    let open = q("collect", "");
    assert_eq!((open["verdict"].clone(), obligations(&open)), (json!("conditional"), vec![("dpa".to_string(), json!(true))]), "{open}");
    // A bool fact tested both ways is one fact: true or false, a permit applies.
    let two = ask(&e, r#"{"ask":"automated_decision","notice":"v","service":"Two sided","category":"Email address","as_of":"2026-01-01"}"#);
    assert_eq!((two["verdict"].clone(), obligations(&two)), (json!("permit"), vec![]), "{two}");
    // At least 18 or at most 18: every age.
    let use_ = q("use", r#""purpose":"Research","#);
    assert_eq!((use_["verdict"].clone(), obligations(&use_)), (json!("permit"), vec![]), "{use_}");
    // At least 19 or at most 18 leaves the ages strictly between.
    let automated = q("automated_decision", "");
    assert_eq!(automated["verdict"], "conditional", "{automated}");
    assert_eq!(obligations(&automated), [("age".to_string(), json!({ "at_least": 19 }))]);
    assert_eq!(automated["notes"][0], "Alternatively permitted if: Age is at most 18.");
    assert_eq!(ask(&e, r#"{"ask":"automated_decision","notice":"v","service":"Everyone","category":"Email address","as_of":"2026-01-01","facts":{"age":18.5}}"#)["verdict"], "not_stated");
}

#[test]
fn two_bounds_that_meet_in_one_value_and_enum_tests_that_overlap() {
    let e = covering_engine();
    let share = |facts: &str| {
        ask(&e, &format!(r#"{{"ask":"share","notice":"v","service":"Everyone","category":"Email address","recipient":"Press","as_of":"2026-01-01","facts":{{{facts}}}}}"#))
    };
    assert_eq!(share(r#""age":18"#)["verdict"], "permit");
    assert_eq!(share(r#""age":18.01"#)["verdict"], "deny");
    assert_eq!(share(r#""age":17.99"#)["verdict"], "not_stated");
    let open = share("");
    assert_eq!(open["verdict"], "conditional", "{open}");
    assert_eq!(obligations(&open), [("age".to_string(), json!({ "at_most": 18 })), ("age".to_string(), json!({ "at_least": 18 }))], "{open}");
    // Deny on withdrawn, limit to explicit-or-withdrawn: only explicit permits.
    let transfer = |facts: &str| {
        ask(&e, &format!(r#"{{"ask":"transfer","notice":"v","service":"Everyone","category":"Email address","country":"UK","as_of":"2026-01-01","facts":{{{facts}}}}}"#))
    };
    assert_eq!(transfer(r#""consent":"explicit""#)["verdict"], "permit");
    assert_eq!(rules(&transfer(r#""consent":"withdrawn""#)), ["v.transfer.not_withdrawn"]);
    assert_eq!(rules(&transfer(r#""consent":"given""#)), ["v.transfer.only_explicit"]);
    let open = transfer("");
    assert_eq!(open["verdict"], "conditional", "{open}");
    // Each test of the fact is its own obligation (not withdrawn; explicit or withdrawn):
    // together, exactly "explicit".
    assert_eq!(
        obligations(&open),
        [("consent".to_string(), json!(["given", "explicit", "not_given"])), ("consent".to_string(), json!(["explicit", "withdrawn"]))],
        "{open}"
    );
    assert_eq!(rules(&open), ["v.transfer.all", "v.transfer.only_explicit", "v.transfer.not_withdrawn"]);
}

/// A policy set wider than one 64-bit word on every axis that compiles to bitsets (categories,
/// recipients, purposes, countries, bool facts), with rules on entries past the first word,
/// so each bitset is read at the right word of the right set.
fn wide_engine() -> Engine {
    let mut vocabulary = String::new();
    for i in 0..130 {
        vocabulary.push_str(&format!("[[category]]\nid = \"c{i:03}\"\nlabel = \"Category {i:03}\"\n\n"));
        vocabulary.push_str(&format!("[[recipient]]\nid = \"r{i:03}\"\nlabel = \"Recipient {i:03}\"\n\n"));
        vocabulary.push_str(&format!("[[purpose]]\nid = \"p{i:03}\"\nlabel = \"Purpose {i:03}\"\n\n"));
        vocabulary.push_str(&format!("[[country]]\nid = \"k{i:03}\"\nlabel = \"Country {i:03}\"\n\n"));
        if i < 128 {
            vocabulary.push_str(&format!("[[fact]]\nid = \"f{i:03}\"\nlabel = \"Fact {i:03}\"\ntype = \"bool\"\n\n"));
        }
    }
    vocabulary.push_str("[[mechanism]]\nid = \"m100\"\nlabel = \"Mechanism for country 100\"\narticle = \"45\"\ncountries = [\"k100\"]\nlegal_source = \"Test law\"\n\n");
    vocabulary.push_str("[[mechanism]]\nid = \"m070\"\nlabel = \"Mechanism for country 70\"\narticle = \"45\"\ncountries = [\"k070\"]\nrequires = { f101 = true }\nlegal_source = \"Test law\"\n");
    let notice = r#"
[notice]
id = "w"
title = "Wide notice"
controller = "C"
role = "controller"
source = "w.txt"
regime = "UK GDPR"

[[activity]]
id = "wide"
label = "Wide"

[[rule]]
id = "w.share.100"
action = "share"
effect = "permit"
activities = ["wide"]
categories = ["c100"]
recipients = ["r100"]
purposes = ["p100"]
when = { f100 = true }
section = "S"
quote = "We say so."

[[rule]]
id = "w.share.070"
action = "share"
effect = "permit"
activities = ["wide"]
categories = ["c070"]
recipients = ["r070"]
purposes = ["p070"]
section = "S"
quote = "We say so."

[[rule]]
id = "w.automated.127"
action = "automated_decision"
effect = "permit"
activities = ["wide"]
categories = ["c127"]
when = { f127 = true }
section = "S"
quote = "We say so."

[[rule]]
id = "w.collect.127"
action = "collect"
effect = "permit"
activities = ["wide"]
categories = ["c127"]
section = "S"
quote = "We say so."

[[rule]]
id = "w.transfer.090"
action = "transfer"
effect = "permit"
activities = ["wide"]
categories = ["c100", "c070"]
recipients = ["r090"]
section = "S"
quote = "We say so."
"#;
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", vocabulary);
    sources.add("notices/w.toml", notice);
    sources.add("sources/w.txt", QUOTE);
    Engine::load(&sources).unwrap_or_else(|e| panic!("the fixture loads: {e}"))
}

#[test]
fn bitsets_wider_than_a_word_are_read_at_the_right_word() {
    let e = wide_engine();
    let share = |c: &str, r: &str, p: &str, facts: &str| {
        ask(&e, &format!(r#"{{"ask":"share","notice":"w","service":"Wide","category":"{c}","recipient":"{r}","purpose":"{p}","as_of":"2026-01-01","facts":{{{facts}}}}}"#))
    };
    let verdict = |c: &str, r: &str, p: &str, facts: &str| share(c, r, p, facts)["verdict"].as_str().unwrap().to_string();
    assert_eq!(verdict("c100", "r100", "p100", r#""f100":true"#), "permit");
    assert_eq!(verdict("c100", "r100", "p100", r#""f100":false"#), "not_stated");
    assert_eq!(verdict("c100", "r100", "p100", r#""f036":true,"f101":false"#), "conditional");
    assert_eq!(obligations(&share("c100", "r100", "p100", "")), [("f100".to_string(), json!(true))]);
    // The same bit one word down, and the neighbours, are other entries.
    for (c, r, p) in [("c036", "r100", "p100"), ("c099", "r100", "p100"), ("c101", "r100", "p100"), ("c100", "r100", "p036"), ("c100", "r100", "p101"), ("c100", "r100", "p070")] {
        assert_eq!(verdict(c, r, p, r#""f100":true"#), "not_stated", "{c} {r} {p}");
    }
    assert_eq!(verdict("c070", "r070", "p070", ""), "permit");
    assert_eq!(verdict("c070", "r070", "p100", ""), "not_stated");
    assert_eq!(verdict("c070", "r070", "p006", ""), "not_stated");
    assert_eq!(verdict("c006", "r070", "p070", ""), "not_stated");
    let collect = |c: &str| ask(&e, &format!(r#"{{"ask":"collect","notice":"w","service":"Wide","category":"{c}","as_of":"2026-01-01"}}"#))["verdict"].clone();
    assert_eq!(collect("c127"), "permit");
    // The 128th bool fact has the last slot.
    let automated = |facts: &str| {
        ask(&e, &format!(r#"{{"ask":"automated_decision","notice":"w","service":"Wide","category":"c127","as_of":"2026-01-01","facts":{{{facts}}}}}"#))["verdict"].clone()
    };
    assert_eq!(automated(r#""f127":true"#), "permit");
    assert_eq!(automated(r#""f127":false,"f126":true,"f000":true"#), "not_stated");
    assert_eq!(automated(r#""f126":true"#), "conditional");
    assert_eq!(collect("c063"), "not_stated");
    assert_eq!(collect("c126"), "not_stated");
    assert_eq!(collect("c128"), "not_stated");
    let transfer = |c: &str, r: &str, k: &str, facts: &str| {
        ask(&e, &format!(r#"{{"ask":"transfer","notice":"w","service":"Wide","category":"{c}","recipient":"{r}","country":"{k}","as_of":"2026-01-01","facts":{{{facts}}}}}"#))
    };
    let to_100 = transfer("c100", "r090", "k100", "");
    assert_eq!((to_100["verdict"].clone(), to_100["mechanism"]["id"].clone()), (json!("permit"), json!("m100")), "{to_100}");
    assert_eq!(transfer("c070", "r090", "k100", "")["verdict"], "permit");
    assert_eq!(transfer("c100", "r090", "k036", "")["verdict"], "deny");
    assert_eq!(transfer("c100", "r090", "k101", "")["verdict"], "deny");
    assert_eq!(transfer("c100", "r026", "k100", "")["verdict"], "not_stated");
    assert_eq!(transfer("c100", "r091", "k100", "")["verdict"], "not_stated");
    assert_eq!(transfer("c101", "r090", "k100", "")["verdict"], "not_stated");
    // A mechanism's bool requirement past the first word of facts.
    assert_eq!(transfer("c070", "r090", "k070", r#""f101":true"#)["verdict"], "permit");
    assert_eq!(transfer("c070", "r090", "k070", r#""f101":false,"f037":true"#)["verdict"], "deny");
    assert_eq!(obligations(&transfer("c070", "r090", "k070", "")), [("f101".to_string(), json!(true))]);
}

/// Twelve unknown fact tests are enumerated (2^12 cases); thirteen are not.
#[test]
fn twelve_unknown_tests_are_enumerated_and_thirteen_are_not() {
    let mut vocabulary = String::new();
    for i in 1..=13 {
        vocabulary.push_str(&format!("[[fact]]\nid = \"b{i:02}\"\nlabel = \"B{i:02}\"\ntype = \"bool\"\n\n"));
    }
    vocabulary.push_str("[[category]]\nid = \"contact\"\nlabel = \"Contact details\"\n");
    let when = |n: usize| (1..=n).map(|i| format!("b{i:02} = true")).collect::<Vec<_>>().join(", ");
    let notice = format!(
        r#"
[notice]
id = "x"
title = "Many facts"
controller = "C"
role = "controller"
source = "x.txt"
regime = "UK GDPR"

[[activity]]
id = "twelve"
label = "Twelve"

[[activity]]
id = "thirteen"
label = "Thirteen"

[[rule]]
id = "x.collect"
action = "collect"
effect = "permit"
section = "S"
quote = "We say so."

[[rule]]
id = "x.collect.not_all_twelve"
action = "collect"
effect = "deny"
activities = ["twelve"]
when = {{ {} }}
section = "S"
quote = "We say so."

[[rule]]
id = "x.collect.not_all_thirteen"
action = "collect"
effect = "deny"
activities = ["thirteen"]
when = {{ {} }}
section = "S"
quote = "We say so."
"#,
        when(12),
        when(13)
    );
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", vocabulary);
    sources.add("notices/x.toml", notice);
    sources.add("sources/x.txt", QUOTE);
    let e = Engine::load(&sources).unwrap_or_else(|e| panic!("the fixture loads: {e}"));
    let collect = |service: &str, facts: &str| {
        ask(&e, &format!(r#"{{"ask":"collect","notice":"x","service":"{service}","category":"Contact details","as_of":"2026-01-01","facts":{{{facts}}}}}"#))
    };
    let twelve = collect("Twelve", "");
    assert_eq!(twelve["verdict"], "conditional", "{twelve}");
    assert_eq!(obligations(&twelve), [("b01".to_string(), json!(false))]);
    let thirteen = collect("Thirteen", "");
    assert_eq!(thirteen["verdict"], "not_stated", "{thirteen}");
    assert_eq!(thirteen["notes"].as_array().unwrap().last().unwrap(), "Too many facts the rules test are unknown to evaluate; state more facts.");
    // One stated fact brings it down to twelve.
    let stated = collect("Thirteen", r#""b13":true"#);
    assert_eq!((stated["verdict"].clone(), obligations(&stated)), (json!("conditional"), vec![("b01".to_string(), json!(false))]));
    assert_eq!(collect("Thirteen", r#""b07":false"#)["verdict"], "permit");
}

#[test]
fn impossible_dates_are_errors_naming_their_field() {
    let e = engine();
    for bad in ["2023-02-29", "2100-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-1-01", "20240101", "2024/01/01", "2024/01-01", "2024-01/01", "2024-01-011", "2024-01-1x"] {
        let d = keep(&e, "File", &format!(r#""dob":"{bad}""#));
        assert_eq!((d["error"]["code"].clone(), d["error"]["field"].clone()), (json!("invalid_field"), json!("facts.dob")), "{bad}: {d}");
        let q = ask(&e, &format!(r#"{{"ask":"collect","notice":"u","service":"Dated service","category":"Email address","as_of":"{bad}"}}"#));
        assert_eq!(q["error"]["field"], "as_of", "{bad}: {q}");
    }
    for good in ["2024-02-29", "2000-02-29", "2023-12-31", "2023-01-01", "2024-04-30"] {
        assert_eq!(keep(&e, "File", &format!(r#""dob":"{good}""#))["verdict"], "permit", "{good}");
    }
}

/// Number tests against an oracle: for every combination of three rules out of permit, deny
/// and limit on `at_least`/`at_most` 10 or 20, the answer with the age unknown must agree with
/// the answers at ages on both sides of, and at, each bound (those ages cover every region a
/// combination can tell apart): permit when every age permits; conditional when some do, with
/// obligations that every age meeting them permits (and some age meets); else deny when every
/// age is denied, not_stated otherwise.
#[test]
fn unknown_numbers_agree_with_every_age_on_both_sides_of_each_bound() {
    let shapes: Vec<(String, String)> = ["permit", "deny", "limit"]
        .iter()
        .flat_map(|effect| {
            ["at_least", "at_most"].iter().flat_map(move |kind| [10, 20].into_iter().map(move |n| (effect.to_string(), format!("{{ age = {{ {kind} = {n} }} }}"))))
        })
        .collect();
    let mut notice = String::from(
        "[notice]\nid = \"n\"\ntitle = \"Numbers\"\ncontroller = \"C\"\nrole = \"controller\"\nsource = \"n.txt\"\nregime = \"UK GDPR\"\n",
    );
    let mut combos = Vec::new();
    for a in 0..shapes.len() {
        for b in a + 1..shapes.len() {
            for c in b + 1..shapes.len() {
                let id = format!("s{a:02}{b:02}{c:02}");
                notice.push_str(&format!("\n[[activity]]\nid = \"{id}\"\nlabel = \"{id}\"\n"));
                for (k, &i) in [a, b, c].iter().enumerate() {
                    let (effect, when) = &shapes[i];
                    notice.push_str(&format!(
                        "\n[[rule]]\nid = \"{id}.{k}\"\naction = \"automated_decision\"\neffect = \"{effect}\"\nactivities = [\"{id}\"]\nwhen = {when}\nsection = \"S\"\nquote = \"We say so.\"\n"
                    ));
                }
                combos.push(id);
            }
        }
    }
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", VOCABULARY);
    sources.add("law/law.toml", LAW);
    sources.add("notices/n.toml", notice);
    sources.add("sources/n.txt", QUOTE);
    let e = Engine::load(&sources).unwrap_or_else(|e| panic!("the fixture loads: {e}"));
    let ages = [0.0, 9.0, 9.5, 10.0, 10.5, 15.0, 19.5, 20.0, 20.5, 30.0];
    let meets = |age: f64, expect: &Value| match (expect.get("at_least"), expect.get("at_most")) {
        (Some(n), None) => age >= n.as_f64().unwrap(),
        (None, Some(n)) => age <= n.as_f64().unwrap(),
        _ => panic!("a number obligation: {expect}"),
    };
    let mut kinds = std::collections::BTreeMap::new();
    for id in &combos {
        let q = |facts: &str| ask(&e, &format!(r#"{{"ask":"automated_decision","notice":"n","service":"{id}","category":"Email address","as_of":"2026-01-01","facts":{{{facts}}}}}"#));
        let known: Vec<String> = ages.iter().map(|age| q(&format!(r#""age":{age}"#))["verdict"].as_str().unwrap().to_string()).collect();
        let open = q("");
        let verdict = open["verdict"].as_str().unwrap();
        let permits = known.iter().filter(|v| *v == "permit").count();
        let expected = if permits == ages.len() {
            "permit"
        } else if permits > 0 {
            "conditional"
        } else if known.iter().all(|v| v == "deny") {
            "deny"
        } else {
            "not_stated"
        };
        assert_eq!(verdict, expected, "{id}: ages {ages:?} give {known:?}; unknown: {open}");
        if verdict == "conditional" {
            let owed = obligations(&open);
            let meeting: Vec<usize> = (0..ages.len()).filter(|&i| owed.iter().all(|(_, x)| meets(ages[i], x))).collect();
            assert!(!meeting.is_empty(), "{id}: no age meets {owed:?}");
            for i in meeting {
                assert_eq!(known[i], "permit", "{id}: age {} meets {owed:?} but gets {}", ages[i], known[i]);
            }
        }
        *kinds.entry(expected).or_insert(0) += 1;
    }
    // The combinations reach every verdict.
    assert_eq!(kinds.len(), 4, "{kinds:?}");
}

/// The C ABI's packing of bool facts agrees with the JSON path's.
#[test]
fn bool_facts_pack_as_the_json_path_does() {
    let e = engine();
    let facts = e.policy().vocab.table(noticegate::VocabKind::Fact);
    let index = |id: &str| facts.names.lookup(id)[0];
    let (dpa, certified, sccs, age) = (index("dpa"), index("certified"), index("sccs"), index("age"));
    let packed = e.bool_facts(&[(dpa, true), (certified, false), (sccs, true)]).unwrap();
    let q = parse_question(r#"{"ask":"collect","notice":"u","service":"Dated service","category":"Email address","as_of":"2026-01-01","facts":{"dpa":true,"certified":false,"sccs":true}}"#).unwrap();
    assert_eq!(packed, e.resolve(&q).unwrap().facts);
    assert_eq!(packed.known.count_ones(), 3);
    assert_eq!(packed.values.count_ones(), 2);
    assert_eq!(e.bool_facts(&[(dpa, true), (age, true)]), Err(age));
    assert_eq!(e.bool_facts(&[]).unwrap(), noticegate::Facts::default());
}

/// The typed C call's one-pass packing agrees with `bool_facts`, and refuses (for the slow
/// path to state or word) everything that is not each yes/no fact once with 0 or 1.
#[test]
fn pack_bool_facts_agrees_and_refuses_the_rest() {
    let e = engine();
    let facts = e.policy().vocab.table(noticegate::VocabKind::Fact);
    let index = |id: &str| facts.names.lookup(id)[0];
    let (dpa, certified, sccs, age) = (index("dpa"), index("certified"), index("sccs"), index("age"));
    let packed = e.bool_facts(&[(dpa, true), (certified, false), (sccs, true)]).unwrap();
    assert_eq!(e.pack_bool_facts(&[dpa, certified, sccs], &[1, 0, 1]), Some((packed.known, packed.values)));
    assert_eq!(e.pack_bool_facts(&[], &[]), Some((0, 0)));
    // Each refusal alone: a value above 1, a fact twice (with the same or another value), a
    // fact that is not a yes/no fact, an index past the vocabulary.
    assert_eq!(e.pack_bool_facts(&[dpa, certified], &[1, 2]), None);
    assert_eq!(e.pack_bool_facts(&[dpa, certified], &[1, 255]), None);
    assert_eq!(e.pack_bool_facts(&[dpa, dpa], &[1, 1]), None);
    assert_eq!(e.pack_bool_facts(&[dpa, sccs, dpa], &[0, 1, 1]), None);
    assert_eq!(e.pack_bool_facts(&[dpa, age], &[1, 1]), None);
    assert_eq!(e.pack_bool_facts(&[dpa, u32::MAX], &[1, 1]), None);
    assert_eq!(e.pack_bool_facts(&[facts.entries.len() as u32], &[0]), None);
}

/// Wrong JSON types name their field; a line that is not an object says so; broken JSON gives
/// its column.
#[test]
fn malformed_questions_are_errors_that_say_where() {
    let e = engine();
    let error = |line: &str| ask(&e, line)["error"].clone();
    let wrong_type = error(r#"{"ask":"collect","notice":"u","service":"Dated service","category":["Email address"]}"#);
    assert_eq!((wrong_type["code"].clone(), wrong_type["field"].clone()), (json!("invalid_field"), json!("category")), "{wrong_type}");
    assert!(wrong_type["message"].as_str().unwrap().starts_with("`category`: "), "{wrong_type}");
    let not_object = error("[1,2]");
    assert_eq!((not_object["code"].clone(), not_object["field"].clone()), (json!("invalid_json"), Value::Null), "{not_object}");
    assert!(not_object["message"].as_str().unwrap().starts_with("a question must be a JSON object: "), "{not_object}");
    let broken = error(r#"{"ask":"collect","#);
    assert_eq!(broken["code"], "invalid_json");
    assert!(broken["message"].as_str().unwrap().starts_with("malformed JSON at column "), "{broken}");
}

#[test]
fn question_fields_appear_once_and_ids_are_echoed() {
    let e = engine();
    let twice = ask(&e, r#"{"ask":"collect","notice":"u","service":"Dated service","notice":"u","category":"Email address"}"#);
    assert_eq!((twice["error"]["code"].clone(), twice["error"]["field"].clone()), (json!("invalid_field"), json!("notice")), "{twice}");
    assert_eq!(twice["error"]["message"], "`notice` appears twice");
    let id = ask(&e, r#"{"id":"q-1","ask":"collect","notice":"u","service":"Dated service","category":"Email address","as_of":"2026-01-01"}"#);
    assert_eq!((id["id"].clone(), id["verdict"].clone()), (json!("q-1"), json!("permit")), "{id}");
    let failed = ask(&e, r#"{"id":7,"ask":"collect","notice":"u","service":"Dated service","category":7}"#);
    assert_eq!(failed["id"], 7, "{failed}");
    // serde's "at line 1 column N" is left out of field errors (the field is named instead).
    assert_eq!(failed["error"]["message"], "`category`: invalid type: integer `7`, expected a string", "{failed}");
    let no_ask = ask(&e, r#"{"id":"q-2","notice":"u","service":"Dated service"}"#);
    assert_eq!(no_ask["id"], "q-2");
    assert_eq!(
        no_ask["error"]["message"],
        "the question has no `ask`; expected one of share, collect, use, transfer, retention, automated_decision, rights"
    );
}

/// `Engine::resolved` and `check_ids`, the checked constructor from ids (the C typed path and
/// the peers use it): each id checked against the engine's tables on both sides of the last
/// one, each slot against the kind's row, a transfer's missing country taken from the
/// recipient, and the result the one `resolve` builds from names.
#[test]
fn ids_are_checked_against_the_engine_and_the_kind() {
    use noticegate::kind::Ids;
    use noticegate::{Action, Date, Facts, VocabKind};
    let e = Engine::builtin();
    let set = e.policy();
    let id = |kind: VocabKind, name: &str| e.lookup(kind, name, "test").unwrap();
    let as_of = Date::parse("2026-11-23").unwrap();
    let service = e.resolve_service(None, Some("Community Directory")).unwrap();
    let share = Ids {
        action: Action::Share,
        activity: service,
        category: id(VocabKind::Category, "Email address"),
        object: Some(id(VocabKind::Recipient, "PCG UK")),
        filter: None,
        basis: None,
    };
    let by_name = e
        .resolve(&parse_question(r#"{"ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23"}"#).unwrap())
        .unwrap();
    assert_eq!(e.resolved(share, as_of, Facts::default()).unwrap(), by_name);
    let field = |ids: Ids| e.check_ids(ids).map(|_| ()).map_err(|err| (err.code.name(), err.field));
    let len = |kind: VocabKind| set.vocab.table(kind).entries.len() as u32;
    // Ids: the last of each table is one, the next is not.
    let activities = set.activities.len() as u32;
    assert_eq!(field(Ids { activity: activities - 1, ..share }), Ok(()));
    assert_eq!(field(Ids { activity: activities, ..share }), Err(("invalid_field", Some("service".into()))));
    let categories = len(VocabKind::Category);
    assert_eq!(field(Ids { category: categories - 1, ..share }), Ok(()));
    assert_eq!(field(Ids { category: categories, ..share }), Err(("invalid_field", Some("category".into()))));
    // No category: only where the kind does without one (a right), never for a share.
    let no_category = noticegate::compile::NO_CATEGORY;
    assert_eq!(field(Ids { category: no_category, ..share }), Err(("invalid_field", Some("category".into()))));
    let right = Ids { action: Action::Rights, category: no_category, object: Some(0), ..share };
    assert_eq!(field(right), Ok(()));
    // Slots the kind has no use for, and a required one left out.
    let collect = Ids { action: Action::Collect, object: None, ..share };
    assert_eq!(field(collect), Ok(()));
    assert!(field(Ids { object: Some(0), ..collect }).is_err());
    assert!(field(Ids { filter: Some(0), ..collect }).is_err());
    assert_eq!(field(Ids { object: None, ..share }), Err(("missing_field", Some("recipient".into()))));
    // A transfer without a country takes its recipient's; without one that knows its country,
    // the country is missing, and the message says a recipient would do.
    let salesforce = id(VocabKind::Recipient, "Salesforce");
    let us = id(VocabKind::Country, "us");
    let transfer = Ids { action: Action::Transfer, object: None, filter: Some(salesforce), ..share };
    assert_eq!(e.check_ids(transfer).unwrap().resolved(as_of, Facts::default()).object, us);
    let nobody = e.check_ids(Ids { filter: None, ..transfer }).unwrap_err();
    assert_eq!((nobody.code.name(), nobody.field.as_deref()), ("missing_field", Some("country")));
    assert!(nobody.message.contains("or a `recipient` whose country"), "{}", nobody.message);
    // A question naming a field its kind does not take is an error, not a field ignored.
    let stray = parse_question(r#"{"ask":"collect","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23"}"#).unwrap();
    assert_eq!(e.resolve(&stray).unwrap_err().code.name(), "invalid_field");
}
