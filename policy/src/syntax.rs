//! The policy language as written: declarations with their source positions.
//!
//! `parse` produces these from TOML without resolving any reference; `model` resolves and
//! checks them. Keeping the two apart lets every file be read, and every error collected,
//! before any cross-file check runs.

use crate::date::Date;

/// A position in a policy file: the file's index in the set and a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub file: u32,
    pub offset: u32,
}

/// A value and where it was written.
#[derive(Clone, Debug)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

/// The kinds of vocabulary entry, each a `[[kind]]` array in a policy file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VocabKind {
    Category,
    Recipient,
    Basis,
    Purpose,
    Source,
    Fact,
    Country,
    Mechanism,
    Record,
    Right,
}

impl VocabKind {
    pub const ALL: [VocabKind; 10] = [
        VocabKind::Category,
        VocabKind::Recipient,
        VocabKind::Basis,
        VocabKind::Purpose,
        VocabKind::Source,
        VocabKind::Fact,
        VocabKind::Country,
        VocabKind::Mechanism,
        VocabKind::Record,
        VocabKind::Right,
    ];

    /// The TOML array name and the word used in messages.
    pub fn name(self) -> &'static str {
        match self {
            VocabKind::Category => "category",
            VocabKind::Recipient => "recipient",
            VocabKind::Basis => "basis",
            VocabKind::Purpose => "purpose",
            VocabKind::Source => "source",
            VocabKind::Fact => "fact",
            VocabKind::Country => "country",
            VocabKind::Mechanism => "mechanism",
            VocabKind::Record => "record",
            VocabKind::Right => "right",
        }
    }
}

/// A vocabulary entry. One shape serves every kind; the reader admits only the keys that
/// belong to the kind (see `parse::keys_for`).
#[derive(Clone, Debug)]
pub struct EntryDecl {
    pub kind: VocabKind,
    pub id: Sp<String>,
    pub label: Sp<String>,
    pub aliases: Vec<Sp<String>>,
    pub parent: Option<Sp<String>>,
    pub description: Option<String>,
    pub dpv: Option<String>,
    pub fides: Option<String>,
    /// Categories: roots of the special-category and criminal-offence subtrees.
    pub special_category: bool,
    pub criminal_offence: bool,
    /// Bases: which article or schedule the basis comes from.
    pub article: Option<Sp<String>>,
    /// Legal facts name their source.
    pub legal_source: Option<String>,
    pub valid_from: Option<Sp<Date>>,
    pub valid_until: Option<Sp<Date>>,
    /// Facts: their type, closed set of values, negated wording, and the notices' words.
    pub fact_type: Option<Sp<String>>,
    pub values: Vec<Sp<String>>,
    pub negation: Option<String>,
    pub words: Vec<String>,
    /// Recipients: the country where the recipient is.
    pub located_in: Option<Sp<String>>,
    /// Mechanisms: the countries (or groups) they cover; empty covers every country.
    pub countries: Vec<Sp<String>>,
    /// Mechanisms: the facts that must hold for the mechanism to apply.
    pub requires: Vec<(Sp<String>, Sp<TestValue>)>,
    /// Rights: the lawful bases under which UK GDPR gives the right; empty: all of them.
    pub applies_under: Vec<Sp<String>>,
    pub span: Span,
}

/// `[notice]`: the notice a policy file encodes.
#[derive(Clone, Debug)]
pub struct NoticeDecl {
    pub id: Sp<String>,
    pub title: Sp<String>,
    pub aliases: Vec<Sp<String>>,
    pub controller: String,
    pub role: Sp<String>,
    pub source: Sp<String>,
    pub date: Option<Sp<Date>>,
    pub regime: String,
    pub span: Span,
}

/// `[[activity]]`: a service or purpose the notice describes.
#[derive(Clone, Debug)]
pub struct ActivityDecl {
    pub id: Sp<String>,
    pub label: Sp<String>,
    pub aliases: Vec<Sp<String>>,
    pub description: Option<String>,
    /// A service group this activity belongs to (another activity of the same notice).
    pub parent: Option<Sp<String>>,
    /// Where the data comes from (`[[source]]` ids).
    pub sources: Vec<Sp<String>>,
    /// `[[activity.basis]]`: the lawful bases the notice names for this activity.
    pub bases: Vec<BasisClaim>,
    pub span: Span,
}

/// A lawful basis or condition the notice names for an activity, optionally for only some
/// of its categories.
#[derive(Clone, Debug)]
pub struct BasisClaim {
    pub basis: Sp<String>,
    pub categories: Vec<Sp<String>>,
    pub section: Sp<String>,
    pub quote: Sp<String>,
    /// Why a reader must still check this claim (a drafted policy); `None` once reviewed.
    pub review: Option<Sp<String>>,
    pub span: Span,
}

