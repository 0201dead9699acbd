//! Each check on a small policy set built here: one set that triggers it, one that does not.

use super::*;

const VOCABULARY: &str = r#"
[[basis]]
id = "contract"
label = "Performance of contract"
article = "6"

[[basis]]
id = "explicit_consent"
label = "Explicit consent"
article = "9"

[[category]]
id = "contact"
label = "Contact details"

[[category]]
id = "special"
label = "Special category data"
special_category = true

[[category]]
id = "special.health"
label = "Health"
parent = "special"

[[recipient]]
id = "third_party"
label = "Third parties"

[[recipient]]
id = "mis"
label = "MIS provider"
parent = "third_party"

[[fact]]
id = "troubleshooting"
label = "Troubleshooting"
type = "bool"

[[fact]]
id = "consent"
label = "Consent given"
type = "bool"

[[fact]]
id = "last_contact"
label = "Last contact"
type = "date"

[[record]]
id = "files"
label = "Files"

[[country]]
id = "fr"
label = "France"

[[country]]
id = "us"
label = "United States"

[[mechanism]]
id = "eu_membership"
label = "EU membership"
article = "eu_membership"
countries = ["fr"]
valid_from = 2018-05-25
valid_until = 2021-01-01
legal_source = "test"

[[mechanism]]
id = "uk_adequacy"
label = "UK adequacy"
article = "45"
countries = ["fr"]
valid_from = 2021-01-01
legal_source = "test"

[[mechanism]]
id = "contracts"
label = "Contracts"
article = "46"
legal_source = "test"
"#;

const TEXT: &str = "Alpha sentence. Bravo sentence. Charlie sentence. Delta sentence.";

/// Lints the vocabulary, a notice with `body` (activities, rules, findings) and a text.
fn lint_with(body: &str, text: &str) -> Result<Vec<Finding>, PolicyErrors> {
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", VOCABULARY);
    let notice = "[notice]\nid = \"n\"\ntitle = \"N\"\ncontroller = \"C\"\nrole = \"controller\"\nsource = \"n.txt\"\ndate = 2023-02-01\nregime = \"UK GDPR\"\n\n";
    sources.add("notices/n.toml", format!("{notice}{body}"));
    sources.add("sources/n.txt", text);
    lint(&sources)
}

fn codes(body: &str) -> Vec<String> {
    lint_with(body, TEXT).expect("the fixture loads").into_iter().map(|f| f.code).collect()
}

fn found(body: &str, code: &str) -> bool {
    codes(body).iter().any(|c| c == code)
}

const ACTIVITY: &str = "[[activity]]\nid = \"a\"\nlabel = \"A\"\n\n";
const CONTRACT: &str = "[[activity.basis]]\nbasis = \"contract\"\nsection = \"S\"\nquote = \"Alpha sentence.\"\n\n";
const EXPLICIT: &str = "[[activity.basis]]\nbasis = \"explicit_consent\"\nsection = \"S\"\nquote = \"Alpha sentence.\"\n\n";

fn rule(id: &str, keys: &str) -> String {
    format!("[[rule]]\nid = \"{id}\"\n{keys}\nsection = \"S\"\nquote = \"Bravo sentence.\"\n\n")
}

#[test]
fn empty_basis_needs_processing_without_any_basis() {
    let collect = rule("a.collect", "action = \"collect\"\neffect = \"permit\"\nactivities = [\"a\"]");
    assert!(found(&format!("{ACTIVITY}{collect}"), "empty-basis"));
    assert!(!found(&format!("{ACTIVITY}{CONTRACT}{collect}"), "empty-basis"));
    assert!(!found(ACTIVITY, "empty-basis"), "an activity that processes nothing needs no basis");
}

