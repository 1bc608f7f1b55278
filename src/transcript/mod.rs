//! `transcript`: the transcripts people paste — from Stack Overflow, a terminal, a doctest,
//! an IPython log, or a file reloadlab recorded (`replay --record`, `%logstart`) — read into
//! cells (the input typed at the prompts) and what each cell is expected to show; and what
//! the text itself says about the session that printed it: the front end, the IPython era,
//! the Python version, the install prefix.
//!
//! [`check`] replays the cells and compares; [`record`] writes the transcript format,
//! [`asciicast`] and [`svg`] turn a replay into something to share.
//!
//! Copy and paste is tolerated: CRLF and lone CR line ends, trailing spaces, a missing final
//! newline, HTML entities (`&lt;module 'math'&gt;`), non-breaking spaces, Markdown code
//! fences, a common indentation, and a shell prompt, a banner or prose before the session.

pub mod asciicast;
pub mod check;
pub mod record;
pub mod screen;
pub mod svg;

use crate::profile::{CellHash, IpyVersion, PyVersion};
use crate::render::ipython_cell_name;
use crate::profile::IpythonEra;
use crate::session::Style;

/// How the session was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// IPython: `In [N]: `, `   ...: ` continuation lines, `Out[N]: `; cells are separated by
    /// one empty line.
    Ipython,
    /// The plain REPL (`python -i`) or 3.13's new REPL: `>>> ` and `... `. Everything up to
    /// the next `>>> ` is output, empty lines included.
    Repl,
    /// doctest, or a REPL session pasted with empty lines between the statements: as
    /// [`Format::Repl`], but an empty line ends an example's output (`<BLANKLINE>` stands for
    /// an empty output line) and a traceback's stack may be written `...`.
    Doctest,
}

impl Format {
    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Ipython => "IPython",
            Format::Repl => "REPL",
            Format::Doctest => "doctest",
        }
    }
}

/// One input of a transcript and what the transcript shows for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// `N` of `In [N]:` in IPython; the input's position (1-based) in a REPL or doctest.
    pub number: usize,
    /// The input as typed, without prompts and without the empty lines that end a
    /// multi-line input (the front end's echo adds those back).
    pub source: String,
    /// What the transcript shows for the cell: the prompts with the input, then the output;
    /// one string per line, trailing spaces removed. For IPython, without the empty line that
    /// separates it from the next cell.
    pub expected: Vec<String>,
    /// The line of the transcript where the cell's prompt is (1-based).
    pub line: usize,
    /// doctest's `# doctest: +SKIP`: not run, not compared.
    pub skip: bool,
}

/// What the text of a transcript says about the session that printed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The Python version, and what says so (a banner, a library path, an extension suffix).
    pub python: Option<(PyVersion, String)>,
    /// The IPython version named by a banner (`IPython 6.1.0 -- An enhanced …`).
    pub ipython: Option<IpyVersion>,
    /// The digest in `<ipython-input-N-HASH>` (IPython ≤ 7).
    pub cell_hash: Option<CellHash>,
    /// `in <module>()` (≤ 6.x) or `in <module>` (7.x).
    pub module_parens: Option<bool>,
    /// `Cell In[N], line L` (IPython 8+).
    pub cell_in: bool,
    /// `File "<stdin>"` (plain REPL) or `File "<python-input-N>"` (3.13's new REPL).
    pub style: Option<Style>,
    /// The install prefix, from a library path (`…/lib/python3.6/…`) or IPython's launcher.
    pub prefix: Option<String>,
    /// The working directory, from the path of a module the session wrote with `%%writefile`.
    pub cwd: Option<String>,
}

impl Evidence {
    /// Whether an IPython era agrees with the traceback headers (and banner) seen.
    pub fn fits_era(&self, era: &IpythonEra) -> bool {
        use crate::profile::CellHeader;
        if let Some(v) = self.ipython {
            if let Some(seen) = IpythonEra::get(v) {
                if check::era_key(&seen) != check::era_key(era) {
                    return false;
                }
            }
        }
        match era.header {
            CellHeader::InputFile { hash, parens } => {
                !self.cell_in && self.cell_hash.is_none_or(|h| h == hash) && self.module_parens.is_none_or(|p| p == parens)
            }
            CellHeader::CellIn => self.cell_hash.is_none() && self.module_parens.is_none(),
        }
    }
}

