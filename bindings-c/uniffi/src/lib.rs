//! noticegate through uniffi: one Rust surface from which uniffi generates Kotlin, Swift and
//! Python bindings. Like the C ABI beside it, it converts types and errors and decides
//! nothing itself: every rule of evaluation is core's.
//!
//! - `Engine.builtin()` / `Engine.from_texts(files)`: an engine (immutable, shareable across
//!   threads; uniffi hands it out as a reference-counted object).
//! - `ask_json(line)`: the wire format, the CLI's bytes (question errors are in the line).
//! - `decide(question)`: a typed `Question` in, a typed `Decision` out (every field of the
//!   wire decision: verdict, reasons with the notice's quotes, obligations, bases, retention
//!   dates, rights, the transfer mechanism), or `NoticegateError.Question` with core's message.
//! - `classify(text)`: a field label or column name to a category.
//! - `gate_columns_json(request)`: core's export gate on column names (and samples), JSON in
//!   and out (docs/gate.md); `check_form_json(form, service, notice, as_of)`: core's form
//!   check, the JSON `noticegate check-form --format json` writes. Errors are
//!   `NoticegateError.Question` with core's code (`missing_column`, `invalid_form`, …).
//!
//! uniffi catches Rust panics at the boundary and raises them as its internal error, so no
//! panic unwinds into the foreign language.

use std::borrow::Cow;
use std::sync::Arc;

use noticegate::forms::Value;
use noticegate::gate::GateError;
use noticegate::{Ask, Date, EngineHandle, FactInput, PolicySources, QuestionError};

uniffi::setup_scaffolding!();

/// Why a call failed; every variant carries core's message as `detail` (not `message`, which
/// clashes with Kotlin's `Throwable.message` in the generated code; the exception's own
/// message, `str(e)` in Python, holds it too).
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum NoticegateError {
    /// Policy files did not load: every error, each with file:line:column.
    #[error("{detail}")]
    Policy { detail: String },
    /// A question core rejected: `code` is the wire format's error code (`unknown_name`,
    /// `missing_field`, …), `field` the question field at fault, `suggestions` the nearest
    /// known names for an unknown one.
    #[error("{detail}")]
    Question { code: String, field: Option<String>, detail: String, suggestions: Vec<String> },
}

impl From<GateError> for NoticegateError {
    fn from(e: GateError) -> Self {
        let GateError { code, field, message, suggestions } = e;
        NoticegateError::Question { code, field, detail: message, suggestions }
    }
}

impl From<QuestionError> for NoticegateError {
    fn from(e: QuestionError) -> Self {
        NoticegateError::Question { code: e.code.name().to_string(), field: e.field, detail: e.message, suggestions: e.suggestions }
    }
}

fn invalid(field: &str, message: String) -> NoticegateError {
    NoticegateError::Question { code: "invalid_field".into(), field: Some(field.into()), detail: message, suggestions: Vec::new() }
}

/// One policy file or notice text, by its path relative to the policy directory:
/// `vocabulary.toml`, `notices/x.toml`, `sources/x.txt` (a notice text quotes are checked
/// against).
#[derive(uniffi::Record)]
pub struct PolicyFile {
    pub name: String,
    pub text: String,
}

/// A decision's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Verdict {
    /// A rule allows it and every condition is known to hold.
    Permit,
    /// A rule allows it if the obligations hold.
    Conditional,
    /// A rule forbids it.
    Deny,
    /// No rule of the notice covers it: a gate treats it as not permitted.
    NotStated,
}

impl From<noticegate::Verdict> for Verdict {
    fn from(v: noticegate::Verdict) -> Self {
        match v {
            noticegate::Verdict::Permit => Verdict::Permit,
            noticegate::Verdict::Conditional => Verdict::Conditional,
            noticegate::Verdict::Deny => Verdict::Deny,
            noticegate::Verdict::NotStated => Verdict::NotStated,
        }
    }
}

/// A stated fact's value.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum FactValue {
    Bool { value: bool },
    Number { value: f64 },
    /// An enum fact's value, or a date written YYYY-MM-DD.
    Text { value: String },
}

/// A question, as in the wire format: every name may be an id, a label or an alias.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Question {
    /// `share`, `collect`, `use`, `transfer`, `retention`, `automated_decision` or `rights`.
    pub ask: String,
    #[uniffi(default)]
    pub notice: Option<String>,
    #[uniffi(default)]
    pub service: Option<String>,
    #[uniffi(default)]
    pub category: Option<String>,
    #[uniffi(default)]
    pub recipient: Option<String>,
    #[uniffi(default)]
    pub basis: Option<String>,
    #[uniffi(default)]
    pub purpose: Option<String>,
    #[uniffi(default)]
    pub country: Option<String>,
    #[uniffi(default)]
    pub record: Option<String>,
    #[uniffi(default)]
    pub right: Option<String>,
    /// YYYY-MM-DD; today (UTC) when absent.
    #[uniffi(default)]
    pub as_of: Option<String>,
    /// Fact name to value; a fact left out is unknown, not false.
    #[uniffi(default)]
    pub facts: std::collections::HashMap<String, FactValue>,
}

