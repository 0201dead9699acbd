//! Form checking: a field's label or name to a category (core's classifier), then core's
//! answer to "may this service collect it?". Nothing here decides: it builds the question,
//! asks core, and reshapes the answer for a form builder.

use std::borrow::Cow;

use serde::Serialize;

use noticegate::{Ask, Date, Engine, Named, Obligation, Question, Verdict};

use crate::forms::{self, FormField, FormFormat};
use crate::wire::{BindError, Classification, NoticeRef, Reason};

/// A field as a form builder describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldInput {
    pub service: String,
    /// Which notice, when the service's name is used by more than one.
    pub notice: Option<String>,
    pub label: Option<String>,
    pub name: Option<String>,
    pub r#type: Option<String>,
    pub as_of: Option<Date>,
}

/// What the notice says about collecting one field.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldCheck {
    /// Where the field is in a form definition (`checkForm` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub label: Option<String>,
    pub name: Option<String>,
    pub r#type: Option<String>,
    /// The service's label, as the notice names it.
    pub service: String,
    /// The notice the form must link to.
    pub notice: NoticeRef,
    /// `"label"` or `"name"`: which of the two was classified; `None` when unclassified.
    pub matched_in: Option<&'static str>,
    pub classification: Classification,
    /// Core's verdict on collecting the category, or `"unclassified"`.
    pub verdict: FieldVerdict,
    pub bases: Vec<Named>,
    pub special_category: Option<bool>,
    pub criminal_offence: Option<bool>,
    /// The deciding reason's quote, verbatim from the notice.
    pub quote: Option<String>,
    pub reasons: Vec<Reason>,
    pub obligations: Vec<Obligation>,
    pub notes: Vec<String>,
    pub policy_hash: String,
}

/// A decision's verdict, or `Unclassified` when the field's category is not known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldVerdict {
    Permit,
    Conditional,
    Deny,
    NotStated,
    Unclassified,
}

impl From<Verdict> for FieldVerdict {
    fn from(v: Verdict) -> FieldVerdict {
        match v {
            Verdict::Permit => FieldVerdict::Permit,
            Verdict::Conditional => FieldVerdict::Conditional,
            Verdict::Deny => FieldVerdict::Deny,
            Verdict::NotStated => FieldVerdict::NotStated,
        }
    }
}

