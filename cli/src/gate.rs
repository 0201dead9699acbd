//! `noticegate gate FILE`: the columns and rows of a CSV file that may go to a recipient
//! (core's `gate`), and a report of why. Two streaming passes, so a file larger than memory
//! works: the first reads a sample of every column (for the classifier) and counts the
//! combinations of row facts; core decides; the second writes the columns and rows that go,
//! record by record. Outputs are written to temporary files beside their targets and renamed
//! only when everything succeeded: nothing is written on error.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use noticegate::gate::{sample_of_text, Gate, GateError, GateOptions, GateReport, RowFacts};
use noticegate::question::FactInput;
use noticegate::{Date, Engine};

use crate::{load_engine, EXIT_IO, EXIT_BAD_INPUT, EXIT_OK, EXIT_QUESTION_ERROR, EXIT_USAGE};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// A CSV file with a header row.
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
    /// Where the gated CSV goes (default: standard output).
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

fn reader(path: &Path) -> Result<(csv::Reader<File>, u64), Failure> {
    let file = File::open(path).map_err(|e| fail(EXIT_IO, "unreadable_file", Some("file"), format!("cannot read {}: {e}", path.display())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok((csv::ReaderBuilder::new().has_headers(true).from_reader(file), size))
}

fn csv_error(path: &Path, e: csv::Error) -> Failure {
    if let csv::ErrorKind::Io(io) = e.kind() {
        return fail(EXIT_IO, "unreadable_file", Some("file"), format!("cannot read {}: {io}", path.display()));
    }
    let at = e.position().map(|p| format!(" at line {}", p.line())).unwrap_or_default();
    fail(EXIT_BAD_INPUT, "invalid_csv", Some("file"), format!("{} is not a CSV file the gate can read{at}: {e}", path.display()))
}

/// A file written beside its target and renamed into place on `commit`; removed if dropped
/// before.
struct Pending {
    tmp: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Pending {
    fn create(target: &Path) -> Result<(Pending, std::io::BufWriter<File>), Failure> {
        let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
        let tmp = dir.join(format!(".{name}.noticegate-{}.tmp", std::process::id()));
        let file = File::create(&tmp).map_err(|e| fail(EXIT_IO, "unwritable_file", Some("out"), format!("cannot write {}: {e}", target.display())))?;
        Ok((Pending { tmp, target: target.to_path_buf(), done: false }, std::io::BufWriter::with_capacity(1 << 16, file)))
    }
    fn commit(mut self) -> Result<(), Failure> {
        std::fs::rename(&self.tmp, &self.target).map_err(|e| fail(EXIT_IO, "unwritable_file", Some("out"), format!("cannot write {}: {e}", self.target.display())))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

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
    let mut columns = BTreeMap::new();
    for c in &args.columns {
        let (name, category) = c.split_once('=').ok_or_else(|| fail(EXIT_USAGE, "invalid_field", Some("column"), format!("--column takes NAME=CATEGORY, not \"{c}\"")))?;
        columns.insert(name.to_string(), category.to_string());
    }
    let options = GateOptions {
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
    };

    // Pass 1: the header, a sample of every column, the combinations of row facts.
    let (mut rdr, size) = reader(&args.file)?;
    let header = rdr.byte_headers().map_err(|e| csv_error(&args.file, e))?.clone();
    let mut names = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        let name = std::str::from_utf8(raw).map_err(|_| {
            fail(EXIT_BAD_INPUT, "invalid_utf8", Some("header"), format!("column {} of the header is not UTF-8 ({}); convert the file to UTF-8", i + 1, String::from_utf8_lossy(raw)))
        })?;
        names.push(name.to_string());
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut record = csv::ByteRecord::new();
    let mut sampled: Vec<csv::ByteRecord> = Vec::new();
    let bar = progress(size, "reading");
    while sampled.len() < args.sample && rdr.read_byte_record(&mut record).map_err(|e| csv_error(&args.file, e))? {
        sampled.push(record.clone());
    }
    let mut texts: Vec<Vec<&str>> = vec![Vec::with_capacity(sampled.len()); names.len()];
    for r in &sampled {
        for (i, v) in r.iter().enumerate() {
            let v = std::str::from_utf8(v).map_err(|_| fail(EXIT_BAD_INPUT, "invalid_utf8", Some(names[i]), format!("column \"{}\" has values that are not UTF-8; convert the file to UTF-8", names[i])))?;
            texts[i].push(v);
        }
    }
    let samples: Vec<Vec<_>> = texts.iter().map(|col| col.iter().map(|t| sample_of_text(t)).collect()).collect();
    let plan = Gate::with_samples(engine, &names, &samples, &options)?;
    let fact_cols: Vec<usize> = plan.fact_columns().iter().map(|f| f.column).collect();

    let mut combos = Combos::default();
    let mut counts: Vec<u64> = Vec::new();
    let mut rows = 0u64;
    for r in &sampled {
        rows += 1;
        let j = combos.index(&plan, &fact_cols, &names, r, rows + 1)?;
        count(&mut counts, j);
    }
    drop(sampled);
    while rdr.read_byte_record(&mut record).map_err(|e| csv_error(&args.file, e))? {
        rows += 1;
        let j = combos.index(&plan, &fact_cols, &names, &record, rows + 1)?;
        count(&mut counts, j);
        if let Some(b) = &bar {
            if rows % 65536 == 0 {
                b.set_position(record.position().map(|p| p.byte()).unwrap_or(0));
            }
        }
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if combos.values.is_empty() {
        combos.values.push(vec![None; fact_cols.len()]);
        counts.push(0);
    }
    let given: Vec<(RowFacts, u64)> = combos.values.iter().cloned().zip(counts.iter().copied()).collect();
    let outcome = plan.decide(&given)?;

    // Pass 2: the columns and rows that go.
    let mut pending = Vec::new();
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => {
            let (p, w) = Pending::create(path)?;
            pending.push(p);
            Box::new(w)
        }
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let write_err = |e: std::io::Error| fail(EXIT_IO, "unwritable_file", Some("out"), format!("cannot write the gated rows: {e}"));
    {
        let mut wtr = csv::WriterBuilder::new().from_writer(&mut out);
        let passed = &outcome.passed;
        let pick = |r: &csv::ByteRecord| -> csv::ByteRecord { passed.iter().map(|&i| r.get(i).unwrap_or_default()).collect() };
        // No column goes: an empty file (a CSV record of no fields cannot be written).
        let none = passed.is_empty();
        if !none {
            wtr.write_byte_record(&pick(&header)).map_err(|e| write_err(e.into()))?;
        }
        let (mut rdr, _) = reader(&args.file)?;
        let bar = progress(size, "writing");
        let mut line = 1u64;
        while rdr.read_byte_record(&mut record).map_err(|e| csv_error(&args.file, e))? {
            line += 1;
            let j = combos.index(&plan, &fact_cols, &names, &record, line)?;
            if j >= outcome.combination_ok.len() {
                // The file changed between the passes: fail closed.
                return Err(fail(EXIT_BAD_INPUT, "invalid_csv", Some("file"), format!("{} changed while it was gated (line {line})", args.file.display())));
            }
            if outcome.combination_ok[j] && !none {
                wtr.write_byte_record(&pick(&record)).map_err(|e| write_err(e.into()))?;
            }
            if let Some(b) = &bar {
                if line % 65536 == 0 {
                    b.set_position(record.position().map(|p| p.byte()).unwrap_or(0));
                }
            }
        }
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        wtr.flush().map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    drop(out);

    let rendered = match args.format {
        Format::Json => serde_json::to_string_pretty(&outcome.report).expect("the report serialises") + "\n",
        Format::Text => text(&outcome.report),
    };
    match &args.report {
        Some(path) => {
            let (p, mut w) = Pending::create(path)?;
            w.write_all(rendered.as_bytes()).and_then(|()| w.flush()).map_err(write_err)?;
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

fn count(counts: &mut Vec<u64>, j: usize) {
    if j == counts.len() {
        counts.push(0);
    }
    counts[j] += 1;
}

/// The distinct combinations of row facts: each raw combination of cells maps to its typed
/// combination, distinct by value (so `yes` and `true` are one combination).
#[derive(Default)]
struct Combos {
    values: Vec<RowFacts>,
    by_value: HashMap<String, usize>,
    by_raw: HashMap<Vec<Vec<u8>>, usize>,
}

impl Combos {
    fn index(&mut self, plan: &Gate<&Engine>, fact_cols: &[usize], names: &[&str], r: &csv::ByteRecord, line: u64) -> Result<usize, Failure> {
        if fact_cols.is_empty() {
            if self.values.is_empty() {
                self.values.push(Vec::new());
            }
            return Ok(0);
        }
        let raw: Vec<Vec<u8>> = fact_cols.iter().map(|&c| r.get(c).unwrap_or_default().to_vec()).collect();
        if let Some(&j) = self.by_raw.get(&raw) {
            return Ok(j);
        }
        let mut values = RowFacts::with_capacity(raw.len());
        for (k, bytes) in raw.iter().enumerate() {
            let name = names[fact_cols[k]];
            let text = std::str::from_utf8(bytes).map_err(|_| fail(EXIT_BAD_INPUT, "invalid_utf8", Some(name), format!("line {line}: a value of column \"{name}\" is not UTF-8")))?;
            values.push(plan.fact_from_text(k, text).map_err(|mut e| {
                e.message = format!("line {line}: {}", e.message);
                Failure::from(e)
            })?);
        }
        let key = serde_json::to_string(&values).expect("facts serialise");
        let next = self.values.len();
        let j = *self.by_value.entry(key).or_insert(next);
        if j == next {
            self.values.push(values);
        }
        self.by_raw.insert(raw, j);
        Ok(j)
    }
}

fn clip(text: &str, n: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= n {
        text
    } else {
        text.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// The report as a table: column, status, category, verdict, why (obligations, the rule and
/// its quote); then the rows kept and held, per combination of row facts.
pub fn text(r: &GateReport) -> String {
    use noticegate::gate::ColumnStatus;
    let mut rows = Vec::new();
    for c in &r.columns {
        let status = serde_json::to_value(c.status).unwrap().as_str().unwrap_or_default().to_string();
        let verdict = c.verdict.map(|v| serde_json::to_value(v).unwrap().as_str().unwrap_or_default().to_string()).unwrap_or_else(|| "-".into());
        let mut why: Vec<String> = c.obligations.iter().map(|o| format!("if: {}", o.text)).collect();
        if let Some(reason) = c.reasons.first() {
            why.push(format!("{}: \"{}\"", reason.rule, clip(&reason.quote, 90)));
        } else if let Some(note) = c.notes.first() {
            why.push(clip(note, 110));
        }
        if c.status == ColumnStatus::Unclassified && !c.candidates.is_empty() {
            why.push(format!("candidates: {}", c.candidates.iter().map(|k| k.category.as_str()).collect::<Vec<_>>().join(", ")));
        }
        if c.rows_excluded > 0 {
            why.push(format!("{} row(s) excluded by their facts", c.rows_excluded));
        }
        rows.push([c.column.clone(), status, c.category.clone().unwrap_or_else(|| "-".into()), verdict, why.join("\n")]);
    }
    let header = ["column", "status", "category", "verdict", "why"];
    let widths: Vec<usize> = (0..4).map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0)).collect();
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    let mut out = format!("gate: {} -> {} ({})\n", r.service, r.recipient, r.policy_hash);
    let line = |cells: [&str; 4]| cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect::<Vec<_>>().join("  ");
    out += &format!("{}  why\n", line([header[0], header[1], header[2], header[3]]));
    for row in &rows {
        let mut why = row[4].lines();
        out += &format!("{}  {}\n", line([&row[0], &row[1], &row[2], &row[3]]), why.next().unwrap_or(""));
        let indent = widths.iter().sum::<usize>() + 8;
        for more in why {
            out += &format!("{}{more}\n", " ".repeat(indent));
        }
    }
    let passed: Vec<&str> = r.passed().collect();
    out += &format!("\ncolumns: {} of {} go: {}\n", passed.len(), r.columns.len(), if passed.is_empty() { "none".to_string() } else { passed.join(", ") });
    out += &format!("rows: {} in, {} out, {} held back\n", r.rows_in, r.rows_out, r.rows_held());
    for g in &r.row_groups {
        if !g.kept && g.rows > 0 {
            let facts: Vec<String> = g.facts.iter().map(|(k, v)| match v {
                Some(v) => format!("{k}={}", serde_json::to_string(v).unwrap_or_default()),
                None => format!("{k} unknown"),
            }).collect();
            let by: Vec<String> = g.blocked_by.iter().map(|(c, v)| format!("{c} ({})", serde_json::to_value(v).unwrap().as_str().unwrap_or_default())).collect();
            out += &format!("  held back {} row(s) with {}: not permitted for {}\n", g.rows, facts.join(", "), by.join(", "));
        }
    }
    out
}
