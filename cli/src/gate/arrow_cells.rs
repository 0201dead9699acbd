//! The cells of an Arrow column as the gate reads them: a value of the classifier's sample
//! (typed, as the file declares it), or the text of a row fact that core's
//! `Gate::fact_from_text` reads, the one reading a CSV cell gets. Strings (plain, large, view,
//! dictionary-encoded), booleans, integers, floats and dates are read; other types are not.

use std::fmt::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type};
use arrow_array::Array;
use arrow_schema::DataType;
use noticegate::classify::Sample;
use noticegate::Date;

/// One cell. Dates are days since 1970-01-01.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(i32),
}

/// Whether cells of this type can be read (a dictionary by its values' type).
pub fn readable(t: &DataType) -> bool {
    use DataType::*;
    match t {
        Dictionary(_, values) => !matches!(**values, Dictionary(..)) && readable(values),
        Utf8 | LargeUtf8 | Utf8View | Boolean | Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 | Float32 | Float64 | Date32 | Date64 | Null => true,
        _ => false,
    }
}

/// A column of one record batch, ready to be read row by row.
pub struct Column<'a> {
    array: &'a dyn Array,
    /// A dictionary's rows as indices into its values.
    keys: Option<Vec<usize>>,
    values: &'a dyn Array,
}

impl<'a> Column<'a> {
    /// `None` when the column's type is not `readable`.
    pub fn new(array: &'a dyn Array) -> Option<Column<'a>> {
        if !readable(array.data_type()) {
            return None;
        }
        Some(match array.data_type() {
            DataType::Dictionary(..) => {
                let dict = array.as_any_dictionary();
                Column { array, keys: Some(dict.normalized_keys()), values: dict.values().as_ref() }
            }
            _ => Column { array, keys: None, values: array },
        })
    }

    pub fn len(&self) -> usize {
        self.array.len()
    }

    pub fn cell(&self, row: usize) -> Cell<'a> {
        if self.array.is_null(row) {
            return Cell::Null;
        }
        let i = self.keys.as_ref().map_or(row, |k| k[row]);
        let v = self.values;
        if v.is_null(i) {
            return Cell::Null;
        }
        match v.data_type() {
            DataType::Utf8 => Cell::Text(v.as_string::<i32>().value(i)),
            DataType::LargeUtf8 => Cell::Text(v.as_string::<i64>().value(i)),
            DataType::Utf8View => Cell::Text(v.as_string_view().value(i)),
            DataType::Boolean => Cell::Bool(v.as_boolean().value(i)),
            DataType::Int8 => Cell::Int(v.as_primitive::<Int8Type>().value(i).into()),
            DataType::Int16 => Cell::Int(v.as_primitive::<Int16Type>().value(i).into()),
            DataType::Int32 => Cell::Int(v.as_primitive::<Int32Type>().value(i).into()),
            DataType::Int64 => Cell::Int(v.as_primitive::<Int64Type>().value(i)),
            DataType::UInt8 => Cell::Int(v.as_primitive::<UInt8Type>().value(i).into()),
            DataType::UInt16 => Cell::Int(v.as_primitive::<UInt16Type>().value(i).into()),
            DataType::UInt32 => Cell::Int(v.as_primitive::<UInt32Type>().value(i).into()),
            DataType::UInt64 => {
                let n = v.as_primitive::<UInt64Type>().value(i);
                i64::try_from(n).map_or(Cell::Float(n as f64), Cell::Int)
            }
            DataType::Float32 => float(v.as_primitive::<Float32Type>().value(i).into()),
            DataType::Float64 => float(v.as_primitive::<Float64Type>().value(i)),
            DataType::Date32 => Cell::Date(v.as_primitive::<arrow_array::types::Date32Type>().value(i)),
            DataType::Date64 => Cell::Date(v.as_primitive::<arrow_array::types::Date64Type>().value(i).div_euclid(86_400_000) as i32),
            _ => Cell::Null,
        }
    }
}

/// NaN is pandas' missing value.
fn float(f: f64) -> Cell<'static> {
    if f.is_nan() {
        Cell::Null
    } else {
        Cell::Float(f)
    }
}

impl Cell<'_> {
    /// The cell's text as a CSV file would hold it (a null as nothing).
    pub fn write_text(&self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = match self {
            Cell::Null => Ok(()),
            Cell::Text(t) => {
                out.push_str(t);
                Ok(())
            }
            Cell::Int(i) => write!(out, "{i}"),
            Cell::Float(f) => write!(out, "{f}"),
            Cell::Bool(b) => write!(out, "{b}"),
            Cell::Date(d) => write!(out, "{}", Date::from_day_number(*d)),
        };
    }
}

/// A cell owned for the classifier's sample (a date's text is made here).
pub enum Owned<'a> {
    Cell(Cell<'a>),
    DateText(String),
}

impl<'a> Owned<'a> {
    pub fn of(cell: Cell<'a>) -> Owned<'a> {
        match cell {
            Cell::Date(d) => Owned::DateText(Date::from_day_number(d).to_string()),
            other => Owned::Cell(other),
        }
    }

    pub fn sample(&self) -> Sample<'_> {
        match self {
            Owned::DateText(t) => Sample::Text(t),
            Owned::Cell(Cell::Text(t)) => Sample::Text(t),
            Owned::Cell(Cell::Int(i)) => Sample::Int(*i),
            Owned::Cell(Cell::Float(f)) => Sample::Float(*f),
            Owned::Cell(Cell::Bool(b)) => Sample::Bool(*b),
            Owned::Cell(Cell::Null | Cell::Date(_)) => Sample::Null,
        }
    }
}