/// A transcript read into cells.
#[derive(Clone, Debug)]
pub struct Transcript {
    pub format: Format,
    pub cells: Vec<Cell>,
    pub evidence: Evidence,
}

/// Why a text is not a transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Undoes what copy and paste does to text: line ends become `\n`, HTML entities and
/// non-breaking spaces are decoded, a byte-order mark is dropped, and trailing spaces are
/// removed from every line. The result ends with a newline unless it is empty.
pub fn normalize(text: &str) -> String {
    let text = clean(text);
    let mut out = String::with_capacity(text.len() + 1);
    for line in text.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// [`normalize`] but for the trailing spaces, which an input line may hold (they are part of
/// the source IPython hashes into a cell's name, and a caret may point at them).
fn clean(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = if has_html_entities(&text) { decode_html_entities(&text) } else { text };
    text.replace('\u{a0}', " ")
}

const ENTITIES: &[(&str, &str)] =
    &[("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " "), ("&amp;", "&")];

fn has_html_entities(s: &str) -> bool {
    ENTITIES.iter().any(|(e, _)| s.contains(e))
}

/// Decodes the named entities a web page leaves in code (`&lt;`, `&gt;`, `&amp;`, `&quot;`,
/// `&#39;`, `&nbsp;`) and numeric ones (`&#60;`, `&#x3c;`), in one pass.
pub fn decode_html_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some((e, r)) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            out.push_str(r);
            rest = &rest[e.len()..];
            continue;
        }
        if let Some(num) = rest.strip_prefix("&#") {
            if let Some(end) = num.find(';').filter(|&e| e > 0 && e < 8) {
                let body = &num[..end];
                let code = match body.strip_prefix('x').or_else(|| body.strip_prefix('X')) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => body.parse().ok(),
                };
                if let Some(c) = code.and_then(char::from_u32) {
                    out.push(c);
                    rest = &num[end + 1..];
                    continue;
                }
            }
        }
        out.push('&');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

/// Reads a transcript. `name` (a file name) only helps to tell a doctest file (`.py`,
/// `.rst`) from a REPL paste.
pub fn parse(text: &str, name: &str) -> Result<Transcript, ParseError> {
    let raw: Vec<String> = clean(text).lines().map(str::to_string).collect();
    let (raw, lines_no) = inside_code_fences(raw);
    let lines: Vec<String> = raw.iter().map(|l| l.trim_end().to_string()).collect();
    let ipy = lines.iter().any(|l| ipython_prompt(l.trim_start()).is_some());
    let repl = lines.iter().any(|l| repl_prompt(l.trim_start()).is_some());
    let mut t = if ipy {
        parse_ipython(&lines, &raw, &lines_no)
    } else if repl {
        parse_repl(&lines, &raw, &lines_no, name)
    } else if name.ends_with(".session") {
        return Err(ParseError(
            "a session file holds inputs only, nothing to compare with: `reloadlab replay --record FILE` makes a transcript of it".into(),
        ));
    } else {
        return Err(ParseError(
            "no prompts found: a transcript has inputs after `In [N]: ` (IPython) or `>>> ` (the REPL, doctest)".into(),
        ));
    };
    find_evidence(&mut t, &lines);
    Ok(t)
}

/// Markdown: when the text has code fences, only what is inside them is the session.
fn inside_code_fences(lines: Vec<String>) -> (Vec<String>, Vec<usize>) {
    let is_fence = |l: &str| {
        let t = l.trim_start();
        (t.starts_with("```") || t.starts_with("~~~"))
            && t[3..].chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '+' | '_' | '{' | '}' | '.' | ' '))
    };
    let numbered = (1..=lines.len()).collect();
    if !lines.iter().any(|l| is_fence(l)) {
        return (lines, numbered);
    }
    let mut inside = false;
    let (mut out, mut nos) = (Vec::new(), Vec::new());
    for (i, l) in lines.into_iter().enumerate() {
        if is_fence(&l) {
            inside = !inside;
            continue;
        }
        if inside {
            out.push(l);
            nos.push(i + 1);
        }
    }
    (out, nos)
}

/// `In [N]: rest` → (N, rest).
fn ipython_prompt(line: &str) -> Option<(usize, &str)> {
    let rest = line.strip_prefix("In [").or_else(|| line.strip_prefix("In["))?;
    let close = rest.find("]:")?;
    let n = rest[..close].trim().parse().ok()?;
    let after = &rest[close + 2..];
    Some((n, after.strip_prefix(' ').unwrap_or(after)))
}

