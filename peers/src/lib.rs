//! The test bench beside noticegate: runners that ask noticegate, Cedar (`cedar-policy`) and
//! Rego (`regorus`) the same questions, on the exports of `noticegate::export`, and the
//! finite question space of the share, collect and transfer rules. See README.md.

pub use noticegate::export::activity_uid;
use noticegate::export::{cedar_entities, cedar_policies, cedar_schema, export_rules, rego_data, ExportRule, REGO_MODULE, EXPORTED_ACTIONS};
use noticegate::model::{Action, PolicySet, Test};
use noticegate::model::FactType;
use noticegate::{Date, Engine, FactValue, VocabKind};
use serde_json::{json, Value};

fn entry_id(set: &PolicySet, kind: VocabKind, i: u32) -> &str {
    &set.vocab.table(kind).entries[i as usize].id
}

fn fact_id(set: &PolicySet, f: u32) -> &str {
    entry_id(set, VocabKind::Fact, f)
}

// ---------------------------------------------------------------- Engines

/// A question in the exported form.
#[derive(Clone, Debug)]
pub struct Peerq {
    pub action: Action,
    pub activity: u32,
    pub category: u32,
    /// The recipient of a share, the country of a transfer.
    pub object: Option<u32>,
    /// The recipient a transfer question names (shares here name no purpose).
    pub filter: Option<u32>,
    pub as_of: Date,
    /// Facts stated: (fact index, value), bool and enum facts (the kinds the covering rules test).
    pub facts: Vec<(u32, FactValue)>,
}

/// Three-way verdict as the peers can express it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V {
    Permit,
    Deny,
    NotStated,
    /// Conditional: the space states every fact, so only on a purpose (share) or recipient
    /// (transfer) the question leaves out, which a deny or limit that names some could forbid.
    /// Cedar: an Allow whose determining policies are all `@conditional`; Rego: "conditional".
    Conditional,
    Error,
}

pub struct NoticegateRunner {
    pub engine: &'static Engine,
}

impl NoticegateRunner {
    /// The question as core takes it, its ids checked against the kind's table
    /// (`Engine::resolved`). The space draws them from the engine's own set, so a rejection
    /// is a bug of this harness, and stops it.
    pub fn resolved(&self, p: &Peerq) -> noticegate::Resolved {
        let ids = noticegate::kind::Ids { action: p.action, activity: p.activity, category: p.category, object: p.object, filter: p.filter, basis: None };
        self.engine.resolved(ids, p.as_of, self.engine.facts(&p.facts)).unwrap_or_else(|e| panic!("the engine rejects a question of its own space: {e}"))
    }
    pub fn verdict(&self, r: &noticegate::Resolved) -> V {
        match self.engine.verdict(r) {
            noticegate::Verdict::Permit => V::Permit,
            noticegate::Verdict::Deny => V::Deny,
            noticegate::Verdict::NotStated => V::NotStated,
            noticegate::Verdict::Conditional => V::Conditional,
        }
    }
    /// The transfer mechanism noticegate names, by id.
    pub fn mechanism(&self, r: &noticegate::Resolved) -> Option<String> {
        let m = self.engine.evaluate(r).mechanism?;
        Some(entry_id(self.engine.policy(), VocabKind::Mechanism, m).to_string())
    }
}

fn facts_json(set: &PolicySet, p: &Peerq) -> Value {
    let value = |f: u32, v: FactValue| match (v, &set.vocab.table(VocabKind::Fact).entries[f as usize].fact_type) {
        (FactValue::Bool(b), _) => Value::Bool(b),
        (FactValue::Enum(i), Some(FactType::Enum(values))) => Value::String(values[i as usize].clone()),
        (other, _) => panic!("the space states bool and enum facts only, not {other:?}"),
    };
    let facts: serde_json::Map<String, Value> = p.facts.iter().map(|&(f, v)| (fact_id(set, f).to_string(), value(f, v))).collect();
    Value::Object(facts)
}

