//! How rules combine, on a small policy set written here: prohibitions and limits hold
//! against every permit in their scope, whatever its specificity; a rule covers only the
//! categories its notice names; unknown facts of a limit become obligations.

use noticegate::eval::Evaluate;
use noticegate::{Engine, PolicySources};

const VOCABULARY: &str = r#"
[[category]]
id = "contact"
label = "Contact details"

[[category]]
id = "contact.email"
label = "Email address"
parent = "contact"

[[category]]
id = "special"
label = "Special category data"
special_category = true

[[recipient]]
id = "third_party"
label = "Third parties"

[[recipient]]
id = "mailer"
label = "Mailer"
parent = "third_party"

[[purpose]]
id = "marketing"
label = "Marketing"

[[purpose]]
id = "service_updates"
label = "Service updates"

[[fact]]
id = "legal_basis"
label = "Legal basis"
type = "bool"
description = "there is a legal basis to share"
negation = "there is no legal basis to share"

[[fact]]
id = "consent"
label = "Consent"
type = "enum"
values = ["given", "explicit", "not_given", "withdrawn"]
description = "the person's consent"

[[fact]]
id = "age"
label = "Age"
type = "number"
description = "the person's age"
"#;

const NOTICE_A: &str = r#"
[notice]
id = "a"
title = "Notice A"
controller = "C"
role = "controller"
source = "a.txt"
regime = "UK GDPR"

[[category]]
id = "contact.fax"
label = "Fax number"
parent = "contact"

[[activity]]
id = "mailing"
label = "Mailing"

[[rule]]
id = "a.share.mailer"
action = "share"
effect = "permit"
activities = ["mailing"]
categories = ["contact"]
recipients = ["mailer"]
section = "S"
quote = "We share your contact details with our mailer."

[[rule]]
id = "a.share.only_legal_basis"
action = "share"
effect = "limit"
when = { legal_basis = true }
section = "S"
quote = "We only share your information where we have a legal basis to do so."

[[rule]]
id = "a.share.no_marketing"
action = "share"
effect = "deny"
purposes = ["marketing"]
section = "S"
quote = "We never share your information for marketing."

[[rule]]
id = "a.collect.special"
action = "collect"
effect = "permit"
activities = ["mailing"]
categories = ["special", "contact"]
section = "S"
quote = "We collect your contact details and health information."

[[rule]]
id = "a.collect.special.only_explicit"
action = "collect"
effect = "limit"
categories = ["special"]
when = { consent = "explicit" }
section = "S"
quote = "Health information only with your explicit consent."

[[rule]]
id = "a.collect.adults"
action = "collect"
effect = "limit"
activities = ["mailing"]
categories = ["contact"]
when = { age = { at_least = 18 } }
section = "S"
quote = "We collect contact details of adults only."
"#;

const TEXT_A: &str = "We share your contact details with our mailer. We only share your information where we have a legal basis to do so. We never share your information for marketing. We collect your contact details and health information. Health information only with your explicit consent. We collect contact details of adults only.";

const NOTICE_B: &str = r#"
[notice]
id = "b"
title = "Notice B"
controller = "C"
role = "controller"
source = "b.txt"
regime = "UK GDPR"

[[category]]
id = "contact.pager"
label = "Pager number"
parent = "contact"

[[activity]]
id = "directory"
label = "Directory"

[[rule]]
id = "b.collect.contact"
action = "collect"
effect = "permit"
activities = ["directory"]
categories = ["contact"]
section = "S"
quote = "We collect your contact details."

[[rule]]
id = "b.collect.anything"
action = "collect"
effect = "permit"
activities = ["directory"]
section = "S"
quote = "We collect your contact details."
"#;

fn engine() -> Engine {
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", VOCABULARY);
    sources.add("notices/a.toml", NOTICE_A);
    sources.add("notices/b.toml", NOTICE_B);
    sources.add("sources/a.txt", TEXT_A);
    sources.add("sources/b.txt", "We collect your contact details.");
    Engine::load(&sources).unwrap_or_else(|e| panic!("the fixture loads: {e}"))
}

