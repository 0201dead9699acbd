//! The gate as one JSON request and one JSON answer, for bindings that speak JSON (the C ABI,
//! C#, uniffi): column names, optionally a sample of each column's values, and the export's
//! options in; which columns go and the gate's report out (docs/gate.md).
//!
//! ```json
//! {"columns": ["email", "consent"], "samples": [["a@x.org"], ["given"]], "rows": 2,
//!  "service": "Community Directory", "recipient": "PCG UK", "as_of": "2026-11-23",
//!  "facts": {"data_processing_agreement": true}, "categories": {"email": "Email address"},
//!  "row_facts": {"consent": "consent"}, "pass_conditional": false}
//! ```
//!
//! Only `columns`, `service` and `recipient` are required. Without rows to read, every row
//! fact is unknown, so a rule that tests one cannot let a column through (fail closed).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::Sample;
use crate::date::Date;
use crate::engine::Engine;
use crate::gate::{Gate, GateError, GateOptions, GateReport};
use crate::question::FactInput;

/// A value of a column's sample, as JSON gives it.
#[derive(Deserialize)]
#[serde(untagged)]
enum SampleValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl SampleValue {
    fn sample(&self) -> Sample<'_> {
        match self {
            SampleValue::Null => Sample::Null,
            SampleValue::Bool(b) => Sample::Bool(*b),
            SampleValue::Int(i) => Sample::Int(*i),
            SampleValue::Float(f) => Sample::Float(*f),
            SampleValue::Text(t) => Sample::Text(t),
        }
    }
}

/// A fact's value for the whole export.
#[derive(Deserialize)]
#[serde(untagged)]
enum FactValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    columns: Vec<String>,
    #[serde(default)]
    samples: Option<Vec<Vec<SampleValue>>>,
    #[serde(default)]
    rows: u64,
    service: String,
    recipient: String,
    #[serde(default)]
    notice: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    purpose: Option<String>,
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    facts: BTreeMap<String, FactValue>,
    #[serde(default)]
    categories: BTreeMap<String, String>,
    #[serde(default)]
    row_facts: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pass_conditional: bool,
}

/// The answer: the columns that go, in input order, and the report.
#[derive(Serialize)]
struct Answer<'a> {
    passed: Vec<&'a str>,
    #[serde(flatten)]
    report: &'a GateReport,
}

/// Gates the columns a JSON request names (see the module docs) and answers with the JSON of
/// the columns that go and the report. `today` is the date a request without `as_of` is
/// gated on (targets without a clock pass it). A malformed request is an `invalid_json`
/// error naming what was wrong; the gate's own errors are as `Gate`'s.
pub fn gate_json(engine: &Engine, request: &str, today: Option<Date>) -> Result<String, GateError> {
    let r: Request = serde_json::from_str(request).map_err(|e| GateError::new("invalid_json", Some("request"), format!("the gate request is not valid: {e}")))?;
    let as_of = match &r.as_of {
        Some(text) => Some(Date::parse(text).ok_or_else(|| GateError::new("invalid_field", Some("as_of"), format!("`as_of` must be a date written YYYY-MM-DD, found \"{text}\"")))?),
        None => today,
    };
    let facts = r
        .facts
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                FactValue::Bool(b) => FactInput::Bool(b),
                FactValue::Number(n) => FactInput::Number(n),
                FactValue::Text(t) => FactInput::Text(Cow::Owned(t)),
            };
            (k, v)
        })
        .collect();
    let options = GateOptions {
        service: r.service,
        recipient: r.recipient,
        notice: r.notice,
        basis: r.basis,
        purpose: r.purpose,
        as_of,
        facts,
        columns: r.categories,
        row_facts: r.row_facts,
        pass_conditional: r.pass_conditional,
    };
    let names: Vec<&str> = r.columns.iter().map(String::as_str).collect();
    let gate = match &r.samples {
        Some(samples) => {
            let samples: Vec<Vec<Sample<'_>>> = samples.iter().map(|c| c.iter().map(SampleValue::sample).collect()).collect();
            Gate::with_samples(engine, &names, &samples, &options)?
        }
        None => Gate::new(engine, &names, &options)?,
    };
    let unknown = vec![None; gate.fact_columns().len()];
    let outcome = gate.decide(&[(unknown, r.rows)])?;
    let answer = Answer { passed: outcome.report.passed().collect(), report: &outcome.report };
    serde_json::to_string(&answer).map_err(|e| GateError::new("internal", None, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_gated_and_answered_with_the_report() {
        let request = r#"{"columns": ["email_address", "health_conditions", "zzz"], "samples": [["a@example.org"], ["asthma"], [1, null]],
            "rows": 3, "service": "Community Directory", "recipient": "PCG UK", "as_of": "2026-11-23",
            "facts": {"data_processing_agreement": true, "consent": "given"}}"#;
        let answer: serde_json::Value = serde_json::from_str(&gate_json(Engine::builtin(), request, None).unwrap()).unwrap();
        assert_eq!(answer["passed"], serde_json::json!(["email_address"]));
        assert_eq!(answer["rows_in"], 3);
        let columns = answer["columns"].as_array().unwrap();
        assert_eq!(columns[0]["status"], "allowed");
        assert!(columns[0]["reasons"][0]["quote"].as_str().is_some_and(|q| !q.is_empty()));
        assert_eq!(columns[1]["status"], "blocked");
        assert_eq!(columns[2]["status"], "unclassified");
    }

    #[test]
    fn bad_requests_are_coded_errors() {
        let e = gate_json(Engine::builtin(), "{", None).unwrap_err();
        assert_eq!(e.code, "invalid_json");
        let e = gate_json(Engine::builtin(), r#"{"columns": [], "service": "x", "recipient": "y", "colour": 1}"#, None).unwrap_err();
        assert!(e.code == "invalid_json" && e.message.contains("colour"), "{e}");
        let e = gate_json(Engine::builtin(), r#"{"columns": ["a"], "service": "Comunity Directory", "recipient": "PCG UK"}"#, None).unwrap_err();
        assert_eq!((e.code.as_str(), e.field.as_deref()), ("unknown_name", Some("service")));
        let e = gate_json(Engine::builtin(), r#"{"columns": ["a"], "service": "Community Directory", "recipient": "PCG UK", "as_of": "soon"}"#, None).unwrap_err();
        assert_eq!(e.code, "invalid_field");
        let e = gate_json(Engine::builtin(), r#"{"columns": ["a", "a"], "service": "Community Directory", "recipient": "PCG UK"}"#, None).unwrap_err();
        assert_eq!(e.code, "duplicate_column");
    }
}
