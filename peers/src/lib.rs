//! Exports noticegate's share and collect rules to Cedar (schema, policies, entities) and to
//! Rego (a module and its data document), translated so that both peers compute the same
//! verdict as noticegate's first-applicable evaluation. See README.md for the translation.

use noticegate::model::{Action, Condition, Effect, FactType, PolicySet, Test};
use noticegate::{Date, Engine, VocabKind};
use serde_json::{json, Value};

/// The two actions exported.
pub const ACTIONS: [Action; 2] = [Action::Share, Action::Collect];

/// One rule as the exporters see it: every coverage already expanded into sets.
#[derive(Clone, Debug)]
pub struct XRule {
    pub index: usize,
    pub id: String,
    pub notice: u32,
    pub action: Action,
    pub effect: Effect,
    pub level: u8,
    /// Named activities (empty: the whole notice, notice scope included).
    pub named_activities: Vec<u32>,
    /// Covered activities, expanded (the compile step's semantics).
    pub activities: Vec<bool>,
    /// Named categories and their closure (None: every category).
    pub named_categories: Vec<u32>,
    pub categories: Option<Vec<bool>>,
    pub named_recipients: Vec<u32>,
    pub recipients: Option<Vec<bool>>,
    pub named_purposes: Vec<u32>,
    pub purposes: Option<Vec<bool>>,
    pub from: i32,
    pub until: i32,
    pub when: Vec<Condition>,
}

fn closure(set: &PolicySet, kind: VocabKind, named: &[u32]) -> Option<Vec<bool>> {
    if named.is_empty() {
        return None;
    }
    let t = set.vocab.table(kind);
    Some((0..t.entries.len() as u32).map(|e| named.iter().any(|&n| t.is_within(e, n))).collect())
}

fn overlaps(a: &Option<Vec<bool>>, b: &Option<Vec<bool>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.iter().zip(b).any(|(x, y)| *x && *y),
        _ => true,
    }
}

fn day(d: Date) -> i32 {
    d.day_number()
}

/// Sentinels for open date bounds in the exports (day numbers).
pub const OPEN_FROM: i64 = -100_000_000;
pub const OPEN_UNTIL: i64 = 100_000_000;

impl XRule {
    /// Whether two rules can apply to one question (used to keep the `unless` lists short).
    pub fn can_co_apply(&self, other: &XRule) -> bool {
        self.action == other.action
            && self.notice == other.notice
            && self.activities.iter().zip(&other.activities).any(|(x, y)| *x && *y)
            && overlaps(&self.categories, &other.categories)
            && overlaps(&self.recipients, &other.recipients)
            && overlaps(&self.purposes, &other.purposes)
            && self.from.max(other.from) < self.until.min(other.until)
            && !self.when.iter().any(|c| {
                other.when.iter().any(|d| {
                    c.fact == d.fact && matches!((&c.test, &d.test), (Test::Bool(x), Test::Bool(y)) if x != y)
                })
            })
    }

    /// Whether the rule covers a question, conditions aside (no purpose, no basis named).
    pub fn covers(&self, activity: u32, category: u32, recipient: Option<u32>, as_of: Date) -> bool {
        let d = day(as_of);
        self.activities[activity as usize]
            && self.categories.as_ref().is_none_or(|c| c[category as usize])
            && match (&self.recipients, recipient) {
                (None, _) => true,
                (Some(r), Some(x)) => r[x as usize],
                (Some(_), None) => false,
            }
            && self.purposes.is_none()
            && self.from <= d
            && d < self.until
    }
}

