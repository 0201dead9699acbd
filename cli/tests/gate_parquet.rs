//! `noticegate gate FILE.parquet`: Parquet written by pandas and pyarrow (tests/data/, made by
//! tests/data/make_parquet.py) and by the parquet crate here (many row groups, typed fact
//! columns, broken files). The gated file is read back; CSV and Parquet of the same data give
//! the same report.

mod support;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef, BooleanArray, DictionaryArray, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, GzipLevel, ZstdLevel};
use parquet::file::properties::WriterProperties;
use support::run;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn gate(file: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["gate", file.to_str().unwrap(), "--service", "Community Directory", "--recipient", "PCG UK", "--as-of", "2026-11-23"];
    args.extend(extra);
    run(&args)
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("noticegate-gate-parquet-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn data(name: &str) -> PathBuf {
    Path::new(ROOT).join("tests/data").join(name)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A Parquet file's fields and its rows, every cell as text (strings, plain or dictionary).
fn read_back(path: &Path) -> (Vec<Field>, Vec<Vec<String>>, usize) {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
    let fields = builder.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
    let row_groups = builder.metadata().num_row_groups();
    let mut rows = Vec::new();
    for batch in builder.build().unwrap() {
        let batch = batch.unwrap();
        for r in 0..batch.num_rows() {
            rows.push(batch.columns().iter().map(|c| text(c, r)).collect());
        }
    }
    (fields, rows, row_groups)
}

fn text(column: &ArrayRef, row: usize) -> String {
    if column.is_null(row) {
        return String::new();
    }
    match column.data_type() {
        DataType::Utf8 => column.as_string::<i32>().value(row).to_string(),
        DataType::LargeUtf8 => column.as_string::<i64>().value(row).to_string(),
        DataType::Dictionary(..) => {
            let d = column.as_dictionary::<Int32Type>();
            d.values().as_string::<i32>().value(d.keys().value(row) as usize).to_string()
        }
        other => panic!("read_back reads strings, not {other}"),
    }
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines().map(|l| l.split(',').map(str::to_string).collect()).collect()
}

fn write_parquet(path: &Path, batch: &RecordBatch, row_group_rows: usize) {
    write_compressed(path, batch, row_group_rows, Compression::SNAPPY);
}

fn write_compressed(path: &Path, batch: &RecordBatch, row_group_rows: usize, codec: Compression) {
    let props = WriterProperties::builder().set_max_row_group_row_count(Some(row_group_rows)).set_compression(codec).build();
    let mut w = ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), Some(props)).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
}