#[test]
fn special_category_needs_an_article_9_condition() {
    let collect = rule("a.collect.health", "action = \"collect\"\neffect = \"permit\"\nactivities = [\"a\"]\ncategories = [\"special.health\"]");
    let findings = lint_with(&format!("{ACTIVITY}{CONTRACT}{collect}"), TEXT).unwrap();
    let f = findings.iter().find(|f| f.code == "special-category-without-article-9").expect("found");
    assert_eq!(f.ids, ["a", "a.collect.health"]);
    assert_eq!(f.quotes, ["Bravo sentence."]);
    assert!(f.location.starts_with("notices/n.toml:"), "{}", f.location);
    assert!(!found(&format!("{ACTIVITY}{CONTRACT}{EXPLICIT}{collect}"), "special-category-without-article-9"));
    let contact = rule("a.collect.contact", "action = \"collect\"\neffect = \"permit\"\nactivities = [\"a\"]\ncategories = [\"contact\"]");
    assert!(!found(&format!("{ACTIVITY}{CONTRACT}{contact}"), "special-category-without-article-9"));
    let anything = rule("a.collect.any", "action = \"collect\"\neffect = \"permit\"\nactivities = [\"a\"]");
    assert!(found(&format!("{ACTIVITY}{CONTRACT}{anything}"), "special-category-without-article-9"), "no categories: every category");
}

const PROMISE: &str = "[[rule]]\nid = \"promise\"\naction = \"transfer\"\neffect = \"permit\"\nmechanisms = [\"eu_membership\", \"uk_adequacy\"]\nsection = \"S\"\nquote = \"Charlie sentence.\"\n\n";

#[test]
fn transfer_beyond_promise_needs_a_country_without_adequacy_or_a_contract() {
    let us = rule("to.us", "action = \"transfer\"\neffect = \"permit\"\ncountries = [\"us\"]");
    assert!(found(&format!("{PROMISE}{us}"), "transfer-beyond-promise"));
    assert!(!found(&us, "transfer-beyond-promise"), "no promise, nothing beyond it");
    let fr = rule("to.fr", "action = \"transfer\"\neffect = \"permit\"\ncountries = [\"fr\"]\nmechanisms = [\"uk_adequacy\"]");
    assert!(!found(&format!("{PROMISE}{fr}"), "transfer-beyond-promise"));
    let contracts = rule("contracts", "action = \"transfer\"\neffect = \"permit\"\nmechanisms = [\"contracts\"]");
    assert!(found(&format!("{PROMISE}{contracts}"), "transfer-beyond-promise"));
}

#[test]
fn eu_adequacy_reference_finds_the_sentence_of_the_notice() {
    let text = "We rely on an adequacy decision by the European Commission. Other words.";
    let findings = lint_with("", text).unwrap();
    let f = findings.iter().find(|f| f.code == "eu-adequacy-reference").expect("found");
    assert_eq!(f.quotes, ["We rely on an adequacy decision by the European Commission."]);
    assert!(lint_with("", "We rely on UK adequacy regulations. The European Commission is in Brussels.").unwrap().is_empty());
}

#[test]
fn recipient_without_basis_needs_a_share_resting_on_nothing() {
    let share = rule("a.share.mis", "action = \"share\"\neffect = \"permit\"\nactivities = [\"a\"]\nrecipients = [\"mis\"]");
    assert!(found(&format!("{ACTIVITY}{share}"), "recipient-without-basis"));
    assert!(!found(&format!("{ACTIVITY}{CONTRACT}{share}"), "recipient-without-basis"));
    let with_basis = rule("share.mis", "action = \"share\"\neffect = \"permit\"\nrecipients = [\"mis\"]\nbases = [\"contract\"]");
    assert!(!found(&with_basis, "recipient-without-basis"));
}

