//! The built-in policy set: it loads, every quote is verbatim in its notice, and each
//! statement of the Community Directory notice answers as the notice says.

use noticegate::model::fold_whitespace;
use noticegate::{Engine, PolicySources, Verdict};
use serde_json::Value;

fn ask(line: &str) -> Value {
    serde_json::from_str(&Engine::builtin().ask_json(line)).expect("every answer is JSON")
}

fn verdict(v: &Value) -> &str {
    v["verdict"].as_str().unwrap_or_else(|| panic!("no verdict in {v}"))
}

fn rules(v: &Value) -> Vec<&str> {
    v["reasons"].as_array().unwrap().iter().map(|r| r["rule"].as_str().unwrap()).collect()
}

#[test]
fn every_quote_is_verbatim_in_its_notice() {
    // Independent of the loader's own check: read the texts from policies/sources/ directly.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let sources = PolicySources::from_dir(&dir).unwrap();
    let mut without_texts = sources.clone();
    without_texts.notice_texts.clear();
    let engine = Engine::load(&without_texts).unwrap();
    let set = engine.policy();
    let mut checked = 0;
    for rule in &set.rules {
        let notice = &set.notices[rule.notice as usize];
        let text = fold_whitespace(&sources.notice_texts[&notice.source]);
        assert!(text.contains(&fold_whitespace(&rule.quote)), "rule {}: quote not in {}: {:?}", rule.id, notice.source, rule.quote);
        assert!(!rule.section.is_empty());
        checked += 1;
    }
    for activity in &set.activities {
        let notice = &set.notices[activity.notice as usize];
        let text = fold_whitespace(&sources.notice_texts[&notice.source]);
        for claim in &activity.bases {
            assert!(text.contains(&fold_whitespace(&claim.quote)), "{}: basis quote not in notice: {:?}", activity.id, claim.quote);
            checked += 1;
        }
    }
    assert!(checked >= 18, "only {checked} quotes checked");
}

#[test]
fn notice_texts_are_unchanged_copies() {
    let ours = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/sources");
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/notices");
    if !shared.exists() {
        return; // shared/ sits beside the checkout on CI and developer machines only
    }
    for entry in std::fs::read_dir(&shared).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let copy = std::fs::read(ours.join(path.file_name().unwrap())).expect("every notice is copied into policies/sources");
            assert_eq!(copy, std::fs::read(&path).unwrap(), "{} differs from the shared notice", path.display());
        }
    }
}

#[test]
fn the_build_time_snapshot_answers_like_loading_the_files() {
    assert!(Engine::builtin_is_precompiled(), "build.rs could not load the built-in policies");
    let from_files = Engine::load(&Engine::builtin_sources()).unwrap();
    let snapshot = Engine::load_builtin().unwrap();
    assert_eq!(snapshot.policy_hash(), from_files.policy_hash());
    let cases = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases")).unwrap();
    let mut asked = 0;
    for entry in cases {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in std::fs::read_to_string(&path).unwrap().lines().filter(|l| !l.trim().is_empty()) {
                let question = serde_json::from_str::<Value>(line).unwrap()["question"].to_string();
                assert_eq!(snapshot.ask_json(&question), from_files.ask_json(&question));
                asked += 1;
            }
        }
    }
    assert!(asked > 100);
}

#[test]
fn builtin_equals_loading_the_directory() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let from_dir = Engine::from_dir(&dir).unwrap();
    assert_eq!(from_dir.policy_hash(), Engine::builtin().policy_hash());
}

const CD: &str = r#""service":"Community Directory","as_of":"2026-11-23""#;

