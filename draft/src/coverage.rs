//! Coverage: which sentences of a notice a rule, retention rule, basis or finding quotes.
//!
//! The report's coverage view shows the notice text sentence by sentence, each marked by the
//! ids that quote it; a sentence nothing quotes stands out. A sentence is covered when a
//! quote contains it or it contains a quote (whitespace folded), so a quote of two sentences
//! covers both, and a quote of a phrase covers the sentence it is in.

use noticegate::model::PolicySet;

use crate::segment::{segment, UnitKind};

/// One unit of the notice text and what quotes it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Marked {
    /// `heading`, `sentence`, `item` or `row`.
    pub kind: &'static str,
    pub text: String,
    /// Rule, retention and finding ids, and `basis:<activity>` for basis claims.
    pub by: Vec<String>,
}

/// A notice's coverage.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Coverage {
    pub notice: String,
    pub title: String,
    pub source: String,
    pub units: Vec<Marked>,
    /// Sentences, items and rows (headings are not counted).
    pub total: usize,
    pub covered: usize,
}

impl Coverage {
    pub fn share(&self) -> f64 {
        if self.total == 0 { 0.0 } else { self.covered as f64 / self.total as f64 }
    }
}

fn fold(x: &str) -> String {
    x.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The coverage of a notice text by the quotes of `set` for the notice `notice`.
pub fn of_notice(set: &PolicySet, notice: u32, text: &str) -> Coverage {
    let n = &set.notices[notice as usize];
    let mut quotes: Vec<(String, String)> = Vec::new();
    for r in set.rules.iter().filter(|r| r.notice == notice) {
        quotes.push((r.id.clone(), r.quote.clone()));
    }
    for r in set.retentions.iter().filter(|r| r.notice == notice) {
        quotes.push((r.id.clone(), r.quote.clone()));
    }
    for a in set.activities.iter().filter(|a| a.notice == notice) {
        for b in &a.bases {
            quotes.push((format!("basis:{}", a.id), b.quote.clone()));
        }
    }
    for f in set.recorded.findings.iter().filter(|f| f.notice == Some(notice)) {
        for q in &f.quotes {
            quotes.push((f.id.clone(), q.clone()));
        }
    }
    of_text(&n.id, &n.title, &n.source, text, &quotes)
}

/// The coverage of a text by (id, quote) pairs.
pub fn of_text(notice: &str, title: &str, source: &str, text: &str, quotes: &[(String, String)]) -> Coverage {
    let doc = segment(text);
    let folded: Vec<(String, String)> = quotes.iter().map(|(id, q)| (id.clone(), fold(q))).filter(|(_, q)| !q.is_empty()).collect();
    let mut units = Vec::with_capacity(doc.units.len());
    let (mut total, mut covered) = (0, 0);
    for u in &doc.units {
        let t = fold(&u.text);
        let mut by: Vec<String> = Vec::new();
        // Very short units ("a.", "|") would match any quote: they count as covered only when quoted whole.
        for (id, q) in &folded {
            let hit = q.contains(&t) && (t.len() >= 12 || *q == t) || (q.len() >= 12 && t.contains(q.as_str()));
            if hit && !by.contains(id) {
                by.push(id.clone());
            }
        }
        let kind = match u.kind {
            UnitKind::Heading => "heading",
            UnitKind::Sentence => "sentence",
            UnitKind::Item => "item",
            UnitKind::Row => "row",
        };
        if u.kind != UnitKind::Heading {
            total += 1;
            if !by.is_empty() {
                covered += 1;
            }
        }
        units.push(Marked { kind, text: u.text.clone(), by });
    }
    Coverage { notice: notice.to_string(), title: title.to_string(), source: source.to_string(), units, total, covered }
}
