//! The export gate (`gate.rs`) on both sides of every line it draws: which columns and rows
//! may go (only permits; a conditional column under and without `pass_conditional`; special
//! category and criminal offence columns; row fact combinations, unknown and invalid fact
//! values; unclassified names and ties), with the report that explains it.
//!
//! The policy set is `gate_fixture` (written in the tests, like `boundaries.rs`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use noticegate::classify::Sample;
use noticegate::gate::{sample_of_text, ColumnReport, ColumnStatus, Gate, GateError, GateOptions, GateOutcome, RowFacts};
use noticegate::{Date, FactInput, Verdict};

mod gate_fixture;

use gate_fixture::engine;

fn options() -> GateOptions {
    GateOptions { service: "Exports".into(), recipient: "Partner".into(), as_of: Date::parse("2026-11-23"), ..GateOptions::default() }
}

fn column<'a>(o: &'a GateOutcome, name: &str) -> &'a ColumnReport {
    o.report.columns.iter().find(|c| c.column == name).unwrap_or_else(|| panic!("no column {name}"))
}

fn status(o: &GateOutcome, name: &str) -> ColumnStatus {
    column(o, name).status
}

fn text(s: &str) -> Option<FactInput<'static>> {
    Some(FactInput::Text(Cow::Owned(s.to_string())))
}

