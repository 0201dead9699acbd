//! noticegate-draft: from a privacy notice (plain text, HTML or PDF) to a policy draft that
//! loads and passes `noticegate check`, every rule quoting its sentence and marked for
//! review; and the coverage of a notice by its policy (which sentences a rule or finding
//! quotes).
//!
//! A crate of its own so that the WASM module, which needs only the core, never carries the
//! HTML parser or the PDF reader. It decides nothing: drafted files are ordinary policy
//! files, loaded and checked by the core like any other.

pub mod coverage;
pub mod draft;
pub mod extract;
pub mod measure;
pub mod phrases;
pub mod segment;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use noticegate::{Engine, PolicySources};

pub use extract::Format;

/// Why a notice could not be drafted. Each has a stable code (`code()`), shown by the CLI.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{0}")]
    Unreadable(String),
    #[error("{0}: the file is empty (no text to draft from)")]
    Empty(String),
    #[error("{0}: the PDF has no text layer (a scan?); run OCR first, or give the notice as text or HTML")]
    PdfWithoutText(String),
    #[error("{0}: no recognisable sections: none of the template's headings (\"Who we are\", \"The personal information we collect\", \"Who we share your personal information with\", \"How long your personal data will be kept\", \"Your rights\", …) was found")]
    NoSections(String),
    #[error("{0}: already exists (use --force to replace the draft)")]
    Exists(String),
    #[error("cannot write the draft: {0}")]
    Write(String),
    #[error("the drafted policy does not load (a drafter bug; nothing was written):\n{0}")]
    Invalid(String),
    #[error("{0}: the policy directory does not load, so a draft cannot join it (nothing was written); fix it or draft into another directory:\n{1}")]
    InvalidDirectory(String, String),
}

impl DraftError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            DraftError::Unreadable(_) => "unreadable",
            DraftError::Empty(_) => "empty",
            DraftError::PdfWithoutText(_) => "pdf-without-text",
            DraftError::NoSections(_) => "no-sections",
            DraftError::Exists(_) => "exists",
            DraftError::Write(_) => "write",
            DraftError::Invalid(_) => "invalid-draft",
            DraftError::InvalidDirectory(..) => "invalid-policy-dir",
        }
    }
}

/// A drafted notice: the three files `write` puts in a policy directory.
#[derive(Clone, Debug)]
pub struct Draft {
    /// The notice file's stem: `notices/<stem>.toml`, `sources/<stem>.txt`, `findings/<stem>.toml`.
    pub stem: String,
    pub format: Format,
    pub notice_id: String,
    /// The plain text every quote is taken from (`sources/<stem>.txt`).
    pub text: String,
    pub notice_toml: String,
    pub findings_toml: String,
    /// Rules and retention rules drafted (every one marked for review), findings recorded.
    pub rules: usize,
    pub findings: usize,
    pub sentences: usize,
    /// The set the draft joins (`Base`), without the draft's own files.
    base: PolicySources,
}

/// The policy set a draft joins: the built-in vocabulary and law alone, or a policy
/// directory that already holds them and other notices. A name the directory already defines
/// (a category "Date of birth", a recipient "Snap", a condition's fact) is reused, exactly,
/// not drafted again, so notices drafted one after another into one directory make one set
/// that loads: the checker allows each name once across a set. (Classification and the
/// drafting heuristics read the built-in vocabulary alone; see `draft::Joined`.)
pub struct Base {
    /// The directory's set as it is, when the draft joins one.
    joined: Option<Engine>,
    /// The directory's policy files other than the notice's own earlier draft (all of them as
    /// one text): an entry of that draft they name is carried over (`draft::Joined`).
    other_files: String,
    /// What the draft is checked with: the built-in base, or the directory's files less the
    /// notice's own earlier draft, which the new draft replaces.
    sources: PolicySources,
}

