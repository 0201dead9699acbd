//! `noticegate diff OLD NEW`: what software will be told differently under a changed policy
//! set. The core (`noticegate::diff`) finds the questions; this prints them, grouped by
//! notice and service, with both answers and their quotes.
//!
//! Exit codes, like diff(1): 0 no question changed, 1 some did, 2 usage (a bad date too),
//! 3 a policy set has errors, 4 a directory could not be read.

use std::fmt::Write;
use std::path::Path;

use noticegate::diff::{Answer, Change, Diff};
use noticegate::{Date, Engine};

use crate::{load_engine, EXIT_OK, EXIT_QUESTION_ERROR};

#[derive(clap::Args)]
pub struct Args {
    /// The old policy directory, or `builtin` for the built-in set (`./builtin` for a directory of that name).
    old: String,
    /// The new policy directory, or `builtin`.
    new: String,
    /// The date the questions are asked on (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// `--as-of` as clap reads it: a bad date is a usage error (exit 2) that shows the value.
pub fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("\"{text}\" is not a date; expected YYYY-MM-DD, e.g. 2026-11-23"))
}

/// The policy set a command-line name stands for: `builtin`, or a directory.
pub fn load_named(name: &str) -> Result<&'static Engine, u8> {
    if name == "builtin" {
        load_engine(None)
    } else {
        load_engine(Some(Path::new(name)))
    }
}

pub fn run(args: Args) -> u8 {
    let old = match load_named(&args.old) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let new = match load_named(&args.new) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let diff = noticegate::diff::diff(old, new, args.as_of.unwrap_or_else(Date::today));
    let text = match args.format {
        Format::Json => {
            let (changed, only_old, only_new) = counts(&diff);
            let summary = serde_json::json!({ "changed": changed, "only_old": only_old, "only_new": only_new });
            let mut value = serde_json::to_value(&diff).expect("a diff serialises");
            value["summary"] = summary;
            format!("{}\n", serde_json::to_string_pretty(&value).expect("a diff serialises"))
        }
        Format::Text => render_text(&diff, &args.old, &args.new),
    };
    match crate::print_out(&text) {
        EXIT_OK if diff.differences.is_empty() => EXIT_OK,
        EXIT_OK => EXIT_QUESTION_ERROR,
        code => code,
    }
}

fn counts(diff: &Diff) -> (usize, usize, usize) {
    let count = |f: fn(&Change) -> bool| diff.differences.iter().filter(|d| f(&d.change)).count();
    (
        count(|c| matches!(c, Change::Changed { .. })),
        count(|c| matches!(c, Change::OnlyOld { .. })),
        count(|c| matches!(c, Change::OnlyNew { .. })),
    )
}

/// Grouped by notice, then service; per question its action, category and object, then
/// the old answer and the new one.
fn render_text(diff: &Diff, old_name: &str, new_name: &str) -> String {
    let mut out = String::new();
    let mut notice = "";
    let mut service = "";
    for d in &diff.differences {
        if d.question.notice != notice {
            notice = &d.question.notice;
            service = "";
            let _ = writeln!(out, "notice {notice}");
        }
        if d.question.activity != service {
            service = &d.question.activity;
            let _ = writeln!(out, "  service {} ({service})", d.labels.service);
        }
        let mut what = format!("{} {}", d.question.action.name(), d.labels.category);
        if let Some(object) = &d.labels.object {
            let _ = write!(what, " -> {object}");
        }
        if let Some(filter) = &d.labels.filter {
            let _ = write!(what, " (recipient {filter})");
        }
        match &d.change {
            Change::Changed { old, new } => {
                let _ = writeln!(out, "    {what}: {} -> {}", old.verdict.name(), new.verdict.name());
                answer(&mut out, "old", old);
                answer(&mut out, "new", new);
            }
            Change::OnlyOld { old } => {
                let _ = writeln!(out, "    {what}: only in old: {}", old.verdict.name());
                answer(&mut out, "old", old);
            }
            Change::OnlyNew { new } => {
                let _ = writeln!(out, "    {what}: only in new: {}", new.verdict.name());
                answer(&mut out, "new", new);
            }
        }
    }
    let (changed, only_old, only_new) = counts(diff);
    let _ = writeln!(
        out,
        "{old_name} -> {new_name}: {changed} question(s) changed, {only_old} only in old, {only_new} only in new ({} compared on {})",
        diff.compared, diff.as_of
    );
    out
}

fn answer(out: &mut String, side: &str, a: &Answer) {
    let mut line = format!("      {side}: {}", a.verdict.name());
    if !a.obligations.is_empty() {
        let texts: Vec<&str> = a.obligations.iter().map(|o| o.text.as_str()).collect();
        let _ = write!(line, " if {}", texts.join("; "));
    }
    let _ = writeln!(out, "{line}");
    for r in &a.reasons {
        let _ = writeln!(out, "        {} ({}), \"{}\": \"{}\"", r.rule, r.effect, r.section, r.quote);
    }
    if a.reasons.is_empty() {
        for note in &a.notes {
            let _ = writeln!(out, "        {note}");
        }
    }
}