fn err<T>(r: Result<T, GateError>) -> GateError {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn the_fixture_classifies_by_name() {
    let e = engine();
    for (name, category) in [
        ("nickname", "nickname"),
        ("email_address", "contact.email"),
        ("telephone_number", "contact.phone"),
        ("health_condition", "health"),
        ("criminal_convictions", "convictions"),
        ("salary", "salary"),
        ("exam_grade", "grade"),
        ("postal_address", "postal"),
    ] {
        assert_eq!(e.classify(name).category.as_deref(), Some(category), "{name}");
    }
    let tie = e.classify("shoe_size_or_hat_size");
    assert_eq!(tie.category, None);
    assert!(tie.candidates.len() > 1, "{tie:?}");
}

#[test]
fn sample_of_text_reads_cells_as_the_classifier_needs_them() {
    let cases: &[(&str, Sample<'_>)] = &[
        ("", Sample::Null),
        ("   ", Sample::Null),
        ("true", Sample::Bool(true)),
        ("TRUE", Sample::Bool(true)),
        ("False", Sample::Bool(false)),
        ("0", Sample::Int(0)),
        ("12", Sample::Int(12)),
        (" 12 ", Sample::Int(12)),
        ("-5", Sample::Int(-5)),
        ("123456789012345678", Sample::Int(123_456_789_012_345_678)),
        ("1234567890123456789", Sample::Text("1234567890123456789")),
        ("0123", Sample::Text("0123")),
        ("-05", Sample::Text("-05")),
        ("07700 900123", Sample::Text("07700 900123")),
        ("1.5", Sample::Float(1.5)),
        ("-2.25", Sample::Float(-2.25)),
        ("0.5", Sample::Float(0.5)),
        ("1.", Sample::Float(1.0)),
        (".", Sample::Text(".")),
        ("1.2.3", Sample::Text("1.2.3")),
        ("01.5", Sample::Text("01.5")),
        ("12a", Sample::Text("12a")),
        ("-", Sample::Text("-")),
    ];
    for (cell, sample) in cases {
        assert_eq!(&sample_of_text(cell), sample, "{cell:?}");
    }
}

#[test]
fn only_permits_go_without_pass_conditional() {
    let e = engine();
    let names = ["nickname", "email_address", "telephone_number", "health_condition", "criminal_convictions", "salary", "postal_address", "shoe_size_or_hat_size", "favourite_colour"];
    let o = e.gate_columns(&names, 4, &options()).unwrap();
    assert_eq!(o.passed, [0]);
    assert_eq!(o.combination_ok, [true]);
    assert_eq!((o.report.rows_in, o.report.rows_out, o.report.rows_held()), (4, 4, 0));
    assert_eq!(o.report.passed().collect::<Vec<_>>(), ["nickname"]);
    let expect = [
        ("nickname", ColumnStatus::Allowed, Some(Verdict::Permit)),
        ("email_address", ColumnStatus::Blocked, Some(Verdict::Conditional)),
        ("telephone_number", ColumnStatus::Blocked, Some(Verdict::Conditional)),
        ("health_condition", ColumnStatus::Blocked, Some(Verdict::Conditional)),
        ("criminal_convictions", ColumnStatus::Blocked, Some(Verdict::Conditional)),
        ("salary", ColumnStatus::Blocked, Some(Verdict::Deny)),
        ("postal_address", ColumnStatus::Blocked, Some(Verdict::NotStated)),
        ("shoe_size_or_hat_size", ColumnStatus::Unclassified, None),
        ("favourite_colour", ColumnStatus::Unclassified, None),
    ];
    for (name, s, v) in expect {
        let c = column(&o, name);
        assert_eq!((c.status, c.verdict), (s, v), "{name}: {c:?}");
        assert_eq!(c.passed(), s == ColumnStatus::Allowed, "{name}");
    }
    // The report says what decided: the category, the words, the rule and its quote.
    let nick = column(&o, "nickname");
    assert_eq!((nick.category.as_deref(), nick.category_label.as_deref(), nick.classified_by), (Some("nickname"), Some("Nickname"), Some("name")));
    assert_eq!(nick.matched_words, ["nickname"]);
    assert_eq!(nick.reasons[0].rule, "n.share.nickname");
    assert_eq!(nick.reasons[0].quote, "We share nicknames.");
    assert!(nick.obligations.is_empty());
    let email = column(&o, "email_address");
    assert_eq!(email.obligations.iter().map(|o| o.fact.as_str()).collect::<Vec<_>>(), ["consent"]);
    let salary = column(&o, "salary");
    assert_eq!(salary.reasons[0].quote, "We never share salaries.");
    assert!((!salary.special_category, !salary.criminal_offence) == (true, true));
    let health = column(&o, "health_condition");
    assert!(health.special_category && !health.criminal_offence);
    let crim = column(&o, "criminal_convictions");
    assert!(crim.criminal_offence && !crim.special_category);
    // Unclassified: a name that fits nothing, and a tie with its candidates.
    let tie = column(&o, "shoe_size_or_hat_size");
    assert!(tie.candidates.len() > 1);
    assert!(tie.notes[0].starts_with("More than one category fits"), "{:?}", tie.notes);
    let none = column(&o, "favourite_colour");
    assert!(none.candidates.is_empty());
    assert!(none.notes[0].starts_with("No category matches"), "{:?}", none.notes);
    assert!(o.report.row_groups.is_empty());
    assert_eq!((o.report.service.as_str(), o.report.recipient.as_str()), ("Exports", "Partner"));
    assert_eq!(o.report.policy_hash, e.policy_hash());
}

#[test]
fn pass_conditional_lets_ordinary_conditional_columns_through_but_never_special_or_criminal() {
    let e = engine();
    let mut opts = options();
    opts.pass_conditional = true;
    let names = ["nickname", "email_address", "telephone_number", "health_condition", "criminal_convictions", "salary", "postal_address", "shoe_size_or_hat_size"];
    let o = e.gate_columns(&names, 3, &opts).unwrap();
    assert_eq!(o.passed, [0, 1, 2]);
    assert_eq!(status(&o, "nickname"), ColumnStatus::Allowed);
    assert_eq!(status(&o, "email_address"), ColumnStatus::Conditional);
    assert_eq!(status(&o, "telephone_number"), ColumnStatus::Conditional);
    assert!(column(&o, "email_address").passed());
    // Obligations travel with the column.
    assert_eq!(column(&o, "telephone_number").obligations[0].fact, "dpa");
    for stays in ["health_condition", "criminal_convictions", "salary", "postal_address"] {
        assert_eq!(status(&o, stays), ColumnStatus::Blocked, "{stays}");
    }
    assert_eq!(status(&o, "shoe_size_or_hat_size"), ColumnStatus::Unclassified);
    assert_eq!(o.report.rows_out, 3);

    // A special-category column mapped by the caller is still special.
    let mut opts2 = opts.clone();
    opts2.columns.insert("col_h".into(), "Health condition".into());
    opts2.columns.insert("col_c".into(), "convictions".into());
    let o = e.gate_columns(&["col_h", "col_c"], 1, &opts2).unwrap();
    assert!(o.passed.is_empty());
    assert!(column(&o, "col_h").special_category && column(&o, "col_c").criminal_offence);
    assert_eq!(column(&o, "col_h").classified_by, Some("columns"));
}

#[test]
fn a_permit_with_its_facts_stated_lets_special_and_criminal_columns_go() {
    let e = engine();
    let mut opts = options();
    opts.facts.insert("dpa".into(), FactInput::Bool(true));
    let o = e.gate_columns(&["health_condition", "criminal_convictions", "telephone_number"], 2, &opts).unwrap();
    assert_eq!(o.passed, [0, 1, 2]);
    for c in &o.report.columns {
        assert_eq!((c.status, c.verdict), (ColumnStatus::Allowed, Some(Verdict::Permit)), "{c:?}");
    }
    assert!(column(&o, "health_condition").special_category);
    // Stated false: the permit does not apply, nothing else permits.
    opts.facts.insert("dpa".into(), FactInput::Bool(false));
    let o = e.gate_columns(&["health_condition", "telephone_number"], 2, &opts).unwrap();
    assert!(o.passed.is_empty());
    assert_eq!(column(&o, "telephone_number").verdict, Some(Verdict::NotStated));
}

#[test]
fn another_recipient_service_basis_or_purpose_is_asked_as_given() {
    let e = engine();
    let mut opts = options();
    opts.recipient = "Press".into();
    let o = e.gate_columns(&["nickname"], 1, &opts).unwrap();
    assert_eq!(column(&o, "nickname").verdict, Some(Verdict::NotStated));
    assert_eq!(o.report.recipient, "Press");
    let mut opts = options();
    opts.service = "Shared desk".into();
    opts.notice = Some("n".into());
    let o = e.gate_columns(&["nickname"], 1, &opts).unwrap();
    assert_eq!(column(&o, "nickname").verdict, Some(Verdict::NotStated));
    assert_eq!(o.report.service, "Shared desk");
    // A basis and a purpose are asked as given: the gate's verdict is the engine's.
    for (basis, purpose) in [(Some("Consent basis"), None), (None, Some("Research")), (Some("Consent basis"), Some("Research"))] {
        let mut opts = options();
        opts.basis = basis.map(str::to_string);
        opts.purpose = purpose.map(str::to_string);
        let o = e.gate_columns(&["nickname"], 1, &opts).unwrap();
        let mut q = r#"{"ask":"share","service":"Exports","recipient":"Partner","category":"Nickname","as_of":"2026-11-23""#.to_string();
        if let Some(b) = basis {
            q += &format!(r#","basis":"{b}""#);
        }
        if let Some(p) = purpose {
            q += &format!(r#","purpose":"{p}""#);
        }
        let answer: serde_json::Value = serde_json::from_str(&e.ask_json(&(q + "}"))).unwrap();
        assert_eq!(serde_json::to_value(column(&o, "nickname").verdict).unwrap(), answer["verdict"], "{basis:?} {purpose:?}");
    }
}

#[test]
fn names_that_do_not_resolve_are_errors_naming_the_option() {
    let e = engine();
    let mut opts = options();
    opts.service = "Exprots".into();
    let x = err(Gate::new(&e, &["nickname"], &opts));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("unknown_name", Some("service")));
    assert_eq!(x.suggestions, ["Exports"]);
    let mut opts = options();
    opts.service = "Shared desk".into();
    let x = err(Gate::new(&e, &["nickname"], &opts));
    assert_eq!(x.code, "ambiguous_name");
    let mut opts = options();
    opts.recipient = "Nobody".into();
    assert_eq!(err(Gate::new(&e, &["nickname"], &opts)).field.as_deref(), Some("recipient"));
    let mut opts = options();
    opts.basis = Some("Whim".into());
    assert_eq!(err(Gate::new(&e, &["nickname"], &opts)).field.as_deref(), Some("basis"));
    let mut opts = options();
    opts.purpose = Some("Fun".into());
    assert_eq!(err(Gate::new(&e, &["nickname"], &opts)).field.as_deref(), Some("purpose"));
    let mut opts = options();
    opts.facts.insert("mood".into(), FactInput::Bool(true));
    let x = err(Gate::new(&e, &["nickname"], &opts));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("unknown_name", Some("facts.mood")));
    let mut opts = options();
    opts.columns.insert("nickname".into(), "Boot size".into());
    let x = err(Gate::new(&e, &["nickname"], &opts));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("unknown_name", Some("columns.nickname")));
}

#[test]
fn duplicate_and_missing_columns_are_errors() {
    let e = engine();
    let x = err(Gate::new(&e, &["salary", "nickname", "salary", "nickname", "salary", "x"], &options()));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("duplicate_column", Some("columns")));
    assert!(x.message.ends_with(": nickname, salary"), "{}", x.message);
    // A mapping naming a column the table lacks, with the closest names first.
    let mut opts = options();
    opts.columns.insert("emial_address".into(), "Email address".into());
    let x = err(Gate::new(&e, &["email_addresses", "email_address", "nickname"], &opts));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("missing_column", Some("columns")));
    assert_eq!(x.suggestions, ["email_address", "email_addresses"]);
    assert!(x.message.contains("\"emial_address\"") && x.message.contains("email_addresses, email_address, nickname"), "{}", x.message);
    let mut opts = options();
    opts.row_facts = Some(BTreeMap::from([("consnet".to_string(), "consent".to_string())]));
    let x = err(Gate::new(&e, &["consent", "nickname"], &opts));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("missing_column", Some("row_facts")));
    assert_eq!(x.suggestions, ["consent"]);
    let mut opts = options();
    opts.row_facts = Some(BTreeMap::from([("consent".to_string(), "mood".to_string())]));
    let x = err(Gate::new(&e, &["consent"], &opts));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("unknown_name", Some("row_facts")));
}

