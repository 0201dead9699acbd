//! `noticegate report --html FILE`: one self-contained HTML page of a policy set, for the
//! people who maintain it: per notice, the matrix of services x categories (collect, or
//! share with a chosen recipient) coloured by verdict, each cell opening its decision with
//! the notice's quotes; under it, the coverage view (the notice text, each sentence marked by
//! the rules and findings that quote it, unquoted sentences standing out); then the lint
//! findings.
//!
//! The page loads nothing from the network: CSS, script and data are inline. The questions
//! are the core's question space (`noticegate::space`), the verdicts and reasons the core's
//! (`Engine::evaluate`, `Engine::decision`); this module only lays them out. Cells are
//! stored as run-length-encoded indices into a table of distinct decisions, so the page of
//! the built-in set stays small.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use noticegate::eval::Outcome;
use noticegate::model::{Action, Condition};
use noticegate::space::{Axes, SpaceQuestion};
use noticegate::{Date, Engine, PolicySources, Question, VocabKind};
use serde_json::{json, Value};

use crate::{load_engine, EXIT_IO, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// Write the page to FILE.
    #[arg(long, value_name = "FILE", required = true)]
    html: PathBuf,
    /// The date the questions are asked on (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = crate::diff::parse_date)]
    as_of: Option<Date>,
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let engine = match load_engine(policies) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let sources = match policies {
        None => Engine::builtin_sources(),
        Some(dir) => match PolicySources::from_dir(dir) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("noticegate: cannot read policies: {e}");
                return EXIT_IO;
            }
        },
    };
    let data = data(engine, &sources, args.as_of.unwrap_or_else(Date::today));
    let page = page(&data);
    match std::fs::write(&args.html, page) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("noticegate: cannot write {}: {e}", args.html.display());
            EXIT_IO
        }
    }
}

/// What makes two cells show the same decision: verdict, deciding and other rules,
/// obligations (as fact tests) and the rules that would apply on other facts.
#[derive(PartialEq, Eq, Hash)]
struct DecisionKey {
    verdict: noticegate::Verdict,
    reasons: Vec<u32>,
    obligations: Vec<(Condition, bool)>,
    unmet: Vec<u32>,
    possible_denies: Vec<u32>,
    alternatives: usize,
}

/// Distinct decisions and the rules they cite, built as cells are evaluated.
struct Decisions<'e> {
    engine: &'e Engine,
    index: HashMap<DecisionKey, u32>,
    table: Vec<Value>,
    rules: Vec<u32>,
    rule_index: HashMap<u32, u32>,
}

impl Decisions<'_> {
    fn rule(&mut self, rule: u32) -> u32 {
        let next = self.rules.len() as u32;
        *self.rule_index.entry(rule).or_insert_with(|| {
            self.rules.push(rule);
            next
        })
    }

    /// The index of the cell's decision, added to the table when new.
    fn of(&mut self, q: &SpaceQuestion, as_of: Date) -> u32 {
        let resolved = q.resolved(as_of);
        let outcome: Outcome = self.engine.evaluate(&resolved);
        let key = DecisionKey {
            verdict: outcome.verdict,
            reasons: outcome.reasons.clone(),
            obligations: outcome.obligations.iter().map(|l| (l.condition.clone(), l.holds)).collect(),
            unmet: outcome.unmet.clone(),
            possible_denies: outcome.possible_denies.clone(),
            alternatives: outcome.alternatives.len(),
        };
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let decision = self.engine.decision(&Question::default(), &resolved, &outcome);
        let rules = |me: &mut Self, list: &[u32]| list.iter().map(|&r| me.rule(r)).collect::<Vec<_>>();
        let mut entry = json!({
            "v": outcome.verdict.name(),
            "o": decision.obligations.iter().map(|o| o.text.as_str()).collect::<Vec<_>>(),
            "r": rules(self, &outcome.reasons),
        });
        // A not_stated decision's notes name the cell's service and category; the page says
        // the same in general words, so one entry serves every such cell.
        if outcome.verdict != noticegate::Verdict::NotStated && !decision.notes.is_empty() {
            entry["n"] = json!(decision.notes);
        }
        if !outcome.unmet.is_empty() {
            entry["u"] = json!(rules(self, &outcome.unmet));
        }
        if !outcome.possible_denies.is_empty() {
            entry["p"] = json!(rules(self, &outcome.possible_denies));
        }
        let i = self.table.len() as u32;
        self.table.push(entry);
        self.index.insert(key, i);
        i
    }
}

