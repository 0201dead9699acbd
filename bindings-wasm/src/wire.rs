//! What crosses to JavaScript: core's wire types with camelCase field names, and errors.
//!
//! JavaScript callers get plain objects with camelCase names, so each core type that goes
//! out has a mirror here. The conversions destructure core's structs completely: when core
//! adds a field, this file stops compiling until the field (and its TypeScript type in
//! `lib.rs`) is added, so the types never fall behind silently.

use serde::Serialize;

use noticegate::classify::Classification as CoreClassification;
use noticegate::form_check::{FieldCheck as CoreFieldCheck, FieldVerdict, FormCheck as CoreFormCheck, NoticeRef as CoreNoticeRef, Summary as CoreSummary};
use noticegate::forms::FormFormat;
use noticegate::gate::GateError;
use noticegate::decision::{Decision as CoreDecision, DisposalDate as CoreDisposal, Mechanism as CoreMechanism, RightAnswer};
use noticegate::{Named, Obligation, QuestionError, QuestionId, Reason as CoreReason, Verdict};

/// Why a call failed: a code (core's question error codes, or the binding's own), a
/// message, the field at fault and suggestions. Thrown in JavaScript as an `Error`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BindError {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
    pub suggestions: Vec<String>,
    /// Policy load errors: every problem, with file, line and column.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl BindError {
    pub fn new(code: &str, field: Option<&str>, message: impl Into<String>) -> BindError {
        BindError { code: code.to_string(), message: message.into(), field: field.map(str::to_string), suggestions: Vec::new(), diagnostics: Vec::new() }
    }

    /// A JavaScript argument of the wrong type or shape.
    pub fn argument(field: &str, message: impl Into<String>) -> BindError {
        BindError::new("invalid_argument", Some(field), message)
    }
}

impl From<QuestionError> for BindError {
    fn from(e: QuestionError) -> BindError {
        let QuestionError { code, field, message, suggestions } = e;
        BindError { code: code.name().to_string(), message, field, suggestions, diagnostics: Vec::new() }
    }
}

impl From<GateError> for BindError {
    fn from(e: GateError) -> BindError {
        let GateError { code, field, message, suggestions } = e;
        BindError { code, message, field, suggestions, diagnostics: Vec::new() }
    }
}

impl From<noticegate::PolicyErrors> for BindError {
    fn from(e: noticegate::PolicyErrors) -> BindError {
        let message = e.to_string();
        let diagnostics = e
            .0
            .into_iter()
            .map(|d| Diagnostic { file: d.file, line: d.line, column: d.column, message: d.message, help: d.help })
            .collect();
        BindError { code: "policy_error".to_string(), message, field: None, suggestions: Vec::new(), diagnostics }
    }
}

/// One problem in a policy file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

/// A decision (see core's `Decision`), camelCase.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<QuestionId>,
    pub verdict: Verdict,
    pub obligations: Vec<Obligation>,
    pub reasons: Vec<Reason>,
    pub bases: Vec<Named>,
    pub special_category: Option<bool>,
    pub criminal_offence: Option<bool>,
    pub disposal_date: Option<String>,
    pub disposal_dates: Vec<DisposalDate>,
    pub schedule: Option<String>,
    pub rights: Option<Vec<Right>>,
    pub mechanism: Option<Mechanism>,
    pub notes: Vec<String>,
    pub policy_hash: String,
}

impl From<CoreDecision> for Decision {
    fn from(d: CoreDecision) -> Decision {
        let CoreDecision {
            id,
            verdict,
            obligations,
            reasons,
            bases,
            special_category,
            criminal_offence,
            disposal_date,
            disposal_dates,
            schedule,
            rights,
            mechanism,
            notes,
            policy_hash,
        } = d;
        Decision {
            id,
            verdict,
            obligations,
            reasons: reasons.into_iter().map(Reason::from).collect(),
            bases,
            special_category,
            criminal_offence,
            disposal_date,
            disposal_dates: disposal_dates.into_iter().map(DisposalDate::from).collect(),
            schedule,
            rights: rights.map(|r| r.into_iter().map(Right::from).collect()),
            mechanism: mechanism.map(Mechanism::from),
            notes,
            policy_hash,
        }
    }
}

/// A rule that decided, with the notice's own words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub rule: String,
    pub effect: String,
    pub notice: String,
    pub section: String,
    pub quote: String,
    pub note: Option<String>,
}

