//! `noticegate._noticegate`: the compiled half of the Python package.
//!
//! This module converts types and errors, nothing else: questions arrive as wire-format JSON
//! (the Python layer serialises dicts and keyword arguments), the core decides, and decisions
//! come back as typed, immutable objects that convert their fields to Python lazily. Every
//! call into the core runs with the GIL released (`py.detach`), so several Python threads
//! can ask one engine at once. Errors become `noticegate.Error` subclasses (defined in
//! `noticegate/_errors.py`) carrying the core's message, code, field and suggestions.

mod gate;

use std::path::PathBuf;

use noticegate::classify::Classification as CoreClassification;
use noticegate::decision::{answer_json, DisposalDate as CoreDisposalDate, Mechanism as CoreMechanism, RightAnswer as CoreRightAnswer};
use noticegate::{
    parse_question, Decision as CoreDecision, Engine, EngineHandle, ErrorCode, LoadError, Named as CoreNamed, Obligation as CoreObligation,
    PolicyErrors, PolicySources, Question, QuestionError, QuestionId, Reason as CoreReason, Verdict, VocabKind,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

// ---------------------------------------------------------------------------------------
// Errors

static ERRORS: [PyOnceLock<Py<PyAny>>; 3] = [PyOnceLock::new(), PyOnceLock::new(), PyOnceLock::new()];
const ERROR_NAMES: [&str; 3] = ["UnknownNameError", "InvalidQuestionError", "PolicyError"];

pub(crate) fn error_class<'py>(py: Python<'py>, which: usize) -> PyResult<&'py Bound<'py, PyAny>> {
    ERRORS[which].import(py, "noticegate._errors", ERROR_NAMES[which])
}

/// A `QuestionError` as the matching `noticegate.Error` subclass.
fn question_error(py: Python<'_>, id: Option<&QuestionId>, e: QuestionError, index: Option<usize>) -> PyErr {
    let which = match e.code {
        ErrorCode::UnknownName | ErrorCode::AmbiguousName => 0,
        _ => 1,
    };
    let json = answer_json(id, &Err(e.clone()));
    let build = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("code", e.code.name().to_string())?;
        kwargs.set_item("field", e.field.as_deref())?;
        kwargs.set_item("suggestions", &e.suggestions)?;
        kwargs.set_item("id", id.map(|i| id_to_py(py, i)).transpose()?)?;
        kwargs.set_item("json", json)?;
        kwargs.set_item("index", index)?;
        let value = error_class(py, which)?.call((e.message.as_str(),), Some(&kwargs))?;
        Ok(PyErr::from_value(value))
    };
    build().unwrap_or_else(|err| err)
}

fn policy_error(py: Python<'_>, e: &LoadError) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        let diagnostics = PyList::empty(py);
        match e {
            LoadError::Io(_) => kwargs.set_item("code", "io")?,
            LoadError::Policy(PolicyErrors(list)) => {
                kwargs.set_item("code", "policy")?;
                for d in list {
                    let item = PyDict::new(py);
                    item.set_item("file", &d.file)?;
                    item.set_item("line", d.line)?;
                    item.set_item("column", d.column)?;
                    item.set_item("message", &d.message)?;
                    item.set_item("help", d.help.as_deref())?;
                    diagnostics.append(item)?;
                }
            }
        }
        kwargs.set_item("diagnostics", diagnostics)?;
        let value = error_class(py, 2)?.call((e.to_string(),), Some(&kwargs))?;
        Ok(PyErr::from_value(value))
    };
    build().unwrap_or_else(|err| err)
}

// ---------------------------------------------------------------------------------------
// Values

fn json_to_py(py: Python<'_>, value: &serde_json::Value) -> PyResult<Py<PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_pyobject(py)?.into_any().unbind(),
            None => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any().unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

/// A string as Python's `repr` writes it (single quotes).
fn py_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn id_to_py(py: Python<'_>, id: &QuestionId) -> PyResult<Py<PyAny>> {
    json_to_py(py, &serde_json::to_value(id).unwrap_or(serde_json::Value::Null))
}

static VERDICT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A verdict as `noticegate.Verdict` (a `str` enum).
pub(crate) fn verdict_to_py(py: Python<'_>, verdict: Verdict) -> PyResult<Py<PyAny>> {
    Ok(VERDICT.import(py, "noticegate._types", "Verdict")?.call1((verdict.name(),))?.unbind())
}

// ---------------------------------------------------------------------------------------
// Decision parts

/// What must hold, or be done, for a conditional decision to become a permit.
#[pyclass(frozen, module = "noticegate", name = "Obligation")]
pub(crate) struct Obligation(pub(crate) CoreObligation);

#[pymethods]
impl Obligation {
    /// The fact's id.
    #[getter]
    fn fact(&self) -> &str {
        &self.0.fact
    }
    /// The obligation in words.
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    /// The value the fact must have: True/False, or the allowed values of an enum fact.
    #[getter]
    fn expect(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.0.expect)
    }
    fn __repr__(&self) -> String {
        format!("Obligation(fact={:?}, text={:?})", self.0.fact, self.0.text)
    }
}