/// The share and collect rules of a set, each action's list in noticegate's decision order.
pub fn rules(set: &PolicySet, action: Action) -> Vec<XRule> {
    let mut order: Vec<usize> = (0..set.rules.len()).filter(|&i| set.rules[i].action == action).collect();
    order.sort_by_key(|&i| {
        let r = &set.rules[i];
        (std::cmp::Reverse(r.level), r.effect == Effect::Permit, i)
    });
    order
        .into_iter()
        .map(|i| {
            let r = &set.rules[i];
            let activities = set
                .activities
                .iter()
                .map(|a| {
                    a.notice == r.notice
                        && (r.activities.is_empty()
                            || (!a.is_notice_scope && a.ancestors.iter().any(|x| r.activities.contains(x))))
                })
                .collect();
            let (named_recipients, named_purposes) = match action {
                Action::Share => (r.recipients.clone(), r.purposes.clone()),
                _ => (Vec::new(), Vec::new()),
            };
            XRule {
                index: i,
                id: r.id.clone(),
                notice: r.notice,
                action,
                effect: r.effect,
                level: r.level,
                named_activities: r.activities.clone(),
                activities,
                named_categories: r.categories.clone(),
                categories: closure(set, VocabKind::Category, &r.categories),
                recipients: closure(set, VocabKind::Recipient, &named_recipients),
                named_recipients,
                purposes: closure(set, VocabKind::Purpose, &named_purposes),
                named_purposes,
                from: day(r.valid_from),
                until: day(r.valid_until),
                when: r.when.clone(),
            }
        })
        .collect()
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Cedar entity uid of an activity: `<notice id>/<activity id>`.
pub fn activity_uid(set: &PolicySet, a: u32) -> String {
    let act = &set.activities[a as usize];
    format!("{}/{}", set.notices[act.notice as usize].id, act.id)
}

fn fact_id(set: &PolicySet, f: u32) -> &str {
    &set.vocab.table(VocabKind::Fact).entries[f as usize].id
}

fn entry_id(set: &PolicySet, kind: VocabKind, i: u32) -> &str {
    &set.vocab.table(kind).entries[i as usize].id
}

fn bound(d: i32) -> Option<i64> {
    (d != Date::MIN.day_number() && d != Date::MAX.day_number()).then_some(d as i64)
}

// ---------------------------------------------------------------- Cedar

fn cedar_condition(set: &PolicySet, c: &Condition) -> String {
    let f = q(fact_id(set, c.fact));
    let get = format!("context.facts[{f}]");
    let test = match &c.test {
        Test::Bool(b) => format!("{get} == {b}"),
        Test::OneOf(mask) => {
            let values = match &set.vocab.table(VocabKind::Fact).entries[c.fact as usize].fact_type {
                Some(FactType::Enum(v)) => v.clone(),
                _ => Vec::new(),
            };
            let chosen: Vec<String> =
                values.iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1).map(|(_, v)| q(v)).collect();
            format!("[{}].contains({get})", chosen.join(", "))
        }
        Test::AtLeast(n) => format!("{get} >= {n}"),
        Test::AtMost(n) => format!("{get} <= {n}"),
    };
    format!("(context.facts has {f} && {test})")
}

fn cedar_in(lhs: &str, ty: &str, ids: impl Iterator<Item = String>) -> String {
    let list: Vec<String> = ids.map(|id| format!("{ty}::{}", q(&id))).collect();
    format!("{lhs} in [{}]", list.join(", "))
}

/// The Cedar expression "this rule applies" (scope, dates, conditions).
pub fn cedar_applies(set: &PolicySet, r: &XRule) -> String {
    let mut parts = Vec::new();
    if r.named_activities.is_empty() {
        parts.push(format!("principal in Notice::{}", q(&set.notices[r.notice as usize].id)));
    } else {
        parts.push(cedar_in("principal", "Activity", r.named_activities.iter().map(|&a| activity_uid(set, a))));
    }
    if !r.named_categories.is_empty() {
        parts.push(cedar_in(
            "resource",
            "Category",
            r.named_categories.iter().map(|&c| entry_id(set, VocabKind::Category, c).to_string()),
        ));
    }
    if !r.named_recipients.is_empty() {
        parts.push(cedar_in(
            "context.recipient",
            "Recipient",
            r.named_recipients.iter().map(|&c| entry_id(set, VocabKind::Recipient, c).to_string()),
        ));
    }
    if !r.named_purposes.is_empty() {
        parts.push(format!(
            "(context has purpose && {})",
            cedar_in(
                "context.purpose",
                "Purpose",
                r.named_purposes.iter().map(|&c| entry_id(set, VocabKind::Purpose, c).to_string())
            )
        ));
    }
    if let Some(f) = bound(r.from) {
        parts.push(format!("context.as_of >= {f}"));
    }
    if let Some(u) = bound(r.until) {
        parts.push(format!("context.as_of < {u}"));
    }
    for c in &r.when {
        parts.push(cedar_condition(set, c));
    }
    parts.join("\n    && ")
}

