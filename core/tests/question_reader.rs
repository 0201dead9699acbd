//! `parse_question`'s own reader of the plain question line (core/src/question_reader.rs):
//! what it reads, the same question serde's reading gives, and what it leaves to serde. An
//! integration test so that `scripts/mutants-diff` runs it (its selection is of test files).

use std::borrow::Cow;

use noticegate::question::{parse_question_with_serde, read_plain, StatedFacts};
use noticegate::{parse_question, Ask, Date, Engine, FactInput, QuestionId};

/// The line of the `json_to_json` bench.
const SHARE_LINE: &str = r#"{"id":"q-1","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent":"given","data_processing_agreement":true}}"#;

/// Lines the reader reads itself, each the same question serde's reading gives.
const PLAIN: &[&str] = &[
    SHARE_LINE,
    r#"{"ask":"collect"}"#,
    " \t\r\n{ \"ask\" : \"use\" , \"purpose\" :\t\"Research\" }\n\r\t ",
    r#"{"id":0,"ask":"rights","right":"access"}"#,
    r#"{"id":18446744073709551615,"ask":"share","facts":{"n":0,"m":18446744073709551615,"k":120}}"#,
    r#"{"id":null,"ask":"transfer","notice":null,"service":null,"category":null,"recipient":null,"basis":null,"purpose":null,"country":null,"record":null,"right":null,"as_of":null,"facts":null}"#,
    r#"{"ask":"retention","notice":"N","service":"S","category":"C","recipient":"R","basis":"B","purpose":"P","country":"K","record":"Rec","right":"Ri","as_of":"2024-02-29"}"#,
    r#"{"ask":"share","facts":{}}"#,
    r#"{"ask":"share","facts":{ }}"#,
    r#"{"ask":"share","facts":{"b":false,"a":true,"a":"later","":"empty name"}}"#,
    "{\"ask\":\"share\",\"service\":\"Ünïcode ✓ \u{7f}\",\"category\":\"\"}",
    r#"{"facts":{"x":1},"ask":"automated_decision","id":"last"}"#,
];

/// Lines the reader leaves to serde: errors, and what it does not read itself.
const LEFT_TO_SERDE: &[&str] = &[
    "",
    " ",
    "{",
    "[1]",
    "null",
    "{}",
    r#"{"service":"x"}"#,
    r#"{"ask":null}"#,
    r#"{"ask":"share"} x"#,
    r#"{"ask":"share"}}"#,
    r#"{"ask":"share",}"#,
    r#"{"ask":"share""service":"x"}"#,
    r#"{"ask""share"}"#,
    r#"{ask:"share"}"#,
    r#"{"ask":"shar"}"#,
    r#"{"ask":"share","ask":"share"}"#,
    r#"{"ask":"share","service":null,"service":"x"}"#,
    r#"{"ask":"share","recipent":"x"}"#,
    r#"{"ask":"share","service":"a\"b"}"#,
    r#"{"ask":"share","service":"a\u0062"}"#,
    "{\"ask\":\"share\",\"service\":\"a\tb\"}",
    r#"{"ask":"share","service":"open}"#,
    r#"{"ask":"share","category":3}"#,
    r#"{"ask":"share","service":nul}"#,
    r#"{"ask":"share","service":nullx}"#,
    r#"{"ask":"share","as_of":"2026-02-30"}"#,
    r#"{"ask":"share","as_of":20261123}"#,
    r#"{"id":true,"ask":"share"}"#,
    r#"{"id":-1,"ask":"share"}"#,
    r#"{"id":1.5,"ask":"share"}"#,
    r#"{"id":1e3,"ask":"share"}"#,
    r#"{"id":1E3,"ask":"share"}"#,
    r#"{"id":01,"ask":"share"}"#,
    r#"{"id":18446744073709551616,"ask":"share"}"#,
    r#"{"id":99999999999999999999,"ask":"share"}"#,
    r#"{"id":"a\nb","ask":"share"}"#,
    r#"{"id":[1],"ask":"share"}"#,
    r#"{"ask":"share","facts":"a":true}"#,
    r#"{"ask":"share","facts":["consent"]}"#,
    r#"{"ask":"share","facts":{"consent":null}}"#,
    r#"{"ask":"share","facts":{"consent":["given"]}}"#,
    r#"{"ask":"share","facts":{"consent":{"a":1}}}"#,
    r#"{"ask":"share","facts":{"n":-4}}"#,
    r#"{"ask":"share","facts":{"n":2.5}}"#,
    r#"{"ask":"share","facts":{"n":00}}"#,
    r#"{"ask":"share","facts":{"c":"giv\u0065n"}}"#,
    r#"{"ask":"share","facts":{"c\n":true}}"#,
    r#"{"ask":"share","facts":{"c" true}}"#,
    r#"{"ask":"share","facts":{"c":true,}}"#,
    r#"{"ask":"share","facts":{"c":true"d":false}}"#,
    r#"{"ask":"share","facts":{"c":tru}}"#,
    r#"{"ask":"share","facts":{"c":true}"#,
    r#"{"ask":"share","facts":{c:true}}"#,
    r#"{"ask":"share","facts":}"#,
];

