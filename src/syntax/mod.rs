//! `syntax`: turns the text of a cell into an AST, or into the SyntaxError the chosen Python
//! version reports for it, or into a plain "not supported" for valid Python outside the
//! subset. The accepted subset is written down in `grammar/subset.ebnf`.
//!
//! Data flows one way: this module knows nothing of the runtime or of rendering.

pub mod ast;
mod expr;
mod parser;
#[cfg(test)]
mod tests;
mod tokenizer;

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
    /// 3.6+: `1_000` (PEP 515).
    pub numeric_underscores: bool,
    /// 3.6+: `f'...'` strings (PEP 498); reloadlab reports them as unsupported.
    pub fstrings: bool,
    /// 3.8+: `:=` (PEP 572); reloadlab reports it as unsupported.
    pub walrus: bool,
    /// 3.x: inconsistent tabs and spaces in indentation raise TabError (2.7 only with `-tt`).
    pub tab_errors: bool,
    /// 3.7+: `async` and `await` are keywords (before, plain names outside `async def`).
    pub async_keywords: bool,
    /// 3.8: the LL(1) parser's offset is the start of the offending token plus one
    /// (2.7 and 3.4–3.7: the end of the token). Only meaningful with `ParserGen::Ll1`.
    pub ll1_offset_at_start: bool,
    /// LL(1) parsers: at this many nested brackets the parser's stack (`MAXSTACK`) overflows,
    /// CPython prints `s_push: parser stack overflow` and raises MemoryError (93 in 3.4–3.7,
    /// 99 in 2.7 and 3.8, measured). 0 for the PEG parser.
    pub ll1_max_nesting: usize,
    /// 3.8+: the tokenizer reports unmatched and mismatched brackets itself
    /// ("unmatched ')'"), and malformed numbers as "invalid decimal literal" and the like
    /// (3.6–3.7: "invalid token").
    pub bracket_errors: bool,
    /// 3.9+: the tokenizer stops at 200 nested brackets ("too many nested parentheses").
    pub max_nesting: bool,
    /// 3.10+: the tokenizer rejects a number directly followed by a letter (`10L`,
    /// `1.__class__`: "invalid decimal literal"); the PEG parser runs a second pass with its
    /// `invalid_*` rules, giving the specialised messages ("'(' was never closed",
    /// "Perhaps you forgot a comma?", "expected ':'", "... here. Maybe you meant '=='...").
    pub verify_number_end: bool,
    /// 3.11+: messages added in 3.11 ("expected '('" after `def f`, iterable-unpacking
    /// error positions).
    pub messages_311: bool,
    /// 3.12+: the NEWLINE token is one character wide, so errors on it get
    /// `end_offset = offset + 1` (3.10–3.11: `end_offset = offset`).
    pub newline_width: bool,
}

impl Dialect {
    /// The dialect of CPython `major.minor` (2.7, 3.4–3.13; other 3.x get the nearest).
    ///
    /// 3.4 and 3.5 get 3.6's LL(1) behaviour (there is no interpreter to measure them
    /// against here), less the 3.6 features (`1_000`, f-strings). Known differences in the
    /// CPython 3.4/3.5 sources that are *not* modelled: 3.4 has no `@` operator (PEP 465)
    /// and says "non-keyword arg after keyword arg" (`Python/ast.c`, changed in 3.5);
    /// 3.4–3.5 `Objects/exceptions.c` says only "Missing parentheses in call to 'print'"
    /// (the "Did you mean print(...)?" hint is 3.6.0+).
    pub const fn for_version(major: u8, minor: u8) -> Dialect {
        let v = major as u32 * 100 + minor as u32;
        let py3 = major >= 3;
        Dialect {
            print_statement: !py3,
            parser: if v >= 309 { ParserGen::Peg } else { ParserGen::Ll1 },
            cannot_wording: v >= 308,
            end_offsets: v >= 310,
            import_names_message: v >= 313,
            numeric_underscores: v >= 306,
            fstrings: v >= 306,
            walrus: v >= 308,
            tab_errors: py3,
            async_keywords: v >= 307,
            ll1_offset_at_start: v == 308,
            ll1_max_nesting: if v >= 309 {
                0
            } else if v == 308 || v == 207 {
                99
            } else {
                93
            },
            bracket_errors: v >= 308,
            max_nesting: v >= 309,
            verify_number_end: v >= 310,
            messages_311: v >= 311,
            newline_width: v >= 312,
        }
    }
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
    /// 3.10+: `SyntaxError.end_offset`; `None` also where CPython sets it to -1.
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
