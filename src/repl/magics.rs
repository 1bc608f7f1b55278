//! The REPL's own magics, which only make sense at a terminal: `%logstart FILE` / `%logstop`
//! (a live transcript on disk), `%python X.Y` (switch version by replaying the session),
//! `%compare X.Y X.Y ...` (the session so far under several versions, side by side) and
//! `%explain` (the import machinery's steps of the previous cell). The magics a session file
//! can hold too (`%who`, `%history`, `%reset -f`, `%lsmagic`, `%%writefile`) live in
//! `session`, so that `replay` prints them the same way.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Every magic the REPL knows, for completion after `%`.
pub const ALL_MAGICS: &[&str] = &[
    "%compare", "%explain", "%history", "%logstart", "%logstop", "%lsmagic", "%python", "%reset", "%who", "%%writefile",
];

/// The magics the REPL handles itself (not the session).
pub const OWN: &[&str] = &["logstart", "logstop", "python", "explain", "compare"];

/// The name of a REPL-own line magic at the start of `cell`, with its arguments.
pub fn own_magic(cell: &str) -> Option<(&'static str, &str)> {
    let rest = cell.trim().strip_prefix('%')?;
    if rest.starts_with('%') || rest.contains('\n') {
        return None;
    }
    let (name, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    OWN.iter().find(|m| **m == name).map(|m| (*m, args.trim()))
}

/// A live transcript: every cell and its output appended as it runs, in the format of
/// `replay` and the golden corpus, written straight to the file (no buffer), so a killed
/// process loses nothing.
pub struct Logger {
    pub path: PathBuf,
    file: File,
    /// Whether the file holds text already (IPython cells are separated by one blank line).
    wrote_any: bool,
}

impl Logger {
    /// Opens `path` for appending (`over`: truncating), creating it.
    pub fn open(path: &Path, over: bool) -> std::io::Result<Logger> {
        let file = if over {
            OpenOptions::new().create(true).write(true).truncate(true).open(path)?
        } else {
            OpenOptions::new().create(true).append(true).open(path)?
        };
        let wrote_any = file.metadata()?.len() > 0;
        Ok(Logger { path: path.to_path_buf(), file, wrote_any })
    }

    /// Appends one cell (`echo` and `output`, as `replay` prints them) and flushes it.
    pub fn cell(&mut self, ipython: bool, echo: &str, output: &str) -> std::io::Result<()> {
        let mut s = String::with_capacity(echo.len() + output.len() + 1);
        if ipython && self.wrote_any {
            s.push('\n');
        }
        s.push_str(echo);
        s.push_str(output);
        self.file.write_all(s.as_bytes())?;
        self.file.flush()?;
        self.wrote_any = true;
        Ok(())
    }
}

/// `%logstart`'s arguments: the file, whether to truncate it, whether to stay quiet.
pub struct LogArgs {
    pub file: String,
    pub over: bool,
    pub quiet: bool,
}

/// Parses `%logstart [-q] [FILE [MODE]]` (IPython's modes: `append` and `over` are honoured,
/// the others append too).
pub fn log_args(args: &str) -> LogArgs {
    let mut quiet = false;
    let mut words = Vec::new();
    for w in args.split_whitespace() {
        match w {
            "-q" => quiet = true,
            w if w.starts_with('-') => {}
            w => words.push(w),
        }
    }
    LogArgs {
        file: words.first().map(|s| s.to_string()).unwrap_or_else(|| "reloadlab_log.txt".into()),
        over: words.get(1) == Some(&"over"),
        quiet,
    }
}

/// What `%logstart` prints, after IPython's `Logger.logstate()`.
pub fn log_banner(file: &str, over: bool) -> String {
    format!(
        "Activating auto-logging. Current session state plus future input saved.\n\
Filename       : {file}\n\
Mode           : {}\n\
Output logging : True\n\
Raw input log  : True\n\
Timestamping   : False\n\
State          : active\n",
        if over { "over" } else { "append" }
    )
}

/// The sentence `%python` ends with: which cells now print something else.
pub fn differ_line(cells: &[usize], new: &str, old: &str) -> String {
    if cells.is_empty() {
        format!("no cell gives a different output ({new} vs {old})\n")
    } else {
        let list: Vec<String> = cells.iter().map(|n| n.to_string()).collect();
        format!("cells that now differ: {} ({new} vs {old})\n", list.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_magics_are_recognised() {
        assert_eq!(own_magic("%python 2.7"), Some(("python", "2.7")));
        assert_eq!(own_magic("  %logstop"), Some(("logstop", "")));
        assert_eq!(own_magic("%who"), None);
        assert_eq!(own_magic("%%writefile x"), None);
        assert_eq!(own_magic("%pythonx"), None);
    }

    #[test]
    fn log_arguments() {
        let a = log_args("-q /tmp/x.log over");
        assert_eq!((a.file.as_str(), a.over, a.quiet), ("/tmp/x.log", true, true));
        assert_eq!(log_args("").file, "reloadlab_log.txt");
    }

    #[test]
    fn differing_cells_sentence() {
        assert_eq!(differ_line(&[4, 6], "2.7", "3.6"), "cells that now differ: 4, 6 (2.7 vs 3.6)\n");
        assert_eq!(differ_line(&[], "3.7", "3.6"), "no cell gives a different output (3.7 vs 3.6)\n");
    }

    #[test]
    fn the_log_is_a_transcript() {
        let p = std::env::temp_dir().join(format!("reloadlab-log-{}", std::process::id()));
        let _ = std::fs::remove_file(&p);
        let mut l = Logger::open(&p, false).unwrap();
        l.cell(true, "In [1]: import math\n", "").unwrap();
        l.cell(true, "In [2]: 1\n", "Out[2]: 1\n").unwrap();
        drop(l);
        let mut l = Logger::open(&p, false).unwrap();
        l.cell(true, "In [3]: 2\n", "Out[3]: 2\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "In [1]: import math\n\nIn [2]: 1\nOut[2]: 1\n\nIn [3]: 2\nOut[3]: 2\n"
        );
        let _ = std::fs::remove_file(&p);
    }
}
