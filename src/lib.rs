//! reloadlab: emulates interactive Python sessions (import, del, reload) version by version.
pub mod syntax;
