//! `noticegate list`: what a question may name, with ids, labels and aliases.

use std::path::Path;

use noticegate::VocabKind;
use serde_json::json;

use crate::load_engine;

#[derive(Clone, Copy, clap::ValueEnum)]
enum What {
    Notices,
    Services,
    Categories,
    Recipients,
    Bases,
    Purposes,
    Sources,
    Facts,
    Countries,
    Mechanisms,
    Records,
    Rights,
}

#[derive(clap::Args)]
pub struct Args {
    /// What to list.
    #[arg(value_enum)]
    what: What,
    /// Print one JSON object per line instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let engine = match load_engine(policies) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let set = engine.policy();
    let mut rows: Vec<serde_json::Value> = Vec::new();
    match args.what {
        What::Notices => {
            for n in &set.notices {
                rows.push(json!({"id": n.id, "label": n.title, "aliases": n.aliases, "source": n.source,
                    "controller": n.controller, "date": n.date.map(|d| d.to_string()), "regime": n.regime}));
            }
        }
        What::Services => {
            for a in set.activities.iter().filter(|a| !a.is_notice_scope) {
                let notice = &set.notices[a.notice as usize];
                let parent = a.parent.map(|p| set.activities[p as usize].id.clone());
                rows.push(json!({"id": a.id, "label": a.label, "aliases": a.aliases, "notice": notice.source, "group": parent}));
            }
        }
        other => {
            let kind = match other {
                What::Categories => VocabKind::Category,
                What::Recipients => VocabKind::Recipient,
                What::Bases => VocabKind::Basis,
                What::Purposes => VocabKind::Purpose,
                What::Sources => VocabKind::Source,
                What::Countries => VocabKind::Country,
                What::Mechanisms => VocabKind::Mechanism,
                What::Records => VocabKind::Record,
                What::Rights => VocabKind::Right,
                _ => VocabKind::Fact,
            };
            let table = set.vocab.table(kind);
            for e in &table.entries {
                let mut row = json!({"id": e.id, "label": e.label, "aliases": e.aliases,
                    "parent": e.parent.map(|p| table.entries[p as usize].id.clone())});
                if kind == VocabKind::Category {
                    row["special_category"] = json!(e.special_category);
                    row["criminal_offence"] = json!(e.criminal_offence);
                }
                if kind == VocabKind::Fact {
                    row["type"] = json!(e.fact_type.as_ref().map(|t| t.name()));
                    row["description"] = json!(e.description);
                }
                if kind == VocabKind::Mechanism {
                    row["article"] = json!(e.article);
                    row["legal_source"] = json!(e.legal_source);
                    row["valid_from"] = json!((e.valid_from != noticegate::Date::MIN).then(|| e.valid_from.to_string()));
                    row["valid_until"] = json!((e.valid_until != noticegate::Date::MAX).then(|| e.valid_until.to_string()));
                }
                if let Some(dpv) = &e.dpv {
                    row["dpv"] = json!(dpv);
                }
                rows.push(row);
            }
        }
    }
    let mut text = String::new();
    for row in rows {
        if args.json {
            text.push_str(&row.to_string());
            text.push('\n');
            continue;
        }
        let aliases: Vec<String> = row["aliases"].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default();
        let mut line = format!("{:<40} {}", row["id"].as_str().unwrap_or(""), row["label"].as_str().unwrap_or(""));
        if !aliases.is_empty() {
            line.push_str(&format!("  (also: {})", aliases.join(", ")));
        }
        if let Some(t) = row.get("type").and_then(|t| t.as_str()) {
            line.push_str(&format!("  [{t}]"));
        }
        text.push_str(&line);
        text.push('\n');
    }
    crate::print_out(&text)
}
