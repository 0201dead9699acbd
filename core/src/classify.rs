//! Classifying a form field or a table column to a data category, from its label or name and,
//! for a column, a sample of its values.
//!
//! Form builders (WASM) and export gates (Python) both need "which category does the field
//! 'Your e-mail' or the column `date_of_birth` collect?". The answer must be deterministic
//! and explainable, so this is no model:
//!
//! 1. the name is split the way schemas write names (snake, kebab, camel, Pascal, dotted,
//!    digits, acronyms: `FSMeligible` is "fsm eligible", `NCyearActual` "nc year actual"),
//!    joined lower-case words are split on known words (`mobileno`), and plurals are folded;
//! 2. abbreviations are read out (`tel`, `dob`, `nino`, `upn`, ...), from the lexicon;
//! 3. the words are matched against the category names of the policy set (labels, aliases,
//!    ids) and the lexicon's terms;
//! 4. special category and criminal offence matches come first: if any fits, no ordinary
//!    category is given; qualifiers ("employer", "parent", "GP") say the column describes
//!    another party, so the person's own categories they qualify are set aside; the first
//!    segment of a dotted path (`Observation.code`) may name what the row describes;
//! 5. the best fit wins (more words, then a policy name over a lexicon term, then the more
//!    specific of a parent and its child); two different categories fitting equally give no
//!    category, with both listed as candidates;
//! 6. a sample of values, when given, is run through the recognisers (`recognise.rs`): they
//!    classify a column whose name says nothing, confirm its name, or overrule an ordinary
//!    one; never a special category or criminal offence name.
//!
//! Every answer lists what decided it: the words (and which abbreviation, term, name or
//! qualifier they matched) and the share of values a recogniser passed. The lexicon
//! (`core/data/lexicon.toml`) is data a data protection officer extends with a file of the
//! same form (`Classifier::with_lexicons`); docs/classifier.md describes it.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use noticegate_policy::lexicon::{self, Lexicon, LexiconError, LexiconTable};

use crate::model::PolicySet;
use crate::recognise::{self, Kind};
use crate::syntax::VocabKind;

/// The lexicon compiled into core: UK public-sector abbreviations, terms and qualifiers.
pub const BUILTIN_LEXICON: &str = include_str!("../data/lexicon.toml");

/// Names longer than this (bytes) are classified by their first `MAX_NAME` bytes.
pub const MAX_NAME: usize = 512;

/// How a label, name or column was classified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// The category's id, or `None` when unclassified (nothing fits, or two fit equally).
    pub category: Option<String>,
    /// The category's label.
    pub label: Option<String>,
    /// The name (category label, alias, id, or lexicon term) that decided it.
    pub matched_name: Option<String>,
    /// The words of the input that decided it.
    pub matched_words: Vec<String>,
    /// The category is special category data, or, unclassified, a candidate is: a gate must
    /// treat the column as special category data.
    pub special_category: bool,
    /// The same for criminal offence data.
    pub criminal_offence: bool,
    /// Every category that fitted, best first (the answer's own first when there is one).
    pub candidates: Vec<Candidate>,
    /// What decided the answer, in order: words and what they matched, qualifiers, values.
    pub decided_by: Vec<Evidence>,
    /// The recogniser a sample of values passed, if values were given and one did.
    pub values: Option<ValueEvidence>,
}

/// A category that fitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub category: String,
    pub label: String,
    /// The input words that matched it.
    pub words: Vec<String>,
    /// What they matched: `name "Telephone number"`, `term "mobile"`, `qualifier "parent"`,
    /// `values`.
    pub via: String,
    pub special_category: bool,
    pub criminal_offence: bool,
}

/// One thing that decided an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// `abbreviation`, `name`, `term`, `qualifier`, `special_first`, `tie`, `values`, `frame`
    /// (the table the column was read in: `frame_context`).
    pub kind: String,
    /// The input words concerned (empty for values).
    pub words: Vec<String>,
    pub detail: String,
}

/// What a sample of values was recognised as (never the values themselves).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueEvidence {
    pub recogniser: Kind,
    pub matched: u32,
    pub sampled: u32,
    /// The category the recogniser implies in this policy set, if any.
    pub category: Option<String>,
}

/// A value of a column's sample, as a data frame holds it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sample<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// Why a name, a sample or a lexicon could not be classified or read. `code` is stable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ClassifyError {
    /// `invalid_utf8`, `mixed_types`, `lexicon_syntax`, `lexicon_entry`.
    pub code: String,
    pub message: String,
}

impl ClassifyError {
    fn new(code: &str, message: impl Into<String>) -> ClassifyError {
        ClassifyError { code: code.into(), message: message.into() }
    }
}

/// Splits a label or identifier into lower-case words on spaces, punctuation, `_`, `-`, `.`,
/// camelCase boundaries and letter-digit boundaries ("dateOfBirth" -> date, of, birth;
/// "ks2" -> ks, 2). Acronyms joined to a word split before the word's capital ("IPAddress" ->
/// ip, address); `Classifier::words` also knows the lexicon, so "SENprovision" -> sen,
/// provision.
pub fn words(text: &str) -> Vec<String> {
    split(text, &|_| false)
}

fn split(text: &str, known: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for run in text.split(|c: char| !c.is_alphanumeric()) {
        if run.is_empty() {
            continue;
        }
        let chars: Vec<char> = run.chars().collect();
        let n = chars.len();
        let upper = |i: usize| chars[i].is_uppercase();
        let digit = |i: usize| chars[i].is_numeric();
        let lower = |i: usize| !chars[i].is_uppercase() && !chars[i].is_numeric();
        let word = |a: usize, b: usize| -> String { chars[a..b].iter().flat_map(|c| c.to_lowercase()).collect() };
        let mut i = 0;
        while i < n {
            if digit(i) {
                let mut j = i;
                while j < n && digit(j) {
                    j += 1;
                }
                out.push(word(i, j));
                i = j;
            } else if upper(i) {
                let mut j = i;
                while j < n && upper(j) {
                    j += 1;
                }
                if j < n && lower(j) {
                    let mut k = j;
                    while k < n && lower(k) {
                        k += 1;
                    }
                    if j - i == 1 {
                        out.push(word(i, k));
                    } else {
                        // "FSMeligible": the acronym is FSM and the word eligible, or the acronym
                        // is FS and the word Meligible; the reading with more known parts wins,
                        // the usual camelCase reading (IPAddress) on a tie.
                        let score = |a: &str, b: &str| known(a) as u8 + known(b) as u8;
                        let (whole, rest) = (word(i, j), word(j, k));
                        let (short, longer) = (word(i, j - 1), word(j - 1, k));
                        let (a, b) = (score(&whole, &rest), score(&short, &longer));
                        if a > b || (a == b && known(&whole)) {
                            out.push(whole);
                            out.push(rest);
                        } else {
                            out.push(short);
                            out.push(longer);
                        }
                    }
                    i = k;
                } else {
                    out.push(word(i, j));
                    i = j;
                }
            } else {
                let mut j = i;
                while j < n && lower(j) {
                    j += 1;
                }
                out.push(word(i, j));
                i = j;
            }
        }
    }
    out
}

