//! The Cedar translation: a schema, one policy per rule (and per transfer mechanism), and
//! the entity hierarchy (notices, services, and the category, recipient, purpose and
//! country trees).
//!
//! Deny and limit rules come before every permit in noticegate's order, which is Cedar's own
//! forbid-overrides-permit, so a deny is a `forbid` and a permit a `permit` with no clauses
//! about each other; a limit ("only if") is a `forbid ... unless { its conditions }`. A
//! transfer permit is one policy per mechanism the rule may rely on; a forbid per transfer
//! permit rule denies when the rule decides (no earlier rule does) but no mechanism applies.

use serde_json::{json, Value};

use super::{activity_uid, allowed_mechanisms, bound, entry_id, export_rules, filter_attribute, object_attribute, ExportRule, EXPORTED_ACTIONS};
use crate::model::{Action, Condition, Effect, FactType, PolicySet, Test};
use crate::syntax::VocabKind;

/// A Cedar string literal (Cedar's escapes differ from JSON's for control characters).
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn fact_id(set: &PolicySet, fact: u32) -> &str {
    entry_id(set, VocabKind::Fact, fact)
}

fn condition(set: &PolicySet, c: &Condition) -> String {
    let name = lit(fact_id(set, c.fact));
    let value = format!("context.facts[{name}]");
    let test = match &c.test {
        Test::Bool(b) => format!("{value} == {b}"),
        Test::OneOf(mask) => {
            let chosen: Vec<String> = enum_values(set, c.fact, *mask).iter().map(|v| lit(v)).collect();
            format!("[{}].contains({value})", chosen.join(", "))
        }
        Test::AtLeast(n) => format!("{value} >= {n}"),
        Test::AtMost(n) => format!("{value} <= {n}"),
    };
    // An unstated fact makes the condition false (Cedar has no unknowns).
    format!("(context.facts has {name} && {test})")
}

/// The values of an enum fact that a `one_of` mask selects.
pub(super) fn enum_values(set: &PolicySet, fact: u32, mask: u64) -> Vec<String> {
    match &set.vocab.table(VocabKind::Fact).entries[fact as usize].fact_type {
        Some(FactType::Enum(values)) => values.iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1).map(|(_, v)| v.clone()).collect(),
        _ => Vec::new(),
    }
}

fn within(lhs: &str, ty: &str, ids: impl Iterator<Item = String>) -> String {
    let list: Vec<String> = ids.map(|id| format!("{ty}::{}", lit(&id))).collect();
    format!("{lhs} in [{}]", list.join(", "))
}

/// The Cedar expression "this rule decides, if no earlier rule does": a permit or deny
/// applies; a limit's conditions fail.
pub fn decides(set: &PolicySet, r: &ExportRule) -> String {
    match r.effect {
        Effect::Limit => format!("{}\n    && !({})", in_scope(set, r), conditions(set, r)),
        _ => applies(set, r),
    }
}

/// The Cedar expression "this rule applies": its scope and its conditions.
pub fn applies(set: &PolicySet, r: &ExportRule) -> String {
    let mut parts = vec![in_scope(set, r)];
    parts.extend(r.when.iter().map(|c| condition(set, c)));
    parts.join("\n    && ")
}

/// A rule's conditions, joined (`true` when it has none).
fn conditions(set: &PolicySet, r: &ExportRule) -> String {
    if r.when.is_empty() {
        return "true".to_string();
    }
    r.when.iter().map(|c| condition(set, c)).collect::<Vec<_>>().join(" && ")
}

/// The Cedar expression "the question is within this rule's scope": activities, categories,
/// object, filter, dates.
fn in_scope(set: &PolicySet, r: &ExportRule) -> String {
    scope_of(set, r, true)
}