/// The verdict, the cited rules and the obligations' fact ids of an answer.
fn ask(engine: &Engine, question: &str) -> (String, Vec<String>, Vec<String>) {
    let answer: serde_json::Value = serde_json::from_str(&engine.ask_json(question)).expect("JSON");
    let verdict = answer["verdict"].as_str().unwrap_or_else(|| panic!("a verdict: {answer}")).to_string();
    let rules = answer["reasons"].as_array().unwrap().iter().map(|r| r["rule"].as_str().unwrap().to_string()).collect();
    let obligations = answer["obligations"].as_array().unwrap().iter().map(|o| o["fact"].as_str().unwrap().to_string()).collect();
    (verdict, rules, obligations)
}

fn share(facts: &str, extra: &str) -> String {
    format!(r#"{{"ask":"share","notice":"a","service":"Mailing","category":"Email address","recipient":"Mailer","as_of":"2026-01-01","facts":{{{facts}}}{extra}}}"#)
}

/// A purpose the notice's deny does not name (the deny holds against questions naming none).
const UPDATES: &str = r#","purpose":"Service updates""#;

#[test]
fn a_notice_wide_limit_holds_against_a_more_specific_permit() {
    let e = engine();
    let (v, rules, _) = ask(&e, &share(r#""legal_basis":false"#, UPDATES));
    assert_eq!((v.as_str(), rules), ("deny", vec!["a.share.only_legal_basis".to_string()]));
    let (v, rules, _) = ask(&e, &share(r#""legal_basis":true"#, UPDATES));
    assert_eq!((v.as_str(), rules), ("permit", vec!["a.share.mailer".to_string()]));
}

#[test]
fn a_deny_naming_purposes_holds_against_a_question_naming_none() {
    let e = engine();
    // "We never share your information for marketing": without a purpose, the share is
    // permitted only if the purpose is not marketing.
    let answer: serde_json::Value = serde_json::from_str(&e.ask_json(&share(r#""legal_basis":true"#, ""))).unwrap();
    assert_eq!(answer["verdict"], "conditional", "{answer}");
    assert_eq!(answer["obligations"].as_array().unwrap().len(), 1, "{answer}");
    assert_eq!(answer["obligations"][0]["fact"], "purpose");
    assert_eq!(answer["obligations"][0]["expect"], serde_json::json!({"none_of": ["marketing"]}));
    assert!(answer["obligations"][0]["text"].as_str().unwrap().contains("Marketing"), "{answer}");
    let rules: Vec<&str> = answer["reasons"].as_array().unwrap().iter().map(|r| r["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["a.share.mailer", "a.share.no_marketing"]);
    // The fast path agrees with the full evaluation.
    assert_eq!(e.verdict(&e.resolve(&noticegate::parse_question(&share(r#""legal_basis":true"#, "")).unwrap()).unwrap()), noticegate::Verdict::Conditional);
    // Naming the purpose settles it either way.
    assert_eq!(ask(&e, &share(r#""legal_basis":true"#, UPDATES)).0, "permit");
    assert_eq!(ask(&e, &share(r#""legal_basis":true"#, r#","purpose":"Marketing""#)).0, "deny");
    // It never changes a deny or a not_stated, nor their reasons.
    let (v, rules, _) = ask(&e, &share(r#""legal_basis":false"#, ""));
    assert_eq!((v.as_str(), rules), ("deny", vec!["a.share.only_legal_basis".to_string()]));
    let third_party = r#"{"ask":"share","notice":"a","service":"Mailing","category":"Email address","recipient":"Third parties","as_of":"2026-01-01","facts":{"legal_basis":true}}"#;
    let (v, rules, _) = ask(&e, third_party);
    assert_eq!((v.as_str(), rules.is_empty()), ("not_stated", true), "{rules:?}");
}

#[test]
fn an_unknown_fact_of_a_limit_becomes_an_obligation() {
    let (v, rules, obligations) = ask(&engine(), &share("", UPDATES));
    assert_eq!(v, "conditional");
    assert_eq!(obligations, ["legal_basis"]);
    assert!(rules.contains(&"a.share.mailer".to_string()) && rules.contains(&"a.share.only_legal_basis".to_string()), "{rules:?}");
}

#[test]
fn a_notice_wide_deny_holds_against_a_more_specific_permit() {
    let (v, rules, _) = ask(&engine(), &share(r#""legal_basis":true"#, r#","purpose":"Marketing""#));
    assert_eq!((v.as_str(), rules), ("deny", vec!["a.share.no_marketing".to_string()]));
}

#[test]
fn an_enum_limit_needs_one_of_its_values_and_never_reads_silence_as_consent() {
    let e = engine();
    let collect = |consent: &str| {
        let facts = if consent.is_empty() { String::new() } else { format!(r#""consent":"{consent}""#) };
        ask(&e, &format!(r#"{{"ask":"collect","notice":"a","service":"Mailing","category":"Special category data","as_of":"2026-01-01","facts":{{{facts}}}}}"#))
    };
    assert_eq!(collect("explicit").0, "permit");
    for refused in ["given", "not_given", "withdrawn"] {
        let (v, rules, _) = collect(refused);
        assert_eq!((v.as_str(), rules), ("deny", vec!["a.collect.special.only_explicit".to_string()]), "consent {refused}");
    }
    let (v, _, obligations) = collect("");
    assert_eq!((v.as_str(), obligations), ("conditional", vec!["consent".to_string()]));
}

#[test]
fn a_number_limit_is_decided_on_both_sides_of_its_bound() {
    let e = engine();
    let collect = |age: &str| ask(&e, &format!(r#"{{"ask":"collect","notice":"a","service":"Mailing","category":"Email address","as_of":"2026-01-01","facts":{{"age":{age}}}}}"#)).0;
    assert_eq!(collect("18"), "permit");
    assert_eq!(collect("17"), "deny");
    assert_eq!(collect("17.5"), "deny");
}

#[test]
fn a_rule_covers_only_the_categories_its_notice_names() {
    let e = engine();
    let collect = |notice: &str, service: &str, category: &str| {
        ask(&e, &format!(r#"{{"ask":"collect","notice":"{notice}","service":"{service}","category":"{category}","as_of":"2026-01-01"}}"#)).0
    };
    // Notice B's `contact` takes in its own pager number, not notice A's fax number.
    assert_eq!(collect("b", "Directory", "Pager number"), "permit");
    assert_eq!(collect("b", "Directory", "Email address"), "permit");
    // A permit naming no category covers only what its notice names (the shared vocabulary,
    // its own file, its rules), so neither rule of B reaches A's fax number.
    assert_eq!(collect("b", "Directory", "Fax number"), "not_stated");
    let fax = r#"{"ask":"collect","notice":"a","service":"Mailing","category":"Fax number","as_of":"2026-01-01","facts":{"age":30}}"#;
    assert_eq!(ask(&e, fax).0, "permit");
}

const NOTICE_C: &str = r#"
[notice]
id = "c"
title = "Notice C"
controller = "C"
role = "controller"
source = "c.txt"
regime = "UK GDPR"

[[activity]]
id = "newsletter"
label = "Newsletter"

[[rule]]
id = "c.collect.with_consent"
action = "collect"
effect = "permit"
activities = ["newsletter"]
categories = ["contact"]
when = { consent = ["given", "explicit"] }
section = "S"
quote = "We rely on your consent."

[[rule]]
id = "c.collect.after_withdrawal"
action = "collect"
effect = "deny"
activities = ["newsletter"]
when = { consent = "withdrawn" }
section = "S"
quote = "If you withdraw your consent we collect nothing more."

[[rule]]
id = "c.collect.working_age"
action = "collect"
effect = "permit"
activities = ["newsletter"]
categories = ["special"]
when = { age = { at_least = 16 } }
section = "S"
quote = "Members aged 16 to 64 only."

[[rule]]
id = "c.collect.under_65"
action = "collect"
effect = "limit"
activities = ["newsletter"]
categories = ["special"]
when = { age = { at_most = 64 } }
section = "S"
quote = "Members aged 16 to 64 only."
"#;

fn engine_with_c() -> Engine {
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", VOCABULARY);
    sources.add("notices/c.toml", NOTICE_C);
    sources.add("sources/c.txt", "We rely on your consent. If you withdraw your consent we collect nothing more. Members aged 16 to 64 only.");
    Engine::load(&sources).unwrap_or_else(|e| panic!("the fixture loads: {e}"))
}

#[test]
fn two_tests_of_one_enum_fact_are_one_fact_not_two() {
    // "consent is given or explicit" and "consent is withdrawn" cannot both hold: the only
    // obligation is the permit's own, once.
    let answer: serde_json::Value = serde_json::from_str(&engine_with_c().ask_json(
        r#"{"ask":"collect","notice":"c","service":"Newsletter","category":"Email address","as_of":"2026-01-01"}"#,
    ))
    .unwrap();
    assert_eq!(answer["verdict"], "conditional");
    let obligations = answer["obligations"].as_array().unwrap();
    assert_eq!(obligations.len(), 1, "{answer}");
    assert_eq!(obligations[0]["fact"], "consent");
    assert_eq!(obligations[0]["expect"], serde_json::json!(["given", "explicit"]), "{answer}");
}

#[test]
fn two_bounds_on_one_number_fact_make_one_interval() {
    let e = engine_with_c();
    let ask_age = |facts: &str| ask(&e, &format!(r#"{{"ask":"collect","notice":"c","service":"Newsletter","category":"Special category data","as_of":"2026-01-01","facts":{{{facts}}}}}"#));
    assert_eq!(ask_age(r#""age":16,"consent":"given""#).0, "permit");
    assert_eq!(ask_age(r#""age":64,"consent":"given""#).0, "permit");
    assert_eq!(ask_age(r#""age":15,"consent":"given""#).0, "not_stated");
    assert_eq!(ask_age(r#""age":65,"consent":"given""#).0, "deny");
    // The notice-wide deny on withdrawn consent covers this category too.
    assert_eq!(ask_age(r#""age":30,"consent":"withdrawn""#).0, "deny");
    // Unknown: both bounds are owed; no impossible age (at most 15 and at least 65) is tried.
    let (v, _, obligations) = ask_age(r#""consent":"given""#);
    assert_eq!((v.as_str(), obligations), ("conditional", vec!["age".to_string(), "age".to_string()]));
}

/// The fast path's masks (`CellRule::care`/`want`, enum values one bit each) say what the
/// conditions say: for every rule of the built-in set whose conditions the masks carry, under
/// every assignment of its facts (each bool value, each enum value, unknown), "every care bit
/// known and equal to its want bit" is "every condition holds", and "a care bit known and
/// different" is "a condition fails".
#[test]
fn fact_masks_decide_as_the_conditions_do() {
    use noticegate::model::{FactType, Test};
    use noticegate::FactValue;
    let engine = Engine::builtin();
    let set = engine.policy();
    let compiled = noticegate::compile::compile(set);
    let facts = set.vocab.table(noticegate::VocabKind::Fact);
    let (mut masked, mut enum_rules) = (0, 0);
    for (i, rule) in set.rules.iter().enumerate() {
        if rule.when.is_empty() || !rule.when.iter().all(|c| matches!(c.test, Test::Bool(_) | Test::OneOf(_))) {
            continue;
        }
        let cell = &compiled.cell_rules[i];
        assert!(!cell.other_conditions, "{}: bool and enum conditions belong in the masks", rule.id);
        masked += 1;
        enum_rules += usize::from(rule.when.iter().any(|c| matches!(c.test, Test::OneOf(_))));
        let mut tested: Vec<u32> = rule.when.iter().map(|c| c.fact).collect();
        tested.sort_unstable();
        tested.dedup();
        // Each fact: unknown, or one of its values.
        let choices: Vec<Vec<Option<FactValue>>> = tested
            .iter()
            .map(|&f| {
                let mut values = vec![None];
                match &facts.entries[f as usize].fact_type {
                    Some(FactType::Enum(names)) => values.extend((0..names.len() as u8).map(|v| Some(FactValue::Enum(v)))),
                    _ => values.extend([Some(FactValue::Bool(false)), Some(FactValue::Bool(true))]),
                }
                values
            })
            .collect();
        let mut pick = vec![0usize; tested.len()];
        loop {
            let pairs: Vec<(u32, FactValue)> = tested.iter().enumerate().filter_map(|(d, &f)| choices[d][pick[d]].map(|v| (f, v))).collect();
            let stated = engine.facts(&pairs);
            let known = stated.known & cell.care;
            let mask_fails = (stated.values ^ cell.want) & known != 0;
            let mask_holds = !mask_fails && known == cell.care;
            let tests: Vec<Option<bool>> = rule.when.iter().map(|c| compiled.test_condition(c, &stated)).collect();
            assert_eq!(mask_fails, tests.contains(&Some(false)), "{} with {pairs:?}", rule.id);
            assert_eq!(mask_holds, tests.iter().all(|t| *t == Some(true)), "{} with {pairs:?}", rule.id);
            // Next assignment.
            let mut digit = 0;
            while digit < pick.len() {
                pick[digit] += 1;
                if pick[digit] < choices[digit].len() {
                    break;
                }
                pick[digit] = 0;
                digit += 1;
            }
            if digit == pick.len() {
                break;
            }
        }
    }
    assert!(masked > 20 && enum_rules > 5, "{masked} rules with masked conditions, {enum_rules} testing an enum fact");
}

/// Every bool fact has a bit of its own and every enum fact a run of bits, one per value,
/// packed from bit 0 with nothing shared; facts of other types have none.
#[test]
fn every_fact_has_bits_of_its_own() {
    use noticegate::compile::NO_SLOT;
    use noticegate::model::FactType;
    let engine = Engine::builtin();
    let set = engine.policy();
    let compiled = noticegate::compile::compile(set);
    let mut used = 0u128;
    let mut claim = |bits: u128, id: &str| {
        assert_eq!(used & bits, 0, "{id}: its bits are another fact's");
        used |= bits;
    };
    for (f, entry) in set.vocab.table(noticegate::VocabKind::Fact).entries.iter().enumerate() {
        let (bool_slot, enum_slot) = (compiled.bool_slot[f], compiled.enum_slot[f]);
        match &entry.fact_type {
            Some(FactType::Bool) => {
                assert_eq!(enum_slot, NO_SLOT, "{}", entry.id);
                claim(1 << bool_slot, &entry.id);
            }
            Some(FactType::Enum(values)) => {
                assert_eq!(bool_slot, NO_SLOT, "{}", entry.id);
                assert!(usize::from(enum_slot) + values.len() <= 128, "{}", entry.id);
                claim(((1u128 << values.len()) - 1) << enum_slot, &entry.id);
            }
            _ => assert_eq!((bool_slot, enum_slot), (NO_SLOT, NO_SLOT), "{}", entry.id),
        }
    }
    assert_eq!(used & used.wrapping_add(1), 0, "the bits are packed from bit 0: {used:#b}");
    assert!(used.count_ones() > 60, "{} bits", used.count_ones());
}

/// When the bool facts leave too few bits for an enum fact's values, the enum fact is read
/// from `Facts::others`, and both paths still decide the same (here: 125 more bool facts).
#[test]
fn an_enum_fact_without_bits_decides_the_same() {
    let mut vocabulary = String::from(VOCABULARY);
    for i in 0..125 {
        vocabulary.push_str(&format!("\n[[fact]]\nid = \"filler_{i}\"\nlabel = \"Filler {i}\"\ntype = \"bool\"\ndescription = \"filler {i} holds\"\n"));
    }
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", &vocabulary);
    sources.add("notices/a.toml", NOTICE_A);
    sources.add("sources/a.txt", TEXT_A);
    let e = Engine::load(&sources).unwrap_or_else(|e| panic!("the fixture loads: {e}"));
    let consent = e.lookup(noticegate::VocabKind::Fact, "consent", "facts").unwrap();
    assert_eq!(e.policy().vocab.table(noticegate::VocabKind::Fact).entries.len(), 128);
    let collect = |consent: &str| {
        let facts = if consent.is_empty() { String::new() } else { format!(r#""consent":"{consent}""#) };
        format!(r#"{{"ask":"collect","notice":"a","service":"Mailing","category":"Special category data","as_of":"2026-01-01","facts":{{{facts}}}}}"#)
    };
    for (value, want) in [("explicit", "permit"), ("given", "deny"), ("withdrawn", "deny"), ("", "conditional")] {
        let line = collect(value);
        assert_eq!(ask(&e, &line).0, want, "consent {value:?}");
        let resolved = e.resolve(&noticegate::parse_question(&line).unwrap()).unwrap();
        assert_eq!(e.verdict(&resolved).name(), want, "fast path, consent {value:?}");
        assert_eq!(resolved.facts.others.iter().any(|(f, _)| *f == consent), !value.is_empty(), "consent {value:?} is read from `others`");
    }
}
