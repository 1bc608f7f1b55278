//! Colours, as the real front ends use them by default (filled in by the REPL work).