/// `in_scope`, with or without the rule's filter (a share's purposes, a transfer's recipients).
fn scope_of(set: &PolicySet, r: &ExportRule, with_filter: bool) -> String {
    let mut parts = Vec::new();
    if r.named_activities.is_empty() {
        parts.push(format!("principal in Notice::{}", lit(&set.notices[r.notice as usize].id)));
    } else {
        parts.push(within("principal", "Activity", r.named_activities.iter().map(|&a| activity_uid(set, a))));
    }
    if let Some(covered) = &r.categories {
        // `in` follows the whole tree; a rule covers only what its notice names, so where
        // that is less, the covered categories are listed one by one.
        let tree = super::closure(set, VocabKind::Category, &r.named_categories);
        if tree.as_ref() == Some(covered) {
            let ids = r.named_categories.iter().map(|&c| entry_id(set, VocabKind::Category, c).to_string());
            parts.push(within("resource", "Category", ids));
        } else {
            let ids: Vec<String> = (0..covered.len() as u32)
                .filter(|&c| covered[c as usize])
                .map(|c| format!("Category::{}", lit(entry_id(set, VocabKind::Category, c))))
                .collect();
            parts.push(format!("[{}].contains(resource)", ids.join(", ")));
        }
    }
    if let (Some((attr, ty)), Some(kind)) = (object_attribute(r.action), r.action.object_kind()) {
        if !r.named_objects.is_empty() {
            let ids = r.named_objects.iter().map(|&o| entry_id(set, kind, o).to_string());
            parts.push(within(&format!("context.{attr}"), ty, ids));
        }
    }
    if let (Some((attr, ty)), Some(kind)) = (filter_attribute(r.action), r.action.filter_kind()) {
        if with_filter && !r.named_filters.is_empty() {
            let ids = r.named_filters.iter().map(|&o| entry_id(set, kind, o).to_string());
            parts.push(format!("(context has {attr} && {})", within(&format!("context.{attr}"), ty, ids)));
        }
    }
    if let Some(from) = bound(r.from) {
        parts.push(format!("context.as_of >= {from}"));
    }
    if let Some(until) = bound(r.until) {
        parts.push(format!("context.as_of < {until}"));
    }
    parts.join("\n    && ")
}

/// The Cedar expression "this mechanism of the law covers the transfer".
fn lawful(set: &PolicySet, mechanism: u32) -> String {
    let m = &set.vocab.table(VocabKind::Mechanism).entries[mechanism as usize];
    let mut parts = Vec::new();
    if let Some(from) = bound(m.valid_from.day_number()) {
        parts.push(format!("context.as_of >= {from}"));
    }
    if let Some(until) = bound(m.valid_until.day_number()) {
        parts.push(format!("context.as_of < {until}"));
    }
    if !m.countries.is_empty() {
        let ids = m.countries.iter().map(|&c| entry_id(set, VocabKind::Country, c).to_string());
        parts.push(within("context.country", "Country", ids));
    }
    parts.extend(m.requires.iter().map(|c| condition(set, c)));
    if parts.is_empty() {
        "true".to_string()
    } else {
        parts.join("\n    && ")
    }
}

fn header(out: &mut String, set: &PolicySet, r: &ExportRule) {
    let rule = &set.rules[r.index];
    out.push_str(&format!("@id({})\n", lit(&r.id)));
    out.push_str(&format!("@notice({})\n", lit(&set.notices[r.notice as usize].id)));
    out.push_str(&format!("@section({})\n", lit(&rule.section)));
    out.push_str(&format!("@quote({})\n", lit(&rule.quote)));
    if !r.when.is_empty() {
        // The obligation convention: a PEP that cannot state these facts asks noticegate.
        let facts: Vec<&str> = r.when.iter().map(|c| fact_id(set, c.fact)).collect();
        out.push_str(&format!("@conditions({})\n", lit(&facts.join(", "))));
    }
}

fn scope(effect: &str, action: Action) -> String {
    format!("{effect} (principal, action == Action::{}, resource)", lit(action.name()))
}

/// "A deny or limit that names purposes (share) or recipients (transfer) could forbid this
/// question, which names none": (rule id, Cedar condition) for each such rule of `forbids`.
fn open_prohibitions<'a>(set: &PolicySet, action: Action, forbids: impl Iterator<Item = &'a ExportRule>) -> Vec<(String, String)> {
    let Some((attr, _)) = filter_attribute(action) else { return Vec::new() };
    forbids
        .filter(|f| f.effect.forbids() && !f.named_filters.is_empty())
        .map(|f| {
            let could_forbid = match f.effect {
                Effect::Limit => format!("!({})", conditions(set, f)),
                _ => conditions(set, f),
            };
            (f.id.clone(), format!("!(context has {attr})\n    && {}\n    && {could_forbid}", scope_of(set, f, false)))
        })
        .collect()
}