/// The value a condition tests a fact against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestValue {
    Bool(bool),
    /// The fact must have one of these values (enum facts).
    OneOf(Vec<String>),
    /// A number fact at least / at most this (`{ at_least = 21 }`).
    AtLeast(i64),
    AtMost(i64),
}

/// `[[rule]]`: a permit or deny statement with its conditions and citation.
#[derive(Clone, Debug)]
pub struct RuleDecl {
    pub id: Sp<String>,
    pub action: Sp<String>,
    pub effect: Sp<String>,
    pub activities: Vec<Sp<String>>,
    pub categories: Vec<Sp<String>>,
    pub recipients: Vec<Sp<String>>,
    pub purposes: Vec<Sp<String>>,
    pub bases: Vec<Sp<String>>,
    /// Transfer rules: destination countries or groups.
    pub countries: Vec<Sp<String>>,
    /// Transfer rules: the legal mechanisms the notice relies on (empty: any that applies).
    pub mechanisms: Vec<Sp<String>>,
    /// Rights rules: the rights the statement is about.
    pub rights: Vec<Sp<String>>,
    pub when: Vec<(Sp<String>, Sp<TestValue>)>,
    pub valid_from: Option<Sp<Date>>,
    pub valid_until: Option<Sp<Date>>,
    /// `None` when missing (already reported by the parser); the rule is then not compiled.
    pub section: Option<Sp<String>>,
    pub quote: Option<Sp<String>>,
    pub note: Option<String>,
    /// Why a reader must still check this table (a drafted policy); `None` once reviewed.
    pub review: Option<Sp<String>>,
    pub span: Span,
}

/// One period of a retention rule: so long after a date the question states.
#[derive(Clone, Debug)]
pub struct PeriodDecl {
    pub years: u32,
    pub months: u32,
    pub days: u32,
    /// The date fact the period runs from (`date_of_birth`, `last_contact`, ...).
    pub after: Sp<String>,
    pub span: Span,
}

/// `[[retention]]`: how long a record class is kept, as the notice says it.
#[derive(Clone, Debug)]
pub struct RetentionDecl {
    pub id: Sp<String>,
    pub activities: Vec<Sp<String>>,
    pub records: Vec<Sp<String>>,
    /// Periods; several are combined by `combine`.
    pub periods: Vec<PeriodDecl>,
    /// `latest`, `earliest` or `either` (the notice gives alternatives without saying which).
    pub combine: Option<Sp<String>>,
    /// A retention schedule the notice names only by reference (no period is invented).
    pub schedule: Option<Sp<String>>,
    pub section: Option<Sp<String>>,
    pub quote: Option<Sp<String>>,
    pub note: Option<String>,
    /// Why a reader must still check this table (a drafted policy); `None` once reviewed.
    pub review: Option<Sp<String>>,
    pub span: Span,
}

/// `[findings]`: the chapter of recorded findings a file holds (its notice, heading, and the
/// prose that introduces it and its sections), for `noticegate lint --format markdown`.
#[derive(Clone, Debug)]
pub struct FindingsDecl {
    /// The notice the findings concern; a file with a `[notice]` may leave it out.
    pub notice: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub intro: Option<String>,
    /// `[[findings.section]]`: the prose under a section heading, before its findings.
    pub sections: Vec<(Sp<String>, String)>,
    /// Where the chapter sits among the others (lower first; then file order).
    pub order: i64,
    pub span: Span,
}

/// `[[finding]]`: what a reader of the notice found that no computation can (a silence, an
/// ambiguity), or what a lint check is expected to find (`check`).
#[derive(Clone, Debug)]
pub struct FindingDecl {
    pub id: Sp<String>,
    pub kind: Sp<String>,
    pub severity: Sp<String>,
    pub section: Sp<String>,
    pub subsection: Option<Sp<String>>,
    pub title: Sp<String>,
    pub text: Sp<String>,
    pub quotes: Vec<Sp<String>>,
    /// Rule, activity or retention ids (checked).
    pub ids: Vec<Sp<String>>,
    /// Corpus case ids (text).
    pub cases: Vec<String>,
    /// Why no corpus case asks the engine what it describes (see `findings::KINDS_WITHOUT_CASES`).
    pub no_cases: Option<Sp<String>>,
    /// The lint check that must also find it.
    pub check: Option<Sp<String>>,
    pub span: Span,
}

/// Everything one policy file declares.
#[derive(Clone, Debug, Default)]
pub struct PolicyFile {
    pub entries: Vec<EntryDecl>,
    pub notice: Option<NoticeDecl>,
    pub activities: Vec<ActivityDecl>,
    pub rules: Vec<RuleDecl>,
    pub retentions: Vec<RetentionDecl>,
    pub findings_header: Option<FindingsDecl>,
    pub findings: Vec<FindingDecl>,
}
