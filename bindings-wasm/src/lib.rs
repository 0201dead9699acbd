//! Placeholder: the binding is being built (see its issue).
