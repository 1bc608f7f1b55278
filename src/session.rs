//! `session`: one emulated session — an interpreter of one version in one front end — fed
//! cell by cell. It owns the parts every front end shares: splitting session files into
//! cells, IPython's magics, the plain REPL's line-by-line input, and the transcript text.

use crate::profile::{IpyVersion, IpythonEra, Profile, PyVersion};
use crate::render::{CellOutput, Renderer};
use crate::runtime::{Event, FrontEnd, Interp, TraceStep};
use crate::syntax::{Mode, ParseError, SyntaxErrorInfo, parse_cell};

/// Which front end a session looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Ipython,
    Python,
    Pyrepl,
}

impl Style {
    pub fn parse(s: &str) -> Option<Style> {
        match s {
            "ipython" => Some(Style::Ipython),
            "python" => Some(Style::Python),
            "pyrepl" => Some(Style::Pyrepl),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Style::Ipython => "ipython",
            Style::Python => "python",
            Style::Pyrepl => "pyrepl",
        }
    }
}

/// Everything that chooses what a session emulates.
#[derive(Clone, Debug)]
pub struct Options {
    pub python: PyVersion,
    pub style: Style,
    /// The IPython version (default: that Python's era).
    pub ipython: Option<IpyVersion>,
    pub prefix: String,
    /// The working directory (`%%writefile`'s files, `''` on `sys.path`); default
    /// `/home/user`.
    pub cwd: Option<String>,
}

impl Options {
    pub fn new(python: PyVersion, style: Style) -> Options {
        Options { python, style, ipython: None, prefix: "/usr/local".into(), cwd: None }
    }
}

/// What one typed cell (IPython) or one typed statement (plain REPL) did.
#[derive(Clone, Debug)]
pub struct CellRun {
    /// IPython's execution count, or the 1-based input number in the plain REPL.
    pub number: usize,
    /// The source as typed.
    pub source: String,
    /// The prompts and the echoed input.
    pub echo: String,
    /// What the front end printed for it.
    pub output: String,
    /// The runtime's events (empty for magics and syntax errors).
    pub events: Vec<Event>,
    /// The import machinery's steps (`--explain`).
    pub trace: Vec<TraceStep>,
    /// `exit()` was called.
    pub exit: bool,
}

/// A running emulated session.
pub struct Session {
    pub interp: std::rc::Rc<Interp>,
    pub renderer: Renderer,
    pub opts: Options,
    era: Option<IpythonEra>,
    /// The number of the next cell.
    next: usize,
    /// IPython's input history of this session: each cell's number and source (`%history`).
    inputs: Inputs,
}

