//! `noticegate lint`: the notices' gaps, ambiguities and contradictions, computed and
//! recorded, as text, JSON or the Markdown of `policies/FINDINGS.md`.
//!
//! Exit codes: 0 (findings are a report, not a failure) unless `--deny` names a severity and
//! a finding at or above it is printed (1); 3 when the policy set does not load; 4 on IO.

use std::fmt::Write;
use std::path::Path;

use clap::ValueEnum;
use noticegate::lint::{self, Finding, Severity};
use noticegate::{Engine, PolicySources};

use crate::{print_out, EXIT_IO, EXIT_OK, EXIT_POLICY_ERROR, EXIT_QUESTION_ERROR};

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `file:line:col: severity[code]: title`, the quotes after `> `, then the ids.
    Text,
    /// One JSON array of findings.
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// The findings document (`policies/FINDINGS.md`); filters do not apply.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    fn severity(self) -> Severity {
        match self {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Show only findings at this severity or above.
    #[arg(long, value_enum, value_name = "LEVEL")]
    severity: Option<Level>,
    /// Show only findings with this code (repeatable), e.g. `empty-basis` or `recorded-gap`.
    #[arg(long, value_name = "CODE")]
    code: Vec<String>,
    /// Exit 1 when a finding shown is at this severity or above (`warning`: warnings and errors).
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Option<Level>,
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let sources = match policies {
        Some(dir) => match PolicySources::from_dir(dir) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("noticegate: cannot read policies: {e}");
                return EXIT_IO;
            }
        },
        None => Engine::builtin_sources(),
    };
    let report = match lint::report(&sources) {
        Ok(r) => r,
        Err(errors) => {
            eprintln!("{errors}");
            return EXIT_POLICY_ERROR;
        }
    };
    if let Format::Markdown = args.format {
        return print_out(&lint::markdown(&report));
    }
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| args.severity.is_none_or(|s| f.severity <= s.severity()))
        .filter(|f| args.code.is_empty() || args.code.contains(&f.code))
        .collect();
    let text = match args.format {
        Format::Text => text(&shown),
        Format::Json => serde_json::to_string(&shown).expect("findings serialise") + "\n",
        Format::Jsonl => shown.iter().map(|f| serde_json::to_string(f).expect("findings serialise") + "\n").collect(),
        Format::Markdown => unreachable!("handled above"),
    };
    let written = print_out(&text);
    if written != EXIT_OK {
        return written;
    }
    match args.deny {
        Some(level) if shown.iter().any(|f| f.severity <= level.severity()) => EXIT_QUESTION_ERROR,
        _ => EXIT_OK,
    }
}

fn text(findings: &[&Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(out, "{}: {}[{}]: {}", f.location, f.severity.name(), f.code, f.title);
        for q in &f.quotes {
            let _ = writeln!(out, "    > {}", noticegate::model::fold_whitespace(q));
        }
        if !f.ids.is_empty() {
            let _ = writeln!(out, "    ids: {}", f.ids.join(", "));
        }
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let _ = writeln!(
        out,
        "{} finding(s): {} error(s), {} warning(s), {} info",
        findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out
}
