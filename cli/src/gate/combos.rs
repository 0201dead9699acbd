//! The distinct combinations of row facts in a file, and how many rows carry each. Rows are
//! matched by the raw bytes of their fact cells (no work for a combination seen before); a
//! new raw combination is read into facts by core (`Gate::fact_from_text`) and merged with
//! an earlier one of the same value, so `yes` and `true` are one combination.

use std::collections::HashMap;

use noticegate::gate::RowFacts;

use super::Failure;

#[derive(Default)]
pub struct Combos {
    values: Vec<RowFacts>,
    counts: Vec<u64>,
    by_value: HashMap<String, usize>,
    by_raw: HashMap<Vec<u8>, usize>,
}

/// Appends one fact cell to a row's raw key, its length first, so no two rows of different
/// cells share a key.
pub fn push_cell(raw: &mut Vec<u8>, cell: &[u8]) {
    raw.extend_from_slice(&(cell.len() as u64).to_le_bytes());
    raw.extend_from_slice(cell);
}

impl Combos {
    /// The index of the combination whose fact cells are `raw` (`push_cell` each); `read`
    /// turns the cells into facts the first time these bytes are seen.
    pub fn find(&mut self, raw: &[u8], read: impl FnOnce() -> Result<RowFacts, Failure>) -> Result<usize, Failure> {
        if let Some(&j) = self.by_raw.get(raw) {
            return Ok(j);
        }
        let values = read()?;
        let key = serde_json::to_string(&values).expect("facts serialise");
        let next = self.values.len();
        let j = *self.by_value.entry(key).or_insert(next);
        if j == next {
            self.values.push(values);
            self.counts.push(0);
        }
        self.by_raw.insert(raw.to_vec(), j);
        Ok(j)
    }

    /// Counts `rows` more rows of combination `j`.
    pub fn count(&mut self, j: usize, rows: u64) {
        self.counts[j] += rows;
    }

    /// Every combination with its rows, for core's `decide`: a file without rows has one,
    /// every fact unknown, with no rows.
    pub fn given(&self, fact_columns: usize) -> Vec<(RowFacts, u64)> {
        if self.values.is_empty() {
            return vec![(vec![None; fact_columns], 0)];
        }
        self.values.iter().cloned().zip(self.counts.iter().copied()).collect()
    }
}