/// `   ...: rest` (IPython 5+) or `   ....: rest` (IPython ≤ 4) → rest.
fn ipython_continuation(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let dots = t.chars().take_while(|&c| c == '.').count();
    if dots < 3 {
        return None;
    }
    let after = t[dots..].strip_prefix(':')?;
    Some(after.strip_prefix(' ').unwrap_or(after))
}

/// `>>> rest` → rest.
fn repl_prompt(line: &str) -> Option<&str> {
    if line == ">>>" {
        return Some("");
    }
    line.strip_prefix(">>> ")
}

/// `... rest` → rest.
fn repl_continuation(line: &str) -> Option<&str> {
    if line == "..." {
        return Some("");
    }
    line.strip_prefix("... ")
}

/// The common indentation of the prompt lines: the whole session is shifted by it (a
/// docstring, an indented Markdown block).
fn prompt_indent(lines: &[String], is_prompt: impl Fn(&str) -> bool) -> usize {
    lines
        .iter()
        .filter(|l| is_prompt(l.trim_start()))
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0)
}

fn dedent(line: &str, n: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(n)..]
}

/// `stripped` are the lines without trailing spaces, `raw` with them (inputs are read from
/// `raw`); `nos` their line numbers in the file.
fn parse_ipython(stripped: &[String], raw: &[String], nos: &[usize]) -> Transcript {
    let indent = prompt_indent(stripped, |l| ipython_prompt(l).is_some());
    let lines: Vec<&str> = stripped.iter().map(|l| dedent(l, indent)).collect();
    let raws: Vec<&str> = raw.iter().map(|l| dedent(l, indent)).collect();
    let mut cells: Vec<Cell> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((n, _)) = ipython_prompt(lines[i]) else {
            i += 1;
            continue;
        };
        let first = ipython_prompt(raws[i]).map_or("", |p| p.1);
        let start = i;
        let mut src = vec![first.to_string()];
        let mut expected = vec![lines[i].to_string()];
        i += 1;
        while i < lines.len() {
            match ipython_continuation(lines[i]) {
                Some(_) => {
                    src.push(ipython_continuation(raws[i]).unwrap_or("").to_string());
                    expected.push(lines[i].to_string());
                    i += 1;
                }
                None => break,
            }
        }
        while i < lines.len() && ipython_prompt(lines[i]).is_none() {
            expected.push(lines[i].to_string());
            i += 1;
        }
        while src.len() > 1 && src.last().is_some_and(|l| l.trim().is_empty()) {
            src.pop();
        }
        if i < lines.len() {
            // The empty line IPython prints before the next prompt.
            if expected.last().is_some_and(|l| l.is_empty()) {
                expected.pop();
            }
        } else {
            trim_trailing_empty(&mut expected);
        }
        let mut cell = Cell { number: n, source: src.join("\n"), expected, line: nos[start], skip: false };
        recover_trailing_spaces(&mut cell);
        cells.push(cell);
    }
    // The prompt waiting for input after the last cell, as pasted.
    while cells.last().is_some_and(|c| c.source.trim().is_empty() && c.expected.len() == 1) {
        cells.pop();
    }
    Transcript { format: Format::Ipython, cells, evidence: Evidence::default() }
}

/// Copy and paste may drop (or add) spaces at the end of an input line, and IPython hashes
/// them into the cell's name: when the traceback names the cell, the source whose digest
/// is that name is the one typed.
fn recover_trailing_spaces(cell: &mut Cell) {
    let Some(name) = cell.expected.iter().find_map(|l| {
        let at = l.find(&format!("<ipython-input-{}-", cell.number))?;
        Some(l[at..at + l[at..].find('>')? + 1].to_string())
    }) else {
        return;
    };
    let era = IpythonEra::get(IpyVersion(6, 1)).expect("6.1 is known");
    let names = |src: &str| [CellHash::Md5, CellHash::Sha1].map(|h| ipython_cell_name(&era, cell.number, src, h));
    if names(&cell.source).contains(&name) {
        return;
    }
    let base = cell.source.trim_end_matches([' ', '\t']).to_string();
    for tail in ["", " ", "  ", "   ", "    ", "\t"] {
        let src = format!("{base}{tail}");
        if names(&src).contains(&name) {
            cell.source = src;
            return;
        }
    }
}