/// A rule that decided, with the notice's own words.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Reason {
    pub rule: String,
    /// `permit` or `deny`.
    pub effect: String,
    /// The notice's source file name.
    pub notice: String,
    pub section: String,
    /// Verbatim from the notice.
    pub quote: String,
    /// How the policy reads the quote, where it interprets.
    pub note: Option<String>,
}

/// What must hold for a conditional decision to become a permit.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Obligation {
    pub fact: String,
    pub text: String,
    /// The value the fact must have, as JSON (`true`, `false`, or a list of enum values).
    pub expect_json: String,
}

/// A vocabulary entry a decision names (a lawful basis, a condition).
#[derive(Debug, Clone, uniffi::Record)]
pub struct Named {
    pub id: String,
    pub label: String,
}

/// The legal mechanism that makes a transfer abroad lawful.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Mechanism {
    pub id: String,
    pub label: String,
    /// UK GDPR article: 45, 45A, 46, 49; `eu_membership`; `none` (not a restricted transfer).
    pub article: String,
    pub legal_source: String,
}

/// Whether one data subject right applies, and why.
#[derive(Debug, Clone, uniffi::Record)]
pub struct RightAnswer {
    pub id: String,
    pub label: String,
    pub verdict: Verdict,
    pub because: String,
}

/// One disposal date of a retention rule, and whether it is the one that applies.
#[derive(Debug, Clone, uniffi::Record)]
pub struct DisposalDate {
    /// YYYY-MM-DD.
    pub date: String,
    /// The date fact it runs from.
    pub after: String,
    /// The period, in words ("10 years").
    pub period: String,
    pub applies: bool,
}

/// A decision: every field of the wire format's decision. The fields a question kind does
/// not use are empty.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Decision {
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
    pub obligations: Vec<Obligation>,
    /// The lawful bases and conditions the notice names for this processing.
    pub bases: Vec<Named>,
    pub notes: Vec<String>,
    pub special_category: Option<bool>,
    pub criminal_offence: Option<bool>,
    /// Retention: the date that applies, every date the rule gives, or the schedule the
    /// notice names only by reference.
    pub disposal_date: Option<String>,
    pub disposal_dates: Vec<DisposalDate>,
    pub schedule: Option<String>,
    /// Rights: each right and whether it applies.
    pub rights: Option<Vec<RightAnswer>>,
    /// Transfers: the legal mechanism that makes it lawful.
    pub mechanism: Option<Mechanism>,
    pub policy_hash: String,
}

/// A field label or column name classified to a category (all `None` when unclassified).
#[derive(Debug, Clone, uniffi::Record)]
pub struct Classification {
    pub category: Option<String>,
    pub label: Option<String>,
    pub matched_name: Option<String>,
    pub matched_words: Vec<String>,
}

/// A compiled, immutable policy set. Safe to share between threads.
#[derive(uniffi::Object)]
pub struct Engine {
    engine: EngineHandle,
}

impl Engine {
    fn get(&self) -> &noticegate::Engine {
        &self.engine
    }
}

#[uniffi::export]
impl Engine {
    /// The built-in policy set (compiled into the library, decoded once per process).
    #[uniffi::constructor]
    pub fn builtin() -> Result<Arc<Engine>, NoticegateError> {
        let engine = EngineHandle::builtin().map_err(|e| NoticegateError::Policy { detail: e.to_string() })?;
        Ok(Arc::new(Engine { engine }))
    }

    /// An engine from policy files and notice texts passed as text.
    #[uniffi::constructor]
    pub fn from_texts(files: Vec<PolicyFile>) -> Result<Arc<Engine>, NoticegateError> {
        let mut sources = PolicySources::default();
        for f in &files {
            sources.add(&f.name, &f.text);
        }
        if sources.policy_files.is_empty() {
            return Err(NoticegateError::Policy { detail: "no policy files were given (notice texts alone are not a policy set)".into() });
        }
        let engine = noticegate::Engine::load(&sources).map_err(|e| NoticegateError::Policy { detail: e.to_string() })?;
        Ok(Arc::new(Engine { engine: EngineHandle::loaded(engine) }))
    }

    /// The policy set's hash (`sha256:…`), which every decision carries.
    pub fn policy_hash(&self) -> String {
        self.get().policy_hash().to_string()
    }

    /// One JSON question in, one decision line out: the same bytes as `noticegate ask`. A
    /// question core rejects gives a line with an `"error"` object, not an exception.
    pub fn ask_json(&self, question: String) -> String {
        self.get().ask_json(question.trim())
    }

