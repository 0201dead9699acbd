//! From a notice's units to a policy file: the notice, activities, categories, bases,
//! recipients, transfers, retention, rights; every rule quoting its unit and marked for review.
//!
//! The drafter reads the way the policy language asks a person to: a permit only where a
//! sentence, item or table row says so plainly; a catch-all, a "for example"/"such as"/"non
//! exhaustive" list, a condition no fact expresses or a negative it cannot scope becomes a
//! `[[finding]]` and a review note, never a permit. Names go through the shared vocabulary
//! first (the core's classifier for categories, name look-up for the rest); what does not fit
//! becomes an entry in the notice's own words.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use noticegate::names::fold;
use noticegate::{Engine, VocabKind};
use regex::Regex;

use crate::segment::{Doc, SectionKind, Unit, UnitKind};

/// Why every drafted table is marked for review.
const REVIEW: &str = "drafted by noticegate draft: check the reading against the quote";

/// A TOML basic string.
pub fn s(x: &str) -> String {
    let mut out = String::with_capacity(x.len() + 2);
    out.push('"');
    for c in x.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn arr(xs: &[String]) -> String {
    format!("[{}]", xs.iter().map(|x| s(x)).collect::<Vec<_>>().join(", "))
}

/// Lower-case ASCII words joined by `_`.
pub fn slug(x: &str) -> String {
    let mut out = String::new();
    for w in noticegate::classify::words(x) {
        let w: String = w.chars().filter(char::is_ascii_alphanumeric).collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&w);
        if out.len() > 40 {
            break;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

#[derive(Clone, Debug)]
struct RuleOut {
    id: String,
    action: &'static str,
    effect: &'static str,
    activities: Vec<String>,
    categories: Vec<String>,
    recipients: Vec<String>,
    countries: Vec<String>,
    rights: Vec<String>,
    when: Vec<(String, String)>,
    section: String,
    quote: String,
    note: Option<String>,
    review: String,
}

#[derive(Clone, Debug)]
struct BasisOut {
    basis: String,
    categories: Vec<String>,
    section: String,
    quote: String,
}

#[derive(Clone, Debug)]
struct ActivityOut {
    id: String,
    label: String,
    parent: Option<String>,
    bases: Vec<BasisOut>,
}

#[derive(Clone, Debug)]
struct RetentionOut {
    id: String,
    records: Vec<String>,
    periods: Vec<(u32, u32, u32, String)>,
    combine: Option<&'static str>,
    schedule: Option<String>,
    section: String,
    quote: String,
}

#[derive(Clone, Debug)]
struct FindingOut {
    id: String,
    kind: &'static str,
    severity: &'static str,
    section: String,
    title: String,
    text: String,
    quotes: Vec<String>,
    ids: Vec<String>,
}

/// The drafted files' contents.
#[derive(Clone, Debug)]
pub struct Output {
    pub notice_id: String,
    pub notice_toml: String,
    pub findings_toml: String,
    pub rules: usize,
    pub findings: usize,
}

/// A policy set a draft joins (a directory of other notices): its names are reused, exactly,
/// so that the set with the draft loads (each name once). Its entries never feed the
/// classifier or the drafting heuristics, which read the built-in vocabulary alone: other
/// drafts' categories are unreviewed, and a label such as "Staff" must not pull "Name" in.
pub struct Joined<'a> {
    pub engine: &'a Engine,
    /// The text of the set's policy files other than this notice's earlier draft: an entry
    /// of that draft which they name is carried over into the new one.
    pub other_files: &'a str,
}

struct Builder<'a> {
    base: &'a Engine,
    joined: Option<&'a Joined<'a>>,
    prefix: String,
    stem: String,
    folded_text: String,
    /// New vocabulary entries: (kind, id, TOML body lines).
    entries: Vec<(VocabKind, String, String)>,
    /// Folded names taken by new entries, per kind.
    taken: HashMap<VocabKind, HashMap<String, String>>,
    ids: HashSet<String>,
    activities: Vec<ActivityOut>,
    rules: Vec<RuleOut>,
    retentions: Vec<RetentionOut>,
    findings: Vec<FindingOut>,
    /// The controller's name: a sentence naming it ("services provided by Cantium") names no recipient.
    controller: String,
}

static ART6: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b6\s*\(\s*1\s*\)\s*\(\s*(ea|[a-f])\s*\)").unwrap());
static ART9: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b9\s*\(\s*2\s*\)\s*\(\s*([a-j])\s*\)").unwrap());
static ART10: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\barticle\s*10\b").unwrap());
static SCHEDULE1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)schedule\s*1\b[^.]{0,30}?\bparagraph\s*(\d+)").unwrap());
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty[- ]five|thirty|forty|fifty|seventy[- ]five|hundred)\s*(years?|months?|weeks?|days?)\b").unwrap()
});
static SCHEDULE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)retention (?:period|schedule)[^A-Za-z0-9]{0,20}(?:period\s+)?([A-Z]{1,5}\s?\d+(?:\.\d+)+|[A-Z]{1,5}\d+)").unwrap());
static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)updated(?: on)?:?\s*(\d{1,2})(?:st|nd|rd|th)?\s+(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{4})").unwrap()
});
static UPDATED_NUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)updated(?: on)?:?\s*(\d{1,2})/(\d{1,2})/(\d{4})").unwrap());
static LETTER_LIST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|\s)[a-z]\.\s*").unwrap());

fn number(word: &str) -> Option<u32> {
    let w = word.to_lowercase().replace(['-', ' '], "");
    Some(match w.as_str() {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "twentyfive" => 25,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "seventyfive" => 75,
        "hundred" => 100,
        _ => return w.parse().ok(),
    })
}

/// Words that make a list open-ended: the items are examples, not the whole.
const CATCH_ALL_INTRO: &[&str] = &[
    "non exhaustive", "non-exhaustive", "not exhaustive", "such as", "for example", "e.g", "eg.", "this could include", "could include",
    "may include", "some of the following", "including but not limited", "not limited to", "includes but", "examples of", "are examples",
    "among others", "amongst others",
];

fn catch_all_intro(text: &str) -> Option<&'static str> {
    let l = text.to_lowercase();
    CATCH_ALL_INTRO.iter().copied().find(|w| l.contains(w))
}

/// A phrase that stands for "and anything else".
fn is_catch_all_phrase(p: &str) -> bool {
    let l = p.to_lowercase();
    let l = l.trim();
    l.starts_with("other ") || l.starts_with("any other") || l == "etc" || l.contains("etc.") || l.ends_with(" etc") || l.contains("and so on")
        || l.starts_with("and other") || l.starts_with("or other") || l.contains("similar")
}

fn negative(text: &str) -> bool {
    let l = format!(" {} ", text.to_lowercase());
    [" not ", " never ", " no ", "n't ", " neither ", " nor "].iter().any(|w| l.contains(w))
}

/// Whether the main clause of a sentence is negative: brackets and the condition after it
/// left out ("… where we have another legitimate interest (providing this is not overridden
/// by your interests)" is not a negative).
fn negative_main_clause(text: &str) -> bool {
    let mut main = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => main.push(c),
            _ => {}
        }
    }
    let l = format!(" {} ", main.to_lowercase());
    let end = [" where ", " if ", " when ", " unless ", " provided ", " providing ", " in the event "].iter().filter_map(|w| l.find(w)).min().unwrap_or(l.len());
    negative(&l[..end])
}

fn conditional(text: &str) -> bool {
    let l = format!(" {} ", text.to_lowercase());
    [" if ", " where ", " when ", " unless ", " in the event ", " provided ", " subject to ", " only "].iter().any(|w| l.contains(w))
}

const SPECIAL_WORDS: &[&str] = &[
    "health", "medical", "racial", "ethnic", "religio", "belief", "trade union", "genetic", "biometric", "sex life", "sexual", "political",
    "disabilit",
];
const CRIMINAL_WORDS: &[&str] = &["criminal", "offence", "conviction"];

impl<'a> Builder<'a> {
    fn unique_id(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }

    /// An entry of the shared vocabulary, or of the set being joined, under this name. An
    /// entry of an earlier draft of this notice is not reused: the new draft defines it again
    /// (its id is made the same way, from the notice's prefix and the name).
    fn base_id(&self, kind: VocabKind, name: &str) -> Option<String> {
        let joined = self.joined.map(|j| j.engine);
        for engine in std::iter::once(self.base).chain(joined) {
            let table = engine.policy().vocab.table(kind);
            if let [one] = table.names.lookup(name) {
                let id = &table.entries[*one as usize].id;
                return (!self.is_own(id)).then(|| id.clone());
            }
        }
        None
    }

    /// An id made by drafting this notice (now or in an earlier draft of it).
    fn is_own(&self, id: &str) -> bool {
        id.strip_prefix(self.prefix.as_str()).is_some_and(|rest| rest.starts_with('.'))
    }

    /// An entry of the shared vocabulary by name, or a new one in the notice's words.
    fn entry(&mut self, kind: VocabKind, label: &str, extra: &[(&str, String)]) -> String {
        if let Some(id) = self.base_id(kind, label) {
            return id;
        }
        let key = fold(label);
        if let Some(id) = self.taken.get(&kind).and_then(|m| m.get(&key)) {
            return id.clone();
        }
        let id = self.unique_id(format!("{}.{}.{}", self.prefix, kind.name(), slug(label)));
        let mut body = format!("id = {}\nlabel = {}\n", s(&id), s(label));
        for (k, v) in extra {
            body.push_str(&format!("{k} = {v}\n"));
        }
        self.entries.push((kind, id.clone(), body));
        self.taken.entry(kind).or_default().insert(key, id.clone());
        id
    }

