//! The English of privacy notices, read without a vocabulary: who a sentence says receives
//! information ("we share your data with A, B and C where …", "disclosed to …", "viewed by
//! …", "X, which operates … on our behalf"), what a sentence says is collected ("we collect
//! your name, address and date of birth"), and lists split into their members.
//!
//! Every function returns pieces of its input (trimmed, never reworded), so a name found
//! here is the notice's own; `draft.rs` maps them to vocabulary entries and decides what a
//! piece may become (a permit, an entry, a finding).

use std::sync::LazyLock;

use regex::Regex;

/// A set of recipients a sentence names after one verb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The members of the named list, in the notice's words, determiners removed.
    pub names: Vec<String>,
    /// The clause that limits the sharing ("where this is required for troubleshooting"),
    /// when the sentence goes on with one after the names.
    pub condition: Option<String>,
    /// The recipients act for the controller ("on our behalf", "provided by", processors).
    pub agents: bool,
    /// How the names were found: `share`, `disclose`, `by`, `agreement`, `use`, `engage`, `which`.
    pub how: &'static str,
    /// The last group of the list with the clause that says which of them are meant, when
    /// one follows: (`"external partners and agencies"`, `"external partners and agencies
    /// involved in delivering services on our behalf"`). `draft.rs` names a class this way.
    pub defined: Option<(String, String)>,
    /// The rest of the sentence after the names ("for marketing purposes without your consent").
    pub after: String,
}

static SHARE_WITH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:share|shares|shared|sharing)\b([^.;:]{0,80}?)\b(?:with|within)\s+").unwrap());
static DISCLOSE_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:disclose[sd]?|disclosing|pass(?:es|ed|ing)?(?:\s+on)?|made available|make available|forward(?:s|ed)?|presented|surfaced|shown)\b([^.;:]{0,60}?)\bto\s+").unwrap()
});
static BY_AGENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:viewed|accessed|processed|managed|monitored|operated|maintained|hosted|run|provided|supplied|collected)\s+(?:(?:on\s+\S+\s+behalf|for us)\s+)?by\s+").unwrap()
});
static AGREEMENT_WITH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:agreements?|contracts?)\b[^.;:]{0,30}?\bin place\s+with\s+").unwrap());
static WE_USE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b[Ww]e (?:also )?use\s+").unwrap());
static ENGAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:ask|engage|employ|appoint|commission|instruct)\s+").unwrap());
static WHICH_ON_BEHALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z][\w&’'.-]*(?:\s+[A-Z][\w&’'.-]*){0,5}),?\s+(?:which|who)\s+(?:operates?|runs?|process(?:es)?|manages?|provides?|hosts?|maintains?)\b[^.]*?\bon\s+(?:our|\S+[’']s)\s+behalf").unwrap()
});
static ON_BEHALF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bon\s+(?:our|\S+[’']s)\s+behalf\b|\bprocessors?\b").unwrap());
/// A clause after a class of recipients that says which of them are meant by what they do for
/// the controller ("involved in delivering services on our behalf", "acting on our behalf",
/// "who provide services to us").
static DEFINING_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:who|that|which)\s+(?:are\s+|is\s+)?)?(?:involved\s+in|acting\s+(?:for|on)|working\s+(?:for|on|with)\s+(?:us|our|\S+[’']s)|contracted|engaged|appointed|commissioned|provid(?:e|es|ing)\s+services|deliver(?:s|ing)?\s+(?:services|our)|help(?:s|ing)?\s+us\s+(?:to\s+)?(?:provide|deliver|run))(?-u:\b)").unwrap()
});
/// A condition that names an event of the controller's business ("where a transfer of the
/// business takes place", "in the event of a merger"): the parties to it are who is meant.
static BUSINESS_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:where|when|if|in the event(?: of| that)?)\s[^.;:]*?(?-u:\b)(?:(?:transfer|sale|purchase)\s+of\s+(?:(?:all|part|any)\s+(?:or\s+part\s+)?of\s+)?(?:the|our|its)\s+(?:business|company|assets|undertaking|organisation)|merger|acquisition|takeover|reorgani[sz]ation|restructuring)(?-u:\b)").unwrap()
});
/// "… provide us with …", "you give us …": what is given to the controller is collected.
static PROVIDE_US: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:provides?|giv(?:e|es)|suppl(?:y|ies)|send|sends)\s+us\s+(?:with\s+)?").unwrap());
/// "The messages and data exchanged are stored within …", "All calls are recorded": the
/// subject of a sentence that says it is stored, kept or recorded.
static STORED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z][^.;:()]{2,80}?)\s+(?:is|are|will be|may be|can be)\s+(?:securely\s+|safely\s+|also\s+)?(?:stored|kept|held|retained|recorded)(?-u:\b)").unwrap()
});
static COLLECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bwe\s+(?:also\s+|may\s+|will\s+|may\s+also\s+)?(?:collect|are collecting|hold|process|record|obtain|gather|capture)\b\s*").unwrap()
});