/// A rule that decided, with the notice's own words.
#[pyclass(frozen, module = "noticegate", name = "Reason")]
pub(crate) struct Reason(pub(crate) CoreReason);

#[pymethods]
impl Reason {
    #[getter]
    fn rule(&self) -> &str {
        &self.0.rule
    }
    /// "permit" or "deny".
    #[getter]
    fn effect(&self) -> &str {
        &self.0.effect
    }
    /// The notice's source file name.
    #[getter]
    fn notice(&self) -> &str {
        &self.0.notice
    }
    #[getter]
    fn section(&self) -> &str {
        &self.0.section
    }
    /// Verbatim from the notice.
    #[getter]
    fn quote(&self) -> &str {
        &self.0.quote
    }
    /// How the policy reads the quote, where it interprets.
    #[getter]
    fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    fn __repr__(&self) -> String {
        format!("Reason(rule={:?}, effect={:?}, quote={:?})", self.0.rule, self.0.effect, self.0.quote)
    }
}

/// A vocabulary entry named in a decision (a lawful basis).
#[pyclass(frozen, module = "noticegate", name = "Named", get_all)]
struct Named {
    id: String,
    label: String,
}

#[pymethods]
impl Named {
    fn __repr__(&self) -> String {
        format!("Named(id={:?}, label={:?})", self.id, self.label)
    }
}

impl From<&CoreNamed> for Named {
    fn from(n: &CoreNamed) -> Self {
        Named { id: n.id.clone(), label: n.label.clone() }
    }
}

/// The legal mechanism that makes a transfer abroad lawful.
#[pyclass(frozen, module = "noticegate", name = "Mechanism", get_all)]
struct Mechanism {
    id: String,
    label: String,
    article: String,
    legal_source: String,
}

#[pymethods]
impl Mechanism {
    fn __repr__(&self) -> String {
        format!("Mechanism(id={:?}, article={:?})", self.id, self.article)
    }
}

impl From<&CoreMechanism> for Mechanism {
    fn from(m: &CoreMechanism) -> Self {
        Mechanism { id: m.id.clone(), label: m.label.clone(), article: m.article.clone(), legal_source: m.legal_source.clone() }
    }
}

/// Whether one data subject right applies.
#[pyclass(frozen, module = "noticegate", name = "RightAnswer")]
struct RightAnswer(CoreRightAnswer);

#[pymethods]
impl RightAnswer {
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    #[getter]
    fn label(&self) -> &str {
        &self.0.label
    }
    #[getter]
    fn verdict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        verdict_to_py(py, self.0.verdict)
    }
    #[getter]
    fn because(&self) -> &str {
        &self.0.because
    }
    fn __repr__(&self) -> String {
        format!("RightAnswer(id={:?}, verdict={:?})", self.0.id, self.0.verdict.name())
    }
}

/// One disposal date of a retention rule.
#[pyclass(frozen, module = "noticegate", name = "DisposalDate")]
struct DisposalDate(CoreDisposalDate);

#[pymethods]
impl DisposalDate {
    /// YYYY-MM-DD.
    #[getter]
    fn date(&self) -> &str {
        &self.0.date
    }
    #[getter]
    fn after(&self) -> &str {
        &self.0.after
    }
    #[getter]
    fn period(&self) -> &str {
        &self.0.period
    }
    #[getter]
    fn applies(&self) -> bool {
        self.0.applies
    }
    fn __repr__(&self) -> String {
        format!("DisposalDate(date={:?}, after={:?}, applies={})", self.0.date, self.0.after, if self.0.applies { "True" } else { "False" })
    }
}

// ---------------------------------------------------------------------------------------
// Decision