    /// A category for a phrase of the notice: the classifier's where one fits, else a new
    /// one in the notice's words (beneath special category or criminal offence data when its
    /// words say so, else beneath `parent`).
    fn category(&mut self, phrase: &str, parent: Option<&str>) -> Option<String> {
        let phrase = clean_phrase(phrase)?;
        if let Some(id) = self.base_id(VocabKind::Category, &phrase) {
            return Some(id);
        }
        if let Some(id) = self.taken.get(&VocabKind::Category).and_then(|m| m.get(&fold(&phrase))) {
            return Some(id.clone());
        }
        let c = self.base.classify(&phrase);
        let content: Vec<String> = noticegate::classify::words(&phrase)
            .into_iter()
            .filter(|w| !["of", "and", "or", "the", "a", "data", "information", "details", "your", "for", "to", "in", "on"].contains(&w.as_str()))
            .collect();
        if let Some(id) = &c.category {
            let matched = c.matched_words.len();
            if matched * 2 >= content.len().max(1) {
                // A top-level class ("identity" for "date of birth") would permit every kind
                // beneath it: the phrase becomes a category of its own beneath the class.
                if !self.is_broad_class(VocabKind::Category, id) {
                    return Some(id.clone());
                }
                let extra = [("parent", s(id))];
                return Some(self.entry(VocabKind::Category, &phrase, &extra));
            }
        }
        let l = phrase.to_lowercase();
        // "Personal data relating to criminal convictions or offences" is the class itself.
        if l.contains("criminal conviction") && l.contains("offence") {
            return Some("criminal_offence".to_string());
        }
        let parent = if CRIMINAL_WORDS.iter().any(|w| l.contains(w)) {
            Some("criminal_offence".to_string())
        } else if SPECIAL_WORDS.iter().any(|w| l.contains(w)) || l.contains("special categor") {
            if l.contains("special categor") {
                return Some("special".to_string());
            }
            Some("special".to_string())
        } else {
            parent.map(str::to_string)
        };
        let extra: Vec<(&str, String)> = parent.into_iter().map(|p| ("parent", s(&p))).collect();
        Some(self.entry(VocabKind::Category, &phrase, &extra))
    }

    /// Whether an entry of the shared vocabulary is a top-level class with entries beneath it
    /// ("identity", "financial").
    fn is_broad_class(&self, kind: VocabKind, id: &str) -> bool {
        let table = self.base.policy().vocab.table(kind);
        match table.names.lookup(id) {
            [one] => table.entries[*one as usize].parent.is_none() && table.entries.iter().any(|e| e.parent == Some(*one)),
            _ => false,
        }
    }

    fn rule(&mut self, r: RuleOut) -> String {
        let id = r.id.clone();
        self.rules.push(r);
        id
    }

    fn rule_id(&mut self, action: &str, what: &str) -> String {
        let base = format!("{}.{action}.{}", self.prefix, slug(what));
        self.unique_id(base)
    }

    fn finding(&mut self, section: &str, title: &str, text: &str, quotes: Vec<String>, ids: Vec<String>, severity: &'static str) {
        let id = self.unique_id(format!("{}.finding.{}", self.prefix, slug(title)));
        let quotes = quotes.into_iter().filter(|q| self.folded_text.contains(&fold_ws(q))).collect();
        self.findings.push(FindingOut {
            id,
            kind: "not-encoded",
            severity,
            section: format!("Drafting: {}", if section.is_empty() { "before the first heading" } else { section }),
            title: title.to_string(),
            text: text.to_string(),
            quotes,
            ids,
        });
    }

}

fn fold_ws(x: &str) -> String {
    x.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Trims list punctuation and connectives; `None` for nothing left, a catch-all or a
/// phrase too long to be a category's name.
fn clean_phrase(p: &str) -> Option<String> {
    let mut t = p.trim().trim_matches(|c: char| c.is_whitespace() || ",.;:()[]•-–".contains(c)).to_string();
    for lead in ["and ", "or ", "e.g., ", "e.g. ", "eg ", "i.e. ", "including ", "such as ", "a ", "b ", "c "] {
        if t.to_lowercase().starts_with(lead) {
            t = t[lead.len()..].trim().to_string();
        }
    }
    let t = t.trim_matches(|c: char| c.is_whitespace() || ",.;:()".contains(c)).to_string();
    let words = t.split_whitespace().count();
    if t.is_empty() || words > 10 || is_catch_all_phrase(&t) || !t.chars().any(char::is_alphabetic) || t.len() < 2 {
        return None;
    }
    if ["e.g", "eg", "i.e", "etc"].contains(&t.to_lowercase().as_str()) {
        return None;
    }
    Some(t)
}

/// An item "Headline e.g., a, b, c" or "Headline (a, b)" as its headline, its parts in
/// brackets (a definition), its examples, whether it is open-ended, and the catch-all that
/// ends it ("… and other information about your device"), if one does.
fn split_item(base: &Engine, text: &str) -> (String, Vec<String>, Vec<String>, bool, Option<String>) {
    // The item's first sentence names it; the sentences after it describe it.
    let text = crate::segment::sentences(text).first().copied().unwrap_or(text);
    // "Headline - where recorded, …": a dash ends the name.
    let text = [" - ", " – "].iter().filter_map(|d| text.find(d)).min().map_or(text, |i| &text[..i]);
    let lower = text.to_lowercase();
    let markers = [" e.g.", " e.g ", " eg ", " such as ", " for example", " including ", " for instance"];
    let cut = markers.iter().filter_map(|m| lower.find(m)).min();
    let (head, examples_text) = match cut {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    };
    // "Details of which version of web browser you used and other information about your
    // device": the named part is the item; the catch-all at its end leaves it open.
    let head_lower = head.to_lowercase();
    let catch_all_end = [" and other ", " or other ", " and any other ", " or any other ", ", other "].iter().filter_map(|w| head_lower.find(w)).min();
    let catch_all = catch_all_end.map(|i| head[i..].trim_start_matches(',').trim().to_string());
    let head = catch_all_end.map_or(head, |i| &head[..i]);
    let (headline, parts) = match head.find('(') {
        Some(i) if head.trim_end().ends_with(')') => (&head[..i], split_list(base, &head[i + 1..head.trim_end().len() - 1])),
        _ => (head, Vec::new()),
    };
    let mut examples = split_list(base, examples_text);
    let open = !examples_text.is_empty() || catch_all_end.is_some() || examples.iter().any(|e| is_catch_all_phrase(e)) || lower.contains("etc");
    examples.retain(|e| !is_catch_all_phrase(e));
    (headline.trim().trim_end_matches([',', ':', ';']).trim().to_string(), parts, examples, open, catch_all)
}

/// A short name in brackets ("internet protocol (IP) address"): part of the phrase, not a list.
static SHORT_BRACKETS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(([A-Z][A-Za-z0-9&. ]{0,12})\)").unwrap());

/// A list's members. In "a, b and c, d and e" the list's own "and" is the last one, before its
/// last member; an "and" inside an earlier member joins the two halves of one thing ("browser
/// type and version, time zone setting and location, …"), which stays whole unless each half
/// is a category of the vocabulary on its own ("names and contact details").
fn split_list(base: &Engine, text: &str) -> Vec<String> {
    let known = |x: &str| base.policy().vocab.table(VocabKind::Category).names.lookup(x.trim()).len() == 1;
    let t = text.replace(" e.g.,", ",").replace(" e.g.", ",").replace("e.g.,", ",").replace(" such as ", ",").replace(" including ", ",");
    let t = SHORT_BRACKETS.replace_all(&t, "\u{1}$1\u{2}");
    let members: Vec<String> = t.split([',', ';', '(', ')']).map(|p| p.replace('\u{1}', "(").replace('\u{2}', ")")).filter(|p| !p.trim().is_empty()).collect();
    let serial = members.len() > 1;
    let last = members.len().saturating_sub(1);
    members
        .into_iter()
        .enumerate()
        .flat_map(|(i, p)| match p.rfind(" and ") {
            Some(at) if serial && i < last && !(known(&p[..at]) && known(&p[at + 5..])) => vec![p],
            Some(at) if serial => vec![p[..at].to_string(), p[at + 5..].to_string()],
            _ => p.split(" and ").map(str::to_string).collect::<Vec<_>>(),
        })
        .flat_map(|p| if p.split_whitespace().count() > 3 { p.split(" or ").map(str::to_string).collect() } else { vec![p] })
        .filter_map(|p| {
            let p = p.trim().trim_start_matches("for example").trim_start_matches("e.g").trim().to_string();
            (!p.is_empty()).then_some(p)
        })
        .collect()
}

/// The subject of a sentence as categories: a list ("Names, addresses and dates of birth")
/// split as lists are; a lone "a and b" split only when each half is a category of the
/// vocabulary on its own ("The messages and data exchanged" is one thing).
fn split_subject(base: &Engine, subject: &str) -> Vec<String> {
    if subject.contains([',', ';']) {
        return split_list(base, subject);
    }
    let known = |x: &str| base.policy().vocab.table(VocabKind::Category).names.lookup(x.trim()).len() == 1;
    match subject.split_once(" and ") {
        Some((l, r)) if known(l) && known(r) => vec![l.trim().to_string(), r.trim().to_string()],
        _ => vec![subject.to_string()],
    }
}

/// The lawful bases a piece of text names: Article references always; the usual wordings
/// when `wordings` (a basis section or a table's basis column).
fn bases_in(text: &str, wordings: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |b: String| {
        if !out.contains(&b) {
            out.push(b);
        }
    };
    for c in ART6.captures_iter(text) {
        add(format!("art6_1_{}", c[1].to_lowercase()));
    }
    for c in ART9.captures_iter(text) {
        add(format!("art9_2_{}", c[1].to_lowercase()));
    }
    for c in SCHEDULE1.captures_iter(text) {
        add(format!("dpa_sch1_para{}", &c[1]));
    }
    if ART10.is_match(text) {
        add("art10".to_string());
    }
    if !wordings {
        return out;
    }
    let l = text.to_lowercase();
    let (general, special) = match l.find("special categor") {
        Some(i) => (&l[..i], &l[i..]),
        None => (l.as_str(), ""),
    };
    let has = |t: &str, w: &str| t.contains(w);
    for (t, art9) in [(general, false), (special, true)] {
        let explicit = t.matches("explicit consent").count();
        if explicit > 0 {
            add("art9_2_a".into());
        }
        if !art9 && t.matches("consent").count() > explicit {
            add("art6_1_a".into());
        }
        if !art9 || has(t, "public task") {
            if has(t, "public task") || has(t, "task carried out in the public interest") || has(t, "task in the public interest") || has(t, "official authority") {
                add("art6_1_e".into());
            }
            if has(t, "legal obligation") {
                add("art6_1_c".into());
            }
            if has(t, "performance of a contract") || has(t, "performance of contract") || has(t, "contract with you") || has(t, "contractual obligation") || has(t, "performance of the contract") {
                add("art6_1_b".into());
            }
            if has(t, "recognised legitimate interest") {
                add("art6_1_ea".into());
            } else if has(t, "legitimate interest") {
                add("art6_1_f".into());
            }
            if has(t, "vital interest") {
                add("art6_1_d".into());
            }
        }
        if has(t, "social protection") || has(t, "employment field") || (has(t, "employment") && has(t, "social security")) {
            add("art9_2_b".into());
        }
        if has(t, "legal claims") || has(t, "judicial capacity") {
            add("art9_2_f".into());
        }
        if has(t, "substantial public interest") {
            add("art9_2_g".into());
        }
        if has(t, "health or social care") || has(t, "health and social care") || has(t, "occupational health") || has(t, "medical diagnosis") {
            add("art9_2_h".into());
        }
        if has(t, "public health") {
            add("art9_2_i".into());
        }
        if has(t, "archiving purposes") || has(t, "historical research") || has(t, "statistical purposes") {
            add("art9_2_j".into());
        }
    }
    out
}

/// The Article 6(1)(x) and 9(2)(x) references of a text, as basis ids.
pub fn article_references(text: &str) -> std::collections::BTreeSet<String> {
    bases_in(text, false).into_iter().filter(|b| b.starts_with("art")).collect()
}

fn is_art9(b: &str) -> bool {
    b.starts_with("art9") || b.starts_with("dpa_sch1") || b == "art10"
}

/// The service the notice is about, from its title ("Community Directory Privacy Policy").
fn title_of(doc: &Doc) -> (String, String) {
    for u in doc.units.iter().take(40) {
        let l = u.text.to_lowercase();
        for w in ["privacy notice", "privacy policy", "privacy statement", "data protection notice", "fair processing notice"] {
            if let Some(i) = l.find(w) {
                if u.text.split_whitespace().count() <= 14 {
                    let label = u.text[..i].trim().trim_end_matches([':', '-', '–', '|']).trim().to_string();
                    let label = if label.is_empty() { u.text[i + w.len()..].trim().trim_start_matches([':', '-', '–', '|']).trim().to_string() } else { label };
                    return (u.text.clone(), label);
                }
            }
        }
    }
    let first = doc.units.iter().find(|u| u.kind == UnitKind::Heading).or(doc.units.first()).map_or("Privacy notice".to_string(), |u| u.text.clone());
    (first.clone(), first)
}

fn controller_of(doc: &Doc) -> Option<String> {
    let re = Regex::new(r"^(?:At\s+)?([A-Z][A-Za-z&.,'’ ()-]{2,80}?)\s+(?:\([^)]*\)\s+)?(?:collects|is responsible|is the (?:data )?controller|is a (?:data )?controller|are the (?:data )?controller|is registered as a (?:data )?controller|respects your privacy|is committed)").unwrap();
    let mut ordered: Vec<&Unit> = doc.units.iter().filter(|u| doc.section_of(u).kind == SectionKind::Identity).collect();
    ordered.extend(doc.units.iter());
    for u in ordered {
        if let Some(c) = re.captures(&u.text) {
            let name = c[1].trim().to_string();
            // A name, not a description ("Each service that collects …"): its words capitalised.
            let proper = name.split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "(&".contains(c)) || ["of", "and", "for", "the"].contains(&w));
            if proper && !["We", "This", "It", "The council"].contains(&name.as_str()) {
                return Some(full_name(doc, &name).unwrap_or(name));
            }
        }
    }
    None
}

