//! A reloadable engine: policies replaced while questions are being answered.
//!
//! `Engine` is immutable, so a reload builds a new engine beside the old one and swaps an
//! `Arc` under a lock held only for the swap (a pointer write) or for a reader's clone of
//! the `Arc` (a counter increment). A reader answers each question with the one engine it
//! took, so every answer comes whole from one policy set and names that set's hash
//! (`Decision::policy_hash`, `"policy_hash"` on the JSON line); an engine still in use by a
//! reader lives until that reader drops it. A reload that fails leaves the current engine
//! serving: readers never go without one.
//!
//! ```
//! use noticegate::{Engine, reload::SharedEngine};
//! let shared = SharedEngine::new(Engine::load(&Engine::builtin_sources()).unwrap());
//! let before = shared.current().policy_hash().to_string();
//! let mut broken = Engine::builtin_sources();
//! broken.add("broken.toml", "[[category]]\nid = ");
//! assert!(shared.reload_from(&broken).is_err());
//! assert_eq!(shared.current().policy_hash(), before);
//! ```

use std::sync::{Arc, RwLock};

use crate::decision::{Decision, QuestionError};
#[cfg(feature = "load")]
use crate::diagnostics::PolicyErrors;
use crate::engine::Engine;
use crate::question::Question;
#[cfg(feature = "load")]
use crate::sources::PolicySources;

/// An engine that can be replaced while other threads ask it questions.
#[derive(Debug)]
pub struct SharedEngine {
    current: RwLock<Arc<Engine>>,
}

impl SharedEngine {
    /// Serves `engine` until the first reload.
    pub fn new(engine: Engine) -> SharedEngine {
        SharedEngine::from_arc(Arc::new(engine))
    }

    /// Serves an engine that is already shared.
    pub fn from_arc(engine: Arc<Engine>) -> SharedEngine {
        SharedEngine { current: RwLock::new(engine) }
    }

    /// Loads `sources` and serves them.
    #[cfg(feature = "load")]
    pub fn load(sources: &PolicySources) -> Result<SharedEngine, PolicyErrors> {
        Ok(SharedEngine::new(Engine::load(sources)?))
    }

    /// The engine serving now. Answer a question (or a batch that must agree) with one call
    /// to `current`; a later call may return a newer engine.
    pub fn current(&self) -> Arc<Engine> {
        // A panic elsewhere while the lock was held cannot leave a half-written `Arc`, so a
        // poisoned lock still holds a whole engine.
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Serves `engine` from now on; returns the engine it replaces (readers that took it
    /// keep it until they finish).
    pub fn reload(&self, engine: Engine) -> Arc<Engine> {
        self.swap(Arc::new(engine))
    }

    /// Serves an engine that is already shared from now on; returns the one it replaces.
    pub fn swap(&self, engine: Arc<Engine>) -> Arc<Engine> {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        std::mem::replace(&mut *current, engine)
    }

    /// Loads `sources` (outside the lock, so readers are never held up by a load) and serves
    /// them; on errors the current engine keeps serving and the errors are returned.
    #[cfg(feature = "load")]
    pub fn reload_from(&self, sources: &PolicySources) -> Result<(), PolicyErrors> {
        let engine = Engine::load(sources)?;
        self.reload(engine);
        Ok(())
    }

    /// The hash of the policy set serving now.
    pub fn policy_hash(&self) -> String {
        self.current().policy_hash().to_string()
    }

    /// `Engine::ask_json` on the engine serving now: the whole answer from one policy set.
    pub fn ask_json(&self, line: &str) -> String {
        self.current().ask_json(line)
    }

    /// `Engine::decide` on the engine serving now.
    pub fn decide(&self, q: &Question<'_>) -> Result<Decision, QuestionError> {
        self.current().decide(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flipped() -> PolicySources {
        let mut sources = Engine::builtin_sources();
        let file = sources.policy_files.iter_mut().find(|f| f.name.ends_with("notices/004_community_directory.toml")).unwrap();
        let text = file.text.replacen("id = \"cd.collect.personal\"\naction = \"collect\"\neffect = \"permit\"", "id = \"cd.collect.personal\"\naction = \"collect\"\neffect = \"deny\"", 1);
        assert!(text != file.text, "rule cd.collect.personal is a permit");
        *file = crate::diagnostics::SourceFile::new(file.name.clone(), text);
        sources
    }

    #[test]
    fn a_reload_swaps_the_engine_and_a_failed_one_keeps_it() {
        let shared = SharedEngine::load(&Engine::builtin_sources()).unwrap();
        let a = shared.policy_hash();
        assert_eq!(a, Engine::builtin().policy_hash());
        let old = shared.current();
        shared.reload_from(&flipped()).unwrap();
        let b = shared.policy_hash();
        assert_ne!(a, b);
        // A reader that took the old engine keeps it.
        assert_eq!(old.policy_hash(), a);
        let mut broken = flipped();
        broken.add("broken.toml", "[[category]]\nid = ");
        let errors = shared.reload_from(&broken).unwrap_err();
        assert!(errors.0.iter().any(|d| d.file == "broken.toml" && d.line > 0), "{errors}");
        assert_eq!(shared.policy_hash(), b);
        let previous = shared.swap(old);
        assert_eq!(previous.policy_hash(), b);
        assert_eq!(shared.policy_hash(), a);
    }

    #[test]
    fn shared_engines_cross_threads() {
        fn is_send_sync<T: Send + Sync>() {}
        is_send_sync::<SharedEngine>();
    }
}
