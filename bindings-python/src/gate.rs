//! Core's export gate for `noticegate/gate.py`: Python options, column names, value samples
//! and combinations of row facts in; core's answer (which columns and combinations go, and
//! the report) out as plain tuples the Python layer wraps. Nothing here decides: the rules of
//! what may go are `noticegate::gate`'s.

use std::borrow::Cow;
use std::collections::BTreeMap;

use noticegate::classify::Sample;
use noticegate::gate::{ColumnReport, ColumnStatus, Gate, GateError, GateOptions, GateOutcome, RowFacts};
use noticegate::model::FactType;
use noticegate::{Date, FactInput, VocabKind};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString, PyTuple};

use crate::{error_class, verdict_to_py, NativeEngine, Obligation, Reason};
use noticegate::EngineHandle;

/// A `GateError` as the matching `noticegate.Error` subclass (`UnknownNameError` for names,
/// else `InvalidQuestionError`).
pub(crate) fn gate_error(py: Python<'_>, e: GateError) -> PyErr {
    let which = if e.code == "unknown_name" || e.code == "ambiguous_name" { 0 } else { 1 };
    let build = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("code", &e.code)?;
        kwargs.set_item("field", e.field.as_deref())?;
        kwargs.set_item("suggestions", &e.suggestions)?;
        let value = error_class(py, which)?.call((e.message.as_str(),), Some(&kwargs))?;
        Ok(PyErr::from_value(value))
    };
    build().unwrap_or_else(|err| err)
}

/// A Python fact value: bool, int or float, or str (an enum value, a YYYY-MM-DD date);
/// `None` is unknown.
fn fact_value(value: &Bound<'_, PyAny>, field: &str) -> Result<Option<FactInput<'static>>, GateError> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Some(FactInput::Bool(b.is_true())));
    }
    if value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>() {
        if let Ok(n) = value.extract::<f64>() {
            return Ok(Some(FactInput::Number(n)));
        }
    }
    if value.is_instance_of::<PyString>() {
        if let Ok(s) = value.extract::<String>() {
            return Ok(Some(FactInput::Text(Cow::Owned(s))));
        }
    }
    let kind = value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "value".into());
    Err(GateError::new("invalid_field", Some(field), format!("`{field}` must be a bool, a number or a string, found {kind}")))
}

/// A value of a column's sample, owned until the classifier borrows it.
enum Owned {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Owned {
    fn of(value: &Bound<'_, PyAny>) -> Owned {
        if value.is_none() {
            return Owned::Null;
        }
        if let Ok(b) = value.cast::<PyBool>() {
            return Owned::Bool(b.is_true());
        }
        if value.is_instance_of::<PyInt>() {
            if let Ok(i) = value.extract::<i64>() {
                return Owned::Int(i);
            }
        }
        if let Ok(f) = value.cast::<PyFloat>() {
            let f = f.value();
            return if f.is_nan() { Owned::Null } else { Owned::Float(f) };
        }
        if let Ok(s) = value.cast::<PyString>() {
            return Owned::Text(s.to_string_lossy().into_owned());
        }
        // Dates, decimals, bytes: as Python writes them.
        Owned::Text(value.str().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default())
    }

    fn sample(&self) -> Sample<'_> {
        match self {
            Owned::Null => Sample::Null,
            Owned::Text(t) => Sample::Text(t),
            Owned::Int(i) => Sample::Int(*i),
            Owned::Float(f) => Sample::Float(*f),
            Owned::Bool(b) => Sample::Bool(*b),
        }
    }
}

/// A table's columns planned by core's `Gate` (see `noticegate/gate.py`).
#[pyclass(frozen, module = "noticegate._noticegate", name = "NativeGate")]
pub(crate) struct NativeGate {
    gate: Gate<EngineHandle>,
}

type GroupTuple = (Py<PyDict>, u64, bool, Vec<(String, Py<PyAny>)>);