fn trim_trailing_empty(v: &mut Vec<String>) {
    while v.len() > 1 && v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
}

/// Lines that continue an exception's output after an empty line (chained exceptions).
fn continues_output(line: &str) -> bool {
    line.starts_with("During handling of the above exception")
        || line.starts_with("The above exception was the direct cause")
        || line.starts_with("Traceback (most recent call last)")
}

fn parse_repl(stripped: &[String], raw_lines: &[String], nos: &[usize], name: &str) -> Transcript {
    let raw = stripped;
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let doctest = raw.iter().any(|l| l.contains("<BLANKLINE>") || l.contains("# doctest:"))
        || matches!(ext.as_str(), "py" | "rst" | "pyi")
        || raw.windows(2).any(|w| w[0].is_empty() && repl_prompt(w[1].trim_start()).is_some());
    let mut cells: Vec<Cell> = Vec::new();
    let mut i = 0;
    let mut number = 0;
    while i < raw.len() {
        if repl_prompt(raw[i].trim_start()).is_none() {
            i += 1;
            continue;
        }
        // Each example has its own indentation (docstrings of nested functions differ).
        let indent = indent_of(&raw[i]);
        let line = |k: usize| dedent(&raw[k], indent);
        let raw_line = |k: usize| dedent(&raw_lines[k], indent);
        let start = i;
        number += 1;
        let mut src = vec![repl_prompt(raw_line(i).trim_start()).unwrap_or("").to_string()];
        let mut expected = vec![line(i).to_string()];
        i += 1;
        while i < raw.len() {
            match repl_continuation(line(i)) {
                Some(_) if indent_of(&raw[i]) >= indent => {
                    src.push(repl_continuation(raw_line(i)).unwrap_or("").to_string());
                    expected.push(line(i).to_string());
                    i += 1;
                }
                _ => break,
            }
        }
        while i < raw.len() && repl_prompt(raw[i].trim_start()).is_none() {
            let l = line(i);
            // doctest: an empty line, or one indented less than the prompt (the docstring's
            // closing quotes, prose), ends the output, unless a chained exception goes on.
            let ends = doctest && (l.is_empty() || indent_of(&raw[i]) < indent);
            if ends {
                let next = raw[i..].iter().find(|l| !l.is_empty()).map(|l| dedent(l, indent));
                if l.is_empty() && next.is_some_and(continues_output) {
                    expected.push(String::new());
                    i += 1;
                    continue;
                }
                while i < raw.len() && repl_prompt(raw[i].trim_start()).is_none() {
                    i += 1;
                }
                break;
            }
            expected.push(if doctest && l == "<BLANKLINE>" { String::new() } else { l.to_string() });
            i += 1;
        }
        while src.len() > 1 && src.last().is_some_and(|l| l.trim().is_empty()) {
            src.pop();
        }
        if i >= raw.len() {
            trim_trailing_empty(&mut expected);
        }
        let skip = doctest && src.iter().any(|l| l.contains("doctest:") && l.contains("+SKIP"));
        cells.push(Cell { number, source: src.join("\n"), expected, line: nos[start], skip });
    }
    while cells.last().is_some_and(|c| c.source.trim().is_empty() && c.expected.len() == 1) {
        cells.pop();
    }
    Transcript { format: if doctest { Format::Doctest } else { Format::Repl }, cells, evidence: Evidence::default() }
}