#[test]
fn a_fact_from_the_options_and_a_column_or_two_columns_is_an_error() {
    let e = engine();
    let mut opts = options();
    opts.facts.insert("consent".into(), text("given").unwrap());
    let x = err(Gate::new(&e, &["email_address", "consent"], &opts));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("invalid_field", Some("facts")));
    // Named in the mapping of columns, a column called `consent` is data, not a fact.
    let mut opts2 = opts.clone();
    opts2.columns.insert("consent".into(), "Nickname".into());
    let gate = Gate::new(&e, &["email_address", "consent"], &opts2).unwrap();
    assert!(gate.fact_columns().is_empty());
    let mut opts = options();
    opts.row_facts = Some(BTreeMap::from([("c1".to_string(), "consent".to_string()), ("c2".to_string(), "Consent".to_string())]));
    let x = err(Gate::new(&e, &["c1", "c2"], &opts));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("invalid_field", Some("row_facts")));
    assert!(x.message.contains("more than one column"), "{}", x.message);
}

#[test]
fn row_fact_columns_are_found_by_name_or_mapping_in_column_order() {
    let e = engine();
    let gate = Gate::new(&e, &["age", "email_address", "Processing agreement", "consent"], &options()).unwrap();
    let found: Vec<(usize, &str)> = gate.fact_columns().iter().map(|f| (f.column, f.fact_id.as_str())).collect();
    assert_eq!(found, [(0, "age"), (2, "dpa"), (3, "consent")]);
    assert_eq!(gate.names(), ["age", "email_address", "Processing agreement", "consent"]);
    // A mapping names them instead (and only them), sorted by column.
    let mut opts = options();
    opts.row_facts = Some(BTreeMap::from([("z_ok".to_string(), "consent".to_string()), ("a_years".to_string(), "age".to_string())]));
    let gate = Gate::new(&e, &["email_address", "z_ok", "dpa", "a_years"], &opts).unwrap();
    let found: Vec<(usize, &str)> = gate.fact_columns().iter().map(|f| (f.column, f.fact_id.as_str())).collect();
    assert_eq!(found, [(1, "consent"), (3, "age")]);
}