pub struct CedarRunner {
    pub policies: cedar_policy::PolicySet,
    pub entities: cedar_policy::Entities,
    pub schema: cedar_policy::Schema,
    pub authorizer: cedar_policy::Authorizer,
    pub actions: Vec<(Action, cedar_policy::EntityUid)>,
}

fn uid(ty: &str, id: &str) -> cedar_policy::EntityUid {
    cedar_policy::EntityUid::from_type_name_and_id(ty.parse().expect("type name"), cedar_policy::EntityId::new(id))
}

fn entity(ty: &str, id: &str) -> Value {
    json!({"__entity": {"type": ty, "id": id}})
}

impl CedarRunner {
    /// Parses the exported schema, policies and entities, and validates the policies
    /// against the schema in strict mode.
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
            actions: EXPORTED_ACTIONS.iter().map(|a| (*a, uid("Action", a.name()))).collect(),
        })
    }

    pub fn request(&self, set: &PolicySet, p: &Peerq) -> cedar_policy::Request {
        let mut ctx = json!({"as_of": p.as_of.day_number(), "facts": facts_json(set, p)});
        match p.action {
            Action::Share => {
                if let Some(r) = p.object {
                    ctx["recipient"] = entity("Recipient", entry_id(set, VocabKind::Recipient, r));
                }
            }
            Action::Transfer => {
                if let Some(c) = p.object {
                    ctx["country"] = entity("Country", entry_id(set, VocabKind::Country, c));
                }
                if let Some(r) = p.filter {
                    ctx["recipient"] = entity("Recipient", entry_id(set, VocabKind::Recipient, r));
                }
            }
            _ => {}
        }
        let action = &self.actions.iter().find(|(a, _)| *a == p.action).expect("exported action").1;
        let context = cedar_policy::Context::from_json_value(ctx, None).expect("context");
        cedar_policy::Request::new(
            uid("Activity", &activity_uid(set, p.activity)),
            action.clone(),
            uid("Category", entry_id(set, VocabKind::Category, p.category)),
            context,
            Some(&self.schema),
        )
        .expect("request valid for the schema")
    }

    /// Allow: permit, or conditional when every determining policy is `@conditional`; Deny
    /// with a determining forbid: deny; Deny with none: not_stated.
    pub fn verdict(&self, req: &cedar_policy::Request) -> V {
        let resp = self.authorizer.is_authorized(req, &self.policies, &self.entities);
        if resp.diagnostics().errors().next().is_some() {
            return V::Error;
        }
        let conditional = |id: &cedar_policy::PolicyId| self.policies.policy(id).is_some_and(|p| p.annotation("conditional").is_some());
        match resp.decision() {
            cedar_policy::Decision::Allow if resp.diagnostics().reason().all(conditional) => V::Conditional,
            cedar_policy::Decision::Allow => V::Permit,
            cedar_policy::Decision::Deny if resp.diagnostics().reason().next().is_some() => V::Deny,
            cedar_policy::Decision::Deny => V::NotStated,
        }
    }

    /// The mechanisms named by the permit policies that allowed a transfer.
    pub fn mechanisms(&self, req: &cedar_policy::Request) -> Vec<String> {
        let resp = self.authorizer.is_authorized(req, &self.policies, &self.entities);
        let mut out: Vec<String> = resp
            .diagnostics()
            .reason()
            .filter_map(|id| self.policies.policy(id)?.annotation("mechanism").map(str::to_string))
            .collect();
        out.sort();
        out.dedup();
        out
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
        let mut input = json!({
            "action": p.action.name(),
            "activity": activity_uid(set, p.activity),
            "category": entry_id(set, VocabKind::Category, p.category),
            "as_of": p.as_of.day_number(),
            "facts": facts_json(set, p),
        });
        match p.action {
            Action::Share => {
                if let Some(r) = p.object {
                    input["recipient"] = json!(entry_id(set, VocabKind::Recipient, r));
                }
            }
            Action::Transfer => {
                if let Some(c) = p.object {
                    input["country"] = json!(entry_id(set, VocabKind::Country, c));
                }
                if let Some(r) = p.filter {
                    input["recipient"] = json!(entry_id(set, VocabKind::Recipient, r));
                }
            }
            _ => {}
        }
        regorus::Value::from_json_str(&input.to_string()).expect("input JSON")
    }

    fn string_rule(&mut self, rule: &str) -> Option<String> {
        let v = self.engine.eval_rule(rule.into()).ok()?;
        v.as_string().ok().map(|s| s.to_string())
    }

    pub fn verdict(&mut self, input: regorus::Value) -> V {
        self.engine.set_input(input);
        match self.string_rule("data.noticegate.verdict").as_deref() {
            Some("permit") => V::Permit,
            Some("deny") => V::Deny,
            Some("not_stated") => V::NotStated,
            Some("conditional") => V::Conditional,
            _ => V::Error,
        }
    }

    /// The mechanism of the last input's transfer (call after `verdict`).
    pub fn mechanism(&mut self) -> Option<String> {
        self.string_rule("data.noticegate.mechanism")
    }
}

