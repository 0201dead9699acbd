//! Form checks: a field's label or name to a category (the classifier), then the answer to
//! "may this service collect it?", with the notice the form must link to. `check_form` reads
//! a JSON Schema or SurveyJS definition (`forms`) and checks every field.
//!
//! A field whose label and name classify to nothing is `unclassified`, never guessed; the
//! service must still be known (an unknown one is an error with suggestions).
//! `FieldChecker` remembers the checks it has made, so a form builder that checks the same
//! field on every keystroke pays for the classifier and the decision once.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHasher};
use serde::Serialize;

use crate::classify::Classification;
use crate::date::Date;
use crate::decision::{Named, Obligation, Reason, Verdict};
use crate::engine::Engine;
use crate::forms::{self, FormField, FormFormat, Value};
use crate::gate::GateError;
use crate::question::{Ask, Question};

/// A field as a form builder describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldInput {
    pub service: String,
    /// Which notice, when the service's name is used by more than one.
    pub notice: Option<String>,
    pub label: Option<String>,
    pub name: Option<String>,
    pub r#type: Option<String>,
    pub as_of: Option<Date>,
}

/// The notice a form must link to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeRef {
    pub id: String,
    pub title: String,
    pub controller: String,
    pub source: String,
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

/// What the notice says about collecting one field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldCheck {
    /// Where the field is in a form definition (`check_form` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub label: Option<String>,
    pub name: Option<String>,
    pub r#type: Option<String>,
    /// The service's label, as the notice names it.
    pub service: String,
    pub notice: NoticeRef,
    /// `label` or `name`: which of the two was classified; `None` when unclassified.
    pub matched_in: Option<&'static str>,
    pub classification: Classification,
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

/// How many fields got each verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub permit: u32,
    pub conditional: u32,
    pub deny: u32,
    pub not_stated: u32,
    pub unclassified: u32,
}

/// Every field of a form, checked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FormCheck {
    pub format: FormFormat,
    pub service: String,
    pub notice: NoticeRef,
    pub fields: Vec<FieldCheck>,
    pub summary: Summary,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks one field: classify its label (else its name), then ask whether the service's