#[test]
fn row_facts_gate_rows_asked_once_per_combination() {
    let e = engine();
    let gate = Gate::new(&e, &["email_address", "consent", "nickname"], &options()).unwrap();
    let combos: Vec<(RowFacts, u64)> = vec![(vec![text("given")], 5), (vec![text("withdrawn")], 2), (vec![None], 1)];
    let o = gate.decide(&combos).unwrap();
    assert_eq!(o.passed, [0, 2]);
    assert_eq!(o.combination_ok, [true, false, false]);
    assert_eq!((o.report.rows_in, o.report.rows_out, o.report.rows_held()), (8, 5, 3));
    let email = column(&o, "email_address");
    assert_eq!((email.status, email.verdict, email.rows_excluded), (ColumnStatus::Allowed, Some(Verdict::Permit), 3));
    // The row fact is not an obligation the column carries: it gates rows.
    assert!(email.obligations.is_empty());
    assert_eq!(column(&o, "nickname").rows_excluded, 0);
    let fact = column(&o, "consent");
    assert_eq!((fact.status, fact.category.as_deref(), fact.category_label.as_deref(), fact.classified_by), (ColumnStatus::Fact, Some("consent"), Some("Consent"), Some("fact")));
    assert!(!fact.passed());
    let groups = &o.report.row_groups;
    assert_eq!(groups.len(), 3);
    assert_eq!(groups[0].facts, BTreeMap::from([("consent".to_string(), text("given"))]));
    assert_eq!((groups[0].rows, groups[0].kept), (5, true));
    assert!(groups[0].blocked_by.is_empty());
    assert_eq!((groups[1].rows, groups[1].kept), (2, false));
    assert_eq!(groups[1].blocked_by, [("email_address".to_string(), Verdict::NotStated)]);
    assert_eq!(groups[2].facts, BTreeMap::from([("consent".to_string(), None)]));
    assert_eq!(groups[2].blocked_by, [("email_address".to_string(), Verdict::Conditional)]);
}

