//! Output files written atomically: to a temporary file beside the target, renamed into place
//! only when everything succeeded, so nothing is written on error.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::{fail, Failure};
use crate::EXIT_IO;

/// A file written beside its target and renamed into place on `commit`; removed if dropped
/// before.
pub struct Pending {
    tmp: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Pending {
    pub fn create(target: &Path) -> Result<(Pending, BufWriter<File>), Failure> {
        let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
        let tmp = dir.join(format!(".{name}.noticegate-{}.tmp", std::process::id()));
        let file = File::create(&tmp).map_err(|e| fail(EXIT_IO, "unwritable_file", Some("out"), format!("cannot write {}: {e}", target.display())))?;
        Ok((Pending { tmp, target: target.to_path_buf(), done: false }, BufWriter::with_capacity(1 << 16, file)))
    }
    pub fn commit(mut self) -> Result<(), Failure> {
        std::fs::rename(&self.tmp, &self.target).map_err(|e| fail(EXIT_IO, "unwritable_file", Some("out"), format!("cannot write {}: {e}", self.target.display())))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