/// notice covers collecting that category. `today` is the date a field without `as_of` is
/// checked on (targets without a clock pass it).
pub fn check_field(engine: &Engine, field: &FieldInput, today: Option<Date>) -> Result<FieldCheck, GateError> {
    if field.service.trim().is_empty() {
        return Err(GateError::new("invalid_argument", Some("service"), "`service` must name a service of a notice"));
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
        let a = &set.activities[activity as usize];
        let n = &set.notices[a.notice as usize];
        (a.label.clone(), NoticeRef { id: n.id.clone(), title: n.title.clone(), controller: n.controller.clone(), source: n.source.clone() })
    };
    let (label, name, r#type) = (field.label.clone(), field.name.clone(), field.r#type.clone());
    match classification {
        Some(c) => {
            let q = Question { service, notice, category: c.category.as_deref().map(Cow::Borrowed), as_of, ..Question::new(Ask::Collect) };
            let resolved = engine.resolve(&q)?;
            let outcome = engine.evaluate(&resolved);
            let decision = engine.decision(&q, &resolved, &outcome);
            let (service, notice) = notice_of(resolved.activity);
            Ok(FieldCheck {
                path: None,
                label,
                name,
                r#type,
                service,
                notice,
                matched_in,
                classification: c,
                verdict: decision.verdict.into(),
                bases: decision.bases,
                special_category: decision.special_category,
                criminal_offence: decision.criminal_offence,
                quote: decision.reasons.first().map(|r| r.quote.clone()),
                reasons: decision.reasons,
                obligations: decision.obligations,
                notes: decision.notes,
                policy_hash: decision.policy_hash,
            })
        }
        None => {
            // Nothing to ask about collecting, but the service must still be known.
            let activity = engine.resolve_service(field.notice.as_deref(), Some(&field.service))?;
            let (service, notice) = notice_of(activity);
            let mut classification = engine.classify(non_empty(&field.label).or(non_empty(&field.name)).unwrap_or(""));
            classification.category = None;
            classification.label = None;
            Ok(FieldCheck {
                path: None,
                label,
                name,
                r#type,
                service,
                notice,
                matched_in: None,
                classification,
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

/// Checks every field of a form definition (JSON Schema or SurveyJS). An unknown service
/// fails the whole form; a malformed definition is an `invalid_form` error naming where.
pub fn check_form(engine: &Engine, definition: &Value, service: &str, notice: Option<&str>, as_of: Option<Date>, today: Option<Date>) -> Result<FormCheck, GateError> {
    let (format, fields) = forms::fields(definition)?;
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

/// `check_field` with a memory: a field seen before (same service, notice, label, name,
/// type and date) is answered from it without classifying or deciding again, and without
/// allocating. One checker per engine; errors are not remembered. `E` is how the checker
/// holds its engine: `&Engine`, or an owning handle (`Arc<Engine>`, a binding's own) where a
/// borrow cannot live long enough (a JavaScript object holding both).
pub struct FieldChecker<E> {
    engine: E,
    seen: FxHashMap<u64, Vec<(FieldInput, Arc<FieldCheck>)>>,
    /// Checks remembered; the memory is cleared when it would pass `capacity`.
    capacity: usize,
    len: usize,
}

impl<E: Deref<Target = Engine>> FieldChecker<E> {
    /// A checker that remembers up to 10,000 checks.
    pub fn new(engine: E) -> FieldChecker<E> {
        FieldChecker::with_capacity(engine, 10_000)
    }

    /// A checker that remembers up to `capacity` checks, then starts again (a form builder
    /// on a small device bounds its memory).
    pub fn with_capacity(engine: E, capacity: usize) -> FieldChecker<E> {
        FieldChecker { engine, seen: FxHashMap::default(), capacity, len: 0 }
    }

    /// The engine the checks are made with.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    fn key(field: &FieldInput, as_of: Option<Date>) -> u64 {
        let mut h = FxHasher::default();
        (&field.service, &field.notice, &field.label, &field.name, &field.r#type, as_of).hash(&mut h);
        h.finish()
    }

    /// As `check_field`, from memory when the field was checked before.
    pub fn check(&mut self, field: &FieldInput, today: Option<Date>) -> Result<Arc<FieldCheck>, GateError> {
        let as_of = field.as_of.or(today);
        let key = Self::key(field, as_of);
        if let Some(bucket) = self.seen.get(&key) {
            let same = |f: &FieldInput| f.service == field.service && f.notice == field.notice && f.label == field.label && f.name == field.name && f.r#type == field.r#type && f.as_of == as_of;
            if let Some((_, c)) = bucket.iter().find(|(f, _)| same(f)) {
                return Ok(Arc::clone(c));
            }
        }
        let check = Arc::new(check_field(&self.engine, field, today)?);
        if self.len >= self.capacity {
            self.seen.clear();
            self.len = 0;
        }
        let stored = FieldInput { as_of, ..field.clone() };
        self.seen.entry(key).or_default().push((stored, Arc::clone(&check)));
        self.len += 1;
        Ok(check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(service: &str, label: &str) -> FieldInput {
        FieldInput { service: service.into(), label: Some(label.into()), as_of: Date::parse("2026-11-23"), ..FieldInput::default() }
    }

    #[test]
    fn a_classified_field_gets_the_decision_and_quote() {
        let c = check_field(Engine::builtin(), &field("Community Directory", "Email address"), None).unwrap();
        assert_eq!(c.classification.category.as_deref(), Some("contact.email"));
        assert_eq!(c.matched_in, Some("label"));
        assert_ne!(c.verdict, FieldVerdict::Unclassified);
        assert!(c.quote.is_some());
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
        let e = check_field(Engine::builtin(), &field(" ", "Email"), None).unwrap_err();
        assert_eq!(e.code, "invalid_argument");
    }

    #[test]
    fn the_checker_remembers_and_answers_the_same() {
        let mut checker = FieldChecker::new(Engine::builtin());
        let f = field("Community Directory", "Email address");
        let a = checker.check(&f, None).unwrap();
        let b = checker.check(&f, None).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(*a, check_field(Engine::builtin(), &f, None).unwrap());
        let other = checker.check(&field("Community Directory", "Date of birth"), None).unwrap();
        assert_ne!(other.classification.category, a.classification.category);
        assert!(checker.check(&field("Nowhere", "Email"), None).is_err());
    }

    #[test]
    fn forms_are_checked_field_by_field() {
        let schema = Value::parse(
            r#"{"type":"object","properties":{"email":{"type":"string","format":"email","title":"Email address"},"colour":{"type":"string","title":"Favourite colour"}}}"#,
        )
        .unwrap();
        let f = check_form(Engine::builtin(), &schema, "Community Directory", None, Date::parse("2026-11-23"), None).unwrap();
        assert_eq!(f.format, FormFormat::JsonSchema);
        assert_eq!(f.fields.len(), 2);
        assert_eq!(f.fields[0].path.as_deref(), Some("email"));
        assert_eq!(f.summary.unclassified, 1);
        let survey = Value::parse(r#"{"elements":[{"type":"text","name":"dob","title":"Date of birth"}]}"#).unwrap();
        let f = check_form(Engine::builtin(), &survey, "Community Directory", None, None, Date::parse("2026-11-23")).unwrap();
        assert_eq!(f.format, FormFormat::SurveyJs);
        assert_eq!(f.fields[0].classification.category.as_deref(), Some("identity.date_of_birth"));
        let e = check_form(Engine::builtin(), &Value::parse("[]").unwrap(), "Community Directory", None, None, None).unwrap_err();
        assert_eq!(e.code, "invalid_form");
        let e = check_form(Engine::builtin(), &survey, "Comunity Directory", None, None, None).unwrap_err();
        assert_eq!(e.code, "unknown_name");
    }
}
