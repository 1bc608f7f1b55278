//! `repl`: the interactive front end. `reloadlab` with no subcommand types cells into an
//! emulated session and shows what the real front end shows: IPython's `In [N]: ` and
//! `   ...: ` prompts and the empty line before each, or the plain REPL's `>>> ` and `... `;
//! the output of each cell is what `replay` prints for it, in the front end's colours.
//!
//! Keys follow the front end: Ctrl-C discards the input (IPython clears the cell and keeps the
//! prompt, as prompt_toolkit's `reset_buffer` does; the plain REPL prints `KeyboardInterrupt`),
//! Ctrl-D on an empty line exits (IPython first asks `Do you really want to exit ([y]/n)?`).
//!
//! The parts: [`editor`] reads lines (rustyline at a terminal, a pipe otherwise),
//! [`completion`] completes from the session, [`history`] keeps typed lines across runs,
//! [`magics`] holds the REPL's own magics (`%logstart`, `%logstop`, `%python`, `%explain`).

pub mod completion;
pub mod editor;
pub mod history;
pub mod magics;

use crate::profile::PyVersion;
use crate::render::color::{self, Scheme};
use crate::runtime::{FrontEnd, TraceStep};
use crate::session::{Options, Session, Style, incomplete};
use editor::{LineReader, Read};
use magics::Logger;
use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::rc::Rc;

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn parse(s: &str) -> Option<ColorChoice> {
        match s {
            "auto" => Some(ColorChoice::Auto),
            "always" => Some(ColorChoice::Always),
            "never" => Some(ColorChoice::Never),
            _ => None,
        }
    }

    /// Whether to colour, given whether stdout is a terminal and the environment.
    pub fn enabled(self, stdout_tty: bool, no_color: bool, term_dumb: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_tty && !no_color && !term_dumb,
        }
    }
}

/// Everything the REPL is started with.
#[derive(Clone, Debug)]
pub struct ReplOptions {
    pub session: Options,
    /// Keep a persistent history (off with `--no-history`).
    pub history: bool,
    pub color: ColorChoice,
}

/// Runs the REPL on this process's terminal (or pipe) until the user exits. Returns the exit
/// status.
pub fn run(opts: ReplOptions) -> Result<u8, String> {
    let session = Session::new(opts.session.clone()).map_err(|e| e.to_string())?;
    let stdout_tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let color = opts.color.enabled(stdout_tty, no_color, dumb);
    let mut repl = Repl::new(session, opts.session.clone(), color);

    let mut hist = history::HistoryFile::new(if opts.history { history::HistoryFile::default_path() } else { None });
    let past = hist.load();
    for w in hist.warnings.drain(..) {
        eprintln!("reloadlab: {w}");
    }
    repl.history = Some(hist);

    let mut out = std::io::stdout();
    if std::io::stdin().is_terminal() && stdout_tty {
        let ipython = repl.is_ipython();
        let whole_cell = opts.session.style != Style::Python;
        let mut term = editor::Terminal::new(repl.session.clone(), color, whole_cell, ipython, &past)?;
        repl.main_loop(&mut term, &mut out).map_err(|e| e.to_string())?;
    } else {
        let mut piped = editor::Piped::new(std::io::stdin().lock(), Box::new(std::io::stdout()));
        repl.main_loop(&mut piped, &mut out).map_err(|e| e.to_string())?;
    }
    Ok(0)
}

/// One cell typed in this run.
#[derive(Clone, Debug)]
struct Record {
    number: usize,
    source: String,
    output: String,
    /// A magic of the REPL's own, not part of the emulated session.
    own: bool,
}

/// What running one cell gave.
#[derive(Debug, Default)]
pub struct Ran {
    /// What the front end prints (no colour).
    pub output: String,
    /// The session ends.
    pub exit: bool,
}

/// What reading a cell gave.
enum Input {
    Cell(Vec<String>),
    /// Nothing to run (a discarded cell, an empty line).
    Nothing,
    Exit,
}

/// How a front end decides that a cell is complete.
#[derive(Clone, Copy, Debug)]
pub enum CellKind {
    /// IPython: `%%` cells end with `blank` empty lines, Python code as `check_complete` says
    /// (6.x's input splitter: a buffer of several lines waits for an empty line).
    Ipython { blank: usize, multiline_needs_blank: bool },
    /// The plain REPL: as the compiler's interactive mode says.
    Python,
}

/// The interactive session: an emulated [`Session`] plus the REPL's own state.
pub struct Repl {
    session: Rc<RefCell<Session>>,
    opts: Options,
    records: Vec<Record>,
    log: Option<Logger>,
    last_trace: Vec<TraceStep>,
    color: bool,
    history: Option<history::HistoryFile>,
}

