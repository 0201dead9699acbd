//! Transfers abroad: a notice that promises "only" adequate countries and then names
//! transfers the promise cannot cover, and a notice that still names the European
//! Commission's adequacy after UK law took over from it. Both turn on the law files' dates,
//! so a change in the law (`law/transfers.toml`) changes the findings, not the code.

use super::{cite, finding, labels, Finding, Severity};
use crate::date::Date;
use crate::model::{fold_whitespace, Action, Effect, Entry, PolicySet, Rule};
use crate::sources::PolicySources;
use crate::syntax::VocabKind;

/// Mechanisms that rest on adequacy (Articles 45 and 45A), EU membership, or no transfer at
/// all: what a promise of "only" adequate countries allows.
fn is_adequacy(m: &Entry) -> bool {
    matches!(m.article.as_deref(), Some("45") | Some("45A") | Some("eu_membership") | Some("none"))
}

/// A notice-wide transfer permit for every country that relies on adequacy alone.
fn is_promise(set: &PolicySet, r: &Rule) -> bool {
    r.action == Action::Transfer
        && r.effect == Effect::Permit
        && r.activities.is_empty()
        && r.countries.is_empty()
        && r.recipients.is_empty()
        && !r.mechanisms.is_empty()
        && r.mechanisms.iter().all(|&m| is_adequacy(set.vocab.entry(VocabKind::Mechanism, m)))
}

/// Whether a country has adequacy on a date that needs no further fact (such as a
/// certification): what "a country that has been deemed adequate" means.
fn adequate_on(set: &PolicySet, country: u32, date: Date) -> bool {
    let countries = set.vocab.table(VocabKind::Country);
    set.vocab.table(VocabKind::Mechanism).entries.iter().any(|m| {
        is_adequacy(m)
            && m.requires.is_empty()
            && m.valid_from <= date
            && date < m.valid_until
            && (m.countries.is_empty() || m.countries.iter().any(|&c| countries.is_within(country, c)))
    })
}

/// `transfer-beyond-promise`: beside the promise, a transfer to a country without adequacy on
/// the notice's date, or one that relies on safeguards (contracts) rather than adequacy.
pub fn transfer_beyond_promise(set: &PolicySet, out: &mut Vec<Finding>) {
    for promise in set.rules.iter().filter(|r| is_promise(set, r)) {
        let notice = &set.notices[promise.notice as usize];
        for rule in set.rules.iter().filter(|r| {
            r.notice == promise.notice && r.action == Action::Transfer && r.effect == Effect::Permit && !std::ptr::eq(*r, promise)
        }) {
            let mut countries = rule.countries.clone();
            countries.extend(rule.recipients.iter().filter_map(|&r| set.vocab.entry(VocabKind::Recipient, r).located_in));
            let date = notice.date.filter(|d| rule.valid_from <= *d && *d < rule.valid_until);
            let inadequate: Vec<u32> = match date {
                Some(d) => countries.into_iter().filter(|&c| !adequate_on(set, c, d)).collect(),
                None => Vec::new(),
            };
            let safeguards: Vec<u32> =
                rule.mechanisms.iter().copied().filter(|&m| !is_adequacy(set.vocab.entry(VocabKind::Mechanism, m))).collect();
            if inadequate.is_empty() && safeguards.is_empty() {
                continue;
            }
            let mut why = Vec::new();
            if let (false, Some(d)) = (inadequate.is_empty(), date) {
                why.push(format!(
                    "it transfers to {}, which had no adequacy on {d} (the notice's date) without further conditions",
                    labels(set, VocabKind::Country, &inadequate)
                ));
            }
            if !safeguards.is_empty() {
                why.push(format!(
                    "it relies on {}, which a transfer needs only where there is no adequacy",
                    labels(set, VocabKind::Mechanism, &safeguards)
                ));
            }
            let mut f = finding(
                set,
                "transfer-beyond-promise",
                Severity::Error,
                rule.notice,
                format!("the notice promises \"only\" adequate countries, but `{}` goes beyond it", rule.id),
                format!("Rule `{}` restricts every transfer to adequacy; rule `{}` contradicts it: {}.", promise.id, rule.id, why.join("; and ")),
            );
            f.location = rule.location.clone();
            cite(&mut f, [promise, rule]);
            out.push(f);
        }
    }
}

/// The day UK law took over from the EU's: the end of the EU-membership mechanisms.
fn uk_law_since(set: &PolicySet) -> Option<Date> {
    set.vocab
        .table(VocabKind::Mechanism)
        .entries
        .iter()
        .filter(|m| m.article.as_deref() == Some("eu_membership"))
        .map(|m| m.valid_until)
        .max()
        .filter(|d| *d < Date::MAX)
}

/// Sentences (and list items) of a text, whitespace folded, as a quote is compared.
fn sentences(text: &str) -> Vec<String> {
    let folded = fold_whitespace(text);
    folded.split(" • ").flat_map(|item| item.split(" - ")).flat_map(split_sentences).filter(|s| !s.is_empty()).collect()
}

fn split_sentences(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = folded.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let end_of_sentence = matches!(b, b'.' | b'?' | b'!') && bytes.get(i + 1).is_none_or(|&n| n == b' ');
        if end_of_sentence {
            out.push(folded[start..=i].trim().to_string());
            start = i + 1;
        }
    }
    if start < folded.len() {
        out.push(folded[start..].trim().to_string());
    }
    out
}

/// `eu-adequacy-reference`: a sentence of the notice that relies on the European
/// Commission's adequacy decisions or contracts, once the law files say UK law governs.
pub fn eu_adequacy_reference(set: &PolicySet, sources: &PolicySources, out: &mut Vec<Finding>) {
    let Some(since) = uk_law_since(set) else { return };
    for (index, notice) in set.notices.iter().enumerate() {
        let Some(text) = sources.notice_texts.get(&notice.source) else { continue };
        for sentence in sentences(text) {
            let lower = sentence.to_lowercase();
            if !(lower.contains("european commission") && (lower.contains("adequa") || lower.contains("approved by"))) {
                continue;
            }
            let dated = notice.date.map_or(String::new(), |d| format!(" (the notice is dated {d})"));
            let mut f = finding(
                set,
                "eu-adequacy-reference",
                Severity::Warning,
                index as u32,
                "the notice relies on the European Commission's adequacy, where UK law governs".to_string(),
                format!(
                    "Since {since} UK transfers rest on UK adequacy regulations (and from 5 February 2026 on Article 45A), not on the European Commission's decisions or its approval of contracts{dated}."
                ),
            );
            f.quotes.push(sentence.clone());
            let folded_sentence = sentence.as_str();
            let citing: Vec<&Rule> = set
                .rules
                .iter()
                .filter(|r| r.notice == index as u32 && fold_whitespace(&r.quote).contains(folded_sentence))
                .collect();
            if let Some(first) = citing.first() {
                f.location = first.location.clone();
            }
            for r in citing {
                f.ids.push(r.id.clone());
            }
            out.push(f);
        }
    }
}
