//! reloadlab: emulates interactive Python sessions — importing, deleting and reloading
//! modules — version by version (CPython 2.7, 3.4–3.13), byte for byte as the real
//! interpreter and front end printed them.
//!
//! Data flows one way: [`syntax`] (cell text → AST) → [`runtime`] (objects, `sys.modules`,
//! the import system) → [`render`] (what a front end prints) → [`session`] and the front ends
//! ([`transcript`], `repl`, `compare`) → `main.rs`. Every version difference is a field of
//! [`profile::Profile`].

pub mod compare;
pub mod fuzzing;
pub mod profile;
pub mod render;
pub mod repl;
pub mod runtime;
pub mod session;
pub mod syntax;
pub mod transcript;
