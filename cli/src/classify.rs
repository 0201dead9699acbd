//! `noticegate classify`: which data category a form field label or column name collects,
//! and which words decided it (the same classifier the bindings use).

use std::path::Path;

use crate::load_engine;

#[derive(clap::Args)]
pub struct Args {
    /// Field labels or column names, e.g. "Date of birth" dob email_address.
    #[arg(required = true)]
    labels: Vec<String>,
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let engine = match load_engine(policies) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let mut out = String::new();
    for label in &args.labels {
        let c = engine.classify(label);
        let row = serde_json::json!({"input": label, "category": c.category, "label": c.label,
            "matched_name": c.matched_name, "matched_words": c.matched_words});
        out.push_str(&row.to_string());
        out.push('\n');
    }
    crate::print_out(&out)
}
