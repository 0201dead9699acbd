//! The classifier scored on a public labelled corpus (`tests/classifier/corpus.tsv`): real
//! column names and form labels, each naming the public schema or form it comes from, with
//! the category a data protection officer expects (or none).
//!
//! Scored twice: each name alone, and each item in its table (fifth field; the table's whole
//! header from `tables.tsv` when listed there, else its corpus items) as the gate classifies a
//! frame. Assertions: each score stays at or above its floor; no item whose expected category is
//! special category or criminal offence data is ever given an ordinary category, in either
//! mode (unclassified is allowed there: the gate blocks it); and the table only ever takes a
//! category away, never gives one or changes it. Run with `--nocapture` to see the
//! scores, per category, per source and per batch, and every miss.
//!
//! A line `# batch: NAME` starts a batch: the lines after it were added together, and are
//! scored apart. A batch added after a change to the classifier, and not tuned on, is the
//! honest measure of that change (docs/classifier.md).

use std::collections::BTreeMap;

use noticegate::classify::Classification;
use noticegate::Engine;

/// Accuracy floor of names alone on the batches first to fifth, just under the measured score
/// (see docs/classifier.md for the scores per batch, as found and after, and the misses; the
/// target is 97%).
const FLOOR: f64 = 0.955;

/// Accuracy floor of those batches' items read in their table (frame context), just under the
/// measured score.
const FRAMED_FLOOR: f64 = 0.970;

/// Batches added after the floors above, each with its own floors (name alone, in its table),
/// just under its score after the changes that learned from it. A held-out batch scores lower
/// than the batches the vocabulary was written against, by design; folding it into the floors
/// above would force either lowering them or tuning until the batch is no longer a fair test.
const LATER_BATCH_FLOORS: &[(&str, f64, f64)] =
    &[("sixth", 0.71, 0.71), ("seventh", 0.82, 0.83), ("eighth", 0.86, 0.86), ("ninth", 0.75, 0.75), ("tenth", 0.85, 0.85), ("twelfth", 0.68, 0.68)];

struct Row {
    name: String,
    expected: Option<String>,
    personal: bool,
    source: String,
    batch: String,
    table: Option<String>,
}

fn corpus() -> Vec<Row> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/classifier/corpus.tsv")).unwrap();
    let mut batch = "first".to_string();
    let mut rows = Vec::new();
    for l in text.lines() {
        if let Some(name) = l.strip_prefix("# batch:") {
            batch = name.trim().to_string();
        }
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        assert_eq!(f.len(), 5, "corpus line {l:?} must have 5 tab-separated fields");
        assert!(!f[3].trim().is_empty(), "corpus line {l:?} names no source");
        rows.push(Row {
            name: f[0].to_string(),
            expected: (f[1] != "-").then(|| f[1].to_string()),
            personal: match f[2] {
                "personal" => true,
                "not-personal" => false,
                other => panic!("third field must be personal or not-personal, got {other:?}"),
            },
            source: f[3].to_string(),
            batch: batch.clone(),
            table: (f[4] != "-").then(|| f[4].to_string()),
        });
    }
    rows
}

/// The full headers of `tables.tsv`: table -> its columns in order.
fn tables() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/classifier/tables.tsv")).unwrap();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (table, column) = l.split_once('\t').unwrap_or_else(|| panic!("tables.tsv line {l:?} must be table<TAB>column"));
        out.entry(table.to_string()).or_default().push(column.to_string());
    }
    out
}

/// Each item read in its table: the table's full header when `tables.tsv` lists it (which must
/// hold every corpus item of the table), else the table's corpus items; an item of no table
/// is read alone.
fn framed(engine: &Engine, rows: &[Row]) -> Vec<Classification> {
    let headers = tables();
    let mut by_table: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in rows {
        if let Some(t) = &r.table {
            by_table.entry(t).or_default().push(r.name.clone());
        }
    }
    let mut read: BTreeMap<(&str, &str), Classification> = BTreeMap::new();
    for (table, items) in &by_table {
        let frame: Vec<String> = match headers.get(*table) {
            Some(header) => {
                for item in items {
                    assert!(header.contains(item), "tables.tsv's {table} has no column {item:?}, a corpus item of that table");
                }
                header.clone()
            }
            None => items.clone(),
        };
        let names: Vec<&str> = frame.iter().map(String::as_str).collect();
        for (name, c) in frame.iter().zip(engine.classify_frame(&names)) {
            if items.contains(name) {
                read.insert((table, rows.iter().find(|r| &r.name == name && r.table.as_deref() == Some(*table)).unwrap().name.as_str()), c);
            }
        }
    }
    rows.iter().map(|r| match &r.table {
        Some(t) => read[&(t.as_str(), r.name.as_str())].clone(),
        None => engine.classify(&r.name),
    })
    .collect()
}

struct Score {
    right: usize,
    leaks: Vec<String>,
}

