//! A draft measured against a hand encoding of the same notice: recall and precision of
//! activities, categories (overall and per activity), recipients, bases and retention
//! periods (`docs/drafting.md`; `cargo run -p noticegate-draft --example measure`).
//!
//! Names match when they are equal after folding (ids, labels, aliases), or when one folded
//! label contains the other (at least 5 characters): the draft names things in the notice's
//! words, the hand encoding often shortens them.

use std::collections::BTreeSet;

use noticegate::model::{Action, PolicySet};
use noticegate::names::fold;
use noticegate::VocabKind;

/// Found and expected counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    /// Hand items the draft has.
    pub found: usize,
    pub hand: usize,
    /// Draft items the hand encoding has.
    pub right: usize,
    pub drafted: usize,
}

impl Score {
    pub fn recall(&self) -> f64 {
        if self.hand == 0 { 1.0 } else { self.found as f64 / self.hand as f64 }
    }
    pub fn precision(&self) -> f64 {
        if self.drafted == 0 { 1.0 } else { self.right as f64 / self.drafted as f64 }
    }
    fn add(&mut self, o: Score) {
        self.found += o.found;
        self.hand += o.hand;
        self.right += o.right;
        self.drafted += o.drafted;
    }
}

#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub activities: Score,
    pub categories: Score,
    pub categories_per_activity: Score,
    pub recipients: Score,
    /// `recipients`, counting only the hand recipients the notice's text names (by label or
    /// alias): a hand rule may list recipients the text never names (002's "Only authorised
    /// members of staff have access to the call recordings" lists every other recipient of the
    /// shared vocabulary), which no reader of the text could find.
    pub recipients_named: Score,
    pub bases: Score,
    pub retention_periods: Score,
    /// Article references (6(1)(x), 9(2)(x)) in the text, and how many the draft has.
    pub articles_named: usize,
    pub articles_found: usize,
    pub missed: Vec<String>,
    /// Categories and recipients the draft has and the hand encoding does not.
    pub extra: Vec<String>,
}

fn names(set: &PolicySet, kind: VocabKind, i: u32) -> Vec<String> {
    let e = set.vocab.entry(kind, i);
    std::iter::once(&e.id).chain(std::iter::once(&e.label)).chain(e.aliases.iter()).map(|n| fold(n)).collect()
}

/// Lowercase words separated by single spaces, with a space at each end, for whole-word search.
fn words(text: &str) -> String {
    let mut out = String::from(" ");
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        out.push_str(&w.to_lowercase());
        out.push(' ');
    }
    out
}

/// Whether the text (as `words`) names a vocabulary entry by its label or an alias.
fn named_in(text_words: &str, set: &PolicySet, kind: VocabKind, i: u32) -> bool {
    let e = set.vocab.entry(kind, i);
    std::iter::once(&e.label).chain(e.aliases.iter()).map(|n| words(n)).any(|n| n.trim().len() >= 3 && text_words.contains(n.as_str()))
}

fn same(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x == y || (x.len() >= 5 && y.len() >= 5 && (x.contains(y.as_str()) || y.contains(x.as_str())))))
}

fn score(hand: &[Vec<String>], drafted: &[Vec<String>]) -> Score {
    Score {
        found: hand.iter().filter(|h| drafted.iter().any(|d| same(h, d))).count(),
        hand: hand.len(),
        right: drafted.iter().filter(|d| hand.iter().any(|h| same(h, d))).count(),
        drafted: drafted.len(),
    }
}

/// The categories a notice names: in its rules and basis claims, and (`own`) those its own
/// file defines (ids under the notice's prefix).
fn categories(set: &PolicySet, notice: u32, own: Option<&str>, activity: Option<u32>) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    for r in set.rules.iter().filter(|r| r.notice == notice && r.action == Action::Collect) {
        if activity.is_none_or(|a| r.activities.is_empty() || set.activities[a as usize].ancestors.iter().any(|x| r.activities.contains(x))) {
            out.extend(r.categories.iter().copied());
        }
    }
    if activity.is_none() {
        for r in set.rules.iter().filter(|r| r.notice == notice) {
            out.extend(r.categories.iter().copied());
        }
        for a in set.activities.iter().filter(|a| a.notice == notice) {
            for b in &a.bases {
                out.extend(b.categories.iter().copied());
            }
        }
        if let Some(prefix) = own {
            let t = set.vocab.table(VocabKind::Category);
            out.extend((0..t.entries.len() as u32).filter(|&i| t.entries[i as usize].id.starts_with(prefix)));
        }
    }
    out
}

