//! `noticegate draft NOTICE [--out DIR]`: a policy draft from a notice (text, HTML or PDF).
//!
//! The drafting is `noticegate_draft`'s; this prints what was written, or the coded error.

use std::path::PathBuf;

use noticegate_draft::DraftError;

use crate::{EXIT_IO, EXIT_BAD_INPUT, EXIT_OK, EXIT_POLICY_ERROR, EXIT_USAGE};

#[derive(clap::Args)]
pub struct Args {
    /// The notice: a .txt, .html or .pdf file (the format is also recognised by its content).
    notice: PathBuf,
    /// The policy directory to write into: DIR/notices/<stem>.toml, DIR/sources/<stem>.txt,
    /// DIR/findings/<stem>.toml, and copies of the built-in vocabulary.toml and law/ when DIR
    /// has no vocabulary.toml yet. When DIR already holds a policy set (other drafted
    /// notices), the draft reuses the names it defines and is written only if the whole set
    /// still loads.
    #[arg(long, value_name = "DIR", default_value = "draft")]
    out: PathBuf,
    /// Replace an earlier draft of the same notice in DIR.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> u8 {
    // The draft joins what `--out` already holds: names defined there are reused, and the
    // whole set must load before anything is written.
    let result = noticegate_draft::Base::of_dir(&args.out, &noticegate_draft::stem_of(&args.notice))
        .and_then(|base| noticegate_draft::draft_file_into(&args.notice, &base))
        .and_then(|d| d.write(&args.out, args.force).map(|files| (d, files)));
    match result {
        Ok((d, files)) => {
            let mut out = String::new();
            for f in files.iter().take(3) {
                out.push_str(&format!("wrote {}\n", f.display()));
            }
            if files.len() > 3 {
                out.push_str(&format!("wrote {} files of the built-in vocabulary and law\n", files.len() - 3));
            }
            out.push_str(&format!(
                "{}: notice `{}`, {} rule(s) and retention rule(s) marked for review, {} finding(s), {} sentence(s)\n\
                 next: review with `noticegate --policies {} report --html report.html` (coverage view), then `noticegate check --strict {}`\n",
                args.notice.display(),
                d.notice_id,
                d.rules,
                d.findings,
                d.sentences,
                args.out.display(),
                args.out.display()
            ));
            crate::print_out(&out)
        }
        Err(e) => {
            eprintln!("noticegate: error[{}]: {e}", e.code());
            match e {
                DraftError::Unreadable(_) | DraftError::Write(_) => EXIT_IO,
                DraftError::Empty(_) | DraftError::PdfWithoutText(_) | DraftError::NoSections(_) => EXIT_BAD_INPUT,
                DraftError::Exists(_) => EXIT_USAGE,
                DraftError::Invalid(_) | DraftError::InvalidDirectory(..) => EXIT_POLICY_ERROR,
            }
        }
    }
}

#[allow(dead_code)]
const _: u8 = EXIT_OK;
