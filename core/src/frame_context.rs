//! Frame context: what one row of a table describes, read from all its column names, and what
//! that changes in the reading of each column.
//!
//! A name alone cannot tell a school's `Postcode` or `Gender (name)` (the school's: boys, girls,
//! mixed) from a pupil's; the table can. A table whose columns include a key of an
//! establishment, organisation, service, place or thing (GIAS `URN`, `UKPRN`), and no key or
//! identifying field of a person (`UPN`, `NHS number`, an unprefixed name or date of birth),
//! describes that thing: its unprefixed fields are not a person's data. Fields naming a person
//! (`HeadFirstName`: the school's head) stay a person's.
//!
//! Trust first: the context only ever takes a category away (the column is then unclassified,
//! and a gate blocks it), never gives one; a special category or criminal offence reading keeps
//! its flag; and mixed evidence changes nothing. The kinds of row, their keys and the people
//! they name are lexicon data (`[[row]]` in `core/data/lexicon.toml`).

use noticegate_policy::lexicon::RowKind;

use crate::classify::{Classification, Classifier, Evidence, PERSON_NOUNS, STOP_WORDS};
use crate::model::PolicySet;
use crate::syntax::VocabKind;

/// A `[[row]]` kind read against a policy set: keys and people as the classifier reads words.
#[derive(Clone, Debug)]
pub(crate) struct RowKey {
    describes: String,
    /// Each key as the words it reads as.
    keys: Vec<Vec<String>>,
    people: Vec<String>,
    /// The categories (of this set) whose unprefixed column says a row is a person's.
    categories: Vec<u32>,
}

/// Reads the lexicons' `[[row]]` kinds with the classifier's words; categories the set lacks are
/// left out (the built-in lexicon names the built-in set's).
pub(crate) fn read_rows<'a>(classifier: &Classifier, set: &PolicySet, rows: impl Iterator<Item = &'a RowKind>) -> Vec<RowKey> {
    let table = set.vocab.table(VocabKind::Category);
    rows.map(|r| RowKey {
        describes: r.describes.clone(),
        keys: r.keys.iter().map(|k| classifier.reading(k)).filter(|k| !k.is_empty()).collect(),
        people: r.people.iter().flat_map(|p| classifier.reading(p)).collect(),
        categories: r.categories.iter().filter_map(|id| table.entries.iter().position(|e| &e.id == id)).map(|i| i as u32).collect(),
    })
    .collect()
}

/// One column of a table as its context reads it.
#[derive(Clone, Copy, Debug)]
pub struct FrameColumn<'a> {
    pub name: &'a str,
    /// The category it is read as (by name, values or a caller's mapping), if any.
    pub category: Option<&'a str>,
    /// The words of the name that decided the category (`Classification::matched_words`);
    /// empty when values or a mapping decided it.
    pub matched_words: &'a [String],
}

/// What one row of a table describes, when the evidence is strong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrameContext {
    /// `establishment`, `organisation`, `service`, `place` or `thing`: a row that is not a
    /// person's. `None`: a person's, or not known (no key, or mixed evidence).
    pub describes: Option<String>,
    /// The key columns that decided it, as the table names them.
    pub keys: Vec<String>,
    /// Words naming the people such a row names (a school's head): their columns stay a person's.
    people: Vec<String>,
}

