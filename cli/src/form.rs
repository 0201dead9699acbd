//! `noticegate check-form FORM.json --service …`: every field of a JSON Schema or SurveyJS
//! form, its category and whether the service's notice covers collecting it (core's
//! `check_form`).

use std::path::{Path, PathBuf};

use noticegate::form_check::{check_form, FieldVerdict, FormCheck};
use noticegate::forms::Value;
use noticegate::gate::GateError;

use crate::gate::{parse_date, report_failure, Format};
use crate::{load_engine, EXIT_IO, EXIT_BAD_INPUT, EXIT_OK, EXIT_QUESTION_ERROR};

#[derive(clap::Args)]
pub struct Args {
    /// A form definition: JSON Schema (optionally {schema, uiSchema}) or a SurveyJS survey.
    file: PathBuf,
    /// The service that collects the form.
    #[arg(long)]
    service: String,
    #[arg(long)]
    notice: Option<String>,
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let engine = match load_engine(policies) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let as_of = match parse_date(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(f) => return report_failure(&f),
    };
    let text = match std::fs::read(&args.file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return bad(EXIT_BAD_INPUT, GateError::new("invalid_utf8", Some("file"), format!("{} is not UTF-8", args.file.display()))),
        },
        Err(e) => return bad(EXIT_IO, GateError::new("unreadable_file", Some("file"), format!("cannot read {}: {e}", args.file.display()))),
    };
    let definition = match Value::parse(&text) {
        Ok(v) => v,
        Err(e) => return bad(EXIT_BAD_INPUT, GateError::new("invalid_form", Some("file"), format!("{} is not JSON: {e}", args.file.display()))),
    };
    match check_form(engine, &definition, &args.service, args.notice.as_deref(), as_of, None) {
        Ok(check) => crate::print_out(&match args.format {
            Format::Json => serde_json::to_string_pretty(&check).expect("a form check serialises") + "\n",
            Format::Text => text_of(&check),
        }),
        Err(e) => {
            let exit = if e.code == "invalid_form" { EXIT_BAD_INPUT } else { EXIT_QUESTION_ERROR };
            bad(exit, e)
        }
    }
}

fn bad(exit: u8, e: GateError) -> u8 {
    let field = e.field.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
    let hint = if e.suggestions.is_empty() { String::new() } else { format!("; did you mean: {}", e.suggestions.join(", ")) };
    eprintln!("noticegate: {}{field}: {}{hint}", e.code, e.message);
    let _ = EXIT_OK;
    exit
}

fn text_of(c: &FormCheck) -> String {
    let mut out = format!("{} ({}), notice: {} [{}]\n", c.service, serde_json::to_value(c.format).unwrap().as_str().unwrap_or_default(), c.notice.title, c.notice.source);
    for f in &c.fields {
        let verdict = serde_json::to_value(f.verdict).unwrap().as_str().unwrap_or_default().to_string();
        let category = f.classification.category.as_deref().unwrap_or("-");
        out += &format!("{:<30} {:<28} {:<12}", f.path.as_deref().unwrap_or(""), category, verdict);
        if let Some(o) = f.obligations.first() {
            out += &format!(" if: {}", o.text);
        }
        if let Some(q) = &f.quote {
            let q: String = q.split_whitespace().collect::<Vec<_>>().join(" ");
            let q: String = if q.chars().count() > 90 { q.chars().take(89).collect::<String>() + "…" } else { q };
            out += &format!(" \"{q}\"");
        } else if f.verdict == FieldVerdict::Unclassified {
            out += " no category matches the label or name";
        }
        out += "\n";
    }
    let s = &c.summary;
    out += &format!("{} permit, {} conditional, {} deny, {} not stated, {} unclassified\n", s.permit, s.conditional, s.deny, s.not_stated, s.unclassified);
    out
}