/// Folds a word's plural: "allergies" -> "allergy", "names" -> "name"; "address", "status",
/// "diagnosis" stay.
fn stem(w: &str) -> String {
    if w.len() > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

/// Words of form labels that say nothing about what is collected.
/// Words naming a person (the patient, the pupil, the school's head). With `NAME_PARTS` they make
/// "X name" a person's name; any other word directly before "name" ("Event name", "Diocese
/// (name)") or after "name of" ("Name of school") makes it the name of a thing, so the bare word
/// "name" does not decide. Alone they say a column is about a person (frame context).
pub(crate) const PERSON_NOUNS: &[&str] = &[
    "patient", "person", "pupil", "student", "child", "learner", "customer", "client", "user", "member", "applicant", "contact",
    "head", "teacher", "staff", "employee", "attendee", "resident", "tenant", "claimant", "participant", "candidate", "individual",
    "human", "baby", "adult", "young", "people", "citizen", "holder", "recipient", "elector", "voter", "borrower", "patron", "officer",
    "volunteer", "donor", "owner", "beneficiary", "supporter", "worker", "guardian",
];

/// Words of a person's name or its kind ("first name", "maiden name", "their name").
const NAME_PARTS: &[&str] = &[
    "legal", "known", "preferred", "other", "previous", "former", "maiden", "middle", "full", "first", "last", "given", "family", "sur",
    "fore", "their", "his", "her", "alternate", "alternative", "display", "birth", "nick", "christian", "married",
];

pub(crate) const STOP_WORDS: &[&str] =
    &["your", "you", "what", "is", "the", "a", "an", "please", "enter", "give", "tell", "us", "my", "our", "do", "have", "are", "if", "any", "s", "current", "this"];

/// A word as read (stemmed, abbreviations read out), with the span of input words it came from.
type Token = (String, usize, usize);

/// Where a phrase comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Via {
    /// A category's label, alias or id in the policy set.
    Name,
    /// A lexicon term.
    Term,
    /// A lexicon qualifier.
    Qualifier,
}

/// A phrase to find in the words of an input.
#[derive(Clone, Debug)]
struct Phrase {
    words: Vec<String>,
    /// The words before plurals are folded: an exact match outranks a folded one.
    raw: Vec<String>,
    display: String,
    via: Via,
    /// The category (resolved in the policy set); `None` for a qualifier without one.
    category: Option<u32>,
    /// A term naming a special category or criminal offence id that this set lacks.
    unresolved_sensitive: Option<(bool, bool)>,
    /// A lexicon entity: it counts only as the whole first segment of a dotted path
    /// (`Observation.code`, `location.latitude`), where it names what the row describes.
    path_head: bool,
}

/// A phrase found in an input, with the span of input words it covers.
struct Match<'c> {
    phrase: &'c Phrase,
    len: usize,
    /// The input words it covers (for the answer's evidence).
    from: usize,
    to: usize,
    /// The words, after abbreviations are read out, it covers: an abbreviation read as several
    /// words ("MC_DOB": mother, child, date of birth) holds several phrases side by side.
    start: usize,
    end: usize,
    exact: bool,
    /// The bare word "name" qualified by a thing ("Event name"): a candidate only.
    thing_name: bool,
}

/// An abbreviation: its forms, as words, and what they mean.
#[derive(Clone, Debug)]
struct Abbreviation {
    form: Vec<String>,
    display: String,
    means: Vec<String>,
    means_raw: Vec<String>,
    means_display: String,
}

/// The category names and the lexicon, prepared once per policy set: phrases indexed by their
/// first word, so an input is classified by a few hash look-ups, not a pass over every name.
#[derive(Clone, Debug, Default)]
pub struct Classifier {
    phrases: Vec<Phrase>,
    by_first_word: FxHashMap<String, Vec<usize>>,
    abbreviations: Vec<Abbreviation>,
    abbreviations_by_first: FxHashMap<String, Vec<usize>>,
    /// Every word of a name, term, qualifier or abbreviation: splits acronyms and joined words.
    known: FxHashSet<String>,
    /// Words that alone name a special category or criminal offence data ("ethnic", "religion"):
    /// a joined word starting with one is split off its unknown tail (`segment_before_tail`).
    sensitive_words: FxHashSet<String>,
    /// Recogniser kinds to categories of this set.
    recognised: FxHashMap<Kind, u32>,
    /// The lexicon's `[[row]]` kinds, read: what a table's key columns say a row describes.
    pub(crate) rows: Vec<crate::frame_context::RowKey>,
}

impl From<LexiconError> for ClassifyError {
    fn from(e: LexiconError) -> ClassifyError {
        ClassifyError::new(e.code, e.message)
    }
}

fn parse_lexicon(text: &str) -> Result<Lexicon, ClassifyError> {
    Ok(lexicon::parse(text)?)
}

/// The built-in lexicon, read by `build.rs` (`lexicon.bin`, empty when it did not read).
static BUILTIN_LEXICON_SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin"));

/// The built-in lexicon as `build.rs` read it; when it did not read there, read here, so its
/// error is reported (a build without the `load` feature has no TOML reader: it says so).
fn builtin_lexicon() -> Result<Lexicon, ClassifyError> {
    match lexicon::decode(BUILTIN_LEXICON_SNAPSHOT) {
        Ok(lex) if !BUILTIN_LEXICON_SNAPSHOT.is_empty() => Ok(lex),
        _ => builtin_lexicon_from_text(),
    }
}

#[cfg(feature = "load")]
fn builtin_lexicon_from_text() -> Result<Lexicon, ClassifyError> {
    parse_lexicon(BUILTIN_LEXICON)
}

#[cfg(not(feature = "load"))]
fn builtin_lexicon_from_text() -> Result<Lexicon, ClassifyError> {
    Err(ClassifyError::new("lexicon_syntax", "the built-in lexicon did not read when this library was built (core/data/lexicon.toml)"))
}

/// Reads a lexicon file (the built-in one or an extension) and reports its first error.
pub fn check_lexicon(text: &str) -> Result<(), ClassifyError> {
    parse_lexicon(text).map(|_| ())
}

impl Classifier {
    /// The classifier of a policy set with the built-in lexicon.
    pub fn new(set: &PolicySet) -> Classifier {
        let builtin = builtin_lexicon().expect("the built-in lexicon is checked by the tests");
        Classifier::from_lexicons(set, vec![(builtin, true)]).expect("the built-in lexicon names no category a set must have")
    }

    /// The classifier of a policy set with the built-in lexicon and the given extensions
    /// (lexicon files' texts). A category an extension names must exist in the set.
    pub fn with_lexicons(set: &PolicySet, extensions: &[&str]) -> Result<Classifier, ClassifyError> {
        let mut lexicons = vec![(builtin_lexicon()?, true)];
        for text in extensions {
            lexicons.push((parse_lexicon(text)?, false));
        }
        Classifier::from_lexicons(set, lexicons)
    }

