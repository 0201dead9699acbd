//! The export gate: which columns of a table may go to a recipient, and which rows must stay.
//! One definition of "what may go", used by the CLI (`noticegate gate`) and the bindings.
//!
//! Columns -> categories (the classifier, or the caller's mapping) -> one share question per
//! data column and combination of row facts -> the columns and rows that may go, and a report
//! with verdicts, obligations and the notice's quotes.
//!
//! What lets a column through (fail closed):
//! - `permit`: yes.
//! - `conditional`: no. A conditional decision means a fact the obligations test was not
//!   stated; state it (`facts`, or a row fact column) and the decision becomes a permit or a
//!   deny. `GateOptions::pass_conditional` (the Python binding's historical `strict=False`)
//!   lets a conditional column through with its obligations in the report, but never a
//!   special-category or criminal offence column, and never on an obligation about a row
//!   fact (those rows are held back instead).
//! - `deny`, `not_stated`, and a column with no category (unclassified, or a tie): blocked.
//!
//! Row facts: a column whose name is a fact's id, label or alias (`consent`,
//! `national_data_opt_out`) supplies that fact per row; it gates rows and is never exported.
//! The engine is asked once per distinct combination of row fact values, never per row. A
//! column goes when some combination present in the rows permits it; a row goes when its
//! combination permits every column that goes. An unknown row fact (empty, null) is left out
//! of the question, so a rule that tests it cannot permit that row.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::ops::Deref;

use serde::Serialize;

use crate::classify::{Candidate, Classification, ClassifyError, Sample};
use crate::date::Date;
use crate::decision::{Decision, Obligation, QuestionError, Reason, Verdict};
use crate::engine::Engine;
use crate::frame_context::FrameColumn;
use crate::model::FactType;
use crate::question::{Ask, FactInput, Question};
use crate::syntax::VocabKind;

/// Why a gate or a form check could not be done. `code` is stable: the question error codes
/// (`unknown_name`, `ambiguous_name`, `invalid_field`, `missing_field`), the classifier's
/// (`invalid_utf8`, `mixed_types`), and `missing_column`, `duplicate_column`,
/// `invalid_fact_value`, `invalid_form`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct GateError {
    pub code: String,
    /// The option or field at fault (`service`, `facts.consent`, `columns`, a column name).
    pub field: Option<String>,
    pub message: String,
    pub suggestions: Vec<String>,
}

impl GateError {
    pub fn new(code: &str, field: Option<&str>, message: impl Into<String>) -> GateError {
        GateError { code: code.to_string(), field: field.map(str::to_string), message: message.into(), suggestions: Vec::new() }
    }
}

impl From<QuestionError> for GateError {
    fn from(e: QuestionError) -> GateError {
        let QuestionError { code, field, message, suggestions } = e;
        let code = serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        GateError { code, field, message, suggestions }
    }
}

/// What is being exported, to whom, and what is known about it.
#[derive(Clone, Debug, Default)]
pub struct GateOptions {
    /// The service (activity) the data was collected for: id, label or alias.
    pub service: String,
    /// Who receives the export.
    pub recipient: String,
    pub notice: Option<String>,
    pub basis: Option<String>,
    pub purpose: Option<String>,
    /// The date the export happens (default: today; callers without a clock pass it).
    pub as_of: Option<Date>,
    /// Facts that hold for the whole export.
    pub facts: BTreeMap<String, FactInput<'static>>,
    /// Column name -> category (id, label or alias), overriding the classifier.
    pub columns: BTreeMap<String, String>,
    /// Column name -> fact, for columns that carry a fact per row. `None`: every column
    /// whose name is a fact's id, label or alias.
    pub row_facts: Option<BTreeMap<String, String>>,
    /// Let conditional columns through with their obligations (see the module docs).
    pub pass_conditional: bool,
}

/// What the gate did with one column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnStatus {
    /// Goes: permitted.
    Allowed,
    /// Goes with obligations (only under `pass_conditional`).
    Conditional,
    /// Stays: deny, not stated, or conditional on facts not stated.
    Blocked,
    /// Stays: no category.
    Unclassified,
    /// A row fact: gates rows, never exported.
    Fact,
}

/// One column of the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnReport {
    pub column: String,
    pub status: ColumnStatus,
    /// The category's id (for a fact column, the fact's id).
    pub category: Option<String>,
    pub category_label: Option<String>,
    /// `name` (the classifier, from the column's name), `values` (its sample decided),
    /// `columns` (the caller's mapping) or `fact`.
    pub classified_by: Option<&'static str>,
    pub matched_words: Vec<String>,
    pub special_category: bool,
    pub criminal_offence: bool,
    pub verdict: Option<Verdict>,
    /// What must hold for the column to go (facts to state); row facts left out.
    pub obligations: Vec<Obligation>,
    /// The notice's rules and verbatim quotes that decided.
    pub reasons: Vec<Reason>,
    pub notes: Vec<String>,
    /// Unclassified columns: every category that fitted (a tie), best first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
    /// Rows this column could not go with (their facts do not permit it).
    pub rows_excluded: u64,
}

