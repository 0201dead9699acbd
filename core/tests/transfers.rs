//! Transfers abroad: the law's mechanisms by date, combined with a notice's promise.
//! Uses the built-in legal reference data (`policies/law/`) with a small test notice.

use noticegate::{Engine, PolicySources};
use serde_json::Value;

/// The built-in set plus a notice whose service may send data abroad (any lawful mechanism)
/// and a second service whose notice promises "only adequate countries".
fn engine() -> Engine {
    let mut sources = Engine::builtin_sources();
    sources.notice_texts.clear(); // the test notice has no text to check quotes against
    let test_notice = r#"
[notice]
id = "test_transfers"
title = "Transfer test notice"
controller = "Test"
role = "controller"
source = "test.txt"
regime = "UK GDPR"

[[activity]]
id = "t.anywhere"
label = "Anywhere service"

[[activity]]
id = "t.adequate_only"
label = "Adequate only service"

[[rule]]
id = "t.transfer.any"
action = "transfer"
effect = "permit"
activities = ["t.anywhere"]
section = "S"
quote = "We may transfer your data abroad."

[[rule]]
id = "t.transfer.adequate"
action = "transfer"
effect = "permit"
activities = ["t.adequate_only"]
mechanisms = ["uk_domestic", "eu_membership", "uk_adequacy_eea", "uk_adequacy_carried_over", "uk_adequacy_korea", "uk_us_data_bridge", "approved_eea", "approved_carried_over", "approved_us_data_bridge"]
section = "S"
quote = "We will only transfer your data to countries deemed adequate."
"#;
    sources.add("notices/test_transfers.toml", test_notice);
    Engine::load(&sources).unwrap_or_else(|e| panic!("{e}"))
}

fn ask(engine: &Engine, service: &str, country: &str, date: &str, facts: &str) -> Value {
    let line = format!(
        r#"{{"ask":"transfer","notice":"test_transfers","service":"{service}","category":"Name","country":"{country}","as_of":"{date}","facts":{{{facts}}}}}"#
    );
    serde_json::from_str(&engine.ask_json(&line)).unwrap()
}

#[test]
fn privacy_shield_ends_on_16_july_2020() {
    let e = engine();
    let before = ask(&e, "Anywhere service", "United States", "2020-07-15", r#""privacy_shield_certified":true"#);
    assert_eq!(before["verdict"], "permit", "{before}");
    assert_eq!(before["mechanism"]["id"], "privacy_shield");
    let no_contracts = r#""privacy_shield_certified":true,"old_sccs_in_place":false,"idta_in_place":false,"uk_addendum_in_place":false"#;
    let after = ask(&e, "Anywhere service", "United States", "2020-07-16", no_contracts);
    assert_eq!(after["verdict"], "deny", "{after}");
    assert!(after["notes"][0].as_str().unwrap().contains("no transfer mechanism"), "{after}");
    // Without the facts, standard contractual clauses remain a route.
    let open = ask(&e, "Anywhere service", "United States", "2020-07-16", r#""privacy_shield_certified":true"#);
    assert_eq!(open["verdict"], "conditional");
    assert_eq!(open["obligations"][0]["fact"], "old_sccs_in_place");
    assert_eq!(open["mechanism"]["id"], "old_sccs");
}

#[test]
fn the_uk_us_data_bridge_starts_on_12_october_2023_for_certified_recipients() {
    let e = engine();
    let facts = r#""dpf_uk_extension_certified":true"#;
    assert_eq!(ask(&e, "Adequate only service", "US", "2023-10-11", facts)["verdict"], "deny");
    let on = ask(&e, "Adequate only service", "US", "2023-10-12", facts);
    assert_eq!(on["verdict"], "permit");
    assert_eq!(on["mechanism"]["id"], "uk_us_data_bridge");
    assert_eq!(on["mechanism"]["article"], "45");
    let uncertified = ask(&e, "Adequate only service", "US", "2023-10-12", r#""dpf_uk_extension_certified":false"#);
    assert_eq!(uncertified["verdict"], "deny");
    let unknown = ask(&e, "Adequate only service", "US", "2024-01-01", "");
    assert_eq!(unknown["verdict"], "conditional");
    assert_eq!(unknown["obligations"][0]["fact"], "dpf_uk_extension_certified");
}

#[test]
fn old_sccs_stop_on_21_march_2024_and_the_idta_starts_on_21_march_2022() {
    let e = engine();
    let old = r#""old_sccs_in_place":true,"idta_in_place":false,"uk_addendum_in_place":false"#;
    assert_eq!(ask(&e, "Anywhere service", "India", "2024-03-20", old)["mechanism"]["id"], "old_sccs");
    assert_eq!(ask(&e, "Anywhere service", "India", "2024-03-21", old)["verdict"], "deny");
    let idta = r#""old_sccs_in_place":false,"idta_in_place":true,"uk_addendum_in_place":false"#;
    assert_eq!(ask(&e, "Anywhere service", "India", "2022-03-20", idta)["verdict"], "deny");
    let on = ask(&e, "Anywhere service", "India", "2022-03-21", idta);
    assert_eq!(on["verdict"], "permit");
    assert_eq!(on["mechanism"]["id"], "idta");
    // A notice that promises adequate countries only does not rely on an IDTA.
    assert_eq!(ask(&e, "Adequate only service", "India", "2025-01-01", idta)["verdict"], "deny");
}

#[test]
fn article_45_becomes_article_45a_on_5_february_2026() {
    let e = engine();
    let before = ask(&e, "Adequate only service", "Netherlands", "2026-02-04", "");
    assert_eq!(before["verdict"], "permit");
    assert_eq!(before["mechanism"]["article"], "45");
    let after = ask(&e, "Adequate only service", "Netherlands", "2026-02-05", "");
    assert_eq!(after["verdict"], "permit");
    assert_eq!(after["mechanism"]["article"], "45A");
    assert_eq!(after["mechanism"]["id"], "approved_eea");
    // Before exit the EEA was not a third country.
    assert_eq!(ask(&e, "Adequate only service", "France", "2020-06-01", "")["mechanism"]["id"], "eu_membership");
    // Korea from 19 December 2022.
    assert_eq!(ask(&e, "Adequate only service", "South Korea", "2022-12-18", "")["verdict"], "deny");
    assert_eq!(ask(&e, "Adequate only service", "South Korea", "2022-12-19", "")["verdict"], "permit");
}

#[test]
fn within_the_uk_is_not_a_restricted_transfer_and_silence_permits_nothing() {
    let e = engine();
    let home = ask(&e, "Anywhere service", "UK", "2026-11-23", "");
    assert_eq!(home["verdict"], "permit");
    assert_eq!(home["mechanism"]["article"], "none");
    // The Community Directory notice names no transfer at all.
    let cd: Value = serde_json::from_str(&e.ask_json(
        r#"{"ask":"transfer","service":"Community Directory","category":"Name","country":"Netherlands","as_of":"2026-11-23"}"#,
    ))
    .unwrap();
    assert_eq!(cd["verdict"], "not_stated", "{cd}");
    let _ = PolicySources::default();
}
