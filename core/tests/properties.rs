//! Properties that must hold for any question and any policy: deny overrides permit, an
//! error is never a permit, decisions are deterministic, the wire format round-trips, and
//! every name resolves to the entry it names.

use noticegate::{parse_question, Decision, Engine, PolicySources, Question, VocabKind};
use proptest::prelude::*;
use serde_json::Value;

fn engine() -> &'static Engine {
    Engine::builtin()
}

/// A second engine loaded from the same files, to show decisions do not depend on the instance.
fn reloaded() -> &'static Engine {
    static RELOADED: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    RELOADED.get_or_init(|| Engine::load(&Engine::builtin_sources()).unwrap())
}

/// Names a question may use: every known name of each kind, plus misspellings.
fn names(kind: VocabKind) -> Vec<String> {
    let table = engine().policy().vocab.table(kind);
    let mut out: Vec<String> = table.entries.iter().flat_map(|e| [e.id.clone(), e.label.clone()].into_iter().chain(e.aliases.clone())).collect();
    out.extend(["nobody", "helth", "zz-no-such-name", ""].map(String::from));
    out
}

fn any_name(kind: VocabKind) -> impl Strategy<Value = String> {
    proptest::sample::select(names(kind))
}

prop_compose! {
    fn question_json()(
        ask in proptest::sample::select(vec!["share", "collect", "use", "transfer", "shar"]),
        service in proptest::option::of(proptest::sample::select(vec!["Community Directory", "community-directory", "Directory", "OneView"])),
        category in proptest::option::of(any_name(VocabKind::Category)),
        recipient in proptest::option::of(any_name(VocabKind::Recipient)),
        purpose in proptest::option::of(any_name(VocabKind::Purpose)),
        basis in proptest::option::of(any_name(VocabKind::Basis)),
        facts in proptest::collection::btree_map(any_name(VocabKind::Fact), any::<bool>(), 0..4),
    ) -> String {
        let mut q = serde_json::json!({"id": "p", "ask": ask, "as_of": "2026-11-23"});
        if let Some(s) = service { q["service"] = s.into(); } else { q["notice"] = "004_2870dd7688b53867.txt".into(); }
        if let Some(c) = category { q["category"] = c.into(); }
        if let Some(r) = recipient { q["recipient"] = r.into(); }
        if let Some(p) = purpose { q["purpose"] = p.into(); }
        if let Some(b) = basis { q["basis"] = b.into(); }
        q["facts"] = serde_json::to_value(facts).unwrap();
        q.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Every answer is one JSON object that is either a decision or an error, never both;
    /// an error never carries a verdict, so it can never read as permit.
    #[test]
    fn an_error_is_never_a_permit(line in question_json()) {
        let answer: Value = serde_json::from_str(&engine().ask_json(&line)).unwrap();
        let is_error = answer.get("error").is_some();
        prop_assert_ne!(is_error, answer.get("verdict").is_some());
        let q = parse_question(&line).unwrap_or_default();
        let misnamed = [&q.category, &q.recipient, &q.purpose, &q.basis].iter().any(|n| matches!(n.as_deref(), Some("nobody" | "helth" | "zz-no-such-name" | "")));
        if misnamed { prop_assert!(is_error, "{line} -> {answer}"); }
        if is_error { prop_assert!(answer["error"]["message"].as_str().is_some_and(|m| !m.is_empty())); }
    }

    /// Arbitrary bytes never panic and always give a JSON error or decision.
    #[test]
    fn garbage_gives_an_error_line(line in ".{0,200}") {
        let answer: Value = serde_json::from_str(&engine().ask_json(&line)).unwrap();
        prop_assert!(answer.get("error").is_some() || answer.get("verdict").is_some());
    }

    /// The same question always gets the same decision, byte for byte.
    #[test]
    fn decisions_are_deterministic(line in question_json()) {
        let first = engine().ask_json(&line);
        prop_assert_eq!(&first, &engine().ask_json(&line));
        prop_assert_eq!(&first, &reloaded().ask_json(&line));
    }

    /// A question survives JSON: parse(to_json(q)) == q; and a decision survives serde.
    #[test]
    fn questions_and_decisions_round_trip(line in question_json()) {
        if let Ok(q) = parse_question(&line) {
            let again = q.to_json();
            let reparsed: Question<'_> = parse_question(&again).unwrap();
            prop_assert_eq!(&reparsed, &q);
            if let Ok(d) = engine().decide(&q) {
                let json = serde_json::to_string(&d).unwrap();
                let back: Decision = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(&back, &d);
                // The JSON path and the typed path agree.
                prop_assert_eq!(engine().ask_json(&line), json);
            }
        }
    }

    /// Names are found whatever their case and punctuation.
    #[test]
    fn labels_resolve_in_any_case(kind_index in 0usize..6, pick in any::<prop::sample::Index>(), upper in any::<bool>(), dashes in any::<bool>()) {
        let kind = VocabKind::ALL[kind_index];
        let table = engine().policy().vocab.table(kind);
        prop_assume!(!table.entries.is_empty());
        let i = pick.index(table.entries.len());
        let mut label = table.entries[i].label.clone();
        if upper { label = label.to_uppercase(); }
        if dashes { label = label.replace(' ', "-"); }
        prop_assert_eq!(engine().lookup(kind, &label, "x").unwrap(), i as u32);
    }

    /// Deny overrides permit: a permit and a deny for the same activity, category and
    /// recipient at the same specificity give deny, in whichever order they are written.
    #[test]
    fn deny_overrides_permit(deny_first in any::<bool>(), with_condition in any::<bool>(), name_category in any::<bool>()) {
        let permit = rule("p", "permit", name_category, false);
        let deny = rule("d", "deny", name_category, with_condition);
        let rules = if deny_first { format!("{deny}{permit}") } else { format!("{permit}{deny}") };
        let engine = synthetic(&rules);
        let facts = if with_condition { r#","facts":{"flag":true}"# } else { "" };
        let answer: Value = serde_json::from_str(&engine.ask_json(&format!(r#"{{"ask":"share","service":"S","category":"C","recipient":"R"{facts}}}"#))).unwrap();
        prop_assert_eq!(answer["verdict"].as_str(), Some("deny"), "{}", answer);
        prop_assert_eq!(answer["reasons"][0]["rule"].as_str(), Some("d"));
    }
}

#[test]
fn ids_labels_and_aliases_name_their_entry() {
    let set = engine().policy();
    for kind in VocabKind::ALL {
        for (i, e) in set.vocab.table(kind).entries.iter().enumerate() {
            for name in [&e.id, &e.label].into_iter().chain(e.aliases.iter()) {
                assert_eq!(engine().lookup(kind, name, "x").unwrap(), i as u32, "{} {name}", kind.name());
            }
        }
    }
}

#[test]
fn a_catch_all_deny_holds_against_a_more_specific_permit() {
    // The deny names neither category nor recipient; the permit names both. A prohibition
    // holds against every permit it covers, whatever its specificity (issue 14).
    let engine = synthetic(&format!("{}{}", rule("p", "permit", true, false), catch_all_deny()));
    let answer: Value = serde_json::from_str(&engine.ask_json(r#"{"ask":"share","service":"S","category":"C","recipient":"R"}"#)).unwrap();
    assert_eq!((answer["verdict"].as_str(), answer["reasons"][0]["rule"].as_str()), (Some("deny"), Some("all")), "{answer}");
    let other: Value = serde_json::from_str(&engine.ask_json(r#"{"ask":"share","service":"S","category":"Other","recipient":"R"}"#)).unwrap();
    assert_eq!(other["verdict"], "deny", "{other}");
    // Without the deny, the permit decides its own question.
    let alone = synthetic(&rule("p", "permit", true, false));
    let permitted: Value = serde_json::from_str(&alone.ask_json(r#"{"ask":"share","service":"S","category":"C","recipient":"R"}"#)).unwrap();
    assert_eq!(permitted["verdict"], "permit", "{permitted}");
}

#[test]
fn rules_hold_between_their_dates() {
    let dated = "[[rule]]\nid = \"p\"\naction = \"share\"\neffect = \"permit\"\nactivities = [\"s\"]\nrecipients = [\"r\"]\nvalid_from = 2024-03-21\nvalid_until = 2025-01-01\nsection = \"S\"\nquote = \"Q\"\n";
    let engine = synthetic(dated);
    let at = |date: &str| -> String {
        let v: Value = serde_json::from_str(&engine.ask_json(&format!(r#"{{"ask":"share","service":"S","category":"C","recipient":"R","as_of":"{date}"}}"#))).unwrap();
        v["verdict"].as_str().unwrap().to_string()
    };
    assert_eq!(at("2024-03-20"), "not_stated");
    assert_eq!(at("2024-03-21"), "permit");
    assert_eq!(at("2024-12-31"), "permit");
    assert_eq!(at("2025-01-01"), "not_stated");
}

fn rule(id: &str, effect: &str, name_category: bool, with_condition: bool) -> String {
    let categories = if name_category { "categories = [\"c\"]\n" } else { "" };
    let when = if with_condition { "when = { flag = true }\n" } else { "" };
    format!("[[rule]]\nid = \"{id}\"\naction = \"share\"\neffect = \"{effect}\"\nactivities = [\"s\"]\nrecipients = [\"r\"]\n{categories}{when}section = \"S\"\nquote = \"Q\"\n\n")
}

fn catch_all_deny() -> String {
    "[[rule]]\nid = \"all\"\naction = \"share\"\neffect = \"deny\"\nsection = \"S\"\nquote = \"Q\"\n\n".to_string()
}

/// A one-notice policy set with service S, categories C and Other, recipient R, fact flag.
fn synthetic(rules: &str) -> Engine {
    let text = format!(
        "[notice]\nid = \"n\"\ntitle = \"N\"\ncontroller = \"X\"\nrole = \"controller\"\nsource = \"n.txt\"\nregime = \"UK GDPR\"\n\n\
         [[category]]\nid = \"c\"\nlabel = \"C\"\n\n[[category]]\nid = \"other\"\nlabel = \"Other\"\n\n\
         [[recipient]]\nid = \"r\"\nlabel = \"R\"\n\n[[fact]]\nid = \"flag\"\nlabel = \"Flag\"\ntype = \"bool\"\n\n\
         [[activity]]\nid = \"s\"\nlabel = \"S\"\n\n{rules}"
    );
    let mut sources = PolicySources::default();
    sources.add("n.toml", text);
    Engine::load(&sources).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_basis_counts_only_while_it_is_in_force() {
    let rules = "[[basis]]\nid = \"new_basis\"\nlabel = \"New basis\"\narticle = \"6\"\nvalid_from = 2025-08-20\n\n\
                 [[rule]]\nid = \"p\"\naction = \"share\"\neffect = \"permit\"\nactivities = [\"s\"]\nrecipients = [\"r\"]\nbases = [\"new_basis\"]\nsection = \"S\"\nquote = \"Q\"\n";
    let engine = synthetic(rules);
    let at = |date: &str| -> Value {
        serde_json::from_str(&engine.ask_json(&format!(r#"{{"ask":"share","service":"S","category":"C","recipient":"R","basis":"New basis","as_of":"{date}"}}"#))).unwrap()
    };
    assert_eq!(at("2025-08-20")["verdict"], "permit");
    let before = at("2025-08-19");
    assert_eq!(before["verdict"], "not_stated");
    assert!(before["notes"][0].as_str().unwrap().contains("is not a lawful basis on 2025-08-19"), "{before}");
}

#[test]
fn a_deny_with_two_conditions_needs_only_one_of_them_false() {
    let facts = "[[fact]]\nid = \"other\"\nlabel = \"Other\"\ntype = \"bool\"\n\n";
    let deny = "[[rule]]\nid = \"d\"\naction = \"share\"\neffect = \"deny\"\nactivities = [\"s\"]\nrecipients = [\"r\"]\nwhen = { flag = true, other = true }\nsection = \"S\"\nquote = \"Q\"\n\n";
    let engine = synthetic(&format!("{facts}{deny}{}", rule("p", "permit", false, false)));
    let ask = |facts: &str| -> Value {
        serde_json::from_str(&engine.ask_json(&format!(r#"{{"ask":"share","service":"S","category":"C","recipient":"R","facts":{{{facts}}}}}"#))).unwrap()
    };
    assert_eq!(ask(r#""flag":true,"other":true"#)["verdict"], "deny");
    assert_eq!(ask(r#""flag":true,"other":false"#)["verdict"], "permit");
    let open = ask("");
    assert_eq!(open["verdict"], "conditional", "{open}");
    assert_eq!(open["obligations"].as_array().unwrap().len(), 1);
    assert_eq!(open["obligations"][0]["expect"], false);
    assert!(open["notes"][0].as_str().unwrap().starts_with("Alternatively permitted if"), "{open}");
}

/// A real policy file with random damage: the loader reports errors, it never panics, and
/// every error has a position inside the file.
fn damaged_policy() -> impl Strategy<Value = String> {
    let original = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/notices/004_community_directory.toml")).unwrap();
    (0usize..original.len(), 0usize..40, ".{0,12}").prop_map(move |(at, cut, insert)| {
        let mut text = original.clone();
        let mut start = at.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(start..end, &insert);
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn damaged_policy_files_give_errors_with_positions_never_panics(text in damaged_policy()) {
        // The shared vocabulary, the law and the damaged notice only, so each case loads in debug builds
        // in a few milliseconds.
        let mut sources = Engine::builtin_sources();
        sources.policy_files.retain(|f| f.name == "vocabulary.toml" || f.name.starts_with("law/"));
        sources.notice_texts.retain(|name, _| name == "004_2870dd7688b53867.txt");
        sources.add("notices/004_community_directory.toml", text.clone());
        if let Err(errors) = Engine::load(&sources) {
            prop_assert!(!errors.0.is_empty());
            for d in &errors.0 {
                prop_assert!(!d.message.is_empty());
                if d.file.ends_with("004_community_directory.toml") {
                    prop_assert!(d.line >= 1 && d.line <= text.lines().count().max(1) + 1, "{d:?}");
                }
            }
        }
    }
}

#[test]
fn the_undamaged_notice_loads_on_its_own_with_the_vocabulary() {
    let mut sources = Engine::builtin_sources();
    sources.policy_files.retain(|f| f.name == "vocabulary.toml" || f.name.starts_with("law/") || f.name.ends_with("004_community_directory.toml"));
    sources.notice_texts.retain(|name, _| name == "004_2870dd7688b53867.txt");
    assert!(Engine::load(&sources).is_ok(), "the damage test needs the undamaged file to load");
}