#[test]
fn columns_fixed_beforehand_must_be_data_columns() {
    let e = engine();
    let gate = Gate::new(&e, &["email_address", "consent", "nickname"], &options()).unwrap();
    let combos: Vec<(RowFacts, u64)> = vec![(vec![text("given")], 5), (vec![text("withdrawn")], 2)];
    let fixed = gate.decide_for_columns(&combos, &[0, 2]).unwrap();
    assert_eq!(fixed.passed, [0, 2]);
    assert_eq!(fixed.combination_ok, [true, false]);
    // A row fact column never goes, and an index past the table is no column at all.
    let fact = err(gate.decide_for_columns(&combos, &[1]));
    assert_eq!((fact.code.as_str(), fact.field.as_deref()), ("invalid_field", Some("columns")));
    assert!(fact.message.contains("\"consent\""), "{}", fact.message);
    let past = err(gate.decide_for_columns(&combos, &[0, 9]));
    assert!(past.message.contains("column 9"), "{}", past.message);
}

#[test]
fn a_column_goes_only_when_a_combination_present_in_the_rows_permits_it() {
    let e = engine();
    let gate = Gate::new(&e, &["email_address", "consent", "nickname"], &options()).unwrap();
    // The permitting combination has no rows: the column stays, the other rows go.
    let o = gate.decide(&[(vec![text("given")], 0), (vec![text("withdrawn")], 4)]).unwrap();
    assert_eq!(o.passed, [2]);
    assert_eq!(o.combination_ok, [true, true]);
    assert_eq!(o.report.rows_out, 4);
    let email = column(&o, "email_address");
    assert_eq!((email.status, email.verdict, email.rows_excluded), (ColumnStatus::Blocked, Some(Verdict::NotStated), 0));
    // An empty table: the column goes when its one combination may.
    let o = gate.decide(&[(vec![text("given")], 0)]).unwrap();
    assert_eq!(o.passed, [0, 2]);
    assert_eq!((o.report.rows_in, o.report.rows_out), (0, 0));
    // No combinations at all: one empty one is asked (and a fact column needs a value).
    let plain = Gate::new(&e, &["nickname"], &options()).unwrap();
    let o = plain.decide(&[]).unwrap();
    assert_eq!((o.passed.as_slice(), o.report.rows_in), (&[0usize][..], 0));
    let x = err(gate.decide(&[]));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("invalid_field", Some("row_facts")));
    let x = err(gate.decide(&[(vec![text("given"), None], 1)]));
    assert!(x.message.contains("2 values for 1 fact columns"), "{}", x.message);
}

#[test]
fn the_report_cites_the_combination_with_most_rows_and_a_conditional_when_one_lets_the_column_go() {
    let e = engine();
    let mut opts = options();
    opts.pass_conditional = true;
    let gate = Gate::new(&e, &["telephone_number", "dpa", "salary"], &opts).unwrap();
    let o = gate.decide(&[(vec![Some(FactInput::Bool(true))], 3), (vec![Some(FactInput::Bool(false))], 7)]).unwrap();
    // Passed: the combinations that go are chosen from, the largest first.
    assert_eq!(o.passed, [0]);
    let phone = column(&o, "telephone_number");
    assert_eq!((phone.status, phone.verdict, phone.rows_excluded), (ColumnStatus::Allowed, Some(Verdict::Permit), 7));
    // Blocked everywhere: the largest combination is cited.
    let salary = column(&o, "salary");
    assert_eq!((salary.status, salary.verdict), (ColumnStatus::Blocked, Some(Verdict::Deny)));
    assert_eq!(o.combination_ok, [true, false]);
    assert_eq!(o.report.rows_out, 3);

    // Under pass_conditional a column conditional on a whole-export fact goes with its
    // obligations, and the report cites that conditional decision over a permitting one.
    let gate = Gate::new(&e, &["email_address", "telephone_number", "consent"], &opts).unwrap();
    let o = gate.decide(&[(vec![text("given")], 9), (vec![text("withdrawn")], 1)]).unwrap();
    assert_eq!(o.passed, [0, 1]);
    assert_eq!(status(&o, "telephone_number"), ColumnStatus::Conditional);
    assert_eq!(column(&o, "telephone_number").rows_excluded, 0);
    assert_eq!(status(&o, "email_address"), ColumnStatus::Allowed);
    assert_eq!(o.combination_ok, [true, false]);
}