/// Cedar policies: one per rule. A permit is `unless` any deny ordered before it that can
/// apply to the same question; a forbid is `unless` any permit ordered before it.
pub fn cedar_policies(set: &PolicySet) -> String {
    let mut out = String::from("// Generated by noticegate-export from the built-in policy set. Do not edit.\n\n");
    for action in ACTIONS {
        let rules = rules(set, action);
        for (k, r) in rules.iter().enumerate() {
            let effect = if r.effect == Effect::Permit { "permit" } else { "forbid" };
            out.push_str(&format!("@id({})\n@level(\"{}\")\n", q(&r.id), r.level));
            out.push_str(&format!(
                "{effect} (principal, action == Action::{}, resource)\nwhen {{\n    {}\n}}",
                q(action.name()),
                cedar_applies(set, r)
            ));
            for s in &rules[..k] {
                if s.effect != r.effect && s.can_co_apply(r) {
                    out.push_str(&format!("\n// earlier: {}\nunless {{\n    {}\n}}", s.id, cedar_applies(set, s)));
                }
            }
            out.push_str(";\n\n");
        }
    }
    out
}

/// The Cedar schema (human-readable syntax).
pub fn cedar_schema(set: &PolicySet) -> String {
    let facts = set.vocab.table(VocabKind::Fact);
    let mut attrs = Vec::new();
    for e in &facts.entries {
        let ty = match &e.fact_type {
            Some(FactType::Bool) => "Bool",
            Some(FactType::Enum(_)) => "String",
            Some(FactType::Number) | Some(FactType::Date) => "Long",
            None => continue,
        };
        attrs.push(format!("    {}?: {ty}", q(&e.id)));
    }
    let facts = attrs.join(",\n");
    format!(
        "// Generated by noticegate-export. Do not edit.\n\
entity Notice;\n\
entity Activity in [Activity, Notice];\n\
entity Category in [Category];\n\
entity Recipient in [Recipient];\n\
entity Purpose in [Purpose];\n\
type Facts = {{\n{facts}\n}};\n\
action \"share\" appliesTo {{\n  principal: [Activity],\n  resource: [Category],\n  context: {{ as_of: Long, recipient: Recipient, purpose?: Purpose, facts: Facts }}\n}};\n\
action \"collect\" appliesTo {{\n  principal: [Activity],\n  resource: [Category],\n  context: {{ as_of: Long, facts: Facts }}\n}};\n"
    )
}

/// The Cedar entities (JSON): notices, activities, and the category, recipient and purpose trees.
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
    for (kind, ty) in [(VocabKind::Category, "Category"), (VocabKind::Recipient, "Recipient"), (VocabKind::Purpose, "Purpose")] {
        for e in &set.vocab.table(kind).entries {
            let parents: Vec<Value> = e
                .parent
                .map(|p| json!({"type": ty, "id": entry_id(set, kind, p)}))
                .into_iter()
                .collect();
            out.push(json!({"uid": {"type": ty, "id": e.id}, "attrs": {}, "parents": parents}));
        }
    }
    Value::Array(out)
}

// ---------------------------------------------------------------- Rego

/// The Rego module: first applicable rule of the notice's list, in the data's order.
pub const REGO_MODULE: &str = r#"# Generated by noticegate-export. The data document (data.json) holds the rules.
package noticegate

import rego.v1

default verdict := "not_stated"

notice := data.noticegate.notice_of[input.activity]

candidates := data.noticegate.rules[input.action][notice]

applicable contains i if {
	some i, r in candidates
	applies(r)
}

verdict := candidates[min(applicable)].effect if count(applicable) > 0

deciding_rule := candidates[min(applicable)].id if count(applicable) > 0

applies(r) if {
	r.activities[input.activity]
	category_ok(r)
	recipient_ok(r)
	purpose_ok(r)
	r.from <= input.as_of
	input.as_of < r.until
	every c in r.when {
		holds(c)
	}
}

