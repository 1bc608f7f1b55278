//! Where typed lines come from: rustyline at a terminal (emacs keys, Ctrl-R, completion,
//! coloured prompts), or plain lines from a pipe, echoed after their prompts so that the
//! output reads as a transcript.

use super::completion;
use super::magics::ALL_MAGICS;
use crate::session::Session;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{
    Cmd, CompletionType, ConditionalEventHandler, Config, EditMode, Editor, Event, EventContext, EventHandler,
    KeyEvent, RepeatCount,
};
use std::cell::RefCell;
use std::io::{BufRead, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// What reading one line gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Read {
    Line(String),
    /// Ctrl-C, with the text that was on the line.
    Interrupted(String),
    /// Ctrl-D on an empty line, or the end of the input.
    Eof,
}

/// A source of typed lines.
pub trait LineReader {
    /// Shows `prompt` (`styled` when colour is on) and reads a line; `continuation` says it is
    /// not the first line of a cell.
    fn read(&mut self, prompt: &str, styled: &str, continuation: bool) -> Read;
    /// Text the front end prints before a prompt (IPython's empty line between cells).
    fn separator(&mut self, text: &str, out: &mut dyn Write);
    /// Lines typed for a finished cell, for Up and Ctrl-R.
    fn remember(&mut self, lines: &[String]);
    /// Removes the last `rows` screen rows (the lines of a cell discarded by Ctrl-C).
    fn erase_rows(&mut self, rows: usize, out: &mut dyn Write);
    /// The terminal's width in columns.
    fn width(&mut self) -> usize;
    /// Whether a person is typing (a terminal), so questions can be asked.
    fn interactive(&self) -> bool;
}

// ---- terminal ---------------------------------------------------------------------------

/// rustyline's helper: completion from the live session.
pub struct Helper {
    session: Rc<RefCell<Session>>,
}

impl Completer for Helper {
    type Candidate = Pair;
    fn complete(&self, line: &str, pos: usize, _ctx: &rustyline::Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let s = self.session.borrow();
        let (start, cands) = completion::complete(&s, ALL_MAGICS, line, pos);
        Ok((start, cands.into_iter().map(|c| Pair { display: c.clone(), replacement: c }).collect()))
    }
}
impl Hinter for Helper {
    type Hint = String;
}
impl Highlighter for Helper {}
impl Validator for Helper {}
impl rustyline::Helper for Helper {}

/// Ctrl-C: remember what was on the line (to erase it), then interrupt.
struct CtrlC(Arc<Mutex<String>>);
impl ConditionalEventHandler for CtrlC {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        if let Ok(mut s) = self.0.lock() {
            *s = ctx.line().to_string();
        }
        None
    }
}

/// Ctrl-D on an empty continuation line does nothing where the whole cell is one buffer that
/// is not empty (IPython's prompt_toolkit, 3.13's new REPL).
struct CtrlD(Arc<AtomicBool>);
impl ConditionalEventHandler for CtrlD {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        (self.0.load(Ordering::Relaxed) && ctx.line().is_empty()).then_some(Cmd::Noop)
    }
}

/// Tab in leading whitespace indents (IPython: four spaces; readline: a tab).
struct Tab(&'static str);
impl ConditionalEventHandler for Tab {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        let before = &ctx.line()[..ctx.pos().min(ctx.line().len())];
        before.trim().is_empty().then(|| Cmd::Insert(1, self.0.to_string()))
    }
}

/// Lines from a terminal through rustyline.
pub struct Terminal {
    editor: Editor<Helper, DefaultHistory>,
    /// Set while reading a continuation line of a cell edited as one buffer.
    buffer_continuation: Arc<AtomicBool>,
    /// The front end edits a whole cell as one buffer (IPython, the new REPL).
    whole_cell: bool,
    line_at_interrupt: Arc<Mutex<String>>,
}