impl Classifier {
    /// What a row of a table describes, from its columns. A row that is not a person's needs a
    /// key of such a row and no evidence of a person: a person's key, or a column of a person's
    /// identifying category (a name, a date of birth) read from its own words, or from those and
    /// a person's noun (`PupilForename`, not `HeadFirstName` when the row names its head), or
    /// decided by values or a mapping.
    pub fn frame_context(&self, set: &PolicySet, columns: &[FrameColumn<'_>]) -> FrameContext {
        let key_of = |name: &str| {
            let words = self.reading(name);
            self.rows.iter().find(|r| r.keys.iter().any(|k| *k == words))
        };
        let mut context = FrameContext::default();
        for column in columns {
            match key_of(column.name) {
                Some(row) if row.describes == "person" => return FrameContext::default(),
                Some(row) => {
                    context.describes.get_or_insert_with(|| row.describes.clone());
                    context.keys.push(column.name.to_string());
                    context.people.extend(row.people.iter().cloned());
                }
                None => {}
            }
        }
        if context.describes.is_none() {
            return FrameContext::default();
        }
        let table = set.vocab.table(VocabKind::Category);
        let identifying = |id: &str| {
            let mut cur = table.entries.iter().position(|e| e.id == id).map(|i| i as u32);
            while let Some(i) = cur {
                if self.rows.iter().any(|r| r.describes == "person" && r.categories.contains(&i)) {
                    return true;
                }
                cur = table.entries[i as usize].parent;
            }
            false
        };
        for column in columns.iter().filter(|c| c.category.is_some_and(identifying)) {
            if context.a_persons_own(&self.words(column.name), column.matched_words) {
                return FrameContext::default();
            }
        }
        context
    }

    /// Classifies a table's columns by name, each read in the context of all of them.
    pub fn classify_frame(&self, set: &PolicySet, names: &[&str]) -> Vec<Classification> {
        let mut read: Vec<Classification> = names.iter().map(|n| self.classify(set, n)).collect();
        self.read_in_frame(set, names, &mut read);
        read
    }

    /// Reads columns already classified one by one (by name, or name and values) in the context
    /// of their table: the context is inferred from all of them, then applied to each.
    pub fn read_in_frame(&self, set: &PolicySet, names: &[&str], read: &mut [Classification]) {
        let columns: Vec<FrameColumn<'_>> =
            names.iter().zip(read.iter()).map(|(n, c)| FrameColumn { name: n, category: c.category.as_deref(), matched_words: &c.matched_words }).collect();
        let context = self.frame_context(set, &columns);
        for (name, c) in names.iter().zip(read.iter_mut()) {
            self.apply_frame(&context, name, c);
        }
    }

    /// Applies a table's context to one column's reading: in a row that is not a person's, a
    /// column that names no person (no prefix such as `Head` or `Pupil`, no qualifier, not a
    /// dotted path naming its own table) is not a person's data. Its category is taken away
    /// (listed still as a candidate; a special category or criminal offence flag stays), and
    /// the answer says the frame decided it.
    pub fn apply_frame(&self, context: &FrameContext, name: &str, c: &mut Classification) {
        let Some(describes) = &context.describes else { return };
        let Some(category) = &c.category else { return };
        // A qualified column is another party's already; a dotted path (`Patient.gender`) names
        // its own table, whatever the frame's keys say.
        if c.decided_by.iter().any(|e| e.kind == "qualifier") || self.path_head_words(name).is_some() || context.names_a_person(&self.reading(name)) {
            return;
        }
        let detail = format!(
            "frame: a row describes {} {describes} ({}): the column names no person, so it is not a person's {}: unclassified",
            article(describes),
            context.keys.join(", "),
            c.label.as_deref().unwrap_or(category)
        );
        c.decided_by.push(Evidence { kind: "frame".into(), words: Vec::new(), detail });
        c.category = None;
        c.label = None;
        c.matched_name = None;
        c.matched_words = Vec::new();
    }
}

impl FrameContext {
    /// Whether a column read from `matched` of its `words` is a person's own: every other word
    /// is a stop word, a number, or a noun naming a person other than the people this kind of
    /// row names (`Forename`, `patient_dob`; not `HeadFirstName` in a school's row, nor
    /// `EdByOther (name)`, read as a name from "other name" but about a provider). No matched
    /// words: values or a mapping decided it, and they speak for the whole column.
    fn a_persons_own(&self, words: &[String], matched: &[String]) -> bool {
        if matched.is_empty() {
            return true;
        }
        // Words not found as read (a name cut at `MAX_NAME`): count it a person's, the safe side.
        let Some(at) = words.windows(matched.len()).position(|w| w == matched) else { return true };
        words[..at].iter().chain(&words[at + matched.len()..]).all(|w| {
            let w = w.as_str();
            STOP_WORDS.contains(&w) || w.bytes().all(|b| b.is_ascii_digit()) || (PERSON_NOUNS.contains(&w) && !self.people.iter().any(|p| p == w))
        })
    }

    /// Whether a column's words name a person (`head`, `pupil`, `contact`), or one of the people
    /// this kind of row names.
    fn names_a_person(&self, words: &[String]) -> bool {
        words.iter().any(|w| PERSON_NOUNS.contains(&w.as_str()) || self.people.contains(w))
    }
}

/// "a" or "an" before a kind of row ("an establishment", "a place").
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