/// What the transcript's text says about the session: see [`Evidence`].
fn find_evidence(t: &mut Transcript, lines: &[String]) {
    let ev = &mut t.evidence;
    // Banners before the first prompt: `Python 3.6.5 |Anaconda…| (default, …)`,
    // `IPython 6.1.0 -- An enhanced Interactive Python.`; a shell command `python3.6`.
    for l in lines.iter().take_while(|l| ipython_prompt(l.trim_start()).is_none() && repl_prompt(l.trim_start()).is_none()) {
        let l = l.trim_start();
        if let Some(rest) = l.strip_prefix("Python ") {
            if let Some(v) = version_prefix(rest).filter(|v| crate::profile::Profile::get(*v).is_some()) {
                ev.python.get_or_insert((v, format!("the banner `{}`", clip(l, 40))));
            }
        }
        if let Some(rest) = l.strip_prefix("IPython ") {
            if rest.contains("An enhanced Interactive Python") {
                ev.ipython = version_prefix(rest).map(|v| IpyVersion(v.0, v.1));
            }
        }
        if l.starts_with('$') || l.starts_with('%') || l.contains("$ ") || l.contains("> ") {
            for word in l.split_whitespace() {
                let w = word.rsplit('/').next().unwrap_or(word);
                if let Some(v) = w.strip_prefix("python").or_else(|| w.strip_prefix("ipython")).and_then(version_prefix) {
                    if crate::profile::Profile::get(v).is_some() {
                        ev.python.get_or_insert((v, format!("the command `{}`", clip(l, 40))));
                    }
                } else if w == "python2" || w == "ipython2" {
                    ev.python.get_or_insert((PyVersion(2, 7), format!("the command `{}`", clip(l, 40))));
                }
            }
        }
    }
    let all: Vec<&str> = t.cells.iter().flat_map(|c| c.expected.iter().skip(1)).map(String::as_str).collect();
    for l in &all {
        if ev.python.is_none() {
            if let Some(v) = lib_python_version(l) {
                ev.python = Some((v, format!("the path `…/lib/python{v}/…`")));
            } else if let Some(v) = ext_suffix_version(l) {
                ev.python = Some((v, format!("the extension suffix of `{}`", clip(l.trim(), 60))));
            }
        }
        if ev.prefix.is_none() {
            ev.prefix = prefix_of(l);
        }
        if l.contains("File \"<stdin>\"") {
            ev.style.get_or_insert(Style::Python);
        }
        if l.contains("File \"<python-input-") {
            ev.style.get_or_insert(Style::Pyrepl);
        }
        let lt = l.trim_start();
        if lt.starts_with("Cell In[") {
            ev.cell_in = true;
        }
    }
    // `<ipython-input-N-HASH> in <module>()` and `File "<ipython-input-N-HASH>", line L`: the
    // digest of the cell's own source tells md5 from sha1.
    for c in &t.cells {
        for l in c.expected.iter().skip(1) {
            let Some(at) = l.find("<ipython-input-") else { continue };
            let name_end = l[at..].find('>').map(|e| at + e + 1);
            let Some(end) = name_end else { continue };
            let name = &l[at..end];
            for hash in [CellHash::Md5, CellHash::Sha1] {
                let era = IpythonEra::get(IpyVersion(6, 1)).expect("6.1 is known");
                if ipython_cell_name(&era, c.number, &c.source, hash) == name {
                    ev.cell_hash.get_or_insert(hash);
                }
            }
            let after = &l[end..];
            if let Some(m) = after.strip_prefix(" in <module>") {
                ev.module_parens.get_or_insert(m.starts_with("()"));
            }
        }
    }
    // `%%writefile mymod.py` then `<module 'mymod' from '/home/alice/mymod.py'>`.
    let written: Vec<String> = t
        .cells
        .iter()
        .filter_map(|c| c.source.trim_start().strip_prefix("%%writefile"))
        .filter_map(|r| r.lines().next()?.split_whitespace().find(|w| !w.starts_with('-')).map(str::to_string))
        .filter(|f| !f.starts_with('/'))
        .collect();
    'files: for f in &written {
        for l in &all {
            for q in ['\'', '"'] {
                let pat = format!("/{f}{q}");
                if let Some(at) = l.find(&pat) {
                    if let Some(start) = l[..at].rfind(q) {
                        let dir = &l[start + 1..at];
                        if dir.starts_with('/') {
                            ev.cwd = Some(dir.to_string());
                            break 'files;
                        }
                    }
                }
            }
        }
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

/// `3.6.5 …` → 3.6.
fn version_prefix(s: &str) -> Option<PyVersion> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let mut it = digits.split('.');
    let a = it.next()?.parse().ok()?;
    let b = it.next()?.parse().ok()?;
    Some(PyVersion(a, b))
}

/// `…/lib/python3.6/…` → 3.6.
fn lib_python_version(l: &str) -> Option<PyVersion> {
    let at = l.find("/lib/python")?;
    version_prefix(&l[at + "/lib/python".len()..]).filter(|v| crate::profile::Profile::get(*v).is_some())
}