/// Words that end a noun phrase naming recipients or categories; those of the first group
/// open a condition.
const CONDITION_OPENERS: &[&str] = &[" where ", " if ", " when ", " whenever ", " provided that ", " providing ", " in the event ", " unless ", " subject to ", " only where ", " only if ", " only when "];
const PHRASE_ENDS: &[&str] = &[
    " to ", " for ", " who ", " which ", " that ", " under ", " in order ", " so that ", " so ", " as part of ", " as listed", " as described", " as set out",
    " as required", " in connection ", " in line ", " acting ", " because ", " about ", " at ", " in accordance ", " is ", " are ", " will ", " may ",
    " has ", " have ", " was ", " were ", " on our behalf", " on behalf", " on ", " from ", " through ", " via ", " using ", " when you ", " without ",
    " only ", " involved ", " who ", " whom ", " whose ", " (", " [", ":", ";", " –", " - ", " e.g", " such as ", " including ", " for example",
];

/// Words that are not a recipient's name.
const PRONOUNS: &[&str] = &["them", "it", "us", "you", "him", "her", "they", "those", "whom", "yourself", "themselves", "this", "these", "each other", "one another", "anyone"];

/// Single words that follow "by" or a list's comma without naming anyone ("provided by
/// means of …", "by post", "…, to:").
const NOT_NAMES: &[&str] = &[
    "means", "post", "email", "e-mail", "telephone", "phone", "letter", "law", "default", "hand", "to", "and", "or", "of", "for", "in", "on", "at",
    "by", "the", "a", "an", "as", "please", "see", "etc",
];

/// Infinitives that follow "to" in a purpose ("passed to comply …"): not a recipient.
const VERBS: &[&str] = &[
    "contact", "comply", "provide", "help", "enable", "ensure", "deliver", "make", "carry", "support", "understand", "improve", "process", "protect",
    "keep", "meet", "send", "allow", "prevent", "be", "do", "get", "find", "check", "raise", "show", "undertake", "work", "identify", "verify",
    "manage", "respond", "fulfil", "administer", "create", "see", "ask", "use", "collect", "share", "enhance", "assess", "investigate",
    "please", "read", "refer", "visit",
];

/// Leading words that say how many or whose, not who: removed from a name.
const DETERMINERS: &[&str] = &[
    "a limited number of ", "a number of ", "some of the following ", "some of the ", "the following ", "some ", "certain ", "selected ", "relevant ",
    "the ", "our ", "your ", "their ", "its ", "a ", "an ", "any ", "all ", "with ", "to ", "and ", "or ", "also ",
];

/// A short name in brackets after a name ("KPSN (KCC)", "(PCG UK)"): part of the name.
static NAME_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" \([A-Z][A-Za-z0-9&. ]{0,20}\)").unwrap());