/// The name a short name abbreviates where the notice defines it: "Cantium Business Solutions
/// (Cantium)", "Kent County Council (“KCC”)": the capitalised words before the brackets.
fn full_name(doc: &Doc, short: &str) -> Option<String> {
    let quoted = ["", "\"", "“", "‘", "'"].map(|q| format!("({q}{short}"));
    doc.units.iter().find_map(|u| {
        let at = quoted.iter().filter_map(|q| u.text.find(q.as_str())).min()?;
        let close = u.text[at..].find(')')? + at;
        if !u.text[at + 1..close].trim_matches(|c: char| "\"“”‘’'".contains(c)).eq(short) {
            return None;
        }
        let mut words: Vec<&str> = u.text[..at]
            .split_whitespace()
            .rev()
            .take_while(|w| w.starts_with(char::is_uppercase) || ["&", "and", "of", "for"].contains(w))
            .take(9)
            .collect();
        words.reverse();
        let words: Vec<&str> = words.into_iter().skip_while(|w| !w.starts_with(char::is_uppercase) || ["At", "The", "In", "For", "By", "Welcome", "From"].contains(w)).collect();
        (words.len() >= 2 && words.last().is_some_and(|w| w.starts_with(char::is_uppercase))).then(|| words.join(" "))
    })
}