/// A column's report as a dict of `gate.ColumnReport`'s fields.
fn column_dict<'py>(py: Python<'py>, c: &ColumnReport) -> PyResult<Bound<'py, PyDict>> {
    let status = match c.status {
        ColumnStatus::Allowed => "allowed",
        ColumnStatus::Conditional => "conditional",
        ColumnStatus::Blocked => "blocked",
        ColumnStatus::Unclassified => "unclassified",
        ColumnStatus::Fact => "fact",
    };
    let d = PyDict::new(py);
    d.set_item("column", &c.column)?;
    d.set_item("status", status)?;
    d.set_item("category", c.category.as_deref())?;
    d.set_item("category_label", c.category_label.as_deref())?;
    d.set_item("classified_by", c.classified_by)?;
    d.set_item("matched_words", PyTuple::new(py, &c.matched_words)?)?;
    d.set_item("special_category", c.special_category)?;
    d.set_item("criminal_offence", c.criminal_offence)?;
    d.set_item("verdict", c.verdict.map(|v| verdict_to_py(py, v)).transpose()?)?;
    d.set_item("obligations", PyTuple::new(py, c.obligations.iter().cloned().map(Obligation))?)?;
    d.set_item("reasons", PyTuple::new(py, c.reasons.iter().cloned().map(Reason))?)?;
    d.set_item("notes", PyTuple::new(py, &c.notes)?)?;
    let candidates = c.candidates.iter().map(|k| (k.category.clone(), k.label.clone(), PyTuple::new(py, &k.words)));
    let candidates = candidates.map(|(a, b, w)| w.map(|w| (a, b, w))).collect::<PyResult<Vec<_>>>()?;
    d.set_item("candidates", PyTuple::new(py, candidates)?)?;
    d.set_item("rows_excluded", c.rows_excluded)?;
    Ok(d)
}

fn fact_to_py(py: Python<'_>, v: &Option<FactInput<'static>>) -> PyResult<Py<PyAny>> {
    Ok(match v {
        None => py.None(),
        Some(FactInput::Bool(b)) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Some(FactInput::Number(n)) if n.fract() == 0.0 && n.abs() < 9.0e15 => (*n as i64).into_pyobject(py)?.into_any().unbind(),
        Some(FactInput::Number(n)) => PyFloat::new(py, *n).into_any().unbind(),
        Some(FactInput::Text(t)) => PyString::new(py, t).into_any().unbind(),
    })
}

/// (passed column indices, per combination whether its rows go, the report's parts).
type Outcome = (Vec<usize>, Vec<bool>, (String, String, Vec<Py<PyDict>>, Vec<GroupTuple>, u64, u64, String));

fn outcome_to_py(py: Python<'_>, o: GateOutcome) -> PyResult<Outcome> {
    let r = &o.report;
    let columns = r.columns.iter().map(|c| column_dict(py, c).map(Bound::unbind)).collect::<PyResult<Vec<_>>>()?;
    let mut groups = Vec::with_capacity(r.row_groups.len());
    for g in &r.row_groups {
        let facts = PyDict::new(py);
        for (k, v) in &g.facts {
            facts.set_item(k, fact_to_py(py, v)?)?;
        }
        let blocked_by = g.blocked_by.iter().map(|(c, v)| Ok((c.clone(), verdict_to_py(py, *v)?))).collect::<PyResult<Vec<_>>>()?;
        groups.push((facts.unbind(), g.rows, g.kept, blocked_by));
    }
    Ok((o.passed, o.combination_ok, (r.service.clone(), r.recipient.clone(), columns, groups, r.rows_in, r.rows_out, r.policy_hash.clone())))
}

impl NativeGate {
    fn combinations(&self, combinations: Vec<(Vec<Bound<'_, PyAny>>, u64)>) -> Result<Vec<(RowFacts, u64)>, GateError> {
        let facts = self.gate.fact_columns();
        combinations
            .into_iter()
            .map(|(values, rows)| {
                let values = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let column = facts.get(i).map_or("row_facts", |f| self.gate.names()[f.column].as_str());
                        fact_value(v, column)
                    })
                    .collect::<Result<RowFacts, GateError>>()?;
                Ok((values, rows))
            })
            .collect()
    }
}

