//! A Parquet file through the gate, record batch by record batch, so memory stays bounded by
//! a batch (and the row group being written), never the file. Pass 1 reads the first
//! `--sample` rows of every column for the classifier, then only the row fact columns, to
//! count their combinations; core decides; pass 2 reads the columns that go and the fact
//! columns, keeps the rows core lets go (Arrow's filter kernel) and writes them as Parquet
//! with the kept columns' fields as they were.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, RecordBatch};
use arrow_schema::{ArrowError, Schema};
use arrow_select::filter::filter_record_batch;
use noticegate::gate::{Gate, GateOptions, GateReport, RowFacts};
use noticegate::Engine;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::metadata::ParquetMetaData;
use parquet::file::properties::WriterProperties;

use super::arrow_cells::{readable, Column, Owned};
use super::combos::{push_cell, Combos};
use super::{fail, progress, write_error, Args, Failure};
use crate::{EXIT_BAD_INPUT, EXIT_IO};

/// Rows per record batch read.
const BATCH_ROWS: usize = 8192;
/// A row group of the output is closed when its encoded size passes this (or at the writer's
/// default of 1Mi rows), bounding the writer's memory.
const ROW_GROUP_BYTES: usize = 128 << 20;

/// Whether the file is read as Parquet: by its name (`.parquet`, `.parq`, `.pq`).
pub fn is_parquet(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| ["parquet", "parq", "pq"].iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn open(path: &Path) -> Result<(ParquetRecordBatchReaderBuilder<File>, u64), Failure> {
    let file = File::open(path).map_err(|e| fail(EXIT_IO, "unreadable_file", Some("file"), format!("cannot read {}: {e}", path.display())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| parquet_error(path, e))?;
    Ok((builder, size))
}

fn parquet_error(path: &Path, e: ParquetError) -> Failure {
    // How parquet 60's footer decoder reports text that is not UTF-8 (cli/tests/gate_parquet.rs
    // pins it: a column name).
    if matches!(&e, ParquetError::General(m) if m == "invalid utf8") {
        return fail(EXIT_BAD_INPUT, "invalid_utf8", Some("header"), format!("{} has a column name (or other text in its footer) that is not UTF-8", path.display()));
    }
    fail(EXIT_BAD_INPUT, "invalid_parquet", Some("file"), format!("{} is not a Parquet file the gate can read: {e}", path.display()))
}

fn arrow_error(path: &Path, e: ArrowError) -> Failure {
    fail(EXIT_BAD_INPUT, "invalid_parquet", Some("file"), format!("{} is not a Parquet file the gate can read: {e}", path.display()))
}

/// The codecs this build leaves out (see Cargo.toml), found in the footer before any page is
/// read.
fn check_codecs(path: &Path, meta: &ParquetMetaData) -> Result<(), Failure> {
    for column in meta.row_groups().iter().flat_map(|g| g.columns()) {
        let codec = match column.compression() {
            Compression::BROTLI(_) => "Brotli",
            Compression::LZO => "LZO",
            _ => continue,
        };
        let name = column.column_path().string();
        return Err(fail(
            EXIT_BAD_INPUT,
            "unsupported_codec",
            Some(&name),
            format!(
                "{}: column \"{name}\" is compressed with {codec}, which noticegate does not read (it reads uncompressed, Snappy, gzip, LZ4, LZ4_RAW and ZSTD); write the file with Snappy (pandas: to_parquet(compression=\"snappy\"), polars: write_parquet(compression=\"snappy\"))",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// Gates `args.file` into `out` (Parquet); the report is core's.
pub fn gate(engine: &Engine, options: &GateOptions, args: &Args, out: &mut (dyn Write + Send)) -> Result<GateReport, Failure> {
    let path = args.file.as_path();
    let (builder, size) = open(path)?;
    check_codecs(path, builder.metadata())?;
    let schema = builder.schema().clone();
    let total_rows = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();

    // Pass 1: a sample of every column, from the first batches.
    let mut sampled = Vec::new();
    if args.sample > 0 {
        let reader = builder.with_batch_size(args.sample.min(BATCH_ROWS)).with_limit(args.sample).build().map_err(|e| parquet_error(path, e))?;
        for batch in reader {
            sampled.push(batch.map_err(|e| arrow_error(path, e))?);
        }
    }
    let owned: Vec<Vec<Owned>> = (0..names.len())
        .map(|i| {
            sampled
                .iter()
                .filter_map(|b| Column::new(b.column(i).as_ref()))
                .flat_map(|c| (0..c.len()).map(move |row| Owned::of(c.cell(row))))
                .collect()
        })
        .collect();
    let samples: Vec<Vec<_>> = owned.iter().map(|col| col.iter().map(Owned::sample).collect()).collect();
    let plan = Gate::with_samples(engine, &names, &samples, options)?;
    drop(samples);
    drop(owned);
    drop(sampled);
    for f in plan.fact_columns() {
        let field = schema.field(f.column);
        if !readable(field.data_type()) {
            let name = field.name();
            return Err(fail(
                EXIT_BAD_INPUT,
                "unsupported_type",
                Some(name),
                format!("column \"{name}\" carries fact \"{}\", but its type {} cannot be read as a fact; give it as text, a boolean, a number or a date", f.fact_id, field.data_type()),
            ));
        }
    }
    let facts: Vec<usize> = plan.fact_columns().iter().map(|f| f.column).collect();
    let mut rows = RowCombos { plan: &plan, combos: Combos::default(), raw: Vec::new(), texts: vec![String::new(); facts.len()] };

    // Pass 1, continued: the combinations of row facts, reading the fact columns alone.
    if facts.is_empty() {
        let j = rows.combos.find(&[], || Ok(Vec::new()))?;
        rows.combos.count(j, total_rows);
    } else {
        let (builder, _) = open(path)?;
        let mask = ProjectionMask::roots(builder.parquet_schema(), facts.iter().copied());
        let reader = builder.with_projection(mask).with_batch_size(BATCH_ROWS).build().map_err(|e| parquet_error(path, e))?;
        let bar = progress(size, "reading");
        let mut seen = 0u64;
        for batch in reader {
            let batch = batch.map_err(|e| arrow_error(path, e))?;
            let columns = fact_cells(&batch, &(0..facts.len()).collect::<Vec<_>>())?;
            for row in 0..batch.num_rows() {
                seen += 1;
                let j = rows.index(&columns, row, seen)?;
                rows.combos.count(j, 1);
            }
            if let Some(b) = &bar {
                b.set_position(size * seen / total_rows.max(1));
            }
        }
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
    }
    let outcome = plan.decide(&rows.combos.given(facts.len()))?;

    // Pass 2: the columns that go and the fact columns; the rows that go.
    let passed = &outcome.passed;
    let mut read: Vec<usize> = passed.iter().chain(&facts).copied().collect();
    read.sort_unstable();
    read.dedup();
    let at = |c: &usize| read.iter().position(|r| r == c).unwrap_or(0);
    let (passed_at, facts_at): (Vec<usize>, Vec<usize>) = (passed.iter().map(at).collect(), facts.iter().map(at).collect());
    // The kept columns' fields as they were; the file's own metadata (pandas' lists every
    // column, those held back too) is left behind.
    let out_schema = Arc::new(Schema::new(passed.iter().map(|&i| schema.field(i).clone()).collect::<Vec<_>>()));
    let properties = WriterProperties::builder().set_compression(Compression::SNAPPY).set_max_row_group_bytes(Some(ROW_GROUP_BYTES)).build();
    let mut writer = ArrowWriter::try_new(out, out_schema.clone(), Some(properties)).map_err(|e| write_error(std::io::Error::other(e)))?;
    let (builder, _) = open(path)?;
    let mask = ProjectionMask::roots(builder.parquet_schema(), read.iter().copied());
    let reader = builder.with_projection(mask).with_batch_size(BATCH_ROWS).build().map_err(|e| parquet_error(path, e))?;
    let bar = progress(size, "writing");
    let mut seen = 0u64;
    let changed = |at: u64| fail(EXIT_BAD_INPUT, "invalid_parquet", Some("file"), format!("{} changed while it was gated (row {at})", path.display()));
    for batch in reader {
        let batch = batch.map_err(|e| arrow_error(path, e))?;
        let columns = fact_cells(&batch, &facts_at)?;
        let mut keep = Vec::with_capacity(batch.num_rows());
        for row in 0..batch.num_rows() {
            seen += 1;
            let j = rows.index(&columns, row, seen)?;
            keep.push(*outcome.combination_ok.get(j).ok_or_else(|| changed(seen))?);
        }
        if passed.is_empty() {
            continue;
        }
        let kept: Vec<ArrayRef> = passed_at.iter().map(|&p| batch.column(p).clone()).collect();
        let mut kept = RecordBatch::try_new(out_schema.clone(), kept).map_err(|e| arrow_error(path, e))?;
        if keep.iter().any(|k| !k) {
            kept = filter_record_batch(&kept, &BooleanArray::from(keep)).map_err(|e| arrow_error(path, e))?;
        }
        if kept.num_rows() > 0 {
            writer.write(&kept).map_err(|e| write_error(std::io::Error::other(e)))?;
        }
        if let Some(b) = &bar {
            b.set_position(size * seen / total_rows.max(1));
        }
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if seen != outcome.report.rows_in {
        return Err(changed(seen));
    }
    writer.close().map_err(|e| write_error(std::io::Error::other(e)))?;
    Ok(outcome.report)
}

/// The fact columns of a batch (at `positions`), readable: their types were checked.
fn fact_cells<'b>(batch: &'b RecordBatch, positions: &[usize]) -> Result<Vec<Column<'b>>, Failure> {
    positions
        .iter()
        .map(|&p| {
            Column::new(batch.column(p).as_ref()).ok_or_else(|| {
                let field = batch.schema_ref().field(p).clone();
                fail(EXIT_BAD_INPUT, "unsupported_type", Some(field.name()), format!("column \"{}\" has type {}, which cannot be read as a fact", field.name(), field.data_type()))
            })
        })
        .collect()
}

/// A row's combination of row facts: its fact cells as text, read by core as a CSV cell is.
struct RowCombos<'a> {
    plan: &'a Gate<&'a Engine>,
    combos: Combos,
    raw: Vec<u8>,
    texts: Vec<String>,
}

impl RowCombos<'_> {
    /// `row` of `columns` (the fact columns, in order); `at` is its row number in the file.
    fn index(&mut self, columns: &[Column<'_>], row: usize, at: u64) -> Result<usize, Failure> {
        self.raw.clear();
        for (text, column) in self.texts.iter_mut().zip(columns) {
            text.clear();
            column.cell(row).write_text(text);
            push_cell(&mut self.raw, text.as_bytes());
        }
        let (plan, texts) = (self.plan, &self.texts);
        self.combos.find(&self.raw, || {
            texts
                .iter()
                .enumerate()
                .map(|(k, text)| {
                    plan.fact_from_text(k, text).map_err(|mut e| {
                        e.message = format!("row {at}: {}", e.message);
                        Failure::from(e)
                    })
                })
                .collect::<Result<RowFacts, Failure>>()
        })
    }
}