/// `text` lower-cased (ASCII, so byte offsets stay), with names in brackets masked so that
/// their brackets and words end nothing.
fn searchable(text: &str) -> String {
    let mut lower = text.to_ascii_lowercase().into_bytes();
    for m in NAME_IN_BRACKETS.find_iter(text) {
        for b in &mut lower[m.start() + 1..m.end()] {
            *b = b'x';
        }
    }
    String::from_utf8(lower).unwrap_or_else(|_| text.to_ascii_lowercase())
}

fn earliest(lower: &str, words: &[&str]) -> Option<(usize, usize)> {
    words.iter().filter_map(|w| lower.find(w).map(|i| (i, w.len()))).min_by_key(|&(i, _)| i)
}

/// The noun phrase at the start of `rest` (up to the first word that ends it), the condition
/// that follows it, if one does, and the rest of the sentence after the phrase.
fn phrase_at(rest: &str) -> (String, Option<String>, String) {
    let mut rest = rest.replace(" as well as ", ", ").replace(" and/or ", ", ").replace(" along with ", ", ");
    // "to A or to B", "with A or with B": the repeated preposition continues the list.
    for (from, to) in [(" or to ", " or "), (" and to ", " and "), (" or with ", " or "), (" and with ", " and ")] {
        rest = rest.replace(from, to);
    }
    // Padded on both sides, so that a condition or an end at the very start is found.
    let padded = format!(" {} ", rest.trim_end_matches(['.', '!', '?']));
    let lower = searchable(&padded);
    let cond = earliest(&lower, CONDITION_OPENERS);
    let end = earliest(&lower, PHRASE_ENDS);
    let stop = match (cond, end) {
        (Some((c, _)), Some((e, _))) => c.min(e),
        (Some((c, _)), None) => c,
        (None, Some((e, _))) => e,
        (None, None) => padded.len(),
    };
    let phrase = padded[..stop].trim().trim_end_matches(',').trim().to_string();
    let condition = cond.filter(|&(c, _)| c == stop).map(|(c, _)| padded[c..].trim().trim_end_matches(['.', ',']).trim().to_string());
    (phrase, condition, padded[stop..].trim().to_string())
}

/// The last group of a list ("internal departments or external partners and agencies":
/// "external partners and agencies") and, when `tail` opens with a clause that says which of
/// them are meant, the group named with that clause (to the end of the clause).
fn defined_group(phrase: &str, tail: &str) -> Option<(String, String)> {
    if !(DEFINING_ROLE.is_match(tail) || BUSINESS_EVENT.is_match(tail)) {
        return None;
    }
    let group = phrase.rsplit([',', ';']).next()?.trim();
    let group = group.rfind(" or ").map_or(group, |i| &group[i + 4..]);
    let group = strip_determiners(group);
    let end = tail.find(['.', ';', ':', '(', '[']).unwrap_or(tail.len());
    let clause = tail[..end].split(", ").next().unwrap_or("").trim();
    let words: Vec<&str> = clause.split_whitespace().collect();
    if group.is_empty() || words.is_empty() || words.len() > 14 {
        return None;
    }
    Some((group.clone(), format!("{group} {}", words.join(" "))))
}

/// A list "A, B and C" (or "A or B", "A; B") as its members. An "and" between two
/// describing words shares their noun ("legal and professional advisers" is "legal advisers"
/// and "professional advisers"); an "and" inside a proper name with no list around it
/// ("Folkestone and Hythe District Council") stays.
pub fn split_names(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let parts: Vec<&str> = list.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let serial = parts.len() > 1;
    for part in parts {
        for alt in part.split(" or ").map(str::trim).filter(|p| !p.is_empty()) {
            let alt = strip_determiners(alt);
            match alt.rfind(" and ") {
                Some(i) => {
                    let (left, right) = (alt[..i].trim(), alt[i + 5..].trim());
                    let left_words = left.split_whitespace().count();
                    let right_words: Vec<&str> = right.split_whitespace().collect();
                    let proper = |x: &str| x.starts_with(char::is_uppercase);
                    if !serial && left_words == 1 && !proper(left) && right_words.len() >= 2 {
                        // "legal and professional advisers"
                        out.push(format!("{left} {}", right_words[right_words.len() - 1]));
                        out.push(right.to_string());
                    } else if left_words >= 2 || serial || right_words.len() == 1 || (proper(left) && proper(right) && left_words == 1 && right_words.len() == 1) {
                        out.push(strip_determiners(left));
                        out.push(strip_determiners(right));
                    } else {
                        out.push(alt.clone());
                    }
                }
                None => out.push(alt),
            }
        }
    }
    out.into_iter().map(|n| clean_name(&n)).filter(|n| !n.is_empty()).collect()
}