/// Dates at which transfers are asked: before the UK's exit, after it, after the UK-US data
/// bridge, and today (mechanisms of the law change with the date).
pub const TRANSFER_DATES: [&str; 4] = ["2019-06-01", "2021-06-30", "2023-11-01", "2026-11-23"];

/// The question space of share, collect and transfer at `as_of` (transfers also at
/// `TRANSFER_DATES`): every activity x category (x recipient for share, x country, with and
/// without each recipient a rule filters on, for transfer), with every combination of the
/// values of the bool and enum facts that the covering rules and the law's mechanisms test. Questions no rule
/// covers are kept one in `uncovered_stride` (noticegate answers them all not_stated).
/// Returns the questions and the size of the full space.
pub fn questions(set: &PolicySet, as_of: Date, uncovered_stride: usize) -> (Vec<Peerq>, usize) {
    let n_cat = set.vocab.table(VocabKind::Category).entries.len() as u32;
    let n_rec = set.vocab.table(VocabKind::Recipient).entries.len() as u32;
    let n_country = set.vocab.table(VocabKind::Country).entries.len() as u32;
    let mechanisms = &set.vocab.table(VocabKind::Mechanism).entries;
    let mut out = Vec::new();
    let mut uncovered = 0usize;
    let mut full = 0usize;
    for action in EXPORTED_ACTIONS {
        let rules = export_rules(set, action);
        let (objects, dates): (Vec<Option<u32>>, Vec<Date>) = match action {
            Action::Share => ((0..n_rec).map(Some).collect(), vec![as_of]),
            Action::Transfer => (
                representatives(n_country, |c| {
                    let mut key: Vec<bool> = rules.iter().map(|r| r.objects.as_ref().is_none_or(|o| o[c as usize])).collect();
                    let countries = set.vocab.table(VocabKind::Country);
                    key.extend(mechanisms.iter().map(|m| m.countries.iter().any(|&x| countries.is_within(c, x))));
                    key
                })
                .into_iter()
                .map(Some)
                .collect(),
                TRANSFER_DATES.iter().map(|d| Date::parse(d).expect("date")).collect(),
            ),
            _ => (vec![None], vec![as_of]),
        };
        // Transfers: no recipient, and each recipient some rule filters on.
        let mut filters: Vec<Option<u32>> = vec![None];
        if action == Action::Transfer {
            for r in &rules {
                filters.extend(r.named_filters.iter().map(|&f| Some(f)));
            }
            filters.sort();
            filters.dedup();
        }
        // Transfers: one activity and one category of each class the rules cannot tell
        // apart (the space is otherwise ~90 M questions); share and collect: all of them.
        let (activities, categories): (Vec<u32>, Vec<u32>) = if action == Action::Transfer {
            (
                representatives(set.activities.len() as u32, |a| rules.iter().map(|r| r.activities[a as usize]).collect()),
                representatives(n_cat, |c| rules.iter().map(|r| r.categories.as_ref().is_none_or(|k| k[c as usize])).collect()),
            )
        } else {
            ((0..set.activities.len() as u32).collect(), (0..n_cat).collect())
        };
        for &a in &activities {
            let here: Vec<&ExportRule> = rules.iter().filter(|r| r.activities[a as usize]).collect();
            for &day in &dates {
                for &c in &categories {
                    for &object in &objects {
                        for &filter in &filters {
                            let covering: Vec<&&ExportRule> = here.iter().filter(|r| r.covers(a, c, object, filter, day)).collect();
                            let mut facts: Vec<u32> = Vec::new();
                            let mut add = |conds: &[noticegate::model::Condition]| {
                                for cond in conds {
                                    if matches!(cond.test, Test::Bool(_) | Test::OneOf(_)) && !facts.contains(&cond.fact) {
                                        facts.push(cond.fact);
                                    }
                                }
                            };
                            for r in &covering {
                                add(&r.when);
                            }
                            // A deny or limit naming filters holds against a question naming
                            // none (an open prohibition), so its facts decide too.
                            if filter.is_none() {
                                for r in here.iter().filter(|r| r.effect.forbids()) {
                                    let some_filter = r.filters.as_ref().and_then(|f| f.iter().position(|&b| b));
                                    if some_filter.is_some_and(|x| r.covers(a, c, object, Some(x as u32), day)) {
                                        add(&r.when);
                                    }
                                }
                            }
                            if action == Action::Transfer && !covering.is_empty() {
                                // The facts of the mechanisms that cover this country on the day.
                                let countries = set.vocab.table(VocabKind::Country);
                                for m in mechanisms {
                                    let in_force = m.valid_from <= day && day < m.valid_until;
                                    let covers_country = m.countries.is_empty()
                                        || object.is_some_and(|o| m.countries.iter().any(|&c| countries.is_within(o, c)));
                                    if in_force && covers_country {
                                        add(&m.requires);
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
                            }
                            // Every combination of the facts' values: two for a bool fact, each
                            // value for an enum fact.
                            let domains: Vec<u32> = facts
                                .iter()
                                .map(|&f| match &set.vocab.table(VocabKind::Fact).entries[f as usize].fact_type {
                                    Some(FactType::Enum(values)) => values.len() as u32,
                                    _ => 2,
                                })
                                .collect();
                            let combinations: u32 = domains.iter().product();
                            if !covering.is_empty() {
                                full += combinations as usize;
                            }
                            for mut n in 0..combinations {
                                let fv = facts
                                    .iter()
                                    .zip(&domains)
                                    .map(|(&f, &d)| {
                                        let digit = n % d;
                                        n /= d;
                                        let value = if domains_is_bool(set, f) { FactValue::Bool(digit == 1) } else { FactValue::Enum(digit as u8) };
                                        (f, value)
                                    })
                                    .collect();
                                out.push(Peerq { action, activity: a, category: c, object, filter, as_of: day, facts: fv });
                            }
                        }
                    }
                }
            }
        }
    }
    (out, full)
}

fn domains_is_bool(set: &PolicySet, fact: u32) -> bool {
    matches!(set.vocab.table(VocabKind::Fact).entries[fact as usize].fact_type, Some(FactType::Bool))
}

/// The first entry of each class of entries with the same key.
fn representatives(n: u32, key: impl Fn(u32) -> Vec<bool>) -> Vec<u32> {
    let mut seen = std::collections::HashSet::new();
    (0..n).filter(|&e| seen.insert(key(e))).collect()
}
