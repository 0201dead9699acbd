//! `noticegate export`: writes the policy set as Cedar (schema, policies, entities) or as
//! Rego (module, data), so that a Cedar or OPA deployment can enforce the same notices. The
//! translation lives in the core (`noticegate::export`); this command only writes files.

use std::path::{Path, PathBuf};

use noticegate::export::{export, Format};

use crate::{load_engine, EXIT_IO, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// The engine to export to.
    #[arg(long, value_parser = ["cedar", "rego"])]
    format: String,
    /// The directory to write the files into (created if missing).
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    out: PathBuf,
}

pub fn run(policies: Option<&Path>, args: Args) -> u8 {
    let engine = match load_engine(policies) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let format = Format::from_name(&args.format).expect("clap admits only known formats");
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("noticegate: cannot create {}: {e}", args.out.display());
        return EXIT_IO;
    }
    for file in export(engine.policy(), format) {
        let path = args.out.join(file.name);
        if let Err(e) = std::fs::write(&path, &file.text) {
            eprintln!("noticegate: cannot write {}: {e}", path.display());
            return EXIT_IO;
        }
        eprintln!("wrote {} ({} bytes)", path.display(), file.text.len());
    }
    EXIT_OK
}