    /// The classifier of a policy set with these lexicons read (each marked built-in or not).
    fn from_lexicons(set: &PolicySet, lexicons: Vec<(Lexicon, bool)>) -> Result<Classifier, ClassifyError> {
        let table = set.vocab.table(VocabKind::Category);
        let mut c = Classifier::default();
        let prepare = |text: &str| -> Vec<String> { split(text, &|_| false).iter().map(|w| stem(w)).collect() };
        let raw = |text: &str| -> Vec<String> { split(text, &|_| false) };
        // Every name of every category: label, aliases, whole id, and the id's last segment when
        // it has several words (a one-word segment such as `status` or `records` says too little).
        for (i, e) in table.entries.iter().enumerate() {
            let last = e.id.rsplit('.').next().unwrap_or(&e.id);
            let mut names: Vec<&str> = std::iter::once(e.label.as_str()).chain(e.aliases.iter().map(String::as_str)).collect();
            if last.contains('_') {
                names.push(last);
            }
            for name in names {
                let w = prepare(name);
                if !w.is_empty() {
                    c.phrases.push(Phrase { words: w, raw: raw(name), display: name.to_string(), via: Via::Name, category: Some(i as u32), unresolved_sensitive: None, path_head: false });
                }
            }
        }
        for (lex, is_builtin) in &lexicons {
            for (forms, means) in &lex.abbreviations {
                for form in forms {
                    let f = prepare(form);
                    if !f.is_empty() {
                        c.abbreviations.push(Abbreviation { form: f, display: form.clone(), means: prepare(means), means_raw: raw(means), means_display: means.clone() });
                    }
                }
            }
            for (words, category, from_table) in &lex.phrases {
                let (resolved, unresolved_sensitive) = match category {
                    None => (None, None),
                    Some(id) => match resolve_id(set, id) {
                        Some(i) => (Some(i), None),
                        // The built-in lexicon names the built-in set's categories; another set may
                        // lack them: a special or criminal term still marks its column as such.
                        None if *is_builtin => {
                            let s = (id.starts_with("special"), id.starts_with("criminal"));
                            if s == (false, false) {
                                continue;
                            }
                            (None, Some(s))
                        }
                        None => return Err(ClassifyError::new("lexicon_entry", format!("the lexicon names category `{id}`, which the policy set does not have"))),
                    },
                };
                for w in words {
                    let p = prepare(w);
                    if !p.is_empty() {
                        // An entity with a category reads as a term, without one as a qualifier.
                        let via = match (from_table, resolved.is_some() || unresolved_sensitive.is_some()) {
                            (LexiconTable::Qualifier, _) | (LexiconTable::Entity, false) => Via::Qualifier,
                            _ => Via::Term,
                        };
                        let path_head = *from_table == LexiconTable::Entity;
                        c.phrases.push(Phrase { words: p, raw: raw(w), display: w.clone(), via, category: resolved, unresolved_sensitive, path_head });
                    }
                }
            }
        }
        for (i, p) in c.phrases.iter().enumerate() {
            c.by_first_word.entry(p.words[0].clone()).or_default().push(i);
            c.known.extend(p.words.iter().cloned());
            let sensitive = match p.category {
                Some(i) => table.entries[i as usize].special_category || table.entries[i as usize].criminal_offence,
                None => p.unresolved_sensitive.is_some(),
            };
            if sensitive && p.words.len() == 1 && p.via != Via::Qualifier {
                c.sensitive_words.insert(p.words[0].clone());
            }
        }
        for (i, a) in c.abbreviations.iter().enumerate() {
            c.abbreviations_by_first.entry(a.form[0].clone()).or_default().push(i);
            c.known.extend(a.form.iter().cloned());
            c.known.extend(a.means.iter().cloned());
        }
        for kind in Kind::ALL {
            if let Some(i) = kind.category().and_then(|id| resolve_id(set, id)) {
                c.recognised.insert(kind, i);
            }
        }
        c.rows = crate::frame_context::read_rows(&c, set, lexicons.iter().flat_map(|(lex, _)| &lex.rows));
        Ok(c)
    }

    fn is_known(&self, w: &str) -> bool {
        self.known.contains(w) || self.known.contains(&stem(w))
    }

    /// Splits a label or name into words as `words` does, also splitting acronyms and joined
    /// lower-case words on the words this classifier knows ("SENprovision" -> sen, provision;
    /// "mobileno" -> mobile, no).
    pub fn words(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for w in split(text, &|w| self.is_known(w)) {
            if w.len() >= 6 && !self.is_known(&w) && w.bytes().all(|b| b.is_ascii_lowercase()) {
                if let Some(parts) = self.segment(&w).or_else(|| self.segment_before_tail(&w)) {
                    out.extend(parts);
                    continue;
                }
            }
            out.push(w);
        }
        out
    }

    /// Splits a joined lower-case word that ends in a short part this classifier does not know,
    /// after known words (five letters at least, each of four at least) of which one alone names
    /// a special category or criminal offence data: "ethnicbuy" -> ethnic, buy (DLUHC CORE's
    /// second buyer's `ethnicbuy2`). The tail stays a word of its own and matches nothing. Only
    /// a sensitive head is split off: an ordinary one ("imagealt", Moodle's image alt text)
    /// would be a guess that gives a category, where the split here can only block. A tail that
    /// is an English suffix ("accountant", "statement") says the whole is one word.
    fn segment_before_tail(&self, w: &str) -> Option<Vec<String>> {
        const SUFFIXES: &[&str] = &[
            "able", "age", "al", "ally", "ance", "ant", "ary", "ate", "ated", "ates", "ating", "ed", "ee", "ees", "ence", "ent", "er", "ers",
            "ery", "es", "est", "ful", "hood", "ial", "ian", "ible", "ic", "ics", "ing", "ings", "ion", "ions", "ise", "ised", "ism",
            "ist", "ists", "ity", "ive", "ize", "ized", "less", "ly", "ment", "ness", "or", "ors", "ory", "ous", "ship", "ty", "ward",
        ];
        let n = w.len();
        for tail in 2..=4usize.min(n.saturating_sub(5)) {
            let (head, rest) = w.split_at(n - tail);
            if SUFFIXES.contains(&rest) || self.is_known(rest) {
                continue;
            }
            let parts = if self.is_known(head) { Some(vec![head.to_string()]) } else { self.segment(head) };
            let sensitive = |p: &Vec<String>| p.iter().any(|w| self.sensitive_words.contains(&stem(w)));
            if let Some(mut parts) = parts.filter(|p| p.iter().all(|p| p.len() >= 4) && sensitive(p)) {
                parts.push(rest.to_string());
                return Some(parts);
            }
        }
        None
    }