impl ColumnReport {
    /// Whether the column is in the output.
    pub fn passed(&self) -> bool {
        matches!(self.status, ColumnStatus::Allowed | ColumnStatus::Conditional)
    }
}

/// One distinct combination of row facts, its rows, and whether they go.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowGroup {
    /// Fact id -> the rows' value (null: unknown).
    pub facts: BTreeMap<String, Option<FactInput<'static>>>,
    pub rows: u64,
    pub kept: bool,
    /// The columns that go but may not go with these rows, with their verdicts.
    pub blocked_by: Vec<(String, Verdict)>,
}

/// Why, per column and per combination of row facts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GateReport {
    /// The service's and recipient's labels.
    pub service: String,
    pub recipient: String,
    pub columns: Vec<ColumnReport>,
    pub row_groups: Vec<RowGroup>,
    pub rows_in: u64,
    pub rows_out: u64,
    pub policy_hash: String,
}

impl GateReport {
    pub fn rows_held(&self) -> u64 {
        self.rows_in - self.rows_out
    }
    /// The columns that go, in input order.
    pub fn passed(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().filter(|c| c.passed()).map(|c| c.column.as_str())
    }
}

/// The gate's answer: which columns go (input indices, in order), which combinations of row
/// facts go (parallel to the combinations given), and the report.
#[derive(Clone, Debug, PartialEq)]
pub struct GateOutcome {
    pub passed: Vec<usize>,
    pub combination_ok: Vec<bool>,
    pub report: GateReport,
}

/// A combination of row fact values, one per fact column (`Gate::fact_columns` order);
/// `None` is unknown.
pub type RowFacts = Vec<Option<FactInput<'static>>>;

struct DataColumn {
    column: usize,
    category: String,
    label: String,
    by: &'static str,
    words: Vec<String>,
    special: bool,
    criminal: bool,
}

/// A fact column: which column, which fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactColumn {
    pub column: usize,
    pub fact: u32,
    pub fact_id: String,
}

/// A table's columns planned against a policy set: what each column is (data with a
/// category, a row fact, unclassified). Built once from the column names (and optionally a
/// sample of values); then `decide` per set of row fact combinations. `E` is how the gate
/// holds its engine: `&Engine`, or an owning handle where a borrow cannot live long enough
/// (a Python object holding the plan).
pub struct Gate<E> {
    engine: E,
    names: Vec<String>,
    data: Vec<DataColumn>,
    fact_columns: Vec<FactColumn>,
    unclassified: Vec<(usize, Classification)>,
    row_fact_ids: HashSet<String>,
    base: Question<'static>,
    pass_conditional: bool,
    service_label: String,
    recipient_label: String,
}

/// The value a text cell holds, as a sample for the classifier: `true`/`false` are booleans,
/// integers without a leading zero and decimals are numbers, empty is null, anything else is
/// text (so `07700 900123` and `0123` stay text, as identifiers are).
pub fn sample_of_text(text: &str) -> Sample<'_> {
    let t = text.trim();
    if t.is_empty() {
        return Sample::Null;
    }
    if t.eq_ignore_ascii_case("true") {
        return Sample::Bool(true);
    }
    if t.eq_ignore_ascii_case("false") {
        return Sample::Bool(false);
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    if !leading_zero && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && digits.len() <= 18 {
        if let Ok(i) = t.parse::<i64>() {
            return Sample::Int(i);
        }
    }
    if !leading_zero && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') && digits.bytes().filter(|&b| b == b'.').count() == 1 && digits.len() > 1 {
        if let Ok(f) = t.parse::<f64>() {
            return Sample::Float(f);
        }
    }
    Sample::Text(text)
}

impl<E: Deref<Target = Engine>> Gate<E> {
    /// Plans a table from its column names: each classified by name.
    pub fn new(engine: E, names: &[&str], options: &GateOptions) -> Result<Gate<E>, GateError> {
        Gate::plan(engine, names, None, options)
    }

