//! Name resolution: ids, labels and aliases, compared without case or punctuation, and then,
//! if that finds nothing, without articles and plural endings.
//!
//! People name things the way the notice does ("IP address", "Article 6(1)(a)", "performance
//! of a contract", "email addresses"), programs by id (`technical.ip_address`). Both must land
//! on the same entry, and a near miss must come back with suggestions rather than a silent
//! deny.
//!
//! Every name has two keys:
//!
//! - the **folded key** (`fold`): lowercase letters and digits only. "Article 6(1)(a)" and
//!   "article 6 1 a" are both `article61a`.
//! - the **normalised key** (`normalise`): the same, word by word, after dropping the articles
//!   "a", "an" and "the" and reducing each word's plural ending to the singular. "Performance
//!   of a contract" and "performance of contracts" are both `performanceofcontract`.
//!
//! A look-up tries the folded key first and the normalised key only when the folded key
//! names nothing, so a name written exactly always wins, and a name that resolved before
//! normalisation existed resolves to the same entry now. Within one index, two entries may not
//! share a folded key (`NameIndex::insert` reports it; the loader makes it an error). They may
//! share a normalised key ("Emails" and "email" are two categories): then each is still found
//! by its own folded key, and a name found only through the shared normalised key ("the
//! emails") is ambiguous, an error listing both, never a guess.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Names up to this many bytes of ASCII are folded and normalised on the stack.
const FAST: usize = 96;

/// Folds a name to its comparison key: lowercase letters and digits only.
///
/// "Article 6(1)(a)", "article 6 1 a" and "ARTICLE_6_1_A" share the key `article61a`.
pub fn fold(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// Each ASCII byte as `fold` keeps it: letters lowercased, digits as they are, anything
/// else 0 (dropped).
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Folds into `buf` without allocating when the name is short ASCII (the common case on the
/// question path); otherwise falls back to `fold`.
fn fold_fast<'b>(name: &str, buf: &'b mut [u8; FAST]) -> Cow<'b, str> {
    if name.len() <= buf.len() && name.is_ascii() {
        let mut n = 0;
        for &b in name.as_bytes() {
            // Without a branch per byte: a dropped byte is written and then overwritten.
            let folded = ASCII_FOLD[usize::from(b & 0x7f)];
            buf[n] = folded;
            n += usize::from(folded != 0);
        }
        // Only ASCII letters and digits were written.
        Cow::Borrowed(std::str::from_utf8(&buf[..n]).expect("ASCII is UTF-8"))
    } else {
        Cow::Owned(fold(name))
    }
}

/// Apostrophes join the letters around them ("child's" is one word, `childs`), as `fold`
/// joins them; every other character that is not a letter or digit separates words.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

/// The words of a name, folded, each followed by the kind of gap after it: a space where the
/// gap holds whitespace, else a hyphen (punctuation only). "Performance of a Contract" is
/// `performance of a contract`, "A-level results" is `a-level results`.
fn spaced_fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap: Option<char> = None;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if let (Some(sep), false) = (gap, out.is_empty()) {
                out.push(sep);
            }
            gap = None;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            gap = Some(' ');
        } else if !is_apostrophe(c) && gap.is_none() {
            gap = Some('-');
        }
    }
    out
}

/// `spaced_fold` on the stack for short ASCII names. The result is never longer than the
/// name: a separator stands for at least one character of the gap.
fn spaced_fold_ascii<'b>(name: &str, buf: &'b mut [u8; FAST]) -> &'b str {
    let mut n = 0;
    let mut gap: Option<u8> = None;
    for &b in name.as_bytes() {
        if b.is_ascii_alphanumeric() {
            if let (Some(sep), true) = (gap, n > 0) {
                buf[n] = sep;
                n += 1;
            }
            gap = None;
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        } else if b.is_ascii_whitespace() {
            gap = Some(b' ');
        } else if b != b'\'' && gap.is_none() {
            gap = Some(b'-');
        }
    }
    std::str::from_utf8(&buf[..n]).expect("ASCII is UTF-8")
}

