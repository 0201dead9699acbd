//! `noticegate`: ask questions of privacy-notice policies, check policy files, list names.
//!
//! The CLI holds no rule of evaluation: it reads input, calls the core, and prints. Exit
//! codes are part of its interface (see `ExitCode` values below and the README).

mod ask;
mod check;
mod classify;
mod diff;
mod draft;
mod explain;
mod export;
mod form;
mod gate;
mod lint;
mod list;
mod reference;
mod report;
mod space;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use noticegate::{Engine, LoadError};

/// Every question got a decision; every policy file is valid.
pub const EXIT_OK: u8 = 0;
/// At least one question line got an error instead of a decision.
pub const EXIT_QUESTION_ERROR: u8 = 1;
/// The command line itself was wrong (clap's usage errors also exit 2).
pub const EXIT_USAGE: u8 = 2;
/// The policy set has errors (printed with their locations).
pub const EXIT_POLICY_ERROR: u8 = 3;
/// A file could not be read or written.
pub const EXIT_IO: u8 = 4;
/// The file is not input the command can read: `draft`, not a notice (empty, a PDF without
/// text, no recognisable sections); `gate`, a non-UTF-8 header or value, a column of mixed
/// types, a row fact value the fact does not take, malformed CSV, a Parquet file that is not
/// one (or corrupt), a codec not built in, a fact column of a type it cannot read;
/// `check-form`, not a form.
pub const EXIT_BAD_INPUT: u8 = 5;

#[derive(Parser)]
#[command(name = "noticegate", version, about = "Ask privacy-notice policies whether personal data may be shared, collected or used, with the notice's own words as the reason.")]
struct Cli {
    /// Use the policy files in DIR instead of the built-in set (notice texts in DIR/sources/).
    #[arg(long, global = true, value_name = "DIR")]
    policies: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Answer questions: one JSON question per line in, one JSON decision per line out.
    Ask(ask::Args),
    /// Load policy files and report every error with its file, line and column.
    Check(check::Args),
    /// List what questions may name: notices, services, categories, recipients, bases, purposes, sources, facts, countries, mechanisms, records, rights.
    List(list::Args),
    /// Classify form field labels or column names to data categories, showing the words that matched.
    Classify(classify::Args),
    /// Report the notices' gaps, ambiguities and contradictions (computed checks and recorded findings).
    Lint(lint::Args),
    /// Draft a policy from a notice (plain text, HTML or PDF): every rule quotes its sentence and is marked for review.
    Draft(draft::Args),
    /// The semantic difference between two policy sets: every question whose verdict changed, with both reasons (exit 1 when some did).
    Diff(diff::Args),
    /// Write a Markdown reference of the policy set: per notice and service, what is collected, used and shared, with quotes.
    Reference(reference::Args),
    /// Write one self-contained HTML page: per notice, services x categories coloured by verdict with the quotes, and the lint findings.
    Report(report::Args),
    /// Write the share, collect and transfer rules as Cedar (schema, policies, entities) or Rego (module, data) files.
    Export(export::Args),
    /// Gate a CSV or Parquet file for a recipient: write the columns and rows that may go (in the input's format), and a report of why (verdicts, obligations, quotes).
    Gate(gate::Args),
    /// Check every field of a form (JSON Schema or SurveyJS): its category and whether the service's notice covers collecting it.
    CheckForm(form::Args),
    /// Print the policy set's finite question space, one JSON question per line (every fact unknown), to replay with `ask --file`.
    Space(space::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Ask(args) => ask::run(cli.policies.as_deref(), args),
        Command::Check(args) => check::run(cli.policies.as_deref(), args),
        Command::List(args) => list::run(cli.policies.as_deref(), args),
        Command::Lint(args) => lint::run(cli.policies.as_deref(), args),
        Command::Diff(args) => diff::run(args),
        Command::Draft(args) => draft::run(args),
        Command::Report(args) => report::run(cli.policies.as_deref(), args),
        Command::Reference(args) => reference::run(cli.policies.as_deref(), args),
        Command::Classify(args) => classify::run(cli.policies.as_deref(), args),
        Command::Export(args) => export::run(cli.policies.as_deref(), args),
        Command::Space(args) => space::run(cli.policies.as_deref(), args),
        Command::Gate(args) => gate::run(cli.policies.as_deref(), args),
        Command::CheckForm(args) => form::run(cli.policies.as_deref(), args),
    };
    ExitCode::from(code)
}

/// Writes command output; a closed pipe (`| head`) is not an error.
pub fn print_out(text: &str) -> u8 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("noticegate: cannot write output: {e}");
            EXIT_IO
        }
        _ => EXIT_OK,
    }
}

/// Loads the policy set named by `--policies`, or the built-in one. On failure prints every
/// error and returns the exit code.
pub fn load_engine(policies: Option<&std::path::Path>) -> Result<&'static Engine, u8> {
    match policies {
        None => Engine::try_builtin().map_err(|errors| {
            eprintln!("{errors}");
            EXIT_POLICY_ERROR
        }),
        Some(dir) => match Engine::from_dir(dir) {
            // The engine lives for the whole (short) process.
            Ok(engine) => Ok(Box::leak(Box::new(engine))),
            Err(LoadError::Io(e)) => {
                eprintln!("noticegate: cannot read policies: {e}");
                Err(EXIT_IO)
            }
            Err(LoadError::Policy(errors)) => {
                eprintln!("{errors}");
                Err(EXIT_POLICY_ERROR)
            }
        },
    }
}
