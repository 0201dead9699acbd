//! Rules of one notice that meet: a permit that a prohibition or limit forbids wherever it
//! applies (prohibitions override permits, so the permit never decides, though the notice
//! states it), and a broad permit that still permits where a narrower one sets a condition
//! that no `limit` enforces, so the condition means nothing. Both compare scopes (activities, the action's object and filter, categories,
//! dates) through the vocabulary trees, and conditions fact by fact.

use super::{cite, finding, Finding, Severity};
use crate::model::{Effect, PolicySet, Rule, Test};
use crate::syntax::VocabKind;

/// The dimensions a rule is scoped by besides activities: the action's object, its filter,
/// and categories.
fn dimensions(rule: &Rule) -> Vec<VocabKind> {
    [rule.action.object_kind(), rule.action.filter_kind(), Some(VocabKind::Category)].into_iter().flatten().collect()
}

/// Whether every entry of `narrow` is within some entry of `broad` (empty: every entry).
fn covers(set: &PolicySet, kind: VocabKind, broad: &[u32], narrow: &[u32]) -> bool {
    let t = set.vocab.table(kind);
    broad.is_empty() || (!narrow.is_empty() && narrow.iter().all(|&x| broad.iter().any(|&y| t.is_within(x, y))))
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

/// Whether `rule` covers every question `inner` covers, conditions aside.
fn scope_covers(set: &PolicySet, rule: &Rule, inner: &Rule) -> bool {
    rule.notice == inner.notice
        && rule.action == inner.action
        && rule.valid_from <= inner.valid_from
        && inner.valid_until <= rule.valid_until
        && activities_cover(set, &rule.activities, &inner.activities)
        && dimensions(rule).into_iter().all(|k| covers(set, k, rule.named(k), inner.named(k)))
}

/// Whether a forbidding rule forbids every question `permit` would permit: a deny whose
/// conditions the permit's imply, or a limit one of whose conditions the permit's exclude.
fn voids(forbid: &Rule, permit: &Rule) -> bool {
    match forbid.effect {
        Effect::Deny => forbid.when.iter().all(|c| permit.when.contains(c)),
        Effect::Limit => forbid.when.iter().any(|c| permit.when.iter().any(|p| p.fact == c.fact && exclusive(&p.test, &c.test))),
        Effect::Permit => false,
    }
}

/// `permit-contradicts-prohibition`: a permit of a notice that a deny or limit of the same
/// notice forbids wherever it applies, so the permit never decides although the notice
/// states it. Prohibitions override permits, so a deny that meets a permit only in part
/// is an exception to it and consistent; only a permit voided whole is a contradiction.
pub fn permit_contradicts_prohibition(set: &PolicySet, out: &mut Vec<Finding>) {
    for forbid in set.rules.iter().filter(|r| r.effect.forbids()) {
        let permits: Vec<&Rule> = set
            .rules
            .iter()
            .filter(|p| p.effect == Effect::Permit && scope_covers(set, forbid, p) && voids(forbid, p))
            .collect();
        if permits.is_empty() {
            continue;
        }
        let ids: Vec<String> = permits.iter().map(|p| format!("`{}`", p.id)).collect();
        let mut f = finding(
            set,
            "permit-contradicts-prohibition",
            Severity::Error,
            forbid.notice,
            format!("the prohibition `{}` voids {} permit(s) of the same notice", forbid.id, permits.len()),
            format!(
                "Rule `{}` forbids every question the permit(s) {} cover, so they never decide, though the notice states them. Prohibitions hold against every permit, so the notice says both that it does and that it does not.",
                forbid.id,
                ids.join(", ")
            ),
        );
        f.location = forbid.location.clone();
        cite(&mut f, std::iter::once(forbid).chain(permits));
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
        // A `limit` over the whole scope with the same conditions holds against the broader
        // permit too, so the condition does limit.
        let enforced = set
            .rules
            .iter()
            .any(|l| l.effect == Effect::Limit && scope_covers(set, l, limited) && l.when.iter().all(|w| limited.when.contains(w)) && !l.when.is_empty());
        if enforced {
            continue;
        }
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