/// `ids` and the categories the notice's rules cover through them (`rule_covers_category`:
/// beneath a category a rule names, and named by the notice).
/// With `activity`, only the collect rules that apply to it (as `categories` reads them).
fn beneath(set: &PolicySet, notice: u32, ids: &BTreeSet<u32>, activity: Option<u32>) -> BTreeSet<u32> {
    let t = set.vocab.table(VocabKind::Category);
    let mut out = ids.clone();
    let applies = |r: &noticegate::model::Rule| {
        activity.is_none_or(|a| r.action == Action::Collect && (r.activities.is_empty() || set.activities[a as usize].ancestors.iter().any(|x| r.activities.contains(x))))
    };
    for r in set.rules.iter().filter(|r| r.notice == notice && !r.categories.is_empty() && applies(r)) {
        out.extend((0..t.entries.len() as u32).filter(|&c| set.rule_covers_category(r, c)));
    }
    out
}

fn recipients(set: &PolicySet, notice: u32, own: Option<&str>) -> BTreeSet<u32> {
    let mut out: BTreeSet<u32> = set.rules.iter().filter(|r| r.notice == notice).flat_map(|r| r.recipients.iter().copied()).collect();
    if let Some(prefix) = own {
        let t = set.vocab.table(VocabKind::Recipient);
        out.extend((0..t.entries.len() as u32).filter(|&i| t.entries[i as usize].id.starts_with(prefix)));
    }
    out
}

fn bases(set: &PolicySet, notice: u32) -> BTreeSet<u32> {
    let mut out: BTreeSet<u32> = set.rules.iter().filter(|r| r.notice == notice).flat_map(|r| r.bases.iter().copied()).collect();
    for a in set.activities.iter().filter(|a| a.notice == notice) {
        out.extend(a.bases.iter().map(|b| b.basis));
    }
    out
}

fn periods(set: &PolicySet, notice: u32) -> Vec<(u32, u32, u32)> {
    set.retentions.iter().filter(|r| r.notice == notice).flat_map(|r| r.periods.iter().map(|p| (p.years, p.months, p.days))).collect()
}