    /// Plans a table from its column names and a sample of each column's values (parallel to
    /// `names`; the recognisers confirm, overrule or supply the category). A sample mixing
    /// text with numbers or booleans is a `mixed_types` error naming the column.
    pub fn with_samples(engine: E, names: &[&str], samples: &[Vec<Sample<'_>>], options: &GateOptions) -> Result<Gate<E>, GateError> {
        if samples.len() != names.len() {
            return Err(GateError::new("invalid_field", Some("samples"), format!("{} samples for {} columns", samples.len(), names.len())));
        }
        Gate::plan(engine, names, Some(samples), options)
    }

    fn plan(holder: E, names: &[&str], samples: Option<&[Vec<Sample<'_>>]>, options: &GateOptions) -> Result<Gate<E>, GateError> {
        let engine: &Engine = &holder;
        let set = engine.policy();
        let mut seen = HashSet::new();
        let mut dupes: Vec<&str> = names.iter().copied().filter(|n| !seen.insert(*n)).collect();
        if !dupes.is_empty() {
            dupes.sort_unstable();
            dupes.dedup();
            return Err(GateError::new("duplicate_column", Some("columns"), format!("the table has duplicate column names: {}", dupes.join(", "))));
        }
        let position = |name: &str, what: &str| -> Result<usize, GateError> {
            names.iter().position(|n| *n == name).ok_or_else(|| {
                let mut e = GateError::new(
                    "missing_column",
                    Some(what),
                    format!("{what} names column \"{name}\", which the table does not have; it has {}", names.join(", ")),
                );
                let mut close: Vec<(f64, &str)> = names.iter().map(|n| (strsim::jaro_winkler(n, name), *n)).filter(|(s, _)| *s > 0.8).collect();
                close.sort_by(|a, b| b.0.total_cmp(&a.0));
                e.suggestions = close.into_iter().take(3).map(|(_, n)| n.to_string()).collect();
                e
            })
        };
        // The names of the question, checked before any row is read.
        let activity = engine.resolve_service(options.notice.as_deref(), Some(&options.service))?;
        let recipient = engine.lookup(VocabKind::Recipient, &options.recipient, "recipient")?;
        if let Some(b) = &options.basis {
            engine.lookup(VocabKind::Basis, b, "basis")?;
        }
        if let Some(p) = &options.purpose {
            engine.lookup(VocabKind::Purpose, p, "purpose")?;
        }
        let mut base = Question::new(Ask::Share);
        base.service = Some(Cow::Owned(options.service.clone()));
        base.recipient = Some(Cow::Owned(options.recipient.clone()));
        base.notice = options.notice.clone().map(Cow::Owned);
        base.basis = options.basis.clone().map(Cow::Owned);
        base.purpose = options.purpose.clone().map(Cow::Owned);
        base.as_of = options.as_of;
        base.facts = options.facts.iter().map(|(k, v)| (Cow::Owned(k.clone()), v.clone())).collect();
        let stated = engine.resolve_facts(&base)?;

        // Row fact columns.
        let mut fact_columns = Vec::new();
        match &options.row_facts {
            Some(map) => {
                for (column, fact) in map {
                    let column = position(column, "row_facts")?;
                    let fact = engine.lookup(VocabKind::Fact, fact, "row_facts")?;
                    fact_columns.push(FactColumn { column, fact, fact_id: set.vocab.entry(VocabKind::Fact, fact).id.clone() });
                }
                fact_columns.sort_by_key(|f| f.column);
            }
            None => {
                for (column, name) in names.iter().enumerate() {
                    if options.columns.contains_key(*name) {
                        continue;
                    }
                    if let [fact] = set.vocab.table(VocabKind::Fact).names.lookup(name) {
                        fact_columns.push(FactColumn { column, fact: *fact, fact_id: set.vocab.entry(VocabKind::Fact, *fact).id.clone() });
                    }
                }
            }
        }
        for fc in &fact_columns {
            if stated.iter().any(|(f, _)| *f == fc.fact) {
                return Err(GateError::new(
                    "invalid_field",
                    Some("facts"),
                    format!("fact \"{}\" is given both in facts and by column \"{}\"", fc.fact_id, names[fc.column]),
                ));
            }
            if fact_columns.iter().filter(|o| o.fact == fc.fact).count() > 1 {
                return Err(GateError::new("invalid_field", Some("row_facts"), format!("fact \"{}\" is given by more than one column", fc.fact_id)));
            }
        }
        for column in options.columns.keys() {
            position(column, "columns")?;
        }

        // Classify the data columns, each by itself, then in the context of the table (what a
        // row describes, `frame_context`): a mapped column's category is evidence, a fact's none.
        let mut data = Vec::new();
        let mut read: Vec<(usize, Classification)> = Vec::new();
        let mut mapped: Vec<Option<String>> = vec![None; names.len()];
        for (i, name) in names.iter().enumerate() {
            if fact_columns.iter().any(|f| f.column == i) {
                continue;
            }
            if let Some(category) = options.columns.get(*name) {
                let c = engine.lookup(VocabKind::Category, category, &format!("columns.{name}"))?;
                let e = set.vocab.entry(VocabKind::Category, c);
                mapped[i] = Some(e.id.clone());
                data.push(DataColumn {
                    column: i,
                    category: e.id.clone(),
                    label: e.label.clone(),
                    by: "columns",
                    words: Vec::new(),
                    special: e.special_category,
                    criminal: e.criminal_offence,
                });
                continue;
            }
            let c = match samples {
                Some(samples) => engine.classify_column(name, &samples[i]).map_err(|e| classify_error(e, name))?,
                None => engine.classify(name),
            };
            read.push((i, c));
        }
        let mut columns: Vec<FrameColumn<'_>> = names.iter().zip(&mapped).map(|(name, c)| FrameColumn { name, category: c.as_deref(), matched_words: &[] }).collect();
        for (i, c) in &read {
            columns[*i] = FrameColumn { name: names[*i], category: c.category.as_deref(), matched_words: &c.matched_words };
        }
        let context = engine.classifier().frame_context(set, &columns);
        let mut unclassified = Vec::new();
        for (i, mut c) in read {
            engine.classifier().apply_frame(&context, names[i], &mut c);
            match &c.category {
                Some(category) => {
                    let by = match &c.values {
                        Some(v) if v.category.as_deref() == Some(category) && c.matched_words.is_empty() => "values",
                        _ => "name",
                    };
                    data.push(DataColumn {
                        column: i,
                        category: category.clone(),
                        label: c.label.clone().unwrap_or_else(|| category.clone()),
                        by,
                        words: c.matched_words.clone(),
                        special: c.special_category,
                        criminal: c.criminal_offence,
                    });
                }
                None => unclassified.push((i, c)),
            }
        }
        data.sort_by_key(|d| d.column);
        let row_fact_ids = fact_columns.iter().map(|f| f.fact_id.clone()).collect();
        let service_label = set.activities[activity as usize].label.clone();
        let recipient_label = set.vocab.entry(VocabKind::Recipient, recipient).label.clone();
        Ok(Gate {
            engine: holder,
            names: names.iter().map(|n| n.to_string()).collect(),
            data,
            fact_columns,
            unclassified,
            row_fact_ids,
            base,
            pass_conditional: options.pass_conditional,
            service_label,
            recipient_label,
        })
    }

    /// The engine the gate asks.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The columns that carry row facts, in column order.
    pub fn fact_columns(&self) -> &[FactColumn] {
        &self.fact_columns
    }

    /// The column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Reads a row fact from a text cell (CSV): empty, `null`, `NA` or `N/A` are unknown; yes/no
    /// facts take `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`; enum facts one of the fact's
    /// values; numbers and dates (YYYY-MM-DD) as written. Anything else is an
    /// `invalid_fact_value` error naming the column and the values the fact takes.
    pub fn fact_from_text(&self, index: usize, text: &str) -> Result<Option<FactInput<'static>>, GateError> {
        let fc = &self.fact_columns[index];
        let t = text.trim();
        if t.is_empty() || ["null", "na", "n/a", "none"].iter().any(|u| t.eq_ignore_ascii_case(u)) {
            return Ok(None);
        }
        let entry = self.engine.policy().vocab.entry(VocabKind::Fact, fc.fact);
        let column = &self.names[fc.column];
        let bad = |expected: String| {
            GateError::new(
                "invalid_fact_value",
                Some(column),
                format!("column \"{column}\" carries fact \"{}\", which must be {expected}; found \"{t}\"", fc.fact_id),
            )
        };
        match entry.fact_type.as_ref() {
            Some(FactType::Bool) => match t.to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "t" => Ok(Some(FactInput::Bool(true))),
                "false" | "no" | "n" | "0" | "f" => Ok(Some(FactInput::Bool(false))),
                _ => Err(bad("true or false (yes/no, 1/0), or empty when unknown".into())),
            },
            Some(FactType::Enum(values)) => match self.engine.enum_value(fc.fact, t) {
                Ok(i) => Ok(Some(FactInput::Text(Cow::Owned(values[i as usize].clone())))),
                Err(_) => Err(bad(format!("one of {}", values.join(", ")))),
            },
            Some(FactType::Number) => t.parse::<f64>().map(|n| Some(FactInput::Number(n))).map_err(|_| bad("a number".into())),
            Some(FactType::Date) => match Date::parse(t) {
                Some(_) => Ok(Some(FactInput::Text(Cow::Owned(t.to_string())))),
                None => Err(bad("a date written YYYY-MM-DD".into())),
            },
            None => Err(bad("a value".into())),
        }
    }

