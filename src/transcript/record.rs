//! `record`: writes a session as a transcript while it runs (`reloadlab replay --record`),
//! one cell at a time, flushed after each, so that a session that is interrupted leaves
//! everything typed so far.
//!
//! The format is the transcript exactly as the front end printed it — what `replay` prints,
//! what the golden corpus holds and what the REPL's `%logstart` writes: each cell's prompts
//! and input, then its output; in IPython one empty line before every prompt but the first.
//! `reloadlab check` reads it back like any pasted transcript.

use crate::session::{CellRun, Options, Style};
use std::io::Write;

/// The text one cell adds to a transcript: in IPython the empty line before every prompt
/// but the first, then the echo and the output.
pub fn cell_text(run: &CellRun, ipython: bool, first: bool) -> String {
    let mut s = String::new();
    if ipython && !first {
        s.push('\n');
    }
    s.push_str(&run.echo);
    s.push_str(&run.output);
    s
}

/// Writes a transcript cell by cell. The empty lines that end a cell's output are held back
/// until the next cell comes, so that the file, like `replay`'s output and the golden
/// corpus, ends with exactly one newline (`session::finish_transcript`).
pub struct Recorder {
    out: Box<dyn Write>,
    ipython: bool,
    first: bool,
    held: usize,
}

impl Recorder {
    /// Creates (or truncates) `path`.
    pub fn create(path: &str, opts: &Options) -> std::io::Result<Recorder> {
        let file = std::fs::File::create(path)?;
        Ok(Recorder::new(Box::new(file), opts))
    }

    /// Records into any writer (a file, a buffer).
    pub fn new(out: Box<dyn Write>, opts: &Options) -> Recorder {
        Recorder { out, ipython: opts.style == Style::Ipython, first: true, held: 0 }
    }

    /// Appends one cell and flushes.
    pub fn cell(&mut self, run: &CellRun) -> std::io::Result<()> {
        let text = cell_text(run, self.ipython, self.first);
        self.first = false;
        if text.is_empty() {
            return Ok(());
        }
        let body = text.trim_end_matches('\n');
        let trailing = text.len() - body.len();
        let mut out = "\n".repeat(self.held);
        out.push_str(body);
        if trailing > 0 {
            out.push('\n');
        }
        self.held = trailing.saturating_sub(1);
        self.out.write_all(out.as_bytes())?;
        self.out.flush()
    }
}
