//! Questions as they come over the wire, and their JSON parsing with field-precise errors.
//!
//! The JSON path must cost well under a microsecond and still tell the caller exactly which
//! field was wrong. A hand-written serde visitor borrows strings from the input line, knows
//! the field it is reading when a value has the wrong type, and suggests the nearest field
//! name for a misspelt one.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::date::Date;
use crate::error::{ErrorCode, QuestionError};
use crate::names::NameIndex;

/// The kinds of question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    Share,
    Collect,
    Use,
    Transfer,
    Retention,
    AutomatedDecision,
    Rights,
}

impl Ask {
    pub const ALL: [Ask; 7] =
        [Ask::Share, Ask::Collect, Ask::Use, Ask::Transfer, Ask::Retention, Ask::AutomatedDecision, Ask::Rights];

    pub fn name(self) -> &'static str {
        match self {
            Ask::Share => "share",
            Ask::Collect => "collect",
            Ask::Use => "use",
            Ask::Transfer => "transfer",
            Ask::Retention => "retention",
            Ask::AutomatedDecision => "automated_decision",
            Ask::Rights => "rights",
        }
    }

    pub fn from_name(name: &str) -> Option<Ask> {
        Ask::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// A question's `id`, echoed back on its decision: a string or a number.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum QuestionId {
    Text(String),
    Number(serde_json::Number),
}

/// A fact's value as the caller states it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FactInput<'a> {
    Bool(bool),
    Number(f64),
    /// An enum value, or a date written YYYY-MM-DD.
    Text(Cow<'a, str>),
}

// Both are read by hand rather than as `#[serde(untagged)]`: serde reads an untagged enum by
// buffering the value and trying each variant in turn, formatting an error for each miss,
// which made a text fact cost more than the rest of the question.

