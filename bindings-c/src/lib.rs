//! Placeholder.
pub use noticegate_core::Engine as _Engine;