#[test]
fn collects_what_the_notice_lists_while_consent_stands() {
    for category in ["Name", "Company", "Email address", "telephone number", "IP address", "login data", "Browser type and version",
        "Employment", "licences", "Company logos for services"]
    {
        let yes = ask(&format!(r#"{{"ask":"collect",{CD},"category":"{category}","facts":{{"consent":"given"}}}}"#));
        assert_eq!(verdict(&yes), "permit", "{category}: {yes}");
        assert_eq!(yes["bases"][0]["id"], "art6_1_a", "{category}");
        let unknown = ask(&format!(r#"{{"ask":"collect",{CD},"category":"{category}"}}"#));
        assert_eq!(verdict(&unknown), "conditional", "{category}");
        let wanted: Vec<&serde_json::Value> =
            unknown["obligations"].as_array().unwrap().iter().filter(|o| o["fact"] == "consent").map(|o| &o["expect"]).collect();
        assert!(wanted.contains(&&serde_json::json!(["given", "explicit"])), "{category}: {unknown}");
        let after = ask(&format!(r#"{{"ask":"collect",{CD},"category":"{category}","facts":{{"consent":"withdrawn"}}}}"#));
        assert_eq!(verdict(&after), "deny", "{category}");
        assert_eq!(rules(&after), ["cd.collect.after_withdrawal"]);
        assert_eq!(after["reasons"][0]["quote"], "If you do withdraw your consent no further personal information will be collected");
    }
}

#[test]
fn anonymised_usage_is_collected_without_consent() {
    let v = ask(&format!(r#"{{"ask":"collect",{CD},"category":"top searches","facts":{{"consent":"withdrawn"}}}}"#));
    assert_eq!(verdict(&v), "permit");
    assert_eq!(rules(&v), ["cd.collect.usage"]);
}

#[test]
fn what_the_notice_does_not_collect_is_not_stated() {
    for category in ["health", "criminal offence data", "Usage information"] {
        let v = ask(&format!(r#"{{"ask":"collect",{CD},"category":"{category}","facts":{{"consent":"given"}}}}"#));
        assert_eq!(verdict(&v), "not_stated", "{category}");
        assert!(v["reasons"].as_array().unwrap().is_empty());
        assert!(v["notes"][0].as_str().unwrap().starts_with("No rule of"));
    }
    let health = ask(&format!(r#"{{"ask":"collect",{CD},"category":"health"}}"#));
    assert_eq!(health["special_category"], true);
    let crime = ask(&format!(r#"{{"ask":"collect",{CD},"category":"criminal offence data"}}"#));
    assert_eq!(crime["criminal_offence"], true);
    assert_eq!(crime["special_category"], false);
}

#[test]
fn uses_for_the_five_listed_purposes_only() {
    for (purpose, rule) in [
        ("registration", "cd.use.registration"),
        ("Promote the services available to residents within local areas", "cd.use.promotion"),
        ("availability", "cd.use.availability"),
        ("statistics", "cd.use.statistics"),
        ("troubleshooting", "cd.use.administration"),
    ] {
        let v = ask(&format!(r#"{{"ask":"use",{CD},"category":"Name","purpose":"{purpose}","facts":{{"consent":"given"}}}}"#));
        assert_eq!(verdict(&v), "permit", "{purpose}");
        assert_eq!(rules(&v), [rule]);
        let after = ask(&format!(r#"{{"ask":"use",{CD},"category":"Name","purpose":"{purpose}","facts":{{"consent":"withdrawn"}}}}"#));
        assert_eq!(verdict(&after), "not_stated", "{purpose}: after withdrawal only retention remains");
    }
}

#[test]
fn shares_with_pcg_uk_under_its_agreement() {
    let base = format!(r#""ask":"share",{CD},"category":"Email address","recipient":"PCG UK""#);
    let v = ask(&format!(r#"{{{base},"facts":{{"consent":"given","data_processing_agreement":true}}}}"#));
    assert_eq!(verdict(&v), "permit");
    assert_eq!(rules(&v), ["cd.share.pcg_uk"]);
    let v = ask(&format!(r#"{{{base}}}"#));
    assert_eq!(verdict(&v), "conditional");
    let facts: Vec<&str> = v["obligations"].as_array().unwrap().iter().map(|o| o["fact"].as_str().unwrap()).collect();
    assert_eq!(facts, ["consent", "data_processing_agreement"]);
    let v = ask(&format!(r#"{{{base},"facts":{{"consent":"given","data_processing_agreement":false}}}}"#));
    assert_eq!(verdict(&v), "not_stated");
    // A basis the notice does not name for the service is not covered.
    let v = ask(&format!(r#"{{{base},"basis":"public task","facts":{{"consent":"given","data_processing_agreement":true}}}}"#));
    assert_eq!(verdict(&v), "not_stated");
    assert!(v["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("Article 6(1)(e)")), "{v}");
}

#[test]
fn no_other_third_party_is_named() {
    let v = ask(&format!(r#"{{"ask":"share",{CD},"category":"Name","recipient":"Processor","facts":{{"consent":"given","data_processing_agreement":true}}}}"#));
    assert_eq!(verdict(&v), "not_stated", "the class of processors is not PCG UK: {v}");
    let v = ask(&format!(r#"{{"ask":"share",{CD},"category":"health","recipient":"PCG UK","facts":{{"consent":"given","data_processing_agreement":true}}}}"#));
    assert_eq!(verdict(&v), "not_stated", "PCG UK receives only the categories the notice collects");
}

#[test]
fn law_enforcement_when_required_by_law_or_in_legal_proceedings() {
    let q = |facts: &str| ask(&format!(r#"{{"ask":"share","notice":"004_2870dd7688b53867.txt","category":"Name","recipient":"police","facts":{{{facts}}}}}"#));
    assert_eq!(verdict(&q(r#""required_by_law":true"#)), "permit");
    assert_eq!(verdict(&q(r#""legal_proceedings":true"#)), "permit");
    assert_eq!(verdict(&q(r#""required_by_law":false,"legal_proceedings":false"#)), "not_stated");
    let open = q("");
    assert_eq!(verdict(&open), "conditional");
    assert_eq!(open["obligations"].as_array().unwrap().len(), 1, "one of the two conditions suffices: {open}");
    assert!(open.get("bases").is_none(), "the notice names no basis for this disclosure");
}

#[test]
fn advisers_in_a_dispute_with_article_9_2_f_for_special_category() {
    let q = |category: &str, basis: &str, legal_claims: &str| {
        ask(&format!(r#"{{"ask":"share","notice":"Kent Connect to Support Privacy Notice","category":"{category}","recipient":"solicitors","basis":"{basis}","facts":{{"dispute":true{legal_claims}}}}}"#))
    };
    let v = q("health", "Article 9(2)(f)", r#","legal_claims":true"#);
    assert_eq!(verdict(&v), "permit");
    assert_eq!(rules(&v), ["cd.share.advisers.special_category"]);
    assert_eq!(v["bases"][0]["label"], "Article 9(2)(f)");
    // A dispute or complaint is not by itself a legal claim: Article 9(2)(f) is a condition.
    let open = q("health", "Article 9(2)(f)", "");
    assert_eq!(verdict(&open), "conditional");
    assert_eq!(open["obligations"][0]["fact"], "legal_claims");
    let no_claim = ask(r#"{"ask":"share","notice":"Kent Connect to Support Privacy Notice","category":"health","recipient":"solicitors","facts":{"dispute":true,"legal_claims":false}}"#);
    assert_eq!(verdict(&no_claim), "deny");
    assert_eq!(rules(&no_claim), ["cd.share.advisers.special_category.legal_claims"]);
    assert_eq!(verdict(&q("health", "Article 9(2)(a)", r#","legal_claims":true"#)), "not_stated");
}

#[test]
fn the_notice_names_by_id_title_and_file() {
    for name in ["kcc_community_directory", "Kent Connect to Support Privacy Notice", "004_2870dd7688b53867.txt", "004_2870dd7688b53867"] {
        let v = ask(&format!(r#"{{"ask":"share","notice":"{name}","service":"Community Directory","category":"Name","recipient":"PCG UK"}}"#));
        assert_eq!(verdict(&v), "conditional", "{name}");
    }
}

#[test]
fn resolved_fast_path_agrees_with_the_full_evaluation() {
    let engine = Engine::builtin();
    let set = engine.policy();
    let n_cat = set.vocab.table(noticegate::VocabKind::Category).entries.len() as u32;
    let n_rec = set.vocab.table(noticegate::VocabKind::Recipient).entries.len() as u32;
    let mut seen = std::collections::HashSet::new();
    for activity in 0..set.activities.len() as u32 {
        for category in 0..n_cat {
            for recipient in 0..n_rec {
                for pairs in fact_combinations(engine) {
                    let facts = engine.facts(&pairs);
                    let q = noticegate::Resolved {
                        action: noticegate::Action::Share,
                        activity,
                        object: recipient,
                        category,
                        filter: None,
                        basis: None,
                        as_of: noticegate::Date::parse("2026-11-23").unwrap(),
                        facts,
                    };
                    let fast = engine.verdict(&q);
                    assert_eq!(fast, engine.evaluate(&q).verdict);
                    seen.insert(fast);
                }
            }
        }
    }
    assert!(seen.contains(&Verdict::Permit) && seen.contains(&Verdict::Conditional) && seen.contains(&Verdict::NotStated));
}

/// No facts; every fact false; every fact true; consent standing with an agreement in place.
fn fact_combinations(engine: &Engine) -> Vec<Vec<(u32, noticegate::FactValue)>> {
    use noticegate::FactValue::{Bool, Enum};
    let n = engine.policy().vocab.table(noticegate::VocabKind::Fact).entries.len() as u32;
    let id = |name: &str| engine.lookup(noticegate::VocabKind::Fact, name, "facts").unwrap();
    let mut combinations = vec![vec![], (0..n).map(|f| (f, Bool(false))).collect(), (0..n).map(|f| (f, Bool(true))).collect()];
    // Each value of the enum fact (one bit per value on the fast path), with a bool fact beside it.
    for value in 0..4 {
        let mut standing = vec![(id("consent"), Enum(value)), (id("data_processing_agreement"), Bool(true))];
        standing.sort_by_key(|(f, _)| *f);
        combinations.push(standing);
    }
    combinations
}

#[test]
fn many_threads_get_the_same_answers() {
    let engine = Engine::builtin();
    let questions: Vec<String> = ["Name", "Email address", "health", "IP address", "logo"]
        .iter()
        .flat_map(|c| {
            ["PCG UK", "police", "solicitors", "Processor"].iter().map(move |r| {
                format!(r#"{{"ask":"share","notice":"004_2870dd7688b53867.txt","service":"Community Directory","category":"{c}","recipient":"{r}","as_of":"2026-11-23"}}"#)
            })
        })
        .collect();
    let expected: Vec<String> = questions.iter().map(|q| engine.ask_json(q)).collect();
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..50 {
                    for (q, want) in questions.iter().zip(&expected) {
                        assert_eq!(&engine.ask_json(q), want);
                    }
                }
            });
        }
    });
}

#[test]
fn typed_fast_path_helpers_agree_with_the_json_path() {
    let engine = Engine::builtin();
    let service = engine.resolve_service(None, Some("Community Directory")).unwrap();
    let fact = |name: &str| engine.lookup(noticegate::VocabKind::Fact, name, "facts").unwrap();
    // `consent` is an enum fact (value 1: "given"), so it goes through `facts`, not `bool_facts`.
    let facts = engine.facts(&[(fact("consent"), noticegate::FactValue::Enum(1)), (fact("data_processing_agreement"), noticegate::FactValue::Bool(true))]);
    let q = noticegate::Resolved {
        action: noticegate::Action::Share,
        activity: service,
        object: engine.lookup(noticegate::VocabKind::Recipient, "PCG UK", "recipient").unwrap(),
        category: engine.lookup(noticegate::VocabKind::Category, "Email address", "category").unwrap(),
        filter: None,
        basis: None,
        as_of: noticegate::Date::parse("2026-11-23").unwrap(),
        facts,
    };
    assert_eq!(engine.verdict(&q), Verdict::Permit);
    assert!(engine.resolve_service(None, Some("No such service")).is_err());
    // A date fact is not a bool fact.
    let transfers_fact = (0..engine.policy().vocab.table(noticegate::VocabKind::Fact).entries.len() as u32)
        .find(|&f| engine.policy().vocab.entry(noticegate::VocabKind::Fact, f).fact_type != Some(noticegate::model::FactType::Bool));
    if let Some(f) = transfers_fact {
        assert_eq!(engine.bool_facts(&[(f, true)]), Err(f));
    }
}