impl<'de> Deserialize<'de> for QuestionId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = QuestionId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<QuestionId, E> {
                Ok(QuestionId::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<QuestionId, E> {
                Ok(QuestionId::Text(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<QuestionId, E> {
                Ok(QuestionId::Number(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<QuestionId, E> {
                Ok(QuestionId::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<QuestionId, E> {
                serde_json::Number::from_f64(v).map(QuestionId::Number).ok_or_else(|| E::custom("a number id must be finite"))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for FactInput<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FactInput<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false, a number or a string")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(FactInput::Bool(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(FactInput::Number(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(FactInput::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(FactInput::Number(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FactInput::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FactInput::Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FactInput::Text(Cow::Owned(v)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A question. Every name may be an id, a label or an alias.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Question<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<QuestionId>,
    pub ask: Option<Ask>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_date")]
    pub as_of: Option<Date>,
    #[serde(skip_serializing_if = "StatedFacts::is_empty")]
    pub facts: StatedFacts<'a>,
}

/// The facts a question states, by the name the caller used, sorted by name.
///
/// A question states a handful of facts, so a sorted vector: one allocation, and a binary
/// search where a map would walk its nodes. Stating a name again replaces its value, as a
/// JSON object's last duplicate key does; two names of one fact are caught when the names
/// are resolved (`Engine::resolve_facts`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatedFacts<'a>(Vec<(Cow<'a, str>, FactInput<'a>)>);

impl<'a> StatedFacts<'a> {
    /// States `name`, replacing the value stated for it before (returned).
    pub fn insert(&mut self, name: Cow<'a, str>, value: FactInput<'a>) -> Option<FactInput<'a>> {
        match self.0.binary_search_by(|(n, _)| n.as_ref().cmp(&name)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    /// The value stated for exactly this name.
    pub fn get(&self, name: &str) -> Option<&FactInput<'a>> {
        self.0.binary_search_by(|(n, _)| n.as_ref().cmp(name)).ok().map(|i| &self.0[i].1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Names and values, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&Cow<'a, str>, &FactInput<'a>)> {
        self.0.iter().map(|(n, v)| (n, v))
    }
}

impl<'a> FromIterator<(Cow<'a, str>, FactInput<'a>)> for StatedFacts<'a> {
    fn from_iter<I: IntoIterator<Item = (Cow<'a, str>, FactInput<'a>)>>(pairs: I) -> Self {
        let mut facts = StatedFacts::default();
        for (name, value) in pairs {
            facts.insert(name, value);
        }
        facts
    }
}

impl<'a> IntoIterator for StatedFacts<'a> {
    type Item = (Cow<'a, str>, FactInput<'a>);
    type IntoIter = std::vec::IntoIter<(Cow<'a, str>, FactInput<'a>)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'s, 'a> IntoIterator for &'s StatedFacts<'a> {
    type Item = (&'s Cow<'a, str>, &'s FactInput<'a>);
    type IntoIter = std::iter::Map<std::slice::Iter<'s, (Cow<'a, str>, FactInput<'a>)>, fn(&'s (Cow<'a, str>, FactInput<'a>)) -> Self::Item>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(n, v)| (n, v))
    }
}

impl Serialize for StatedFacts<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

fn serialize_date<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

impl<'a> Question<'a> {
    /// A question of the given kind with every other field empty.
    pub fn new(ask: Ask) -> Self {
        Question { ask: Some(ask), ..Question::default() }
    }

    /// Copies every borrowed string, so the question outlives its input.
    pub fn into_owned(self) -> Question<'static> {
        let own = |c: Option<Cow<'a, str>>| c.map(|s| Cow::Owned(s.into_owned()));
        Question {
            id: self.id,
            ask: self.ask,
            notice: own(self.notice),
            service: own(self.service),
            category: own(self.category),
            recipient: own(self.recipient),
            basis: own(self.basis),
            purpose: own(self.purpose),
            country: own(self.country),
            record: own(self.record),
            right: own(self.right),
            as_of: self.as_of,
            facts: self
                .facts
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        FactInput::Text(t) => FactInput::Text(Cow::Owned(t.into_owned())),
                        FactInput::Bool(b) => FactInput::Bool(b),
                        FactInput::Number(n) => FactInput::Number(n),
                    };
                    (Cow::Owned(k.into_owned()), v)
                })
                .collect(),
        }
    }

    /// The question as one line of JSON, in the wire format.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("questions always serialise")
    }
}

/// The wire format's question fields.
pub const FIELDS: [&str; 13] =
    ["id", "ask", "notice", "service", "category", "recipient", "basis", "purpose", "country", "record", "right", "as_of", "facts"];

/// A question that could not be read, with its `id` if that much was read.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseFailure {
    pub id: Option<QuestionId>,
    pub error: QuestionError,
}

#[derive(Default)]
struct ParseState {
    field: Option<&'static str>,
    id: Option<QuestionId>,
    error: Option<QuestionError>,
}

#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub use crate::question_reader::read_plain;

/// Reads one JSON question. Strings are borrowed from `line` where they have no escapes.
pub fn parse_question(line: &str) -> Result<Question<'_>, ParseFailure> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(q) = read_plain(line) {
        return Ok(q);
    }
    parse_question_with_serde(line)
}

/// Reads one JSON question through serde_json: every line `parse_question`'s own reader
/// leaves, and every error's wording. Public so that tests and the fuzz target can check
/// that both readings of a line agree.
#[doc(hidden)]
pub fn parse_question_with_serde(line: &str) -> Result<Question<'_>, ParseFailure> {
    let state = RefCell::new(ParseState::default());
    let mut de = serde_json::Deserializer::from_str(line);
    let result = de.deserialize_map(QuestionVisitor { state: &state }).and_then(|q| de.end().map(|()| q));
    let state = state.into_inner();
    match result {
        Ok(q) => match q.ask {
            Some(_) => Ok(q),
            None => Err(ParseFailure {
                id: q.id,
                error: QuestionError::new(ErrorCode::MissingField, Some("ask"), format!("the question has no `ask`; expected one of {}", ask_names())),
            }),
        },
        Err(e) => {
            let error = state.error.unwrap_or_else(|| {
                let message = strip_position(&e.to_string());
                match (e.classify(), state.field) {
                    (serde_json::error::Category::Data, Some(field)) => {
                        QuestionError::new(ErrorCode::InvalidField, Some(field), format!("`{field}`: {message}"))
                    }
                    (serde_json::error::Category::Data, None) => QuestionError::new(
                        ErrorCode::InvalidJson,
                        None,
                        format!("a question must be a JSON object: {message}"),
                    ),
                    _ => QuestionError::new(
                        ErrorCode::InvalidJson,
                        None,
                        format!("malformed JSON at column {}: {message}", e.column()),
                    ),
                }
            });
            Err(ParseFailure { id: state.id, error })
        }
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn ask_names() -> String {
    Ask::ALL.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
}

/// A string borrowed from the input when possible.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Str<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The `facts` object, read straight into the question's list (names borrowed when the
/// input allows): one list built per question, not two.
struct FactsMap<'a>(StatedFacts<'a>);

impl<'de> Deserialize<'de> for FactsMap<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FactsMap<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of fact names and values")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut facts = StatedFacts::default();
                while let Some((name, value)) = map.next_entry::<Str<'de>, FactInput<'de>>()? {
                    facts.insert(name.0, value);
                }
                Ok(FactsMap(facts))
            }
        }
        d.deserialize_map(V)
    }
}