/// A session that could not be created.
#[derive(Debug)]
pub struct SessionError(pub String);

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Session {
    pub fn new(opts: Options) -> Result<Session, SessionError> {
        let profile = Profile::get(opts.python).ok_or_else(|| {
            SessionError(format!(
                "unknown Python version {} (reloadlab emulates {})",
                opts.python,
                Profile::all().iter().map(|p| p.version.to_string()).collect::<Vec<_>>().join(", ")
            ))
        })?;
        let (front, era) = match opts.style {
            Style::Ipython => {
                let v = opts.ipython.unwrap_or(profile.default_ipython);
                let era = IpythonEra::get(v)
                    .ok_or_else(|| SessionError(format!("unknown IPython version {v} (reloadlab emulates 5.x to 9.x)")))?;
                (FrontEnd::Ipython(era), Some(era))
            }
            Style::Python => (FrontEnd::Python, None),
            Style::Pyrepl => {
                if !profile.pyrepl {
                    return Err(SessionError(format!(
                        "the new REPL (--style pyrepl) exists from Python 3.13 on, not in {}",
                        profile.version
                    )));
                }
                (FrontEnd::Pyrepl, None)
            }
        };
        let interp = Interp::new(profile, front, &opts.prefix, opts.cwd.as_deref()).map_err(|e| SessionError(e.0))?;
        let renderer = Renderer::new(profile, front, &opts.prefix);
        Ok(Session { interp, renderer, opts, era, next: 1, inputs: Inputs::default() })
    }

    pub fn profile(&self) -> &'static Profile {
        self.interp.profile
    }

    pub fn is_ipython(&self) -> bool {
        self.era.is_some()
    }

    /// The number the next cell will get.
    pub fn next_number(&self) -> usize {
        self.next
    }

    /// Takes the next number for a cell the front end ran itself (the REPL's own magics:
    /// IPython counts every cell it runs).
    pub fn take_number(&mut self, source: &str) -> usize {
        let n = self.next;
        self.next += 1;
        self.inputs.push(n, source);
        n
    }

    /// A block as one IPython cell, as IPython takes a pasted block (or one typed with its
    /// continuation lines) — the cells of a transcript (`check`). The plain REPL has no such
    /// thing: there it is [`Session::feed`].
    pub fn feed_cell(&mut self, cell: &str) -> Vec<CellRun> {
        if self.is_ipython() { vec![self.ipython_cell(cell)] } else { self.feed(cell) }
    }

    /// Runs one session cell as the harness types it: in IPython line by line, each
    /// complete buffer a cell; in the plain REPL each line is typed on its own, so a block
    /// may be several statements.
    pub fn feed(&mut self, cell: &str) -> Vec<CellRun> {
        if self.is_ipython() {
            self.ipython_lines(cell)
        } else if self.opts.style == Style::Pyrepl {
            // The new REPL draws a screen: a screen line has no trailing spaces.
            let mut runs = self.repl_lines(cell);
            for r in &mut runs {
                r.echo = rstrip_lines(&r.echo);
                r.output = rstrip_lines(&r.output);
            }
            runs
        } else {
            self.repl_lines(cell)
        }
    }

    /// Runs a whole session and returns its transcript, as the golden corpus writes it: the
    /// text ends with exactly one newline.
    pub fn transcript(&mut self, cells: &[String]) -> String {
        let mut out = String::new();
        let mut first = true;
        for c in cells {
            for run in self.feed(c) {
                if self.is_ipython() && !first {
                    out.push('\n');
                }
                first = false;
                out.push_str(&run.echo);
                out.push_str(&run.output);
                if run.exit {
                    return finish_transcript(out);
                }
            }
        }
        finish_transcript(out)
    }

    /// IPython reads a block line by line too: a buffer that is complete runs at once (6.x
    /// waits for an empty line once the buffer has several lines); a cell magic runs when
    /// the block ends.
    fn ipython_lines(&mut self, block: &str) -> Vec<CellRun> {
        let era = self.era.expect("an IPython session");
        if block.trim_start().starts_with("%%") {
            return vec![self.ipython_cell(block)];
        }
        let mut runs = Vec::new();
        let mut buf: Vec<&str> = Vec::new();
        for line in block.split('\n') {
            if buf.is_empty() && line.trim().is_empty() {
                continue;
            }
            buf.push(line);
            let src = buf.join("\n");
            if incomplete(&src) || (buf.len() > 1 && era.multiline_needs_blank) {
                continue;
            }
            runs.push(self.ipython_cell(&src));
            buf.clear();
        }
        if !buf.is_empty() {
            runs.push(self.ipython_cell(&buf.join("\n")));
        }
        runs
    }

    fn ipython_cell(&mut self, cell: &str) -> CellRun {
        let era = self.era.expect("an IPython session");
        let n = self.next;
        self.next += 1;
        self.inputs.push(n, cell);
        let trimmed = cell.trim_start();
        let multiline = cell.contains('\n');
        let (output, events, blank) = if let Some(rest) = trimmed.strip_prefix("%%") {
            let (out, blank) = self.cell_magic(rest, era);
            (self.renderer.output(n, cell, &out), vec![], blank)
        } else if let Some(rest) = trimmed.strip_prefix('%') {
            let out = self.line_magic(rest);
            (self.renderer.output(n, cell, &out), vec![], usize::from(multiline))
        } else {
            let (out, events) = self.python_cell(n, cell, Mode::Exec, false);
            (out, events, usize::from(multiline && (era.multiline_needs_blank || incomplete(cell))))
        };
        let echo = self.renderer.echo_ipython(n, cell, blank);
        let trace = self.interp.take_trace();
        let exit = events.iter().any(|e| matches!(e, Event::Exit));
        CellRun { number: n, source: cell.to_string(), echo, output, events, trace, exit }
    }

    /// Parses and runs Python source; returns what the front end prints and the events.
    fn python_cell(&mut self, n: usize, src: &str, mode: Mode, display_all: bool) -> (String, Vec<Event>) {
        match parse_cell(src, &self.interp.profile.dialect, mode) {
            Ok(stmts) => {
                let events = self.interp.run_cell(&stmts, src, n, display_all);
                (self.renderer.output(n, src, &CellOutput::Events(&events)), events)
            }
            Err(ParseError::Syntax(info)) => (self.syntax_text(n, src, &info), vec![]),
            Err(ParseError::Unsupported(what)) => {
                let events = vec![Event::Unsupported(what)];
                (self.renderer.output(n, src, &CellOutput::Events(&events)), events)
            }
        }
    }

    fn syntax_text(&self, n: usize, src: &str, info: &SyntaxErrorInfo) -> String {
        self.renderer.output(n, src, &CellOutput::Syntax(info))
    }

    /// The plain REPL: each line is typed at `>>> ` or `... `; a statement runs once complete.
    fn repl_lines(&mut self, cell: &str) -> Vec<CellRun> {
        let mut runs = Vec::new();
        let mut buf: Vec<String> = Vec::new();
        let mut echo = String::new();
        let lines: Vec<&str> = cell.split('\n').collect();
        let mut i = 0;
        while i < lines.len() || !buf.is_empty() {
            let line = if i < lines.len() {
                lines[i]
            } else {
                "" // the harness presses Enter on an empty continuation line
            };
            let at_end = i >= lines.len();
            i += 1;
            echo.push_str(if buf.is_empty() { ">>> " } else { "... " });
            echo.push_str(line);
            echo.push('\n');
            if buf.is_empty() && line.trim().is_empty() {
                runs.push(self.empty_run(std::mem::take(&mut echo)));
                continue;
            }
            buf.push(line.to_string());
            let src = buf.join("\n");
            if !at_end && incomplete(&src) {
                continue;
            }
            let n = self.next;
            self.next += 1;
            // The basic REPL compiles in 'single' mode and prints every expression statement;
            // 3.13's new REPL shows only the value of the last one.
            let display_all = self.opts.style != Style::Pyrepl;
            let (output, events) = self.python_cell(n, &src, Mode::Single, display_all);
            let trace = self.interp.take_trace();
            let exit = events.iter().any(|e| matches!(e, Event::Exit));
            runs.push(CellRun { number: n, source: src, echo: std::mem::take(&mut echo), output, events, trace, exit });
            buf.clear();
            if exit {
                break;
            }
        }
        runs
    }

    fn empty_run(&self, echo: String) -> CellRun {
        CellRun { number: self.next, source: String::new(), echo, output: String::new(), events: vec![], trace: vec![], exit: false }
    }

    /// `%%name args` cells. Returns the output and how many empty lines end the cell's input.
    fn cell_magic(&mut self, rest: &str, era: IpythonEra) -> (CellOutput<'static>, usize) {
        let (first, body) = rest.split_once('\n').unwrap_or((rest, ""));
        let mut words = first.split_whitespace();
        let name = words.next().unwrap_or("");
        let args: Vec<&str> = words.collect();
        let blank = era.cell_magic_blank_lines;
        match name {
            "writefile" => {
                let append = args.iter().any(|a| *a == "-a" || *a == "--append");
                let file = args.iter().find(|a| !a.starts_with('-')).copied().unwrap_or("");
                if file.is_empty() {
                    return (CellOutput::Text("UsageError: the following arguments are required: filename\n".into()), blank);
                }
                let path = if file.starts_with('/') { file.to_string() } else { format!("{}/{}", self.interp.cwd, file) };
                let existed = self.interp.vfs.borrow().contains_key(&path);
                let contents = format!("{body}{}", era.writefile_suffix);
                if append {
                    let mut v = self.interp.vfs.borrow_mut();
                    v.entry(path).or_default().push_str(&contents);
                } else {
                    self.interp.write_file(file, &contents);
                }
                let msg = if append {
                    format!("Appending to {file}\n")
                } else if existed {
                    format!("Overwriting {file}\n")
                } else {
                    format!("Writing {file}\n")
                };
                (CellOutput::Text(msg), blank)
            }
            _ => (CellOutput::Text(format!("UsageError: Cell magic `%%{name}` not found.\n")), blank),
        }
    }

    /// `%name args` line magics.
    fn line_magic(&mut self, rest: &str) -> CellOutput<'static> {
        let mut words = rest.split_whitespace();
        let name = words.next().unwrap_or("");
        let args: Vec<&str> = words.collect();
        match name {
            "who" => {
                let mut names: Vec<String> = self.interp.user_names().into_iter().filter(|n| !n.starts_with('_')).collect();
                names.sort();
                if names.is_empty() {
                    CellOutput::Text("Interactive namespace is empty.\n".into())
                } else {
                    // `print(name + '\t', end=' ')`, a line break after every nine names.
                    let mut s = String::new();
                    for (i, n) in names.iter().enumerate() {
                        s.push_str(n);
                        s.push_str("\t ");
                        if (i + 1) % 9 == 0 {
                            s.push('\n');
                        }
                    }
                    s.push('\n');
                    CellOutput::Text(s)
                }
            }
            "history" | "hist" => CellOutput::Text(history_magic(&self.inputs, &args)),
            "reset" if args.contains(&"-f") => {
                self.interp.reset_namespace();
                CellOutput::Nothing
            }
            "lsmagic" => CellOutput::Text(LSMAGIC.to_string()),
            _ => CellOutput::Text(format!("UsageError: Line magic function `%{name}` not found.\n")),
        }
    }
}