#[test]
fn pandas_and_polars_census_gate_as_its_csv_does() {
    let dir = tmp("census");
    let facts = r#"{"data_processing_agreement":true}"#;
    let (csv_out, csv_report) = (dir.join("out.csv"), dir.join("csv.json"));
    let o = gate(&data("school_census.csv"), &["--facts", facts, "--out", csv_out.to_str().unwrap(), "--report", csv_report.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(&csv_out).unwrap();
    let csv_json = std::fs::read_to_string(&csv_report).unwrap();
    let from_csv = gate(&data("school_census.csv"), &["--facts", facts]);

    // pandas: strings, DOB a date, FSMeligible a boolean, consent a dictionary with i8 keys,
    // Snappy (and the same frame in ZSTD, polars' default); polars: large strings, consent a
    // dictionary with u32 keys, LZ4.
    for file in ["school_census.parquet", "school_census.zstd.parquet", "school_census.polars.parquet"] {
        let (out, report) = (dir.join(format!("{file}.out")), dir.join(format!("{file}.json")));
        let o = gate(&data(file), &["--facts", facts, "--out", out.to_str().unwrap(), "--report", report.to_str().unwrap(), "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", String::from_utf8_lossy(&o.stderr));

        // Names go, for the rows whose consent is given; the rest stays.
        let (fields, rows, _) = read_back(&out);
        let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, ["Forename", "Surname"], "{file}");
        assert_eq!(rows, [["Ann", "Smith"], ["Oluwaseun", "Adeyemi"]], "{file}");
        assert_eq!(csv_rows(&csv)[1..], rows[..]);
        // The kept columns' fields as the input has them.
        let input = ParquetRecordBatchReaderBuilder::try_new(File::open(data(file)).unwrap()).unwrap().schema().clone();
        assert_eq!(fields[..], [input.field(1).clone(), input.field(2).clone()], "{file}");
        // The same report as the CSV's, byte for byte.
        let json = std::fs::read_to_string(&report).unwrap();
        assert_eq!(json, csv_json, "{file}");
        let r: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!((r["rows_in"].as_u64(), r["rows_out"].as_u64()), (Some(4), Some(2)));

        // Without --out: the Parquet file on standard output, the text report on standard
        // error, the CSV's text report word for word.
        let o = gate(&data(file), &["--facts", facts]);
        assert_eq!(o.status.code(), Some(0));
        assert!(o.stdout.starts_with(b"PAR1") && o.stdout.ends_with(b"PAR1"), "{file}: {} bytes", o.stdout.len());
        assert_eq!(String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&from_csv.stderr), "{file}");
    }
    // No temporary file left behind.
    let written = [
        "csv.json",
        "out.csv",
        "school_census.parquet.json",
        "school_census.parquet.out",
        "school_census.polars.parquet.json",
        "school_census.polars.parquet.out",
        "school_census.zstd.parquet.json",
        "school_census.zstd.parquet.out",
    ];
    assert_eq!(files_in(&dir), written);
}

#[test]
fn nothing_goes_a_parquet_file_of_no_columns() {
    let dir = tmp("none");
    let out = dir.join("out.parquet");
    let o = gate(&data("school_census.parquet"), &["--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("columns: 0 of 10 go: none"));
    let (fields, rows, _) = read_back(&out);
    assert!(fields.is_empty() && rows.is_empty());

    // A file of no rows: a report of no rows and a file of none.
    let (batch, _) = people(0);
    let empty = dir.join("empty.parquet");
    write_parquet(&empty, &batch, 10);
    let o = gate(&empty, &["--out", out.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((r["rows_in"].as_u64(), r["rows_out"].as_u64()), (Some(0), Some(0)));
    assert!(read_back(&out).1.is_empty());
}

/// 20,000 rows in row groups of 3,000: a blocked special-category column, a column the
/// classifier knows by its values alone, consent as text (with nulls) and the data
/// processing agreement as a boolean column, both row facts.
fn people(rows: usize) -> (RecordBatch, String) {
    let forenames = ["Ann", "Bob", "Priya", "Oluwaseun"];
    let consent = |i: usize| match i % 5 {
        0..=2 => Some("given"),
        3 => Some("withdrawn"),
        _ => None,
    };
    let agreement = |i: usize| !i.is_multiple_of(7);
    let email: StringArray = (0..rows).map(|i| Some(format!("p{i}@example.org"))).collect();
    let forename: DictionaryArray<Int32Type> = (0..rows).map(|i| forenames[i % 4]).collect();
    let ethnicity: StringArray = (0..rows).map(|i| Some(["WBRI", "ABAN"][i % 2])).collect();
    let contact: StringArray = (0..rows).map(|i| Some(format!("c{i}@example.net"))).collect();
    let consents: StringArray = (0..rows).map(consent).collect();
    let agreements: BooleanArray = (0..rows).map(|i| Some(agreement(i))).collect();
    let batch = RecordBatch::try_from_iter([
        ("email_address", Arc::new(email) as ArrayRef),
        ("Forename", Arc::new(forename)),
        ("Ethnicity", Arc::new(ethnicity)),
        ("contact", Arc::new(contact)),
        ("consent", Arc::new(consents)),
        ("data_processing_agreement", Arc::new(agreements)),
    ])
    .unwrap();
    let mut csv = String::from("email_address,Forename,Ethnicity,contact,consent,data_processing_agreement\n");
    for i in 0..rows {
        csv += &format!("p{i}@example.org,{},{},c{i}@example.net,{},{}\n", forenames[i % 4], ["WBRI", "ABAN"][i % 2], consent(i).unwrap_or(""), agreement(i));
    }
    (batch, csv)
}

#[test]
fn many_row_groups_stream_and_decide_as_the_same_csv() {
    let dir = tmp("stream");
    let (batch, csv) = people(20_000);
    let (input, input_csv) = (dir.join("people.parquet"), dir.join("people.csv"));
    write_parquet(&input, &batch, 3000);
    std::fs::write(&input_csv, &csv).unwrap();
    let (out, report, out_csv, report_csv) = (dir.join("out.parquet"), dir.join("r.json"), dir.join("out.csv"), dir.join("rc.json"));
    for (file, out, report) in [(&input, &out, &report), (&input_csv, &out_csv, &report_csv)] {
        let o = gate(file, &["--out", out.to_str().unwrap(), "--report", report.to_str().unwrap(), "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(r, serde_json::from_slice::<serde_json::Value>(&std::fs::read(&report_csv).unwrap()).unwrap());

    let (fields, rows, _) = read_back(&out);
    let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, ["email_address", "Forename", "contact"], "{r:#}");
    // The kept columns keep their types: Forename is still a dictionary.
    assert_eq!(fields[1].data_type(), batch.schema().field(1).data_type());
    let col = |name: &str| r["columns"].as_array().unwrap().iter().find(|c| c["column"] == name).unwrap().clone();
    assert_eq!((col("contact")["category"].as_str(), col("contact")["classified_by"].as_str()), (Some("contact.email"), Some("values")));
    assert_eq!(col("Ethnicity")["status"], "blocked");
    assert_eq!(col("data_processing_agreement")["status"], "fact");
    // Rows go when consent is given and the agreement is in place, in file order.
    let expected: Vec<Vec<String>> = csv_rows(&csv)[1..]
        .iter()
        .filter(|r| r[4] == "given" && r[5] == "true")
        .map(|r| vec![r[0].clone(), r[1].clone(), r[3].clone()])
        .collect();
    assert_eq!(rows.len(), expected.len());
    assert_eq!(rows, expected);
    assert_eq!(csv_rows(&std::fs::read_to_string(&out_csv).unwrap())[1..], expected[..]);
    assert_eq!((r["rows_in"].as_u64(), r["rows_out"].as_u64()), (Some(20_000), Some(expected.len() as u64)));
    assert_eq!(r["row_groups"].as_array().unwrap().len(), 6);
    assert_eq!(ParquetRecordBatchReaderBuilder::try_new(File::open(&input).unwrap()).unwrap().metadata().num_row_groups(), 7);
}

/// The exit code and standard error of a gate that must fail, after checking it wrote nothing.
fn fails(dir: &Path, file: &Path) -> (Option<i32>, String) {
    let out = dir.join("out.parquet");
    let before = files_in(dir);
    let o = gate(file, &["--out", out.to_str().unwrap(), "--report", dir.join("r.json").to_str().unwrap()]);
    assert_eq!(files_in(dir), before, "{}: wrote something", file.display());
    (o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn bad_parquet_is_a_coded_error_and_nothing_is_written() {
    let dir = tmp("errors");
    let census = std::fs::read(data("school_census.parquet")).unwrap();

    let not_parquet = dir.join("census.parquet");
    std::fs::copy(data("school_census.csv"), &not_parquet).unwrap();
    let truncated = dir.join("truncated.parquet");
    std::fs::write(&truncated, &census[..census.len() / 2]).unwrap();
    // The footer intact, every page overwritten.
    let footer = u32::from_le_bytes(census[census.len() - 8..census.len() - 4].try_into().unwrap()) as usize;
    let mut pages = census.clone();
    let end = pages.len() - 8 - footer;
    pages[4..end].fill(0xA5);
    let corrupt = dir.join("corrupt.parquet");
    std::fs::write(&corrupt, &pages).unwrap();

    for (file, code) in [
        (not_parquet.clone(), "invalid_parquet (file)"),
        (truncated.clone(), "invalid_parquet (file)"),
        (corrupt.clone(), "invalid_parquet (file)"),
        (data("school_census.brotli.parquet"), "unsupported_codec (UPN): "),
        (data("consent_list.parquet"), "unsupported_type (consent): column \"consent\" carries fact \"consent\", but its type List("),
        (dir.join("no_such_file.parquet"), "unreadable_file (file)"),
    ] {
        let (exit, err) = fails(&dir, &file);
        let want = if code.starts_with("unreadable") { 4 } else { 5 };
        assert_eq!(exit, Some(want), "{}: {err}", file.display());
        assert!(err.starts_with(&format!("noticegate: {code}")), "{}: {err}", file.display());
    }
    let (_, err) = fails(&dir, &data("school_census.brotli.parquet"));
    assert!(err.contains("Brotli"), "{err}");

    // A column name that is not UTF-8: a file whose name bytes are changed in its footer.
    let named = dir.join("named.parquet");
    let batch = RecordBatch::try_from_iter([("email_address", Arc::new(StringArray::from(vec!["a@example.org"])) as ArrayRef), ("nameXX", Arc::new(StringArray::from(vec!["Ann"])))]).unwrap();
    write_parquet(&named, &batch, 10);
    let mut bytes = std::fs::read(&named).unwrap();
    let mut patched = 0;
    for i in 0..bytes.len() - 6 {
        if &bytes[i..i + 6] == b"nameXX" {
            bytes[i + 4..i + 6].copy_from_slice(&[0xFF, 0xFE]);
            patched += 1;
        }
    }
    assert!(patched > 0);
    std::fs::write(&named, &bytes).unwrap();
    let (exit, err) = fails(&dir, &named);
    assert_eq!(exit, Some(5), "{err}");
    assert!(err.starts_with("noticegate: invalid_utf8 (header)"), "{err}");

    // A row fact value the fact does not take, thousands of rows and two row groups in.
    let (batch, _) = people(20_000);
    let mut consent: Vec<Option<&str>> = batch.column(4).as_string::<i32>().iter().collect();
    consent[15_000] = Some("revoked");
    let columns: Vec<ArrayRef> = (0..6).map(|i| if i == 4 { Arc::new(StringArray::from(consent.clone())) as ArrayRef } else { batch.column(i).clone() }).collect();
    let bad = RecordBatch::try_new(Arc::new(Schema::new(batch.schema().fields().to_vec())), columns).unwrap();
    let revoked = dir.join("revoked.parquet");
    write_parquet(&revoked, &bad, 3000);
    let (exit, err) = fails(&dir, &revoked);
    assert_eq!(exit, Some(5), "{err}");
    assert!(err.starts_with("noticegate: invalid_fact_value (consent): row 15001: "), "{err}");
}

#[test]
fn every_codec_built_in_is_read() {
    let dir = tmp("codecs");
    let (batch, csv) = people(600);
    let expected: Vec<Vec<String>> = csv_rows(&csv)[1..].iter().filter(|r| r[4] == "given" && r[5] == "true").map(|r| vec![r[0].clone(), r[1].clone(), r[3].clone()]).collect();
    for (name, codec) in [("none", Compression::UNCOMPRESSED), ("snappy", Compression::SNAPPY), ("gzip", Compression::GZIP(GzipLevel::default())), ("lz4", Compression::LZ4), ("lz4_raw", Compression::LZ4_RAW), ("zstd", Compression::ZSTD(ZstdLevel::default()))] {
        let (input, out) = (dir.join(format!("{name}.parquet")), dir.join(format!("{name}.out.parquet")));
        write_compressed(&input, &batch, 250, codec);
        let o = gate(&input, &["--out", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(read_back(&out).1, expected, "{name}");
    }
}

/// pandas reads the gated file as the rows and columns that went: with the Python binding's
/// virtual environment (bindings-python/install.sh; CI has it), or `NOTICEGATE_PYTHON`.
#[test]
fn pandas_reads_the_gated_file() {
    let python = std::env::var_os("NOTICEGATE_PYTHON").map_or_else(|| Path::new(ROOT).join("bindings-python/.venv/bin/python"), PathBuf::from);
    if !python.exists() {
        eprintln!("skipped: {} is missing (bindings-python/install.sh)", python.display());
        return;
    }
    let dir = tmp("pandas");
    let out = dir.join("out.parquet");
    let o = gate(&data("school_census.parquet"), &["--facts", r#"{"data_processing_agreement":true}"#, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    // pyarrow's reader threads can abort the interpreter at exit after a read that succeeded
    // ("terminate called without an active exception", apache/arrow#34314, seen in CI): read on
    // the calling thread, so the exit status is the read's.
    let script = "import sys, pandas as pd; f = pd.read_parquet(sys.argv[1], use_threads=False); print(list(f.columns), f.values.tolist(), [str(t) for t in f.dtypes])";
    let o = std::process::Command::new(&python).args(["-c", script, out.to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{} / stdout: {}", String::from_utf8_lossy(&o.stderr), String::from_utf8_lossy(&o.stdout));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "['Forename', 'Surname'] [['Ann', 'Smith'], ['Oluwaseun', 'Adeyemi']] ['object', 'object']");
}