#[test]
fn pass_conditional_never_passes_an_obligation_about_a_row_fact() {
    let e = engine();
    let mut opts = options();
    opts.pass_conditional = true;
    // Unknown consent on some rows: those rows are held back, not passed with an obligation.
    let gate = Gate::new(&e, &["email_address", "consent"], &opts).unwrap();
    let o = gate.decide(&[(vec![text("given")], 2), (vec![None], 5)]).unwrap();
    assert_eq!(o.passed, [0]);
    assert_eq!(o.combination_ok, [true, false]);
    assert_eq!(o.report.rows_out, 2);
    assert_eq!(column(&o, "email_address").status, ColumnStatus::Allowed);
    assert_eq!(column(&o, "email_address").rows_excluded, 5);
    // Only unknown rows: nothing permits, the column stays.
    let o = gate.decide(&[(vec![None], 5)]).unwrap();
    assert!(o.passed.is_empty());
    assert_eq!(column(&o, "email_address").verdict, Some(Verdict::Conditional));
    assert_eq!(o.report.rows_out, 5);
}

#[test]
fn number_and_date_row_facts_on_both_sides_of_the_bound() {
    let e = engine();
    let gate = Gate::new(&e, &["exam_grade", "age"], &options()).unwrap();
    let n = |v: f64| Some(FactInput::Number(v));
    let o = gate.decide(&[(vec![n(15.0)], 1), (vec![n(16.0)], 2), (vec![n(17.0)], 4)]).unwrap();
    assert_eq!(o.passed, [0]);
    assert_eq!(o.combination_ok, [false, true, true]);
    assert_eq!(o.report.rows_out, 6);
    assert_eq!(column(&o, "exam_grade").rows_excluded, 1);
    // From text cells, as the CLI reads them.
    assert_eq!(gate.fact_from_text(0, "16").unwrap(), n(16.0));
    assert_eq!(gate.fact_from_text(0, " 15.5 ").unwrap(), n(15.5));
    let x = err(gate.fact_from_text(0, "sixteen"));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("invalid_fact_value", Some("age")));
    assert!(x.message.contains("a number") && x.message.contains("\"sixteen\""), "{}", x.message);
    let dated = Gate::new(&e, &["nickname", "Review date"], &options()).unwrap();
    assert_eq!(dated.fact_from_text(0, "2026-02-29").ok(), None, "not a date");
    assert_eq!(dated.fact_from_text(0, "2024-02-29").unwrap(), text("2024-02-29"));
    let x = err(dated.fact_from_text(0, "29/02/2024"));
    assert!(x.message.contains("YYYY-MM-DD"), "{}", x.message);
}

#[test]
fn fact_cells_are_read_as_their_fact_type() {
    let e = engine();
    let gate = Gate::new(&e, &["dpa", "consent"], &options()).unwrap();
    for t in ["true", "YES", "y", "1", "T", " yes "] {
        assert_eq!(gate.fact_from_text(0, t).unwrap(), Some(FactInput::Bool(true)), "{t}");
    }
    for t in ["false", "No", "n", "0", "f"] {
        assert_eq!(gate.fact_from_text(0, t).unwrap(), Some(FactInput::Bool(false)), "{t}");
    }
    for t in ["", "  ", "null", "NA", "n/a", "None"] {
        assert_eq!(gate.fact_from_text(0, t).unwrap(), None, "{t:?}");
        assert_eq!(gate.fact_from_text(1, t).unwrap(), None, "{t:?}");
    }
    let x = err(gate.fact_from_text(0, "maybe"));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("invalid_fact_value", Some("dpa")));
    assert!(x.message.contains("true or false"), "{}", x.message);
    // Enum values are matched as names are, and given back as the fact spells them.
    assert_eq!(gate.fact_from_text(1, "Given").unwrap(), text("given"));
    assert_eq!(gate.fact_from_text(1, "WITHDRAWN").unwrap(), text("withdrawn"));
    let x = err(gate.fact_from_text(1, "revoked"));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("invalid_fact_value", Some("consent")));
    assert!(x.message.contains("one of given, withdrawn"), "{}", x.message);
}