/// The inputs of a session by number (IPython's `In`), for `%history`: their text back to
/// back in one string (a long session keeps them all).
#[derive(Default)]
struct Inputs {
    text: String,
    /// Number, end of the text of each input (the start is the end of the one before);
    /// 32 bits each, 8 bytes an input.
    ends: Vec<(u32, u32)>,
}

impl Inputs {
    fn push(&mut self, n: usize, src: &str) {
        // (Past 4 GiB of input, or 4 billion cells, %history stops growing.)
        let (Ok(n), Ok(end)) = (u32::try_from(n), u32::try_from(self.text.len() + src.len())) else { return };
        self.text.push_str(src);
        self.ends.push((n, end));
    }

    fn iter(&self) -> impl Iterator<Item = (usize, &str)> {
        let mut start = 0;
        self.ends.iter().map(move |&(n, end)| {
            let src = &self.text[start..end as usize];
            start = end as usize;
            (n as usize, src)
        })
    }
}

/// `%history [-n] [RANGE ...]` over this session's inputs, as IPython's `HistoryMagics.history`
/// prints them: raw input, tabs expanded, trailing space stripped; with `-n` each input is
/// preceded by its number right-aligned in 4 columns and `:` (a newline instead of a space
/// for multi-line cells). Ranges: `4`, `4-6` (inclusive), `4:6` (exclusive).
fn history_magic(inputs: &Inputs, args: &[&str]) -> String {
    let mut nums = false;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for a in args {
        if *a == "-n" {
            nums = true;
        } else if a.starts_with('-') {
            return format!("UsageError: unrecognized arguments: {a}\n");
        } else {
            let parsed = if let Some((x, y)) = a.split_once('-') {
                x.parse().ok().zip(y.parse().ok())
            } else if let Some((x, y)) = a.split_once(':') {
                x.parse().ok().zip(y.parse::<usize>().ok().map(|y| y.saturating_sub(1)))
            } else {
                a.parse().ok().map(|x| (x, x))
            };
            if let Some(r) = parsed {
                ranges.push(r);
            }
        }
    }
    let mut out = String::new();
    for (n, src) in inputs.iter() {
        if !ranges.is_empty() && !ranges.iter().any(|&(a, b)| a <= n && n <= b) {
            continue;
        }
        let text = src.replace('\t', "    ");
        let text = text.trim_end();
        if nums {
            out.push_str(&format!("{n:>4}:{}", if text.contains('\n') { "\n" } else { " " }));
        }
        out.push_str(text);
        out.push('\n');
    }
    out
}

