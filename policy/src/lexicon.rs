//! The classifier's lexicon (`core/data/lexicon.toml`, and the extensions a data protection
//! officer writes in the same form): abbreviations, terms and qualifiers, read from TOML.
//!
//! Here, in the load layer, so that `core/build.rs` reads the built-in lexicon at build time
//! and embeds it already read (`encode`), as it does the policies: a module that only decides
//! (the WASM one) then carries no TOML reader. The classifier (`noticegate::classify`) turns
//! a lexicon into its indices.

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};

/// The lexicon table a phrase comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LexiconTable {
    Term,
    Qualifier,
    Entity,
}

/// One lexicon file, read; categories are still ids, resolved against a policy set by the
/// classifier.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Lexicon {
    /// (forms, what they mean)
    pub abbreviations: Vec<(Vec<String>, String)>,
    /// (words, category id or none, the table they come from)
    pub phrases: Vec<(Vec<String>, Option<String>, LexiconTable)>,
    /// `[[row]]`: the key columns that say what one row of a table describes (frame context).
    pub rows: Vec<RowKind>,
}

/// What a row describes, as `[[row]]` declares it: a table with one of `keys` among its
/// columns describes a `describes` (a person, or an establishment, organisation, service,
/// place or thing).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RowKind {
    pub describes: String,
    /// Whole column names that identify such a row (`URN`, `UPN`).
    pub keys: Vec<String>,
    /// Not a person: the people such a row names (a school's `head`): their fields stay a
    /// person's data, and are no evidence that the row is a person.
    pub people: Vec<String>,
    /// A person: categories whose unprefixed column says a row is a person's (a name, a date
    /// of birth), whatever the keys.
    pub categories: Vec<String>,
}

/// The kinds of row a `[[row]]` may declare.
pub const ROW_KINDS: &[&str] = &["person", "establishment", "organisation", "service", "place", "thing"];

/// Why a lexicon file could not be read: the first problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError {
    /// `lexicon_syntax` (not TOML) or `lexicon_entry` (TOML, but not a lexicon).
    pub code: &'static str,
    pub message: String,
}

fn entry_error(message: String) -> LexiconError {
    LexiconError { code: "lexicon_entry", message }
}

/// Reads a lexicon file and reports its first error.
pub fn parse(text: &str) -> Result<Lexicon, LexiconError> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if let Some(e) = errors.first() {
        return Err(LexiconError { code: "lexicon_syntax", message: format!("the lexicon is not valid TOML: {e}") });
    }
    let strings = |v: &DeValue<'_>, what: &str| -> Result<Vec<String>, LexiconError> {
        match v {
            DeValue::String(s) => Ok(vec![s.to_string()]),
            DeValue::Array(a) => a
                .iter()
                .map(|x| match x.get_ref() {
                    DeValue::String(s) => Ok(s.to_string()),
                    _ => Err(entry_error(format!("`{what}` must be strings"))),
                })
                .collect(),
            _ => Err(entry_error(format!("`{what}` must be a string or a list of strings"))),
        }
    };
    let mut lex = Lexicon::default();
    for (key, value) in doc.get_ref().iter() {
        let kind = key.get_ref().as_ref();
        let DeValue::Array(entries) = value.get_ref() else {
            return Err(entry_error(format!("`{kind}` must be an array of tables ([[{kind}]])")));
        };
        let allowed: &[&str] = match kind {
            "abbreviation" => &["forms", "means", "source"],
            "term" => &["words", "category", "source"],
            "qualifier" => &["words", "category", "source"],
            "entity" => &["words", "category", "source"],
            "row" => &["describes", "keys", "people", "categories", "source"],
            _ => return Err(entry_error(format!("unknown table `[[{kind}]]` (expected abbreviation, term, qualifier, entity or row)"))),
        };
        for (n, entry) in entries.iter().enumerate() {
            let DeValue::Table(t) = entry.get_ref() else {
                return Err(entry_error(format!("[[{kind}]] {} is not a table", n + 1)));
            };
            let get = |k: &str| t.iter().find(|(key, _)| key.get_ref().as_ref() == k).map(|(_, v)| v.get_ref());
            for (k, _) in t.iter() {
                if !allowed.contains(&k.get_ref().as_ref()) {
                    return Err(entry_error(format!("unknown key `{}` in [[{kind}]] {} (expected {})", k.get_ref(), n + 1, allowed.join(", "))));
                }
            }
            if get("source").is_none() {
                return Err(entry_error(format!("[[{kind}]] {} has no `source`", n + 1)));
            }
            if kind == "row" {
                lex.rows.push(row_kind(n, &get, &strings)?);
                continue;
            }
            let required = if kind == "abbreviation" { "forms" } else { "words" };
            let Some(words) = get(required) else {
                return Err(entry_error(format!("[[{kind}]] {} has no `{required}`", n + 1)));
            };
            let words = strings(words, required)?;
            match kind {
                "abbreviation" => {
                    let Some(DeValue::String(means)) = get("means") else {
                        return Err(entry_error(format!("[[abbreviation]] {} has no `means` string", n + 1)));
                    };
                    lex.abbreviations.push((words, means.to_string()));
                }
                _ => {
                    let category = match get("category") {
                        Some(DeValue::String(c)) => Some(c.to_string()),
                        None if kind != "term" => None,
                        _ => return Err(entry_error(format!("[[{kind}]] {} needs a `category` string", n + 1))),
                    };
                    let table = match kind {
                        "qualifier" => LexiconTable::Qualifier,
                        "entity" => LexiconTable::Entity,
                        _ => LexiconTable::Term,
                    };
                    lex.phrases.push((words, category, table));
                }
            }
        }
    }
    Ok(lex)
}