struct QuestionVisitor<'s> {
    state: &'s RefCell<ParseState>,
}

impl<'de> Visitor<'de> for QuestionVisitor<'_> {
    type Value = Question<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object with an `ask` field")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut q = Question::default();
        let mut seen: u16 = 0;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            let Some(slot) = FIELDS.iter().position(|f| *f == key.0) else {
                map.next_value::<IgnoredAny>()?;
                let mut state = self.state.borrow_mut();
                if state.error.is_none() {
                    let mut index = NameIndex::default();
                    for (i, f) in FIELDS.iter().enumerate() {
                        index.insert(f, i as u32);
                    }
                    let mut error = QuestionError::new(
                        ErrorCode::UnknownField,
                        Some(&key.0),
                        format!("unknown field `{}`; a question has the fields {}", key.0, FIELDS.join(", ")),
                    );
                    error.suggestions = index.suggest(&key.0, 3);
                    state.error = Some(error);
                }
                continue;
            };
            let field = FIELDS[slot];
            if seen >> slot & 1 == 1 {
                return Err(self.fail(QuestionError::new(ErrorCode::InvalidField, Some(field), format!("`{field}` appears twice"))));
            }
            seen |= 1 << slot;
            self.state.borrow_mut().field = Some(field);
            let text = |v: Option<Str<'de>>| v.map(|s| s.0);
            match field {
                // Kept in the state (not cloned into `q`) so an error line can still echo it.
                "id" => self.state.borrow_mut().id = map.next_value()?,
                "ask" => {
                    let name: Option<Str<'de>> = map.next_value()?;
                    if let Some(name) = name {
                        match Ask::from_name(&name.0) {
                            Some(ask) => q.ask = Some(ask),
                            None => {
                                let mut index = NameIndex::default();
                                for (i, a) in Ask::ALL.iter().enumerate() {
                                    index.insert(a.name(), i as u32);
                                }
                                let mut error = QuestionError::new(
                                    ErrorCode::InvalidField,
                                    Some("ask"),
                                    format!("unknown question kind \"{}\"; expected one of {}", name.0, ask_names()),
                                );
                                error.suggestions = index.suggest(&name.0, 3);
                                return Err(self.fail(error));
                            }
                        }
                    }
                }
                "notice" => q.notice = text(map.next_value()?),
                "service" => q.service = text(map.next_value()?),
                "category" => q.category = text(map.next_value()?),
                "recipient" => q.recipient = text(map.next_value()?),
                "basis" => q.basis = text(map.next_value()?),
                "purpose" => q.purpose = text(map.next_value()?),
                "country" => q.country = text(map.next_value()?),
                "record" => q.record = text(map.next_value()?),
                "right" => q.right = text(map.next_value()?),
                "as_of" => {
                    let value: Option<Str<'de>> = map.next_value()?;
                    if let Some(value) = value {
                        match Date::parse(&value.0) {
                            Some(d) => q.as_of = Some(d),
                            None => {
                                return Err(self.fail(QuestionError::new(
                                    ErrorCode::InvalidField,
                                    Some("as_of"),
                                    format!("`as_of` must be a date written YYYY-MM-DD, found \"{}\"", value.0),
                                )))
                            }
                        }
                    }
                }
                _ => {
                    let facts: Option<FactsMap<'de>> = map.next_value()?;
                    q.facts = facts.map(|f| f.0).unwrap_or_default();
                }
            }
            self.state.borrow_mut().field = None;
        }
        let pending = self.state.borrow_mut().error.take();
        if let Some(error) = pending {
            return Err(self.fail(error));
        }
        q.id = self.state.borrow_mut().id.take();
        Ok(q)
    }
}