/// The answer to a question: a verdict, the obligations that remain, and the rules that
/// decided with the notice's own words. Immutable; fields convert to Python on access.
#[pyclass(frozen, module = "noticegate", name = "Decision")]
struct Decision(CoreDecision);

#[pymethods]
impl Decision {
    /// The question's `id`, echoed back.
    #[getter]
    fn id(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match &self.0.id {
            Some(id) => id_to_py(py, id),
            None => Ok(py.None()),
        }
    }
    /// `Verdict.PERMIT`, `CONDITIONAL`, `DENY` or `NOT_STATED`.
    #[getter]
    fn verdict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        verdict_to_py(py, self.0.verdict)
    }
    #[getter]
    fn obligations(&self) -> Vec<Obligation> {
        self.0.obligations.iter().cloned().map(Obligation).collect()
    }
    #[getter]
    fn reasons(&self) -> Vec<Reason> {
        self.0.reasons.iter().cloned().map(Reason).collect()
    }
    /// The lawful bases and conditions the notice names for this processing.
    #[getter]
    fn bases(&self) -> Vec<Named> {
        self.0.bases.iter().map(Named::from).collect()
    }
    #[getter]
    fn special_category(&self) -> Option<bool> {
        self.0.special_category
    }
    #[getter]
    fn criminal_offence(&self) -> Option<bool> {
        self.0.criminal_offence
    }
    #[getter]
    fn disposal_date(&self) -> Option<&str> {
        self.0.disposal_date.as_deref()
    }
    #[getter]
    fn disposal_dates(&self) -> Vec<DisposalDate> {
        self.0.disposal_dates.iter().cloned().map(DisposalDate).collect()
    }
    #[getter]
    fn schedule(&self) -> Option<&str> {
        self.0.schedule.as_deref()
    }
    #[getter]
    fn rights(&self) -> Option<Vec<RightAnswer>> {
        self.0.rights.as_ref().map(|r| r.iter().cloned().map(RightAnswer).collect())
    }
    #[getter]
    fn mechanism(&self) -> Option<Mechanism> {
        self.0.mechanism.as_ref().map(Mechanism::from)
    }
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.0.notes.clone()
    }
    #[getter]
    fn policy_hash(&self) -> &str {
        &self.0.policy_hash
    }
    /// True only for `permit`: a gate treats every other verdict as not (yet) allowed.
    #[getter]
    fn is_permit(&self) -> bool {
        self.0.verdict == Verdict::Permit
    }
    /// The decision in the wire format, the same bytes as `noticegate ask` prints.
    fn to_json(&self) -> String {
        answer_json(self.0.id.as_ref(), &Ok(self.0.clone()))
    }
    /// The decision as plain Python values (the wire format's fields).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        Ok(LOADS.import(py, "json", "loads")?.call1((self.to_json(),))?.unbind())
    }
    fn __repr__(&self) -> String {
        let obligations: Vec<String> = self.0.obligations.iter().map(|o| py_str(&o.fact)).collect();
        let reasons: Vec<String> = self.0.reasons.iter().map(|r| py_str(&r.rule)).collect();
        let id = match &self.0.id {
            Some(id) => format!("id={}, ", serde_json::to_string(id).unwrap_or_default()),
            None => String::new(),
        };
        format!(
            "Decision({id}verdict={}, obligations=[{}], reasons=[{}])",
            py_str(self.0.verdict.name()),
            obligations.join(", "),
            reasons.join(", ")
        )
    }
    /// A readable explanation: the verdict, what must hold, and the notice's words.
    fn __str__(&self) -> String {
        let mut out = format!("{}", self.0.verdict.name());
        for o in &self.0.obligations {
            out.push_str(&format!("\n  if: {} [{}]", o.text, o.fact));
        }
        for r in &self.0.reasons {
            out.push_str(&format!("\n  {} {} ({}, \"{}\"):\n    \"{}\"", r.effect, r.rule, r.notice, r.section, r.quote));
        }
        for n in &self.0.notes {
            out.push_str(&format!("\n  note: {n}"));
        }
        out
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Decision>().is_ok_and(|o| o.get().0 == self.0)
    }
}

/// How a column name or form label was classified to a data category.
#[pyclass(frozen, module = "noticegate", name = "Classification", get_all)]
struct Classification {
    /// The category's id, or None when unclassified.
    category: Option<String>,
    label: Option<String>,
    /// The vocabulary name (id, label or alias) that matched.
    matched_name: Option<String>,
    /// The words of the input that matched it.
    matched_words: Vec<String>,
}

