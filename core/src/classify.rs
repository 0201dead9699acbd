//! Classifying a form field or a table column to a data category, from its label or name.
//!
//! Form builders (WASM) and export gates (Python) both need "which category does the field
//! 'Your e-mail' or the column `date_of_birth` collect?". The answer must be deterministic
//! and explainable, so this is no model: the words of the label or name are matched against
//! the vocabulary's ids, labels and aliases, the longest match wins, and the words that
//! matched are returned. When nothing matches, the answer is unclassified, never a guess.

use crate::names::fold;
use crate::syntax::VocabKind;
use crate::model::PolicySet;

/// How a label or name was classified.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Classification {
    /// The category's id, or `None` when unclassified.
    pub category: Option<String>,
    /// The category's label.
    pub label: Option<String>,
    /// The vocabulary name (id, label or alias) that matched.
    pub matched_name: Option<String>,
    /// The words of the input that matched it.
    pub matched_words: Vec<String>,
}

/// Splits a label or identifier into lower-case words: on spaces, punctuation, `_`, `-`,
/// and camelCase boundaries ("dateOfBirth" -> date, of, birth).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = c.is_lowercase() || c.is_numeric();
            current.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// One candidate name of the vocabulary, as words.
#[derive(Clone, Debug)]
struct Candidate {
    category: u32,
    name: String,
    words: Vec<String>,
}

/// The category names, prepared once per policy set: indexed by their folded whole name
/// (exact matches) and by their first word (word matches), so a label is classified by a
/// few hash look-ups, not a pass over every name.
#[derive(Clone, Debug, Default)]
pub struct Classifier {
    candidates: Vec<Candidate>,
    by_folded: rustc_hash::FxHashMap<String, Vec<usize>>,
    by_first_word: rustc_hash::FxHashMap<String, Vec<usize>>,
}

impl Classifier {
    pub fn new(set: &PolicySet) -> Classifier {
        let table = set.vocab.table(VocabKind::Category);
        let mut candidates = Vec::new();
        for (i, e) in table.entries.iter().enumerate() {
            // The id's last segment ("identity.date_of_birth" -> "date_of_birth") reads as
            // words; the whole dotted id is matched by `fold` below.
            let last = e.id.rsplit('.').next().unwrap_or(&e.id).to_string();
            for name in std::iter::once(&e.label).chain(e.aliases.iter()).chain(std::iter::once(&last)) {
                let w = words(name);
                if !w.is_empty() {
                    candidates.push(Candidate { category: i as u32, name: name.clone(), words: w });
                }
            }
        }
        let mut by_folded: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        let mut by_first_word: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for (i, c) in candidates.iter().enumerate() {
            by_folded.entry(fold(&c.name)).or_default().push(i);
            by_first_word.entry(c.words[0].clone()).or_default().push(i);
        }
        Classifier { candidates, by_folded, by_first_word }
    }

    /// Classifies one label or name: a vocabulary name equal to the whole input wins;
    /// otherwise, among the names whose words occur together in the input, the one with the
    /// most words, then the deeper (more specific) category.
    pub fn classify(&self, set: &PolicySet, text: &str) -> Classification {
        let table = set.vocab.table(VocabKind::Category);
        let input = words(text);
        let folded = fold(text);
        // Best first: an exact match of the whole input (ignoring case and punctuation), then
        // the most words matched, then the deeper category, then the earlier name (labels
        // come before aliases).
        let mut best: Option<((bool, usize, u8, std::cmp::Reverse<usize>), &Candidate, Vec<String>)> = None;
        let mut consider = |index: usize, exact: bool, matched: Vec<String>| {
            let c = &self.candidates[index];
            let depth = table.entries[c.category as usize].depth;
            let key = (exact, if exact { 0 } else { c.words.len() }, depth, std::cmp::Reverse(index));
            if best.as_ref().is_none_or(|b| key > b.0) {
                best = Some((key, c, matched));
            }
        };
        for &index in self.by_folded.get(&folded).into_iter().flatten() {
            consider(index, true, input.clone());
        }
        for start in 0..input.len() {
            for &index in self.by_first_word.get(&input[start]).into_iter().flatten() {
                let c = &self.candidates[index];
                if input[start..].starts_with(&c.words) {
                    consider(index, false, c.words.clone());
                }
            }
        }
        match best {
            Some((_, c, matched)) => {
                let e = &table.entries[c.category as usize];
                Classification {
                    category: Some(e.id.clone()),
                    label: Some(e.label.clone()),
                    matched_name: Some(c.name.clone()),
                    matched_words: matched,
                }
            }
            None => Classification { category: None, label: None, matched_name: None, matched_words: Vec::new() },
        }
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_labels_and_identifiers() {
        assert_eq!(words("dateOfBirth"), ["date", "of", "birth"]);
        assert_eq!(words("Your e-mail address"), ["your", "e", "mail", "address"]);
        assert_eq!(words("NI_number"), ["ni", "number"]);
        assert_eq!(words("IPAddress"), ["ipaddress"]);
    }
}

#[cfg(test)]
mod builtin_tests {
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
    fn what_matches_nothing_is_unclassified_not_guessed() {
        for text in ["Favourite colour", "", "xyz", "Comments"] {
            let c = Engine::builtin().classify(text);
            assert_eq!(c.category, None, "{text}");
            assert!(c.matched_words.is_empty());
        }
    }
}