impl QuestionVisitor<'_> {
    fn fail<E: de::Error>(&self, error: QuestionError) -> E {
        let message = error.message.clone();
        self.state.borrow_mut().error = Some(error);
        E::custom(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_field_and_borrows() {
        let line = r#"{"id":"q-1","ask":"share","notice":"004","service":"Community Directory","category":"Name","recipient":"PCG UK","basis":"Article 6(1)(a)","purpose":null,"country":null,"record":null,"right":null,"as_of":"2026-11-23","facts":{"data_processing_agreement":false,"n":3,"consent":"given"}}"#;
        let q = parse_question(line).unwrap();
        assert_eq!(q.ask, Some(Ask::Share));
        assert_eq!(q.id, Some(QuestionId::Text("q-1".into())));
        assert!(matches!(q.service, Some(Cow::Borrowed("Community Directory"))));
        assert_eq!(q.as_of, Date::parse("2026-11-23"));
        assert_eq!(q.facts.get("data_processing_agreement"), Some(&FactInput::Bool(false)));
        assert_eq!(q.facts.get("consent"), Some(&FactInput::Text("given".into())));
        assert_eq!(q.facts.get("n"), Some(&FactInput::Number(3.0)));
    }

    #[test]
    fn reads_every_kind_of_fact_value_and_id() {
        let q = parse_question(r#"{"id":-2.5,"ask":"share","facts":{"a":-4,"b":18446744073709551615,"c":"giv\u0065n","d":true}}"#).unwrap();
        assert_eq!(q.id, Some(QuestionId::Number(serde_json::Number::from_f64(-2.5).unwrap())));
        assert_eq!(q.facts.get("a"), Some(&FactInput::Number(-4.0)));
        assert_eq!(q.facts.get("b"), Some(&FactInput::Number(u64::MAX as f64)));
        // An escaped string cannot be borrowed: read as an owned copy, same value.
        assert!(matches!(q.facts.get("c"), Some(FactInput::Text(Cow::Owned(t))) if t == "given"));
        assert_eq!(q.facts.get("d"), Some(&FactInput::Bool(true)));
        let e = parse_question(r#"{"id":true,"ask":"share"}"#).unwrap_err();
        assert_eq!((e.error.code, e.error.field.as_deref()), (ErrorCode::InvalidField, Some("id")));
        assert!(e.error.message.contains("a string or a number"), "{}", e.error.message);
        let e = parse_question(r#"{"ask":"share","facts":{"consent":null}}"#).unwrap_err();
        assert_eq!(e.error.field.as_deref(), Some("facts"));
        assert!(e.error.message.contains("true, false, a number or a string"), "{}", e.error.message);
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse_question(r#"{"id":7,"ask":"share","category":3}"#).unwrap_err();
        assert_eq!(e.error.code, ErrorCode::InvalidField);
        assert_eq!(e.error.field.as_deref(), Some("category"));
        assert_eq!(e.id, Some(QuestionId::Number(7.into())));

        let e = parse_question(r#"{"ask":"share","recipent":"x"}"#).unwrap_err();
        assert_eq!(e.error.code, ErrorCode::UnknownField);
        assert_eq!(e.error.suggestions.first().map(String::as_str), Some("recipient"));

        let e = parse_question(r#"{"ask":"shar"}"#).unwrap_err();
        assert_eq!(e.error.field.as_deref(), Some("ask"));
        assert_eq!(e.error.suggestions.first().map(String::as_str), Some("share"));

        let e = parse_question(r#"{"service":"x"}"#).unwrap_err();
        assert_eq!(e.error.code, ErrorCode::MissingField);

        for bad in ["", "{", "[1]", "{\"ask\":\"share\"} x", "null"] {
            let e = parse_question(bad).unwrap_err();
            assert_eq!(e.error.code, ErrorCode::InvalidJson, "{bad}: {:?}", e);
        }
        let e = parse_question(r#"{"ask":"share","facts":["consent"]}"#).unwrap_err();
        assert_eq!((e.error.code, e.error.field.as_deref()), (ErrorCode::InvalidField, Some("facts")));
        assert!(e.error.message.contains("an object of fact names and values"), "{}", e.error.message);
        let e = parse_question(r#"{"ask":"share","facts":{"consent":["given"]}}"#).unwrap_err();
        assert_eq!(e.error.field.as_deref(), Some("facts"));
        let e = parse_question(r#"{"ask":"share","as_of":"2026-02-30"}"#).unwrap_err();
        assert_eq!(e.error.field.as_deref(), Some("as_of"));
    }

    #[test]
    fn json_round_trip() {
        let line = r#"{"id":"a","ask":"collect","service":"S","category":"C","as_of":"2024-02-29","facts":{"f":true}}"#;
        let q = parse_question(line).unwrap();
        assert_eq!(q.to_json(), line);
    }
}