/// Whether a word is an article that the normalised key leaves out: "a", "an" or "the", when
/// whitespace and then a word beginning with a letter follow it, and it is the first word or
/// follows a word ending in a letter. So "performance of a contract" loses its "a", but
/// "Article 6(1)(a)", "art9_2_a explicit" and "A-level" keep theirs: after a number, "a" is a
/// point of a list, and joined to the next word by a hyphen it is part of that word.
fn is_dropped_article(word: &str, spaced: bool, previous: Option<&str>, next: Option<&str>) -> bool {
    matches!(word, "a" | "an" | "the")
        && spaced
        && next.and_then(|w| w.chars().next()).is_some_and(char::is_alphabetic)
        && previous.is_none_or(|w| w.chars().next_back().is_some_and(char::is_alphabetic))
}

/// A word's singular, as (stem, ending to append), for the normalised key. Conservative: only
/// words of letters, four or more long, and only these endings:
///
/// - `ies` becomes `y` (categories, activities, parties), and so does a final `ie` (cookie), so
///   that "cookie" and "cookies" meet;
/// - `sses`, `xes`, `ches`, `shes`, `zzes` lose `es` (addresses, boxes, searches);
/// - any other final `s` goes (services, details, records), except after `s`, `u` or `i`
///   (address, business, process, status, analysis), which are singular words.
///
/// The result is a comparison key, not English; both sides of a comparison get it.
fn singular(word: &str) -> (&str, &'static str) {
    let n = word.len();
    if n < 4 || !word.chars().all(char::is_alphabetic) {
        return (word, "");
    }
    if n >= 5 && word.ends_with("ies") {
        return (&word[..n - 3], "y");
    }
    if word.ends_with("ie") {
        return (&word[..n - 2], "y");
    }
    if ["sses", "xes", "ches", "shes", "zzes"].iter().any(|end| word.ends_with(end)) {
        return (&word[..n - 2], "");
    }
    if word.ends_with('s') && !["ss", "us", "is"].iter().any(|end| word.ends_with(end)) {
        return (&word[..n - 1], "");
    }
    (word, "")
}

/// Writes the normalised key of a `spaced_fold`ed name, piece by piece.
fn normalise_spaced(spaced: &str, mut emit: impl FnMut(&str)) {
    // Each word, and whether whitespace (rather than punctuation) follows it.
    let mut words = spaced
        .split_inclusive([' ', '-'])
        .map(|piece| match piece.as_bytes().last() {
            Some(b' ') => (&piece[..piece.len() - 1], true),
            Some(b'-') => (&piece[..piece.len() - 1], false),
            _ => (piece, false),
        })
        .peekable();
    let mut previous: Option<&str> = None;
    while let Some((word, spaced)) = words.next() {
        if !is_dropped_article(word, spaced, previous, words.peek().map(|(w, _)| *w)) {
            let (stem, ending) = singular(word);
            emit(stem);
            emit(ending);
        }
        previous = Some(word);
    }
}

/// The normalised key of a name: its folded words without articles and with singular endings.
///
/// "Performance of a contract", "performance of contracts" and "Performance of contract" all
/// have the key `performanceofcontract`; "Email addresses" has `emailaddress`.
pub fn normalise(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    normalise_spaced(&spaced_fold(name), |piece| key.push_str(piece));
    key
}

/// `normalise` without allocating for short ASCII names.
fn normalise_fast<'b>(name: &str, words: &mut [u8; FAST], buf: &'b mut [u8; FAST]) -> Cow<'b, str> {
    if name.len() <= FAST && name.is_ascii() {
        let spaced = spaced_fold_ascii(name, words);
        let mut n = 0;
        // The key is never longer than the spaced words: pieces only drop letters, and a
        // `y` ending replaces three or two letters.
        normalise_spaced(spaced, |piece| {
            buf[n..n + piece.len()].copy_from_slice(piece.as_bytes());
            n += piece.len();
        });
        Cow::Borrowed(std::str::from_utf8(&buf[..n]).expect("ASCII is UTF-8"))
    } else {
        Cow::Owned(normalise(name))
    }
}

