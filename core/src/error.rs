//! Every error a question or a load can end in, with its code.
//!
//! One module so that a binding finds them in one place: `QuestionError` (a question that
//! gets no decision; on the wire, in place of one), its `ErrorCode` and the code's one
//! spelling (`ErrorCode::name`), and `LoadError` (a policy set that does not load). The
//! diagnostics of a policy file are the load crate's (`diagnostics`).

use serde::{Deserialize, Serialize};

use crate::diagnostics::PolicyErrors;

/// Machine-readable error codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The line is not a JSON object.
    InvalidJson,
    /// A field the question kind needs is absent.
    MissingField,
    /// A field name that the wire format does not have.
    UnknownField,
    /// A field of the wrong type or format, or one that does not apply to this kind.
    InvalidField,
    /// A name that matches nothing; suggestions list the nearest.
    UnknownName,
    /// A name that matches several entries.
    AmbiguousName,
    /// A question kind this version does not answer yet.
    UnsupportedQuestion,
}

impl ErrorCode {
    /// The code as it is written on the wire and given to every binding's error
    /// (`"unknown_name"`): one spelling, here, for the JSON, C, Python, uniffi and WASM.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::InvalidField => "invalid_field",
            ErrorCode::UnknownName => "unknown_name",
            ErrorCode::AmbiguousName => "ambiguous_name",
            ErrorCode::UnsupportedQuestion => "unsupported_question",
        }
    }
}

/// Why a question got no decision. Never a permit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct QuestionError {
    pub code: ErrorCode,
    /// The question field at fault (`facts.<name>` for a fact), if any.
    pub field: Option<String>,
    pub message: String,
    /// Nearest known names, at most three.
    pub suggestions: Vec<String>,
}

impl QuestionError {
    pub fn new(code: ErrorCode, field: Option<&str>, message: impl Into<String>) -> Self {
        QuestionError { code, field: field.map(str::to_string), message: message.into(), suggestions: Vec::new() }
    }
}

/// Why a policy directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Policy(#[from] PolicyErrors),
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn each_code_is_named_as_the_wire_writes_it() {
        use ErrorCode::*;
        for code in [InvalidJson, MissingField, UnknownField, InvalidField, UnknownName, AmbiguousName, UnsupportedQuestion] {
            assert_eq!(serde_json::to_value(code).unwrap(), code.name(), "{code:?}");
        }
    }
}
