//! `syntax`: turns the text of a cell into an AST, or into the SyntaxError the chosen Python
//! version reports for it, or into a plain "not supported" for valid Python outside the
//! subset. The accepted subset is written down in `grammar/subset.ebnf`.
//!
//! Data flows one way: this module knows nothing of the runtime or of rendering.

pub mod ast;
mod parser;

pub use ast::*;
pub use parser::parse_cell;

/// The parser's switches that differ between Python versions; one field per behaviour.
/// The version profiles (`crate::profile`) hold one of these each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// Python 2's `print` statement (and `print(a, b)` meaning printing a tuple).
    pub print_statement: bool,
    /// Which CPython parser reports syntax errors: the LL(1) parser (2.7, 3.4–3.8) or the PEG
    /// parser (3.9+, PEP 617). They place the error offset differently.
    pub parser: ParserGen,
    /// Wording of errors raised while building the AST: "can't" (≤ 3.7) or "cannot" (3.8+).
    pub cannot_wording: bool,
    /// 3.10+: the PEG parser sets `end_offset`, which the REPL shows as a `^^^` range.
    pub end_offsets: bool,
    /// 3.13: `import` alone reads "Expected one or more names after 'import'".
    pub import_names_message: bool,
}

/// The generation of CPython's parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParserGen {
    /// `Parser/parser.c` + `Python/ast.c` (2.7, 3.4–3.8).
    Ll1,
    /// `Parser/pegen` (3.9+).
    Peg,
}

/// How the front end hands the cell to the compiler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `compile(src, '<stdin>', 'single')`: the plain REPL, line by line.
    Single,
    /// `compile(src, name, 'exec')`: IPython compiles whole cells.
    Exec,
}

/// The attributes of the `SyntaxError` CPython raises, exactly as `compile()` sets them for
/// that version and mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxErrorInfo {
    /// The exception class: `SyntaxError` or `IndentationError` (or `TabError`).
    pub exc_type: String,
    pub msg: String,
    pub lineno: usize,
    /// 1-based column, as `SyntaxError.offset`; `None` when CPython leaves it unset.
    pub offset: Option<usize>,
    /// 3.10+: `SyntaxError.end_offset`.
    pub end_offset: Option<usize>,
    /// `SyntaxError.text`: the offending source line as CPython holds it (with its newline
    /// when CPython keeps one), or `None`.
    pub text: Option<String>,
}

/// Why a cell did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Invalid Python: the SyntaxError that version reports.
    Syntax(SyntaxErrorInfo),
    /// Valid Python that reloadlab does not emulate; the text names the construct, e.g.
    /// "`for` loops".
    Unsupported(String),
}

/// Python's `repr()` of a str: single quotes unless the text holds a single quote and no
/// double quote, with the escapes CPython uses.
pub fn quote_str(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}