#[test]
fn a_row_fact_value_the_fact_does_not_have_names_its_column() {
    let e = engine();
    let mut opts = options();
    opts.row_facts = Some(BTreeMap::from([("ok".to_string(), "consent".to_string())]));
    let gate = Gate::new(&e, &["email_address", "ok"], &opts).unwrap();
    let x = err(gate.decide(&[(vec![text("perhaps")], 1)]));
    assert_eq!(x.field.as_deref(), Some("ok"));
    assert_eq!(x.code, "invalid_field");
}

#[test]
fn gate_columns_treats_every_row_fact_as_unknown() {
    let e = engine();
    let o = e.gate_columns(&["email_address", "consent", "nickname"], 6, &options()).unwrap();
    assert_eq!(o.passed, [2]);
    assert_eq!(column(&o, "email_address").verdict, Some(Verdict::Conditional));
    assert_eq!(o.combination_ok, [true]);
    assert_eq!(o.report.row_groups.len(), 1);
    assert_eq!(o.report.row_groups[0].facts, BTreeMap::from([("consent".to_string(), None)]));
    assert_eq!((o.report.rows_in, o.report.rows_out), (6, 6));
    // Only fact columns: every row goes, no column does.
    let o = e.gate_columns(&["consent"], 6, &options()).unwrap();
    assert!(o.passed.is_empty());
    assert_eq!((o.report.rows_in, o.report.rows_out), (6, 6));
}

#[test]
fn samples_classify_confirm_or_are_mixed_types() {
    let e = engine();
    let emails = vec![Sample::Text("a@example.org"), Sample::Text("b@example.org"), Sample::Text("c@example.net")];
    let gate = Gate::with_samples(&e, &["contact", "email_address", "nickname"], &[emails.clone(), emails, vec![Sample::Text("Bobby")]], &options()).unwrap();
    let o = gate.decide(&[(Vec::new(), 3)]).unwrap();
    let by_values = column(&o, "contact");
    assert_eq!((by_values.category.as_deref(), by_values.classified_by), (Some("contact.email"), Some("values")));
    let by_name = column(&o, "email_address");
    assert_eq!((by_name.category.as_deref(), by_name.classified_by), (Some("contact.email"), Some("name")));
    assert_eq!(column(&o, "nickname").classified_by, Some("name"));
    let x = err(Gate::with_samples(&e, &["exam_grade"], &[vec![Sample::Int(7), Sample::Text("seven")]], &options()));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("mixed_types", Some("exam_grade")));
    let x = err(Gate::with_samples(&e, &["a", "b"], &[vec![]], &options()));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("invalid_field", Some("samples")));
    assert!(x.message.contains("1 samples for 2 columns"), "{}", x.message);
}

#[test]
fn errors_keep_the_question_error_code() {
    let e = engine();
    let mut opts = options();
    opts.facts.insert("age".into(), text("old").unwrap());
    let x = err(Gate::new(&e, &["nickname"], &opts));
    assert_eq!((x.code.as_str(), x.field.as_deref()), ("invalid_field", Some("facts.age")));
    assert!(!x.message.is_empty());
    assert_eq!(x.to_string(), format!("invalid_field: {}", x.message));
}

