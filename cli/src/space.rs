//! `noticegate space`: every question of a policy set's finite question space (per notice:
//! its services x the categories, and recipients, purposes or countries, its rules name, with
//! their subtrees), one JSON question per line, by ids and with every fact unknown. Feed it to
//! `noticegate ask --file` of another build or policy set to compare answers question by
//! question (docs/changes/ uses it to show how a change of semantics moved the answers).

use noticegate::space::{self, QuestionKey};
use noticegate::Date;

use crate::load_engine;

#[derive(clap::Args)]
pub struct Args {
    /// The date the questions are asked on (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = crate::diff::parse_date)]
    as_of: Option<Date>,
}

/// The wire question for a key: the notice and service by id (a notice-wide question names
/// only the notice), and the action's object and filter under their wire names.
pub fn question(key: &QuestionKey, as_of: Date) -> serde_json::Value {
    let mut q = serde_json::json!({ "ask": key.action.name(), "notice": key.notice });
    if !key.activity.ends_with(":*") {
        q["service"] = key.activity.clone().into();
    }
    q["category"] = key.category.clone().into();
    if let Some(object) = &key.object {
        let field = match key.action.name() {
            "share" => "recipient",
            "use" => "purpose",
            _ => "country",
        };
        q[field] = object.clone().into();
    }
    if let Some(filter) = &key.filter {
        q["recipient"] = filter.clone().into();
    }
    q["as_of"] = as_of.to_string().into();
    q
}

pub fn run(policies: Option<&std::path::Path>, args: Args) -> u8 {
    let engine = match load_engine(policies) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let as_of = args.as_of.unwrap_or_else(Date::today);
    let set = engine.policy();
    let mut out = String::new();
    for q in space::questions(engine) {
        out.push_str(&question(&q.key(set), as_of).to_string());
        out.push('\n');
    }
    crate::print_out(&out)
}