impl Terminal {
    /// A terminal reader; `whole_cell` for front ends that edit a cell as one buffer, `ipython`
    /// for IPython's four-space Tab in leading whitespace.
    pub fn new(
        session: Rc<RefCell<Session>>,
        color: bool,
        whole_cell: bool,
        ipython: bool,
        history: &[String],
    ) -> Result<Terminal, String> {
        let config = Config::builder()
            .edit_mode(EditMode::Emacs)
            .completion_type(CompletionType::List)
            .auto_add_history(false)
            .history_ignore_dups(true)
            .map_err(|e| e.to_string())?
            .max_history_size(10_000)
            .map_err(|e| e.to_string())?
            .color_mode(if color { rustyline::ColorMode::Enabled } else { rustyline::ColorMode::Disabled })
            .build();
        let mut editor: Editor<Helper, DefaultHistory> =
            Editor::with_config(config).map_err(|e| format!("cannot use the terminal: {e}"))?;
        editor.set_helper(Some(Helper { session }));
        for l in history {
            let _ = editor.add_history_entry(l.as_str());
        }
        let line_at_interrupt = Arc::new(Mutex::new(String::new()));
        let buffer_continuation = Arc::new(AtomicBool::new(false));
        editor.bind_sequence(KeyEvent::ctrl('C'), EventHandler::Conditional(Box::new(CtrlC(line_at_interrupt.clone()))));
        editor.bind_sequence(KeyEvent::ctrl('D'), EventHandler::Conditional(Box::new(CtrlD(buffer_continuation.clone()))));
        let indent = if ipython { "    " } else { "\t" };
        editor.bind_sequence(KeyEvent::from('\t'), EventHandler::Conditional(Box::new(Tab(indent))));
        Ok(Terminal { editor, buffer_continuation, whole_cell, line_at_interrupt })
    }

}

impl LineReader for Terminal {
    fn read(&mut self, prompt: &str, styled: &str, continuation: bool) -> Read {
        self.buffer_continuation.store(self.whole_cell && continuation, Ordering::Relaxed);
        if let Ok(mut s) = self.line_at_interrupt.lock() {
            s.clear();
        }
        match self.editor.readline(&(prompt, styled)) {
            Ok(line) => Read::Line(line),
            Err(ReadlineError::Interrupted) => {
                Read::Interrupted(self.line_at_interrupt.lock().map(|s| s.clone()).unwrap_or_default())
            }
            Err(ReadlineError::Eof) => Read::Eof,
            Err(e) => {
                eprintln!("reloadlab: cannot read from the terminal: {e}");
                Read::Eof
            }
        }
    }

    fn separator(&mut self, text: &str, out: &mut dyn Write) {
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }

    fn remember(&mut self, lines: &[String]) {
        for l in lines {
            if !l.trim().is_empty() {
                let _ = self.editor.add_history_entry(l.as_str());
            }
        }
    }

    fn erase_rows(&mut self, rows: usize, out: &mut dyn Write) {
        if rows > 0 {
            let _ = write!(out, "\x1b[{rows}A\r\x1b[J");
            let _ = out.flush();
        }
    }

    fn width(&mut self) -> usize {
        self.editor.dimensions().map(|(c, _)| c as usize).filter(|c| *c > 0).unwrap_or(80)
    }

    fn interactive(&self) -> bool {
        true
    }
}

// ---- pipe -------------------------------------------------------------------------------

/// Lines from a pipe or file. Each line is shown after its prompt, as a terminal would echo
/// it, so the output is the session's transcript; nothing is shown for the prompt at which
/// the input ended.
pub struct Piped<R: BufRead> {
    input: R,
    /// Output held back until a line arrives (separator and prompt).
    pending: String,
    /// Whether a line was read yet (a transcript starts with its first prompt).
    started: bool,
    out: Box<dyn Write>,
}

impl<R: BufRead> Piped<R> {
    pub fn new(input: R, out: Box<dyn Write>) -> Piped<R> {
        Piped { input, pending: String::new(), started: false, out }
    }
}

impl<R: BufRead> LineReader for Piped<R> {
    fn read(&mut self, prompt: &str, styled: &str, _continuation: bool) -> Read {
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) | Err(_) => {
                self.pending.clear();
                Read::Eof
            }
            Ok(_) => {
                let line = line.strip_suffix('\n').unwrap_or(&line);
                let line = line.strip_suffix('\r').unwrap_or(line).to_string();
                let _ = prompt;
                let text = format!("{}{styled}{line}\n", std::mem::take(&mut self.pending));
                self.started = true;
                let _ = self.out.write_all(text.as_bytes());
                let _ = self.out.flush();
                Read::Line(line)
            }
        }
    }

    fn separator(&mut self, text: &str, _out: &mut dyn Write) {
        if self.started {
            self.pending.push_str(text);
        }
    }

    fn remember(&mut self, _lines: &[String]) {}

    fn erase_rows(&mut self, _rows: usize, _out: &mut dyn Write) {}

    fn width(&mut self) -> usize {
        80
    }

    fn interactive(&self) -> bool {
        false
    }
}