    /// Splits a joined lower-case word into the fewest known words (at most four, each of at
    /// least two letters), or `None`.
    fn segment(&self, w: &str) -> Option<Vec<String>> {
        let n = w.len();
        // best[i]: fewest parts covering w[..i], and where the last part starts.
        let mut best: Vec<Option<(u8, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for end in 2..=n {
            for start in 0..end.saturating_sub(1) {
                let Some((parts, _)) = best[start] else { continue };
                if parts < 4 && self.is_known(&w[start..end]) && best[end].is_none_or(|(p, _)| parts + 1 < p) {
                    best[end] = Some((parts + 1, start));
                }
            }
        }
        best[n]?;
        let mut out = Vec::new();
        let mut end = n;
        while end > 0 {
            let (_, start) = best[end]?;
            out.push(w[start..end].to_string());
            end = start;
        }
        out.reverse();
        (out.len() > 1).then_some(out)
    }

    /// How many input words the first segment of a dotted path (`table.field`) has, if the
    /// name is one.
    pub(crate) fn path_head_words(&self, text: &str) -> Option<usize> {
        if text.chars().any(char::is_whitespace) {
            return None;
        }
        let mut segments = text.split('.');
        let head = segments.next()?;
        segments.next().filter(|s| !s.is_empty())?;
        let n = self.words(head).len();
        (n > 0).then_some(n)
    }

    /// The input words with abbreviations read out and stop words dropped, each token with the
    /// span of input words it came from (`input` are `words`' output); the raw form of each
    /// token beside it, and an `abbreviation` evidence per abbreviation read.
    fn read_tokens(&self, input: &[String], evidence: &mut Vec<Evidence>) -> (Vec<Token>, Vec<String>) {
        let mut tokens: Vec<Token> = Vec::new();
        let mut raw_tokens: Vec<String> = Vec::new();
        let stems: Vec<String> = input.iter().map(|w| stem(w)).collect();
        let mut i = 0;
        while i < stems.len() {
            if STOP_WORDS.contains(&stems[i].as_str()) {
                i += 1;
                continue;
            }
            let mut best: Option<&Abbreviation> = None;
            for &a in self.abbreviations_by_first.get(&stems[i]).into_iter().flatten() {
                let a = &self.abbreviations[a];
                if stems[i..].starts_with(&a.form) && best.is_none_or(|b| a.form.len() > b.form.len()) {
                    best = Some(a);
                }
            }
            match best {
                Some(a) => {
                    let end = i + a.form.len();
                    evidence.push(Evidence {
                        kind: "abbreviation".into(),
                        words: input[i..end].to_vec(),
                        detail: format!("\"{}\" read as \"{}\"", a.display, a.means_display),
                    });
                    tokens.extend(a.means.iter().map(|m| (m.clone(), i, end)));
                    raw_tokens.extend(a.means_raw.iter().cloned());
                    i = end;
                }
                None => {
                    tokens.push((stems[i].clone(), i, i + 1));
                    raw_tokens.push(input[i].clone());
                    i += 1;
                }
            }
        }
        (tokens, raw_tokens)
    }

    /// The words a name is read as: split, plurals folded, abbreviations read out, stop words
    /// dropped ("NHS_No" -> nhs, number). Two names read alike name the same column.
    pub(crate) fn reading(&self, text: &str) -> Vec<String> {
        self.read_tokens(&self.words(truncate(text)), &mut Vec::new()).0.into_iter().map(|t| t.0).collect()
    }

    /// Classifies one label or name (no values).
    pub fn classify(&self, set: &PolicySet, text: &str) -> Classification {
        self.classify_inner(set, text, None)
    }

    /// Classifies a name given as bytes: a name that is not UTF-8 is an error, never a guess.
    pub fn classify_bytes(&self, set: &PolicySet, name: &[u8]) -> Result<Classification, ClassifyError> {
        match std::str::from_utf8(name) {
            Ok(text) => Ok(self.classify(set, text)),
            Err(e) => Err(ClassifyError::new(
                "invalid_utf8",
                format!("the name is not UTF-8 (invalid byte at offset {}); rename the column or read it with its encoding", e.valid_up_to()),
            )),
        }
    }

    /// Classifies a column from its name and a sample of its values. Text values mixed with
    /// numbers or booleans are an error (`mixed_types`): such a column cannot be read
    /// reliably, so the caller must clean it or treat it as unclassified.
    pub fn classify_column(&self, set: &PolicySet, name: &str, values: &[Sample<'_>]) -> Result<Classification, ClassifyError> {
        let (mut text, mut number, mut boolean) = (0usize, 0usize, 0usize);
        for v in values {
            match v {
                Sample::Null => {}
                Sample::Text(s) if recognise::is_blank(s) => {}
                Sample::Text(_) => text += 1,
                Sample::Int(_) | Sample::Float(_) => number += 1,
                Sample::Bool(_) => boolean += 1,
            }
        }
        let kinds = (text > 0) as u8 + (number > 0) as u8 + (boolean > 0) as u8;
        if kinds > 1 {
            return Err(ClassifyError::new(
                "mixed_types",
                format!("column \"{}\" mixes types in its sample ({text} text, {number} numbers, {boolean} booleans); give one type per column", truncate(name)),
            ));
        }
        let found = if boolean > 0 || text + number == 0 {
            None
        } else if number > 0 {
            let rendered: Vec<String> = values
                .iter()
                .filter_map(|v| match v {
                    Sample::Int(i) => Some(i.to_string()),
                    Sample::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
                    Sample::Float(f) => Some(f.to_string()),
                    _ => None,
                })
                .collect();
            recognise::recognise_column(rendered.iter().map(String::as_str), number)
        } else {
            let texts = values.iter().filter_map(|v| match v {
                Sample::Text(s) => Some(*s),
                _ => None,
            });
            recognise::recognise_column(texts, text)
        };
        Ok(self.classify_inner(set, name, Some(found)))
    }

    fn classify_inner(&self, set: &PolicySet, text: &str, values: Option<Option<recognise::ColumnMatch>>) -> Classification {
        let table = set.vocab.table(VocabKind::Category);
        let text = truncate(text);
        let input = self.words(text);
        let mut evidence = Vec::new();

        let (tokens, raw_tokens) = self.read_tokens(&input, &mut evidence);

        // Every phrase found, with the span of input words it covers.
        let words: Vec<&str> = tokens.iter().map(|t| t.0.as_str()).collect();
        let mut matches: Vec<Match<'_>> = Vec::new();
        for start in 0..words.len() {
            for &p in self.by_first_word.get(words[start]).into_iter().flatten() {
                let p = &self.phrases[p];
                if words[start..].starts_with(&p.words.iter().map(String::as_str).collect::<Vec<_>>()) {
                    let end = start + p.words.len();
                    let exact = raw_tokens[start..end] == p.raw[..];
                    let thing_name = p.raw == ["name"] && {
                        let content = |t: &(String, usize, usize)| {
                            !PERSON_NOUNS.contains(&t.0.as_str()) && !NAME_PARTS.contains(&t.0.as_str()) && !t.0.bytes().all(|b| b.is_ascii_digit())
                        };
                        // The word directly before (no stop word between, so "your name" stays a person's name).
                        let before = start > 0 && tokens[start - 1].2 == tokens[start].1 && content(&tokens[start - 1]);
                        let of_thing = words.get(end) == Some(&"of") && tokens.get(end + 1).is_some_and(|t| content(t));
                        before || of_thing
                    };
                    matches.push(Match { phrase: p, len: p.words.len(), from: tokens[start].1, to: tokens[end - 1].2, start, end, exact, thing_name });
                }
            }
        }
        // A dotted path's first segment names what the row describes: a lexicon entity there
        // decides what those words mean ("location.latitude" is a place's, "Procedure.code" a
        // clinical procedure's); anywhere else an entity does not count.
        let head = self.path_head_words(text);
        matches.retain(|m| !m.phrase.path_head || (m.from == 0 && Some(m.to) == head));
        if let Some(head) = head.filter(|_| matches.iter().any(|m| m.phrase.path_head)) {
            matches.retain(|m| m.phrase.path_head || m.from >= head);
        }
        let flags = |p: &Phrase| -> (bool, bool) {
            match (p.category, p.unresolved_sensitive) {
                (Some(c), _) => (table.entries[c as usize].special_category, table.entries[c as usize].criminal_offence),
                (None, Some(s)) => s,
                (None, None) => (false, false),
            }
        };
        let sensitive = |p: &Phrase| -> bool {
            let (s, c) = flags(p);
            s || c
        };
        let via_text = |p: &Phrase| -> String {
            match p.via {
                Via::Name => format!("name \"{}\"", p.display),
                Via::Term => format!("term \"{}\"", p.display),
                Via::Qualifier => format!("qualifier \"{}\"", p.display),
            }
        };
        let candidate_of = |m: &Match<'_>| -> Option<Candidate> {
            let c = m.phrase.category?;
            let e = &table.entries[c as usize];
            Some(Candidate {
                category: e.id.clone(),
                label: e.label.clone(),
                words: input[m.from..m.to].to_vec(),
                via: via_text(m.phrase),
                special_category: e.special_category,
                criminal_offence: e.criminal_offence,
            })
        };
        let mut all_candidates: Vec<Candidate> = Vec::new();
        let push_candidate = |c: Candidate, list: &mut Vec<Candidate>| {
            if !list.iter().any(|x| x.category == c.category) {
                list.push(c);
            }
        };

        // Special category and criminal offence matches first, unless a longer ordinary
        // phrase contains every word of one: that phrase names something else ("health
        // visitor" is a person, a "card fingerprint" a hash of a card number).
        let contained = |m: &Match<'_>| matches.iter().any(|o| o.len > m.len && o.start <= m.start && m.end <= o.end && !sensitive(o.phrase));
        let is_sensitive = |m: &Match<'_>| sensitive(m.phrase) && !contained(m);
        let any_sensitive = matches.iter().any(is_sensitive);
        let mut pool: Vec<&Match<'_>> = Vec::new();
        let mut qualified_out: Vec<&Match<'_>> = Vec::new();
        let mut qualifier_without_category: Option<&Match<'_>> = None;
        if any_sensitive {
            pool.extend(matches.iter().filter(|m| is_sensitive(m)));
            let words: Vec<String> = pool.iter().flat_map(|m| input[m.from..m.to].iter().cloned()).collect();
            evidence.push(Evidence {
                kind: "special_first".into(),
                words,
                detail: "special category or criminal offence words: no ordinary category is given".into(),
            });
        } else {
            let qualifiers: Vec<&Match<'_>> = matches.iter().filter(|m| m.phrase.via == Via::Qualifier).collect();
            // The longest qualifier speaks for the column ("parent carer" over "carer").
            let qualifiers: Vec<&Match<'_>> = qualifiers
                .iter()
                .filter(|q| !qualifiers.iter().any(|o| o.len > q.len && o.start <= q.start && q.end <= o.end))
                .filter(|q| !counts_one_persons_events(q, &words, &matches))
                .copied()
                .collect();
            let flag = flag_span(&words).filter(|_| matches.iter().any(|m| m.phrase.via != Via::Qualifier));
            if let Some((a, b)) = flag {
                let (from, to) = (tokens[a].1, tokens[b - 1].2);
                evidence.push(Evidence {
                    kind: "flag".into(),
                    words: input[from..to].to_vec(),
                    detail: "a flag about the detail (verified, opted out, do not contact), not the detail itself: unclassified".into(),
                });
            }
            for m in &matches {
                if m.thing_name || (flag.is_some() && m.phrase.via != Via::Qualifier) {
                    qualified_out.push(m);
                    continue;
                }
                if m.phrase.via == Via::Qualifier {
                    if qualifiers.iter().any(|q| std::ptr::eq(*q, m)) {
                        if m.phrase.category.is_some() {
                            pool.push(m);
                        } else {
                            qualifier_without_category = Some(m);
                        }
                    }
                    continue;
                }
                // A name qualified by another party is kept only if the name itself says so
                // ("Employer address" is a category of its own; "employer name" is not the person's name).
                let covers_qualifier = |q: &&Match<'_>| m.start <= q.start && q.end <= m.end;
                if qualifiers.is_empty() || qualifiers.iter().any(covers_qualifier) {
                    pool.push(m);
                } else {
                    qualified_out.push(m);
                }
            }
            for q in &qualifiers {
                let what = match q.phrase.category {
                    Some(c) => format!("the column describes another party; read as {}", table.entries[c as usize].label),
                    None => "the column describes another party or an aggregate, not the person: unclassified".to_string(),
                };
                evidence.push(Evidence { kind: "qualifier".into(), words: input[q.from..q.to].to_vec(), detail: format!("\"{}\": {what}", q.phrase.display) });
            }
        }

        // Best fit: most words, then a policy name over a lexicon term; a parent gives way to its
        // child; two others fitting equally give no category.
        let key = |m: &Match<'_>| (m.len, m.exact as u8, (m.phrase.via == Via::Name) as u8);
        let mut ranked: Vec<&Match<'_>> = pool.clone();
        ranked.sort_by(|a, b| key(b).cmp(&key(a)));
        let mut unresolved_flags = (false, false);
        for m in &ranked {
            if let Some(c) = candidate_of(m) {
                push_candidate(c, &mut all_candidates);
            } else if let Some(s) = m.phrase.unresolved_sensitive {
                unresolved_flags = (unresolved_flags.0 || s.0, unresolved_flags.1 || s.1);
            }
        }
        for m in &qualified_out {
            if let Some(c) = candidate_of(m) {
                push_candidate(c, &mut all_candidates);
            }
        }
        let mut winner: Option<&Match<'_>> = None;
        let mut tie: Vec<&Match<'_>> = Vec::new();
        if let Some(top) = ranked.first() {
            let best_key = key(top);
            let mut top: Vec<&Match<'_>> = ranked.iter().copied().filter(|m| key(m) == best_key && m.phrase.category.is_some()).collect();
            // A parent gives way to its child.
            let is_ancestor = |a: u32, b: u32| -> bool {
                let mut cur = table.entries[b as usize].parent;
                while let Some(p) = cur {
                    if p == a {
                        return true;
                    }
                    cur = table.entries[p as usize].parent;
                }
                false
            };
            let cats: Vec<u32> = top.iter().filter_map(|m| m.phrase.category).collect();
            top.retain(|m| {
                let c = m.phrase.category.unwrap();
                !cats.iter().any(|&o| o != c && is_ancestor(c, o))
            });
            let mut distinct: Vec<u32> = top.iter().filter_map(|m| m.phrase.category).collect();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() == 1 && !ranked.iter().any(|m| key(m) == best_key && m.phrase.category.is_none()) {
                winner = top.first().copied();
            } else {
                tie = top;
            }
        }

        let mut out = Classification {
            category: None,
            label: None,
            matched_name: None,
            matched_words: Vec::new(),
            special_category: false,
            criminal_offence: false,
            candidates: Vec::new(),
            decided_by: Vec::new(),
            values: None,
        };
        match winner {
            Some(m) => {
                let c = m.phrase.category.unwrap();
                let e = &table.entries[c as usize];
                out.category = Some(e.id.clone());
                out.label = Some(e.label.clone());
                out.matched_name = Some(m.phrase.display.clone());
                out.matched_words = input[m.from..m.to].to_vec();
                evidence.push(Evidence {
                    kind: match m.phrase.via {
                        Via::Name => "name",
                        Via::Term => "term",
                        Via::Qualifier => "qualifier",
                    }
                    .into(),
                    words: out.matched_words.clone(),
                    detail: format!("{} -> {}", via_text(m.phrase), e.id),
                });
            }
            None if !tie.is_empty() => {
                let ids: Vec<String> = tie.iter().filter_map(|m| candidate_of(m)).map(|c| c.category).collect::<Vec<_>>();
                let mut ids_dedup = ids.clone();
                ids_dedup.dedup();
                evidence.push(Evidence {
                    kind: "tie".into(),
                    words: tie.iter().flat_map(|m| input[m.from..m.to].iter().cloned()).collect(),
                    detail: format!("these fit equally, so no category: {}", ids_dedup.join(", ")),
                });
            }
            None => {}
        }
        let _ = qualifier_without_category;
        out.candidates = all_candidates;
        // The answer's own category first.
        if let Some(id) = &out.category {
            if let Some(pos) = out.candidates.iter().position(|c| &c.category == id) {
                let c = out.candidates.remove(pos);
                out.candidates.insert(0, c);
            }
        }

        // Values: classify, confirm or overrule.
        if let Some(found) = values {
            if let Some(found) = found {
                let category = self.recognised.get(&found.kind).copied();
                out.values = Some(ValueEvidence {
                    recogniser: found.kind,
                    matched: found.matched,
                    sampled: found.sampled,
                    category: category.map(|c| table.entries[c as usize].id.clone()),
                });
                let detail = format!("{} of {} sampled values are {}", found.matched, found.sampled, found.kind.describe());
                let name_sensitive = out.category.is_some() && (any_sensitive)
                    || out.category.is_none() && (any_sensitive || unresolved_flags != (false, false));
                match category {
                    Some(vc) => {
                        let ve = &table.entries[vc as usize];
                        let value_candidate = Candidate {
                            category: ve.id.clone(),
                            label: ve.label.clone(),
                            words: Vec::new(),
                            via: "values".into(),
                            special_category: ve.special_category,
                            criminal_offence: ve.criminal_offence,
                        };
                        if name_sensitive {
                            evidence.push(Evidence { kind: "values".into(), words: Vec::new(), detail: format!("{detail}; the name's special category or criminal offence reading stands") });
                            push_candidate(value_candidate, &mut out.candidates);
                        } else {
                            let name_cat = out.category.as_ref().and_then(|id| resolve_id(set, id));
                            let related = name_cat.is_some_and(|n| n == vc || is_ancestor_of(set, n, vc) || is_ancestor_of(set, vc, n));
                            let word = if name_cat.is_none() {
                                "classify the column"
                            } else if related {
                                "confirm the name"
                            } else {
                                "overrule the name"
                            };
                            evidence.push(Evidence { kind: "values".into(), words: Vec::new(), detail: format!("{detail}: they {word}") });
                            // The more specific of name and values wins when they agree.
                            let take_values = match name_cat {
                                None => true,
                                Some(n) => !(n == vc || is_ancestor_of(set, vc, n)),
                            };
                            if take_values {
                                out.category = Some(ve.id.clone());
                                out.label = Some(ve.label.clone());
                                out.matched_name = None;
                                out.matched_words = Vec::new();
                            }
                            out.candidates.retain(|c| c.category != ve.id);
                            out.candidates.insert(0, value_candidate);
                            if take_values && name_cat.is_some() {
                                // The name's reading stays listed.
                                if let Some(pos) = out.candidates.iter().position(|c| Some(&c.category) == out.category.as_ref()) {
                                    let c = out.candidates.remove(pos);
                                    out.candidates.insert(0, c);
                                }
                            }
                        }
                    }
                    None => {
                        let confirm = if out.category.is_some() { "consistent with the name" } else { "they name no category by themselves" };
                        evidence.push(Evidence { kind: "values".into(), words: Vec::new(), detail: format!("{detail}: {confirm}") });
                    }
                }
            } else {
                evidence.push(Evidence { kind: "values".into(), words: Vec::new(), detail: "no recogniser passed 90% of the sampled values".into() });
            }
        }

        // Flags: the answer's, or unclassified, any candidate's.
        match &out.category {
            Some(id) => {
                let e = &table.entries[resolve_id(set, id).unwrap() as usize];
                out.special_category = e.special_category;
                out.criminal_offence = e.criminal_offence;
            }
            None => {
                out.special_category = unresolved_flags.0 || out.candidates.iter().any(|c| c.special_category);
                out.criminal_offence = unresolved_flags.1 || out.candidates.iter().any(|c| c.criminal_offence);
            }
        }
        out.decided_by = evidence;
        out
    }
}

/// Words that make a column a flag about a contact detail, not the detail: whether an email
/// address was verified, whether the person opted out of calls (OpenID Connect
/// `email_verified`, Salesforce `HasOptedOutOfEmail` and `DoNotCall`, HubSpot
/// `hs_email_optout`, Shopify "Accepts Email Marketing"). A flag at the end ("email verified")
/// or a verb of consent at the start ("do not call", "opted out of email"); a noun after the
/// flag ("optin ip", Mailchimp's `OPTIN_IP`) is still that noun's data.
const FLAG_ENDS: &[&[&str]] = &[
    &["verified"], &["unverified"], &["confirmed"], &["optout"], &["opt", "out"], &["opted", "out"], &["optin"], &["opt", "in"],
    &["opted", "in"], &["stop"], &["unsubscribed"], &["bounced"], &["marketing"],
];
const FLAG_STARTS: &[&[&str]] = &[
    &["ha", "opted"], &["has", "opted"], &["opted"], &["opt", "out"], &["optout"], &["not"], &["donot"], &["accepts"], &["accept"], &["allow"], &["unsubscribed"],
];

/// The span of `words` that makes the column a flag about a detail (`FLAG_ENDS`, `FLAG_STARTS`),
/// when something else is left for the flag to be about.
fn flag_span(words: &[&str]) -> Option<(usize, usize)> {
    let n = words.len();
    let end = FLAG_ENDS.iter().filter(|f| f.len() < n && words.ends_with(f)).map(|f| (n - f.len(), n)).next();
    end.or_else(|| FLAG_STARTS.iter().filter(|f| f.len() < n && words.starts_with(f)).map(|f| (0, f.len())).next())
}

/// A count ("number of ...") of a category's events or items, not of people, is that category's
/// data about one person: "Number of referrals in the last 12 months" is a child's social care
/// record, "Number of previous child protection plans" too. A count of people ("Number of
/// pupils with SEN", "number of children") stays an aggregate. `words` are the input's words
/// after abbreviations are read out; `matches` every phrase found in them.
fn counts_one_persons_events(q: &Match<'_>, words: &[&str], matches: &[Match<'_>]) -> bool {
    let counting = q.phrase.category.is_none() && q.phrase.raw.last().is_some_and(|w| w == "of");
    if !counting || words.get(q.end).is_some_and(|w| COUNTED_PEOPLE.contains(w)) {
        return false;
    }
    matches.iter().any(|m| m.phrase.via != Via::Qualifier && m.phrase.category.is_some() && m.start >= q.end)
}