/// `.cpython-36m-x86_64-linux-gnu.so` → 3.6.
fn ext_suffix_version(l: &str) -> Option<PyVersion> {
    let at = l.find(".cpython-")?;
    let digits: String = l[at + 9..].chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() < 2 {
        return None;
    }
    let v = PyVersion(digits[..1].parse().ok()?, digits[1..].parse().ok()?);
    crate::profile::Profile::get(v).map(|p| p.version)
}

/// The install prefix in a line: what comes before `/lib/pythonX.Y/` in a path, or before
/// `/bin/ipython:` (IPython 7's warnings name its launcher).
fn prefix_of(l: &str) -> Option<String> {
    let at = l.find("/lib/python").filter(|&at| lib_python_version(&l[at..]).is_some()).or_else(|| l.find("/bin/ipython:"))?;
    let start = l[..at].rfind(|c: char| c == '\'' || c == '"' || c.is_whitespace() || c == '(').map(|i| i + 1).unwrap_or(0);
    let p = &l[start..at];
    (p.starts_with('/') || p.is_empty()).then(|| if p.is_empty() { "/".to_string() } else { p.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_line_ends() {
        assert_eq!(normalize("a&lt;b&gt; &amp;lt; &#39;x&#x27;\r\nc  \rd"), "a<b> &lt; 'x'\nc\nd\n");
        assert_eq!(normalize(""), "");
        assert_eq!(decode_html_entities("&unknown; & &#60;"), "&unknown; & <");
    }

    #[test]
    fn ipython_cells() {
        let t = parse("$ ipython\nIn [1]: import math\n\nIn [2]: math.pi\nOut[2]: 3.141592653589793\n\nIn [3]: ", "x.txt").unwrap();
        assert_eq!(t.format, Format::Ipython);
        assert_eq!(t.cells.len(), 2);
        assert_eq!(t.cells[1].source, "math.pi");
        assert_eq!(t.cells[1].expected, vec!["In [2]: math.pi", "Out[2]: 3.141592653589793"]);
        assert_eq!(t.cells[1].line, 4);
    }

    #[test]
    fn multi_line_cells_drop_the_finishing_empty_lines() {
        let t = parse("In [1]: %%writefile m.py\n   ...: x = 1\n   ...:\n   ...:\nWriting m.py\n", "").unwrap();
        assert_eq!(t.cells[0].source, "%%writefile m.py\nx = 1");
        assert_eq!(t.cells[0].expected.len(), 5);
    }

    #[test]
    fn repl_and_doctest() {
        let t = parse(">>> import math\n>>> math.cos\n<built-in function cos>\n>>> ", "").unwrap();
        assert_eq!(t.format, Format::Repl);
        assert_eq!(t.cells.len(), 2);
        let d = parse("Some prose.\n\n    >>> print('a')\n    a\n    <BLANKLINE>\n\nMore prose.\n\n    >>> 1\n    1\n", "").unwrap();
        assert_eq!(d.format, Format::Doctest);
        assert_eq!(d.cells[0].expected, vec![">>> print('a')", "a", ""]);
        assert_eq!(d.cells[1].expected, vec![">>> 1", "1"]);
    }

    #[test]
    fn evidence_from_the_seed_style() {
        let t = parse(
            "In [1]: math.cos\n---\nAttributeError                            Traceback (most recent call last)\n<ipython-input-1-05b06e378197> in <module>()\n\nIn [2]: x\nOut[2]: <module 'math' from '/opt/py/lib/python3.6/lib-dynload/math.cpython-36m-x86_64-linux-gnu.so'>\n",
            "",
        )
        .unwrap();
        let e = &t.evidence;
        assert_eq!(e.python.as_ref().map(|p| p.0), Some(PyVersion(3, 6)));
        assert_eq!(e.prefix.as_deref(), Some("/opt/py"));
        assert_eq!(e.module_parens, Some(true));
        // md5 of "math.cos\n" is 05b06e378197…
        assert_eq!(e.cell_hash, Some(CellHash::Md5));
    }

    #[test]
    fn fences_and_indentation() {
        let t = parse("Question text\n```python\n    >>> 1\n    1\n```\nAnswer: text\n", "").unwrap();
        assert_eq!(t.cells.len(), 1);
        assert_eq!(t.cells[0].expected, vec![">>> 1", "1"]);
        assert_eq!(t.cells[0].line, 3);
    }
}
