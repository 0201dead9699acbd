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

use std::fmt::Write as _;

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
            if column.matched_words.is_empty() || context.a_persons_own(&self.words(column.name), column.matched_words) {
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
    /// column that names no person (no prefix such as `Head` or `Pupil`, no qualifier) is not a
    /// person's data. Its category is taken away (listed still as a candidate; a special
    /// category or criminal offence flag stays), and the answer says the frame decided it.
    pub fn apply_frame(&self, context: &FrameContext, name: &str, c: &mut Classification) {
        let Some(describes) = &context.describes else { return };
        let Some(category) = &c.category else { return };
        if c.decided_by.iter().any(|e| e.kind == "qualifier") || context.names_a_person(&self.reading(name)) {
            return;
        }
        let mut detail = format!("a row describes {} {describes} ({}): the column names no person, so it is not a person's", article(describes), context.keys.join(", "));
        let _ = write!(detail, " {}: unclassified", c.label.as_deref().unwrap_or(category));
        c.decided_by.push(Evidence { kind: "frame".into(), words: Vec::new(), detail: format!("frame: {detail}") });
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
    /// `EdByOther (name)`, read as a name from "other name" but about a provider).
    fn a_persons_own(&self, words: &[String], matched: &[String]) -> bool {
        let Some(at) = words.windows(matched.len()).position(|w| w == matched) else { return false };
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

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::FrameColumn;
    use crate::classify::{Classification, Classifier};
    use crate::Engine;

    fn read(names: &[&str]) -> Vec<(String, Classification)> {
        let engine = Engine::builtin();
        names.iter().map(|n| n.to_string()).zip(engine.classify_frame(names)).collect()
    }

    fn category<'a>(read: &'a [(String, Classification)], name: &str) -> Option<&'a str> {
        read.iter().find(|(n, _)| n == name).unwrap().1.category.as_deref()
    }

    fn framed(read: &[(String, Classification)], name: &str) -> bool {
        read.iter().find(|(n, _)| n == name).unwrap().1.decided_by.iter().any(|e| e.kind == "frame")
    }

    /// A GIAS establishment extract's columns (DfE Get Information about Schools).
    const GIAS: &[&str] = &[
        "URN", "LA (name)", "EstablishmentNumber", "EstablishmentName", "Gender (name)", "ReligiousCharacter (name)", "TelephoneNum",
        "Postcode", "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle", "UKPRN",
    ];

    #[test]
    fn an_establishment_frame_takes_a_persons_category_from_its_own_fields_only() {
        let engine = Engine::builtin();
        let alone: Vec<Classification> = GIAS.iter().map(|n| engine.classify(n)).collect();
        let r = read(GIAS);
        for name in ["Gender (name)", "TelephoneNum", "Postcode"] {
            assert!(alone[GIAS.iter().position(|n| *n == name).unwrap()].category.is_some(), "{name} alone reads as a person's");
            assert_eq!(category(&r, name), None, "{name}: the school's");
            assert!(framed(&r, name));
        }
        let gender = &r.iter().find(|(n, _)| n == "Gender (name)").unwrap().1;
        let frame = gender.decided_by.iter().find(|e| e.kind == "frame").unwrap();
        assert!(frame.detail.starts_with("frame: a row describes an establishment (URN, EstablishmentNumber, UKPRN)"), "{}", frame.detail);
        assert!(gender.candidates.iter().any(|c| c.category == "identity.gender"), "the person's reading stays a candidate");
        // The head's fields are a person's.
        assert_eq!(category(&r, "HeadFirstName"), Some("identity.name"));
        assert_eq!(category(&r, "HeadLastName"), Some("identity.name"));
        assert_eq!(category(&r, "HeadTitle (name)"), Some("identity.title"));
        assert!(!framed(&r, "HeadFirstName"));
    }

    #[test]
    fn a_special_reading_keeps_its_flag_in_a_frame() {
        let r = read(GIAS);
        let religion = &r.iter().find(|(n, _)| n == "ReligiousCharacter (name)").unwrap().1;
        assert_eq!(religion.category, None);
        assert!(religion.special_category, "unclassified but still flagged: a gate treats it as special category data");
    }

    #[test]
    fn a_pupil_table_carrying_its_schools_urn_stays_a_persons() {
        let names = ["UPN", "URN", "EstablishmentName", "Forename", "Gender", "Postcode", "Ethnicity"];
        let r = read(&names);
        assert_eq!(category(&r, "Gender"), Some("identity.gender"));
        assert_eq!(category(&r, "Postcode"), Some("contact.address"));
        assert_eq!(category(&r, "Ethnicity"), Some("special.racial_ethnic_origin"));
        assert!(names.iter().all(|n| !framed(&r, n)));
        // Without UPN, the pupil's unprefixed forename still says the row is a person's.
        let r = read(&["URN", "Forename", "Gender"]);
        assert_eq!(category(&r, "Gender"), Some("identity.gender"));
        // And a person's key read through an abbreviation (`NHS_No`) does too.
        let r = read(&["ODS code", "NHS_No", "Sex"]);
        assert_eq!(category(&r, "Sex"), Some("identity.gender"));
    }

    #[test]
    fn a_mapped_persons_column_is_evidence_and_a_prefixed_one_is_not() {
        let engine = Engine::builtin();
        let c = engine.classifier();
        let set = engine.policy();
        let col = |name, category, matched_words| FrameColumn { name, category, matched_words };
        let first_name = ["first".to_string(), "name".to_string()];
        let other_name = ["other".to_string(), "name".to_string()];
        // A mapping (no words decided it) to a person's identifying category is evidence.
        assert_eq!(c.frame_context(set, &[col("URN", None, &[]), col("col_7", Some("identity.name"), &[])]).describes, None);
        assert_eq!(c.frame_context(set, &[col("URN", None, &[]), col("col_7", Some("identity.date_of_birth"), &[])]).describes, None);
        // A name prefixed by a person the row names (the school's head), or read from part of its
        // words ("EdByOther (name)": tuition by another provider), is not.
        let school = c.frame_context(
            set,
            &[
                col("URN", None, &[]),
                col("HeadFirstName", Some("identity.name"), &first_name),
                col("EdByOther (name)", Some("identity.name"), &other_name),
                col("Postcode", Some("contact.address"), &[]),
            ],
        );
        assert_eq!(school.describes.as_deref(), Some("establishment"));
        assert_eq!(school.keys, ["URN"]);
        // A name prefixed by a person the row does not name is the row's subject's.
        assert_eq!(c.frame_context(set, &[col("URN", None, &[]), col("PupilFirstName", Some("identity.name"), &first_name)]).describes, None);
        // A person's key anywhere decides, whatever comes before it.
        assert_eq!(c.frame_context(set, &[col("URN", None, &[]), col("ULN", None, &[])]).describes, None);
        assert_eq!(c.frame_context(set, &[col("ULN", None, &[]), col("URN", None, &[])]).describes, None);
    }

    #[test]
    fn a_frame_of_one_column_or_of_no_key_changes_nothing() {
        let engine = Engine::builtin();
        for names in [&["Postcode"][..], &["URN"], &["Gender (name)", "TelephoneNum", "Postcode"], &[]] {
            let alone: Vec<Classification> = names.iter().map(|n| engine.classify(n)).collect();
            assert_eq!(engine.classify_frame(names), alone, "{names:?}");
        }
    }

    #[test]
    fn a_qualified_column_is_left_as_read() {
        let r = read(&["URN", "Parent email", "Postcode"]);
        assert_eq!(category(&r, "Parent email"), Some("identity.family_details"));
        assert_eq!(category(&r, "Postcode"), None);
    }

    #[test]
    fn an_extension_declares_a_row_kind() {
        let engine = Engine::builtin();
        let set = engine.policy();
        let ext = "[[row]]\ndescribes = \"place\"\nkeys = [\"site ref\"]\npeople = [\"warden\"]\nsource = \"our estates register\"\n";
        let c = Classifier::with_lexicons(set, &[ext]).unwrap();
        let names = ["SiteRef", "Postcode", "WardenEmail"];
        let mut read: Vec<Classification> = names.iter().map(|n| c.classify(set, n)).collect();
        c.read_in_frame(set, &names, &mut read);
        assert_eq!(read[1].category, None);
        assert!(read[1].decided_by.iter().any(|e| e.detail.starts_with("frame: a row describes a place (SiteRef)")), "{:?}", read[1].decided_by);
        assert_eq!(read[2].category.as_deref(), Some("contact.email"), "the warden's email stays a person's");
        // Without the extension the same table is read name by name.
        assert_eq!(engine.classify_frame(&names)[1].category.as_deref(), Some("contact.address"));
    }
}