impl Repl {
    pub fn new(session: Session, opts: Options, color: bool) -> Repl {
        Repl {
            session: Rc::new(RefCell::new(session)),
            opts,
            records: Vec::new(),
            log: None,
            last_trace: Vec::new(),
            color,
            history: None,
        }
    }

    pub fn is_ipython(&self) -> bool {
        self.session.borrow().is_ipython()
    }

    fn front(&self) -> FrontEnd {
        self.session.borrow().renderer.front
    }

    fn scheme(&self) -> Scheme {
        let v = self.session.borrow().profile().version;
        Scheme::of(&self.front(), (v.0, v.1))
    }

    /// How this front end decides a cell is complete.
    pub fn cell_kind(&self) -> CellKind {
        match self.front() {
            FrontEnd::Ipython(era) => CellKind::Ipython {
                blank: era.cell_magic_blank_lines,
                multiline_needs_blank: era.multiline_needs_blank,
            },
            _ => CellKind::Python,
        }
    }

    /// The prompts for the next cell: first line and continuation lines.
    fn prompts(&self) -> (String, String) {
        let s = self.session.borrow();
        let n = s.next_number();
        (s.renderer.prompt(n), s.renderer.continuation(n))
    }

    fn paint_prompt(&self, raw: &str) -> String {
        if self.color { color::prompt(self.scheme(), raw) } else { raw.to_string() }
    }

    fn paint_output(&self, text: &str) -> String {
        if self.color { color::output(self.scheme(), text) } else { text.to_string() }
    }

    /// Reads, runs and prints cells until the user exits.
    pub fn main_loop(&mut self, input: &mut dyn LineReader, out: &mut dyn Write) -> std::io::Result<()> {
        loop {
            if self.is_ipython() {
                input.separator("\n", out);
            }
            let lines = match self.read_cell(input, out)? {
                Input::Cell(lines) => lines,
                Input::Nothing => continue,
                Input::Exit => return Ok(()),
            };
            input.remember(&lines);
            if let Some(h) = self.history.as_mut() {
                let typed: Vec<String> = lines.iter().filter(|l| !l.trim().is_empty()).cloned().collect();
                h.append(&typed);
                for w in h.warnings.drain(..) {
                    eprintln!("reloadlab: {w}");
                }
            }
            let cell = cell_source(&lines);
            let ran = self.run_cell(&cell);
            let painted = self.paint_output(&ran.output);
            out.write_all(painted.as_bytes())?;
            out.flush()?;
            if ran.exit {
                return Ok(());
            }
        }
    }

    /// Reads the lines of one cell, handling Ctrl-C and Ctrl-D as the front end does.
    fn read_cell(&mut self, input: &mut dyn LineReader, out: &mut dyn Write) -> std::io::Result<Input> {
        let ipython = self.is_ipython();
        let kind = self.cell_kind();
        let mut lines: Vec<String> = Vec::new();
        loop {
            let (first, cont) = self.prompts();
            let continuation = !lines.is_empty();
            let raw = if continuation { cont } else { first };
            let styled = self.paint_prompt(&raw);
            match input.read(&raw, &styled, continuation) {
                Read::Line(text) => {
                    // A paste may bring several lines at once.
                    for l in text.split('\n') {
                        lines.push(l.to_string());
                    }
                    if lines.len() == 1 && lines[0].trim().is_empty() {
                        return Ok(Input::Nothing);
                    }
                    if !needs_more(&lines, kind) {
                        return Ok(Input::Cell(lines));
                    }
                }
                Read::Interrupted(current) => {
                    if ipython {
                        // prompt_toolkit's reset_buffer: the cell disappears, its prompt stays.
                        let width = input.width().max(1);
                        let (first, cont) = self.prompts();
                        let mut rows = 0;
                        for (i, l) in lines.iter().chain(std::iter::once(&current)).enumerate() {
                            let p = if i == 0 { &first } else { &cont };
                            rows += screen_rows(p.chars().count() + l.chars().count(), width);
                        }
                        input.erase_rows(rows, out);
                        lines.clear();
                    } else {
                        out.write_all(b"KeyboardInterrupt\n")?;
                        out.flush()?;
                        return Ok(Input::Nothing);
                    }
                }
                Read::Eof => {
                    if continuation {
                        // The end of the input finishes the cell being typed. (At a terminal,
                        // Ctrl-D on an empty continuation line of IPython or the new REPL
                        // never gets here: the cell's buffer is not empty.)
                        return Ok(Input::Cell(lines));
                    }
                    if ipython && input.interactive() {
                        return Ok(if self.confirm_exit(input, out)? { Input::Exit } else { Input::Nothing });
                    }
                    return Ok(Input::Exit);
                }
            }
        }
    }

