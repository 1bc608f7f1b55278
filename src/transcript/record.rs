//! `record`: writes a session as a transcript while it runs (`reloadlab replay --record`, the
//! REPL's `%logstart`), one cell at a time, flushed after each, so that a session that is
//! interrupted leaves everything typed so far.
//!
//! The format is the transcript exactly as the front end printed it — what `replay` prints —
//! after one header line that says how to emulate it again:
//!
//! ```text
//! # reloadlab --python 3.6 --style ipython --ipython 6.1 --prefix /usr/local
//! In [1]: import math
//!
//! In [2]: math.cos
//! Out[2]: <function math.cos>
//! ```
//!
//! `reloadlab check` reads the header (flags given on its command line win), so a recorded
//! file is checked against the very emulation that wrote it.

use super::Recorded;
use crate::session::{CellRun, Options, Style};
use crate::profile::Profile;
use std::io::Write;

/// The header line of a recorded transcript for these options (with its newline).
pub fn header(opts: &Options) -> String {
    let mut s = format!("# reloadlab --python {} --style {}", opts.python, opts.style.name());
    if opts.style == Style::Ipython {
        let ipy = opts.ipython.or_else(|| Profile::get(opts.python).map(|p| p.default_ipython));
        if let Some(v) = ipy {
            s.push_str(&format!(" --ipython {v}"));
        }
    }
    s.push_str(&format!(" --prefix {}\n", opts.prefix));
    s
}

/// Reads a header line written by [`header`].
pub fn parse_header(line: &str) -> Option<Recorded> {
    let rest = line.strip_prefix("# reloadlab ")?;
    let mut r = Recorded::default();
    let words: Vec<&str> = rest.split(' ').collect();
    let mut i = 0;
    while i + 1 < words.len() {
        let value = words[i + 1].to_string();
        match words[i] {
            "--python" => r.python = Some(value),
            "--style" => r.style = Some(value),
            "--ipython" => r.ipython = Some(value),
            // The prefix is the rest of the line (it may hold spaces).
            "--prefix" => {
                r.prefix = Some(words[i + 1..].join(" "));
                break;
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    (r.python.is_some() || r.style.is_some()).then_some(r)
}

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

/// Writes a transcript cell by cell.
pub struct Recorder {
    out: Box<dyn Write>,
    ipython: bool,
    first: bool,
}

impl Recorder {
    /// Creates (or truncates) `path` and writes the header.
    pub fn create(path: &str, opts: &Options) -> std::io::Result<Recorder> {
        let file = std::fs::File::create(path)?;
        Recorder::new(Box::new(file), opts)
    }

    /// Records into any writer (a file, a buffer); writes the header.
    pub fn new(mut out: Box<dyn Write>, opts: &Options) -> std::io::Result<Recorder> {
        out.write_all(header(opts).as_bytes())?;
        out.flush()?;
        Ok(Recorder { out, ipython: opts.style == Style::Ipython, first: true })
    }

    /// Appends one cell and flushes.
    pub fn cell(&mut self, run: &CellRun) -> std::io::Result<()> {
        let text = cell_text(run, self.ipython, self.first);
        self.first = false;
        self.out.write_all(text.as_bytes())?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::PyVersion;

    #[test]
    fn headers_round_trip() {
        let mut o = Options::new(PyVersion(3, 6), Style::Ipython);
        o.prefix = "/opt/my env".into();
        let h = header(&o);
        assert_eq!(h, "# reloadlab --python 3.6 --style ipython --ipython 6.1 --prefix /opt/my env\n");
        let r = parse_header(h.trim_end()).unwrap();
        assert_eq!(r.python.as_deref(), Some("3.6"));
        assert_eq!(r.ipython.as_deref(), Some("6.1"));
        assert_eq!(r.prefix.as_deref(), Some("/opt/my env"));
        assert!(parse_header("# a comment").is_none());
    }
}