/// Maps folded names to the entries they name, for one kind of thing. Never in a snapshot: the
/// set holds every name already, and `PolicySet::index_names` rebuilds the indices from it.
#[derive(Debug, Default, Clone)]
pub struct NameIndex {
    /// FxHash: keys are short, trusted policy names; SipHash's DoS resistance buys nothing here.
    by_key: FxHashMap<String, Vec<u32>>,
    /// Every (display name, entry), for suggestions and the normalised keys. Suggestions fold
    /// the names again: they are asked for only after a name was not found.
    names: Vec<(String, u32)>,
    /// Normalised keys (`normalise`) of `names`, asked only when the folded key names nothing.
    /// Built on the first such look-up: most questions use exact names, and loading the
    /// built-in set stays as fast as before.
    by_normalised: OnceLock<FxHashMap<String, Vec<u32>>>,
}

/// The same names for the same entries, in the same order (the normalised keys follow).
impl PartialEq for NameIndex {
    fn eq(&self, other: &NameIndex) -> bool {
        self.names == other.names && self.by_key == other.by_key
    }
}

impl NameIndex {
    /// Records that `name` names entry `entry`. Returns the entries it already named, if
    /// any other entry has the same folded key (the loader reports that as an error).
    ///
    /// Entries that share only a normalised key ("Emails" and "email", "regulator" and
    /// "regulators") are not a clash: each name still finds its own entry by its folded key,
    /// and a look-up that needs the normalised key ("the emails") finds both, which the
    /// question or policy file gets as an ambiguous name, never as a guess.
    pub fn insert(&mut self, name: &str, entry: u32) -> Vec<u32> {
        let mut buf = [0u8; FAST];
        let key = fold_fast(name, &mut buf);
        if key.is_empty() {
            return Vec::new();
        }
        // The key is copied only when new: every load of a snapshot rebuilds its indices with
        // this (`PolicySet::index_names`), so it costs what reading them used to.
        if !self.by_key.contains_key(key.as_ref()) {
            self.by_key.insert(key.to_string(), Vec::with_capacity(1));
        }
        let slot = self.by_key.get_mut(key.as_ref()).expect("inserted above");
        let clashes: Vec<u32> = slot.iter().copied().filter(|&e| e != entry).collect();
        // The slot holds an entry exactly when (key, entry) was inserted before.
        if !slot.contains(&entry) {
            slot.push(entry);
            self.names.push((name.to_string(), entry));
            // Rebuilt with this name on the next look-up that needs it.
            if self.by_normalised.get().is_some() {
                self.by_normalised = OnceLock::new();
            }
        }
        clashes
    }

    /// An empty index with room for `names` names.
    pub fn with_capacity(names: usize) -> NameIndex {
        NameIndex { by_key: FxHashMap::with_capacity_and_hasher(names, Default::default()), names: Vec::with_capacity(names), by_normalised: OnceLock::new() }
    }

    /// The normalised keys, in the order the names were inserted.
    fn normalised(&self) -> &FxHashMap<String, Vec<u32>> {
        self.by_normalised.get_or_init(|| {
            let mut map: FxHashMap<String, Vec<u32>> = FxHashMap::default();
            for (display, entry) in &self.names {
                let slot = map.entry(normalise(display)).or_default();
                if !slot.contains(entry) {
                    slot.push(*entry);
                }
            }
            map
        })
    }