/// A permit holds only where no open prohibition could forbid; where one could, noticegate
/// answers `conditional` on the purpose or recipient, which Cedar gives as an Allow whose
/// determining policies are all `@conditional` twins (`when_open`).
fn unless_open(out: &mut String, open: &[(String, String)]) {
    for (id, expr) in open {
        out.push_str(&format!("\n// open prohibition: {id}\nunless {{\n    {expr}\n}}"));
    }
}

/// The condition of a permit's `@conditional` twin: some open prohibition could forbid.
fn when_open(out: &mut String, open: &[(String, String)]) {
    let ids: Vec<&str> = open.iter().map(|(id, _)| id.as_str()).collect();
    let exprs: Vec<String> = open.iter().map(|(_, e)| format!("({e})")).collect();
    out.push_str(&format!("\n// open prohibitions: {}\nwhen {{\n    {}\n}}", ids.join(", "), exprs.join("\n    || ")));
}

/// The annotation of a `@conditional` twin.
const CONDITIONAL: &str = "@conditional(\"only if the purpose (share) or recipient (transfer) the question leaves out is none the open prohibitions name\")\n";

fn unless_earlier<'a>(out: &mut String, set: &PolicySet, earlier: impl Iterator<Item = &'a ExportRule>) {
    for s in earlier {
        out.push_str(&format!("\n// earlier: {}\nunless {{\n    {}\n}}", s.id, decides(set, s)));
    }
}

/// Cedar policies for the share, collect and transfer rules.
pub fn cedar_policies(set: &PolicySet) -> String {
    let mut out = String::from("// Generated by `noticegate export --format cedar`. Do not edit; see docs/export.md.\n\n");
    for action in EXPORTED_ACTIONS {
        let rules = export_rules(set, action);
        for (k, r) in rules.iter().enumerate() {
            // Every earlier rule that can decide the same question (for a permit, the forbids
            // before it are left to Cedar's forbid-overrides-permit).
            let earlier = rules[..k].iter().filter(|s| s.can_co_apply(r));
            match (r.effect, action) {
                (Effect::Permit, Action::Transfer) => {
                    // One permit per mechanism, so Cedar's reasons name it.
                    let open = open_prohibitions(set, action, rules[..k].iter().filter(|s| s.can_co_apply(r)));
                    for m in allowed_mechanisms(set, r) {
                        let mechanism = entry_id(set, VocabKind::Mechanism, m);
                        let permit = format!("{}\nwhen {{\n    {}\n}}\nwhen {{\n    {}\n}}", scope("permit", action), applies(set, r), lawful(set, m));
                        header(&mut out, set, r);
                        out.push_str(&format!("@mechanism({})\n{permit}", lit(mechanism)));
                        unless_open(&mut out, &open);
                        out.push_str(";\n\n");
                        if !open.is_empty() {
                            header(&mut out, set, r);
                            out.push_str(&format!("@mechanism({})\n{CONDITIONAL}{permit}", lit(mechanism)));
                            when_open(&mut out, &open);
                            out.push_str(";\n\n");
                        }
                    }
                    // The notice permits, but no mechanism of the law applies: deny, when
                    // this rule is the one that decides.
                    header(&mut out, set, r);
                    out.push_str("@law(\"no transfer mechanism of the law applies\")\n");
                    out.push_str(&format!("{}\nwhen {{\n    {}\n}}", scope("forbid", action), applies(set, r)));
                    for m in allowed_mechanisms(set, r) {
                        out.push_str(&format!("\nunless {{\n    {}\n}}", lawful(set, m)));
                    }
                    unless_earlier(&mut out, set, earlier);
                    out.push_str(";\n\n");
                }
                (Effect::Permit, _) => {
                    let open = open_prohibitions(set, action, earlier);
                    let permit = format!("{}\nwhen {{\n    {}\n}}", scope("permit", action), applies(set, r));
                    header(&mut out, set, r);
                    out.push_str(&permit);
                    unless_open(&mut out, &open);
                    out.push_str(";\n\n");
                    if !open.is_empty() {
                        header(&mut out, set, r);
                        out.push_str(&format!("{CONDITIONAL}{permit}"));
                        when_open(&mut out, &open);
                        out.push_str(";\n\n");
                    }
                }
                (Effect::Deny, _) => {
                    header(&mut out, set, r);
                    out.push_str(&format!("{}\nwhen {{\n    {}\n}};\n\n", scope("forbid", action), applies(set, r)));
                }
                (Effect::Limit, _) => {
                    header(&mut out, set, r);
                    out.push_str("@limit(\"only if its conditions hold\")\n");
                    out.push_str(&format!(
                        "{}\nwhen {{\n    {}\n}}\nunless {{\n    {}\n}};\n\n",
                        scope("forbid", action),
                        in_scope(set, r),
                        conditions(set, r)
                    ));
                }
            }
        }
    }
    out
}