/// Compares the draft's notice with the hand encoding's.
pub fn compare(hand: &PolicySet, hn: u32, draft: &PolicySet, dn: u32, text: &str) -> Scores {
    let prefix = format!("{}.", draft.notices[dn as usize].id);
    let acts = |set: &PolicySet, n: u32| -> Vec<u32> { set.activities.iter().enumerate().filter(|(_, a)| a.notice == n && !a.is_notice_scope).map(|(i, _)| i as u32).collect() };
    let act_names = |set: &PolicySet, i: u32| -> Vec<String> {
        let a = &set.activities[i as usize];
        std::iter::once(&a.label).chain(a.aliases.iter()).map(|n| fold(n)).collect()
    };
    let (ha, da) = (acts(hand, hn), acts(draft, dn));
    let mut s = Scores::default();
    let hnames: Vec<Vec<String>> = ha.iter().map(|&i| act_names(hand, i)).collect();
    let dnames: Vec<Vec<String>> = da.iter().map(|&i| act_names(draft, i)).collect();
    s.activities = score(&hnames, &dnames);
    let cat = |set: &PolicySet, ids: &BTreeSet<u32>| -> Vec<Vec<String>> { ids.iter().map(|&i| names(set, VocabKind::Category, i)).collect() };
    let hand_ids = categories(hand, hn, None, None);
    let hc = cat(hand, &hand_ids);
    let dc = cat(draft, &categories(draft, dn, Some(&prefix), None));
    s.categories = score(&hc, &dc);
    // Precision counts a drafted category right when the hand encoding's rules cover it
    // through a category they name: 003's "School attended" is a hand category permitted
    // through "Educational information".
    let covered = cat(hand, &beneath(hand, hn, &hand_ids, None));
    s.categories.right = dc.iter().filter(|d| covered.iter().any(|h| same(h, d))).count();
    for (k, h) in hc.iter().enumerate() {
        if !dc.iter().any(|d| same(h, d)) {
            s.missed.push(format!("category {}", hand.vocab.table(VocabKind::Category).entries[*categories(hand, hn, None, None).iter().nth(k).unwrap() as usize].label));
        }
    }
    let drafted_ids: Vec<u32> = categories(draft, dn, Some(&prefix), None).into_iter().collect();
    for (k, d) in dc.iter().enumerate() {
        if !covered.iter().any(|h| same(h, d)) {
            s.extra.push(format!("category {}", draft.vocab.entry(VocabKind::Category, drafted_ids[k]).label));
        }
    }
    // Per activity: matched pairs only.
    for (hi, h) in ha.iter().zip(&hnames) {
        if let Some(di) = da.iter().zip(&dnames).find(|(_, d)| same(h, d)).map(|(i, _)| *i) {
            let ids = categories(hand, hn, None, Some(*hi));
            let hc = cat(hand, &ids);
            let dc = cat(draft, &categories(draft, dn, None, Some(di)));
            let mut per = score(&hc, &dc);
            let covered = cat(hand, &beneath(hand, hn, &ids, Some(*hi)));
            per.right = dc.iter().filter(|d| covered.iter().any(|h| same(h, d))).count();
            s.categories_per_activity.add(per);
        }
    }
    let rec = |set: &PolicySet, ids: &BTreeSet<u32>| -> Vec<Vec<String>> { ids.iter().map(|&i| names(set, VocabKind::Recipient, i)).collect() };
    let hr = rec(hand, &recipients(hand, hn, None));
    let dr = rec(draft, &recipients(draft, dn, Some(&prefix)));
    s.recipients = score(&hr, &dr);
    let text_words = words(text);
    let named: BTreeSet<u32> = recipients(hand, hn, None).into_iter().filter(|&i| named_in(&text_words, hand, VocabKind::Recipient, i)).collect();
    s.recipients_named = score(&rec(hand, &named), &dr);
    for h in &hr {
        if !dr.iter().any(|d| same(h, d)) {
            s.missed.push(format!("recipient {}", h.get(1).cloned().unwrap_or_default()));
        }
    }
    for d in &dr {
        if !hr.iter().any(|h| same(h, d)) {
            s.extra.push(format!("recipient {}", d.get(1).cloned().unwrap_or_default()));
        }
    }
    let bas = |set: &PolicySet, ids: &BTreeSet<u32>| -> Vec<Vec<String>> { ids.iter().map(|&i| vec![fold(&set.vocab.entry(VocabKind::Basis, i).id), fold(&set.vocab.entry(VocabKind::Basis, i).label)]).collect() };
    let exact = |h: &[Vec<String>], d: &[Vec<String>]| Score {
        found: h.iter().filter(|x| d.iter().any(|y| x.iter().any(|a| y.contains(a)))).count(),
        hand: h.len(),
        right: d.iter().filter(|y| h.iter().any(|x| x.iter().any(|a| y.contains(a)))).count(),
        drafted: d.len(),
    };
    let hb = bas(hand, &bases(hand, hn));
    let db = bas(draft, &bases(draft, dn));
    s.bases = exact(&hb, &db);
    for h in &hb {
        if !db.iter().any(|d| h.iter().any(|a| d.contains(a))) {
            s.missed.push(format!("basis {}", h[1]));
        }
    }
    let (hp, mut dp) = (periods(hand, hn), periods(draft, dn));
    let drafted = dp.len();
    let mut found = 0;
    for p in &hp {
        if let Some(i) = dp.iter().position(|x| x == p) {
            dp.remove(i);
            found += 1;
        }
    }
    s.retention_periods = Score { found, hand: hp.len(), right: found, drafted };
    // Every Article reference of the text.
    let named: BTreeSet<String> = crate::draft::article_references(text);
    let have: BTreeSet<String> = bases(draft, dn).iter().map(|&b| draft.vocab.entry(VocabKind::Basis, b).id.clone()).collect();
    s.articles_named = named.len();
    s.articles_found = named.iter().filter(|a| have.contains(*a)).count();
    s
}
