//! Lint: what the notices promise, where they are silent, and where they contradict
//! themselves or the law, as findings with a severity, a rule code, a location and quotes.
//!
//! (Interface fixed first so the report and the CLI can be built beside it; the checks are
//! being written.)

use serde::Serialize;

use crate::sources::PolicySources;
use crate::diagnostics::PolicyErrors;

/// How much a finding matters to the notice's owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A contradiction with the law or within the notice.
    Error,
    /// A gap or ambiguity a reader would stumble on.
    Warning,
    /// Worth knowing; not wrong.
    Info,
}

/// One finding.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// The lint rule that found it, e.g. `empty-basis`.
    pub code: String,
    pub severity: Severity,
    /// The notice id it concerns (None: the whole set or the law files).
    pub notice: Option<String>,
    /// One line: what is wrong.
    pub title: String,
    /// The explanation, with what the policy does about it.
    pub message: String,
    /// `file:line:column` in the policy files.
    pub location: String,
    /// Verbatim quotes of the notice involved.
    pub quotes: Vec<String>,
    /// Rule, activity or retention ids involved.
    pub ids: Vec<String>,
}

/// Lints a policy set from its files. Errors: the set does not load.
pub fn lint(sources: &PolicySources) -> Result<Vec<Finding>, PolicyErrors> {
    crate::load::load(sources)?;
    Ok(Vec::new())
}