impl Base {
    /// The built-in vocabulary and law alone (loaded once).
    pub fn builtin() -> &'static Base {
        static BASE: OnceLock<Base> = OnceLock::new();
        BASE.get_or_init(|| Base { joined: None, other_files: String::new(), sources: base_sources() })
    }

    /// The set a draft written into `dir` joins: the built-in base when `dir` holds no
    /// `vocabulary.toml` yet, else every policy file and notice text in `dir`. A directory
    /// that does not load is refused: a draft is never added to a broken set.
    pub fn of_dir(dir: &Path, stem: &str) -> Result<Base, DraftError> {
        if !dir.join("vocabulary.toml").exists() {
            return Ok(Base { joined: None, other_files: String::new(), sources: base_sources() });
        }
        let shown = dir.display().to_string();
        let mut sources = PolicySources::from_dir(dir).map_err(|e| DraftError::Unreadable(format!("{shown}: {e}")))?;
        let engine = Engine::load(&sources).map_err(|e| DraftError::InvalidDirectory(shown, e.to_string()))?;
        let own = [format!("notices/{stem}.toml"), format!("findings/{stem}.toml")];
        sources.policy_files.retain(|f| !own.iter().any(|o| f.name.replace('\\', "/").ends_with(&format!("/{o}")) || f.name == *o));
        sources.notice_texts.remove(&format!("{stem}.txt"));
        let other_files = sources.policy_files.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join("\n");
        Ok(Base { joined: Some(engine), other_files, sources })
    }
}

/// The shared vocabulary and the law (`vocabulary.toml`, `law/`) of the built-in set: what a
/// draft builds on, and what `write` copies into a new policy directory.
pub fn base_sources() -> PolicySources {
    let all = Engine::builtin_sources();
    let mut out = PolicySources::default();
    for f in all.policy_files {
        if is_base_file(&f.name) {
            out.policy_files.push(f);
        }
    }
    out
}

fn is_base_file(name: &str) -> bool {
    name == "vocabulary.toml" || name.ends_with("/vocabulary.toml") || name.starts_with("law/") || name.contains("/law/")
}

/// The engine of the shared vocabulary and the law alone (loaded once).
pub fn base_engine() -> &'static Engine {
    static BASE: OnceLock<Engine> = OnceLock::new();
    BASE.get_or_init(|| Engine::load(&base_sources()).expect("the built-in vocabulary and law load"))
}

/// The file stem a notice's files get: the input's stem, lower-cased, safe characters only.
pub fn stem_of(path: &Path) -> String {
    let raw = path.file_stem().and_then(|s| s.to_str()).unwrap_or("notice");
    let s: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c.to_ascii_lowercase() } else { '_' }).collect();
    if s.is_empty() { "notice".into() } else { s }
}

/// Drafts a notice file (text, HTML or PDF) on the built-in vocabulary and law.
pub fn draft_file(path: &Path) -> Result<Draft, DraftError> {
    draft_file_into(path, Base::builtin())
}

/// Drafts a notice file (text, HTML or PDF) to join `base` (`Base::of_dir`).
pub fn draft_file_into(path: &Path, base: &Base) -> Result<Draft, DraftError> {
    let bytes = std::fs::read(path).map_err(|e| DraftError::Unreadable(format!("{}: {e}", path.display())))?;
    let (format, text) = extract::text_of(path, &bytes)?;
    let mut d = draft_text_into(&stem_of(path), &text, &path.display().to_string(), base)?;
    d.format = format;
    Ok(d)
}

/// Drafts a notice given as plain text on the built-in vocabulary and law, and checks that
/// the draft loads (quotes included).
pub fn draft_text(stem: &str, text: &str, shown: &str) -> Result<Draft, DraftError> {
    draft_text_into(stem, text, shown, Base::builtin())
}

/// Drafts a notice given as plain text to join `base`, and checks that the set with the
/// draft loads (quotes included).
pub fn draft_text_into(stem: &str, text: &str, shown: &str, base: &Base) -> Result<Draft, DraftError> {
    if text.trim().is_empty() {
        return Err(DraftError::Empty(shown.to_string()));
    }
    let doc = segment::segment(text);
    let known = doc.sections.iter().filter(|s| !matches!(s.kind, segment::SectionKind::Preamble | segment::SectionKind::Other)).count();
    if known == 0 {
        return Err(DraftError::NoSections(shown.to_string()));
    }
    let joined = base.joined.as_ref().map(|engine| draft::Joined { engine, other_files: &base.other_files });
    let out = draft::draft(base_engine(), joined.as_ref(), stem, text, &doc);
    let d = Draft {
        stem: stem.to_string(),
        format: Format::Text,
        notice_id: out.notice_id,
        text: text.to_string(),
        notice_toml: out.notice_toml,
        findings_toml: out.findings_toml,
        rules: out.rules,
        findings: out.findings,
        sentences: doc.units.iter().filter(|u| u.kind != segment::UnitKind::Heading).count(),
        base: base.sources.clone(),
    };
    d.load().map_err(DraftError::Invalid)?;
    Ok(d)
}