    fn ok(&self, column: &DataColumn, d: &Decision) -> bool {
        match d.verdict {
            Verdict::Permit => true,
            Verdict::Conditional => {
                self.pass_conditional && !column.special && !column.criminal && !d.obligations.iter().any(|o| self.row_fact_ids.contains(&o.fact))
            }
            Verdict::Deny | Verdict::NotStated => false,
        }
    }

    /// Decides the columns and rows: `combinations` are the distinct combinations of row
    /// facts present, each with its number of rows (a table without fact columns passes one
    /// empty combination with its row count). Asks the engine once per (data column,
    /// combination).
    pub fn decide(&self, combinations: &[(RowFacts, u64)]) -> Result<GateOutcome, GateError> {
        self.decide_inner(combinations, None)
    }

    /// As `decide`, with the columns that go fixed beforehand (`columns`: input indices, an
    /// earlier outcome's `passed`). A stream fixes its columns before it sees a row (from
    /// every combination its row facts can take, each counted once), then counts the rows it
    /// meets: a row goes when its combination permits every one of those columns.
    pub fn decide_for_columns(&self, combinations: &[(RowFacts, u64)], columns: &[usize]) -> Result<GateOutcome, GateError> {
        if let Some(&bad) = columns.iter().find(|&&c| !self.data.iter().any(|d| d.column == c)) {
            let what = self.names.get(bad).map_or_else(|| format!("column {bad}"), |n| format!("column \"{n}\""));
            return Err(GateError::new("invalid_field", Some("columns"), format!("{what} is not a data column that can go")));
        }
        self.decide_inner(combinations, Some(columns))
    }

