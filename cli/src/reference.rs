//! `noticegate reference`: a readable Markdown reference of a policy set, generated from the
//! policies themselves (per notice and service: what is collected, on which basis, what it
//! is used for, who receives it, with the quotes), so it can never drift from them.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use noticegate::model::{Action, PolicySet, Rule, Test};
use noticegate::VocabKind;

use crate::{load_engine, EXIT_IO, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let engine = match load_engine(policies) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let text = render(engine.policy(), engine.policy_hash());
    match args.output {
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                eprintln!("noticegate: cannot write {}: {e}", path.display());
                EXIT_IO
            }
        },
        None => crate::print_out(&text),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn labels(set: &PolicySet, kind: VocabKind, ids: &[u32], all: &str) -> String {
    if ids.is_empty() {
        return all.to_string();
    }
    ids.iter().map(|&i| set.vocab.entry(kind, i).label.clone()).collect::<Vec<_>>().join("; ")
}

fn conditions(set: &PolicySet, rule: &Rule) -> String {
    let mut parts: Vec<String> = rule
        .when
        .iter()
        .map(|c| {
            let fact = set.vocab.entry(VocabKind::Fact, c.fact);
            match &c.test {
                Test::Bool(true) => fact.description.clone().unwrap_or_else(|| fact.label.clone()),
                Test::Bool(false) => fact.negation.clone().unwrap_or_else(|| format!("not: {}", fact.label)),
                Test::AtLeast(n) => format!("{} is at least {n}", fact.label),
                Test::AtMost(n) => format!("{} is at most {n}", fact.label),
                Test::OneOf(mask) => {
                    let values = match &fact.fact_type {
                        Some(noticegate::model::FactType::Enum(v)) => v.clone(),
                        _ => Vec::new(),
                    };
                    let chosen: Vec<&str> = values.iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1).map(|(_, v)| v.as_str()).collect();
                    format!("{} is {}", fact.label, chosen.join(" or "))
                }
            }
        })
        .collect();
    if !rule.bases.is_empty() {
        parts.push(format!("under {}", labels(set, VocabKind::Basis, &rule.bases, "")));
    }
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join("; ")
    }
}

fn quote(rule: &Rule) -> String {
    let mut q = format!("“{}” ({})", rule.quote, rule.section);
    if let Some(note) = &rule.note {
        write!(q, " *Note: {note}*").ok();
    }
    cell(&q)
}

fn rule_table(out: &mut String, set: &PolicySet, rules: &[&Rule], action: Action) {
    let rules: Vec<&&Rule> = rules.iter().filter(|r| r.action == action).collect();
    if rules.is_empty() {
        writeln!(out, "_None stated._\n").ok();
        return;
    }
    let object = match action.object_kind() {
        Some(VocabKind::Recipient) => "Recipients",
        Some(VocabKind::Purpose) => "Purposes",
        Some(VocabKind::Country) => "Countries",
        Some(VocabKind::Right) => "Rights",
        _ => "",
    };
    if object.is_empty() {
        writeln!(out, "| Categories | Effect | Conditions | Rule | Quote |\n|---|---|---|---|---|").ok();
    } else {
        writeln!(out, "| {object} | Categories | Effect | Conditions | Rule | Quote |\n|---|---|---|---|---|---|").ok();
    }
    for rule in rules {
        let categories = cell(&labels(set, VocabKind::Category, &rule.categories, "any category"));
        let head = match action.object_kind() {
            Some(kind) => {
                let mut names = labels(set, kind, rule.named(kind), &format!("any {}", kind.name()));
                if let Some(filter) = action.filter_kind().filter(|k| !rule.named(*k).is_empty()) {
                    names.push_str(&format!(" ({}: {})", filter.name(), labels(set, filter, rule.named(filter), "")));
                }
                if !rule.mechanisms.is_empty() {
                    names.push_str(&format!(" (by: {})", labels(set, VocabKind::Mechanism, &rule.mechanisms, "")));
                }
                format!("| {} ", cell(&names))
            }
            None => String::new(),
        };
        writeln!(
            out,
            "{head}| {categories} | **{}** | {} | `{}` | {} |",
            rule.effect.name(),
            cell(&conditions(set, rule)),
            rule.id,
            quote(rule)
        )
        .ok();
    }
    writeln!(out).ok();
}

const SECTIONS: [(Action, &str); 6] = [
    (Action::Collect, "Collected"),
    (Action::Use, "Used for"),
    (Action::Share, "Shared with"),
    (Action::Transfer, "Transferred abroad"),
    (Action::AutomatedDecision, "Automated decisions"),
    (Action::Rights, "Rights"),
];

/// The whole reference as Markdown.
pub fn render(set: &PolicySet, hash: &str) -> String {
    let mut out = String::new();
    writeln!(out, "# The built-in policies\n").ok();
    writeln!(
        out,
        "Generated by `noticegate reference` from `policies/`: do not edit by hand (CI fails when this file \
         is out of date; regenerate with `cargo run -q -p noticegate-cli -- reference -o docs/policies.md`).\n\n\
         Policy hash `{hash}`. Where the tables say \"None stated\", questions are answered `not_stated`.\n"
    )
    .ok();
    for notice in &set.notices {
        writeln!(out, "## {}\n", notice.title).ok();
        let date = notice.date.map_or("no date".to_string(), |d| d.to_string());
        writeln!(
            out,
            "Notice `{}` (source `policies/sources/{}`, {date}); controller: {}; role: {:?}; regime: {}.\n",
            notice.id, notice.source, notice.controller, notice.role, notice.regime
        )
        .ok();
        let wide: Vec<&Rule> = set.rules.iter().filter(|r| set.notices[r.notice as usize].id == notice.id && r.activities.is_empty()).collect();
        for &a in &notice.activities {
            let activity = &set.activities[a as usize];
            writeln!(out, "### {} (`{}`)\n", activity.label, activity.id).ok();
            if let Some(p) = activity.parent {
                writeln!(out, "Part of: {}.\n", set.activities[p as usize].label).ok();
            }
            if let Some(d) = &activity.description {
                writeln!(out, "{d}\n").ok();
            }
            if !activity.sources.is_empty() {
                writeln!(out, "Data comes from: {}.\n", labels(set, VocabKind::Source, &activity.sources, "")).ok();
            }
            if activity.bases.is_empty() {
                writeln!(out, "Lawful basis: _none stated for this service._\n").ok();
            } else {
                writeln!(out, "Lawful basis:\n").ok();
                for claim in &activity.bases {
                    let scope = if claim.categories.is_empty() {
                        String::new()
                    } else {
                        format!(" for {}", labels(set, VocabKind::Category, &claim.categories, ""))
                    };
                    writeln!(out, "- {}{scope}: “{}” ({})", set.vocab.entry(VocabKind::Basis, claim.basis).label, claim.quote, claim.section).ok();
                }
                writeln!(out).ok();
            }
            let rules: Vec<&Rule> = set.rules.iter().filter(|r| r.activities.contains(&a)).collect();
            for (action, title) in SECTIONS {
                writeln!(out, "#### {title}\n").ok();
                rule_table(&mut out, set, &rules, action);
            }
        }
        if !wide.is_empty() {
            writeln!(out, "### Notice-wide statements\n").ok();
            writeln!(out, "These apply to every service of the notice.\n").ok();
            for (action, title) in SECTIONS {
                if wide.iter().any(|r| r.action == action) {
                    writeln!(out, "#### {title}\n").ok();
                    rule_table(&mut out, set, &wide, action);
                }
            }
        }
    }
    out
}