#[pymethods]
impl Classification {
    fn __repr__(&self) -> String {
        match &self.category {
            Some(c) => format!("Classification(category={c:?}, matched_words={:?})", self.matched_words),
            None => "Classification(category=None)".to_string(),
        }
    }
}

impl From<CoreClassification> for Classification {
    fn from(c: CoreClassification) -> Self {
        Classification { category: c.category, label: c.label, matched_name: c.matched_name, matched_words: c.matched_words }
    }
}

// ---------------------------------------------------------------------------------------
// Engine

/// The compiled engine. The Python `noticegate.Engine` wraps it; use that.
#[pyclass(frozen, module = "noticegate._noticegate", name = "NativeEngine")]
pub(crate) struct NativeEngine {
    pub(crate) engine: EngineHandle,
}

type Answer = Result<CoreDecision, (Option<QuestionId>, QuestionError)>;

fn kind_from_name(name: &str) -> PyResult<VocabKind> {
    VocabKind::ALL
        .into_iter()
        .find(|k| k.name() == name)
        .ok_or_else(|| pyo3::exceptions::PyValueError::new_err(format!("unknown vocabulary kind {name:?}")))
}

impl NativeEngine {
    fn get(&self) -> &Engine {
        &self.engine
    }

    fn answer_one(engine: &Engine, line: &str) -> Answer {
        match parse_question(line) {
            Ok(q) => engine.decide(&q).map_err(|e| (q.id.clone(), e)),
            Err(f) => Err((f.id, f.error)),
        }
    }

    /// Answers a batch, resolving the names of each distinct (kind, names) once: only the
    /// facts and the date differ between the questions that share a resolution.
    fn answer_batch(engine: &Engine, lines: &[String]) -> Vec<Answer> {
        // Parse every line, then let core answer the well-formed questions as one batch
        // (names resolved once per distinct set); malformed lines keep their place.
        let parsed: Vec<Result<Question<'_>, _>> = lines.iter().map(|l| parse_question(l)).collect();
        let questions: Vec<Question<'_>> = parsed.iter().filter_map(|p| p.as_ref().ok().cloned()).collect();
        let mut answers = engine.decide_many(&questions).into_iter().zip(questions.iter().map(|q| q.id.clone()));
        parsed
            .into_iter()
            .map(|p| match p {
                Err(f) => Err((f.id, f.error)),
                Ok(_) => {
                    let (answer, id) = answers.next().expect("one answer per parsed question");
                    answer.map_err(|e| (id, e))
                }
            })
            .collect()
    }
}

#[pymethods]
impl NativeEngine {
    /// `policies`: None for the built-in set; a directory; or a list of files (`*.toml`
    /// policy files, `*.txt` notice texts).
    #[new]
    #[pyo3(signature = (policies = None))]
    fn new(py: Python<'_>, policies: Option<Bound<'_, PyAny>>) -> PyResult<Self> {
        let Some(policies) = policies else {
            return match py.detach(EngineHandle::builtin) {
                Ok(engine) => Ok(NativeEngine { engine }),
                Err(errors) => Err(policy_error(py, &LoadError::Policy(errors.clone()))),
            };
        };
        let paths: Vec<PathBuf> = match policies.extract::<PathBuf>() {
            Ok(one) => vec![one],
            Err(_) => policies.extract::<Vec<PathBuf>>()?,
        };
        let loaded = py.detach(|| -> Result<Engine, LoadError> {
            if let [dir] = paths.as_slice() {
                if dir.is_dir() {
                    return Engine::from_dir(dir);
                }
            }
            let mut sources = PolicySources::default();
            for path in &paths {
                let text = std::fs::read_to_string(path).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if name.ends_with(".txt") {
                    sources.add(&format!("sources/{name}"), text);
                } else {
                    sources.policy_files.push(noticegate::SourceFile::new(path.display().to_string(), text));
                }
            }
            Ok(Engine::load(&sources)?)
        });
        match loaded {
            Ok(engine) => Ok(NativeEngine { engine: EngineHandle::loaded(engine) }),
            Err(e) => Err(policy_error(py, &e)),
        }
    }