    fn decide_inner(&self, combinations: &[(RowFacts, u64)], fixed: Option<&[usize]>) -> Result<GateOutcome, GateError> {
        let empty = [(Vec::new(), 0u64)];
        let combos: &[(RowFacts, u64)] = if combinations.is_empty() { &empty } else { combinations };
        let rows_in: u64 = combos.iter().map(|c| c.1).sum();
        let mut questions = Vec::with_capacity(combos.len() * self.data.len());
        for (values, _) in combos {
            if values.len() != self.fact_columns.len() {
                return Err(GateError::new(
                    "invalid_field",
                    Some("row_facts"),
                    format!("a combination has {} values for {} fact columns", values.len(), self.fact_columns.len()),
                ));
            }
            for d in &self.data {
                let mut q = self.base.clone();
                q.category = Some(Cow::Borrowed(d.category.as_str()));
                for (fc, v) in self.fact_columns.iter().zip(values) {
                    if let Some(v) = v {
                        q.facts.insert(Cow::Borrowed(fc.fact_id.as_str()), v.clone());
                    }
                }
                questions.push(q);
            }
        }
        let n = self.data.len();
        let mut decisions: Vec<Decision> = Vec::with_capacity(questions.len());
        for answer in self.engine.decide_many(&questions) {
            decisions.push(answer.map_err(|mut e| {
                // A row fact's value the fact does not have names the column it came from.
                if let Some(fc) = e.field.as_deref().and_then(|f| f.strip_prefix("facts.")).and_then(|f| self.fact_columns.iter().find(|c| c.fact_id == f)) {
                    e.field = Some(self.names[fc.column].clone());
                }
                GateError::from(e)
            })?);
        }
        let k = combos.len();
        let dec = |j: usize, i: usize| &decisions[j * n + i];
        let oks: Vec<Vec<bool>> = (0..k).map(|j| (0..n).map(|i| self.ok(&self.data[i], dec(j, i))).collect()).collect();
        // A column goes when a combination present in the rows may carry it (an empty table:
        // when the one combination may).
        let kept: Vec<usize> = match fixed {
            Some(columns) => (0..n).filter(|&i| columns.contains(&self.data[i].column)).collect(),
            None => (0..n).filter(|&i| (0..k).any(|j| oks[j][i] && (combos[j].1 > 0 || rows_in == 0))).collect(),
        };
        let combination_ok: Vec<bool> = (0..k).map(|j| kept.iter().all(|&i| oks[j][i])).collect();
        let rows_out = if n == 0 { rows_in } else { combos.iter().zip(&combination_ok).filter(|(_, ok)| **ok).map(|(c, _)| c.1).sum() };
        let mut by_count: Vec<usize> = (0..k).collect();
        by_count.sort_by_key(|&j| std::cmp::Reverse(combos[j].1));

        let set = self.engine.policy();
        let mut reports: Vec<Option<ColumnReport>> = vec![None; self.names.len()];
        for (i, d) in self.data.iter().enumerate() {
            let passed = kept.contains(&i);
            // The combinations to cite, largest first: for a column that goes, those whose rows
            // go (else those it may go with); for one that stays, all.
            let mut among: Vec<usize> = by_count.iter().copied().filter(|&j| !passed || combination_ok[j]).collect();
            if among.is_empty() {
                among = by_count.iter().copied().filter(|&j| !passed || oks[j][i]).collect();
            }
            let j = if passed { among.iter().copied().find(|&j| dec(j, i).verdict == Verdict::Conditional).unwrap_or(among[0]) } else { among[0] };
            let decision = dec(j, i);
            let status = match (passed, decision.verdict) {
                (true, Verdict::Conditional) => ColumnStatus::Conditional,
                (true, _) => ColumnStatus::Allowed,
                (false, _) => ColumnStatus::Blocked,
            };
            let rows_excluded = if passed { (0..k).filter(|&j| !oks[j][i]).map(|j| combos[j].1).sum() } else { 0 };
            reports[d.column] = Some(ColumnReport {
                column: self.names[d.column].clone(),
                status,
                category: Some(d.category.clone()),
                category_label: Some(d.label.clone()),
                classified_by: Some(d.by),
                matched_words: d.words.clone(),
                special_category: d.special || decision.special_category == Some(true),
                criminal_offence: d.criminal || decision.criminal_offence == Some(true),
                verdict: Some(decision.verdict),
                obligations: decision.obligations.iter().filter(|o| !self.row_fact_ids.contains(&o.fact)).cloned().collect(),
                reasons: decision.reasons.clone(),
                notes: decision.notes.clone(),
                candidates: Vec::new(),
                rows_excluded,
            });
        }
        for (column, c) in &self.unclassified {
            let mut notes = vec!["No category matches this column's name; map it to a category (columns) or rename it.".to_string()];
            if let Some(frame) = c.decided_by.iter().find(|e| e.kind == "frame") {
                notes[0] = format!("{}; if it is a person's, map it to a category (columns).", frame.detail);
            } else if c.candidates.len() > 1 {
                notes[0] = "More than one category fits this column's name equally; map it to one (columns).".to_string();
            }
            reports[*column] = Some(ColumnReport {
                column: self.names[*column].clone(),
                status: ColumnStatus::Unclassified,
                category: None,
                category_label: None,
                classified_by: None,
                matched_words: Vec::new(),
                special_category: c.special_category,
                criminal_offence: c.criminal_offence,
                verdict: None,
                obligations: Vec::new(),
                reasons: Vec::new(),
                notes,
                candidates: c.candidates.clone(),
                rows_excluded: 0,
            });
        }
        for fc in &self.fact_columns {
            let entry = set.vocab.entry(VocabKind::Fact, fc.fact);
            reports[fc.column] = Some(ColumnReport {
                column: self.names[fc.column].clone(),
                status: ColumnStatus::Fact,
                category: Some(fc.fact_id.clone()),
                category_label: Some(entry.label.clone()),
                classified_by: Some("fact"),
                matched_words: Vec::new(),
                special_category: false,
                criminal_offence: false,
                verdict: None,
                obligations: Vec::new(),
                reasons: Vec::new(),
                notes: vec!["A row fact: gates rows, never exported.".to_string()],
                candidates: Vec::new(),
                rows_excluded: 0,
            });
        }
        let mut row_groups = Vec::new();
        if !self.fact_columns.is_empty() {
            for (j, (values, rows)) in combos.iter().enumerate() {
                row_groups.push(RowGroup {
                    facts: self.fact_columns.iter().zip(values).map(|(fc, v)| (fc.fact_id.clone(), v.clone())).collect(),
                    rows: *rows,
                    kept: combination_ok[j],
                    blocked_by: kept.iter().filter(|&&i| !oks[j][i]).map(|&i| (self.names[self.data[i].column].clone(), dec(j, i).verdict)).collect(),
                });
            }
        }
        let mut passed: Vec<usize> = kept.iter().map(|&i| self.data[i].column).collect();
        passed.sort_unstable();
        Ok(GateOutcome {
            passed,
            combination_ok,
            report: GateReport {
                service: self.service_label.clone(),
                recipient: self.recipient_label.clone(),
                columns: reports.into_iter().map(|r| r.expect("every column is data, fact or unclassified")).collect(),
                row_groups,
                rows_in,
                rows_out,
                policy_hash: self.engine.policy_hash().to_string(),
            },
        })
    }
}