fn date_of(text: &str) -> Option<String> {
    if let Some(c) = UPDATED.captures(text) {
        let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
        let m = months.iter().position(|m| *m == c[2].to_lowercase())? + 1;
        let d: u32 = c[1].parse().ok()?;
        let date = noticegate::Date::from_ymd(c[3].parse().ok()?, m as u32, d)?;
        let (y, m, d) = date.ymd();
        return Some(format!("{y:04}-{m:02}-{d:02}"));
    }
    let c = UPDATED_NUM.captures(text)?;
    let date = noticegate::Date::from_ymd(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)?;
    let (y, m, d) = date.ymd();
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Names of a vocabulary kind that occur, as whole words, in a text: (entry id, name).
fn names_in(engine: &Engine, kind: VocabKind, text: &str, min_len: usize) -> Vec<(String, String)> {
    let words = format!(" {} ", noticegate::classify::words(text).join(" "));
    let table = engine.policy().vocab.table(kind);
    let mut out: Vec<(String, String)> = Vec::new();
    for e in &table.entries {
        let mut best: Option<&str> = None;
        for name in std::iter::once(&e.label).chain(e.aliases.iter()) {
            let w = noticegate::classify::words(name).join(" ");
            if w.len() >= min_len && words.contains(&format!(" {w} ")) && best.is_none_or(|b| b.len() < name.len()) {
                best = Some(name);
            }
        }
        if let Some(b) = best {
            out.push((e.id.clone(), b.to_string()));
        }
    }
    // Keep the longest names: "professional advisers" rather than "advisers" inside it.
    let all = out.clone();
    out.retain(|(_, n)| !all.iter().any(|(_, m)| m.len() > n.len() && fold(m).contains(&fold(n))));
    out
}

/// Drafts a policy file for a notice text.
pub fn draft(base: &Engine, joined: Option<&Joined<'_>>, stem: &str, text: &str, doc: &Doc) -> Output {
    let prefix = slug(stem).chars().take(24).collect::<String>();
    let mut b = Builder {
        base,
        joined,
        prefix: prefix.clone(),
        stem: stem.to_string(),
        folded_text: fold_ws(text),
        entries: Vec::new(),
        taken: HashMap::new(),
        ids: HashSet::new(),
        activities: Vec::new(),
        rules: Vec::new(),
        retentions: Vec::new(),
        findings: Vec::new(),
        controller: String::new(),
    };
    let (title, service) = title_of(doc);
    let controller = controller_of(doc).unwrap_or_else(|| service.clone());
    b.controller = controller.clone();
    let lower = text.to_lowercase();
    let role = if lower.contains("controller or processor") || lower.contains("‘controller’ or ‘processor’") || lower.contains("either a ‘controller’") {
        "controller_or_processor"
    } else {
        "controller"
    };
    let notice_id = prefix.to_string();
    b.ids.insert(notice_id.clone());
    let main_label = if service.is_empty() { title.clone() } else { service.clone() };
    let main = b.unique_id(format!("{prefix}.{}", slug(&main_label)));
    b.activities.push(ActivityOut { id: main.clone(), label: main_label.clone(), parent: None, bases: Vec::new() });
    let mut labels: HashSet<String> = HashSet::from([fold(&main_label)]);

    // Activities: table rows under a purpose/activity header; services listed as such.
    let mut row_activity: HashMap<usize, usize> = HashMap::new();
    let mut service_items: HashSet<usize> = HashSet::new();
    for (i, u) in doc.units.iter().enumerate() {
        if u.kind == UnitKind::Row {
            if let Some(h) = u.header {
                let header: Vec<String> = doc.units[h].cells.iter().map(|c| c.to_lowercase()).collect();
                let col = header.iter().position(|c| c.contains("purpose") || c.contains("activity") || c.contains("how we use"));
                if let Some(cell) = col.and_then(|c| u.cells.get(c)).filter(|_| u.cells.len() >= 2) {
                    let label = crate::segment::sentences(cell).first().map_or(cell.as_str(), |s| s).trim_end_matches('.').trim().to_string();
                    if labels.insert(fold(&label)) && label.split_whitespace().count() <= 40 {
                        let id = b.unique_id(format!("{prefix}.{}", slug(&label)));
                        row_activity.insert(i, b.activities.len());
                        b.activities.push(ActivityOut { id, label, parent: None, bases: Vec::new() });
                    }
                }
            }
        }
        if u.kind == UnitKind::Item {
            if let Some(intro) = u.intro {
                let it = doc.units[intro].text.to_lowercase();
                let kind = doc.section_of(u).kind;
                if it.contains("services") && it.ends_with(':') && (it.contains("offer") || it.contains("provide") || it.contains("including")) && !crate::phrases::introduces_collection(&doc.units[intro].text)
                    && matches!(kind, SectionKind::Preamble | SectionKind::Identity | SectionKind::Other | SectionKind::Collect)
                {
                    service_items.insert(i);
                    let label = crate::phrases::strip_list_lead_in(&u.text);
                    if label.split_whitespace().count() <= 8 && labels.insert(fold(&label)) {
                        let id = b.unique_id(format!("{prefix}.{}", slug(&label)));
                        b.activities.push(ActivityOut { id, label, parent: Some(main.clone()), bases: Vec::new() });
                    }
                }
            }
        }
    }

    let mut flagged_intros: HashSet<usize> = HashSet::new();
    for (i, u) in doc.units.iter().enumerate() {
        let section = doc.section_of(u).clone();
        let heading = section.title.clone();
        // Bases: Article references anywhere; the usual wordings in the bases section.
        if u.kind != UnitKind::Row && u.kind != UnitKind::Heading {
            // A unit of a few words naming a basis is a table's basis cell (PDF tables come out
            // one cell per line): "Performance of contract", "Legitimate interest".
            let basis_cell = u.text.split_whitespace().count() <= 5 && !negative(&u.text);
            let in_basis = section.kind == SectionKind::Basis || basis_cell;
            for basis in bases_in(&u.text, in_basis) {
                let categories = if is_art9(&basis) { vec!["special".to_string()] } else { vec![] };
                let basis = ensure_basis(&mut b, &basis);
                let main_bases = &mut b.activities[0].bases;
                if !main_bases.iter().any(|x| x.basis == basis) {
                    main_bases.push(BasisOut { basis, categories, section: heading.clone(), quote: u.text.clone() });
                }
            }
        }
        // Automated decisions.
        let l = u.text.to_lowercase();
        if u.kind == UnitKind::Sentence && (l.contains("automated decision") || l.contains("automated decision-making") || l.contains("solely automated")) {
            if negative(&u.text) && !conditional(&u.text) {
                let id = b.rule_id("automated_decision", "none");
                b.rule(RuleOut {
                    id,
                    action: "automated_decision",
                    effect: "deny",
                    activities: vec![],
                    categories: vec![],
                    recipients: vec![],
                    countries: vec![],
                    rights: vec![],
                    when: vec![],
                    section: heading.clone(),
                    quote: u.text.clone(),
                    note: Some("A negative sentence about automated decisions, read as a notice-wide prohibition.".into()),
                    review: format!("{REVIEW}: a negative about automated decisions"),
                });
            } else {
                b.finding(&heading, &format!("Automated decisions: {}", short(&u.text)), "The sentence speaks of automated decisions or profiling; the drafter writes no permit for them.", vec![u.text.clone()], vec![], "info");
            }
        }
        // Not in the transfer section's own sentences, but in the subsections a notice puts
        // after it ("Our website"), which a heading outside the template does not end.
        let in_transfer_subsection = section.kind == SectionKind::Transfer && doc.units[..i].iter().rev().find(|x| x.kind == UnitKind::Heading).is_some_and(|h| crate::segment::heading_kind(&h.text) != Some(SectionKind::Transfer));
        if u.kind == UnitKind::Sentence
            && (in_transfer_subsection || !matches!(section.kind, SectionKind::Share | SectionKind::Rights | SectionKind::Retention | SectionKind::Contact | SectionKind::Transfer | SectionKind::Basis))
        {
            collect_sentence(&mut b, u, &heading, &main);
        }
        if matches!(u.kind, UnitKind::Sentence | UnitKind::Item) && section.kind != SectionKind::Rights {
            marketers(&mut b, u, &heading);
        }
        // "Recordings are stored securely for a maximum of 6 months" outside the retention
        // section: a retention statement all the same (a rule when it names the date the
        // period runs from, else a finding).
        if u.kind == UnitKind::Sentence && section.kind != SectionKind::Retention && crate::phrases::says_stored(&u.text) && PERIOD.is_match(&u.text) {
            retention(&mut b, doc, u, &heading);
        }
        match (section.kind, u.kind) {
            // Categories: list items of the collection section.
            (_, UnitKind::Item)
                if !service_items.contains(&i)
                    && (section.kind == SectionKind::Collect
                        || (u.intro.is_some_and(|x| crate::phrases::introduces_collection(&doc.units[x].text))
                            && !matches!(section.kind, SectionKind::Share | SectionKind::Rights))) =>
            {
                let intro_text = u.intro.map(|x| doc.units[x].text.clone()).unwrap_or_default();
                if negative(&intro_text) && !intro_text.is_empty() {
                    b.finding(&heading, &format!("Not collected: {}", short(&u.text)), "The list is introduced by a negative sentence; the drafter writes no rule for it. A reviewer may write a deny.", vec![intro_text.clone(), u.text.clone()], vec![], "info");
                    continue;
                }
                let (mut headline, parts, examples, open, catch_all) = split_item(base, &u.text);
                // An item that is itself a list ("Device names, applications used, administrator
                // names and email addresses"): each member a category, the first the headline.
                let mut members: Vec<String> = Vec::new();
                if parts.is_empty() && (headline.contains(", ") || headline.contains("; ")) {
                    let split = split_list(base, &headline);
                    if split.len() >= 2 && split.iter().all(|m| m.split_whitespace().count() <= 6) {
                        headline = split[0].clone();
                        members = split[1..].to_vec();
                    }
                }
                let Some(head_id) = b.category(&headline, None) else {
                    b.finding(&heading, &format!("Catch-all item: {}", short(&u.text)), "The item names no category of its own (a catch-all); no permit is drafted for it.", vec![u.text.clone()], vec![], "warning");
                    continue;
                };
                let head_is_new = head_id.starts_with(&format!("{prefix}."));
                // A headline that names no kind of information ("Personal information such as
                // name, …") would permit everything: its named examples stand in for it.
                let generic_head = crate::phrases::generic(&headline) && !examples.is_empty();
                let mut cats = if generic_head { Vec::new() } else { vec![head_id.clone()] };
                for p in &parts {
                    if let Some(c) = b.category(p, head_is_new.then_some(head_id.as_str())) {
                        if !cats.contains(&c) {
                            cats.push(c);
                        }
                    }
                }
                for m in &members {
                    if let Some(c) = b.category(m, None) {
                        if !cats.contains(&c) {
                            cats.push(c);
                        }
                    }
                }
                // The examples the item names are collected, as named; what else they stand for is not.
                let mut example_ids = Vec::new();
                for e in &examples {
                    if let Some(c) = b.category(e, (head_is_new && !generic_head).then_some(head_id.as_str())) {
                        if !cats.contains(&c) && !example_ids.contains(&c) {
                            example_ids.push(c);
                        }
                    }
                }
                cats.extend(example_ids.iter().cloned());
                if cats.is_empty() {
                    cats.push(head_id.clone());
                }
                let id = b.rule_id("collect", &headline);
                let open_intro = catch_all_intro(&intro_text);
                let note = if let Some(tail) = &catch_all {
                    Some(format!("The item ends with a catch-all (\"{tail}\"): the permit covers what it names; the catch-all is a finding."))
                } else if open || open_intro.is_some() {
                    Some(format!(
                        "The notice gives examples (\"{}\"), not a complete list: the permit covers {} as named{}; the examples' open end is a finding.",
                        if open { "e.g." } else { open_intro.unwrap_or("") },
                        if generic_head { "the examples".to_string() } else { format!("\"{headline}\"") },
                        if example_ids.is_empty() || generic_head { String::new() } else { format!(", and the examples it names ({})", example_ids.join(", ")) }
                    ))
                } else {
                    None
                };
                let rid = b.rule(RuleOut {
                    id,
                    action: "collect",
                    effect: "permit",
                    activities: vec![main.clone()],
                    categories: cats,
                    recipients: vec![],
                    countries: vec![],
                    rights: vec![],
                    when: vec![],
                    section: heading.clone(),
                    quote: u.text.clone(),
                    note,
                    review: format!(
                        "{REVIEW}: a category of the collection list{}",
                        if catch_all.is_some() { "; the item ends with a catch-all, see the finding" } else if open { "; the item lists examples (e.g.), see the finding" } else { "" }
                    ),
                });
                if let Some(tail) = &catch_all {
                    b.finding(&heading, &format!("Catch-all end of an item: {}", short(tail)), &format!("\"{headline}\" ends with \"{tail}\", which names no category of its own. The drafted permit `{rid}` covers what the item names; the catch-all is not permitted until a reviewer decides what it stands for."), vec![u.text.clone()], vec![rid.clone()], "warning");
                } else if open {
                    b.finding(&heading, &format!("Examples, not a complete list: {}", short(&headline)), &format!("\"{}\" is followed by examples. The drafted permit `{rid}` covers the named category; whatever else the examples stand for is not permitted until a reviewer decides.", headline), vec![u.text.clone()], vec![rid.clone()], "warning");
                }
                if let (Some(w), Some(x)) = (open_intro, u.intro) {
                    if flagged_intros.insert(x) {
                        b.finding(&heading, &format!("Open-ended list: {}", short(&intro_text)), &format!("The list is introduced with \"{w}\": the items are examples; anything beyond them is not permitted."), vec![intro_text.clone()], vec![], "warning");
                    }
                }
            }
            // Table rows: a purpose/activity row gives categories and bases for its activity.
            (_, UnitKind::Row) if row_activity.contains_key(&i) || u.header.is_some_and(|h| doc.units[h].cells.iter().any(|c| c.to_lowercase().contains("basis") || c.to_lowercase().contains("information we collect"))) => {
                let a = row_activity.get(&i).copied().unwrap_or(0);
                let header = doc.units[u.header.unwrap()].cells.iter().map(|c| c.to_lowercase()).collect::<Vec<_>>();
                let col = |w: &[&str]| header.iter().position(|h| w.iter().any(|x| h.contains(x)));
                let cat_col = col(&["type", "data", "categor", "information we collect", "information"]).filter(|&c| Some(c) != col(&["purpose", "activity", "how we use"]));
                let basis_col = col(&["basis", "lawful", "legal"]).filter(|&c| c > 0);
                let mut cats = Vec::new();
                if let Some(c) = cat_col.and_then(|c| u.cells.get(c)) {
                    for part in LETTER_LIST.split(c) {
                        for p in split_list(base, part) {
                            if let Some(id) = b.category(&p, None) {
                                if !cats.contains(&id) {
                                    cats.push(id);
                                }
                            }
                        }
                    }
                }
                let act = b.activities[a].id.clone();
                // "We will not share this information with any 3rd party organisation." in a
                // cell: a prohibition for the row's activity.
                for cell in &u.cells {
                    for sentence in crate::segment::sentences(cell) {
                        let mentions = crate::phrases::recipients_in(sentence);
                        if mentions.is_empty() || !negative_main_clause(sentence) {
                            continue;
                        }
                        if row_activity.contains_key(&i) {
                            let shared = shared_categories(&mut b, sentence);
                            prohibition(&mut b, sentence, &mentions, &shared, &heading, vec![act.clone()]);
                        } else {
                            b.finding(&heading, &format!("A prohibition not drafted: {}", short(sentence)), "A negative sentence about sharing in a table row that is no activity of its own: no deny is drafted, as its scope cannot be told; a reviewer writes it.", vec![sentence.to_string()], vec![], "warning");
                        }
                    }
                }
                if !cats.is_empty() {
                    let id = b.rule_id("collect", &b.activities[a].label.clone());
                    b.rule(RuleOut {
                        id,
                        action: "collect",
                        effect: "permit",
                        activities: vec![act.clone()],
                        categories: cats.clone(),
                        recipients: vec![],
                        countries: vec![],
                        rights: vec![],
                        when: vec![],
                        section: heading.clone(),
                        quote: u.text.clone(),
                        note: Some("The row's type-of-data column, read as the categories collected for its purpose.".into()),
                        review: format!("{REVIEW}: categories from the table row"),
                    });
                }
                if let Some(c) = basis_col.and_then(|c| u.cells.get(c)) {
                    let special: Vec<String> = cats.iter().filter(|c| is_special(&b, c)).cloned().collect();
                    for basis in bases_in(c, true) {
                        let categories = if is_art9(&basis) { if special.is_empty() { vec!["special".to_string()] } else { special.clone() } } else { vec![] };
                        let basis = ensure_basis(&mut b, &basis);
                        b.activities[a].bases.push(BasisOut { basis, categories, section: heading.clone(), quote: u.text.clone() });
                    }
                }
            }
            // Recipients: the sharing section's items and sentences.
            (SectionKind::Share, UnitKind::Item) => {
                let intro_text = u.intro.map(|x| doc.units[x].text.clone()).unwrap_or_default();
                // "Internal teams, such as case management and finance": the examples describe the recipient.
                let text = ["such as", " e.g", " for example", " including"].iter().filter_map(|m| u.text.find(m)).min().map_or(u.text.as_str(), |i| &u.text[..i]);
                let label = text.trim().trim_end_matches(['.', ',', ';', ':']).trim().to_string();
                if is_catch_all_phrase(&label) || label.split_whitespace().count() > 14 {
                    b.finding(&heading, &format!("Unnamed recipients: {}", short(&label)), "The item does not name a recipient (a catch-all or a sentence); no permit is drafted.", vec![u.text.clone()], vec![], "warning");
                    continue;
                }
                let rid = match b.recipient(&label, false) {
                    Named::Entry(id) => id,
                    Named::Class => b.entry(VocabKind::Recipient, &label, &[("parent", s("third_party"))]),
                };
                if let Some(w) = catch_all_intro(&intro_text).filter(|_| !negative(&intro_text)) {
                    if let Some(x) = u.intro {
                        if flagged_intros.insert(x) {
                            b.finding(&heading, &format!("Open-ended list of recipients: {}", short(&intro_text)), &format!("The recipients are introduced with \"{w}\": the list is not complete, and the drafter writes no permit from it. The named recipients are in the vocabulary; a reviewer decides whether, and under what conditions, each is permitted."), vec![intro_text.clone()], vec![], "warning");
                        }
                    }
                    b.finding(&heading, &format!("Recipient in an open-ended list: {}", short(&label)), &format!("Recipient `{rid}` is named in a list introduced with \"{w}\"; no share permit is drafted."), vec![u.text.clone()], vec![], "info");
                    continue;
                }
                if negative(&intro_text) {
                    b.finding(&heading, &format!("Not shared with: {}", short(&label)), "The list is introduced by a negative sentence; the drafter writes no deny it cannot scope.", vec![intro_text, u.text.clone()], vec![], "info");
                    continue;
                }
                let id = b.rule_id("share", &label);
                b.rule(RuleOut {
                    id,
                    action: "share",
                    effect: "permit",
                    activities: vec![main.clone()],
                    categories: vec![],
                    recipients: vec![rid],
                    countries: vec![],
                    rights: vec![],
                    when: vec![],
                    section: heading.clone(),
                    quote: u.text.clone(),
                    note: (!intro_text.is_empty()).then(|| format!("A recipient of the list introduced by \"{}\".", short(&intro_text))),
                    review: format!("{REVIEW}: a recipient of the sharing list; the notice's conditions for sharing (if any) are not encoded"),
                });
            }
            // A sentence, or a heading that is one ("Customer information may be shared within the … Group").
            (_, UnitKind::Sentence | UnitKind::Heading)
                if !matches!(section.kind, SectionKind::Rights | SectionKind::Contact | SectionKind::Retention)
                    && (u.kind == UnitKind::Sentence || u.text.split_whitespace().count() >= 6)
                    && ((section.kind == SectionKind::Share && u.kind == UnitKind::Sentence) || !crate::phrases::recipients_in(&u.text).is_empty()) =>
            {
                sharing_sentence(&mut b, u, &heading);
            }
            (SectionKind::Retention, _) if u.kind != UnitKind::Heading => retention(&mut b, doc, u, &heading),
            (SectionKind::Rights, UnitKind::Item) => {
                let intro_text = u.intro.map(|x| doc.units[x].text.clone()).unwrap_or_default();
                let found = names_in(base, VocabKind::Right, &u.text, 6);
                let Some((right, _)) = found.first() else { continue };
                let il = intro_text.to_lowercase();
                if il.contains("depending") || il.contains("may also") || il.contains("in some circumstances") || il.contains("certain circumstances") {
                    b.finding(&heading, &format!("A right that depends on the basis: {}", short(&u.text)), &format!("The notice says `{right}` applies depending on the reason for processing; the law's table (law/rights.toml) decides it by basis, so no rule is drafted."), vec![intro_text.clone(), u.text.clone()], vec![], "info");
                    continue;
                }
                let id = b.rule_id("rights", right);
                b.rule(RuleOut {
                    id,
                    action: "rights",
                    effect: "permit",
                    activities: vec![],
                    categories: vec![],
                    recipients: vec![],
                    countries: vec![],
                    rights: vec![right.clone()],
                    when: vec![],
                    section: heading.clone(),
                    quote: u.text.clone(),
                    note: None,
                    review: format!("{REVIEW}: the right found by its name in the item"),
                });
            }
            (_, UnitKind::Sentence | UnitKind::Item) if section.kind == SectionKind::Transfer || u.text.to_lowercase().contains("outside the uk") || u.text.to_lowercase().contains("outside the european") || u.text.to_lowercase().contains("outside the eea") => {
                let countries: Vec<String> = names_in(base, VocabKind::Country, &u.text, 4).into_iter().map(|(id, _)| id).filter(|c| c != "gb" && c != "uk").collect();
                if countries.is_empty() {
                    let l = u.text.to_lowercase();
                    if l.contains("outside") || l.contains("transfer") {
                        b.finding(&heading, &format!("Transfers without a named country: {}", short(&u.text)), "The sentence speaks of transfers but names no country; no transfer permit is drafted.", vec![u.text.clone()], vec![], "info");
                    }
                    continue;
                }
                if negative(&u.text) || conditional(&u.text) {
                    b.finding(&heading, &format!("Transfer statement not drafted: {}", short(&u.text)), &format!("A negative or conditional sentence about {}: the drafter writes no transfer rule.", countries.join(", ")), vec![u.text.clone()], vec![], "warning");
                    continue;
                }
                let recipients: Vec<String> = names_in(base, VocabKind::Recipient, &u.text, 5).into_iter().map(|(id, _)| id).collect();
                let id = b.rule_id("transfer", &countries.join(" "));
                b.rule(RuleOut {
                    id,
                    action: "transfer",
                    effect: "permit",
                    activities: vec![],
                    categories: vec![],
                    recipients,
                    countries,
                    rights: vec![],
                    when: vec![],
                    section: heading.clone(),
                    quote: u.text.clone(),
                    note: Some("The notice names no mechanism: any the law provides (law/transfers.toml) makes it lawful.".into()),
                    review: format!("{REVIEW}: countries found by name in the sentence"),
                });
            }
            _ => {}
        }
    }

    // Consent: a service whose only Article 6 basis is consent collects and shares while it stands.
    let consent_only = |a: &ActivityOut| {
        let art6: Vec<&str> = a.bases.iter().map(|x| x.basis.as_str()).filter(|x| x.starts_with("art6")).collect();
        !art6.is_empty() && art6.iter().all(|x| *x == "art6_1_a")
    };
    let consent_activities: Vec<String> = b.activities.iter().filter(|a| consent_only(a)).map(|a| a.id.clone()).collect();
    for r in &mut b.rules {
        if r.effect == "permit" && matches!(r.action, "collect" | "share") && r.activities.len() == 1 && consent_activities.contains(&r.activities[0]) && r.when.is_empty() {
            r.when.push(("consent".into(), "[\"given\", \"explicit\"]".into()));
            r.note = Some(format!("{}{}", r.note.clone().map(|n| n + " ").unwrap_or_default(), "The service's only Article 6 basis is consent: the permit holds while consent is given."));
        }
    }
    // Every quote is verbatim, by construction; anything else is dropped, never written.
    let folded = b.folded_text.clone();
    b.rules.retain(|r| folded.contains(&fold_ws(&r.quote)));
    b.retentions.retain(|r| folded.contains(&fold_ws(&r.quote)));
    for a in &mut b.activities {
        a.bases.retain(|x| folded.contains(&fold_ws(&x.quote)));
    }
    let date = date_of(text);
    let mut out = render(&b, &notice_id, &title, &controller, role, date.as_deref(), text);
    while carry_over_earlier_entries(&mut b, &out) {
        out = render(&b, &notice_id, &title, &controller, role, date.as_deref(), text);
    }
    out
}

/// A sentence that says what is collected ("We are collecting email addresses, names and
/// phone numbers only with the consent of the users"): a collect permit for the main
/// activity (while consent stands, when the sentence says so); categories only and a finding
/// under another condition; nothing for a negative or an open list.
fn collect_sentence(b: &mut Builder<'_>, u: &Unit, heading: &str, main: &str) {
    let Some(crate::phrases::Collected { names, condition, how }) = crate::phrases::collected_in(&u.text) else { return };
    if negative_main_clause(&u.text) {
        return;
    }
    let names: Vec<String> = if how == "stored" { names.iter().flat_map(|n| split_subject(b.base, n)).collect() } else { names };
    let mut cats: Vec<String> = Vec::new();
    for n in &names {
        if let Some(c) = b.category(n, None) {
            if !cats.contains(&c) {
                cats.push(c);
            }
        }
    }
    if cats.is_empty() {
        return;
    }
    let l = u.text.to_lowercase();
    if let Some(w) = catch_all_intro(&u.text) {
        b.finding(heading, &format!("Open-ended collection: {}", short(&u.text)), &format!("The sentence gives what it collects as examples (\"{w}\"): {} are in the vocabulary; no permit is drafted from it.", cats.join(", ")), vec![u.text.clone()], vec![], "warning");
        return;
    }
    // Consent the sentence speaks of, not a subject that names it ("The consent forms … are kept").
    let consent = match how {
        "stored" => names.first().and_then(|n| l.split_once(n.to_lowercase().as_str())).is_some_and(|(_, predicate)| predicate.contains("consent")),
        _ => l.contains("consent"),
    };
    if !consent && (condition.is_some() || conditional(&u.text)) {
        b.finding(heading, &format!("Collection under a condition: {}", short(&u.text)), &format!("The sentence collects {} under a condition the drafter does not encode; no permit is drafted.", cats.join(", ")), vec![u.text.clone()], vec![], "warning");
        return;
    }
    let id = b.rule_id("collect", &names.join(" "));
    b.rule(RuleOut {
        id,
        action: "collect",
        effect: "permit",
        activities: vec![main.to_string()],
        categories: cats,
        recipients: vec![],
        countries: vec![],
        rights: vec![],
        when: if consent { vec![("consent".into(), "[\"given\", \"explicit\"]".into())] } else { vec![] },
        section: heading.to_string(),
        quote: u.text.clone(),
        note: match (consent, how) {
            (true, _) => Some("The sentence collects with consent: the permit holds while consent is given.".to_string()),
            (false, "stored") => Some("The sentence says the information is stored, kept or recorded: read as collected.".to_string()),
            _ => None,
        },
        review: format!(
            "{REVIEW}: {}",
            if how == "stored" { "categories read as the subject of a sentence that says they are stored, kept or recorded" } else { "categories read after a collecting verb in a sentence" }
        ),
    });
}

/// Recipients that stand for a class of everyone ("third parties"): never permitted from a sentence.
const CLASS_RECIPIENTS: &[&str] = &["third_party", "data_subject"];

/// A phrase whose words only say "some organisation" ("other parties", "external third parties").
fn is_class_phrase(p: &str) -> bool {
    const GROUP: &[&str] = &[
        "third", "party", "parties", "3rd", "organisation", "organisations", "organization", "organizations", "other", "others", "external", "bodies",
        "body", "companies", "company", "business", "businesses", "agencies", "anyone", "people", "individuals", "partners", "recipients",
    ];
    p.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| GROUP.contains(&w.to_lowercase().as_str()))
}

