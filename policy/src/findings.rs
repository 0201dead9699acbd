//! Recorded findings: what readers of a notice found that no computation can derive (a
//! silence, an ambiguity, a sentence split by a page break), kept as data in the policy set
//! (`[[finding]]`, `[findings]`), so `noticegate lint` reports them beside its computed checks
//! and generates `policies/FINDINGS.md` from them.
//!
//! The loader parses and checks them (quotes verbatim, ids known) like any other table, but
//! they are not part of the compiled engine: `PolicySet` holds them with `#[serde(skip)]`, so
//! the built-in snapshot and the WASM build carry none of their prose.

use serde::Serialize;

/// How much a finding matters to the notice's owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A contradiction with the law or within the notice.
    Error,
    /// A gap or ambiguity a reader would stumble on.
    Warning,
    /// Worth knowing; not wrong.
    Info,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn from_name(name: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What a recorded finding is; its lint code is `recorded-<kind>`.
pub const KINDS: &[&str] = &[
    // The notice is silent where a reader (or the law) needs it to speak.
    "gap",
    // The text can be read more than one way; the policy's `note` says which.
    "ambiguity",
    // Two statements of the notice, or the notice and the law, cannot both hold.
    "contradiction",
    // The notice says something the policy language cannot express (or only in part).
    "language-limit",
    // The notice is outdated or wrong about the law.
    "law",
    // A statement the policy deliberately does not encode (security, changes).
    "not-encoded",
    // A defect of the notice text itself: page-break junk, typos, garbled sentences.
    "text",
    // How the policy reads a passage, recorded for reviewers.
    "reading",
];

/// The kinds of finding that describe the notice or the law, never what the engine answers: a
/// finding of any other kind names, in `cases`, corpus cases (`tests/cases/*.jsonl`) that ask
/// the engine what it describes, or says in `no_cases` why no question can
/// (`core/tests/conformance.rs` checks both, and that every named case exists).
pub const KINDS_WITHOUT_CASES: &[&str] = &["law", "not-encoded", "text"];

/// The codes of lint's computed checks (a recorded finding's `check` must be one of them;
/// `lint` tests that each code here is a check it runs).
pub const CHECKS: &[&str] = &[
    "empty-basis",
    "special-category-without-article-9",
    "transfer-beyond-promise",
    "eu-adequacy-reference",
    "recipient-without-basis",
    "permit-contradicts-prohibition",
    "catch-all-voids-limit",
    "schedule-unavailable",
];

/// A `[[finding]]`, checked: its quotes are in the notice's text, its ids are rules,
/// activities or retentions of the set.
#[derive(Clone, Debug)]
pub struct RecordedFinding {
    pub id: String,
    /// Index into `PolicySet::notices`; `None`: about the whole set.
    pub notice: Option<u32>,
    pub kind: String,
    pub severity: Severity,
    pub section: String,
    pub subsection: Option<String>,
    pub title: String,
    /// Markdown.
    pub text: String,
    pub quotes: Vec<String>,
    pub ids: Vec<String>,
    pub cases: Vec<String>,
    /// Why no corpus case asks the engine what it describes.
    pub no_cases: Option<String>,
    pub check: Option<String>,
    pub location: String,
}

/// A `[findings]` table: one chapter of the generated findings document.
#[derive(Clone, Debug)]
pub struct FindingsChapter {
    pub notice: Option<u32>,
    pub title: String,
    pub intro: Option<String>,
    /// Section heading and the prose under it, before its findings.
    pub sections: Vec<(String, String)>,
    pub order: i64,
    pub location: String,
}

/// Everything recorded, in file order.
#[derive(Clone, Debug, Default)]
pub struct Recorded {
    pub chapters: Vec<FindingsChapter>,
    pub findings: Vec<RecordedFinding>,
}
