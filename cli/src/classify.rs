//! `noticegate classify`: which data category a form field label or column name collects,
//! the candidates, and which words or values decided it (the same classifier the bindings
//! use). With `--value`, the values of one column; with `--csv`, every column of a CSV file
//! from its header and a sample of its rows, read together as one table (frame context: what
//! a row describes), as the gate reads them; `--frame` reads the labels so too.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use noticegate::classify::{Classification, Classifier, ClassifyError, Sample};

use crate::load_engine;

#[derive(clap::Args)]
pub struct Args {
    /// Field labels or column names, e.g. "Date of birth" dob email_address.
    #[arg(required_unless_present = "csv")]
    labels: Vec<OsString>,
    /// A value of the column (repeat for a sample); the recognisers confirm, overrule or
    /// supply the category. Needs exactly one label.
    #[arg(long = "value", value_name = "VALUE")]
    values: Vec<String>,
    /// Classify every column of a CSV file (header row, then rows) from its name and values.
    #[arg(long, value_name = "FILE", conflicts_with = "labels")]
    csv: Option<PathBuf>,
    /// The labels are the columns of one table: each is read in the context of all of them
    /// (what a row describes, e.g. a school by its URN). `--csv` always reads its columns so.
    #[arg(long)]
    frame: bool,
    /// Rows of the CSV file sampled per column.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    sample: usize,
    /// A lexicon file extending the built-in one (abbreviations, terms, qualifiers; see
    /// docs/classifier.md).
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
}

fn row(input: &str, result: Result<Classification, ClassifyError>) -> (String, bool) {
    match result {
        Ok(c) => {
            let mut v = serde_json::to_value(&c).expect("a classification serialises");
            v.as_object_mut().unwrap().insert("input".into(), input.into());
            (v.to_string(), true)
        }
        Err(e) => (serde_json::json!({"input": input, "error": {"code": e.code, "message": e.message}}).to_string(), false),
    }
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let engine = match load_engine(policies) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let owned;
    let classifier: &Classifier = match &args.lexicon {
        None => engine.classifier(),
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("noticegate: cannot read {}: {e}", path.display());
                    return crate::EXIT_IO;
                }
            };
            match Classifier::with_lexicons(engine.policy(), &[&text]) {
                Ok(c) => {
                    owned = c;
                    &owned
                }
                Err(e) => {
                    eprintln!("noticegate: {}: {} ({})", path.display(), e.message, e.code);
                    return crate::EXIT_POLICY_ERROR;
                }
            }
        }
    };
    let set = engine.policy();
    if !args.values.is_empty() && args.labels.len() != 1 {
        eprintln!("noticegate: --value needs exactly one label (the column's name)");
        return crate::EXIT_USAGE;
    }
    let mut results: Vec<(String, Result<Classification, ClassifyError>)> = Vec::new();
    let mut emit = |input: &str, result| results.push((input.to_string(), result));
    if let Some(path) = &args.csv {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("noticegate: cannot read {}: {e}", path.display());
                return crate::EXIT_IO;
            }
        };
        let records = parse_csv(&bytes, args.sample + 1);
        let Some((header, rows)) = records.split_first() else {
            eprintln!("noticegate: {} has no header row", path.display());
            return crate::EXIT_QUESTION_ERROR;
        };
        for (i, name) in header.iter().enumerate() {
            let shown = String::from_utf8_lossy(name).into_owned();
            let column: Vec<&[u8]> = rows.iter().map(|r| r.get(i).map(Vec::as_slice).unwrap_or(b"")).collect();
            let result = match std::str::from_utf8(name) {
                Err(_) => classifier.classify_bytes(set, name),
                Ok(name) => match column.iter().map(|v| std::str::from_utf8(v)).collect::<Result<Vec<&str>, _>>() {
                    Ok(texts) => {
                        let sample: Vec<Sample<'_>> = texts.iter().map(|t| Sample::Text(t)).collect();
                        classifier.classify_column(set, name, &sample)
                    }
                    Err(_) => Err(ClassifyError {
                        code: "invalid_utf8".into(),
                        message: format!("column \"{name}\" has values that are not UTF-8; convert the file to UTF-8"),
                    }),
                },
            };
            emit(&shown, result);
        }
    } else {
        for label in &args.labels {
            let shown = label.to_string_lossy().into_owned();
            let result = match label.to_str() {
                None => classifier.classify_bytes(set, label.as_encoded_bytes()),
                Some(name) if !args.values.is_empty() => {
                    let sample: Vec<Sample<'_>> = args.values.iter().map(|v| Sample::Text(v)).collect();
                    classifier.classify_column(set, name, &sample)
                }
                Some(name) => Ok(classifier.classify(set, name)),
            };
            emit(&shown, result);
        }
    }
    // A table's columns read together; a column in error leaves the table as read name by name
    // (its name or values might have been the evidence).
    if (args.csv.is_some() || args.frame) && results.iter().all(|(_, r)| r.is_ok()) {
        let names: Vec<&str> = results.iter().map(|(n, _)| n.as_str()).collect();
        let mut read: Vec<Classification> = results.iter().filter_map(|(_, r)| r.as_ref().ok().cloned()).collect();
        classifier.read_in_frame(set, &names, &mut read);
        for ((_, r), c) in results.iter_mut().zip(read) {
            *r = Ok(c);
        }
    }
    let mut out = String::new();
    let mut all_ok = true;
    for (input, result) in results {
        let (line, ok) = row(&input, result);
        out.push_str(&line);
        out.push('\n');
        all_ok &= ok;
    }
    let code = crate::print_out(&out);
    if code != crate::EXIT_OK {
        return code;
    }
    if all_ok {
        crate::EXIT_OK
    } else {
        crate::EXIT_QUESTION_ERROR
    }
}

/// RFC 4180 records (quoted fields, doubled quotes, CRLF or LF), at most `limit` of them.
/// Fields stay bytes: a name or value that is not UTF-8 is reported per column.
fn parse_csv(bytes: &[u8], limit: usize) -> Vec<Vec<Vec<u8>>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut records = Vec::new();
    let mut record: Vec<Vec<u8>> = Vec::new();
    let mut field = Vec::new();
    let mut quoted = false;
    let mut i = 0;
    while i < bytes.len() && records.len() < limit {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    field.push(b'"');
                    i += 1;
                } else {
                    quoted = false;
                }
            } else {
                field.push(b);
            }
        } else {
            match b {
                b'"' if field.is_empty() => quoted = true,
                b',' => record.push(std::mem::take(&mut field)),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
                b'\n' => {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                _ => field.push(b),
            }
        }
        i += 1;
    }
    if (!field.is_empty() || !record.is_empty()) && records.len() < limit {
        record.push(field);
        records.push(record);
    }
    records
}