/// Whether `name` names some of the vocabulary entry named `found` inside it: a word the
/// entry's name lacks ("Dover District Council", "licensing authorities", "international law
/// enforcement agencies").
fn names_a_member(name: &str, found: &str) -> bool {
    const FILLER: &[&str] = &["the", "our", "your", "and", "of", "or", "a", "an", "other", "any"];
    let known: Vec<String> = noticegate::classify::words(found);
    noticegate::classify::words(name)
        .iter()
        .filter(|x| !FILLER.contains(&x.as_str()))
        .any(|x| !known.iter().any(|k| k == x || k.trim_end_matches('s') == x.trim_end_matches('s')))
}

/// Whether a name is the controller's own ("Cantium Solutions" for "Cantium Business
/// Solutions", "KCC" for "Kent County Council"): every word of it is one of the
/// controller's, or it is the controller's initials.
fn names_controller(controller: &str, name: &str) -> bool {
    let own = noticegate::classify::words(controller);
    let initials: String = controller.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect();
    let words = noticegate::classify::words(name);
    !own.is_empty() && !words.is_empty() && (words.iter().all(|w| own.contains(w) || w == "the") || (initials.len() >= 2 && name.trim() == initials))
}

/// How a recipient a sentence names resolves.
enum Named {
    Entry(String),
    /// A class of everyone or anyone, which names nobody.
    Class,
}