category_ok(r) if r.any_category
category_ok(r) if r.categories[input.category]

recipient_ok(r) if r.any_recipient
recipient_ok(r) if r.recipients[input.recipient]

purpose_ok(r) if r.any_purpose
purpose_ok(r) if r.purposes[input.purpose]

holds(c) if {
	c.kind == "bool"
	input.facts[c.fact] == c.value
}

holds(c) if {
	c.kind == "one_of"
	some v in c.values
	input.facts[c.fact] == v
}

holds(c) if {
	c.kind == "at_least"
	input.facts[c.fact] >= c.value
}

holds(c) if {
	c.kind == "at_most"
	input.facts[c.fact] <= c.value
}
"#;

fn set_obj(set: &PolicySet, kind: VocabKind, bits: &Option<Vec<bool>>) -> Value {
    let mut m = serde_json::Map::new();
    if let Some(bits) = bits {
        for (i, b) in bits.iter().enumerate() {
            if *b {
                m.insert(entry_id(set, kind, i as u32).to_string(), Value::Bool(true));
            }
        }
    }
    Value::Object(m)
}

fn rego_condition(set: &PolicySet, c: &Condition) -> Value {
    let fact = fact_id(set, c.fact);
    match &c.test {
        Test::Bool(b) => json!({"kind": "bool", "fact": fact, "value": b}),
        Test::OneOf(mask) => {
            let values: Vec<String> = match &set.vocab.table(VocabKind::Fact).entries[c.fact as usize].fact_type {
                Some(FactType::Enum(v)) => v.iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1).map(|(_, v)| v.clone()).collect(),
                _ => Vec::new(),
            };
            json!({"kind": "one_of", "fact": fact, "values": values})
        }
        Test::AtLeast(n) => json!({"kind": "at_least", "fact": fact, "value": n}),
        Test::AtMost(n) => json!({"kind": "at_most", "fact": fact, "value": n}),
    }
}

/// The Rego data document: `data.noticegate.rules[action][notice]` in decision order.
pub fn rego_data(set: &PolicySet) -> Value {
    let mut by_action = serde_json::Map::new();
    for action in ACTIONS {
        let mut by_notice = serde_json::Map::new();
        for n in &set.notices {
            by_notice.insert(n.id.clone(), Value::Array(Vec::new()));
        }
        for r in rules(set, action) {
            let mut acts = serde_json::Map::new();
            for (a, b) in r.activities.iter().enumerate() {
                if *b {
                    acts.insert(activity_uid(set, a as u32), Value::Bool(true));
                }
            }
            let rule = json!({
                "id": r.id,
                "effect": if r.effect == Effect::Permit { "permit" } else { "deny" },
                "level": r.level,
                "activities": acts,
                "any_category": r.categories.is_none(),
                "categories": set_obj(set, VocabKind::Category, &r.categories),
                "any_recipient": r.recipients.is_none(),
                "recipients": set_obj(set, VocabKind::Recipient, &r.recipients),
                "any_purpose": r.purposes.is_none(),
                "purposes": set_obj(set, VocabKind::Purpose, &r.purposes),
                "from": bound(r.from).unwrap_or(OPEN_FROM),
                "until": bound(r.until).unwrap_or(OPEN_UNTIL),
                "when": r.when.iter().map(|c| rego_condition(set, c)).collect::<Vec<_>>(),
            });
            let notice = &set.notices[r.notice as usize].id;
            by_notice.get_mut(notice).unwrap().as_array_mut().unwrap().push(rule);
        }
        by_action.insert(action.name().to_string(), Value::Object(by_notice));
    }
    let notice_of: serde_json::Map<String, Value> = (0..set.activities.len() as u32)
        .map(|a| (activity_uid(set, a), json!(set.notices[set.activities[a as usize].notice as usize].id)))
        .collect();
    json!({"noticegate": {"rules": by_action, "notice_of": notice_of}})
}

// ---------------------------------------------------------------- Engines