/// Scores one reading of the corpus, printing the tables (`--nocapture`) under `mode`.
fn score(engine: &Engine, rows: &[Row], read: &[Classification], mode: &str) -> Score {
    let set = engine.policy();
    let table = set.vocab.table(noticegate::VocabKind::Category);
    let sensitive = |id: &str| {
        table.entries.iter().find(|e| e.id == id).map(|e| e.special_category || e.criminal_offence).unwrap_or_else(|| panic!("unknown category {id}"))
    };
    let mut right = 0;
    let mut leaks = Vec::new();
    let mut misses = Vec::new();
    let mut per_category: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut per_source: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut per_batch: Vec<(String, u32, u32)> = Vec::new();
    let (mut sens_total, mut sens_right, mut sens_unclassified) = (0, 0, 0);
    for (r, c) in rows.iter().zip(read) {
        let ok = c.category == r.expected;
        let key = r.expected.clone().unwrap_or_else(|| "(none)".into());
        let e = per_category.entry(key).or_default();
        e.1 += 1;
        let s = per_source.entry(r.source.clone()).or_default();
        s.1 += 1;
        if per_batch.last().is_none_or(|b| b.0 != r.batch) {
            per_batch.push((r.batch.clone(), 0, 0));
        }
        let b = per_batch.last_mut().unwrap();
        b.2 += 1;
        if ok {
            right += 1;
            e.0 += 1;
            s.0 += 1;
            b.1 += 1;
        } else {
            misses.push(format!("[{}] {:?}: expected {:?}, got {:?} ({:?})", r.batch, r.name, r.expected, c.category, c.candidates.iter().map(|c| &c.category).collect::<Vec<_>>()));
        }
        if let Some(exp) = &r.expected {
            if sensitive(exp) {
                sens_total += 1;
                match &c.category {
                    Some(got) if got == exp => sens_right += 1,
                    Some(got) if !sensitive(got) => leaks.push(format!("{mode}: {:?}: expected {exp}, got ordinary {got}", r.name)),
                    Some(_) => {}
                    // Unclassified: the gate blocks it; flagged or not, it is counted apart.
                    None => sens_unclassified += 1,
                }
            }
        }
    }
    println!("\n===== {mode} =====");
    println!("corpus: {} items ({} not personal), {right} right: {:.1}%", rows.len(), rows.iter().filter(|r| !r.personal).count(), 100.0 * right as f64 / rows.len() as f64);
    println!("special category and criminal offence items: {sens_total}, {sens_right} right, {sens_unclassified} unclassified (blocked by a gate), {} given an ordinary category", leaks.len());
    for (name, a, b) in &per_batch {
        println!("batch {name}: {a}/{b} right: {:.1}%", 100.0 * *a as f64 / *b as f64);
    }
    println!("\nper expected category (right/total):");
    for (k, (a, b)) in &per_category {
        println!("  {k}: {a}/{b}");
    }
    println!("\nper source (right/total):");
    for (k, (a, b)) in &per_source {
        println!("  {a}/{b}  {k}");
    }
    println!("\nmisses:");
    for m in &misses {
        println!("  {m}");
    }
    Score { right, leaks }
}

#[test]
fn corpus_is_scored_above_the_floors_and_sensitive_items_are_never_ordinary() {
    let engine = Engine::builtin();
    let rows = corpus();
    assert!(rows.len() >= 500, "the corpus has {} items", rows.len());
    assert!(rows.iter().filter(|r| !r.personal).count() >= 60);
    let alone: Vec<Classification> = rows.iter().map(|r| engine.classify(&r.name)).collect();
    let in_table = framed(&engine, &rows);
    let a = score(&engine, &rows, &alone, "name alone");
    let f = score(&engine, &rows, &in_table, "in its table");
    println!("\nitems in a table: {}; the table changed {} readings:", rows.iter().filter(|r| r.table.is_some()).count(), alone.iter().zip(&in_table).filter(|(x, y)| x != y).count());
    for ((r, x), y) in rows.iter().zip(&alone).zip(&in_table) {
        if x != y {
            let note = y.decided_by.iter().find(|e| e.kind == "frame").map(|e| e.detail.as_str()).unwrap_or("");
            println!("  {:?} ({}): {:?} -> {:?}  {note}", r.name, r.table.as_deref().unwrap_or("-"), x.category, y.category);
        }
        // The table only takes a category away: never gives one, never changes one, never
        // clears a special category or criminal offence flag.
        assert!(y.category.is_none() || y.category == x.category, "{:?}: the table changed {:?} to {:?}", r.name, x.category, y.category);
        assert!(y.special_category >= x.special_category && y.criminal_offence >= x.criminal_offence, "{:?}: the table cleared a flag", r.name);
    }
    let leaks: Vec<&String> = a.leaks.iter().chain(&f.leaks).collect();
    assert!(leaks.is_empty(), "special category or criminal offence items given an ordinary category: {leaks:#?}");
    let later = |r: &Row| LATER_BATCH_FLOORS.iter().position(|(b, _, _)| r.batch.split_whitespace().next() == Some(b));
    let accuracy = |read: &[Classification], batch: Option<usize>| {
        let scored: Vec<bool> = rows.iter().zip(read).filter(|(r, _)| later(r) == batch).map(|(r, c)| c.category == r.expected).collect();
        assert!(!scored.is_empty(), "no corpus items in batch {batch:?}");
        scored.iter().filter(|&&ok| ok).count() as f64 / scored.len() as f64
    };
    let (alone_accuracy, framed_accuracy) = (accuracy(&alone, None), accuracy(&in_table, None));
    assert!(alone_accuracy >= FLOOR, "name alone: accuracy {:.1}% below the floor {:.1}%", 100.0 * alone_accuracy, 100.0 * FLOOR);
    assert!(framed_accuracy >= FRAMED_FLOOR, "in its table: accuracy {:.1}% below the floor {:.1}%", 100.0 * framed_accuracy, 100.0 * FRAMED_FLOOR);
    for (i, (batch, floor, framed_floor)) in LATER_BATCH_FLOORS.iter().enumerate() {
        let (alone_accuracy, framed_accuracy) = (accuracy(&alone, Some(i)), accuracy(&in_table, Some(i)));
        assert!(alone_accuracy >= *floor, "batch {batch}, name alone: accuracy {:.1}% below its floor {:.1}%", 100.0 * alone_accuracy, 100.0 * floor);
        assert!(framed_accuracy >= *framed_floor, "batch {batch}, in its table: accuracy {:.1}% below its floor {:.1}%", 100.0 * framed_accuracy, 100.0 * framed_floor);
    }
}
