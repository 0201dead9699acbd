//! Typed, span-aware reading of parsed TOML tables, collecting every error.
//!
//! serde stops at the first problem; a policy author wants all of them. This reader walks
//! the spanned TOML tree by hand: each accessor records a diagnostic and carries on, unknown
//! keys get a "did you mean", and missing keys point at the table that lacks them.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::date::Date;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::names::NameIndex;
use crate::syntax::{Sp, Span};

/// The file being read and the diagnostics collected so far.
pub struct Ctx<'a> {
    pub file: &'a SourceFile,
    pub file_index: u32,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn span(&self, offset: usize) -> Span {
        Span { file: self.file_index, offset: offset as u32 }
    }

    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        let d = Diagnostic::at(self.file, offset, message);
        self.diags.push(d);
    }

}

/// A TOML table being read, named for messages (`[[rule]] "cd.share.pcg"`).
pub struct Table<'t, 'i> {
    table: &'t DeTable<'i>,
    offset: usize,
    what: String,
}

type Value<'t, 'i> = &'t Spanned<DeValue<'i>>;

impl<'t, 'i> Table<'t, 'i> {
    pub fn new(table: &'t DeTable<'i>, offset: usize, what: impl Into<String>) -> Self {
        Table { table, offset, what: what.into() }
    }


    pub fn rename(&mut self, what: impl Into<String>) {
        self.what = what.into();
    }

    pub fn get(&self, key: &str) -> Option<Value<'t, 'i>> {
        self.table.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v)
    }

    /// Reports every key not in `allowed`, with the nearest allowed key as help.
    pub fn check_keys(&self, cx: &mut Ctx<'_>, allowed: &[&str]) {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let mut index = NameIndex::default();
            for (i, a) in allowed.iter().enumerate() {
                index.insert(a, i as u32);
            }
            let d = Diagnostic::at(cx.file, key.span().start, format!("unknown key `{name}` in {}", self.what))
                .with_suggestions(&index.suggest(name, 3))
                .with_help_if_none(format!("expected one of: {}", allowed.join(", ")));
            cx.diags.push(d);
        }
    }

    fn missing(&self, cx: &mut Ctx<'_>, key: &str, expected: &str) {
        cx.error(self.offset, format!("{} is missing `{key}` (expected {expected})", self.what));
    }

    fn wrong_type(&self, cx: &mut Ctx<'_>, key: &str, value: Value<'_, '_>, expected: &str) {
        cx.error(
            value.span().start,
            format!("`{key}` in {} must be {expected}, found {}", self.what, value.get_ref().type_str()),
        );
    }

    /// A string that must be present and not blank.
    pub fn required_str(&self, cx: &mut Ctx<'_>, key: &str, expected: &str) -> Option<Sp<String>> {
        match self.get(key) {
            None => {
                self.missing(cx, key, expected);
                None
            }
            Some(v) => self.string_value(cx, key, v, expected),
        }
    }

    pub fn optional_str(&self, cx: &mut Ctx<'_>, key: &str, expected: &str) -> Option<Sp<String>> {
        self.get(key).and_then(|v| self.string_value(cx, key, v, expected))
    }

    fn string_value(&self, cx: &mut Ctx<'_>, key: &str, v: Value<'_, '_>, expected: &str) -> Option<Sp<String>> {
        match v.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some(Sp { value: s.to_string(), span: cx.span(v.span().start) }),
            DeValue::String(_) => {
                cx.error(v.span().start, format!("`{key}` in {} is empty (expected {expected})", self.what));
                None
            }
            _ => {
                self.wrong_type(cx, key, v, expected);
                None
            }
        }
    }

    /// A list of strings; a single string is accepted as a list of one.
    pub fn str_list(&self, cx: &mut Ctx<'_>, key: &str) -> Vec<Sp<String>> {
        let Some(v) = self.get(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::String(_) => self.string_value(cx, key, v, "a string").into_iter().collect(),
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.string_value(cx, key, item, "a list of strings"))
                .collect(),
            _ => {
                self.wrong_type(cx, key, v, "a list of strings");
                Vec::new()
            }
        }
    }

    pub fn optional_bool(&self, cx: &mut Ctx<'_>, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(cx, key, v, "true or false");
                None
            }
        }
    }

    /// A date, written as a TOML date (`2023-04-04`) or a string `"2023-04-04"`.
    pub fn optional_date(&self, cx: &mut Ctx<'_>, key: &str) -> Option<Sp<Date>> {
        let v = self.get(key)?;
        let at = v.span().start;
        let parsed = match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.and_then(|d| Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day)))
            }
            DeValue::String(s) => Date::parse(s),
            _ => None,
        };
        if parsed.is_none() {
            cx.error(at, format!("`{key}` in {} must be a date written YYYY-MM-DD", self.what));
        }
        parsed.map(|value| Sp { value, span: cx.span(at) })
    }

    /// A nested table (an inline table or `[x.key]`).
    pub fn optional_table(&self, cx: &mut Ctx<'_>, key: &str) -> Option<(&'t DeTable<'i>, usize)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span().start)),
            _ => {
                self.wrong_type(cx, key, v, "a table");
                None
            }
        }
    }

    /// An array of tables (`[[x.key]]`), each with its offset.
    pub fn table_array(&self, cx: &mut Ctx<'_>, key: &str) -> Vec<(&'t DeTable<'i>, usize)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        tables_of(cx, v, key)
    }
}

/// The tables of an array of tables, reporting any element that is not a table.
pub fn tables_of<'t, 'i>(cx: &mut Ctx<'_>, v: &'t Spanned<DeValue<'i>>, key: &str) -> Vec<(&'t DeTable<'i>, usize)> {
    match v.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(t) => Some((t, item.span().start)),
                other => {
                    cx.error(item.span().start, format!("each `{key}` must be a table (write [[{key}]]), found {}", other.type_str()));
                    None
                }
            })
            .collect(),
        other => {
            cx.error(v.span().start, format!("`{key}` must be an array of tables (write [[{key}]]), found {}", other.type_str()));
            Vec::new()
        }
    }
}

trait HelpIfNone {
    fn with_help_if_none(self, help: String) -> Self;
}

impl HelpIfNone for Diagnostic {
    fn with_help_if_none(self, help: String) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }
}