const LSMAGIC: &str = "Available line magics:\n%compare  %explain  %history  %logstart  %logstop  %lsmagic  %python  %reset  %who\n\nAvailable cell magics:\n%%writefile\n\nAutomagic is ON, % prefix IS NOT needed for line magics.\n";

/// A transcript ends with exactly one newline (the recorder drops the final prompt and the
/// blank line before it).
pub fn finish_transcript(mut s: String) -> String {
    while s.ends_with("\n\n") {
        s.pop();
    }
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn rstrip_lines(s: &str) -> String {
    s.split('\n').map(|l| l.trim_end()).collect::<Vec<_>>().join("\n")
}

/// Whether a plain-REPL input needs more lines: an open bracket, a trailing backslash or an
/// unterminated triple-quoted string.
pub fn incomplete(src: &str) -> bool {
    let mut depth: i64 = 0;
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut last_sig = ' ';
    while i < chars.len() {
        let c = chars[i];
        match c {
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\'' | '"' => {
                let triple = i + 2 < chars.len() && chars[i + 1] == c && chars[i + 2] == c;
                if triple {
                    i += 3;
                    loop {
                        if i + 2 >= chars.len() {
                            return true;
                        }
                        if chars[i] == '\\' {
                            i += 2;
                            continue;
                        }
                        if chars[i] == c && chars[i + 1] == c && chars[i + 2] == c {
                            i += 3;
                            break;
                        }
                        i += 1;
                    }
                } else {
                    i += 1;
                    while i < chars.len() && chars[i] != c && chars[i] != '\n' {
                        if chars[i] == '\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 1;
                }
                last_sig = c;
                continue;
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        if !c.is_whitespace() {
            last_sig = c;
        }
        if c == '\n' {
            last_sig = ' ';
        }
        i += 1;
    }
    depth > 0 || (last_sig == '\\' && src.trim_end().ends_with('\\'))
}

/// The cells of a session file (see `../shared/golden/README.md`): one per line, `## `
/// comments and blank lines skipped; or, when a line is exactly `#%%`, the blocks between
/// such lines, without their leading and trailing blank lines.
pub fn split_session(text: &str) -> Vec<String> {
    session_cells(&text.replace("\r\n", "\n")).into_iter().map(String::from).collect()
}

/// [`split_session`] of a text with `\n` line ends, borrowing the cells from it.
pub fn session_cells(text: &str) -> Vec<&str> {
    cells_of(text).collect()
}

/// The cells of a session text with `\n` line ends, one after the other (a replay streams
/// them: a long session is not held as a list).
pub fn cells_of(text: &str) -> Box<dyn Iterator<Item = &str> + '_> {
    if !text.split('\n').any(|l| l == "#%%") {
        return Box::new(text.split('\n').filter(|l| !l.trim().is_empty() && !l.starts_with("## ")));
    }
    Box::new(text.split("\n#%%\n").flat_map(|b| b.split("#%%\n")).filter_map(|block| {
        // The block's lines from the first to the last that is not blank, without a final
        // `#%%` (a marker at the end of the file): one slice of the text.
        let mut lines: Vec<&str> = block.split('\n').collect();
        while lines.last().is_some_and(|l| l.trim().is_empty() || *l == "#%%") {
            lines.pop();
        }
        let s = lines.iter().position(|l| !l.trim().is_empty())?;
        let start = lines[..s].iter().map(|l| l.len() + 1).sum::<usize>();
        let end = lines.iter().map(|l| l.len() + 1).sum::<usize>() - 1;
        Some(&block[start..end])
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_inputs() {
        assert!(incomplete("math.cos("));
        assert!(incomplete("x = [1,"));
        assert!(!incomplete("math.cos(0)"));
        assert!(!incomplete("s = '(('"));
        assert!(incomplete("s = '''abc"));
        assert!(!incomplete("x = 1 # ("));
    }

    #[test]
    fn sessions_split_into_cells() {
        assert_eq!(split_session("import math\n## note\n\nmath.cos\n"), vec!["import math", "math.cos"]);
        let s = "%%writefile m.py\nx = 1\n#%%\nimport m\n";
        assert_eq!(split_session(s), vec!["%%writefile m.py\nx = 1", "import m"]);
        // Blank lines around a cell and a marker at the very start or end are not part of it;
        // CRLF line ends are read as LF.
        let s = "#%%\n\nfor i in x:\n    pass\n\n#%%\n#%%\nimport m\n\n#%%";
        assert_eq!(split_session(s), vec!["for i in x:\n    pass", "import m"]);
        assert_eq!(split_session(&s.replace('\n', "\r\n")), vec!["for i in x:\n    pass", "import m"]);
    }

    #[test]
    fn cells_are_slices_of_the_text() {
        let text = "x = 1\n\nimport m\n#%%\ny = 2\n";
        let range = text.as_bytes().as_ptr_range();
        let cells = session_cells(text);
        assert_eq!(cells, ["x = 1\n\nimport m", "y = 2"]);
        assert!(cells.iter().all(|c| range.contains(&c.as_ptr())), "borrowed, not copied");
    }
}