fn strip_determiners(x: &str) -> String {
    let mut t = x.trim().to_string();
    loop {
        let l = t.to_lowercase();
        match DETERMINERS.iter().find(|d| l.starts_with(*d)) {
            Some(d) => t = t[d.len()..].trim_start().to_string(),
            None => return t,
        }
    }
}

fn clean_name(x: &str) -> String {
    let t = strip_determiners(x);
    let t = t.trim_matches(|c: char| c.is_whitespace() || ",.;:[]“”\"'".contains(c));
    // Brackets stay when they close a name in brackets ("KPSN (KCC)").
    let t = if t.ends_with(')') && t.contains('(') { t } else { t.trim_matches(|c: char| c.is_whitespace() || "()".contains(c)) };
    let t = t.strip_suffix(" recipients").or_else(|| t.strip_suffix(" recipient")).unwrap_or(t).trim();
    let l = t.to_lowercase();
    let one_word = !t.contains(' ');
    // A lone lower-case participle ("based at County Hall" cut at "at") names nobody either.
    let participle = one_word && t.starts_with(char::is_lowercase) && (l.ends_with("ed") || l.ends_with("ing"));
    if t.is_empty() || PRONOUNS.contains(&l.as_str()) || NOT_NAMES.contains(&l.as_str()) || participle || t.split_whitespace().count() > 9 || !t.chars().any(char::is_alphabetic) || not_a_name(t) {
        return String::new();
    }
    t.to_string()
}

/// Whether a phrase begins with an infinitive or a pronoun ("to comply", "to us").
fn not_a_name(phrase: &str) -> bool {
    let first = phrase.split_whitespace().next().unwrap_or("").to_lowercase();
    let first = first.trim_matches(|c: char| !c.is_alphanumeric());
    first.is_empty() || VERBS.contains(&first) || PRONOUNS.contains(&first)
}

/// The recipients a sentence names, each group with the condition after it.
pub fn recipients_in(sentence: &str) -> Vec<Mention> {
    let agents_here = ON_BEHALF.is_match(sentence);
    let mut out: Vec<Mention> = Vec::new();
    let push = |out: &mut Vec<Mention>, rest: &str, how: &'static str, agents: bool, proper_only: bool| {
        let (phrase, condition, tail) = phrase_at(rest);
        if phrase.is_empty() || not_a_name(&phrase) {
            return;
        }
        let names = split_names(&phrase);
        if names.is_empty() || (proper_only && !names.iter().all(|n| n.starts_with(char::is_uppercase))) {
            return;
        }
        if out.iter().any(|m| m.names == names) {
            return;
        }
        let defined = defined_group(&phrase, &tail);
        out.push(Mention { names, condition, agents, how, defined, after: tail });
    };
    for (re, how, agents) in [(&*SHARE_WITH, "share", false), (&*DISCLOSE_TO, "disclose", false), (&*BY_AGENT, "by", true), (&*AGREEMENT_WITH, "agreement", true)] {
        for m in re.find_iter(sentence) {
            push(&mut out, &sentence[m.end()..], how, agents || agents_here, false);
        }
    }
    // "We use Google Analytics, Microsoft Clarity and GovMetric CX to …": named tools only.
    for m in WE_USE.find_iter(sentence) {
        push(&mut out, &sentence[m.end()..], "use", agents_here, true);
    }
    // "We may ask a market research agency to undertake the research on our behalf."
    if agents_here {
        for m in ENGAGE.find_iter(sentence) {
            push(&mut out, &sentence[m.end()..], "engage", true, false);
        }
    }
    for c in WHICH_ON_BEHALF.captures_iter(sentence) {
        let name = clean_name(&c[1]);
        let first = name.split_whitespace().next().unwrap_or("");
        if !name.is_empty() && !["We", "This", "It", "They", "Our", "Which", "Who"].contains(&first) && !out.iter().any(|m| m.names.contains(&name)) {
            out.push(Mention { names: vec![name], condition: None, agents: true, how: "which", defined: None, after: String::new() });
        }
    }
    out
}