/// The Cedar schema (human-readable syntax).
pub fn cedar_schema(set: &PolicySet) -> String {
    let mut facts = Vec::new();
    for e in &set.vocab.table(VocabKind::Fact).entries {
        let ty = match &e.fact_type {
            Some(FactType::Bool) => "Bool",
            Some(FactType::Enum(_)) => "String",
            Some(FactType::Number) | Some(FactType::Date) => "Long",
            None => continue,
        };
        facts.push(format!("  {}?: {ty}", lit(&e.id)));
    }
    let facts = facts.join(",\n");
    format!(
        "// Generated by `noticegate export --format cedar`. Do not edit; see docs/export.md.\n\
// Dates (as_of, date facts) are day numbers: days since 1970-01-01.\n\
entity Notice;\n\
entity Activity in [Activity, Notice];\n\
entity Category in [Category];\n\
entity Recipient in [Recipient];\n\
entity Purpose in [Purpose];\n\
entity Country in [Country];\n\
type Facts = {{\n{facts}\n}};\n\
action \"share\" appliesTo {{\n  principal: [Activity],\n  resource: [Category],\n  context: {{ as_of: Long, recipient: Recipient, purpose?: Purpose, facts: Facts }}\n}};\n\
action \"collect\" appliesTo {{\n  principal: [Activity],\n  resource: [Category],\n  context: {{ as_of: Long, facts: Facts }}\n}};\n\
action \"transfer\" appliesTo {{\n  principal: [Activity],\n  resource: [Category],\n  context: {{ as_of: Long, country: Country, recipient?: Recipient, facts: Facts }}\n}};\n"
    )
}

/// The Cedar entities (JSON): notices, activities, and the category, recipient, purpose and
/// country trees.
pub fn cedar_entities(set: &PolicySet) -> Value {
    let mut out = Vec::new();
    for n in &set.notices {
        out.push(json!({"uid": {"type": "Notice", "id": n.id}, "attrs": {}, "parents": []}));
    }
    for (a, act) in set.activities.iter().enumerate() {
        let mut parents = vec![json!({"type": "Notice", "id": set.notices[act.notice as usize].id})];
        if let Some(&p) = act.ancestors.get(1) {
            parents.push(json!({"type": "Activity", "id": activity_uid(set, p)}));
        }
        out.push(json!({"uid": {"type": "Activity", "id": activity_uid(set, a as u32)}, "attrs": {}, "parents": parents}));
    }
    let trees = [
        (VocabKind::Category, "Category"),
        (VocabKind::Recipient, "Recipient"),
        (VocabKind::Purpose, "Purpose"),
        (VocabKind::Country, "Country"),
    ];
    for (kind, ty) in trees {
        for e in &set.vocab.table(kind).entries {
            let parents: Vec<Value> = e.parent.map(|p| json!({"type": ty, "id": entry_id(set, kind, p)})).into_iter().collect();
            out.push(json!({"uid": {"type": ty, "id": e.id}, "attrs": {}, "parents": parents}));
        }
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::lit;

    #[test]
    fn cedar_literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(lit("a \"b\" \\ c\n\u{1}"), "\"a \\\"b\\\" \\\\ c\\n\\u{1}\"");
        assert_eq!(lit("Kent’s"), "\"Kent’s\"");
    }
}
