//! `render`: turns what a cell did (the runtime's [`Event`]s) into the exact text a front end
//! prints: IPython of each era, the plain `python -i` REPL, or 3.13's new REPL. Prompts and
//! the echo of the typed input are here too, so a transcript is `render` all the way down.

pub mod color;
mod ipython;
mod plain;

use crate::profile::{CellHash, IpythonEra, Profile};
use crate::runtime::{Event, FrontEnd, PyErr};
use crate::syntax::SyntaxErrorInfo;
use md5::Digest;

/// The terminal's width: stdout's, else `$COLUMNS`, else 80.
pub fn terminal_width() -> usize {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
        return w as usize;
    }
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(80)
}

/// What a cell produced, as the renderer needs it.
pub enum CellOutput<'a> {
    /// The runtime's events.
    Events(&'a [Event]),
    /// The cell did not compile.
    Syntax(&'a SyntaxErrorInfo),
    /// Text a magic printed.
    Text(String),
    /// Nothing (an empty cell, a silent magic).
    Nothing,
}

/// Renders cells for one front end of one version.
#[derive(Clone)]
pub struct Renderer {
    pub profile: &'static Profile,
    pub front: FrontEnd,
    /// The install prefix replacing `/usr/local` in recorded library frames.
    pub prefix: String,
    pub color: bool,
}

impl Renderer {
    pub fn new(profile: &'static Profile, front: FrontEnd, prefix: &str) -> Renderer {
        Renderer { profile, front, prefix: prefix.trim_end_matches('/').to_string(), color: false }
    }

    /// The prompt before the first line of cell `n`.
    pub fn prompt(&self, n: usize) -> String {
        match self.front {
            FrontEnd::Ipython(_) => format!("In [{n}]: "),
            _ => ">>> ".into(),
        }
    }

    /// The prompt before a continuation line of cell `n`.
    pub fn continuation(&self, n: usize) -> String {
        match self.front {
            FrontEnd::Ipython(_) => {
                let w = self.prompt(n).chars().count();
                format!("{}...: ", " ".repeat(w.saturating_sub(5)))
            }
            _ => "... ".into(),
        }
    }

    /// The echo of a typed IPython cell: its lines behind the prompts, and the empty lines
    /// the user presses Enter on to finish a multi-line cell.
    pub fn echo_ipython(&self, n: usize, source: &str, extra_blank: usize) -> String {
        let mut out = String::new();
        for (i, line) in source.split('\n').enumerate() {
            out.push_str(&if i == 0 { self.prompt(n) } else { self.continuation(n) });
            out.push_str(line);
            out.push('\n');
        }
        for _ in 0..extra_blank {
            out.push_str(&self.continuation(n));
            out.push('\n');
        }
        out
    }

    /// The output of cell `n` whose source is `source`.
    pub fn output(&self, n: usize, source: &str, out: &CellOutput) -> String {
        match self.front {
            FrontEnd::Ipython(era) => ipython::output(self, &era, n, source, out),
            _ => plain::output(self, n, source, out),
        }
    }

    /// Library frame text with the user's prefix (and, for 3.4/3.5, their directory name).
    pub(crate) fn fix_paths(&self, text: &str) -> String {
        let s = text.replace("/usr/local/", &format!("{}/", self.prefix));
        self.profile.own_library_dir(&s).unwrap_or(s)
    }

    /// `ExcType: message` with the REPL's hint where that version shows it.
    pub(crate) fn exc_line(&self, e: &PyErr, with_hint: bool) -> String {
        let mut s = if e.msg.is_empty() { e.ty.clone() } else { format!("{}: {}", e.ty, e.msg) };
        if with_hint {
            if let Some(h) = &e.hint {
                s.push_str(h);
            }
        }
        s
    }
}

/// IPython's name for a cell's code: `<ipython-input-N-HASH>`, HASH being the first 12 hex
/// digits of the digest of the cell's source plus a newline.
pub fn ipython_cell_name(era: &IpythonEra, n: usize, source: &str, hash: CellHash) -> String {
    let _ = era;
    let data = format!("{source}\n");
    let hex = match hash {
        CellHash::Md5 => hexs(&md5::Md5::digest(data.as_bytes())),
        CellHash::Sha1 => hexs(&sha1::Sha1::digest(data.as_bytes())),
    };
    format!("<ipython-input-{n}-{}>", &hex[..12])
}

fn hexs(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The sentence for something reloadlab does not emulate.
pub fn unsupported_line(what: &str) -> String {
    if what.starts_with("reloadlab") { what.to_string() } else { format!("not supported by reloadlab: {what}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::IpyVersion;

    #[test]
    fn cell_names_match_the_seed() {
        let era = IpythonEra::get(IpyVersion(6, 1)).unwrap();
        assert_eq!(ipython_cell_name(&era, 4, "math.cos", CellHash::Md5), "<ipython-input-4-05b06e378197>");
        assert_eq!(ipython_cell_name(&era, 4, "math.cos", CellHash::Sha1), "<ipython-input-4-9cef3313d2e6>");
    }
}
