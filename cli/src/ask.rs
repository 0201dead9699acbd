//! `noticegate ask`: questions in (argument, file or stdin, one JSON object per line),
//! decisions out (one JSON line each, or a readable explanation with `--explain`).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use noticegate::decision::answer_json;
use noticegate::{parse_question, ErrorCode, QuestionError};

use crate::{load_engine, EXIT_IO, EXIT_OK, EXIT_QUESTION_ERROR};

#[derive(clap::Args)]
pub struct Args {
    /// A question as JSON. Without it, questions are read from --file or standard input.
    question: Option<String>,
    /// Read questions from FILE, one JSON object per line.
    #[arg(long, short, value_name = "FILE", conflicts_with = "question")]
    file: Option<PathBuf>,
    /// Print a readable answer with the notice's quotes instead of JSON.
    #[arg(long)]
    explain: bool,
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let engine = match load_engine(policies) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let input: Box<dyn Read> = match (&args.question, &args.file) {
        (Some(q), _) => Box::new(io::Cursor::new(q.clone().into_bytes())),
        (None, Some(path)) => match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("noticegate: cannot read {}: {e}", path.display());
                return EXIT_IO;
            }
        },
        (None, None) => Box::new(io::stdin()),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut any_error = false;
    for (n, line) in BufReader::new(input).split(b'\n').enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("noticegate: cannot read input: {e}");
                return EXIT_IO;
            }
        };
        let text = match std::str::from_utf8(&line) {
            Ok(t) => t.trim(),
            Err(e) => {
                any_error = true;
                let error = QuestionError::new(ErrorCode::InvalidJson, None, format!("line {} is not valid UTF-8 ({e})", n + 1));
                if write_line(&mut out, &answer_json(None, &Err(error))).is_err() {
                    return EXIT_OK;
                }
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        let rendered = match parse_question(text) {
            Ok(q) => {
                let answer = engine.decide(&q);
                any_error |= answer.is_err();
                if args.explain {
                    crate::explain::render(&q, &answer)
                } else {
                    answer_json(q.id.as_ref(), &answer)
                }
            }
            Err(failure) => {
                any_error = true;
                let answer = Err(failure.error);
                if args.explain {
                    crate::explain::render_error(failure.id.as_ref(), answer.as_ref().unwrap_err())
                } else {
                    answer_json(failure.id.as_ref(), &answer)
                }
            }
        };
        // A closed pipe (`| head`) ends the run quietly.
        if write_line(&mut out, &rendered).is_err() {
            return EXIT_OK;
        }
    }
    if out.flush().is_err() {
        return EXIT_OK;
    }
    if any_error {
        EXIT_QUESTION_ERROR
    } else {
        EXIT_OK
    }
}

fn write_line(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")
}