    /// The entries a name could mean (empty when unknown): those of its folded key, or, when
    /// that names nothing, those of its normalised key. Allocation-free for names of up to 96
    /// bytes of ASCII (once the index's normalised keys are built, on its first look-up that
    /// needs them).
    #[inline]
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.lookup_where(name, |_| true)
    }

    /// As `lookup` for an index shared by several scopes (the services of every notice): the
    /// entries of the folded key if `keep` accepts any of them, else those of the normalised
    /// key if it accepts any, else none. The caller filters the slice with `keep` itself; so
    /// a name written exactly in one notice does not hide another notice's plural of it.
    pub fn lookup_where(&self, name: &str, keep: impl Fn(u32) -> bool) -> &[u32] {
        let mut buf = [0u8; FAST];
        let key = fold_fast(name, &mut buf);
        if let Some(found) = self.by_key.get(key.as_ref()) {
            if found.iter().any(|&e| keep(e)) {
                return found;
            }
        }
        let (mut words, mut buf) = ([0u8; FAST], [0u8; FAST]);
        let key = normalise_fast(name, &mut words, &mut buf);
        match self.normalised().get(key.as_ref()) {
            Some(found) if found.iter().any(|&e| keep(e)) => found,
            _ => &[],
        }
    }

    /// Up to `limit` known names nearest to `name`, best first, one per entry.
    pub fn suggest(&self, name: &str, limit: usize) -> Vec<String> {
        let key = fold(name);
        let mut scored: Vec<(f64, &str, u32)> = self
            .names
            .iter()
            .map(|(display, entry)| {
                let mut fold_buf = [0u8; FAST];
                let k = fold_fast(display, &mut fold_buf);
                let k = k.as_ref();
                let mut score = strsim::jaro_winkler(&key, k);
                if !key.is_empty() && (k.contains(key.as_str()) || key.contains(k)) {
                    score = score.max(0.9);
                }
                (score, display.as_str(), *entry)
            })
            .filter(|(score, _, _)| *score >= 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let mut out: Vec<String> = Vec::new();
        let mut entries: Vec<u32> = Vec::new();
        for (_, display, entry) in scored {
            if out.len() == limit {
                break;
            }
            if !entries.contains(&entry) {
                entries.push(entry);
                out.push(display.to_string());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_fold_agrees_with_fold() {
        for name in ["Article 6(1)(a)", "IP-address", "Ünïcode Name", "", "a".repeat(200).as_str(), "e-mail"] {
            let mut buf = [0u8; 96];
            assert_eq!(fold_fast(name, &mut buf), fold(name), "{name}");
        }
    }

    #[test]
    fn folding_ignores_case_and_punctuation() {
        assert_eq!(fold("Article 6(1)(a)"), "article61a");
        assert_eq!(fold("IP-address"), fold("ip address"));
        assert_eq!(fold("e-mail"), "email");
    }

    #[test]
    fn suggestions_find_near_misses() {
        let mut index = NameIndex::default();
        index.insert("Email address", 0);
        index.insert("Telephone number", 1);
        index.insert("IP address", 2);
        let s = index.suggest("emial adress", 3);
        assert_eq!(s.first().map(String::as_str), Some("Email address"));
        assert!(index.suggest("zzzzzz", 3).is_empty());
    }

    #[test]
    fn clashes_are_reported() {
        let mut index = NameIndex::default();
        assert!(index.insert("Name", 0).is_empty());
        assert_eq!(index.insert("name", 1), vec![0]);
        assert_eq!(index.lookup("NAME"), &[0, 1]);
    }

    #[test]
    fn the_fast_normalisation_agrees_with_normalise() {
        for name in [
            "Performance of a contract",
            "the categories",
            "child's addresses",
            "Article 6(1)(a)",
            "",
            "   ",
            "a",
            "The",
            "e-mail addresses of the parties",
            "x".repeat(97).as_str(),
            "Ünïcode Names",
            "A-level results",
            "Article 6(1)(a) and/or the  data-subjects",
            " -leading, trailing- ",
        ] {
            let (mut words, mut buf) = ([0u8; FAST], [0u8; FAST]);
            assert_eq!(normalise_fast(name, &mut words, &mut buf), normalise(name), "{name}");
        }
    }

    #[test]
    fn normalising_drops_articles_before_words() {
        assert_eq!(normalise("performance of a contract"), "performanceofcontract");
        assert_eq!(normalise("Performance of the Contract"), "performanceofcontract");
        assert_eq!(normalise("an email address"), "emailaddress");
        assert_eq!(normalise("The council"), "council");
        // A letter after a number is a point of a list, not an article; a last "a" has no noun.
        assert_eq!(normalise("Article 6(1)(a)"), "article61a");
        assert_eq!(normalise("art9_2_a explicit consent"), "art92aexplicitconsent");
        assert_eq!(normalise("Schedule 1 part a"), "schedule1parta");
        assert_eq!(normalise("plan a"), "plana");
        assert_eq!(normalise("a 1"), "a1");
        // Joined by a hyphen, "a" is part of the word: only whitespace makes it an article.
        assert_eq!(normalise("A-level results"), "alevelresult");
        assert_eq!(normalise("a level result"), "levelresult");
        assert_eq!(normalise("the-council"), "thecouncil");
    }

    #[test]
    fn normalising_makes_plurals_singular_conservatively() {
        for (plural, singular) in [
            ("addresses", "address"),
            ("email addresses", "email address"),
            ("services", "service"),
            ("categories", "category"),
            ("activities", "activity"),
            ("cookies", "cookie"),
            ("details", "detail"),
            ("contact details", "contact detail"),
            ("businesses", "business"),
            ("processes", "process"),
            ("searches", "search"),
            ("boxes", "box"),
            ("keys", "key"),
            ("third parties", "third party"),
            ("children's records", "children's record"),
        ] {
            assert_eq!(normalise(plural), normalise(singular), "{plural} / {singular}");
        }
        // Singular words that end in s keep it.
        for word in ["status", "business", "process", "address", "analysis", "basis", "bus", "gas", "its"] {
            assert_eq!(normalise(word), word, "{word}");
        }
        // Words with digits are codes, not English.
        assert_eq!(normalise("ipv4s"), "ipv4s");
        assert_eq!(normalise("6(1)(e)"), "61e");
    }

    #[test]
    fn look_ups_try_the_exact_key_first() {
        let mut index = NameIndex::default();
        assert!(index.insert("performance of contract", 0).is_empty());
        assert!(index.insert("Email address", 1).is_empty());
        assert!(index.insert("Status", 2).is_empty());
        assert_eq!(index.lookup("Performance of a contract"), &[0]);
        assert_eq!(index.lookup("the performance of the contracts"), &[0]);
        assert_eq!(index.lookup("email addresses"), &[1]);
        assert_eq!(index.lookup("an Email-Address"), &[1]);
        assert_eq!(index.lookup("status"), &[2]);
        assert_eq!(index.lookup("statu"), &[] as &[u32]);
        assert_eq!(index.lookup("performance of a"), &[] as &[u32]);
        // An exact name of one entry wins over another entry's normalised name.
        let mut index = NameIndex::default();
        index.insert("News", 0);
        assert_eq!(index.lookup("news"), &[0]);
        assert_eq!(index.lookup("new"), &[0], "new and news share a normalised key");
    }

    #[test]
    fn a_key_shared_once_normalised_is_ambiguous_not_a_clash() {
        let mut index = NameIndex::default();
        assert!(index.insert("email", 0).is_empty());
        assert!(index.insert("The email", 0).is_empty());
        assert!(index.insert("Emails", 1).is_empty(), "only folded keys clash");
        assert_eq!(index.insert("E-mails", 0), vec![1], "the same folded key is a clash");
        let mut index = NameIndex::default();
        index.insert("email", 0);
        index.insert("Emails", 1);
        // Each written form finds its own entry; only a form that needs normalising is ambiguous.
        assert_eq!(index.lookup("E-mail"), &[0]);
        assert_eq!(index.lookup("emails"), &[1]);
        assert_eq!(index.lookup("the emails"), &[0, 1]);
        assert_eq!(index.lookup("an email"), &[0, 1]);
        // Within a scope, the normalised key is asked when the folded key names nothing there.
        assert_eq!(index.lookup_where("emails", |e| e == 0), &[0, 1]);
        assert_eq!(index.lookup_where("emails", |e| e == 1), &[1]);
        assert_eq!(index.lookup_where("emails", |e| e == 2), &[] as &[u32]);
        // Distinct words stay distinct.
        let mut index = NameIndex::default();
        for (i, name) in ["Status", "Statute", "Process", "Processor", "Business", "Businessman"].into_iter().enumerate() {
            assert!(index.insert(name, i as u32).is_empty());
        }
        for (i, name) in ["the status", "statutes", "processes", "processors", "businesses", "a businessman"].into_iter().enumerate() {
            assert_eq!(index.lookup(name), &[i as u32], "{name}");
        }
    }

    #[test]
    fn suggestions_still_find_near_misses_of_plurals() {
        let mut index = NameIndex::default();
        index.insert("Email address", 0);
        index.insert("IP address", 1);
        assert_eq!(index.suggest("emial adresses", 3).first().map(String::as_str), Some("Email address"));
    }
}