#[pymethods]
impl NativeGate {
    /// Plans a table: `names` its columns; `samples`, if given, a list of values per column
    /// (parallel to `names`) for the value recognisers. The options are `GateOptions`'.
    #[staticmethod]
    #[pyo3(signature = (engine, names, samples, *, service, recipient, notice, basis, purpose, as_of, facts, columns, row_facts, pass_conditional))]
    #[allow(clippy::too_many_arguments)]
    fn plan(
        py: Python<'_>,
        engine: &Bound<'_, NativeEngine>,
        names: Vec<String>,
        samples: Option<Vec<Vec<Bound<'_, PyAny>>>>,
        service: String,
        recipient: String,
        notice: Option<String>,
        basis: Option<String>,
        purpose: Option<String>,
        as_of: Option<String>,
        facts: BTreeMap<String, Bound<'_, PyAny>>,
        columns: BTreeMap<String, String>,
        row_facts: Option<BTreeMap<String, String>>,
        pass_conditional: bool,
    ) -> PyResult<NativeGate> {
        let as_of = match as_of {
            Some(text) => Some(Date::parse(&text).ok_or_else(|| {
                gate_error(py, GateError::new("invalid_field", Some("as_of"), format!("`as_of` must be a date written YYYY-MM-DD, found \"{text}\"")))
            })?),
            None => None,
        };
        let mut stated = BTreeMap::new();
        for (fact, value) in &facts {
            let field = format!("facts.{fact}");
            match fact_value(value, &field).map_err(|e| gate_error(py, e))? {
                Some(v) => stated.insert(fact.clone(), v),
                None => return Err(gate_error(py, GateError::new("invalid_field", Some(&field), format!("`{field}` is None: leave an unknown fact out")))),
            };
        }
        let options = GateOptions { service, recipient, notice, basis, purpose, as_of, facts: stated, columns, row_facts, pass_conditional };
        let owned: Option<Vec<Vec<Owned>>> = samples.map(|s| s.iter().map(|column| column.iter().map(Owned::of).collect()).collect());
        let engine = engine.get().engine.clone();
        let planned = py.detach(move || {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            match &owned {
                Some(owned) => {
                    let samples: Vec<Vec<Sample<'_>>> = owned.iter().map(|c| c.iter().map(Owned::sample).collect()).collect();
                    Gate::with_samples(engine, &names, &samples, &options)
                }
                None => Gate::new(engine, &names, &options),
            }
        });
        planned.map(|gate| NativeGate { gate }).map_err(|e| gate_error(py, e))
    }

    /// The row fact columns, in column order: (column name, fact id, the enum fact's values or
    /// None).
    #[getter]
    fn fact_columns(&self) -> Vec<(String, String, Option<Vec<String>>)> {
        let set = self.gate.engine().policy();
        self.gate
            .fact_columns()
            .iter()
            .map(|f| {
                let values = match &set.vocab.entry(VocabKind::Fact, f.fact).fact_type {
                    Some(FactType::Enum(values)) => Some(values.clone()),
                    _ => None,
                };
                (self.gate.names()[f.column].clone(), f.fact_id.clone(), values)
            })
            .collect()
    }

    /// Core's `Gate::decide` on `combinations` ([(values per fact column, rows)]); with
    /// `columns` (input indices), `decide_for_columns`.
    #[pyo3(signature = (combinations, columns = None))]
    fn decide(&self, py: Python<'_>, combinations: Vec<(Vec<Bound<'_, PyAny>>, u64)>, columns: Option<Vec<usize>>) -> PyResult<Outcome> {
        let combinations = self.combinations(combinations).map_err(|e| gate_error(py, e))?;
        let outcome = py.detach(|| match &columns {
            Some(columns) => self.gate.decide_for_columns(&combinations, columns),
            None => self.gate.decide(&combinations),
        });
        outcome_to_py(py, outcome.map_err(|e| gate_error(py, e))?)
    }
}