/// "… marketing communications from our third-party partners by email …": those who would
/// contact the person with marketing of their own.
static MARKETING_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:marketing|communications?|offers|newsletters?|promotions?)\s+from\s+(?:our\s+|selected\s+|carefully\s+selected\s+)?").unwrap()
});

/// Who a sentence or an opt-in item says would send the person marketing of their own ("Opt
/// in to receive marketing communications from our third-party partners by email, …"):
/// names in the notice's words, never the controller's own "us". Only where the text speaks
/// of marketing or opting in, so that "information from the NHS" (a source) names nobody.
pub fn marketers_in(text: &str) -> Vec<String> {
    let l = text.to_lowercase();
    if !(l.contains("marketing") || l.contains("opt in") || l.contains("opt-in")) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for m in MARKETING_FROM.find_iter(text) {
        let (phrase, _, _) = phrase_at(&text[m.end()..]);
        let phrase = [" by ", " via "].iter().filter_map(|w| phrase.find(w)).min().map_or(phrase.as_str(), |i| &phrase[..i]).to_string();
        for n in split_names(&phrase) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// What a sentence says is collected: the categories it names and the condition after them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collected {
    pub names: Vec<String>,
    pub condition: Option<String>,
    /// How the sentence says it: `collect` (a collecting verb, "we collect …", "… provide us
    /// with …") or `stored` ("The messages … are stored within …").
    pub how: &'static str,
}

/// The categories a sentence says are collected ("we collect your name, address and date of
/// birth", "… to provide us with data about how many people watch our videos"), with the
/// condition after them, or what it says is stored or recorded ("The messages and data
/// exchanged are stored within …"); `None` when the sentence names nothing it collects (or
/// introduces a list, whose items say it).
pub fn collected_in(sentence: &str) -> Option<Collected> {
    for re in [&*COLLECT, &*PROVIDE_US] {
        let Some(m) = re.find(sentence) else { continue };
        let rest = &sentence[m.end()..];
        if rest.trim_end().ends_with(':') {
            return None;
        }
        let (phrase, condition, tail) = phrase_at(rest);
        // "data about how many people watch our videos": what the data is about names it.
        let (phrase, condition) = match about_what(&phrase, &tail) {
            Some(about) => {
                let (inner, inner_condition, _) = phrase_at(about);
                (inner, inner_condition)
            }
            None => (phrase, condition),
        };
        let names: Vec<String> = split_names(&phrase).into_iter().filter(|n| !generic(n)).collect();
        if !names.is_empty() {
            return Some(Collected { names, condition, how: "collect" });
        }
    }
    let subject = STORED.captures(sentence)?.get(1)?.as_str();
    let subject = strip_determiners(subject);
    let first = subject.split_whitespace().next().unwrap_or("").to_lowercase();
    if generic(&subject) || ["this", "these", "that", "those", "it", "they", "which", "we", "how", "where", "when", "why", "what", "whether"].contains(&first.as_str()) || subject.split_whitespace().count() > 10 {
        return None;
    }
    // The subject is one noun phrase ("The messages and data exchanged"): `draft.rs` splits
    // it only where its halves are categories of their own.
    Some(Collected { names: vec![subject], condition: None, how: "stored" })
}

/// Whether a sentence says something is stored, kept or recorded ("Recordings are stored
/// securely for a maximum of 6 months …").
pub fn says_stored(sentence: &str) -> bool {
    STORED.is_match(sentence)
}

/// After a generic head ("data", "information", "details"), the words that say what it is
/// about: "data about how many people watch our videos" gives "how many people watch our videos".
fn about_what<'t>(head: &str, tail: &'t str) -> Option<&'t str> {
    if !generic(head) || head.trim().is_empty() {
        return None;
    }
    let lower = tail.to_ascii_lowercase();
    let rest = ["about ", "on ", "relating to ", "regarding ", "concerning "].iter().find(|w| lower.starts_with(*w)).map(|w| &tail[w.len()..])?;
    (!generic(phrase_at(rest).0.as_str())).then_some(rest)
}

