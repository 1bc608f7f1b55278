//! Python exceptions as the emulator raises them: type, `str(exc)`, the frames they passed
//! through and the exception they were raised while handling.

use super::catalogue::FrameEntry;
use crate::syntax::Span;

/// One frame of a traceback.
#[derive(Clone, Debug)]
pub enum Frame {
    /// The typed cell (`<stdin>`, `<ipython-input-…>`, `Cell In[N]`); `span` is the node that
    /// was executing, for 3.11+ carets, and `line` the 1-based line in the cell.
    /// `anchors` are the columns where 3.11+ carets switch from `~` to `^` and back (the
    /// parentheses of a call, the brackets of a subscript).
    User { line: usize, span: Option<Span>, anchors: Option<(usize, usize)> },
    /// A frame in library code, with the text each front end printed for it (catalogue data).
    Library(FrameEntry),
    /// A frame in a user module on the virtual filesystem; `source` is the whole file.
    File { path: String, line: usize, func: String, source: Option<String> },
}

/// A raised exception.
#[derive(Clone, Debug)]
pub struct PyErr {
    /// The class name: `AttributeError`.
    pub ty: String,
    /// `str(exc)`.
    pub msg: String,
    /// What the plain REPL's display appends (". Did you mean: 'cos'?"), computed for every
    /// exception, shown only where the version's display shows it.
    pub hint: Option<String>,
    /// Outermost first, as a traceback prints them.
    pub frames: Vec<Frame>,
    /// `__context__`: the exception being handled when this one was raised.
    pub context: Option<Box<PyErr>>,
}

impl PyErr {
    pub fn new(ty: &str, msg: impl Into<String>) -> PyErr {
        PyErr { ty: ty.to_string(), msg: msg.into(), hint: None, frames: Vec::new(), context: None }
    }
    pub fn with_hint(mut self, hint: Option<String>) -> PyErr {
        self.hint = hint;
        self
    }
    /// The innermost exception of the chain's head (the one printed last).
    pub fn is(&self, ty: &str) -> bool {
        self.ty == ty
    }
}

/// What stops a cell: a Python exception, or something outside the emulated subset.
#[derive(Clone, Debug)]
pub enum Stop {
    Raise(PyErr),
    /// "reloadlab does not emulate …": one clear line, never a fake Python error.
    Unsupported(String),
    /// `exit()` / `quit()` in the plain REPL.
    Exit,
}

impl From<PyErr> for Stop {
    fn from(e: PyErr) -> Stop {
        Stop::Raise(e)
    }
}

pub type PyResult<T> = Result<T, Stop>;