/// Words (plurals folded) for people counted in an aggregate: "Number of pupils", "number of boys".
const COUNTED_PEOPLE: &[&str] = &[
    "pupil", "student", "learner", "child", "children", "people", "boy", "girl", "men", "women", "adult", "patient", "staff",
    "employee", "member", "resident", "client", "user", "customer", "applicant", "teacher", "worker", "individual", "household",
    "family", "place", "vacancy", "case",
];

/// A name cut at `MAX_NAME` bytes (on a character boundary).
fn truncate(text: &str) -> &str {
    if text.len() <= MAX_NAME {
        return text;
    }
    let mut end = MAX_NAME;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The category `id`, or its nearest ancestor (by id prefix) that the set has.
fn resolve_id(set: &PolicySet, id: &str) -> Option<u32> {
    let table = set.vocab.table(VocabKind::Category);
    let mut id = id;
    loop {
        if let Some(i) = table.entries.iter().position(|e| e.id == id) {
            return Some(i as u32);
        }
        id = &id[..id.rfind('.')?];
    }
}

fn is_ancestor_of(set: &PolicySet, a: u32, b: u32) -> bool {
    let table = set.vocab.table(VocabKind::Category);
    let mut cur = table.entries[b as usize].parent;
    while let Some(p) = cur {
        if p == a {
            return true;
        }
        cur = table.entries[p as usize].parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_labels_and_identifiers() {
        assert_eq!(words("dateOfBirth"), ["date", "of", "birth"]);
        assert_eq!(words("Your e-mail address"), ["your", "e", "mail", "address"]);
        assert_eq!(words("NI_number"), ["ni", "number"]);
        assert_eq!(words("IPAddress"), ["ip", "address"]);
        assert_eq!(words("address_line_1"), ["address", "line", "1"]);
        assert_eq!(words("addressLine1"), ["address", "line", "1"]);
        assert_eq!(words("Patient.birthDate"), ["patient", "birth", "date"]);
        assert_eq!(words("contact-email"), ["contact", "email"]);
        assert_eq!(words("KS2_APS"), ["ks", "2", "aps"]);
        assert_eq!(words("HTTPStatusCode"), ["http", "status", "code"]);
    }

    #[test]
    fn the_builtin_lexicon_reads() {
        check_lexicon(BUILTIN_LEXICON).unwrap();
    }

    #[test]
    fn the_embedded_lexicon_is_the_lexicon_file_read() {
        assert!(!BUILTIN_LEXICON_SNAPSHOT.is_empty(), "build.rs could not read core/data/lexicon.toml");
        assert_eq!(builtin_lexicon().unwrap(), parse_lexicon(BUILTIN_LEXICON).unwrap());
    }

    #[test]
    fn bad_lexicons_get_coded_errors() {
        assert_eq!(check_lexicon("[[term]]\nwords = [\"x\"]\n").unwrap_err().code, "lexicon_entry");
        assert_eq!(check_lexicon("[[term\n").unwrap_err().code, "lexicon_syntax");
        assert_eq!(check_lexicon("[[synonym]]\nwords=[\"x\"]\nsource=\"s\"\n").unwrap_err().code, "lexicon_entry");
        assert_eq!(check_lexicon("[[abbreviation]]\nforms=[\"x\"]\nsource=\"s\"\n").unwrap_err().code, "lexicon_entry");
        assert_eq!(check_lexicon("[[entity]]\nwords=[\"x\"]\nsource=\"s\"\nmeans=\"y\"\n").unwrap_err().code, "lexicon_entry");
        check_lexicon("[[entity]]\nwords=[\"x\"]\nsource=\"s\"\n").unwrap();
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;
    use crate::Engine;

    fn category(text: &str) -> Option<String> {
        Engine::builtin().classify(text).category
    }

    #[test]
    fn common_form_fields_classify_and_say_why() {
        assert_eq!(category("Email address").as_deref(), Some("contact.email"));
        assert_eq!(category("e-mail").as_deref(), Some("contact.email"));
        assert_eq!(category("Your email address").as_deref(), Some("contact.email"));
        assert_eq!(category("dob").as_deref(), Some("identity.date_of_birth"));
        assert_eq!(category("dateOfBirth").as_deref(), Some("identity.date_of_birth"));
        assert_eq!(category("NI number").as_deref(), Some("identity.national_insurance_number"));
        assert_eq!(category("telephone_number").as_deref(), Some("contact.telephone"));
        let c = Engine::builtin().classify("Your email address");
        assert_eq!(c.matched_words, ["email", "address"]);
    }

    #[test]
    fn longer_phrases_name_what_a_shared_word_does_not() {
        for (name, expected) in [
            ("Expiry date", "financial.payment_card"),
            ("Passport expiry date", "identity.passport"),
            ("Visa expiry date", "personal_history.immigration_status"),
            ("Driving licence expiry date", "business.licences_permits"),
            ("Biometric residence permit number", "personal_history.immigration_status"),
        ] {
            let c = Engine::builtin().classify(name);
            assert_eq!(c.category.as_deref(), Some(expected), "{name}: {:?}", c.decided_by);
        }
        assert!(!Engine::builtin().classify("Biometric residence permit number").special_category);
        // A bare licence's expiry may be a prisoner's licence (HMPPS licenceExpiryDate) or a
        // premises licence: the criminal reading decides, so a gate blocks it.
        assert!(Engine::builtin().classify("Licence expiry date").criminal_offence);
        // Safeguarding terms whose words also name something else ("enquiry", "county").
        for (name, expected) in [
            ("Section 42 enquiry", "social.housing_social_care_needs"),
            ("County lines", "social.housing_social_care_needs"),
            ("Probationary period", "business.employment"),
            ("Probation officer", "criminal_offence"),
            ("FGM", "special.health"),
        ] {
            let c = Engine::builtin().classify(name);
            assert_eq!(c.category.as_deref(), Some(expected), "{name}: {:?}", c.decided_by);
        }
        assert!(Engine::builtin().classify("biometric_template").special_category);
    }

    #[test]
    fn a_flag_about_a_contact_detail_is_not_the_detail() {
        for name in ["email_verified", "phone_number_verified", "HasOptedOutOfEmail", "DoNotCall", "hs_email_optout", "Accepts Email Marketing"] {
            let c = Engine::builtin().classify(name);
            assert_eq!(c.category, None, "{name}: {:?}", c.decided_by);
            assert!(c.decided_by.iter().any(|e| e.kind == "flag") || c.candidates.is_empty(), "{name}: {:?}", c.decided_by);
        }
        // A noun after the flag is that noun's data; a flag about a special category is still one.
        assert_eq!(Engine::builtin().classify("OPTIN_IP").category.as_deref(), Some("technical.ip_address"));
        assert_eq!(Engine::builtin().classify("email").category.as_deref(), Some("contact.email"));
        assert!(Engine::builtin().classify("disability_verified").special_category);
    }

    #[test]
    fn placeholders_for_missing_values_do_not_hide_a_columns_kind() {
        let mut values: Vec<Sample<'_>> = ["07700 900123", "020 7946 0958", "01622 694000", "07700 900456", "07700 900789", "0113 496 0000", "07700 900111", "020 7946 0000"]
            .iter()
            .map(|v| Sample::Text(v))
            .collect();
        values.extend([Sample::Text("N/A"), Sample::Text("not known"), Sample::Text("")]);
        let c = Engine::builtin().classify_column("col_7", &values).unwrap();
        assert_eq!(c.category.as_deref(), Some("contact.telephone"), "{:?}", c.decided_by);
        assert_eq!(c.values.map(|v| (v.matched, v.sampled)), Some((8, 8)));
    }

    #[test]
    fn what_matches_nothing_is_unclassified_not_guessed() {
        for text in ["Favourite colour", "", "xyz", "Comments", "status_code"] {
            let c = Engine::builtin().classify(text);
            assert_eq!(c.category, None, "{text}");
            assert!(c.matched_words.is_empty());
            assert!(c.candidates.is_empty(), "{text}: {:?}", c.candidates);
        }
    }

    #[test]
    fn schema_identifiers_split_and_abbreviations_read_out() {
        let classifier = Classifier::new(Engine::builtin().policy());
        assert_eq!(classifier.words("FSMeligible"), ["fsm", "eligible"]);
        assert_eq!(classifier.words("SENprovision"), ["sen", "provision"]);
        assert_eq!(classifier.words("NCyearActual"), ["nc", "year", "actual"]);
        assert_eq!(classifier.words("mobileno"), ["mobile", "no"]);
        assert_eq!(classifier.words("IPAddress"), ["ip", "address"]);
        // A short unknown tail after known words is split off; an English suffix is not.
        assert_eq!(classifier.words("ethnicbuy2"), ["ethnic", "buy", "2"]);
        assert_eq!(classifier.words("religionbuy2"), ["religion", "buy", "2"]);
        assert_eq!(classifier.words("accountant"), ["accountant"]);
        assert_eq!(classifier.words("statement"), ["statement"]);
        assert_eq!(classifier.words("addressbuy"), ["addressbuy"]);
        assert_eq!(classifier.words("ethnicbuy2").len(), 3);
        let c = Engine::builtin().classify("ethnicbuy2");
        assert_eq!(c.category.as_deref(), Some("special.racial_ethnic_origin"), "{:?}", c.decided_by);
        for (name, expected) in [
            ("tel", "contact.telephone"),
            ("mobile_no", "contact.telephone"),
            ("town", "contact.address"),
            ("Forename", "identity.name"),
            ("SENprovision", "education.sen"),
            ("NHS number", "identity.identifiers.unique_id"),
            ("FSMeligible", "financial.benefit_receipts"),
            ("NCyearActual", "education.year_registration_group"),
            ("birthDate", "identity.date_of_birth"),
            ("address_line_1", "contact.address"),
            ("UPN", "identity.identifiers.unique_id"),
            // Kinds of a person's own name (schema.org alternateName, GOV.UK "other names").
            ("alternateName", "identity.name"),
            ("display_name", "identity.name"),
            ("Married name", "identity.name"),
            ("Christian name", "identity.name"),
            // "person" is a word, not a stop word: "Person ID" is a person's key.
            ("Person ID", "identity.identifiers.unique_id"),
            ("Borrower name", "identity.name"),
            ("The person's name", "identity.name"),
        ] {
            let c = Engine::builtin().classify(name);
            assert_eq!(c.category.as_deref(), Some(expected), "{name}: {:?}", c.decided_by);
            assert!(!c.decided_by.is_empty());
        }
        let c = Engine::builtin().classify("tel");
        assert_eq!(c.decided_by[0].kind, "abbreviation");
        assert_eq!(c.decided_by[0].words, ["tel"]);
    }

    #[test]
    fn special_category_and_criminal_names_never_get_an_ordinary_category() {
        for (name, expected) in [
            ("pregnancy_status", "special.health"),
            ("Ethnicity", "special.racial_ethnic_origin"),
            ("Religion or belief", "special.religious_beliefs"),
            ("Do you have a disability?", "special.health.disabilities"),
            ("Unspent criminal convictions", "criminal_offence"),
            ("trade_union_member", "special.trade_union"),
            ("sexualOrientation", "special.sexual_orientation"),
        ] {
            let c = Engine::builtin().classify(name);
            assert_eq!(c.category.as_deref(), Some(expected), "{name}: {:?}", c.decided_by);
            assert!(c.special_category || c.criminal_offence, "{name}");
        }
        // Two special categories at once: no category, both candidates, and still special.
        let c = Engine::builtin().classify("Ethnicity and religion");
        assert_eq!(c.category, None);
        assert!(c.special_category);
        let ids: Vec<&str> = c.candidates.iter().map(|c| c.category.as_str()).collect();
        assert!(ids.contains(&"special.racial_ethnic_origin") && ids.contains(&"special.religious_beliefs"), "{ids:?}");
        // "Marital or civil partnership status" is marital status, not employment.
        assert_eq!(category("Marital or civil partnership status").as_deref(), Some("identity.marital_status"));
    }

    #[test]
    fn benefits_and_measurements_that_reveal_health_are_never_ordinary() {
        // A disability or sickness benefit reveals a health condition; a blood test result is
        // not an exam result; bail conditions are not a health condition.
        for (name, expected) in [
            ("Attendance Allowance", "special.health.disabilities"),
            ("Employment and Support Allowance", "special.health.disabilities"),
            ("Do you get PIP?", "special.health.disabilities"),
            ("blood_test_result", "special.health"),
            ("bail_conditions", "criminal_offence"),
            ("speech_and_language", "special.health.disabilities"),
        ] {
            let c = Engine::builtin().classify(name);
            assert_eq!(c.category.as_deref(), Some(expected), "{name}: {:?}", c.decided_by);
        }
        assert_eq!(category("Do you get Universal Credit?").as_deref(), Some("financial.benefit_receipts"));
        assert_eq!(category("pulse_survey"), None);
    }

    #[test]
    fn a_longer_ordinary_phrase_that_contains_special_words_names_something_else() {
        // The special word alone is special; inside a phrase naming a thing or a role it is not.
        assert_eq!(category("Fingerprint").as_deref(), Some("special.biometric"));
        assert_eq!(category("Card Fingerprint").as_deref(), Some("financial.payment_card"));
        assert_eq!(category("device_fingerprint").as_deref(), Some("technical.unique_identifier"));
        let visitor = Engine::builtin().classify("Health visitor");
        assert_eq!(visitor.category, None, "{:?}", visitor.decided_by);
        // Unclassified, it is still flagged: the gate treats it as special category data.
        assert!(visitor.special_category);
        // A number assigned for health purposes is data concerning health (UK GDPR recital 35).
        assert_eq!(category("Hospital number").as_deref(), Some("special.health"));
        assert_eq!(category("medical_record_number").as_deref(), Some("special.health"));
        // Special words outside the ordinary phrase still come first.
        assert_eq!(category("Card fingerprint and health condition").as_deref(), Some("special.health"));
    }

    #[test]
    fn qualifiers_keep_another_partys_details_from_the_persons_own_categories() {
        let c = Engine::builtin().classify("Name of your employer");
        assert_eq!(c.category.as_deref(), Some("business.employment"), "{:?}", c.decided_by);
        assert!(c.candidates.iter().any(|x| x.category == "identity.name"), "the person's name stays a listed candidate");
        assert_eq!(category("Employer address").as_deref(), Some("contact.employer_address"));
        assert_eq!(category("Parent email").as_deref(), Some("identity.family_details"));
        let gp = Engine::builtin().classify("GP name");
        assert_eq!(gp.category, None);
        assert!(gp.decided_by.iter().any(|e| e.kind == "qualifier"));
        assert!(gp.candidates.iter().any(|x| x.category == "identity.name"));
    }

    #[test]
    fn a_count_of_one_persons_events_keeps_its_category_a_count_of_people_does_not() {
        assert_eq!(category("Number of Previous Child Protection Plans").as_deref(), Some("social.housing_social_care_needs"));
        assert_eq!(category("Number of exclusions").as_deref(), Some("education.exclusions"));
        let aggregate = Engine::builtin().classify("Number of pupils with SEN");
        assert_eq!(aggregate.category, None, "{:?}", aggregate.decided_by);
        assert!(aggregate.candidates.iter().any(|c| c.category == "education.sen"));
        assert_eq!(category("PercentageFSM"), None);
    }

    #[test]
    fn the_first_segment_of_a_dotted_path_names_what_the_row_describes() {
        assert_eq!(category("Procedure.code").as_deref(), Some("special.health"));
        assert_eq!(category("Observation.effectiveDateTime").as_deref(), Some("special.health"));
        assert_eq!(category("location.latitude"), None);
        assert_eq!(category("physical_address.postal_code"), None);
        // Elsewhere an entity's words are read as usual.
        assert_eq!(category("postal_address").as_deref(), Some("contact.address"));
        assert_eq!(category("Patient.address").as_deref(), Some("contact.address"));
        assert_eq!(category("Surgical procedure").as_deref(), Some("special.health"));
    }

    #[test]
    fn an_abbreviation_read_as_several_words_holds_their_phrases_side_by_side() {
        // SSDA903 MC_DOB: the date of birth of the mother's child, read as "mother child date of
        // birth": the qualifier "mother" and "date of birth" are parts of one abbreviation.
        let c = Engine::builtin().classify("MC_DOB");
        assert_eq!(c.category.as_deref(), Some("identity.family_details"), "{:?}", c.decided_by);
        assert!(c.candidates.iter().any(|x| x.category == "identity.date_of_birth"));
    }

    #[test]
    fn values_classify_confirm_and_overrule() {
        let engine = Engine::builtin();
        let emails: Vec<Sample<'_>> = ["a@example.com", "b@example.org", "c@example.net"].iter().map(|s| Sample::Text(s)).collect();
        let c = engine.classify_column("field_7", &emails).unwrap();
        assert_eq!(c.category.as_deref(), Some("contact.email"));
        assert_eq!(c.values.as_ref().unwrap().matched, 3);
        let c = engine.classify_column("contact", &emails).unwrap();
        assert_eq!(c.category.as_deref(), Some("contact.email"));
        // NHS numbers stored as integers.
        let nhs = [Sample::Int(9434765919), Sample::Int(9434765870), Sample::Null];
        let c = engine.classify_column("ref", &nhs).unwrap();
        assert_eq!(c.category.as_deref(), Some("identity.identifiers.unique_id"), "{:?}", c.decided_by);
        // Values never turn a special category name into an ordinary one.
        let c = engine.classify_column("ethnicity", &emails).unwrap();
        assert_eq!(c.category.as_deref(), Some("special.racial_ethnic_origin"));
        assert!(c.candidates.iter().any(|x| x.category == "contact.email"));
    }

    #[test]
    fn bad_input_gets_coded_errors() {
        let engine = Engine::builtin();
        let err = engine.classify_name_bytes(b"caf\xe9_name").unwrap_err();
        assert_eq!(err.code, "invalid_utf8");
        let err = engine.classify_column("x", &[Sample::Text("a"), Sample::Int(3)]).unwrap_err();
        assert_eq!(err.code, "mixed_types");
        let long = "a".repeat(100_000);
        assert_eq!(engine.classify(&long).category, None);
        let c = engine.classify_column("empty", &[]).unwrap();
        assert_eq!(c.category, None);
    }
}