#[test]
fn columns_that_go_with_different_rows_leave_no_row_to_go() {
    let e = engine();
    // Email goes with consent given, the grade at 16 or over: each has rows it may go with,
    // but no row may carry both, so both columns go and every row stays.
    let gate = Gate::new(&e, &["email_address", "exam_grade", "consent", "age"], &options()).unwrap();
    let n = |v: f64| Some(FactInput::Number(v));
    let o = gate.decide(&[(vec![text("given"), n(15.0)], 3), (vec![text("withdrawn"), n(17.0)], 4)]).unwrap();
    assert_eq!(o.passed, [0, 1]);
    assert_eq!(o.combination_ok, [false, false]);
    assert_eq!((o.report.rows_in, o.report.rows_out), (7, 0));
    // No combination goes, so each column cites one it may go with (its permit), not the
    // largest (where it may not).
    assert_eq!(column(&o, "email_address").verdict, Some(Verdict::Permit));
    assert_eq!(column(&o, "email_address").status, ColumnStatus::Allowed);
    assert_eq!(column(&o, "exam_grade").status, ColumnStatus::Allowed);
    assert_eq!(column(&o, "email_address").rows_excluded, 4);
    assert_eq!(column(&o, "exam_grade").verdict, Some(Verdict::Permit));
    assert_eq!(column(&o, "exam_grade").rows_excluded, 3);
    assert_eq!(o.report.row_groups[0].blocked_by, [("exam_grade".to_string(), Verdict::Conditional)]);
}

#[test]
fn a_column_that_goes_conditionally_on_some_rows_reports_the_conditional_decision() {
    let e = engine();
    let mut opts = options();
    opts.pass_conditional = true;
    // Age 17: the grade is permitted; age 15: conditional on the processing agreement (not a
    // row fact), which pass_conditional lets through. The report cites the conditional one,
    // with its obligation, though it has fewer rows.
    let gate = Gate::new(&e, &["exam_grade", "age"], &opts).unwrap();
    let n = |v: f64| Some(FactInput::Number(v));
    let o = gate.decide(&[(vec![n(17.0)], 6), (vec![n(15.0)], 2)]).unwrap();
    assert_eq!(o.passed, [0]);
    assert_eq!(o.combination_ok, [true, true]);
    assert_eq!(o.report.rows_out, 8);
    let grade = column(&o, "exam_grade");
    assert_eq!((grade.status, grade.verdict, grade.rows_excluded), (ColumnStatus::Conditional, Some(Verdict::Conditional), 0));
    assert_eq!(grade.obligations.iter().map(|o| o.fact.as_str()).collect::<Vec<_>>(), ["dpa"]);
    // Without pass_conditional the age-15 rows stay and the permit is cited.
    let gate = Gate::new(&e, &["exam_grade", "age"], &options()).unwrap();
    let o = gate.decide(&[(vec![n(17.0)], 6), (vec![n(15.0)], 2)]).unwrap();
    assert_eq!(o.combination_ok, [true, false]);
    let grade = column(&o, "exam_grade");
    assert_eq!((grade.status, grade.verdict, grade.rows_excluded), (ColumnStatus::Allowed, Some(Verdict::Permit), 2));
}

#[test]
fn a_name_qualified_by_another_party_is_unclassified_with_its_one_candidate() {
    // "GP" says the column describes the GP, not the person: the nickname is a candidate, not
    // the answer, and one candidate is not a tie.
    let o = engine().gate_columns(&["gp_nickname"], 1, &options()).unwrap();
    let c = column(&o, "gp_nickname");
    assert_eq!((c.status, c.category.as_deref()), (ColumnStatus::Unclassified, None));
    assert_eq!(c.candidates.iter().map(|c| c.category.as_str()).collect::<Vec<_>>(), ["nickname"]);
    assert!(c.notes[0].starts_with("No category matches"), "{:?}", c.notes);
    assert!(o.passed.is_empty());
}

#[test]
fn a_column_cites_a_combination_whose_rows_go_over_a_larger_one_whose_rows_stay() {
    let e = engine();
    let mut opts = options();
    opts.pass_conditional = true;
    let gate = Gate::new(&e, &["email_address", "exam_grade", "consent", "age"], &opts).unwrap();
    let n = |v: f64| Some(FactInput::Number(v));
    // Consent given at 17: both columns permitted, the rows go. Withdrawn at 15 (more rows):
    // the grade is conditional on the processing agreement (passable), the email not stated,
    // so those rows stay. The grade goes with the first rows only, and cites their permit.
    let o = gate.decide(&[(vec![text("given"), n(17.0)], 2), (vec![text("withdrawn"), n(15.0)], 5)]).unwrap();
    assert_eq!(o.passed, [0, 1]);
    assert_eq!(o.combination_ok, [true, false]);
    assert_eq!(o.report.rows_out, 2);
    let grade = column(&o, "exam_grade");
    assert_eq!((grade.status, grade.verdict, grade.rows_excluded), (ColumnStatus::Allowed, Some(Verdict::Permit), 0));
    assert!(grade.obligations.is_empty());
}