#[test]
fn permit_contradicts_prohibition_needs_a_permit_voided_whole() {
    // A deny over all third parties voids a permit to one of them: it can never decide.
    let deny = rule("no.third_parties", "action = \"share\"\neffect = \"deny\"\nrecipients = [\"third_party\"]");
    let permit = rule("a.share.mis", "action = \"share\"\neffect = \"permit\"\nactivities = [\"a\"]\nrecipients = [\"mis\"]\nbases = [\"contract\"]");
    assert!(found(&format!("{ACTIVITY}{deny}{permit}"), "permit-contradicts-prohibition"));
    // A deny that applies only under a condition is an exception to the permit, not a void.
    let conditional = rule("no.third_parties", "action = \"share\"\neffect = \"deny\"\nrecipients = [\"third_party\"]\nwhen = { consent = false }");
    assert!(!found(&format!("{ACTIVITY}{conditional}{permit}"), "permit-contradicts-prohibition"), "the deny leaves the consented case");
    // ...unless the permit itself states the condition under which the deny applies.
    let unconsented = rule("a.share.mis", "action = \"share\"\neffect = \"permit\"\nactivities = [\"a\"]\nrecipients = [\"mis\"]\nbases = [\"contract\"]\nwhen = { consent = false }");
    assert!(found(&format!("{ACTIVITY}{conditional}{unconsented}"), "permit-contradicts-prohibition"));
    // A narrower deny carves an exception out of a broader permit: consistent.
    let exception = rule("no.mis", "action = \"share\"\neffect = \"deny\"\nactivities = [\"a\"]\nrecipients = [\"mis\"]");
    let broad = rule("share.all", "action = \"share\"\neffect = \"permit\"\nrecipients = [\"third_party\"]\nbases = [\"contract\"]");
    assert!(!found(&format!("{ACTIVITY}{exception}{broad}"), "permit-contradicts-prohibition"), "a narrower deny is an exception");
    // A limit voids a permit whose own condition excludes the limit's.
    let only_consented = rule("only.consented", "action = \"share\"\neffect = \"limit\"\nrecipients = [\"third_party\"]\nwhen = { consent = true }");
    assert!(found(&format!("{ACTIVITY}{only_consented}{unconsented}"), "permit-contradicts-prohibition"));
    assert!(!found(&format!("{ACTIVITY}{only_consented}{permit}"), "permit-contradicts-prohibition"), "the limit leaves the consented case");
}

#[test]
fn catch_all_voids_limit_needs_a_broader_permit_without_the_condition() {
    let limited = rule("a.share.mis", "action = \"share\"\neffect = \"permit\"\nactivities = [\"a\"]\nrecipients = [\"mis\"]\nbases = [\"contract\"]\nwhen = { troubleshooting = true }");
    let catch_all = rule("share.third_parties", "action = \"share\"\neffect = \"permit\"\nrecipients = [\"third_party\"]\nbases = [\"contract\"]");
    assert!(found(&format!("{ACTIVITY}{limited}{catch_all}"), "catch-all-voids-limit"));
    let same_limit = rule("share.third_parties", "action = \"share\"\neffect = \"permit\"\nrecipients = [\"third_party\"]\nbases = [\"contract\"]\nwhen = { troubleshooting = true }");
    assert!(!found(&format!("{ACTIVITY}{limited}{same_limit}"), "catch-all-voids-limit"));
    let narrower = rule("share.other", "action = \"share\"\neffect = \"permit\"\nactivities = [\"a\"]\nrecipients = [\"mis\"]\ncategories = [\"contact\"]\nbases = [\"contract\"]");
    assert!(!found(&format!("{ACTIVITY}{limited}{narrower}"), "catch-all-voids-limit"), "a narrower permit does not cover it");
    // Written as a limit, the condition holds against the broader permit too.
    let limit = rule("a.share.mis.only_troubleshooting", "action = \"share\"\neffect = \"limit\"\nactivities = [\"a\"]\nrecipients = [\"mis\"]\nwhen = { troubleshooting = true }");
    assert!(!found(&format!("{ACTIVITY}{limited}{limit}{catch_all}"), "catch-all-voids-limit"), "the limit enforces the condition");
}

#[test]
fn schedule_unavailable_needs_a_schedule_without_periods() {
    let by_schedule = "[[retention]]\nid = \"keep\"\nschedule = \"AS1\"\nsection = \"S\"\nquote = \"Delta sentence.\"\n\n";
    assert!(found(by_schedule, "schedule-unavailable"));
    let with_period = "[[retention]]\nid = \"keep\"\nperiods = [{ years = 6, after = \"last_contact\" }]\nschedule = \"AS1\"\nsection = \"S\"\nquote = \"Delta sentence.\"\n\n";
    assert!(!found(with_period, "schedule-unavailable"));
}

