//! Decisions and question errors as they go over the wire (docs/wire-format.md).
//!
//! These types are the contract every binding shares: the CLI, WASM, Python and C all
//! serialise exactly these structs, so a decision is the same bytes everywhere.

use serde::{Deserialize, Serialize};

pub use crate::error::{ErrorCode, QuestionError};
pub use crate::eval::Verdict;
use crate::question::QuestionId;

/// What must hold, or be done, for a conditional decision to become a permit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Obligation {
    /// The fact's id (see `noticegate list facts`).
    pub fact: String,
    /// The obligation in words.
    pub text: String,
    /// The value the fact must have: `true`/`false`, or the allowed values of an enum fact.
    pub expect: serde_json::Value,
}

/// A rule that decided, with the notice's own words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub rule: String,
    pub effect: String,
    /// The notice's source file name.
    pub notice: String,
    pub section: String,
    /// Verbatim from the notice.
    pub quote: String,
    /// How the policy reads the quote, where it interprets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A vocabulary entry named in a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub label: String,
}

/// The legal mechanism that makes a transfer abroad lawful.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mechanism {
    pub id: String,
    pub label: String,
    /// UK GDPR article: 45, 45A, 46, 49; `eu_membership`; `none` (not a restricted transfer).
    pub article: String,
    /// Where the law says so.
    pub legal_source: String,
}

/// Whether one data subject right applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightAnswer {
    pub id: String,
    pub label: String,
    /// `permit`: the right applies; `deny`: it does not (or the notice limits it);
    /// `conditional`: it applies if the obligations hold; `not_stated`: nothing says.
    pub verdict: Verdict,
    /// Why: the law's source, or the notice rule that decided.
    pub because: String,
}

/// One disposal date of a retention rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisposalDate {
    /// YYYY-MM-DD.
    pub date: String,
    /// The date fact it runs from.
    pub after: String,
    /// The period, in words ("10 years").
    pub period: String,
    /// Whether this is the date that applies.
    pub applies: bool,
}

/// The answer to a question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<QuestionId>,
    pub verdict: Verdict,
    pub obligations: Vec<Obligation>,
    pub reasons: Vec<Reason>,
    /// The lawful bases and conditions the notice names for this processing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<Named>,
    /// Whether the category is special category data (Article 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category: Option<bool>,
    /// Whether the category is criminal offence data (Article 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_offence: Option<bool>,
    /// Retention questions: the date by which the record must be destroyed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposal_date: Option<String>,
    /// Retention questions: every date the rule gives, and which applies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disposal_dates: Vec<DisposalDate>,
    /// Retention questions: a retention schedule the notice names only by reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Rights questions: each right and whether it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<Vec<RightAnswer>>,
    /// Transfer questions: the legal mechanism that makes the transfer lawful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<Mechanism>,
    /// Plain-language notes: why nothing matched, a basis the notice does not name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Hash of the policy set that gave this decision.
    pub policy_hash: String,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a QuestionId>,
    error: &'a QuestionError,
}

/// One output line: the decision, or the error on the same line a decision would take.
pub fn answer_json(id: Option<&QuestionId>, answer: &Result<Decision, QuestionError>) -> String {
    let json = match answer {
        Ok(decision) => serde_json::to_string(decision),
        Err(error) => serde_json::to_string(&ErrorLine { id, error }),
    };
    json.expect("decisions and errors always serialise")
}