fn classify_error(e: ClassifyError, column: &str) -> GateError {
    GateError::new(&e.code, Some(column), e.message)
}

impl Engine {
    /// Gates a table by its column names alone: which columns may go (see `gate`). Rows
    /// are counted as `rows` with no row facts; a table with fact columns needs `Gate`.
    pub fn gate_columns(&self, names: &[&str], rows: u64, options: &GateOptions) -> Result<GateOutcome, GateError> {
        let gate = Gate::new(self, names, options)?;
        if !gate.fact_columns().is_empty() {
            // Every row's facts unknown: fail closed for every rule that tests them.
            let unknown = vec![None; gate.fact_columns().len()];
            return gate.decide(&[(unknown, rows)]);
        }
        gate.decide(&[(Vec::new(), rows)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(service: &str, recipient: &str) -> GateOptions {
        GateOptions { service: service.into(), recipient: recipient.into(), as_of: Date::parse("2026-11-23"), ..GateOptions::default() }
    }

    fn column<'a>(o: &'a GateOutcome, name: &str) -> &'a ColumnReport {
        o.report.columns.iter().find(|c| c.column == name).unwrap()
    }

    #[test]
    fn sample_of_text_keeps_identifiers_text() {
        assert_eq!(sample_of_text("07700 900123"), Sample::Text("07700 900123"));
        assert_eq!(sample_of_text("0123"), Sample::Text("0123"));
        assert_eq!(sample_of_text("12"), Sample::Int(12));
        assert_eq!(sample_of_text("1.5"), Sample::Float(1.5));
        assert_eq!(sample_of_text("TRUE"), Sample::Bool(true));
        assert_eq!(sample_of_text(" "), Sample::Null);
        assert_eq!(sample_of_text("1.2.3"), Sample::Text("1.2.3"));
    }

    #[test]
    fn unknown_service_and_recipient_are_errors_with_suggestions() {
        let e = Gate::new(Engine::builtin(), &["email"], &options("Comunity Directory", "PCG UK")).err().unwrap();
        assert_eq!((e.code.as_str(), e.field.as_deref()), ("unknown_name", Some("service")));
        assert!(!e.suggestions.is_empty());
        let e = Gate::new(Engine::builtin(), &["email"], &options("Community Directory", "Nobody Ltd")).err().unwrap();
        assert_eq!(e.field.as_deref(), Some("recipient"));
    }

    #[test]
    fn duplicate_and_missing_columns_are_errors() {
        let e = Gate::new(Engine::builtin(), &["email", "email"], &options("Community Directory", "PCG UK")).err().unwrap();
        assert_eq!(e.code, "duplicate_column");
        let mut o = options("Community Directory", "PCG UK");
        o.columns.insert("emial".into(), "Email address".into());
        let e = Gate::new(Engine::builtin(), &["email"], &o).err().unwrap();
        assert_eq!(e.code, "missing_column");
        assert_eq!(e.suggestions, ["email"]);
    }

    #[test]
    fn only_permits_go_conditional_blocks_unless_its_facts_are_stated() {
        let engine = Engine::builtin();
        let names = ["email_address", "favourite_colour"];
        let o = engine.gate_columns(&names, 10, &options("Community Directory", "PCG UK")).unwrap();
        let email = column(&o, "email_address");
        assert_eq!(email.verdict, Some(Verdict::Conditional));
        assert_eq!(email.status, ColumnStatus::Blocked);
        assert!(!email.obligations.is_empty());
        assert!(!email.reasons.is_empty() && !email.reasons[0].quote.is_empty());
        assert_eq!(column(&o, "favourite_colour").status, ColumnStatus::Unclassified);
        assert!(o.passed.is_empty());

        // The obligations stated as met: a permit, and the column goes.
        let mut opts = options("Community Directory", "PCG UK");
        opts.facts.insert("consent".into(), FactInput::Text("given".into()));
        opts.facts.insert("data_processing_agreement".into(), FactInput::Bool(true));
        let o = engine.gate_columns(&names, 10, &opts).unwrap();
        assert_eq!(column(&o, "email_address").status, ColumnStatus::Allowed);
        assert_eq!(o.passed, [0]);
        assert_eq!((o.report.rows_in, o.report.rows_out), (10, 10));

        // The Python binding's non-strict mode: conditional goes, obligations reported.
        let mut opts = options("Community Directory", "PCG UK");
        opts.pass_conditional = true;
        let o = engine.gate_columns(&names, 10, &opts).unwrap();
        assert_eq!(column(&o, "email_address").status, ColumnStatus::Conditional);
        assert_eq!(o.passed, [0]);
    }

    #[test]
    fn unclassified_and_special_category_never_go_without_a_permit() {
        let engine = Engine::builtin();
        let mut opts = options("Community Directory", "PCG UK");
        opts.pass_conditional = true;
        let names = ["ethnicity", "religion", "health_condition", "criminal_convictions", "x1"];
        let o = engine.gate_columns(&names, 5, &opts).unwrap();
        for c in &o.report.columns {
            if c.passed() {
                assert_eq!(c.verdict, Some(Verdict::Permit), "{c:?}");
            }
            if c.special_category || c.criminal_offence {
                assert_ne!(c.status, ColumnStatus::Conditional, "{c:?}");
            }
        }
        assert_eq!(column(&o, "x1").status, ColumnStatus::Unclassified);
    }

    #[test]
    fn row_fact_columns_gate_rows_and_are_never_exported() {
        let engine = Engine::builtin();
        let mut opts = options("Community Directory", "PCG UK");
        opts.facts.insert("data_processing_agreement".into(), FactInput::Bool(true));
        let gate = Gate::new(engine, &["email_address", "consent"], &opts).unwrap();
        assert_eq!(gate.fact_columns().len(), 1);
        assert_eq!(gate.fact_columns()[0].fact_id, "consent");
        let given = gate.fact_from_text(0, "given").unwrap();
        let withdrawn = gate.fact_from_text(0, "Withdrawn").unwrap();
        assert_eq!(gate.fact_from_text(0, "").unwrap(), None);
        let e = gate.fact_from_text(0, "revoked").unwrap_err();
        assert_eq!((e.code.as_str(), e.field.as_deref()), ("invalid_fact_value", Some("consent")));
        let o = gate.decide(&[(vec![given], 7), (vec![withdrawn], 2), (vec![None], 1)]).unwrap();
        assert_eq!(o.passed, [0]);
        assert_eq!(o.combination_ok, [true, false, false]);
        assert_eq!((o.report.rows_in, o.report.rows_out), (10, 7));
        assert_eq!(column(&o, "consent").status, ColumnStatus::Fact);
        assert_eq!(column(&o, "email_address").status, ColumnStatus::Allowed);
        assert_eq!(column(&o, "email_address").rows_excluded, 3);
        assert_eq!(o.report.row_groups.len(), 3);
        assert_eq!(o.report.row_groups[1].blocked_by[0].0, "email_address");
    }

    #[test]
    fn columns_fixed_before_the_rows_keep_and_drop_rows_by_them() {
        let engine = Engine::builtin();
        let mut opts = options("Community Directory", "PCG UK");
        opts.facts.insert("data_processing_agreement".into(), FactInput::Bool(true));
        let gate = Gate::new(engine, &["email_address", "consent"], &opts).unwrap();
        let given = gate.fact_from_text(0, "given").unwrap();
        let withdrawn = gate.fact_from_text(0, "withdrawn").unwrap();
        // Only withdrawn rows: on its own the email column would stay; fixed, it goes and
        // those rows stay behind.
        let alone = gate.decide(&[(vec![withdrawn.clone()], 4)]).unwrap();
        assert!(alone.passed.is_empty());
        let fixed = gate.decide_for_columns(&[(vec![withdrawn.clone()], 4), (vec![given.clone()], 0)], &[0]).unwrap();
        assert_eq!(fixed.passed, [0]);
        assert_eq!(fixed.combination_ok, [false, true]);
        assert_eq!((fixed.report.rows_in, fixed.report.rows_out), (4, 0));
        assert_eq!(column(&fixed, "email_address").rows_excluded, 4);
        let e = gate.decide_for_columns(&[(vec![given], 1)], &[1]).unwrap_err();
        assert_eq!((e.code.as_str(), e.field.as_deref()), ("invalid_field", Some("columns")));
    }

    #[test]
    fn a_fact_given_twice_is_an_error() {
        let mut opts = options("Community Directory", "PCG UK");
        opts.facts.insert("consent".into(), FactInput::Text("given".into()));
        let e = Gate::new(Engine::builtin(), &["email_address", "consent"], &opts).err().unwrap();
        assert_eq!(e.code, "invalid_field");
    }

    #[test]
    fn samples_decide_and_mixed_types_are_errors() {
        let engine = Engine::builtin();
        let opts = options("Community Directory", "PCG UK");
        let samples = vec![vec![Sample::Text("a@example.org"), Sample::Text("b@example.org")]];
        let gate = Gate::with_samples(engine, &["contact"], &samples, &opts).unwrap();
        let o = gate.decide(&[(Vec::new(), 2)]).unwrap();
        assert_eq!(column(&o, "contact").category.as_deref(), Some("contact.email"));
        let mixed = vec![vec![Sample::Int(12), Sample::Text("twelve")]];
        let e = Gate::with_samples(engine, &["age"], &mixed, &opts).err().unwrap();
        assert_eq!((e.code.as_str(), e.field.as_deref()), ("mixed_types", Some("age")));
    }

    #[test]
    fn a_mapping_overrides_the_classifier() {
        let mut opts = options("Community Directory", "PCG UK");
        opts.columns.insert("col_7".into(), "Email address".into());
        let o = Engine::builtin().gate_columns(&["col_7"], 1, &opts).unwrap();
        assert_eq!(column(&o, "col_7").classified_by, Some("columns"));
        assert_eq!(column(&o, "col_7").category.as_deref(), Some("contact.email"));
    }
}
