//! The REPL's persistent input history: one file in the user's data directory
//! (`$XDG_DATA_HOME/reloadlab/history`, else `~/.local/share/reloadlab/history` on Linux),
//! one typed line per line, appended and flushed after every cell.
//!
//! A history file must never stop the REPL: one that cannot be read is moved aside
//! (`history.corrupt`) and one that cannot be written is given up on, each with one line of
//! warning on stderr.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How many lines are kept when the file is read back.
const KEEP: usize = 10_000;

/// The history file of this run (or none with `--no-history`).
pub struct HistoryFile {
    path: Option<PathBuf>,
    /// Warnings not yet shown (shown by the caller, one line each).
    pub warnings: Vec<String>,
}

impl HistoryFile {
    /// The default place: `<data dir>/reloadlab/history`.
    pub fn default_path() -> Option<PathBuf> {
        dirs::data_dir().map(|d| d.join("reloadlab").join("history"))
    }

    /// A history at `path`; `None` keeps no history.
    pub fn new(path: Option<PathBuf>) -> HistoryFile {
        HistoryFile { path, warnings: Vec::new() }
    }

    /// The lines saved by earlier runs, oldest first.
    pub fn load(&mut self) -> Vec<String> {
        let Some(path) = self.path.clone() else { return Vec::new() };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
            Err(e) => {
                self.warnings.push(format!("cannot read history file {}: {}", path.display(), reason(&e)));
                return Vec::new();
            }
        };
        match String::from_utf8(bytes).ok().and_then(|t| decode(&t)) {
            Some(mut lines) => {
                if lines.len() > KEEP {
                    lines.drain(..lines.len() - KEEP);
                }
                lines
            }
            None => {
                let aside = path.with_extension("corrupt");
                let moved = std::fs::rename(&path, &aside).is_ok();
                self.warnings.push(if moved {
                    format!("history file {} is corrupt; moved it to {} and started a new one", path.display(), aside.display())
                } else {
                    format!("history file {} is corrupt; history will not be saved", path.display())
                });
                if !moved {
                    self.path = None;
                }
                Vec::new()
            }
        }
    }

    /// Appends typed lines and flushes them. The first failure is reported once and turns
    /// saving off for the rest of the run.
    pub fn append(&mut self, lines: &[String]) {
        let Some(path) = self.path.clone() else { return };
        if lines.is_empty() {
            return;
        }
        if let Err(e) = append_to(&path, lines) {
            self.warnings.push(format!("cannot write history file {}: {}; history will not be saved", path.display(), reason(&e)));
            self.path = None;
        }
    }
}

fn append_to(path: &Path, lines: &[String]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f: File = OpenOptions::new().create(true).append(true).open(path)?;
    let mut buf = String::new();
    for l in lines {
        buf.push_str(&encode(l));
        buf.push('\n');
    }
    f.write_all(buf.as_bytes())?;
    f.flush()
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "no such directory".into(),
        _ => e.to_string(),
    }
}

/// One entry as a line: `\` and newlines escaped.
fn encode(entry: &str) -> String {
    entry.replace('\\', "\\\\").replace('\n', "\\n")
}

/// The entries of a history file, or `None` when it is not one.
fn decode(text: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        if line.contains('\0') {
            return None;
        }
        let mut s = String::with_capacity(line.len());
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('\\') => s.push('\\'),
                    _ => return None,
                }
            } else {
                s.push(c);
            }
        }
        out.push(s);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("reloadlab-hist-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn lines_survive_a_round_trip() {
        let d = tmp("roundtrip");
        let p = d.join("sub").join("history");
        let mut h = HistoryFile::new(Some(p.clone()));
        assert!(h.load().is_empty());
        h.append(&["import math".into(), "x = 'a\\\\b'".into(), "two\nlines".into()]);
        h.append(&["del math.cos".into()]);
        let mut h2 = HistoryFile::new(Some(p));
        assert_eq!(h2.load(), vec!["import math", "x = 'a\\\\b'", "two\nlines", "del math.cos"]);
        assert!(h2.warnings.is_empty());
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_with_one_warning() {
        let d = tmp("corrupt");
        let p = d.join("history");
        std::fs::write(&p, b"import math\n\xff\xfe\n").unwrap();
        let mut h = HistoryFile::new(Some(p.clone()));
        assert!(h.load().is_empty());
        assert_eq!(h.warnings.len(), 1);
        assert!(h.warnings[0].contains("corrupt"), "{}", h.warnings[0]);
        assert!(d.join("history.corrupt").exists());
        h.append(&["1".into()]);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "1\n");
    }

    #[test]
    fn an_unwritable_file_warns_once() {
        let d = tmp("unwritable");
        // A directory where the file should be: cannot be opened for appending.
        let p = d.join("history");
        std::fs::create_dir_all(&p).unwrap();
        let mut h = HistoryFile::new(Some(p));
        let _ = h.load();
        h.append(&["a".into()]);
        h.append(&["b".into()]);
        assert!(h.warnings.iter().filter(|w| w.contains("cannot write")).count() == 1, "{:?}", h.warnings);
    }
}
