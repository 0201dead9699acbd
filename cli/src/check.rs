//! `noticegate check`: load a policy directory and report every error with its location.

use std::path::{Path, PathBuf};

use noticegate::{Engine, PolicySources};

use crate::{EXIT_IO, EXIT_OK, EXIT_POLICY_ERROR};

#[derive(clap::Args)]
pub struct Args {
    /// The policy directory to check (default: --policies, or the built-in set).
    dir: Option<PathBuf>,
    /// Also fail (exit 3) while any rule, retention rule or basis is still marked for review
    /// (`review` key, written by `noticegate draft`), listing each.
    #[arg(long)]
    strict: bool,
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let dir = args.dir.as_deref().or(policies);
    let sources = match dir {
        Some(dir) => match PolicySources::from_dir(dir) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("noticegate: cannot read policies: {e}");
                return EXIT_IO;
            }
        },
        None => Engine::builtin_sources(),
    };
    let shown = dir.map_or_else(|| "the built-in policy set".to_string(), |d| d.display().to_string());
    match Engine::load(&sources) {
        Ok(engine) => {
            let set = engine.policy();
            let quotes = match sources.notice_texts.len() {
                0 => "no sources/ folder, so quotes were NOT checked against the notices".to_string(),
                n => format!("every quote found verbatim in its notice ({n} notice texts)"),
            };
            println!(
                "{shown}: ok: {} notice(s), {} service(s), {} rules; {quotes}\npolicy hash {}",
                set.notices.len(),
                set.activities.iter().filter(|a| !a.is_notice_scope).count(),
                set.rules.len(),
                engine.policy_hash()
            );
            let pending = set.under_review();
            if pending.is_empty() {
                return EXIT_OK;
            }
            let list: String = pending
                .iter()
                .map(|p| format!("  {} {} ({}): {}\n", p.kind, p.id, set.notices[p.notice as usize].id, p.reason))
                .collect();
            let head = format!("{} item(s) still marked for review (remove each `review` key once checked against the notice)", pending.len());
            if args.strict {
                eprint!("{shown}: error: {head}:\n{list}");
                EXIT_POLICY_ERROR
            } else {
                println!("note: {head}; `check --strict` fails until none is left");
                EXIT_OK
            }
        }
        Err(errors) => {
            eprintln!("{errors}");
            EXIT_POLICY_ERROR
        }
    }
}