/// A question in the exported form (ids as strings, as the peers see them).
#[derive(Clone, Debug)]
pub struct Peerq {
    pub action: Action,
    pub activity: u32,
    pub category: u32,
    pub recipient: Option<u32>,
    pub as_of: Date,
    /// Bool facts stated: (fact index, value).
    pub facts: Vec<(u32, bool)>,
}

/// Three-way verdict as the peers can express it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V {
    Permit,
    Deny,
    NotStated,
    /// noticegate only: conditional (a fact was unknown); a test bug if it shows.
    Conditional,
    Error,
}

pub struct NoticegateRunner {
    pub engine: &'static Engine,
}

impl NoticegateRunner {
    pub fn resolved(&self, p: &Peerq) -> noticegate::Resolved {
        noticegate::Resolved {
            action: p.action,
            activity: p.activity,
            object: p.recipient.unwrap_or(0),
            category: p.category,
            filter: None,
            basis: None,
            as_of: p.as_of,
            facts: self.engine.bool_facts(&p.facts).expect("bool facts"),
        }
    }
    pub fn verdict(&self, r: &noticegate::Resolved) -> V {
        match self.engine.verdict(r) {
            noticegate::Verdict::Permit => V::Permit,
            noticegate::Verdict::Deny => V::Deny,
            noticegate::Verdict::NotStated => V::NotStated,
            noticegate::Verdict::Conditional => V::Conditional,
        }
    }
}

pub struct CedarRunner {
    pub policies: cedar_policy::PolicySet,
    pub entities: cedar_policy::Entities,
    pub schema: cedar_policy::Schema,
    pub authorizer: cedar_policy::Authorizer,
    pub actions: [cedar_policy::EntityUid; 2],
}

fn uid(ty: &str, id: &str) -> cedar_policy::EntityUid {
    cedar_policy::EntityUid::from_type_name_and_id(ty.parse().unwrap(), cedar_policy::EntityId::new(id))
}

impl CedarRunner {
    pub fn new(set: &PolicySet) -> Result<CedarRunner, String> {
        let (schema, _warnings) =
            cedar_policy::Schema::from_cedarschema_str(&cedar_schema(set)).map_err(|e| format!("schema: {e:?}"))?;
        let policies: cedar_policy::PolicySet = cedar_policies(set).parse().map_err(|e| format!("policies: {e:?}"))?;
        let validation = cedar_policy::Validator::new(schema.clone()).validate(&policies, cedar_policy::ValidationMode::Strict);
        if !validation.validation_passed() {
            let errs: Vec<String> = validation.validation_errors().take(5).map(|e| e.to_string()).collect();
            return Err(format!("validation: {}", errs.join("\n")));
        }
        let entities = cedar_policy::Entities::from_json_value(cedar_entities(set), Some(&schema))
            .map_err(|e| format!("entities: {e:?}"))?;
        Ok(CedarRunner {
            policies,
            entities,
            schema,
            authorizer: cedar_policy::Authorizer::new(),
            actions: [uid("Action", "share"), uid("Action", "collect")],
        })
    }

    pub fn request(&self, set: &PolicySet, p: &Peerq) -> cedar_policy::Request {
        let mut facts = serde_json::Map::new();
        for &(f, v) in &p.facts {
            facts.insert(fact_id(set, f).to_string(), Value::Bool(v));
        }
        let mut ctx = json!({"as_of": p.as_of.day_number(), "facts": facts});
        if let Some(r) = p.recipient {
            ctx["recipient"] = json!({"__entity": {"type": "Recipient", "id": entry_id(set, VocabKind::Recipient, r)}});
        }
        let action = &self.actions[if p.action == Action::Share { 0 } else { 1 }];
        let context = cedar_policy::Context::from_json_value(ctx, None).expect("context");
        cedar_policy::Request::new(
            uid("Activity", &activity_uid(set, p.activity)),
            action.clone(),
            uid("Category", entry_id(set, VocabKind::Category, p.category)),
            context,
            None,
        )
        .expect("request")
    }

