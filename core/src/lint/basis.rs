//! Lawful bases: processing the notice describes without naming a basis (UK GDPR Articles 6
//! and 13(1)(c)), special category data without an Article 9 condition, and disclosures
//! to named recipients that rest on no basis. Each is a question a data subject may ask and
//! the notice cannot answer; decisions then list no basis.

use super::{cite, finding, labels, Finding, Severity};
use crate::model::{Action, Activity, Effect, PolicySet, Rule};
use crate::syntax::VocabKind;

/// Permits of `action` that cover `activity` by naming it or one of its service groups.
fn permits_naming<'a>(set: &'a PolicySet, activity: &'a Activity, action: Action) -> impl Iterator<Item = &'a Rule> + 'a {
    set.rules.iter().filter(move |r| {
        r.action == action && r.effect == Effect::Permit && r.activities.iter().any(|a| activity.ancestors.contains(a))
    })
}

/// The basis claims of an activity and of its service groups (which members inherit).
fn claims<'a>(set: &'a PolicySet, activity: &'a Activity) -> impl Iterator<Item = &'a crate::model::BasisClaim> + 'a {
    activity.ancestors.iter().flat_map(move |&a| set.activities[a as usize].bases.iter())
}

/// `empty-basis`: an activity that collects or uses personal data with no lawful basis named
/// for it or its group.
pub fn empty_basis(set: &PolicySet, out: &mut Vec<Finding>) {
    for activity in set.activities.iter().filter(|a| !a.is_notice_scope) {
        if claims(set, activity).next().is_some() {
            continue;
        }
        let rules: Vec<&Rule> =
            permits_naming(set, activity, Action::Collect).chain(permits_naming(set, activity, Action::Use)).collect();
        if rules.is_empty() {
            continue;
        }
        let mut f = finding(
            set,
            "empty-basis",
            Severity::Warning,
            activity.notice,
            format!("\"{}\" collects or uses personal data, but the notice names no lawful basis for it", activity.label),
            format!(
                "The activity `{}` has no `[[activity.basis]]` (nor has any service group it belongs to), while {} rule(s) collect or use data for it. Decisions list no basis, and a question that names a basis is `not_stated`.",
                activity.id,
                rules.len()
            ),
        );
        f.location = activity.location.clone();
        f.ids.push(activity.id.clone());
        cite(&mut f, rules);
        out.push(f);
    }
}

/// Whether an Article 9 condition (or a DPA 2018 Schedule 1 condition) covers the category.
fn has_article_9(set: &PolicySet, activity: &Activity, category: u32) -> bool {
    let cats = set.vocab.table(VocabKind::Category);
    claims(set, activity).any(|c| {
        let article = set.vocab.entry(VocabKind::Basis, c.basis).article.as_deref();
        matches!(article, Some("9") | Some("dpa_schedule_1"))
            && (c.categories.is_empty() || c.categories.iter().any(|&k| cats.is_within(category, k) || cats.is_within(k, category)))
    })
}

/// `special-category-without-article-9`: special category data collected with no Article 9
/// condition that covers it (a rule naming no category collects special category data too).
pub fn special_category_without_article_9(set: &PolicySet, out: &mut Vec<Finding>) {
    let cats = set.vocab.table(VocabKind::Category);
    let special_roots: Vec<u32> = (0..cats.entries.len() as u32).filter(|&c| is_special_root(set, c)).collect();
    for activity in set.activities.iter().filter(|a| !a.is_notice_scope) {
        let mut uncovered: Vec<u32> = Vec::new();
        let mut rules: Vec<&Rule> = Vec::new();
        for rule in permits_naming(set, activity, Action::Collect) {
            let special: Vec<u32> = if rule.categories.is_empty() {
                special_roots.clone()
            } else {
                rule.categories.iter().copied().filter(|&c| cats.entries[c as usize].special_category).collect()
            };
            let missing: Vec<u32> = special.into_iter().filter(|&c| !has_article_9(set, activity, c)).collect();
            if !missing.is_empty() {
                rules.push(rule);
                for c in missing {
                    if !uncovered.contains(&c) {
                        uncovered.push(c);
                    }
                }
            }
        }
        if rules.is_empty() {
            continue;
        }
        let mut f = finding(
            set,
            "special-category-without-article-9",
            Severity::Error,
            activity.notice,
            format!("\"{}\" collects special category data with no Article 9 condition", activity.label),
            format!(
                "UK GDPR Article 9 forbids processing special category data unless a condition of Article 9(2) applies, and Article 13 asks the notice to say which. `{}` collects {} without any `[[activity.basis]]` naming an Article 9 or DPA 2018 Schedule 1 condition for it.",
                activity.id,
                labels(set, VocabKind::Category, &uncovered)
            ),
        );
        f.location = activity.location.clone();
        f.ids.push(activity.id.clone());
        cite(&mut f, rules);
        out.push(f);
    }
}

/// The top of the special-category subtree (its parent, if any, is not special).
fn is_special_root(set: &PolicySet, c: u32) -> bool {
    let e = set.vocab.entry(VocabKind::Category, c);
    e.special_category && e.parent.is_none_or(|p| !set.vocab.entry(VocabKind::Category, p).special_category)
}

/// `recipient-without-basis`: a share with named recipients that rests on no basis: the rule
/// names none and neither do the activities it covers (a notice-wide rule has none).
pub fn recipient_without_basis(set: &PolicySet, out: &mut Vec<Finding>) {
    for rule in set.rules.iter().filter(|r| r.action == Action::Share && r.effect == Effect::Permit && !r.recipients.is_empty()) {
        if !rule.bases.is_empty() {
            continue;
        }
        let activity_bases = rule.activities.iter().any(|&a| claims(set, &set.activities[a as usize]).next().is_some());
        if activity_bases {
            continue;
        }
        let scope = if rule.activities.is_empty() { "it is notice-wide and names no `bases`" } else { "neither it nor its activities name a basis" };
        let mut f = finding(
            set,
            "recipient-without-basis",
            Severity::Warning,
            rule.notice,
            format!("disclosure to {} rests on no lawful basis", labels(set, VocabKind::Recipient, &rule.recipients)),
            format!(
                "Rule `{}` permits sharing with {}, but {scope}: a decision that permits it lists no basis, and a question that names one is `not_stated`.",
                rule.id,
                labels(set, VocabKind::Recipient, &rule.recipients)
            ),
        );
        f.location = rule.location.clone();
        cite(&mut f, [rule]);
        out.push(f);
    }
}