    /// An engine from file contents: `{"notices/x.toml": "...", "sources/x.txt": "..."}`.
    #[staticmethod]
    fn from_sources(py: Python<'_>, files: Vec<(String, String)>) -> PyResult<Self> {
        let loaded = py.detach(|| {
            let mut sources = PolicySources::default();
            for (name, text) in files {
                sources.add(&name, text);
            }
            Engine::load(&sources)
        });
        match loaded {
            Ok(engine) => Ok(NativeEngine { engine: EngineHandle::loaded(engine) }),
            Err(e) => Err(policy_error(py, &LoadError::Policy(e))),
        }
    }

    #[getter]
    fn policy_hash(&self) -> &str {
        self.get().policy_hash()
    }

    /// One JSON question in, one JSON line out (a decision or an error object).
    fn ask_json(&self, py: Python<'_>, line: &str) -> String {
        py.detach(|| self.get().ask_json(line))
    }

    /// One JSON question in, a `Decision` out; errors raise.
    fn ask(&self, py: Python<'_>, line: &str) -> PyResult<Decision> {
        match py.detach(|| Self::answer_one(self.get(), line)) {
            Ok(d) => Ok(Decision(d)),
            Err((id, e)) => Err(question_error(py, id.as_ref(), e, None)),
        }
    }

    /// JSON questions in, decisions out, names resolved once per batch. With
    /// `raise_errors`, the first error raises (its `index` says which question); otherwise
    /// the error objects take their questions' places in the list.
    #[pyo3(signature = (lines, raise_errors = true))]
    fn ask_many(&self, py: Python<'_>, lines: Vec<String>, raise_errors: bool) -> PyResult<Vec<Py<PyAny>>> {
        let answers = py.detach(|| Self::answer_batch(self.get(), &lines));
        let mut out = Vec::with_capacity(answers.len());
        for (i, answer) in answers.into_iter().enumerate() {
            match answer {
                Ok(d) => out.push(Bound::new(py, Decision(d))?.into_any().unbind()),
                Err((id, e)) => {
                    let err = question_error(py, id.as_ref(), e, Some(i));
                    if raise_errors {
                        return Err(err);
                    }
                    out.push(err.into_value(py).into_any());
                }
            }
        }
        Ok(out)
    }

    /// The category a column name or form label names, with the words that matched.
    fn classify(&self, py: Python<'_>, text: &str) -> Classification {
        py.detach(|| self.get().classify(text)).into()
    }

    /// The categories of a table's columns, each read in the context of all of them.
    fn classify_frame(&self, py: Python<'_>, names: Vec<String>) -> Vec<Classification> {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        py.detach(|| self.get().classify_frame(&names)).into_iter().map(Classification::from).collect()
    }

    /// Resolves a name of a vocabulary kind ("category", "fact", "recipient", ...) to its
    /// (id, label), or raises `UnknownNameError` naming `field`.
    #[pyo3(signature = (kind, name, field = None))]
    fn lookup(&self, py: Python<'_>, kind: &str, name: &str, field: Option<&str>) -> PyResult<(String, String)> {
        let kind = kind_from_name(kind)?;
        let engine = self.get();
        match engine.lookup(kind, name, field.unwrap_or(kind.name())) {
            Ok(i) => {
                let entry = engine.policy().vocab.entry(kind, i);
                Ok((entry.id.clone(), entry.label.clone()))
            }
            Err(e) => Err(question_error(py, None, e, None)),
        }
    }

    /// Every (id, label) of a vocabulary kind.
    fn names(&self, kind: &str) -> PyResult<Vec<(String, String)>> {
        let kind = kind_from_name(kind)?;
        Ok(self.get().policy().vocab.table(kind).entries.iter().map(|e| (e.id.clone(), e.label.clone())).collect())
    }

    fn __repr__(&self) -> String {
        let kind = if self.engine.is_builtin() { "built-in" } else { "loaded" };
        format!("NativeEngine({kind}, policy_hash={:?})", self.get().policy_hash())
    }
}

/// The Rust half of `noticegate`.
#[pymodule]
fn _noticegate(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeEngine>()?;
    m.add_class::<Decision>()?;
    m.add_class::<Obligation>()?;
    m.add_class::<Reason>()?;
    m.add_class::<Named>()?;
    m.add_class::<Mechanism>()?;
    m.add_class::<RightAnswer>()?;
    m.add_class::<DisposalDate>()?;
    m.add_class::<Classification>()?;
    m.add_class::<gate::NativeGate>()?;
    m.add("__version__", PyString::new(m.py(), env!("CARGO_PKG_VERSION")))?;
    Ok(())
}