    /// Allow: permit; Deny with a determining forbid: deny; Deny with none: not_stated.
    pub fn verdict(&self, req: &cedar_policy::Request) -> V {
        let resp = self.authorizer.is_authorized(req, &self.policies, &self.entities);
        if resp.diagnostics().errors().next().is_some() {
            return V::Error;
        }
        match resp.decision() {
            cedar_policy::Decision::Allow => V::Permit,
            cedar_policy::Decision::Deny if resp.diagnostics().reason().next().is_some() => V::Deny,
            cedar_policy::Decision::Deny => V::NotStated,
        }
    }
}

pub struct RegoRunner {
    pub engine: regorus::Engine,
}

impl RegoRunner {
    pub fn new(set: &PolicySet) -> Result<RegoRunner, String> {
        let mut engine = regorus::Engine::new();
        engine.add_policy("noticegate.rego".into(), REGO_MODULE.into()).map_err(|e| format!("rego: {e}"))?;
        let data = regorus::Value::from_json_str(&rego_data(set).to_string()).map_err(|e| format!("data: {e}"))?;
        engine.add_data(data).map_err(|e| format!("data: {e}"))?;
        Ok(RegoRunner { engine })
    }

    pub fn input(&self, set: &PolicySet, p: &Peerq) -> regorus::Value {
        let mut facts = serde_json::Map::new();
        for &(f, v) in &p.facts {
            facts.insert(fact_id(set, f).to_string(), Value::Bool(v));
        }
        let mut input = json!({
            "action": p.action.name(),
            "activity": activity_uid(set, p.activity),
            "category": entry_id(set, VocabKind::Category, p.category),
            "as_of": p.as_of.day_number(),
            "facts": facts,
        });
        if let Some(r) = p.recipient {
            input["recipient"] = json!(entry_id(set, VocabKind::Recipient, r));
        }
        regorus::Value::from_json_str(&input.to_string()).unwrap()
    }

    pub fn verdict(&mut self, input: regorus::Value) -> V {
        self.engine.set_input(input);
        match self.engine.eval_rule("data.noticegate.verdict".into()) {
            Ok(v) => match v.as_string().map(|s| s.to_string()).as_deref() {
                Ok("permit") => V::Permit,
                Ok("deny") => V::Deny,
                Ok("not_stated") => V::NotStated,
                _ => V::Error,
            },
            Err(_) => V::Error,
        }
    }
}

/// The question space: every activity x category (x recipient for share) at `as_of`, with
/// every combination of the bool facts that the covering rules test. Questions no rule
/// covers are kept one in `uncovered_stride` (they are all not_stated in noticegate).
pub fn questions(set: &PolicySet, as_of: Date, uncovered_stride: usize) -> (Vec<Peerq>, usize) {
    let n_cat = set.vocab.table(VocabKind::Category).entries.len() as u32;
    let n_rec = set.vocab.table(VocabKind::Recipient).entries.len() as u32;
    let mut out = Vec::new();
    let mut uncovered = 0usize;
    let mut full = 0usize;
    for action in ACTIONS {
        let rs = rules(set, action);
        let recipients: Vec<Option<u32>> =
            if action == Action::Share { (0..n_rec).map(Some).collect() } else { vec![None] };
        for a in 0..set.activities.len() as u32 {
            let here: Vec<&XRule> = rs.iter().filter(|r| r.activities[a as usize]).collect();
            for c in 0..n_cat {
                for &rec in &recipients {
                    let covering: Vec<&&XRule> = here.iter().filter(|r| r.covers(a, c, rec, as_of)).collect();
                    let mut facts: Vec<u32> = Vec::new();
                    for r in &covering {
                        for cond in &r.when {
                            if matches!(cond.test, Test::Bool(_)) && !facts.contains(&cond.fact) {
                                facts.push(cond.fact);
                            }
                        }
                    }
                    facts.sort();
                    if covering.is_empty() {
                        uncovered += 1;
                        full += 1;
                        if uncovered % uncovered_stride != 0 {
                            continue;
                        }
                    } else {
                        full += 1 << facts.len();
                    }
                    for bits in 0..(1u32 << facts.len()) {
                        let fv = facts.iter().enumerate().map(|(i, &f)| (f, bits >> i & 1 == 1)).collect();
                        out.push(Peerq { action, activity: a, category: c, recipient: rec, as_of, facts: fv });
                    }
                }
            }
        }
    }
    (out, full)
}