#[test]
fn reads_plain_lines_as_serde_does() {
    for line in PLAIN {
        let plain = read_plain(line).unwrap_or_else(|| panic!("left to serde: {line}"));
        assert_eq!(Ok(plain), parse_question_with_serde(line), "{line}");
    }
}

#[test]
fn leaves_every_other_line_to_serde() {
    for line in LEFT_TO_SERDE {
        assert_eq!(read_plain(line), None, "{line}");
    }
}

/// Every ASCII byte at every offset of a string, in the eight-byte scan and the byte-by-byte
/// tail: read as a plain string's byte, or left to serde (a quote ends the string early).
#[test]
fn reads_strings_to_their_first_stop_byte() {
    for byte in 0u8..0x80 {
        for before in 0..20 {
            for after in [0, 1, 7, 8, 9, 20] {
                let text = format!("{}{}{}", "a".repeat(before), char::from(byte), "b".repeat(after));
                let line = format!(r#"{{"ask":"share","service":"{text}"}}"#);
                let stops = byte == b'"' || byte == b'\\' || byte < 0x20;
                match read_plain(&line) {
                    Some(q) => {
                        assert!(!stops, "byte {byte:#x} in {line:?}");
                        assert_eq!(q.service.as_deref(), Some(text.as_str()), "{line:?}");
                    }
                    None => assert!(stops, "byte {byte:#x} left to serde in {line:?}"),
                }
            }
        }
    }
}

#[test]
fn reads_every_field_borrowed() {
    let q = read_plain(PLAIN[6]).unwrap();
    let texts = [&q.notice, &q.service, &q.category, &q.recipient, &q.basis, &q.purpose, &q.country, &q.record, &q.right];
    let read: Vec<&str> = texts.iter().map(|t| match t {
        Some(Cow::Borrowed(s)) => *s,
        other => panic!("not borrowed: {other:?}"),
    }).collect();
    assert_eq!(read, ["N", "S", "C", "R", "B", "P", "K", "Rec", "Ri"]);
    assert_eq!((q.ask, q.as_of), (Some(Ask::Retention), Date::parse("2024-02-29")));

    let q = read_plain(SHARE_LINE).unwrap();
    assert_eq!(q.id, Some(QuestionId::Text("q-1".into())));
    assert!(matches!(q.facts.get("consent"), Some(FactInput::Text(Cow::Borrowed("given")))));
    assert_eq!(q.facts.get("data_processing_agreement"), Some(&FactInput::Bool(true)));

    let q = read_plain(PLAIN[4]).unwrap();
    assert_eq!(q.id, Some(QuestionId::Number(u64::MAX.into())));
    let facts: Vec<(&str, &FactInput)> = q.facts.iter().map(|(n, v)| (n.as_ref(), v)).collect();
    assert_eq!(facts, [("k", &FactInput::Number(120.0)), ("m", &FactInput::Number(u64::MAX as f64)), ("n", &FactInput::Number(0.0))]);

    // A name stated twice keeps its last value, as serde's map did.
    let q = read_plain(PLAIN[9]).unwrap();
    assert_eq!(q.facts.len(), 3);
    assert_eq!(q.facts.get("a"), Some(&FactInput::Text("later".into())));
    assert_eq!(q.facts.get("b"), Some(&FactInput::Bool(false)));
}

#[test]
fn parse_question_answers_as_serde_does() {
    for line in PLAIN.iter().chain(LEFT_TO_SERDE) {
        assert_eq!(parse_question(line), parse_question_with_serde(line), "{line}");
    }
}

proptest::proptest! {
    /// Lines spliced from question tokens: whatever the reader reads, serde reads the same.
    #[test]
    fn agrees_with_serde_on_spliced_lines(parts in proptest::collection::vec(0usize..TOKENS.len(), 0..24)) {
        let line: String = parts.iter().map(|&i| TOKENS[i]).collect();
        if let Some(q) = read_plain(&line) {
            proptest::prop_assert_eq!(Ok(q), parse_question_with_serde(&line), "{}", line);
        }
    }
}

const TOKENS: &[&str] = &[
    "{", "}", ",", ":", " ", "\n", "null", "true", "false", "0", "7", "-1", "2.5", "1e2",
    "\"ask\":", "\"share\"", "\"id\":", "\"facts\":", "{\"a\":", "\"as_of\":", "\"2024-02-29\"",
    "\"service\":", "\"x\"", "\"a\\\"b\"", "\"ask\":\"share\"", "[", "]", "\"",
];

#[test]
fn stated_facts_keep_one_value_per_name_in_name_order() {
    let mut facts = StatedFacts::default();
    assert!(facts.is_empty());
    assert_eq!(facts.insert("b".into(), FactInput::Bool(true)), None);
    assert_eq!(facts.insert("a".into(), FactInput::Number(1.0)), None);
    assert_eq!(facts.insert("b".into(), FactInput::Bool(false)), Some(FactInput::Bool(true)));
    assert_eq!((facts.len(), facts.is_empty()), (2, false));
    assert_eq!(facts.get("b"), Some(&FactInput::Bool(false)));
    assert_eq!(facts.get("c"), None);
    let names: Vec<&str> = facts.iter().map(|(n, _)| n.as_ref()).collect();
    assert_eq!(names, ["a", "b"]);
    let names: Vec<&str> = (&facts).into_iter().map(|(n, _)| n.as_ref()).collect();
    assert_eq!(names, ["a", "b"]);
    let collected: StatedFacts = facts.clone().into_iter().rev().collect();
    assert_eq!(collected, facts);
    assert_eq!(serde_json::to_string(&facts).unwrap(), r#"{"a":1.0,"b":false}"#);
}

/// `decision_json` copies a text id that needs no escape and has serde_json write the
/// rest: every id comes back as serde_json writes it.
#[test]
fn decision_lines_echo_every_id_as_json_writes_it() {
    let engine = Engine::builtin();
    let ids = ["q-1", "", "with space", "\u{7f}\u{1f}", "\u{20}", "quote \"", "back\\slash", "tab\t", "\u{1f}", "ünï ✓"];
    for id in ids {
        let id = QuestionId::Text(id.to_string());
        let written = serde_json::to_string(&id).unwrap();
        let line = format!(
            r#"{{"id":{written},"ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23"}}"#
        );
        let answer = engine.ask_json(&line);
        assert!(answer.starts_with(&format!("{{\"id\":{written},\"verdict\":")), "{written}: {answer}");
        let read: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(read["id"], serde_json::to_value(&id).unwrap(), "{answer}");
    }
    let answer = engine.ask_json(r#"{"id":12,"ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23"}"#);
    assert!(answer.starts_with(r#"{"id":12,"verdict":"#), "{answer}");
}