/// What a sharing sentence says is shared, between the verb and the recipients ("We do not
/// share the profiles of individual service users with …" gives "profiles of individual
/// service users"), without the purpose after it ("… your information for marketing purposes
/// with …"); `None` when it names no kind of information ("your personal data").
pub fn shared_what(sentence: &str) -> Option<String> {
    let m = SHARE_WITH.captures(sentence).or_else(|| DISCLOSE_TO.captures(sentence))?;
    let object = m.get(1)?.as_str();
    let object = [" for ", " in order ", " to ", " where ", " if ", " when "].iter().filter_map(|w| object.find(w)).min().map_or(object, |i| &object[..i]);
    let object = strip_determiners(object.trim().trim_end_matches(','));
    // "your child's emergency contact details" are the emergency contact details collected.
    let object = ["child's ", "child’s ", "children's ", "children’s "].iter().find_map(|p| object.strip_prefix(p)).map_or(object.clone(), str::to_string);
    let words = object.split_whitespace().count();
    // "de-identified, pseudonymised data" says what form the data takes, not what it is.
    const FORM: &[&str] = &["de", "identified", "deidentified", "pseudonymised", "pseudonymized", "anonymised", "anonymized", "aggregated", "encrypted", "statistical"];
    let form_only = object.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| FORM.contains(&w.to_lowercase().as_str()) || generic(w));
    (words > 0 && words <= 8 && !form_only && !object.contains(['(', ')', '"'])).then_some(object)
}

/// A purpose or limit inside a sharing sentence, between the object and the recipients
/// ("… your information for marketing purposes with …": "for marketing purposes").
pub fn purpose_before_recipients(sentence: &str) -> Option<String> {
    let m = SHARE_WITH.captures(sentence).or_else(|| DISCLOSE_TO.captures(sentence))?;
    let object = m.get(1)?.as_str();
    let at = object.find(" for ")?;
    Some(object[at..].trim().trim_end_matches(',').to_string())
}

/// Whether a sentence introduces a list of what is collected ("We collect:", "we collect the
/// following personal information when you provide it to us:"); not a list of purposes
/// ("… can be viewed by our suppliers, to:") or of recipients.
pub fn introduces_collection(intro: &str) -> bool {
    let l = intro.trim_end().to_lowercase();
    COLLECT.is_match(intro) && l.ends_with(':') && !l.ends_with(" to:") && !["share", "viewed", "disclos", "passed", "rely", "basis", "bases"].iter().any(|w| l.contains(w))
}

/// A phrase that names no kind of information ("personal information", "certain data about you").
pub fn generic(phrase: &str) -> bool {
    const GENERIC: &[&str] = &[
        "personal", "information", "data", "details", "about", "you", "your", "certain", "following", "some", "other", "more", "any", "the", "of",
        "this", "that", "it", "such", "we", "need", "and", "or", "sensitive", "particular", "relevant", "necessary", "categories", "category",
        "types", "type", "kinds", "kind", "all", "a", "an", "records", "record",
    ];
    phrase.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| GENERIC.contains(&w.to_lowercase().as_str()))
}

