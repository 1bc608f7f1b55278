//! What the fuzz targets (`fuzz/`) and the fuzz regression test (`tests/fuzz_regressions.rs`)
//! run, in one place so that a crashing input replays exactly as it was found: a session
//! parsed, evaluated and rendered in one of the emulated variants.

use crate::profile::Profile;
use crate::session::{Options, Session, Style, split_session};

/// Every variant reloadlab emulates: each version in the IPython of its era and in the plain
/// REPL, 3.13's new REPL, and the other IPython versions of the golden corpus.
pub fn variants() -> Vec<Options> {
    let mut v = Vec::new();
    for p in Profile::all() {
        v.push(Options::new(p.version, Style::Ipython));
        v.push(Options::new(p.version, Style::Python));
        if p.pyrepl {
            v.push(Options::new(p.version, Style::Pyrepl));
        }
    }
    for p in Profile::all() {
        for &ipython in p.other_ipythons {
            v.push(Options { ipython: Some(ipython), ..Options::new(p.version, Style::Ipython) });
        }
    }
    v
}

/// Runs a session file's text in one variant, as `reloadlab replay --explain` does, and
/// returns the transcript with the explanation lines.
pub fn run_session(opts: &Options, text: &str) -> String {
    let mut session = Session::new(opts.clone()).expect("every variant starts");
    let mut explainer = crate::compare::explain::Explainer::new();
    let mut out = String::new();
    for cell in split_session(text) {
        for run in session.feed(&cell) {
            out.push_str(&run.echo);
            out.push_str(&run.output);
            for line in explainer.observe(&session, &run) {
                out.push_str(&line);
                out.push('\n');
            }
            if run.exit {
                return out;
            }
        }
    }
    out
}

/// A fuzz input: the first byte picks the variant, the rest is the session file (UTF-8,
/// lossily).
pub fn decode(data: &[u8]) -> Option<(Options, String)> {
    let (&sel, rest) = data.split_first()?;
    let variants = variants();
    let opts = variants[sel as usize % variants.len()].clone();
    Some((opts, String::from_utf8_lossy(rest).into_owned()))
}

/// The `session` fuzz target.
pub fn run_session_bytes(data: &[u8]) {
    if let Some((opts, text)) = decode(data) {
        std::hint::black_box(run_session(&opts, &text));
    }
}