impl From<CoreReason> for Reason {
    fn from(r: CoreReason) -> Reason {
        let CoreReason { rule, effect, notice, section, quote, note } = r;
        Reason { rule, effect, notice, section, quote, note }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisposalDate {
    pub date: String,
    pub after: String,
    pub period: String,
    pub applies: bool,
}

impl From<CoreDisposal> for DisposalDate {
    fn from(d: CoreDisposal) -> DisposalDate {
        let CoreDisposal { date, after, period, applies } = d;
        DisposalDate { date, after, period, applies }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Right {
    pub id: String,
    pub label: String,
    pub verdict: Verdict,
    pub because: String,
}

impl From<RightAnswer> for Right {
    fn from(r: RightAnswer) -> Right {
        let RightAnswer { id, label, verdict, because } = r;
        Right { id, label, verdict, because }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mechanism {
    pub id: String,
    pub label: String,
    pub article: String,
    pub legal_source: String,
}

impl From<CoreMechanism> for Mechanism {
    fn from(m: CoreMechanism) -> Mechanism {
        let CoreMechanism { id, label, article, legal_source } = m;
        Mechanism { id, label, article, legal_source }
    }
}

/// How a label or name was classified (core's `Classification`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Classification {
    pub category: Option<String>,
    pub label: Option<String>,
    pub matched_name: Option<String>,
    pub matched_words: Vec<String>,
    /// Every category that fitted, best first (`id` is the category's id): on a tie no
    /// category is given, and a form builder can ask which is meant.
    pub candidates: Vec<Named>,
}

impl From<CoreClassification> for Classification {
    fn from(c: CoreClassification) -> Classification {
        let CoreClassification { category, label, matched_name, matched_words, candidates, .. } = c;
        let candidates = candidates.into_iter().map(|c| Named { id: c.category, label: c.label }).collect();
        Classification { category, label, matched_name, matched_words, candidates }
    }
}

/// A notice and its services, for pickers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeInfo {
    pub id: String,
    pub title: String,
    pub controller: String,
    /// The notice text's file name: what a form links to.
    pub source: String,
    pub services: Vec<ServiceInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfo {
    pub id: String,
    pub label: String,
    pub aliases: Vec<String>,
}

/// The notice a form must link to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeRef {
    pub id: String,
    pub title: String,
    pub controller: String,
    pub source: String,
}

impl From<&CoreNoticeRef> for NoticeRef {
    fn from(n: &CoreNoticeRef) -> NoticeRef {
        let CoreNoticeRef { id, title, controller, source } = n;
        NoticeRef { id: id.clone(), title: title.clone(), controller: controller.clone(), source: source.clone() }
    }
}

/// What the notice says about collecting one field (core's `FieldCheck`), camelCase.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldCheck {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub label: Option<String>,
    pub name: Option<String>,
    pub r#type: Option<String>,
    pub service: String,
    pub notice: NoticeRef,
    pub matched_in: Option<&'static str>,
    pub classification: Classification,
    pub verdict: FieldVerdict,
    pub bases: Vec<Named>,
    pub special_category: Option<bool>,
    pub criminal_offence: Option<bool>,
    pub quote: Option<String>,
    pub reasons: Vec<Reason>,
    pub obligations: Vec<Obligation>,
    pub notes: Vec<String>,
    pub policy_hash: String,
}

/// Borrowed, so a check remembered by core's `FieldChecker` converts without being taken.
impl From<&CoreFieldCheck> for FieldCheck {
    fn from(c: &CoreFieldCheck) -> FieldCheck {
        let CoreFieldCheck {
            path,
            label,
            name,
            r#type,
            service,
            notice,
            matched_in,
            classification,
            verdict,
            bases,
            special_category,
            criminal_offence,
            quote,
            reasons,
            obligations,
            notes,
            policy_hash,
        } = c;
        FieldCheck {
            path: path.clone(),
            label: label.clone(),
            name: name.clone(),
            r#type: r#type.clone(),
            service: service.clone(),
            notice: notice.into(),
            matched_in: *matched_in,
            classification: classification.clone().into(),
            verdict: *verdict,
            bases: bases.clone(),
            special_category: *special_category,
            criminal_offence: *criminal_offence,
            quote: quote.clone(),
            reasons: reasons.iter().cloned().map(Reason::from).collect(),
            obligations: obligations.clone(),
            notes: notes.clone(),
            policy_hash: policy_hash.clone(),
        }
    }
}

/// Every field of a form, checked (core's `FormCheck`), camelCase.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormCheck {
    pub format: FormFormat,
    pub service: String,
    pub notice: NoticeRef,
    pub fields: Vec<FieldCheck>,
    pub summary: Summary,
}

impl From<&CoreFormCheck> for FormCheck {
    fn from(f: &CoreFormCheck) -> FormCheck {
        let CoreFormCheck { format, service, notice, fields, summary } = f;
        let CoreSummary { permit, conditional, deny, not_stated, unclassified } = summary.clone();
        FormCheck {
            format: *format,
            service: service.clone(),
            notice: notice.into(),
            fields: fields.iter().map(FieldCheck::from).collect(),
            summary: Summary { permit, conditional, deny, not_stated, unclassified },
        }
    }
}

/// How many fields got each verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub permit: u32,
    pub conditional: u32,
    pub deny: u32,
    pub not_stated: u32,
    pub unclassified: u32,
}