impl Builder<'_> {
    /// A recipient named in a sentence: the vocabulary's when one of its names covers at least
    /// half of the phrase, else a new entry in the notice's words (beneath `processor` for
    /// those acting for the controller).
    fn recipient(&mut self, name: &str, agents: bool) -> Named {
        if let Some(id) = self.base_id(VocabKind::Recipient, name) {
            return if CLASS_RECIPIENTS.contains(&id.as_str()) { Named::Class } else { Named::Entry(id) };
        }
        let member_of = names_in(self.base, VocabKind::Recipient, name, 5).into_iter().find(|(_, n)| fold(n).len() * 2 >= fold(name).len());
        if let Some((id, n)) = &member_of {
            // "Dover District Council" is one of the district councils, not all of them;
            // "licensing authorities" some authorities: an entry beneath the class.
            if !CLASS_RECIPIENTS.contains(&id.as_str()) && !names_a_member(name, n) {
                return Named::Entry(id.clone());
            }
        }
        if is_catch_all_phrase(name) || is_class_phrase(name) {
            return Named::Class;
        }
        let parent = match member_of {
            Some((id, _)) => id,
            None if agents => "processor".to_string(),
            None => "third_party".to_string(),
        };
        Named::Entry(self.entry(VocabKind::Recipient, name, &[("parent", s(&parent))]))
    }

    /// A condition clause ("where this is required for troubleshooting", "unless you
    /// object") as a yes/no fact in the notice's words, and the value under which it holds.
    fn condition_fact(&mut self, clause: &str) -> (String, &'static str) {
        const OPENERS: &[(&str, &str)] = &[
            ("only where ", "true"), ("only if ", "true"), ("only when ", "true"), ("where ", "true"), ("if ", "true"), ("when ", "true"),
            ("whenever ", "true"), ("provided that ", "true"), ("providing ", "true"), ("in the event of ", "true"), ("in the event that ", "true"),
            ("in the event ", "true"), ("subject to ", "true"), ("unless ", "false"),
        ];
        let lower = clause.to_lowercase();
        let (body, value) = OPENERS.iter().find(|(o, _)| lower.starts_with(o)).map_or((clause, "true"), |(o, v)| (&clause[o.len()..], *v));
        let words: Vec<&str> = body.split_whitespace().take(14).collect();
        let mut label = words.join(" ").trim_end_matches([',', '.', ';']).to_string();
        if let Some(f) = label.chars().next() {
            label = f.to_uppercase().collect::<String>() + &label[f.len_utf8()..];
        }
        let id = self.entry(VocabKind::Fact, &label, &[("type", s("bool")), ("description", s(&format!("the notice's condition: {clause}")))]);
        (id, value)
    }
}

/// The facts of the shared vocabulary a sharing sentence's conditions name.
fn known_sharing_facts(l: &str) -> Vec<&'static str> {
    let mut facts: Vec<&str> = Vec::new();
    if l.contains("required by") || l.contains("required to by law") || l.contains("obliged by law") {
        facts.push("required_by_law");
    }
    if l.contains("legal proceedings") {
        facts.push("legal_proceedings");
    }
    if l.contains("dispute") || l.contains("complaint or claim") {
        facts.push("dispute_complaint_or_claim");
    }
    if l.contains("legal claim") && !l.contains("dispute") {
        facts.push("legal_claims");
    }
    facts
}

