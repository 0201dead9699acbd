//! `noticegate gate FILE`: the columns and rows of a CSV or Parquet file that may go to a
//! recipient (core's `gate`), and a report of why. Each format is read in two streaming
//! passes, so a file larger than memory works (`csv_file`, `parquet_file`); outputs are
//! written atomically (`pending`): nothing is written on error.

mod arrow_cells;
mod combos;
mod csv_file;
mod parquet_file;
mod pending;
mod text;

use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use noticegate::gate::{GateError, GateOptions};
use noticegate::question::FactInput;
use noticegate::Date;

use pending::Pending;

use crate::{load_engine, EXIT_IO, EXIT_BAD_INPUT, EXIT_OK, EXIT_QUESTION_ERROR, EXIT_USAGE};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// A CSV file with a header row, or a Parquet file (named .parquet, .parq or .pq).
    file: PathBuf,
    /// The service the data was collected for (id, label or alias).
    #[arg(long)]
    service: String,
    /// Who receives the export.
    #[arg(long)]
    recipient: String,
    /// The notice, when the service's name is used by more than one.
    #[arg(long)]
    notice: Option<String>,
    #[arg(long)]
    basis: Option<String>,
    #[arg(long)]
    purpose: Option<String>,
    /// The date of the export (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Facts that hold for the whole export, as a JSON object, e.g. '{"data_processing_agreement":true}'.
    #[arg(long, value_name = "JSON")]
    facts: Option<String>,
    /// A column's category, overriding the classifier (repeat): NAME=CATEGORY.
    #[arg(long = "column", value_name = "NAME=CATEGORY")]
    columns: Vec<String>,
    /// Where the gated file goes, in the input's format (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Where the report goes (default: standard output with --out, else standard error).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Rows sampled per column for the classifier's value recognisers.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    sample: usize,
}

/// A failure with its code and exit code.
pub struct Failure {
    exit: u8,
    error: GateError,
}

fn fail(exit: u8, code: &str, field: Option<&str>, message: impl Into<String>) -> Failure {
    Failure { exit, error: GateError::new(code, field, message) }
}

impl From<GateError> for Failure {
    fn from(error: GateError) -> Failure {
        let exit = match error.code.as_str() {
            "invalid_utf8" | "mixed_types" | "invalid_fact_value" | "invalid_form" | "invalid_csv" => EXIT_BAD_INPUT,
            _ => EXIT_QUESTION_ERROR,
        };
        Failure { exit, error }
    }
}

pub fn report_failure(f: &Failure) -> u8 {
    let e = &f.error;
    let field = e.field.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
    let hint = if e.suggestions.is_empty() { String::new() } else { format!("; did you mean: {}", e.suggestions.join(", ")) };
    eprintln!("noticegate: {}{field}: {}{hint}", e.code, e.message);
    f.exit
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    match gate(policies, &args) {
        Ok(()) => EXIT_OK,
        Err(f) => report_failure(&f),
    }
}

/// Parses `--facts`.
fn parse_facts(text: Option<&str>) -> Result<BTreeMap<String, FactInput<'static>>, Failure> {
    let Some(text) = text else { return Ok(BTreeMap::new()) };
    let map: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(text).map_err(|e| fail(EXIT_USAGE, "invalid_json", Some("facts"), format!("--facts must be a JSON object: {e}")))?;
    map.into_iter()
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::Bool(b) => FactInput::Bool(b),
                serde_json::Value::Number(n) => FactInput::Number(n.as_f64().unwrap_or(f64::NAN)),
                serde_json::Value::String(s) => FactInput::Text(s.into()),
                other => return Err(fail(EXIT_USAGE, "invalid_field", Some(&format!("facts.{k}")), format!("a fact is true/false, a number or a string, not {other}"))),
            };
            Ok((k, value))
        })
        .collect()
}

pub fn parse_date(text: Option<&str>) -> Result<Option<Date>, Failure> {
    text.map(|t| Date::parse(t).ok_or_else(|| fail(EXIT_USAGE, "invalid_field", Some("as_of"), format!("--as-of must be a date written YYYY-MM-DD, not \"{t}\""))))
        .transpose()
}

/// A progress bar on standard error for a file over 16 MiB, when that is a terminal.
fn progress(size: u64, pass: &str) -> Option<indicatif::ProgressBar> {
    if size < 16 << 20 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(size), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(pass.to_string());
    Some(bar)
}

fn gate(policies: Option<&Path>, args: &Args) -> Result<(), Failure> {
    let engine = load_engine(policies).map_err(|exit| fail(exit, "policy_error", None, "the policy set could not be loaded"))?;
    let options = options(args)?;
    let parquet = parquet_file::is_parquet(&args.file);
    if parquet && args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(fail(EXIT_USAGE, "invalid_field", Some("out"), "the gated file is Parquet, which is binary: give --out FILE or redirect standard output"));
    }
    // The output is opened first, so an unwritable target fails before a large file is read.
    let mut pending = Vec::new();
    let mut out: Box<dyn Write + Send> = match &args.out {
        Some(path) => {
            let (p, w) = Pending::create(path)?;
            pending.push(p);
            Box::new(w)
        }
        None => Box::new(BufWriter::new(std::io::stdout())),
    };
    let report = if parquet { parquet_file::gate(engine, &options, args, &mut out)? } else { csv_file::gate(engine, &options, args, &mut out)? };
    out.flush().map_err(write_error)?;
    drop(out);

    let rendered = match args.format {
        Format::Json => serde_json::to_string_pretty(&report).expect("the report serialises") + "\n",
        Format::Text => text::text(&report),
    };
    match &args.report {
        Some(path) => {
            let (p, mut w) = Pending::create(path)?;
            w.write_all(rendered.as_bytes()).and_then(|()| w.flush()).map_err(write_error)?;
            drop(w);
            pending.push(p);
        }
        None if args.out.is_some() => {
            if crate::print_out(&rendered) != EXIT_OK {
                return Err(fail(EXIT_IO, "unwritable_file", None, "cannot write the report"));
            }
        }
        None => eprint!("{rendered}"),
    }
    for p in pending {
        p.commit()?;
    }
    Ok(())
}

/// The options of core's gate from the command line.
fn options(args: &Args) -> Result<GateOptions, Failure> {
    let mut columns = BTreeMap::new();
    for c in &args.columns {
        let (name, category) = c.split_once('=').ok_or_else(|| fail(EXIT_USAGE, "invalid_field", Some("column"), format!("--column takes NAME=CATEGORY, not \"{c}\"")))?;
        columns.insert(name.to_string(), category.to_string());
    }
    Ok(GateOptions {
        service: args.service.clone(),
        recipient: args.recipient.clone(),
        notice: args.notice.clone(),
        basis: args.basis.clone(),
        purpose: args.purpose.clone(),
        as_of: parse_date(args.as_of.as_deref())?,
        facts: parse_facts(args.facts.as_deref())?,
        columns,
        row_facts: None,
        pass_conditional: false,
    })
}

fn write_error(e: std::io::Error) -> Failure {
    fail(EXIT_IO, "unwritable_file", Some("out"), format!("cannot write the gated rows: {e}"))
}
