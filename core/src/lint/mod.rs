//! Lint: what the notices promise, where they are silent, and where they contradict
//! themselves or the law, as findings with a severity, a code, a location and quotes.
//!
//! Two sources, one list. Computed checks (one module per family) derive findings from the
//! loaded policy set and the law files. Recorded findings (`[[finding]]` tables) hold what
//! only a reader can see; a record that names a `check` stands for that check's finding and
//! must be matched by it, so records never stand in for computations (a record left
//! unmatched is itself reported, as `unmatched-record`). `policies/FINDINGS.md` is this list
//! rendered as Markdown (`markdown`).

mod basis;
mod markdown;
mod overlap;
mod retention;
mod transfers;

use serde::Serialize;

use crate::diagnostics::PolicyErrors;
use crate::findings::FindingsChapter;
use crate::model::{fold_whitespace, PolicySet, Rule};
use crate::sources::PolicySources;

pub use crate::findings::Severity;
pub use markdown::markdown;

/// The code of a finding reported because a record's `check` did not find it.
pub const UNMATCHED_RECORD: &str = "unmatched-record";

/// One finding.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// The lint rule that found it: a computed check's code (`empty-basis`), or
    /// `recorded-<kind>` for a finding only a reader could make.
    pub code: String,
    pub severity: Severity,
    /// The notice id it concerns (None: the whole set or the law files).
    pub notice: Option<String>,
    /// One line: what is wrong.
    pub title: String,
    /// The explanation, with what the policy does about it (Markdown).
    pub message: String,
    /// `file:line:column` in the policy files.
    pub location: String,
    /// Verbatim quotes of the notice involved.
    pub quotes: Vec<String>,
    /// Rule, activity or retention ids involved.
    pub ids: Vec<String>,
    /// Corpus case ids that show it (`tests/cases/`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<String>,
    /// The recorded finding's id, when it comes from (or was matched by) a record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// Where `FINDINGS.md` lists it.
    pub section: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsection: Option<String>,
}

/// Lint's result with the chapters `FINDINGS.md` is rendered in.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub chapters: Vec<FindingsChapter>,
    /// Notice ids by index, for the chapters.
    pub notices: Vec<String>,
}

/// Lints a policy set from its files. Errors: the set does not load.
pub fn lint(sources: &PolicySources) -> Result<Vec<Finding>, PolicyErrors> {
    Ok(report(sources)?.findings)
}

/// Lints a policy set and keeps the chapters of its recorded findings.
pub fn report(sources: &PolicySources) -> Result<Report, PolicyErrors> {
    let loaded = crate::load::load(sources)?;
    let set = &loaded.set;
    let computed = computed(set, sources);
    let mut chapters = set.recorded.chapters.clone();
    chapters.sort_by_key(|c| c.order);
    Ok(Report { findings: merge(set, computed), chapters, notices: set.notices.iter().map(|n| n.id.clone()).collect() })
}

/// Every computed check, in a fixed order.
pub fn computed(set: &PolicySet, sources: &PolicySources) -> Vec<Finding> {
    let mut out = Vec::new();
    basis::empty_basis(set, &mut out);
    basis::special_category_without_article_9(set, &mut out);
    basis::recipient_without_basis(set, &mut out);
    transfers::transfer_beyond_promise(set, &mut out);
    transfers::eu_adequacy_reference(set, sources, &mut out);
    overlap::permit_contradicts_prohibition(set, &mut out);
    overlap::catch_all_voids_limit(set, &mut out);
    retention::schedule_unavailable(set, &mut out);
    out
}

/// Records first, in file order, each absorbing the computed findings it stands for; then
/// the computed findings no record names, in check order.
fn merge(set: &PolicySet, computed: Vec<Finding>) -> Vec<Finding> {
    let mut absorbed = vec![false; computed.len()];
    let mut out = Vec::new();
    for r in &set.recorded.findings {
        let notice = r.notice.map(|n| set.notices[n as usize].id.clone());
        let mut finding = Finding {
            code: format!("recorded-{}", r.kind),
            severity: r.severity,
            notice,
            title: r.title.clone(),
            message: r.text.clone(),
            location: r.location.clone(),
            quotes: r.quotes.clone(),
            ids: r.ids.clone(),
            cases: r.cases.clone(),
            record: Some(r.id.clone()),
            section: r.section.clone(),
            subsection: r.subsection.clone(),
        };
        if let Some(check) = &r.check {
            let matches: Vec<usize> = (0..computed.len())
                .filter(|&i| computed[i].code == *check && stands_for(r, &computed[i]))
                .collect();
            if matches.is_empty() {
                finding.code = UNMATCHED_RECORD.to_string();
                finding.severity = Severity::Error;
                finding.title = format!("`{check}` does not find the recorded finding \"{}\"", r.title);
            } else {
                finding.code = check.clone();
                for i in matches {
                    absorbed[i] = true;
                    for q in &computed[i].quotes {
                        if !finding.quotes.contains(q) {
                            finding.quotes.push(q.clone());
                        }
                    }
                }
            }
        }
        out.push(finding);
    }
    out.extend(computed.into_iter().zip(absorbed).filter(|(_, a)| !a).map(|(f, _)| f));
    out
}

/// Whether a computed finding is the one a record describes: they share an id, or (for a
/// finding about the notice's text, which no rule may cite) a quote.
fn stands_for(record: &crate::findings::RecordedFinding, computed: &Finding) -> bool {
    computed.ids.iter().any(|id| record.ids.contains(id))
        || computed.quotes.iter().any(|q| record.quotes.iter().any(|r| fold_whitespace(r).contains(&fold_whitespace(q))))
}

/// The section computed findings that no record names are listed under.
pub const COMPUTED_SECTION: &str = "Found by lint";

/// A computed finding about rules of one notice.
fn finding(set: &PolicySet, code: &str, severity: Severity, notice: u32, title: String, message: String) -> Finding {
    Finding {
        code: code.to_string(),
        severity,
        notice: Some(set.notices[notice as usize].id.clone()),
        title,
        message,
        location: set.notices[notice as usize].location.clone(),
        quotes: Vec::new(),
        ids: Vec::new(),
        cases: Vec::new(),
        record: None,
        section: COMPUTED_SECTION.to_string(),
        subsection: None,
    }
}

/// Adds rules' ids and quotes (each once) to a finding.
fn cite<'a>(f: &mut Finding, rules: impl IntoIterator<Item = &'a Rule>) {
    for r in rules {
        if !f.ids.contains(&r.id) {
            f.ids.push(r.id.clone());
        }
        if !f.quotes.contains(&r.quote) {
            f.quotes.push(r.quote.clone());
        }
    }
}

/// Labels of vocabulary entries, for messages.
fn labels(set: &PolicySet, kind: crate::syntax::VocabKind, entries: &[u32]) -> String {
    let names: Vec<String> = entries.iter().map(|&e| format!("\"{}\"", set.vocab.entry(kind, e).label)).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests;