/// A sentence that names recipients: share permits for those a sharing verb names plainly
/// (under the sentence's condition, as a vocabulary fact or a new one in its words);
/// entries and findings for the rest (examples, classes, agents named without a sharing
/// verb, negatives, conditions before the verb).
fn sharing_sentence(b: &mut Builder<'_>, u: &Unit, heading: &str) {
    let l = u.text.to_lowercase();
    let mut mentions = crate::phrases::recipients_in(&u.text);
    if mentions.is_empty() {
        // A sentence of the sharing section that names vocabulary recipients without the verb patterns.
        if !(l.contains("share") || l.contains("disclose") || l.contains("pass ") || l.contains("provide")) {
            return;
        }
        let found: Vec<String> = names_in(b.base, VocabKind::Recipient, &u.text, 8).into_iter().filter(|(id, _)| !CLASS_RECIPIENTS.contains(&id.as_str())).map(|(_, n)| n).collect();
        if found.is_empty() {
            if negative_main_clause(&u.text) {
                let shared = shared_categories(b, &u.text);
                prohibition(b, &u.text, &[], &shared, heading, vec![]);
            }
            return;
        }
        mentions.push(crate::phrases::Mention { names: found, condition: None, agents: false, how: "share", defined: None, after: String::new() });
    }
    // What the sentence says is shared ("the profiles of individual service users"), when it
    // names a kind of information: the permits and denies name it, not every category.
    let shared: Vec<String> = shared_categories(b, &u.text);
    if negative_main_clause(&u.text) {
        prohibition(b, &u.text, &mentions, &shared, heading, vec![]);
        return;
    }
    let open = catch_all_intro(&u.text);
    for m in mentions {
        let mut ids: Vec<String> = Vec::new();
        let mut classes: Vec<String> = Vec::new();
        let controller = b.controller.clone();
        // "external partners and agencies involved in delivering services on our behalf",
        // "other parties where a transfer of the business takes place": a class or a common
        // noun with the clause that says which of it are meant is one recipient named by both
        // (beneath `processor` or `third_party`, never the class itself). A proper name keeps
        // its own.
        let defined = m.defined.as_ref().and_then(|(group, name)| {
            let members = crate::phrases::split_names(group);
            let common = !group.starts_with(char::is_uppercase) || members.iter().all(|x| is_class_phrase(x) || is_catch_all_phrase(x));
            (common && !members.is_empty()).then(|| (members, name.clone()))
        });
        for n in m.names.iter().filter(|n| !names_controller(&controller, n) && !defined.as_ref().is_some_and(|(members, _)| members.contains(n))) {
            match b.recipient(n, m.agents) {
                Named::Entry(id) if !ids.contains(&id) => ids.push(id),
                Named::Entry(_) => {}
                Named::Class => classes.push(n.clone()),
            }
        }
        if let Some((members, name)) = &defined {
            // Beneath the vocabulary's entry when the group is one ("auditors acting for us").
            let known = match members.as_slice() {
                [one] => b.base_id(VocabKind::Recipient, one).filter(|id| !CLASS_RECIPIENTS.contains(&id.as_str())),
                _ => None,
            };
            let parent = known.unwrap_or_else(|| if m.agents { "processor" } else { "third_party" }.to_string());
            let parent = parent.as_str();
            let id = b.entry(VocabKind::Recipient, name, &[("parent", s(parent))]);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let defined_class = defined.is_some();
        if !classes.is_empty() {
            b.finding(heading, &format!("Recipients not named: {}", short(&classes.join(", "))), &format!("The sentence shares with {} without naming who: a class, not a recipient; no permit is drafted for it.", classes.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")), vec![u.text.clone()], vec![], "warning");
        }
        if ids.is_empty() {
            continue;
        }
        if let Some(w) = open {
            b.finding(heading, &format!("Open-ended sharing: {}", short(&u.text)), &format!("The sentence gives its recipients as examples (\"{w}\"): {} are in the vocabulary, and no permit is drafted from it.", ids.join(", ")), vec![u.text.clone()], vec![], "warning");
            continue;
        }
        if !matches!(m.how, "share" | "disclose") {
            b.finding(heading, &format!("Named as acting for the controller: {}", short(&m.names.join(", "))), &format!("The sentence names {} as providing a service or acting for the controller, not as receiving a disclosure: no share permit is drafted; a reviewer decides what each receives.", ids.join(", ")), vec![u.text.clone()], vec![], "info");
            continue;
        }
        let facts = known_sharing_facts(&l);
        let mut alternatives: Vec<Option<(String, String)>> = facts.iter().map(|f| Some((f.to_string(), "true".to_string()))).collect();
        if alternatives.is_empty() {
            match &m.condition {
                Some(c) => {
                    let (fact, value) = b.condition_fact(c);
                    alternatives.push(Some((s(&fact), value.to_string())));
                }
                None if conditional(&u.text) => {
                    b.finding(heading, &format!("A condition no fact expresses: {}", short(&u.text)), &format!("The sentence shares with {} under a condition the drafter could not separate; no permit is drafted.", ids.join(", ")), vec![u.text.clone()], vec![], "warning");
                    continue;
                }
                None => alternatives.push(None),
            }
        }
        for f in alternatives {
            let id = b.rule_id("share", &format!("{} {}", ids.join(" "), f.as_ref().map_or("", |(k, _)| k.as_str())));
            let note = match (&f, &m.condition) {
                (Some((k, v)), Some(c)) if facts.is_empty() => Some(format!("The sentence's condition \"{c}\" as the fact {k} = {v}; notice-wide, as the sentence names no service.")),
                (Some((k, _)), _) => Some(format!("One of the sentence's alternatives, as the fact `{k}`; notice-wide, as the sentence names no service.")),
                (None, _) => Some("Notice-wide, as the sentence names no service.".to_string()),
            };
            b.rule(RuleOut {
                id,
                action: "share",
                effect: "permit",
                activities: vec![],
                categories: shared.clone(),
                recipients: ids.clone(),
                countries: vec![],
                rights: vec![],
                when: f.into_iter().collect(),
                section: heading.to_string(),
                quote: u.text.clone(),
                note,
                review: format!(
                    "{REVIEW}: recipients read after a sharing verb, the condition after them{}",
                    if defined_class { "; a class named with the clause that says which of it are meant" } else { "" }
                ),
            });
        }
    }
}

/// Those a sentence or opt-in item says would send the person marketing of their own
/// (`phrases::marketers_in`): they would hold the person's details, but no sentence says
/// what they receive, so each is a recipient (beneath `third_party`, or the vocabulary's
/// entry) with a finding, never a permit. A name of the controller's own names nobody.
fn marketers(b: &mut Builder<'_>, u: &Unit, heading: &str) {
    let controller = b.controller.clone();
    let mut ids = Vec::new();
    for name in crate::phrases::marketers_in(&u.text).iter().filter(|n| !names_controller(&controller, n)) {
        let id = match b.base_id(VocabKind::Recipient, name) {
            Some(id) if !CLASS_RECIPIENTS.contains(&id.as_str()) => id,
            Some(_) => continue,
            None => b.entry(VocabKind::Recipient, name, &[("parent", s("third_party"))]),
        };
        ids.push(id);
    }
    if !ids.is_empty() {
        b.finding(
            heading,
            &format!("Named as sending marketing: {}", short(&ids.join(", "))),
            &format!("The text offers marketing from {}, who would need the person's details; no sentence says what they receive, so no share permit is drafted. If the opt-in is a consent to share, a reviewer writes the permit under it.", ids.join(", ")),
            vec![u.text.clone()],
            vec![],
            "info",
        );
    }
}

/// The categories a sharing sentence names as what it shares (`phrases::shared_what`).
fn shared_categories(b: &mut Builder<'_>, sentence: &str) -> Vec<String> {
    let Some(object) = crate::phrases::shared_what(sentence) else { return Vec::new() };
    let mut out = Vec::new();
    for part in split_subject(b.base, &object) {
        if let Some(c) = b.category(&part, None) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Words that make an exception to a negative ("… with any other organisation other than
/// those acting as data processors"): the exception's scope is for a reviewer to write.
const EXCEPTIONS: &[&str] = &[" other than ", " except ", " excepting ", " apart from ", " save for ", " besides ", " but only "];

/// A negative sharing sentence ("We will not share your information for marketing purposes
/// with any other organisation without your consent") as a deny: of the recipients it names
/// (a class of everyone, "any other organisation", as the vocabulary's class: a prohibition
/// may name a class where a permit may not), of what it says is shared, in `activities` (a
/// table row's; none for a sentence: notice-wide), and, when the sentence limits it ("for
/// marketing purposes", "without your consent", "unless …"), only while a yes/no fact in the
/// notice's words holds. A deny never grants anything; a sentence with an exception, or whose
/// recipients cannot be told, is a finding.
fn prohibition(b: &mut Builder<'_>, sentence: &str, mentions: &[crate::phrases::Mention], shared: &[String], heading: &str, activities: Vec<String>) {
    let l = format!(" {} ", sentence.to_lowercase());
    let exception = EXCEPTIONS.iter().find(|w| l.contains(*w));
    let mut recipients: Vec<String> = Vec::new();
    for m in mentions.iter().filter(|m| exception.is_none() && matches!(m.how, "share" | "disclose")) {
        for n in &m.names {
            let id = match b.recipient(n, m.agents) {
                Named::Entry(id) => id,
                Named::Class => "third_party".to_string(),
            };
            if !recipients.contains(&id) {
                recipients.push(id);
            }
        }
    }
    if exception.is_some() || recipients.is_empty() {
        let why = match exception {
            Some(w) => format!("it makes an exception (\"{}\") whose scope the drafter cannot tell", w.trim()),
            None => "it names no recipient the drafter can tell".to_string(),
        };
        let what = if shared.is_empty() { String::new() } else { format!(" What it shares is in the vocabulary: {}.", shared.join(", ")) };
        b.finding(heading, &format!("A prohibition not drafted: {}", short(sentence)), &format!("A negative sentence about sharing: no deny is drafted, as {why}; a reviewer writes it.{what}"), vec![sentence.to_string()], vec![], "warning");
        return;
    }
    // The limits: a purpose between the object and the recipients, and what follows them.
    let mut limits: Vec<String> = Vec::new();
    if let Some(p) = crate::phrases::purpose_before_recipients(sentence) {
        limits.push(p);
    }
    let after = mentions.iter().find(|m| matches!(m.how, "share" | "disclose")).map(|m| m.after.trim().trim_end_matches(['.', ';', ',']).trim().to_string()).unwrap_or_default();
    let mut when: Vec<(String, String)> = Vec::new();
    if after.to_lowercase().starts_with("unless ") {
        let (fact, value) = b.condition_fact(&after);
        when.push((s(&fact), value.to_string()));
    } else if !after.is_empty() {
        limits.push(after);
    }
    if !limits.is_empty() {
        let mut label = limits.join(" ").split_whitespace().take(16).collect::<Vec<_>>().join(" ");
        if let Some(f) = label.chars().next() {
            label = f.to_uppercase().collect::<String>() + &label[f.len_utf8()..];
        }
        let fact = b.entry(VocabKind::Fact, &label, &[("type", s("bool")), ("description", s(&format!("the notice's limit on a prohibition: {sentence}")))]);
        when.push((s(&fact), "true".to_string()));
    }
    let id = b.rule_id("share_deny", &recipients.join(" "));
    let scope = if activities.is_empty() { "notice-wide, as the sentence names no service" } else { "for the table row's activity" };
    b.rule(RuleOut {
        id,
        action: "share",
        effect: "deny",
        activities,
        categories: shared.to_vec(),
        recipients,
        countries: vec![],
        rights: vec![],
        when,
        section: heading.to_string(),
        quote: sentence.to_string(),
        note: Some(format!("A negative sentence about sharing, read as a prohibition: {scope}{}.", if limits.is_empty() { "" } else { "; it holds while the sentence's limits hold (a fact in its words)" })),
        review: format!("{REVIEW}: a prohibition from a negative sentence; check its recipients and scope"),
    });
}

fn short(x: &str) -> String {
    let words: Vec<&str> = x.split_whitespace().collect();
    if words.len() <= 10 {
        words.join(" ")
    } else {
        format!("{} …", words[..10].join(" "))
    }
}

/// Whether a category is special category data: in the shared vocabulary, in the set being
/// joined (a category reused from another notice), or drafted here beneath `special`.
fn is_special(b: &Builder<'_>, id: &str) -> bool {
    for engine in std::iter::once(b.base).chain(b.joined.map(|j| j.engine)) {
        let table = engine.policy().vocab.table(VocabKind::Category);
        if let [one] = table.names.lookup(id) {
            return table.entries[*one as usize].special_category;
        }
    }
    b.entries.iter().any(|(k, i, body)| *k == VocabKind::Category && i == id && body.contains("parent = \"special\""))
}

fn ensure_basis(b: &mut Builder<'_>, basis: &str) -> String {
    if b.base_id(VocabKind::Basis, basis).is_some() {
        return basis.to_string();
    }
    if let Some(n) = basis.strip_prefix("dpa_sch1_para") {
        return b.entry(VocabKind::Basis, &format!("DPA 2018 Schedule 1 paragraph {n}"), &[("article", s("dpa_schedule_1")), ("legal_source", s(&format!("Data Protection Act 2018, Schedule 1, paragraph {n}")))]);
    }
    if basis == "art10" {
        return b.entry(VocabKind::Basis, "Article 10", &[("article", s("10")), ("legal_source", s("UK GDPR Article 10"))]);
    }
    // art6_1_x / art9_2_x the vocabulary lacks: in the notice's own file.
    let (article, label) = if let Some(x) = basis.strip_prefix("art6_1_") {
        ("6", format!("Article 6(1)({x})"))
    } else if let Some(x) = basis.strip_prefix("art9_2_") {
        ("9", format!("Article 9(2)({x})"))
    } else {
        ("6", basis.to_string())
    };
    b.entry(VocabKind::Basis, &label, &[("article", s(article)), ("legal_source", s(&format!("UK GDPR {label}")))])
}

/// Retention: periods after a date the notice names, a schedule named by reference, or a
/// finding where neither can be computed.
fn retention(b: &mut Builder<'_>, doc: &Doc, u: &Unit, heading: &str) {
    let is_header = u.kind == UnitKind::Row && u.header.is_none();
    if is_header {
        return;
    }
    let (record_label, period_text) = match u.kind {
        UnitKind::Row if u.cells.len() >= 2 => (Some(u.cells[0].clone()), u.cells[1..].join(" | ")),
        _ => (None, u.text.clone()),
    };
    let _ = doc;
    let schedule = SCHEDULE_REF.captures(&period_text).map(|c| c[1].to_string());
    let mut periods = Vec::new();
    let mut missing_anchor = false;
    for m in PERIOD.find_iter(&period_text) {
        let c = PERIOD.captures(m.as_str()).unwrap();
        let Some(n) = number(&c[1]) else { continue };
        let unit = c[2].to_lowercase();
        let (y, mo, d) = if unit.starts_with("year") {
            (n, 0, 0)
        } else if unit.starts_with("month") {
            (0, n, 0)
        } else if unit.starts_with("week") {
            (0, 0, n * 7)
        } else {
            (0, 0, n)
        };
        // The date it runs from: "<anchor> + N years" or "N years after/from <anchor>".
        let before = &period_text[..m.start()];
        let after = &period_text[m.end()..];
        let anchor = if before.trim_end().ends_with('+') {
            let seg = before.trim_end().trim_end_matches('+');
            let start = seg.rfind([',', '|', ';', '(']).map_or(0, |p| p + 1);
            let seg = seg[start..].trim();
            let seg = seg.strip_prefix("or ").unwrap_or(seg);
            Some(seg.trim().to_string())
        } else {
            let a = after.trim_start();
            let rest = ["after ", "from "].iter().find_map(|p| a.strip_prefix(p));
            rest.map(|r| {
                let end = r.find([',', '.', ';', '|', '(']).unwrap_or(r.len());
                let r = &r[..end];
                let end = [" or ", " whichever", " and then", " unless"].iter().filter_map(|w| r.find(w)).min().unwrap_or(r.len());
                r[..end].trim().to_string()
            })
        };
        match anchor.filter(|a| !a.is_empty() && a.split_whitespace().count() <= 12) {
            Some(a) => {
                let a = a.trim_start_matches("the ").to_string();
                let label = {
                    let mut c = a.chars();
                    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
                };
                let fact = b.entry(VocabKind::Fact, &label, &[("type", s("date")), ("description", s(&format!("the date of: {a}")))]);
                periods.push((y, mo, d, fact));
            }
            None => missing_anchor = true,
        }
    }
    if periods.is_empty() && schedule.is_none() {
        let l = period_text.to_lowercase();
        if missing_anchor || l.contains("until") || l.contains("retain") || l.contains("keep") || l.contains("kept") || l.contains("hold") {
            b.finding(heading, &format!("Retention not computed: {}", short(&u.text)), "The text states how long information is kept without a period after a date the drafter can name (or with none); no retention rule is drafted.", vec![u.text.clone()], vec![], "warning");
        }
        return;
    }
    let records = match &record_label {
        Some(l) => vec![b.entry(VocabKind::Record, l, &[])],
        None => vec![],
    };
    let l = period_text.to_lowercase();
    let combine = if periods.len() < 2 {
        None
    } else if l.contains("whichever is later") || l.contains("whichever is longer") {
        Some("latest")
    } else if l.contains("whichever is earlier") || l.contains("whichever is sooner") || l.contains("whichever is shorter") {
        Some("earliest")
    } else {
        Some("either")
    };
    let id = b.unique_id(format!("{}.retention.{}", b.prefix, slug(record_label.as_deref().unwrap_or("notice"))));
    if missing_anchor {
        b.finding(heading, &format!("A period without its date: {}", short(&u.text)), "Part of the text gives a period with no date it runs from; only the periods with a date are drafted.", vec![u.text.clone()], vec![id.clone()], "info");
    }
    b.retentions.push(RetentionOut { id, records, periods, combine, schedule, section: heading.to_string(), quote: u.text.clone() });
}

/// Drafting into a directory that holds an earlier draft of the same notice replaces that
/// draft's files, but the directory's other notices may name its entries (they reused them by
/// name). Each entry of the earlier draft that they, or a carried entry, name and the new
/// draft does not define is carried over into it, as the set defines it (label, aliases,
/// description, parent, a yes/no fact's type). Returns whether any was carried (the draft is
/// then rendered again: a carried entry's parent may be one more).
fn carry_over_earlier_entries(b: &mut Builder<'_>, rendered: &Output) -> bool {
    let Some(joined) = b.joined else { return false };
    let vocab = &joined.engine.policy().vocab;
    {
        let defined: HashSet<&str> = b.entries.iter().map(|(_, id, _)| id.as_str()).collect();
        let used = format!("{}\n{}\n{}", joined.other_files, rendered.notice_toml, rendered.findings_toml);
        let mut carried = Vec::new();
        for kind in [VocabKind::Category, VocabKind::Recipient, VocabKind::Fact, VocabKind::Purpose, VocabKind::Source] {
            let table = vocab.table(kind);
            for e in &table.entries {
                if b.is_own(&e.id) && !defined.contains(e.id.as_str()) && used.contains(&format!("\"{}\"", e.id)) {
                    let mut body = format!("id = {}\nlabel = {}\n", s(&e.id), s(&e.label));
                    if !e.aliases.is_empty() {
                        body.push_str(&format!("aliases = {}\n", arr(&e.aliases)));
                    }
                    if let Some(p) = e.parent {
                        body.push_str(&format!("parent = {}\n", s(&table.entries[p as usize].id)));
                    }
                    if matches!(e.fact_type, Some(noticegate::model::FactType::Bool)) {
                        body.push_str(&format!("type = {}\n", s("bool")));
                    }
                    if let Some(d) = &e.description {
                        body.push_str(&format!("description = {}\n", s(d)));
                    }
                    carried.push((kind, e.id.clone(), body));
                }
            }
        }
        let any = !carried.is_empty();
        b.entries.extend(carried);
        any
    }
}

fn render(b: &Builder<'_>, notice_id: &str, title: &str, controller: &str, role: &str, date: Option<&str>, text: &str) -> Output {
    let _ = text;
    let mut o = String::new();
    o.push_str("#:schema ../../docs/policy.schema.json\n\n");
    o.push_str(&format!(
        "# Drafted by `noticegate draft` from sources/{}.txt. Every rule, retention rule and basis\n\
         # carries `review`: read it against its quote, then remove the key (`noticegate check\n\
         # --strict` fails while any is left). What the drafter could not encode is in findings/.\n\n",
        b.stem
    ));
    o.push_str("[notice]\n");
    o.push_str(&format!("id = {}\ntitle = {}\ncontroller = {}\nrole = {}\nsource = {}\n", s(notice_id), s(title), s(controller), s(role), s(&format!("{}.txt", b.stem))));
    if let Some(d) = date {
        o.push_str(&format!("date = {d}\n"));
    }
    o.push_str(&format!("regime = {}\n", s("UK GDPR and Data Protection Act 2018")));
    let mut by_kind: BTreeMap<VocabKind, Vec<&String>> = BTreeMap::new();
    for (k, _, body) in &b.entries {
        by_kind.entry(*k).or_default().push(body);
    }
    for (k, bodies) in by_kind {
        for body in bodies {
            o.push_str(&format!("\n[[{}]]\n{body}", k.name()));
        }
    }
    for a in &b.activities {
        o.push_str(&format!("\n[[activity]]\nid = {}\nlabel = {}\n", s(&a.id), s(&a.label)));
        if let Some(p) = &a.parent {
            o.push_str(&format!("parent = {}\n", s(p)));
        }
        for x in &a.bases {
            o.push_str(&format!("\n[[activity.basis]]\nbasis = {}\n", s(&x.basis)));
            if !x.categories.is_empty() {
                o.push_str(&format!("categories = {}\n", arr(&x.categories)));
            }
            o.push_str(&format!("section = {}\nquote = {}\nreview = {}\n", s(section_or(&x.section)), s(&x.quote), s(&format!("{REVIEW}: the basis found by its Article or its usual wording"))));
        }
    }
    for r in &b.rules {
        o.push_str(&format!("\n[[rule]]\nid = {}\naction = {}\neffect = {}\n", s(&r.id), s(r.action), s(r.effect)));
        for (k, v) in [("activities", &r.activities), ("categories", &r.categories), ("recipients", &r.recipients), ("countries", &r.countries), ("rights", &r.rights)] {
            if !v.is_empty() {
                o.push_str(&format!("{k} = {}\n", arr(v)));
            }
        }
        if !r.when.is_empty() {
            let w: Vec<String> = r.when.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            o.push_str(&format!("when = {{ {} }}\n", w.join(", ")));
        }
        o.push_str(&format!("section = {}\nquote = {}\n", s(section_or(&r.section)), s(&r.quote)));
        if let Some(n) = &r.note {
            o.push_str(&format!("note = {}\n", s(n)));
        }
        o.push_str(&format!("review = {}\n", s(&r.review)));
    }
    for r in &b.retentions {
        o.push_str(&format!("\n[[retention]]\nid = {}\n", s(&r.id)));
        if !r.records.is_empty() {
            o.push_str(&format!("records = {}\n", arr(&r.records)));
        }
        if !r.periods.is_empty() {
            let ps: Vec<String> = r
                .periods
                .iter()
                .map(|(y, m, d, after)| {
                    let mut parts = Vec::new();
                    if *y > 0 {
                        parts.push(format!("years = {y}"));
                    }
                    if *m > 0 {
                        parts.push(format!("months = {m}"));
                    }
                    if *d > 0 {
                        parts.push(format!("days = {d}"));
                    }
                    parts.push(format!("after = {}", s(after)));
                    format!("{{ {} }}", parts.join(", "))
                })
                .collect();
            o.push_str(&format!("periods = [{}]\n", ps.join(", ")));
        }
        if let Some(c) = r.combine {
            o.push_str(&format!("combine = {}\n", s(c)));
        }
        if let Some(sch) = &r.schedule {
            o.push_str(&format!("schedule = {}\n", s(sch)));
        }
        o.push_str(&format!("section = {}\nquote = {}\nreview = {}\n", s(section_or(&r.section)), s(&r.quote), s(&format!("{REVIEW}: the period and the date it runs from"))));
    }
    let mut f = String::new();
    f.push_str("#:schema ../../docs/policy.schema.json\n\n");
    f.push_str("# Drafted by `noticegate draft`: what the drafter read but did not encode as a permit.\n\n");
    f.push_str(&format!("[findings]\nnotice = {}\ntitle = {}\n", s(notice_id), s(&format!("Drafting findings: {title}"))));
    for x in &b.findings {
        f.push_str(&format!(
            "\n[[finding]]\nid = {}\nkind = {}\nseverity = {}\nsection = {}\ntitle = {}\ntext = {}\n",
            s(&x.id),
            s(x.kind),
            s(x.severity),
            s(&x.section),
            s(&x.title),
            s(&x.text)
        ));
        if !x.quotes.is_empty() {
            f.push_str(&format!("quotes = {}\n", arr(&x.quotes)));
        }
        if !x.ids.is_empty() {
            f.push_str(&format!("ids = {}\n", arr(&x.ids)));
        }
    }
    Output { notice_id: notice_id.to_string(), notice_toml: o, findings_toml: f, rules: b.rules.len() + b.retentions.len(), findings: b.findings.len() }
}

fn section_or(x: &str) -> &str {
    if x.trim().is_empty() {
        "(before the first heading)"
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_from_articles_and_wordings() {
        assert_eq!(bases_in("Article 6(1)(a) - consent", false), vec!["art6_1_a"]);
        assert_eq!(bases_in("We rely on Article 9(2)(f) where", false), vec!["art9_2_f"]);
        let b = bases_in("Necessary to comply with a legal obligation For special category: Explicit consent of the data subject", true);
        assert_eq!(b, vec!["art6_1_c", "art9_2_a"]);
    }

    #[test]
    fn items_split_into_headline_and_examples() {
        let (h, parts, ex, open, _) = split_item(Engine::builtin(), "Personal information e.g., name, company, contact details, e.g., email address, telephone number of services,");
        assert_eq!(h, "Personal information");
        assert!(parts.is_empty());
        assert!(open);
        assert!(ex.contains(&"email address".to_string()), "{ex:?}");
        let (h, parts, _, open, _) = split_item(Engine::builtin(), "Financial (bank account, payment card, salary)");
        assert_eq!((h.as_str(), parts.len(), open), ("Financial", 3, false));
    }
}