fn record(check: &str, ids: &str) -> String {
    format!(
        "[[finding]]\nid = \"f1\"\nkind = \"gap\"\nseverity = \"warning\"\nsection = \"Gaps\"\ntitle = \"T\"\ntext = \"Prose.\"\nquotes = [\"Alpha sentence.\"]\nids = {ids}\n{check}\n"
    )
}

#[test]
fn a_record_is_reported_under_its_kind_or_its_check() {
    let plain = lint_with(&format!("{ACTIVITY}{}", record("", "[\"a\"]")), TEXT).unwrap();
    assert_eq!(plain.len(), 1);
    assert_eq!((plain[0].code.as_str(), plain[0].record.as_deref()), ("recorded-gap", Some("f1")));
    assert_eq!(plain[0].quotes, ["Alpha sentence."]);

    let collect = rule("a.collect", "action = \"collect\"\neffect = \"permit\"\nactivities = [\"a\"]\ncategories = [\"contact\"]");
    let checked = lint_with(&format!("{ACTIVITY}{collect}{}", record("check = \"empty-basis\"", "[\"a\"]")), TEXT).unwrap();
    assert_eq!(checked.len(), 1, "the record stands for the computed finding: {checked:?}");
    assert_eq!(checked[0].code, "empty-basis");
    assert!(checked[0].quotes.contains(&"Bravo sentence.".to_string()), "the computed quotes join the record's");
}

#[test]
fn a_record_whose_check_does_not_find_it_is_an_error() {
    let findings = lint_with(&format!("{ACTIVITY}{CONTRACT}{}", record("check = \"empty-basis\"", "[\"a\"]")), TEXT).unwrap();
    assert_eq!(findings[0].code, UNMATCHED_RECORD);
    assert_eq!(findings[0].severity, Severity::Error);
}

#[test]
fn records_are_checked_like_rules() {
    let paraphrase = record("", "[\"a\"]").replace("Alpha sentence.", "Alpha sentences.");
    let errors = lint_with(&format!("{ACTIVITY}{paraphrase}"), TEXT).unwrap_err();
    assert!(errors.0.iter().any(|d| d.message.contains("this quote is not in the notice's text")), "{errors}");
    let unknown = lint_with(&record("", "[\"nope\"]"), TEXT).unwrap_err();
    assert!(unknown.0.iter().any(|d| d.message.contains("\"nope\" in `ids` is not a rule")), "{unknown}");
    let bad_check = lint_with(&record("check = \"no-such-check\"", "[]"), TEXT).unwrap_err();
    assert!(bad_check.0.iter().any(|d| d.message.contains("unknown check")), "{bad_check}");
}

#[test]
fn every_code_a_record_may_name_is_a_check_that_runs() {
    // A set where every check finds something, so a code in CHECKS without a check fails here.
    let body = [
        ACTIVITY,
        &rule("a.collect", "action = \"collect\"\neffect = \"permit\"\nactivities = [\"a\"]"),
        &rule("a.share.mis", "action = \"share\"\neffect = \"permit\"\nactivities = [\"a\"]\nrecipients = [\"mis\"]\nwhen = { troubleshooting = true }"),
        &rule("share.third_parties", "action = \"share\"\neffect = \"permit\"\nrecipients = [\"third_party\"]\nbases = [\"contract\"]"),
        &rule("no.third_parties", "action = \"share\"\neffect = \"deny\"\nrecipients = [\"third_party\"]"),
        PROMISE,
        &rule("to.us", "action = \"transfer\"\neffect = \"permit\"\ncountries = [\"us\"]"),
        "[[retention]]\nid = \"keep\"\nschedule = \"AS1\"\nsection = \"S\"\nquote = \"Delta sentence.\"\n\n",
    ]
    .concat();
    let text = format!("{TEXT} An adequacy decision by the European Commission.");
    let found: Vec<String> = lint_with(&body, &text).unwrap().into_iter().map(|f| f.code).collect();
    for code in crate::findings::CHECKS {
        assert!(found.iter().any(|c| c == code), "{code} found nothing: {found:?}");
    }
}

#[test]
fn a_broken_set_is_an_error_not_a_panic() {
    assert!(lint_with("[[rule]]\nid = 3\n", TEXT).is_err());
    assert!(lint_with("not toml = = =", TEXT).is_err());
}
