//! Rules of one notice that meet: a permit and a prohibition that both apply to the same
//! question (the engine lets the more specific decide, but the notice says both), and a
//! broad permit that still permits where a narrower one sets a limit, so the limit means
//! nothing. Both compare scopes (activities, the action's object and filter, categories,
//! dates) through the vocabulary trees, and conditions fact by fact.

use super::{cite, finding, Finding, Severity};
use crate::model::{Condition, Effect, PolicySet, Rule, Test};
use crate::syntax::VocabKind;

/// The dimensions a rule is scoped by besides activities: the action's object, its filter,
/// and categories.
fn dimensions(rule: &Rule) -> Vec<VocabKind> {
    [rule.action.object_kind(), rule.action.filter_kind(), Some(VocabKind::Category)].into_iter().flatten().collect()
}

/// Whether some entry of `a` and some of `b` share a subtree (empty: every entry).
fn meet(set: &PolicySet, kind: VocabKind, a: &[u32], b: &[u32]) -> bool {
    let t = set.vocab.table(kind);
    a.is_empty() || b.is_empty() || a.iter().any(|&x| b.iter().any(|&y| t.is_within(x, y) || t.is_within(y, x)))
}

/// Whether every entry of `narrow` is within some entry of `broad` (empty: every entry).
fn covers(set: &PolicySet, kind: VocabKind, broad: &[u32], narrow: &[u32]) -> bool {
    let t = set.vocab.table(kind);
    broad.is_empty() || (!narrow.is_empty() && narrow.iter().all(|&x| broad.iter().any(|&y| t.is_within(x, y))))
}

fn activities_meet(set: &PolicySet, a: &[u32], b: &[u32]) -> bool {
    let within = |x: u32, y: u32| set.activities[x as usize].ancestors.contains(&y);
    a.is_empty() || b.is_empty() || a.iter().any(|&x| b.iter().any(|&y| within(x, y) || within(y, x)))
}

fn activities_cover(set: &PolicySet, broad: &[u32], narrow: &[u32]) -> bool {
    broad.is_empty() || (!narrow.is_empty() && narrow.iter().all(|&x| set.activities[x as usize].ancestors.iter().any(|a| broad.contains(a))))
}

/// Two tests of the same fact that no value satisfies both of.
fn exclusive(a: &Test, b: &Test) -> bool {
    match (a, b) {
        (Test::Bool(x), Test::Bool(y)) => x != y,
        (Test::OneOf(x), Test::OneOf(y)) => x & y == 0,
        (Test::AtLeast(lo), Test::AtMost(hi)) | (Test::AtMost(hi), Test::AtLeast(lo)) => lo > hi,
        _ => false,
    }
}

/// Whether both rules' conditions can hold at once.
fn compatible(a: &[Condition], b: &[Condition]) -> bool {
    !a.iter().any(|x| b.iter().any(|y| x.fact == y.fact && exclusive(&x.test, &y.test)))
}

/// Whether two rules of a notice can answer the same question.
fn scopes_meet(set: &PolicySet, a: &Rule, b: &Rule) -> bool {
    a.notice == b.notice
        && a.action == b.action
        && a.valid_from < b.valid_until
        && b.valid_from < a.valid_until
        && activities_meet(set, &a.activities, &b.activities)
        && dimensions(a).into_iter().all(|k| meet(set, k, a.named(k), b.named(k)))
}

/// `permit-contradicts-prohibition`: a deny and a more specific permit of the same notice
/// that both apply to some question, under conditions that can hold together: the permit
/// decides first there, so the prohibition does not hold. (A deny at least as specific as
/// the permit decides first: an exception, which is consistent.)
pub fn permit_contradicts_prohibition(set: &PolicySet, out: &mut Vec<Finding>) {
    for deny in set.rules.iter().filter(|r| r.effect == Effect::Deny) {
        let permits: Vec<&Rule> = set
            .rules
            .iter()
            .filter(|p| p.effect == Effect::Permit && p.level > deny.level && scopes_meet(set, deny, p) && compatible(&deny.when, &p.when))
            .collect();
        if permits.is_empty() {
            continue;
        }
        let ids: Vec<String> = permits.iter().map(|p| format!("`{}`", p.id)).collect();
        let mut f = finding(
            set,
            "permit-contradicts-prohibition",
            Severity::Error,
            deny.notice,
            format!("the prohibition `{}` is contradicted by {} permit(s) of the same notice", deny.id, permits.len()),
            format!(
                "Rule `{}` forbids what the more specific {} permit(s) for some of the same questions, under conditions that can hold together. The more specific rule decides, so the prohibition does not hold there, though the notice states it.",
                deny.id,
                ids.join(", ")
            ),
        );
        f.location = deny.location.clone();
        cite(&mut f, std::iter::once(deny).chain(permits));
        out.push(f);
    }
}

/// `catch-all-voids-limit`: a conditional permit whose whole scope a broader permit also
/// covers, with conditions that can hold where the narrower rule's fail: the broader rule
/// permits what the limit was to exclude.
pub fn catch_all_voids_limit(set: &PolicySet, out: &mut Vec<Finding>) {
    for limited in set.rules.iter().filter(|r| r.effect == Effect::Permit && !r.when.is_empty()) {
        let catch_alls: Vec<&Rule> = set
            .rules
            .iter()
            .filter(|c| {
                c.effect == Effect::Permit
                    && c.notice == limited.notice
                    && c.action == limited.action
                    && c.level < limited.level
                    && c.valid_from <= limited.valid_from
                    && limited.valid_until <= c.valid_until
                    && activities_cover(set, &c.activities, &limited.activities)
                    && dimensions(c).into_iter().all(|k| covers(set, k, c.named(k), limited.named(k)))
                    && !limited.when.iter().all(|w| c.when.contains(w))
            })
            .collect();
        if catch_alls.is_empty() {
            continue;
        }
        let ids: Vec<String> = catch_alls.iter().map(|c| format!("`{}`", c.id)).collect();
        let mut f = finding(
            set,
            "catch-all-voids-limit",
            Severity::Warning,
            limited.notice,
            format!("a broader permit covers `{}` without its conditions", limited.id),
            format!(
                "Rule `{}` permits only under its conditions, but {} cover(s) all of its questions with conditions that can hold when those fail, so the limit does not limit.",
                limited.id,
                ids.join(", ")
            ),
        );
        f.location = limited.location.clone();
        cite(&mut f, std::iter::once(limited).chain(catch_alls));
        out.push(f);
    }
}