    /// IPython's `ask_yes_no('Do you really want to exit ([y]/n)?', 'y', 'n')`.
    fn confirm_exit(&mut self, input: &mut dyn LineReader, _out: &mut dyn Write) -> std::io::Result<bool> {
        let q = "Do you really want to exit ([y]/n)? ";
        loop {
            match input.read(q, q, false) {
                Read::Line(a) => match a.to_lowercase().as_str() {
                    "" | "y" | "yes" => return Ok(true),
                    "n" | "no" => return Ok(false),
                    _ => continue,
                },
                Read::Eof => return Ok(true),
                Read::Interrupted(_) => return Ok(false),
            }
        }
    }

    /// Runs one complete cell and returns what the front end prints for it (uncoloured).
    pub fn run_cell(&mut self, cell: &str) -> Ran {
        let ipython = self.is_ipython();
        let style = self.opts.style;
        let word = cell.trim();
        // IPython's `exit`/`quit` autocall and 3.13's REPL commands leave at once.
        if (ipython || style == Style::Pyrepl) && (word == "exit" || word == "quit") {
            return Ran { output: String::new(), exit: true };
        }
        if ipython && let Some((name, args)) = magics::own_magic(cell) {
            let n = self.session.borrow_mut().take_number(cell);
            let output = self.own_magic(name, args, cell);
            self.records.push(Record { number: n, source: cell.to_string(), output: output.clone(), own: true });
            return Ran { output, exit: false };
        }
        let runs = self.session.borrow_mut().feed(cell);
        let mut ran = Ran::default();
        let mut trace = Vec::new();
        for run in runs {
            if let Some(log) = self.log.as_mut()
                && let Err(e) = log.cell(ipython, &run.echo, &run.output)
            {
                eprintln!("reloadlab: cannot write log file {}: {e}; logging stopped", log.path.display());
                self.log = None;
            }
            ran.output.push_str(&run.output);
            trace.extend(run.trace);
            self.records.push(Record { number: run.number, source: run.source, output: run.output, own: false });
            if run.exit {
                ran.exit = true;
                break;
            }
        }
        self.last_trace = trace;
        ran
    }

    fn own_magic(&mut self, name: &str, args: &str, cell: &str) -> String {
        match name {
            "logstart" => self.logstart(args),
            "logstop" => match self.log.take() {
                Some(_) => String::new(),
                None => "Logging hadn't been started.\n".into(),
            },
            "python" => self.switch_python(args, cell),
            "compare" => self.compare(args),
            "explain" => {
                let lines = crate::runtime::trace::format_trace(&self.last_trace);
                if lines.is_empty() {
                    "The previous cell took no step of the import machinery.\n".into()
                } else {
                    lines.iter().map(|l| format!("{l}\n")).collect()
                }
            }
            _ => format!("UsageError: Line magic function `%{name}` not found.\n"),
        }
    }

    /// `%compare 2.7 3.6 ...` (or `all`, the default): the cells typed so far replayed under
    /// those versions, side by side, as `reloadlab compare` shows a session file.
    fn compare(&self, args: &str) -> String {
        let spec = args.split([' ', ',']).filter(|a| !a.is_empty()).collect::<Vec<_>>().join(",");
        let versions = match crate::compare::parse_versions(if spec.is_empty() { "all" } else { &spec }) {
            Ok(v) => v,
            Err(e) => return format!("UsageError: {e}\n"),
        };
        let inputs: Vec<String> = self.records.iter().filter(|r| !r.own).map(|r| r.source.clone()).collect();
        if inputs.is_empty() {
            return "Nothing to compare yet: type some cells first.\n".into();
        }
        match crate::compare::render_history(&inputs, &versions, self.opts.style, crate::render::terminal_width()) {
            Ok(text) => text,
            Err(e) => format!("UsageError: {e}\n"),
        }
    }

    /// `%logstart [FILE [MODE]]`: writes the session so far, then every cell as it runs.
    fn logstart(&mut self, args: &str) -> String {
        if let Some(l) = &self.log {
            return format!("Log file is already active: {}\n", l.path.display());
        }
        let a = magics::log_args(args);
        let mut log = match Logger::open(std::path::Path::new(&a.file), a.over) {
            Ok(l) => l,
            Err(e) => return format!("UsageError: cannot open log file {}: {e}\n", a.file),
        };
        // "Current session state plus future input saved."
        let ipython = self.is_ipython();
        let s = self.session.borrow();
        for r in self.records.iter().filter(|r| !r.own) {
            let echo = s.renderer.echo_ipython(r.number, &r.source, echo_blank(&s, &r.source));
            if let Err(e) = log.cell(ipython, &echo, &r.output) {
                return format!("UsageError: cannot write log file {}: {e}\n", a.file);
            }
        }
        drop(s);
        self.log = Some(log);
        if a.quiet { String::new() } else { magics::log_banner(&a.file, a.over) }
    }