    /// Decides a typed question.
    pub fn decide(&self, question: Question) -> Result<Decision, NoticegateError> {
        let ask = Ask::from_name(&question.ask).ok_or_else(|| {
            let kinds: Vec<&str> = Ask::ALL.iter().map(|a| a.name()).collect();
            invalid("ask", format!("\"{}\" is not a kind of question ({})", question.ask, kinds.join(", ")))
        })?;
        let as_of = match &question.as_of {
            Some(t) => Some(Date::parse(t).ok_or_else(|| invalid("as_of", format!("\"{t}\" is not a date written YYYY-MM-DD")))?),
            None => Some(Date::today()),
        };
        let mut q = noticegate::Question::new(ask);
        q.notice = question.notice.as_deref().map(Cow::Borrowed);
        q.service = question.service.as_deref().map(Cow::Borrowed);
        q.category = question.category.as_deref().map(Cow::Borrowed);
        q.recipient = question.recipient.as_deref().map(Cow::Borrowed);
        q.basis = question.basis.as_deref().map(Cow::Borrowed);
        q.purpose = question.purpose.as_deref().map(Cow::Borrowed);
        q.country = question.country.as_deref().map(Cow::Borrowed);
        q.record = question.record.as_deref().map(Cow::Borrowed);
        q.right = question.right.as_deref().map(Cow::Borrowed);
        q.as_of = as_of;
        q.facts = question
            .facts
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    FactValue::Bool { value } => FactInput::Bool(*value),
                    FactValue::Number { value } => FactInput::Number(*value),
                    FactValue::Text { value } => FactInput::Text(Cow::Borrowed(value)),
                };
                (Cow::Borrowed(k.as_str()), v)
            })
            .collect();
        let d = self.get().decide(&q)?;
        Ok(Decision {
            verdict: d.verdict.into(),
            reasons: d
                .reasons
                .into_iter()
                .map(|r| Reason { rule: r.rule, effect: r.effect, notice: r.notice, section: r.section, quote: r.quote, note: r.note })
                .collect(),
            obligations: d
                .obligations
                .into_iter()
                .map(|o| Obligation { fact: o.fact, text: o.text, expect_json: o.expect.to_string() })
                .collect(),
            bases: d.bases.into_iter().map(|b| Named { id: b.id, label: b.label }).collect(),
            notes: d.notes,
            special_category: d.special_category,
            criminal_offence: d.criminal_offence,
            disposal_date: d.disposal_date,
            disposal_dates: d
                .disposal_dates
                .into_iter()
                .map(|x| DisposalDate { date: x.date, after: x.after, period: x.period, applies: x.applies })
                .collect(),
            schedule: d.schedule,
            rights: d.rights.map(|rights| {
                rights.into_iter().map(|r| RightAnswer { id: r.id, label: r.label, verdict: r.verdict.into(), because: r.because }).collect()
            }),
            mechanism: d.mechanism.map(|m| Mechanism { id: m.id, label: m.label, article: m.article, legal_source: m.legal_source }),
            policy_hash: d.policy_hash,
        })
    }

    /// Gates the columns of a table: a JSON request (docs/gate.md: columns, optional samples
    /// and rows, service, recipient, as_of, facts, categories, row_facts, pass_conditional) to
    /// the JSON answer: `passed` and the report per column.
    pub fn gate_columns_json(&self, request: String) -> Result<String, NoticegateError> {
        Ok(noticegate::gate_request::gate_json(self.get(), &request, None)?)
    }

    /// Checks every field of a form definition (JSON Schema, `{schema, uiSchema}` or SurveyJS,
    /// as JSON text) against what `service`'s notice says about collecting it; `as_of` is
    /// YYYY-MM-DD (default today).
    pub fn check_form_json(&self, form: String, service: String, notice: Option<String>, as_of: Option<String>) -> Result<String, NoticegateError> {
        let as_of = match &as_of {
            Some(t) => Some(Date::parse(t).ok_or_else(|| invalid("as_of", format!("\"{t}\" is not a date written YYYY-MM-DD")))?),
            None => None,
        };
        let definition = Value::parse(&form).map_err(|e| GateError::new("invalid_form", Some("form"), format!("the form is not JSON: {e}")))?;
        let check = noticegate::form_check::check_form(self.get(), &definition, &service, notice.as_deref(), as_of, None)?;
        serde_json::to_string_pretty(&check).map_err(|e| invalid("form", e.to_string()))
    }

    /// Classifies a form field label or column name ("dateOfBirth", "E-mail") to a category.
    pub fn classify(&self, text: String) -> Classification {
        self.get().classify(&text).into()
    }

    /// Classifies a table's column names, each read in the context of all of them (a school's
    /// `Postcode` in a table keyed by `URN` is not a person's).
    pub fn classify_frame(&self, names: Vec<String>) -> Vec<Classification> {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        self.get().classify_frame(&names).into_iter().map(Classification::from).collect()
    }
}

impl From<noticegate::classify::Classification> for Classification {
    fn from(c: noticegate::classify::Classification) -> Self {
        Classification { category: c.category, label: c.label, matched_name: c.matched_name, matched_words: c.matched_words }
    }
}

/// The library's version.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