/// An item's text without the lead-in that opens a sub-list ("IT Managed Services,
/// encompassing:") or its closing punctuation.
pub fn strip_list_lead_in(text: &str) -> String {
    let mut t = text.trim().trim_end_matches(['.', ',', ';', ':']).trim_end().to_string();
    for w in ["encompassing", "including", "comprising", "such as", "which include", "which includes", "as follows"] {
        let l = t.to_lowercase();
        if l.ends_with(w) {
            t = t[..t.len() - w.len()].trim_end().trim_end_matches([',', ':', '-', '–']).trim_end().to_string();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<Vec<String>> {
        recipients_in(s).into_iter().map(|m| m.names).collect()
    }

    #[test]
    fn recipients_after_sharing_verbs_with_their_conditions() {
        let m = recipients_in("Information may be shared with the MIS provider where this is required for troubleshooting");
        assert_eq!(m[0].names, vec!["MIS provider"]);
        assert_eq!(m[0].condition.as_deref(), Some("where this is required for troubleshooting"));
        assert_eq!(names("We share your personal data with Salesforce."), vec![vec!["Salesforce"]]);
        assert_eq!(names("We share your personal data within the Microsoft Group."), vec![vec!["Microsoft Group"]]);
        assert_eq!(
            names("We will share personal information with law enforcement, our regulators or other authorities if required by applicable law."),
            vec![vec!["law enforcement", "regulators", "other authorities"]]
        );
        assert_eq!(names("Information may be shared with KPSN (KCC) and the Web Filtering Provider where it is needed")[0], vec!["KPSN (KCC)", "Web Filtering Provider"]);
        assert_eq!(names("Your records may be disclosed to the Home Office or to HMRC to comply with the law."), vec![vec!["Home Office", "HMRC"]]);
        assert_eq!(names("We share de-identified data with them."), Vec::<Vec<String>>::new());
        assert_eq!(names("The data is then presented (viewable in identifiable form) to council officers who have a need to see it."), vec![vec!["council officers"]]);
        assert_eq!(names("We may need to pass your details to comply with a court order."), Vec::<Vec<String>>::new());
    }

    #[test]
    fn classes_with_the_clause_that_defines_them() {
        let m = recipients_in("Your details may be passed to internal teams or to outside bodies involved in running the scheme for us.");
        assert_eq!(m[0].names, vec!["internal teams", "outside bodies"]);
        assert_eq!(m[0].defined, Some(("outside bodies".to_string(), "outside bodies involved in running the scheme for us".to_string())));
        let m = recipients_in("We may share your records with other organisations in the event of a merger or sale of the trust.");
        assert_eq!(m[0].defined.as_ref().map(|d| d.1.as_str()), Some("other organisations in the event of a merger or sale of the trust"));
        assert_eq!(m[0].condition.as_deref(), Some("in the event of a merger or sale of the trust"));
        // A purpose or a condition about the person defines nobody.
        assert_eq!(recipients_in("We share data with third parties where it is necessary to run your account.")[0].defined, None);
        assert_eq!(recipients_in("We share data with partners who ask for it.")[0].defined, None);
    }

    #[test]
    fn agents_named_in_prose() {
        let m = recipients_in("We use software provided by Granicus, Snap, Microsoft and GovMetric to create these online forms.");
        assert_eq!(m[0].names, vec!["Granicus", "Snap", "Microsoft", "GovMetric"]);
        assert!(m[0].agents);
        assert_eq!(names("We use Google Analytics, Microsoft Clarity and GovMetric CX to understand how people use our website."), vec![vec!["Google Analytics", "Microsoft Clarity", "GovMetric CX"]]);
        assert!(names("We use cookies to help understand how you use the website.").is_empty());
        assert_eq!(names("All our advisors are employees of Agilisys, which operates the Contact Centre on our behalf."), vec![vec!["Agilisys"]]);
        assert_eq!(names("The database is maintained by Public Consulting Group on KCC’s behalf."), vec![vec!["Public Consulting Group"]]);
        assert_eq!(names("We may ask a market research agency and/or independent qualitative researcher to undertake the research on our behalf."), vec![vec!["market research agency", "independent qualitative researcher"]]);
        assert_eq!(names("We have a data processing agreement in place with Xantura who process your data on our behalf."), vec![vec!["Xantura"]]);
    }

    #[test]
    fn lists_split_into_members() {
        assert_eq!(split_names("our legal and professional advisers"), vec!["legal advisers", "professional advisers"]);
        assert_eq!(split_names("Folkestone and Hythe District Council"), vec!["Folkestone and Hythe District Council"]);
        assert_eq!(split_names("YouTube and Vimeo"), vec!["YouTube", "Vimeo"]);
        assert_eq!(split_names("housing associations and landlords"), vec!["housing associations", "landlords"]);
        assert_eq!(split_names("a limited number of authorised members of KCC staff"), vec!["authorised members of KCC staff"]);
    }

    #[test]
    fn categories_collected_in_a_sentence() {
        let c = collected_in("We are collecting email addresses, names and phone numbers only with the consent of the users, in order to get in touch.").unwrap();
        assert_eq!(c.names, vec!["email addresses", "names", "phone numbers"]);
        assert_eq!((c.condition, c.how), (None, "collect"));
        assert!(collected_in("We collect certain information or data about you when you use the site.").is_none());
        assert!(collected_in("We collect the following personal information:").is_none());
        // What data is about names it; what is given to the controller is collected.
        let c = collected_in("The booking app provides us with data about how often you visit the pool.").unwrap();
        assert_eq!((c.names, c.how), (vec!["how often you visit the pool".to_string()], "collect"));
        assert!(collected_in("Our partners provide us with information about you.").is_none());
        // The subject of a sentence that says it is stored or recorded, as one phrase.
        let c = collected_in("The photos and videos taken at events are stored on our shared drive.").unwrap();
        assert_eq!((c.names, c.how), (vec!["photos and videos taken at events".to_string()], "stored"));
        assert_eq!(collected_in("All calls are recorded for training.").unwrap().names, vec!["calls"]);
        for none in ["Your personal data is stored on servers in the UK.", "This policy is kept under review.", "How long your data will be kept depends on the service.", "Information may be held at our offices."] {
            assert!(collected_in(none).is_none(), "{none}");
        }
    }

    #[test]
    fn what_a_sharing_sentence_shares_and_its_limits() {
        assert_eq!(shared_what("We do not share the profiles of individual service users with any other organisation.").as_deref(), Some("profiles of individual service users"));
        assert_eq!(shared_what("We share your membership details with Fitcard Ltd.").as_deref(), Some("membership details"));
        assert_eq!(shared_what("We will not share your information for marketing purposes with any other organisation.").as_deref(), None);
        assert_eq!(shared_what("We share de-identified, pseudonymised data with them.").as_deref(), None);
        assert_eq!(shared_what("We may share some of the categories of personal information with other parties.").as_deref(), None);
        assert_eq!(shared_what("We share your records with the trust.").as_deref(), None);
        assert_eq!(purpose_before_recipients("We will not share your information for marketing purposes with any other organisation without your consent.").as_deref(), Some("for marketing purposes"));
        let m = recipients_in("We will not share your information for marketing purposes with any other organisation without your consent.");
        assert_eq!(m[0].after, "without your consent");
    }

    #[test]
    fn those_who_would_send_marketing() {
        assert_eq!(marketers_in("Opt in to receive marketing communications from our third-party partners by email, telephone, text message or post."), vec!["third-party partners"]);
        assert_eq!(marketers_in("Tick the box to receive offers from Riverside Sport and the Active Towns Trust."), Vec::<String>::new(), "no marketing or opt-in named");
        assert_eq!(marketers_in("Opt in to marketing offers from Riverside Sport and the Active Towns Trust."), vec!["Riverside Sport", "Active Towns Trust"]);
        assert!(marketers_in("We receive information from the NHS about your care.").is_empty());
    }

    #[test]
    fn sub_list_lead_ins_are_dropped() {
        assert_eq!(strip_list_lead_in("IT Managed Services, encompassing:"), "IT Managed Services");
        assert_eq!(strip_list_lead_in("Training."), "Training");
    }
}