    /// `%python X.Y`: replays this session's inputs under X.Y, says which cells now print
    /// something else, and goes on under X.Y.
    fn switch_python(&mut self, args: &str, cell: &str) -> String {
        let old = self.session.borrow().profile().version;
        let Some(v) = PyVersion::parse(args.trim()) else {
            return format!("UsageError: %python takes a Python version such as 2.7 or 3.13, not '{}'\n", args.trim());
        };
        let mut opts = self.opts.clone();
        opts.python = v;
        opts.ipython = None;
        let mut new = match Session::new(opts.clone()) {
            Ok(s) => s,
            Err(e) => return format!("UsageError: {e}\n"),
        };
        let mut differ = Vec::new();
        let current = self.records.len();
        for r in self.records.iter_mut() {
            if r.own {
                new.take_number(&r.source);
                continue;
            }
            let runs = new.feed(&r.source);
            let output: String = runs.iter().map(|x| x.output.as_str()).collect();
            if output != r.output {
                differ.push(r.number);
            }
            r.output = output;
        }
        new.take_number(cell); // this cell
        let era = match new.renderer.front {
            FrontEnd::Ipython(e) => format!(" with IPython {}", e.version),
            _ => String::new(),
        };
        *self.session.borrow_mut() = new;
        self.opts = opts;
        let replayed = self.records.iter().filter(|r| !r.own).count();
        let _ = current;
        format!("Now Python {v}{era}; replayed {replayed} cells.\n{}", magics::differ_line(&differ, &v.to_string(), &old.to_string()))
    }
}

/// The number of blank continuation lines the echo of a cell ends with (as `Session` echoes).
fn echo_blank(s: &Session, source: &str) -> usize {
    match s.renderer.front {
        FrontEnd::Ipython(era) if source.trim_start().starts_with("%%") => era.cell_magic_blank_lines,
        _ => usize::from(source.contains('\n')),
    }
}

/// The source of a cell from its typed lines: trailing empty lines dropped.
pub fn cell_source(lines: &[String]) -> String {
    let end = lines.iter().rposition(|l| !l.trim().is_empty()).map(|i| i + 1).unwrap_or(0);
    lines[..end].join("\n")
}

/// How many screen rows a line of `width` characters takes on a terminal `cols` wide.
fn screen_rows(width: usize, cols: usize) -> usize {
    width.div_ceil(cols).max(1)
}

/// Whether a cell whose lines so far are `lines` needs another line.
pub fn needs_more(lines: &[String], kind: CellKind) -> bool {
    let Some(first) = lines.first() else { return true };
    let first = first.trim_start();
    if let CellKind::Ipython { blank, .. } = kind
        && first.starts_with("%%")
    {
        // `check_complete`: a cell magic ends with empty lines (two from IPython 8 on).
        let n = blank.max(1);
        return !(lines.len() > n && lines[lines.len() - n..].iter().all(|l| l.trim().is_empty()));
    }
    let src = lines.join("\n");
    if incomplete(&src) {
        return true;
    }
    let last_blank = lines.last().is_some_and(|l| l.trim().is_empty());
    if lines.len() > 1 && last_blank {
        return false;
    }
    // A compound statement goes on until an empty line.
    match kind {
        CellKind::Ipython { multiline_needs_blank: true, .. } if lines.len() > 1 => true,
        CellKind::Ipython { .. } => lines.iter().any(|l| opens_block(l)),
        CellKind::Python => lines.iter().any(|l| opens_block(l)) || starts_compound(first),
    }
}

/// A line ending in `:` (outside a comment) or a decorator.
fn opens_block(line: &str) -> bool {
    let code = strip_comment(line).trim_end();
    code.ends_with(':') || code.trim_start().starts_with('@')
}

/// A plain-REPL line that begins a compound statement (`if x: y` too waits for an empty line).
fn starts_compound(line: &str) -> bool {
    const HEADS: &[&str] = &["if", "for", "while", "def", "class", "with", "try", "async"];
    let word: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    HEADS.contains(&word.as_str()) && strip_comment(line).contains(':')
}

fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q && prev != '\\' => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '#' => return &line[..i],
            None => {}
        }
        prev = c;
    }
    line
}

#[cfg(test)]
mod tests;
