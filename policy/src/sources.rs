//! A policy set's input files: policy files (`*.toml`) and notice texts (`sources/*.txt`).
//!
//! The same set of files can come from a directory, from the binary (the built-in set) or
//! from strings a binding passes in; its hash names the policy set in every decision.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostics::SourceFile;

/// The files that make a policy set.
#[derive(Clone, Debug, Default)]
pub struct PolicySources {
    /// Policy files, by display name.
    pub policy_files: Vec<SourceFile>,
    /// Notice texts by file name (`004_2870dd7688b53867.txt`). When empty, quotes are not
    /// checked against the notices.
    pub notice_texts: HashMap<String, String>,
}

impl PolicySources {
    /// Adds a file by its path relative to the policy directory: `sources/*.txt` is a notice
    /// text, anything else a policy file.
    pub fn add(&mut self, relative: &str, text: impl Into<String>) {
        match relative.strip_prefix("sources/") {
            Some(name) if name.ends_with(".txt") => {
                self.notice_texts.insert(name.to_string(), text.into());
            }
            _ => self.policy_files.push(SourceFile::new(relative, text)),
        }
    }

    /// Reads every `*.toml` under `dir` and every `sources/*.txt`.
    pub fn from_dir(dir: &Path) -> std::io::Result<PolicySources> {
        let mut files = Vec::new();
        walk(dir, &mut files)?;
        files.sort();
        let mut out = PolicySources::default();
        for path in files {
            let rel = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let is_policy = path.extension().is_some_and(|e| e == "toml");
            let is_text = rel.starts_with("sources/") && path.extension().is_some_and(|e| e == "txt");
            if is_policy || is_text {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                let shown = if is_policy { path.display().to_string() } else { rel.clone() };
                if is_policy {
                    out.policy_files.push(SourceFile::new(shown, text));
                } else {
                    out.add(&rel, text);
                }
            }
        }
        if out.policy_files.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{}: no policy files (*.toml) found", dir.display()),
            ));
        }
        Ok(out)
    }

    /// `sha256:` and the hex digest of every file's name and text, in name order.
    pub fn hash(&self) -> String {
        // Only file names, not the directory they were read from, so a copy hashes alike.
        let base = |name: &str| name.rsplit('/').next().unwrap_or(name).to_string();
        let mut entries: Vec<(String, &str)> = self.policy_files.iter().map(|f| (base(&f.name), f.text.as_str())).collect();
        entries.extend(self.notice_texts.iter().map(|(k, v)| (format!("sources/{}", base(k)), v.as_str())));
        entries.sort();
        let mut h = Sha256::new();
        for (name, text) in entries {
            h.update((name.len() as u64).to_le_bytes());
            h.update(name.as_bytes());
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        let digest = h.finalize();
        let mut out = String::from("sha256:");
        for b in digest {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
