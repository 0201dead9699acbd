//! A CSV file through the gate, in two streaming passes: the first reads the header, a
//! sample of every column (`sample_of_text`, for the classifier) and counts the combinations
//! of row facts; core decides; the second writes the columns and rows that go, record by
//! record.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use noticegate::gate::{sample_of_text, Gate, GateOptions, GateReport, RowFacts};
use noticegate::Engine;

use super::combos::{push_cell, Combos};
use super::{fail, progress, write_error, Args, Failure};
use crate::{EXIT_BAD_INPUT, EXIT_IO};

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

/// Gates `args.file` into `out` (CSV); the report is core's.
pub fn gate(engine: &Engine, options: &GateOptions, args: &Args, out: &mut dyn Write) -> Result<GateReport, Failure> {
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
    let plan = Gate::with_samples(engine, &names, &samples, options)?;
    let mut rows = RowCombos { plan: &plan, names: &names, combos: Combos::default(), raw: Vec::new() };

    let mut line = 1u64;
    for r in &sampled {
        line += 1;
        let j = rows.index(r, line)?;
        rows.combos.count(j, 1);
    }
    drop(sampled);
    while rdr.read_byte_record(&mut record).map_err(|e| csv_error(&args.file, e))? {
        line += 1;
        let j = rows.index(&record, line)?;
        rows.combos.count(j, 1);
        if let Some(b) = &bar {
            if line.is_multiple_of(65536) {
                b.set_position(record.position().map(|p| p.byte()).unwrap_or(0));
            }
        }
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let outcome = plan.decide(&rows.combos.given(plan.fact_columns().len()))?;

    // Pass 2: the columns and rows that go.
    let mut wtr = csv::WriterBuilder::new().from_writer(out);
    let passed = &outcome.passed;
    let pick = |r: &csv::ByteRecord| -> csv::ByteRecord { passed.iter().map(|&i| r.get(i).unwrap_or_default()).collect() };
    // No column goes: an empty file (a CSV record of no fields cannot be written).
    let none = passed.is_empty();
    if !none {
        wtr.write_byte_record(&pick(&header)).map_err(|e| write_error(e.into()))?;
    }
    let (mut rdr, _) = reader(&args.file)?;
    let bar = progress(size, "writing");
    let mut line = 1u64;
    while rdr.read_byte_record(&mut record).map_err(|e| csv_error(&args.file, e))? {
        line += 1;
        let j = rows.index(&record, line)?;
        if j >= outcome.combination_ok.len() {
            // The file changed between the passes: fail closed.
            return Err(fail(EXIT_BAD_INPUT, "invalid_csv", Some("file"), format!("{} changed while it was gated (line {line})", args.file.display())));
        }
        if outcome.combination_ok[j] && !none {
            wtr.write_byte_record(&pick(&record)).map_err(|e| write_error(e.into()))?;
        }
        if let Some(b) = &bar {
            if line.is_multiple_of(65536) {
                b.set_position(record.position().map(|p| p.byte()).unwrap_or(0));
            }
        }
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    wtr.flush().map_err(write_error)?;
    Ok(outcome.report)
}

/// A CSV record's combination of row facts.
struct RowCombos<'a> {
    plan: &'a Gate<&'a Engine>,
    names: &'a [&'a str],
    combos: Combos,
    raw: Vec<u8>,
}

impl RowCombos<'_> {
    fn index(&mut self, r: &csv::ByteRecord, line: u64) -> Result<usize, Failure> {
        let (plan, names) = (self.plan, self.names);
        self.raw.clear();
        for f in plan.fact_columns() {
            push_cell(&mut self.raw, r.get(f.column).unwrap_or_default());
        }
        self.combos.find(&self.raw, || {
            let mut values = RowFacts::with_capacity(plan.fact_columns().len());
            for (k, f) in plan.fact_columns().iter().enumerate() {
                let name = names[f.column];
                let bytes = r.get(f.column).unwrap_or_default();
                let text = std::str::from_utf8(bytes).map_err(|_| fail(EXIT_BAD_INPUT, "invalid_utf8", Some(name), format!("line {line}: a value of column \"{name}\" is not UTF-8")))?;
                values.push(plan.fact_from_text(k, text).map_err(|mut e| {
                    e.message = format!("line {line}: {}", e.message);
                    Failure::from(e)
                })?);
            }
            Ok(values)
        })
    }
}