/// One `[[row]]` entry (number `n`, from 0), checked: a known kind, keys, and `people` only for
/// a thing, `categories` only for a person.
fn row_kind<'a>(
    n: usize,
    get: &dyn Fn(&str) -> Option<&'a DeValue<'a>>,
    strings: &dyn Fn(&DeValue<'_>, &str) -> Result<Vec<String>, LexiconError>,
) -> Result<RowKind, LexiconError> {
    let Some(DeValue::String(describes)) = get("describes") else {
        return Err(entry_error(format!("[[row]] {} needs a `describes` string ({})", n + 1, ROW_KINDS.join(", "))));
    };
    if !ROW_KINDS.contains(&describes.as_ref()) {
        return Err(entry_error(format!("[[row]] {}: `describes` is \"{describes}\"; expected one of {}", n + 1, ROW_KINDS.join(", "))));
    }
    let list = |k: &str| get(k).map(|v| strings(v, k)).transpose().map(Option::unwrap_or_default);
    let (keys, people, categories) = (list("keys")?, list("people")?, list("categories")?);
    if keys.is_empty() {
        return Err(entry_error(format!("[[row]] {} has no `keys`", n + 1)));
    }
    let person = describes == "person";
    if person && !people.is_empty() {
        return Err(entry_error(format!("[[row]] {}: `people` is for a row that is not a person", n + 1)));
    }
    if !person && !categories.is_empty() {
        return Err(entry_error(format!("[[row]] {}: `categories` is for a person's row", n + 1)));
    }
    Ok(RowKind { describes: describes.to_string(), keys, people, categories })
}

/// The compact binary form `core/build.rs` embeds for the built-in lexicon (postcard).
pub fn encode(lexicon: &Lexicon) -> Vec<u8> {
    postcard::to_allocvec(lexicon).expect("a lexicon always encodes")
}

pub fn decode(bytes: &[u8]) -> Result<Lexicon, postcard::Error> {
    postcard::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lexicon_survives_its_snapshot() {
        let lex = parse("[[abbreviation]]\nforms = [\"tel\", \"tel no\"]\nmeans = \"telephone number\"\nsource = \"x\"\n\n[[qualifier]]\nwords = \"former\"\nsource = \"y\"\n").unwrap();
        assert_eq!(lex.abbreviations, vec![(vec!["tel".to_string(), "tel no".to_string()], "telephone number".to_string())]);
        assert_eq!(lex.phrases, vec![(vec!["former".to_string()], None, LexiconTable::Qualifier)]);
        assert_eq!(decode(&encode(&lex)).unwrap(), lex);
    }

    #[test]
    fn a_row_kind_is_read_and_checked() {
        let lex = parse("[[row]]\ndescribes = \"establishment\"\nkeys = [\"URN\"]\npeople = \"head\"\nsource = \"GIAS\"\n").unwrap();
        assert_eq!(lex.rows, vec![RowKind { describes: "establishment".into(), keys: vec!["URN".into()], people: vec!["head".into()], categories: vec![] }]);
        assert_eq!(decode(&encode(&lex)).unwrap(), lex);
        for bad in [
            "[[row]]\ndescribes = \"school\"\nkeys = [\"URN\"]\nsource = \"s\"\n",
            "[[row]]\nkeys = [\"URN\"]\nsource = \"s\"\n",
            "[[row]]\ndescribes = \"place\"\nsource = \"s\"\n",
            "[[row]]\ndescribes = \"person\"\nkeys = [\"UPN\"]\npeople = [\"head\"]\nsource = \"s\"\n",
            "[[row]]\ndescribes = \"place\"\nkeys = [\"id\"]\ncategories = [\"identity.name\"]\nsource = \"s\"\n",
            "[[row]]\ndescribes = \"place\"\nkeys = [\"id\"]\n",
        ] {
            assert_eq!(parse(bad).unwrap_err().code, "lexicon_entry", "{bad}");
        }
    }
}