impl Draft {
    /// The policy sources of the draft with the set it joins (the shared vocabulary and law,
    /// and the other notices of its directory).
    pub fn sources(&self) -> PolicySources {
        let mut s = self.base.clone();
        s.add(&format!("notices/{}.toml", self.stem), self.notice_toml.clone());
        s.add(&format!("findings/{}.toml", self.stem), self.findings_toml.clone());
        s.add(&format!("sources/{}.txt", self.stem), self.text.clone());
        s
    }

    /// Loads the draft as `noticegate check` would.
    pub fn load(&self) -> Result<Engine, String> {
        Engine::load(&self.sources()).map_err(|e| e.to_string())
    }

    /// Writes the draft into a policy directory: `notices/`, `sources/` and `findings/`
    /// files, and, when `dir` has no `vocabulary.toml`, copies of the built-in vocabulary and
    /// law, so that `noticegate check DIR` loads it. Written to a temporary directory first
    /// and renamed into place; on error nothing is left behind.
    pub fn write(&self, dir: &Path, force: bool) -> Result<Vec<PathBuf>, DraftError> {
        let files = self.files(!dir.join("vocabulary.toml").exists());
        for (rel, _) in &files {
            let target = dir.join(rel);
            if target.exists() && !(force && rel.starts_with(["notices/", "sources/", "findings/"].iter().find(|p| rel.starts_with(**p)).copied().unwrap_or("?"))) {
                return Err(DraftError::Exists(target.display().to_string()));
            }
        }
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let nonce = format!("{}-{}", std::process::id(), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        let werr = |e: std::io::Error, p: &Path| DraftError::Write(format!("{}: {e}", p.display()));
        if !dir.exists() {
            // A new directory: build it beside, then one rename.
            let tmp = parent.join(format!(".noticegate-draft-{nonce}"));
            let result = (|| {
                for (rel, text) in &files {
                    let p = tmp.join(rel);
                    std::fs::create_dir_all(p.parent().unwrap()).map_err(|e| werr(e, &p))?;
                    std::fs::write(&p, text).map_err(|e| werr(e, &p))?;
                }
                std::fs::rename(&tmp, dir).map_err(|e| werr(e, dir))
            })();
            if result.is_err() {
                let _ = std::fs::remove_dir_all(&tmp);
            }
            result?;
        } else {
            let tmp = dir.join(format!(".noticegate-draft-{nonce}"));
            let result = (|| {
                for (rel, text) in &files {
                    let p = tmp.join(rel);
                    std::fs::create_dir_all(p.parent().unwrap()).map_err(|e| werr(e, &p))?;
                    std::fs::write(&p, text).map_err(|e| werr(e, &p))?;
                }
                for (rel, _) in &files {
                    let target = dir.join(rel);
                    std::fs::create_dir_all(target.parent().unwrap()).map_err(|e| werr(e, &target))?;
                    std::fs::rename(tmp.join(rel), &target).map_err(|e| werr(e, &target))?;
                }
                Ok(())
            })();
            let _ = std::fs::remove_dir_all(&tmp);
            result?;
        }
        Ok(files.into_iter().map(|(rel, _)| dir.join(rel)).collect())
    }

    /// The files to write, by path relative to the policy directory.
    pub fn files(&self, with_base: bool) -> Vec<(String, String)> {
        let mut out = vec![
            (format!("notices/{}.toml", self.stem), self.notice_toml.clone()),
            (format!("sources/{}.txt", self.stem), self.text.clone()),
            (format!("findings/{}.toml", self.stem), self.findings_toml.clone()),
        ];
        if with_base {
            for f in base_sources().policy_files {
                out.push((f.name.clone(), f.text.clone()));
            }
        }
        out
    }
}
