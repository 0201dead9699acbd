//! Policy-file diagnostics: where a problem is, what was expected, and a hint.
//!
//! A data protection officer edits policy files by hand. Every problem in a file is reported
//! at once, each pointing at its file, line and column with the offending source line, in the
//! manner of rustc and Cedar, so one round of edits can fix them all.

use std::fmt;

/// A policy file's name and text, kept so errors can quote the offending line.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name shown in messages (usually the path relative to the policy directory).
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Byte offset of each line's start, so positions are found by binary search (every rule
    /// records where it is written).
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file with the given display name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { name: name.into(), text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    fn line_text(&self, line: usize) -> &str {
        self.text.lines().nth(line.saturating_sub(1)).unwrap_or("")
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem found in a policy file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file's display name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, including what was expected.
    pub message: String,
    /// A suggestion, such as the nearest known name.
    pub help: Option<String>,
    /// The source line the problem is on, for display.
    pub source_line: String,
}

impl Diagnostic {
    /// A diagnostic at a byte offset of a file.
    pub fn at(file: &SourceFile, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = file.line_col(offset);
        Diagnostic {
            file: file.name.clone(),
            line,
            column,
            message: message.into(),
            help: None,
            source_line: file.line_text(line).to_string(),
        }
    }

    /// A diagnostic about a whole file (no position), such as one that cannot be read.
    pub fn file(name: &str, message: impl Into<String>) -> Self {
        Diagnostic { file: name.to_string(), line: 0, column: 0, message: message.into(), help: None, source_line: String::new() }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean" help when there are suggestions.
    pub fn with_suggestions(self, suggestions: &[String]) -> Self {
        match suggestions {
            [] => self,
            [one] => self.with_help(format!("did you mean \"{one}\"?")),
            many => {
                let quoted: Vec<String> = many.iter().map(|s| format!("\"{s}\"")).collect();
                self.with_help(format!("did you mean one of {}?", quoted.join(", ")))
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(f, "{}: error: {}", self.file, self.message);
        }
        writeln!(f, "{}:{}:{}: error: {}", self.file, self.line, self.column, self.message)?;
        let gutter = self.line.to_string().len();
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", self.line, self.source_line)?;
        let pad: String = self.source_line.chars().take(self.column - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
        write!(f, "{:gutter$} | {pad}^", "")?;
        if let Some(help) = &self.help {
            write!(f, "\n{:gutter$} = help: {help}", "")?;
        }
        Ok(())
    }
}

/// Every problem found while loading a policy set. Loading fails when this is not empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyErrors(pub Vec<Diagnostic>);

impl fmt::Display for PolicyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "\n\n{n} error{} in the policy set", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for PolicyErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let f = SourceFile::new("a.toml", "x = 1\nlabel = \"Café\" oops\n");
        assert_eq!(f.line_col(0), (1, 1));
        let off = f.text.find("oops").unwrap();
        assert_eq!(f.line_col(off), (2, 16));
        let d = Diagnostic::at(&f, off, "expected a newline").with_help("remove it");
        let shown = d.to_string();
        assert!(shown.starts_with("a.toml:2:16: error: expected a newline"), "{shown}");
        assert!(shown.contains("= help: remove it"));
    }
}
