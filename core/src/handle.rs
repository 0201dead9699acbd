//! What a binding holds on to: the built-in engine or one it loaded.
//!
//! The built-in engine is a static, decoded once per process; a loaded one belongs to its
//! handle. Every binding (C, uniffi, Python, WASM) holds this one type and reads the engine
//! through `Deref`, so none writes its own "built-in or owned" enum.

use std::ops::Deref;
use std::sync::Arc;

use crate::diagnostics::PolicyErrors;
use crate::engine::Engine;

/// The built-in engine or a loaded one; clones share the engine.
#[derive(Clone, Debug)]
pub enum EngineHandle {
    Builtin(&'static Engine),
    Loaded(Arc<Engine>),
}

impl EngineHandle {
    /// The built-in policy set, or the errors of its files when it does not load.
    pub fn builtin() -> Result<EngineHandle, &'static PolicyErrors> {
        Engine::try_builtin().map(EngineHandle::Builtin)
    }

    /// A handle owning an engine the caller loaded.
    pub fn loaded(engine: Engine) -> EngineHandle {
        EngineHandle::Loaded(Arc::new(engine))
    }

    pub fn is_builtin(&self) -> bool {
        matches!(self, EngineHandle::Builtin(_))
    }
}

impl Deref for EngineHandle {
    type Target = Engine;
    #[inline]
    fn deref(&self) -> &Engine {
        match self {
            EngineHandle::Builtin(engine) => engine,
            EngineHandle::Loaded(engine) => engine,
        }
    }
}