/// Every field of a form, checked.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormCheck {
    pub format: FormFormat,
    pub service: String,
    pub notice: NoticeRef,
    pub fields: Vec<FieldCheck>,
    pub summary: Summary,
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

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks one field: classify its label (else its name) with core, then ask core whether
/// the service's notice covers collecting that category.
pub fn check_field(engine: &Engine, field: &FieldInput, today: Option<Date>) -> Result<FieldCheck, BindError> {
    if field.service.trim().is_empty() {
        return Err(BindError::argument("service", "`service` must name a service of a notice"));
    }
    let mut matched_in = None;
    let mut classification = None;
    for (which, text) in [("label", non_empty(&field.label)), ("name", non_empty(&field.name))] {
        if let Some(text) = text {
            let c = engine.classify(text);
            if c.category.is_some() {
                matched_in = Some(which);
                classification = Some(c);
                break;
            }
        }
    }
    let as_of = field.as_of.or(today);
    let service = Some(Cow::Borrowed(field.service.as_str()));
    let notice = field.notice.as_deref().map(Cow::Borrowed);
    let set = engine.policy();
    let notice_of = |activity: u32| {
        let n = &set.notices[set.activities[activity as usize].notice as usize];
        (set.activities[activity as usize].label.clone(), NoticeRef { id: n.id.clone(), title: n.title.clone(), controller: n.controller.clone(), source: n.source.clone() })
    };
    let path = None;
    let (label, name, r#type) = (field.label.clone(), field.name.clone(), field.r#type.clone());
    match classification {
        Some(c) => {
            let q = Question { service, notice, category: c.category.as_deref().map(Cow::Borrowed), as_of, ..Question::new(Ask::Collect) };
            let resolved = engine.resolve(&q)?;
            let outcome = engine.evaluate(&resolved);
            let decision = engine.decision(&q, &resolved, &outcome);
            let (service, notice) = notice_of(resolved.activity);
            let reasons: Vec<Reason> = decision.reasons.into_iter().map(Reason::from).collect();
            Ok(FieldCheck {
                path,
                label,
                name,
                r#type,
                service,
                notice,
                matched_in,
                classification: c.into(),
                verdict: decision.verdict.into(),
                bases: decision.bases,
                special_category: decision.special_category,
                criminal_offence: decision.criminal_offence,
                quote: reasons.first().map(|r| r.quote.clone()),
                reasons,
                obligations: decision.obligations,
                notes: decision.notes,
                policy_hash: decision.policy_hash,
            })
        }
        None => {
            // Nothing to ask about collecting, but the service must still be known: a rights
            // question is the one kind that resolves a service without a category.
            let q = Question { service, notice, as_of, ..Question::new(Ask::Rights) };
            let resolved = engine.resolve(&q)?;
            let (service, notice) = notice_of(resolved.activity);
            Ok(FieldCheck {
                path,
                label,
                name,
                r#type,
                service,
                notice,
                matched_in: None,
                classification: Classification { category: None, label: None, matched_name: None, matched_words: Vec::new() },
                verdict: FieldVerdict::Unclassified,
                bases: Vec::new(),
                special_category: None,
                criminal_offence: None,
                quote: None,
                reasons: Vec::new(),
                obligations: Vec::new(),
                notes: vec!["No category of the vocabulary matches this field's label or name; give it a label the notice uses.".to_string()],
                policy_hash: engine.policy_hash().to_string(),
            })
        }
    }
}

/// Checks every field of a form definition (JSON Schema or SurveyJS).
pub fn check_form(
    engine: &Engine,
    definition: &crate::forms::Value,
    service: &str,
    notice: Option<&str>,
    as_of: Option<Date>,
    today: Option<Date>,
) -> Result<FormCheck, BindError> {
    let (format, fields) = forms::fields(definition)?;
    // The service is checked once, before any field, so an unknown one fails the whole form.
    let probe = FieldInput { service: service.to_string(), notice: notice.map(str::to_string), as_of, ..FieldInput::default() };
    let head = check_field(engine, &probe, today)?;
    let mut summary = Summary::default();
    let mut checks = Vec::with_capacity(fields.len());
    for FormField { path, label, name, r#type } in fields {
        let input = FieldInput { label, name, r#type, ..probe.clone() };
        let mut check = check_field(engine, &input, today)?;
        check.path = Some(path);
        *match check.verdict {
            FieldVerdict::Permit => &mut summary.permit,
            FieldVerdict::Conditional => &mut summary.conditional,
            FieldVerdict::Deny => &mut summary.deny,
            FieldVerdict::NotStated => &mut summary.not_stated,
            FieldVerdict::Unclassified => &mut summary.unclassified,
        } += 1;
        checks.push(check);
    }
    Ok(FormCheck { format, service: head.service, notice: head.notice, fields: checks, summary })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(service: &str, label: &str) -> FieldInput {
        FieldInput { service: service.into(), label: Some(label.into()), as_of: Date::parse("2026-11-23"), ..FieldInput::default() }
    }

    #[test]
    fn a_classified_field_gets_core_decision_and_quote() {
        let c = check_field(Engine::builtin(), &field("Community Directory", "Email address"), None).unwrap();
        assert_eq!(c.classification.category.as_deref(), Some("contact.email"));
        assert_eq!(c.matched_in, Some("label"));
        assert_ne!(c.verdict, FieldVerdict::Unclassified);
        assert!(!c.notice.source.is_empty());
    }

    #[test]
    fn unclassified_is_said_not_guessed() {
        let c = check_field(Engine::builtin(), &field("Community Directory", "Favourite colour"), None).unwrap();
        assert_eq!(c.verdict, FieldVerdict::Unclassified);
        assert_eq!(c.classification.category, None);
        assert!(c.quote.is_none());
    }

    #[test]
    fn the_name_is_classified_when_the_label_says_nothing() {
        let mut f = field("Community Directory", "Tell us");
        f.name = Some("dateOfBirth".into());
        let c = check_field(Engine::builtin(), &f, None).unwrap();
        assert_eq!(c.matched_in, Some("name"));
        assert_eq!(c.classification.category.as_deref(), Some("identity.date_of_birth"));
    }

    #[test]
    fn an_unknown_service_is_an_error_with_suggestions() {
        let e = check_field(Engine::builtin(), &field("Comunity Directory", "Email"), None).unwrap_err();
        assert_eq!(e.code, "unknown_name");
        assert_eq!(e.field.as_deref(), Some("service"));
        assert!(!e.suggestions.is_empty());
    }
}