/// Runs of equal values as `[value, count, value, count, …]`.
fn run_lengths(cells: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for &c in cells {
        match out.len() {
            n if n >= 2 && out[n - 2] == c => out[n - 1] += 1,
            _ => out.extend([c, 1]),
        }
    }
    out
}

/// Everything the page shows, as one JSON value.
fn data(engine: &Engine, sources: &PolicySources, as_of: Date) -> Value {
    let set = engine.policy();
    let mut decisions = Decisions { engine, index: HashMap::new(), table: Vec::new(), rules: Vec::new(), rule_index: HashMap::new() };
    let mut cells_total = 0usize;
    let notices: Vec<Value> = noticegate::space::axes(engine)
        .iter()
        .map(|axes| {
            let views = views(set, axes);
            let matrices: Vec<Value> = views
                .iter()
                .map(|(id, label, action, object)| {
                    let mut cells = Vec::with_capacity(axes.activities.len() * axes.categories.len());
                    for &activity in &axes.activities {
                        for &category in &axes.categories {
                            let q = SpaceQuestion { action: *action, activity, category, object: *object, filter: None };
                            cells.push(decisions.of(&q, as_of));
                        }
                    }
                    cells_total += cells.len();
                    json!({ "id": id, "label": label, "cells": run_lengths(&cells) })
                })
                .collect();
            let notice = &set.notices[axes.notice as usize];
            let category = |&c: &u32| {
                let e = set.vocab.entry(VocabKind::Category, c);
                json!({ "id": e.id, "label": e.label, "depth": e.depth })
            };
            // The coverage view: the notice text, each unit with the ids that quote it.
            let coverage = sources.notice_texts.get(&notice.source).map(|text| {
                let c = noticegate_draft::coverage::of_notice(set, axes.notice, text);
                json!({
                    "total": c.total,
                    "covered": c.covered,
                    "units": c.units.iter().map(|u| json!([u.kind, u.text, u.by])).collect::<Vec<_>>(),
                })
            });
            json!({
                "id": notice.id,
                "title": notice.title,
                "coverage": coverage,
                "controller": notice.controller,
                "source": notice.source,
                "services": axes.activities.iter().map(|&a| {
                    let a = &set.activities[a as usize];
                    json!({ "id": a.id, "label": if a.is_notice_scope { "(notice-wide: questions naming only the notice)".to_string() } else { a.label.clone() } })
                }).collect::<Vec<_>>(),
                "categories": axes.categories.iter().map(category).collect::<Vec<_>>(),
                "views": matrices,
            })
        })
        .collect();
    let rules: Vec<Value> = decisions
        .rules
        .iter()
        .map(|&r| {
            let rule = &set.rules[r as usize];
            json!({
                "id": rule.id, "effect": rule.effect.name(), "section": rule.section, "quote": rule.quote,
                "note": rule.note, "location": rule.location,
            })
        })
        .collect();
    let lint = match noticegate::lint::lint(sources) {
        Ok(findings) => json!({ "findings": findings }),
        Err(errors) => json!({ "error": errors.to_string() }),
    };
    json!({
        "as_of": as_of.to_string(),
        "policy_hash": engine.policy_hash(),
        "cells": cells_total,
        "decisions": decisions.table,
        "rules": rules,
        "notices": notices,
        "lint": lint,
    })
}

/// The matrices of a notice: collect, then sharing with each recipient its rules name.
fn views(set: &noticegate::model::PolicySet, axes: &Axes) -> Vec<(String, String, Action, Option<u32>)> {
    let mut views = vec![("collect".to_string(), "Collect".to_string(), Action::Collect, None)];
    for &r in &axes.recipients {
        let e = set.vocab.entry(VocabKind::Recipient, r);
        views.push((e.id.clone(), format!("Share with {}", e.label), Action::Share, Some(r)));
    }
    views
}

/// The page: the data as inert JSON (`</` escaped so no text can close the script), read
/// by the inline script.
fn page(data: &Value) -> String {
    let json = serde_json::to_string(data).expect("report data serialises").replace("</", "<\\/");
    PAGE.replace("/*DATA*/", &json)
}

const PAGE: &str = include_str!("report.html");
