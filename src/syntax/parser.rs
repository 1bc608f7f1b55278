//! The parser for the subset (see `grammar/subset.ebnf`).
//!
//! Built in two layers: the tokenizer (`tokenizer.rs`, nom for the lexemes) and a
//! recursive-descent parser over the tokens that recognises the *whole* Python grammar of
//! simple statements and expressions (compound statements only as far as needed), so that
//! an invalid cell fails at the token where CPython fails, with the SyntaxError that version
//! raises; valid constructs outside the subset become [`ParseError::Unsupported`].
//!
//! Error model, per parser generation (`Dialect::parser`):
//! * LL(1) (2.7, 3.4–3.8): the first token that cannot continue the grammar is the error,
//!   `offset` is the end of that token (3.8: its start + 1); errors found while building the
//!   AST (`Python/ast.c`: bad assignment targets, keyword arguments) come only after the
//!   whole cell parsed, and carry no `text`.
//! * PEG (3.9+): the error token's start + 1 (and its end + 1 as `end_offset`, 3.10+);
//!   specialised messages of the `invalid_*` rules are raised in source order; from 3.10 a
//!   tokenizer error anywhere in the cell wins over a parser error.
//! * Both: errors from the symbol table / compiler (`'return' outside function`) after the
//!   parse, without `text`.
//!
//! Nesting is bounded: 3.9+ stop at 200 brackets in the tokenizer, the LL(1) versions raise
//! MemoryError at `Dialect::ll1_max_nesting`; other recursion (unary operators, `not`) is
//! iterative, so the Rust stack cannot overflow.

use super::expr::*;
use super::tokenizer::{tokenize, Lines, NumErr, Tok, TokErr, TokErrKind, TK};
use super::*;

type R<T> = Result<T, F>;

/// Why a parse function failed.
#[derive(Debug)]
enum F {
    /// The grammar cannot go on at this token: CPython's generic "invalid syntax".
    At(usize),
    /// A complete error.
    Err(SyntaxErrorInfo),
}

/// Parses one cell (one or more lines) into statements.
pub fn parse_cell(source: &str, dialect: &Dialect, mode: Mode) -> Result<Vec<Stmt>, ParseError> {
    if source.contains('\0') {
        // compile() refuses NUL bytes before parsing.
        let (exc, msg) = if dialect.newline_width {
            ("SyntaxError", "source code string cannot contain null bytes")
        } else if dialect.print_statement {
            ("TypeError", "compile() expected string without null bytes")
        } else {
            ("ValueError", "source code string cannot contain null bytes")
        };
        return Err(ParseError::Syntax(SyntaxErrorInfo {
            exc_type: exc.into(),
            msg: msg.into(),
            lineno: 0,
            offset: None,
            end_offset: None,
            text: None,
        }));
    }
    let src = format!("{source}\n");
    let lines = Lines::new(&src);
    let t = tokenize(&src, dialect, &lines);
    let mut p = P {
        src: &src,
        lines: &lines,
        toks: t.toks,
        terr: t.err,
        open: t.open,
        d: *dialect,
        mode,
        i: 0,
        level: 0,
        deferred: None,
        compile_err: None,
        unsupported: None,
        fn_depth: 0,
        loop_depth: 0,
        lower_depth: 0,
    };
    // Each bracket level costs a dozen recursive calls; the tokenizer (3.9+) and
    // `nesting_check` (LL(1)) bound the depth at 200 brackets, which needs more stack than
    // a test thread's 2 MB in debug builds: deep cells are parsed on a thread of their own.
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    // the longest run of prefix operators (`- - - x`, `not not x`): nests as deeply
    let (mut run, mut max_run) = (0usize, 0usize);
    // 2.7's backquotes nest like brackets (`` `a` `` opens and closes with the same token)
    let mut backquotes = 0usize;
    for t in &p.toks {
        let txt = &src[t.start..t.end];
        if txt == "`" {
            backquotes += 1;
        }
        if matches!(txt, "-" | "+" | "~" | "not") {
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
        if t.kind == TK::Op {
            match &src[t.start..t.end] {
                "(" | "[" | "{" => {
                    depth += 1;
                    max_depth = max_depth.max(depth);
                }
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    if max_run > 20_000 {
        return Err(ParseError::Unsupported(format!("expressions nested {max_run} levels deep")));
    }
    if max_depth <= 24 && max_run <= 64 && backquotes <= 48 && p.toks.len() <= 2000 {
        return p.run();
    }
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, move || p.run())
            .expect("spawning the parser thread")
            .join()
            .unwrap_or_else(|_| Err(ParseError::Unsupported("input nested too deeply".into())))
    })
}

struct P<'a> {
    src: &'a str,
    lines: &'a Lines<'a>,
    toks: Vec<Tok>,
    terr: Option<TokErr>,
    open: Vec<(char, usize, usize, usize)>,
    d: Dialect,
    mode: Mode,
    i: usize,
    /// Bracket nesting at the current token.
    level: usize,
    /// LL(1): the first error `ast.c` raises, reported once the whole cell parsed.
    deferred: Option<SyntaxErrorInfo>,
    /// The first error the symbol table or compiler raises.
    compile_err: Option<SyntaxErrorInfo>,
    /// The first construct outside the subset.
    unsupported: Option<String>,
    fn_depth: usize,
    loop_depth: usize,
    lower_depth: usize,
}

/// The deepest AST handed out (CPython itself refuses much deeper expressions).
const MAX_AST_DEPTH: usize = 1500;

fn is_keyword(w: &str, d: &Dialect) -> bool {
    match w {
        "and" | "as" | "assert" | "break" | "class" | "continue" | "def" | "del" | "elif" | "else" | "except"
        | "finally" | "for" | "from" | "global" | "if" | "import" | "in" | "is" | "lambda" | "not" | "or"
        | "pass" | "raise" | "return" | "try" | "while" | "with" | "yield" => true,
        "None" | "True" | "False" | "nonlocal" => !d.print_statement,
        "print" | "exec" => d.print_statement,
        "async" | "await" => d.async_keywords,
        _ => false,
    }
}

impl<'a> P<'a> {
    // ----- token access -----
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }
    fn cur(&self) -> Option<&Tok> {
        self.toks.get(self.i)
    }
    fn text(&self, t: &Tok) -> &'a str {
        &self.src[t.start..t.end]
    }
    fn at_op(&self, s: &str) -> bool {
        matches!(self.cur(), Some(t) if t.kind == TK::Op && self.text(t) == s)
    }
    fn at_op_at(&self, i: usize, s: &str) -> bool {
        matches!(self.tok(i), Some(t) if t.kind == TK::Op && self.text(t) == s)
    }
    fn at_kw(&self, s: &str) -> bool {
        matches!(self.cur(), Some(t) if t.kind == TK::Name && self.text(t) == s && is_keyword(s, &self.d))
    }
    fn at_kw_at(&self, i: usize, s: &str) -> bool {
        matches!(self.tok(i), Some(t) if t.kind == TK::Name && self.text(t) == s && is_keyword(s, &self.d))
    }
    fn at_kind(&self, k: TK) -> bool {
        matches!(self.cur(), Some(t) if t.kind == k)
    }
    /// A name that is not a keyword.
    fn at_name(&self) -> bool {
        matches!(self.cur(), Some(t) if t.kind == TK::Name && !is_keyword(self.text(t), &self.d))
    }
    fn bump(&mut self) -> Tok {
        let t = self.toks[self.i];
        self.i += 1;
        if t.kind == TK::Op {
            match self.text(&t) {
                "(" | "[" | "{" => self.level += 1,
                ")" | "]" | "}" => self.level = self.level.saturating_sub(1),
                _ => {}
            }
        }
        t
    }
    fn expect_op(&mut self, s: &str) -> R<Tok> {
        if self.at_op(s) { Ok(self.bump()) } else { Err(F::At(self.i)) }
    }
    fn expect_kw(&mut self, s: &str) -> R<Tok> {
        if self.at_kw(s) { Ok(self.bump()) } else { Err(F::At(self.i)) }
    }
    fn expect_name(&mut self) -> R<(String, Span)> {
        if self.at_name() {
            let t = self.bump();
            Ok((self.text(&t).to_string(), span_of(&t)))
        } else {
            Err(F::At(self.i))
        }
    }
    fn prev_end(&self) -> (usize, usize) {
        let t = &self.toks[self.i - 1];
        (t.end_line, t.end_col)
    }
    fn span_from(&self, s: Span) -> Span {
        let (l, c) = self.prev_end();
        Span::new(s.line, s.col, l, c)
    }
    fn unsupported(&mut self, what: impl Into<String>) {
        if self.unsupported.is_none() {
            self.unsupported = Some(what.into());
        }
    }

    // ----- error construction -----
    fn ll1(&self) -> bool {
        self.d.parser == ParserGen::Ll1
    }
    fn py2(&self) -> bool {
        self.d.print_statement
    }
    fn info(&self, exc: &str, msg: impl Into<String>, lineno: usize, offset: Option<usize>, end: Option<usize>, text: Option<String>) -> SyntaxErrorInfo {
        SyntaxErrorInfo {
            exc_type: exc.into(),
            msg: msg.into(),
            lineno,
            offset,
            // CPython's end_offset -1 ("unset") is None here too
            end_offset: if self.d.end_offsets { end.filter(|&e| e != usize::MAX) } else { None },
            text,
        }
    }
    fn line_text(&self, n: usize) -> String {
        self.lines.line(n).to_string()
    }
    fn line_chars(&self, n: usize) -> usize {
        let l = self.lines.line(n);
        if self.py2() { l.len() } else { l.chars().count() }
    }
    fn last_line(&self) -> usize {
        self.lines.starts.len()
    }
    /// The generic "invalid syntax" (or EOF, indentation) error at token `i`.
    fn generic(&self, i: usize) -> SyntaxErrorInfo {
        let Some(t) = self.tok(i) else {
            return self.tok_error();
        };
        let t = *t;
        let text = Some(self.line_text(t.line));
        let py2 = self.py2();
        match t.kind {
            TK::EndMarker | TK::Dedent if t.start >= self.src.len() => {
                let ll = self.last_line();
                if !self.ll1() && self.d.end_offsets {
                    self.info("SyntaxError", "invalid syntax", ll, Some(0), Some(0), Some(self.line_text(ll)))
                } else {
                    let off = self.line_chars(ll);
                    self.info("SyntaxError", "unexpected EOF while parsing", ll, Some(off), None, Some(self.line_text(ll)))
                }
            }
            TK::Indent => {
                let off = if py2 { t.end_bcol } else { t.end_col };
                self.info("IndentationError", "unexpected indent", t.line, Some(off), Some(usize::MAX), text)
            }
            TK::Dedent => self.info("IndentationError", "unexpected unindent", t.line, Some(t.col + 1), None, text),
            TK::Newline => {
                let off = if py2 { t.bcol + 1 } else { t.col + 1 };
                let end = if self.d.newline_width { t.col + 2 } else { t.col + 1 };
                self.info("SyntaxError", "invalid syntax", t.line, Some(off), Some(end), text)
            }
            _ => {
                let off = if self.ll1() {
                    if self.d.ll1_offset_at_start {
                        t.col + 1
                    } else if py2 {
                        if t.kind == TK::ErrorTok { t.bcol + 1 } else { t.end_bcol }
                    } else {
                        t.end_col
                    }
                } else {
                    t.col + 1
                };
                let end = if t.end_line == t.line { t.end_col + 1 } else { t.col + 1 };
                self.info("SyntaxError", "invalid syntax", t.line, Some(off), Some(end), text)
            }
        }
    }

    /// The error of the tokenizer (met when the parser needs the token after the last one).
    fn tok_error(&self) -> SyntaxErrorInfo {
        let d = &self.d;
        let Some(e) = &self.terr else {
            // ran out of input inside brackets
            return self.eof_in_brackets();
        };
        let line = self.line_text(e.line);
        let nonl = line.trim_end_matches('\n').to_string();
        let peg = !self.ll1();
        let py2 = self.py2();
        let col = if py2 { e.bcol } else { e.col };
        match &e.kind {
            TokErrKind::EolString => {
                if d.end_offsets {
                    let msg = format!("unterminated string literal (detected at line {})", e.line);
                    let st = self.line_text(e.start_line).trim_end_matches('\n').to_string();
                    self.info("SyntaxError", msg, e.start_line, Some(e.start_col + 1), Some(e.start_col + 1), Some(st))
                } else {
                    // at the end of the cell (after `\<newline>`) the offset is not advanced
                    let off = if py2 || e.pos >= self.src.len() { col } else { col + 1 };
                    self.info("SyntaxError", "EOL while scanning string literal", e.line, Some(off), None, Some(line))
                }
            }
            TokErrKind::EofTriple => {
                if d.end_offsets {
                    let last = self.last_line();
                    let msg = format!("unterminated triple-quoted string literal (detected at line {last})");
                    let st = self.line_text(e.start_line).trim_end_matches('\n').to_string();
                    self.info("SyntaxError", msg, e.start_line, Some(e.start_col + 1), Some(e.start_col + 1), Some(st))
                } else {
                    let from = self.lines.starts[e.start_line - 1];
                    let text = &self.src[from..];
                    let off = if py2 { text.len() } else { text.chars().count() };
                    let last = self.last_line();
                    self.info("SyntaxError", "EOF while scanning triple-quoted string literal", last, Some(off), None, Some(text.to_string()))
                }
            }
            TokErrKind::ContinuationChar => {
                let msg = "unexpected character after line continuation character";
                if peg {
                    self.info("SyntaxError", msg, e.line, Some(col + 1), Some(col + 1), Some(if d.end_offsets { nonl } else { line }))
                } else {
                    self.info("SyntaxError", msg, e.line, Some(col + 1), None, Some(line))
                }
            }
            TokErrKind::ContinuationEof => {
                let off = self.line_chars(e.line);
                self.info("SyntaxError", "unexpected EOF while parsing", e.line, Some(off), Some(usize::MAX), Some(line))
            }
            TokErrKind::Dedent => {
                let msg = "unindent does not match any outer indentation level";
                if peg {
                    self.info("IndentationError", msg, e.line, Some(col), Some(usize::MAX), Some(line))
                } else {
                    self.info("IndentationError", msg, e.line, Some(col), None, Some(line))
                }
            }
            TokErrKind::TabSpace => {
                let msg = "inconsistent use of tabs and spaces in indentation";
                if peg {
                    self.info("TabError", msg, e.line, Some(1), Some(0), Some(line))
                } else {
                    let off = self.line_chars(e.line);
                    self.info("TabError", msg, e.line, Some(off), None, Some(line))
                }
            }
            TokErrKind::InvalidChar(c) => {
                if d.max_nesting {
                    let msg = format!("invalid character '{c}' (U+{:04X})", *c as u32);
                    self.info("SyntaxError", msg, e.line, Some(col + 1), Some(col + 1), Some(nonl))
                } else {
                    // the identifier run ends where the bad character does
                    let rest = &self.src[e.pos..];
                    let run: usize = rest.chars().take_while(|c| !c.is_whitespace() && !c.is_ascii_punctuation()).count().max(1);
                    self.info("SyntaxError", "invalid character in identifier", e.line, Some(col + run), None, Some(line))
                }
            }
            TokErrKind::BadNumber(k) => {
                let start_col = e.start_col;
                if !d.bracket_errors {
                    return self.info("SyntaxError", "invalid token", e.line, Some(col), None, Some(line));
                }
                let msg = match k {
                    NumErr::LeadingZeros => {
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".to_string()
                    }
                    NumErr::Decimal => "invalid decimal literal".into(),
                    NumErr::Hex => "invalid hexadecimal literal".into(),
                    NumErr::Octal => "invalid octal literal".into(),
                    NumErr::Binary => "invalid binary literal".into(),
                    NumErr::Digit(c, base) => format!("invalid digit '{c}' in {base} literal"),
                };
                let text = nonl;
                if *k == NumErr::LeadingZeros && d.end_offsets {
                    let zeros = self.src[self.lines.starts[e.line - 1]..].chars().skip(start_col).take_while(|&c| c == '0' || c == '_').count();
                    return self.info("SyntaxError", msg, e.line, Some(start_col + 1), Some(start_col + zeros + 1), Some(text));
                }
                self.info("SyntaxError", msg, e.line, Some(col), Some(col), Some(text))
            }
            TokErrKind::Unmatched(c) => {
                let text = nonl.clone();
                self.info("SyntaxError", format!("unmatched '{c}'"), e.line, Some(col + 1), Some(col + 1), Some(text))
            }
            TokErrKind::Mismatch(o, c, ol) => {
                let msg = if *ol == e.line {
                    format!("closing parenthesis '{c}' does not match opening parenthesis '{o}'")
                } else {
                    format!("closing parenthesis '{c}' does not match opening parenthesis '{o}' on line {ol}")
                };
                let text = nonl.clone();
                self.info("SyntaxError", msg, e.line, Some(col + 1), Some(col + 1), Some(text))
            }
            TokErrKind::TooDeep => {
                self.info("SyntaxError", "too many nested parentheses", e.line, Some(col + 1), Some(col + 1), Some(nonl))
            }
        }
    }

    fn eof_in_brackets(&self) -> SyntaxErrorInfo {
        let ll = self.last_line();
        if self.d.end_offsets {
            if let Some(&(c, l, col, _)) = self.open.last() {
                let text = if l == ll { self.line_text(l) } else { self.line_text(l).trim_end_matches('\n').to_string() };
                return self.info("SyntaxError", format!("'{c}' was never closed"), l, Some(col + 1), Some(0), Some(text));
            }
        }
        let off = self.line_chars(ll);
        // 2.7 says "invalid syntax" when the cell has more than one line (measured)
        let msg = if self.py2() && ll > 1 { "invalid syntax" } else { "unexpected EOF while parsing" };
        self.info("SyntaxError", msg, ll, Some(off), None, Some(self.line_text(ll)))
    }

    fn fail(&self, f: F) -> SyntaxErrorInfo {
        match f {
            F::At(i) => self.generic(i),
            F::Err(e) => e,
        }
    }

    /// An error located at an AST node, as `ast.c` (LL(1)) or the PEG actions raise it.
    fn node_err(&self, msg: String, sp: Span) -> SyntaxErrorInfo {
        if self.ll1() {
            let off = if self.py2() {
                None
            } else if self.d.ll1_offset_at_start {
                Some(sp.col + 1)
            } else {
                Some(sp.col)
            };
            self.info("SyntaxError", msg, sp.line, off, None, None)
        } else {
            let end = if sp.end_line == sp.line { sp.end_col + 1 } else { sp.col + 1 };
            self.info("SyntaxError", msg, sp.line, Some(sp.col + 1), Some(end), Some(self.line_text(sp.line)))
        }
    }
    /// An error from the symbol table or compiler: no text.
    fn compile_error(&mut self, msg: &str, sp: Span) {
        if self.compile_err.is_some() {
            return;
        }
        let off = if self.py2() {
            None
        } else if self.d.cannot_wording {
            Some(sp.col + 1)
        } else {
            Some(sp.col)
        };
        let end = if sp.end_line == sp.line { sp.end_col + 1 } else { sp.col + 1 };
        self.compile_err = Some(self.info("SyntaxError", msg, sp.line, off, Some(end), None));
    }
    /// An `ast.c` error (LL(1)): kept until the parse completes.
    fn defer(&mut self, e: SyntaxErrorInfo) {
        if self.deferred.is_none() {
            self.deferred = Some(e);
        }
    }
    fn cant(&self) -> &'static str {
        if self.d.cannot_wording { "cannot" } else { "can't" }
    }
    fn name_gen(&self) -> u8 {
        if !self.d.cannot_wording {
            0
        } else if !self.d.end_offsets {
            1
        } else {
            2
        }
    }

    // ----- driver -----
    fn run(&mut self) -> Result<Vec<Stmt>, ParseError> {
        let res = self.cell();
        let res = match res {
            Ok(v) => v,
            Err(f) => {
                let mut e = self.fail(f);
                if self.d.verify_number_end
                    && self.terr.is_some()
                    && self.i < self.toks.len()
                    && !e.msg.starts_with("multiple statements")
                {
                    // 3.10+: a tokenizer error later in the cell takes priority
                    e = self.tok_error();
                }
                return Err(ParseError::Syntax(self.legacy_print(e)));
            }
        };
        if let Some(e) = self.deferred.take() {
            return Err(ParseError::Syntax(self.legacy_print(e)));
        }
        if let Some(e) = self.compile_err.take() {
            return Err(ParseError::Syntax(e));
        }
        if let Some(u) = self.unsupported.take() {
            return Err(ParseError::Unsupported(u));
        }
        Ok(res)
    }

    /// 3.4–3.9: `SyntaxError.__init__` rewrites the message of any error whose text starts
    /// with `print ` or `exec ` and has no `(` (`Objects/exceptions.c`).
    fn legacy_print(&self, mut e: SyntaxErrorInfo) -> SyntaxErrorInfo {
        if self.py2() || self.d.end_offsets || e.exc_type != "SyntaxError" {
            return e;
        }
        let Some(text) = e.text.clone() else { return e };
        if text.contains('(') {
            return e;
        }
        let check = |s: &str| -> Option<String> {
            let s = s.trim_start();
            if let Some(rest) = s.strip_prefix("print ") {
                let data = match rest.find(';') {
                    Some(k) => &rest[..k],
                    None => rest,
                };
                let data = data.trim_matches([' ', '\t', '\r', '\n']);
                let end = if data.ends_with(',') { " end=\" \"" } else { "" };
                Some(format!("Missing parentheses in call to 'print'. Did you mean print({data}{end})?"))
            } else if s.starts_with("exec ") {
                Some("Missing parentheses in call to 'exec'".to_string())
            } else {
                None
            }
        };
        if let Some(m) = check(&text) {
            e.msg = m;
        } else if let Some(k) = text.find(':') {
            if let Some(m) = check(&text[k + 1..]) {
                e.msg = m;
            }
        }
        e
    }

    fn cell(&mut self) -> R<Vec<Stmt>> {
        let mut out = Vec::new();
        if self.mode == Mode::Single {
            // single_input: NEWLINE | simple_stmt | compound_stmt NEWLINE
            if self.at_kind(TK::EndMarker) || self.toks.is_empty() && self.terr.is_none() {
                return Err(F::At(self.i));
            }
            self.stmt(&mut out)?;
            if self.py2() {
                return Ok(out);
            }
            // anything but comments and blank lines after the first statement
            let rest_start = self.tok(self.i).map(|t| t.start);
            let more = match rest_start {
                None => self.terr.is_some() || !self.open.is_empty(),
                Some(_) => !matches!(self.cur().map(|t| t.kind), Some(TK::EndMarker)),
            };
            if more {
                // reported at the NEWLINE that ended the first statement
                let nl = (0..self.i).rev().find(|&k| self.toks[k].kind == TK::Newline).unwrap_or(0);
                let mut e = self.generic(nl);
                e.msg = "multiple statements found while compiling a single statement".into();
                e.exc_type = "SyntaxError".into();
                return Err(F::Err(e));
            }
            return Ok(out);
        }
        loop {
            match self.cur().map(|t| t.kind) {
                Some(TK::EndMarker) => break,
                None => return Err(F::At(self.i)),
                _ => self.stmt(&mut out)?,
            }
        }
        Ok(out)
    }

    /// One statement line (simple statements separated by `;`) or a compound statement.
    fn stmt(&mut self, out: &mut Vec<Stmt>) -> R<()> {
        if let Some(t) = self.cur() {
            if t.kind == TK::Newline {
                return Err(F::At(self.i));
            }
        }
        if self.compound()? {
            return Ok(());
        }
        loop {
            let s = self.small_stmt()?;
            if let Some(s) = s {
                out.push(s);
            }
            if self.at_op(";") {
                self.bump();
                if self.at_kind(TK::Newline) {
                    self.bump();
                    return Ok(());
                }
                continue;
            }
            if self.at_kind(TK::Newline) {
                self.bump();
                return Ok(());
            }
            return Err(self.after_stmt_error());
        }
    }

    /// The error when a statement is followed by something other than `;` or NEWLINE.
    fn after_stmt_error(&mut self) -> F {
        F::At(self.i)
    }

    // ----- compound statements: parsed for errors, reported as unsupported -----
    fn compound(&mut self) -> R<bool> {
        let Some(t) = self.cur().copied() else { return Ok(false) };
        if t.kind == TK::Op && self.text(&t) == "@" {
            self.unsupported("decorators");
            while self.at_op("@") {
                self.bump();
                self.namedexpr_test()?;
                self.newline()?;
            }
            if self.at_kw("def") || self.at_kw("class") || self.at_kw("async") {
                return self.compound();
            }
            return Err(F::At(self.i));
        }
        if t.kind != TK::Name {
            return Ok(false);
        }
        let w = self.text(&t);
        if w == "match" && self.d.end_offsets {
            return self.match_stmt();
        }
        let async_stmt = w == "async"
            && !self.py2()
            && (self.at_kw_at(self.i + 1, "def") || self.at_kw_at(self.i + 1, "with") || self.at_kw_at(self.i + 1, "for"));
        if !is_keyword(w, &self.d) && !async_stmt {
            return Ok(false);
        }
        let sp = span_of(&t);
        if w == "match" && self.d.end_offsets {
            return self.match_stmt();
        }
        match w {
            "if" | "while" => {
                let what = if w == "if" { "`if` statements" } else { "`while` loops" };
                self.unsupported(what);
                self.bump();
                self.namedexpr_test()?;
                self.colon()?;
                if w == "while" {
                    self.loop_depth += 1;
                }
                self.suite(w, sp)?;
                if w == "while" {
                    self.loop_depth -= 1;
                }
                while w == "if" && self.at_kw("elif") {
                    let t = self.bump();
                    self.namedexpr_test()?;
                    self.colon()?;
                    self.suite("elif", span_of(&t))?;
                }
                if self.at_kw("else") {
                    let t = self.bump();
                    self.colon()?;
                    self.suite("else", span_of(&t))?;
                }
            }
            "for" => {
                self.unsupported("`for` loops");
                self.bump();
                self.exprlist()?;
                self.expect_kw("in")?;
                self.testlist()?;
                self.colon()?;
                self.loop_depth += 1;
                self.suite("for", sp)?;
                self.loop_depth -= 1;
                if self.at_kw("else") {
                    let t = self.bump();
                    self.colon()?;
                    self.suite("else", span_of(&t))?;
                }
            }
            "try" => {
                self.unsupported("`try` statements");
                self.bump();
                self.colon()?;
                self.suite("try", sp)?;
                let mut any = false;
                while self.at_kw("except") {
                    any = true;
                    let t = self.bump();
                    if !self.at_op(":") {
                        self.test()?;
                        if self.at_kw("as") || (self.py2() && self.at_op(",")) {
                            self.bump();
                            self.test()?;
                        }
                    }
                    self.colon()?;
                    self.suite("except", span_of(&t))?;
                }
                if any && self.at_kw("else") {
                    let t = self.bump();
                    self.colon()?;
                    self.suite("else", span_of(&t))?;
                }
                if self.at_kw("finally") {
                    any = true;
                    let t = self.bump();
                    self.colon()?;
                    self.suite("finally", span_of(&t))?;
                }
                if !any {
                    if self.d.end_offsets {
                        let t = self.cur().copied();
                        if let Some(t) = t {
                            if t.kind == TK::EndMarker || t.kind == TK::Newline {
                                let l = t.line.min(self.last_line());
                                let off = if t.kind == TK::EndMarker { self.line_chars(self.last_line()) } else { t.col + 1 };
                                return Err(F::Err(self.info("SyntaxError", "expected 'except' or 'finally' block", l, Some(off), Some(usize::MAX), Some(self.line_text(l)))));
                            }
                        }
                    }
                    return Err(F::At(self.i));
                }
            }
            "with" => {
                self.unsupported("`with` statements");
                self.bump();
                loop {
                    self.test()?;
                    if self.at_kw("as") {
                        self.bump();
                        self.expr()?;
                    }
                    if self.at_op(",") {
                        self.bump();
                        continue;
                    }
                    break;
                }
                self.colon()?;
                self.suite("with", sp)?;
            }
            "def" => {
                self.unsupported("function definitions (`def`)");
                self.bump();
                self.expect_name()?;
                if !self.at_op("(") {
                    if self.d.messages_311 {
                        let e = self.generic(self.i);
                        return Err(F::Err(SyntaxErrorInfo { msg: "expected '('".into(), ..e }));
                    }
                    return Err(F::At(self.i));
                }
                self.bump();
                self.params(")")?;
                self.expect_op(")")?;
                if self.at_op("->") {
                    self.bump();
                    self.test()?;
                }
                self.colon()?;
                self.fn_depth += 1;
                let ld = std::mem::replace(&mut self.loop_depth, 0);
                self.suite("def", sp)?;
                self.loop_depth = ld;
                self.fn_depth -= 1;
            }
            "class" => {
                self.unsupported("class definitions");
                self.bump();
                self.expect_name()?;
                if self.at_op("(") {
                    self.bump();
                    if !self.at_op(")") {
                        self.arglist(Span::default())?;
                    }
                    self.expect_op(")")?;
                }
                self.colon()?;
                let ld = std::mem::replace(&mut self.loop_depth, 0);
                let fd = std::mem::replace(&mut self.fn_depth, 0);
                self.suite("class", sp)?;
                self.loop_depth = ld;
                self.fn_depth = fd;
            }
            "async" => {
                self.unsupported("`async` statements");
                self.bump();
                if self.at_kw("def") || self.at_kw("with") || self.at_kw("for") {
                    return self.compound();
                }
                return Err(F::At(self.i));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn colon(&mut self) -> R<()> {
        if self.at_op(":") {
            self.bump();
            return Ok(());
        }
        if self.d.end_offsets && matches!(self.cur().map(|t| t.kind), Some(TK::Newline)) {
            let e = self.generic(self.i);
            return Err(F::Err(SyntaxErrorInfo { msg: "expected ':'".into(), ..e }));
        }
        Err(F::At(self.i))
    }

    fn newline(&mut self) -> R<()> {
        if self.at_kind(TK::Newline) {
            self.bump();
            Ok(())
        } else {
            Err(F::At(self.i))
        }
    }

    /// A block after `:`: simple statements on the same line, or an indented block.
    fn suite(&mut self, what: &str, head: Span) -> R<()> {
        let mut sink = Vec::new();
        if !self.at_kind(TK::Newline) {
            return self.stmt(&mut sink);
        }
        self.bump();
        if !self.at_kind(TK::Indent) {
            if !self.ll1() {
                let t = self.cur().copied();
                let (l, off) = match t {
                    Some(t) if t.kind != TK::EndMarker => (t.line, t.col + 1),
                    _ => {
                        let nl = self.toks[self.i - 1];
                        (nl.line, nl.col + 1)
                    }
                };
                let msg = if self.d.end_offsets {
                    let which = match what {
                        "def" => format!("function definition on line {}", head.line),
                        "class" => format!("class definition on line {}", head.line),
                        w => format!("'{w}' statement on line {}", head.line),
                    };
                    format!("expected an indented block after {which}")
                } else {
                    "expected an indented block".to_string()
                };
                return Err(F::Err(self.info("IndentationError", msg, l, Some(off), Some(usize::MAX), Some(self.line_text(l)))));
            }
            if let Some(t) = self.cur() {
                if t.kind != TK::EndMarker {
                    let e = self.generic(self.i);
                    return Err(F::Err(SyntaxErrorInfo { exc_type: "IndentationError".into(), msg: "expected an indented block".into(), ..e }));
                }
            }
            return Err(F::At(self.i));
        }
        self.bump();
        loop {
            if self.at_kind(TK::Dedent) {
                self.bump();
                return Ok(());
            }
            if self.at_kind(TK::EndMarker) || self.cur().is_none() {
                return Err(F::At(self.i));
            }
            self.stmt(&mut sink)?;
        }
    }

    /// Function parameters up to `close`, loosely: names with defaults and annotations,
    /// `*`, `**`, `/`.
    fn params(&mut self, close: &str) -> R<()> {
        while !self.at_op(close) {
            if self.at_op("*") || self.at_op("**") {
                self.bump();
                if self.at_name() {
                    self.bump();
                }
            } else if self.at_op("/") {
                self.bump();
            } else {
                self.expect_name()?;
            }
            if close == ")" && self.at_op(":") {
                self.bump();
                self.test()?;
            }
            if self.at_op("=") {
                self.bump();
                self.test()?;
            }
            if self.at_op(",") {
                self.bump();
            } else {
                break;
            }
        }
        Ok(())
    }

    // ----- simple statements -----
    fn small_stmt(&mut self) -> R<Option<Stmt>> {
        let Some(t) = self.cur().copied() else { return Err(F::At(self.i)) };
        let sp0 = span_of(&t);
        if t.kind == TK::Name && is_keyword(self.text(&t), &self.d) {
            let w = self.text(&t);
            match w {
                "pass" => {
                    self.bump();
                    return Ok(Some(Stmt { kind: StmtKind::Pass, span: sp0 }));
                }
                "del" => return self.del_stmt().map(Some),
                "import" => return self.import_stmt().map(Some),
                "from" => return self.from_stmt().map(Some),
                "print" => return self.print_stmt().map(Some),
                "break" | "continue" => {
                    self.bump();
                    if self.loop_depth == 0 {
                        let msg = if w == "break" { "'break' outside loop" } else { "'continue' not properly in loop" };
                        self.compile_error(msg, sp0);
                    }
                    self.unsupported(format!("`{w}` statements"));
                    return Ok(None);
                }
                "return" => {
                    self.bump();
                    if !self.at_kind(TK::Newline) && !self.at_op(";") {
                        self.testlist_star()?;
                    }
                    let sp = self.span_from(sp0);
                    if self.fn_depth == 0 {
                        self.compile_error("'return' outside function", sp);
                    }
                    self.unsupported("`return` statements");
                    return Ok(None);
                }
                "raise" => {
                    self.bump();
                    if !self.at_kind(TK::Newline) && !self.at_op(";") {
                        self.test()?;
                        if self.at_kw("from") && !self.py2() {
                            self.bump();
                            self.test()?;
                        } else if self.py2() && self.at_op(",") {
                            self.bump();
                            self.test()?;
                            if self.at_op(",") {
                                self.bump();
                                self.test()?;
                            }
                        }
                    }
                    self.unsupported("`raise` statements");
                    return Ok(None);
                }
                "global" | "nonlocal" => {
                    self.bump();
                    self.expect_name()?;
                    while self.at_op(",") {
                        self.bump();
                        self.expect_name()?;
                    }
                    if w == "nonlocal" && self.fn_depth == 0 {
                        let sp = self.span_from(sp0);
                        self.compile_error("nonlocal declaration not allowed at module level", sp);
                    }
                    self.unsupported(format!("`{w}` statements"));
                    return Ok(None);
                }
                "assert" => {
                    self.bump();
                    self.test()?;
                    if self.at_op(",") {
                        self.bump();
                        self.test()?;
                    }
                    self.unsupported("`assert` statements");
                    return Ok(None);
                }
                "exec" => {
                    self.bump();
                    self.expr()?;
                    if self.at_kw("in") {
                        self.bump();
                        self.test()?;
                        if self.at_op(",") {
                            self.bump();
                            self.test()?;
                        }
                    }
                    self.unsupported("the `exec` statement");
                    return Ok(None);
                }
                _ => {}
            }
        }
        self.expr_stmt()
    }

    fn del_stmt(&mut self) -> R<Stmt> {
        let t = self.bump();
        let sp0 = span_of(&t);
        let start = self.i;
        if self.ll1() {
            // del exprlist: (expr|star_expr) (',' (expr|star_expr))* [',']
            let mut targets = Vec::new();
            loop {
                let e = if self.at_op("*") && !self.py2() { self.star_expr()? } else { self.expr()? };
                targets.push(e);
                if self.at_op(",") {
                    self.bump();
                    if self.starts_expr() {
                        continue;
                    }
                }
                break;
            }
            for e in &targets {
                if let Err(bad) = self.check_target(e, true) {
                    let name = expr_name(bad, self.name_gen());
                    let msg = self.target_msg(bad, name, true);
                    let err = self.node_err(msg, e.outer());
                    self.defer(err);
                    break;
                }
            }
            let sp = self.span_from(sp0);
            return Ok(Stmt { kind: StmtKind::Delete(self.lower_all(targets)), span: sp });
        }
        // PEG: del_targets, else invalid_del_stmt: 'del' star_expressions
        let targets = self.del_targets_peg();
        match targets {
            Ok(ts) if self.at_op(";") || self.at_kind(TK::Newline) => {
                if self.d.end_offsets {
                    for t in &ts {
                        if matches!(&t.k, PK::Name(n) if n == "__debug__") {
                            self.compile_error("cannot delete __debug__", t.sp);
                        }
                    }
                }
                let sp = self.span_from(sp0);
                Ok(Stmt { kind: StmtKind::Delete(self.lower_all(ts)), span: sp })
            }
            other => {
                let first_fail = match other {
                    Ok(_) => F::At(self.i),
                    Err(f) => f,
                };
                if let F::Err(_) = first_fail {
                    return Err(first_fail);
                }
                self.i = start;
                self.level = self.level_at(start);
                if let Ok(e) = self.star_expressions() {
                    if let Err(bad) = self.check_target(&e, true) {
                        let name = expr_name(bad, self.name_gen());
                        let msg = self.target_msg(bad, name, true);
                        return Err(F::Err(self.node_err(msg, bad.sp)));
                    }
                }
                Err(first_fail)
            }
        }
    }

    fn level_at(&self, i: usize) -> usize {
        let mut l: usize = 0;
        for t in &self.toks[..i] {
            if t.kind == TK::Op {
                match self.text(t) {
                    "(" | "[" | "{" => l += 1,
                    ")" | "]" | "}" => l = l.saturating_sub(1),
                    _ => {}
                }
            }
        }
        l
    }

    /// PEG `del_targets`: del_target (',' del_target)* [','], where a target is a
    /// primary ending in `.name` or `[...]`, a name, or a parenthesised / bracketed list.
    fn del_targets_peg(&mut self) -> R<Vec<PE>> {
        let mut v = Vec::new();
        loop {
            let e = self.expr()?;
            if self.check_target(&e, true).is_err() {
                return Err(F::At(self.i));
            }
            v.push(e);
            if self.at_op(",") {
                self.bump();
                if self.starts_expr() {
                    continue;
                }
            }
            return Ok(v);
        }
    }

    fn import_stmt(&mut self) -> R<Stmt> {
        let t = self.bump();
        let sp0 = span_of(&t);
        let mut names = Vec::new();
        if self.d.import_names_message && self.at_kind(TK::Newline) {
            let e = self.generic(self.i);
            return Err(F::Err(SyntaxErrorInfo { msg: "Expected one or more names after 'import'".into(), end_offset: e.offset, ..e }));
        }
        loop {
            let (name, nsp) = self.dotted_name()?;
            let asname = if self.at_kw("as") {
                self.bump();
                Some(self.expect_name()?.0)
            } else {
                None
            };
            self.check_debug_import(asname.as_deref().unwrap_or(&name), nsp, sp0);
            names.push(Alias { name, asname });
            if self.at_op(",") {
                self.bump();
                continue;
            }
            break;
        }
        Ok(Stmt { kind: StmtKind::Import(names), span: self.span_from(sp0) })
    }

    /// Binding `__debug__` by import: `ast.c` (LL(1)) or the compiler (PEG, located at the
    /// whole statement).
    fn check_debug_import(&mut self, bound: &str, sp: Span, stmt_start: Span) {
        if bound != "__debug__" {
            return;
        }
        let msg = if !self.d.cannot_wording && !self.py2() { "assignment to keyword" } else { "cannot assign to __debug__" };
        if self.ll1() {
            let e = self.node_err(msg.into(), sp);
            self.defer(e);
        } else {
            let (l, c) = self.stmt_end_guess();
            self.compile_error(msg, Span::new(stmt_start.line, stmt_start.col, l, c));
        }
    }

    /// The end of the current statement: the last token before `;` / NEWLINE.
    fn stmt_end_guess(&self) -> (usize, usize) {
        let mut k = self.i;
        while let Some(t) = self.tok(k) {
            if t.kind == TK::Newline || (t.kind == TK::Op && self.text(t) == ";") || t.kind == TK::EndMarker {
                break;
            }
            k += 1;
        }
        let t = &self.toks[k.saturating_sub(1)];
        (t.end_line, t.end_col)
    }

    /// Statements that start with a soft keyword: `match` (3.10+) and `type` (3.12+);
    /// parsed for errors and reported as unsupported. None when it is not one.
    fn soft_keyword_stmt(&mut self) -> R<Option<Option<Stmt>>> {
        let Some(t) = self.cur().copied() else { return Ok(None) };
        if t.kind != TK::Name || !self.d.end_offsets {
            return Ok(None);
        }
        let w = self.text(&t);
        if w == "type" && self.d.newline_width {
            let n = self.tok(self.i + 1).copied();
            if matches!(n, Some(n) if n.kind == TK::Name && !is_keyword(self.text(&n), &self.d))
                && (self.at_op_at(self.i + 2, "=") || self.at_op_at(self.i + 2, "["))
            {
                self.bump();
                self.bump();
                if self.at_op("[") {
                    self.bump();
                    self.params("]")?;
                    self.expect_op("]")?;
                }
                self.expect_op("=")?;
                self.test()?;
                self.unsupported("`type` alias statements");
                return Ok(Some(None));
            }
            return Ok(None);
        }
        Ok(None)
    }

    /// 3.10+ `match` statement (a soft keyword): tried, else it is an expression.
    fn match_stmt(&mut self) -> R<bool> {
        // match subject ':' NEWLINE INDENT case_block+ — tried, else an expression
        let save = (self.i, self.level);
        self.bump();
        let ok = self.starts_expr()
            && !self.at_op("*")
            && self.testlist_star().is_ok()
            && self.at_op(":")
            && self.at_kind_at(self.i + 1, TK::Newline);
        if !ok {
            self.i = save.0;
            self.level = save.1;
            return Ok(false);
        }
        self.bump(); // ':'
        self.bump(); // NEWLINE
        if !self.at_kind(TK::Indent) {
            return Err(F::At(self.i));
        }
        self.bump();
        self.unsupported("`match` statements");
        while !self.at_kind(TK::Dedent) {
            let Some(c) = self.cur().copied() else { return Err(F::At(self.i)) };
            if c.kind != TK::Name || self.text(&c) != "case" {
                return Err(F::At(self.i));
            }
            self.bump();
            // patterns: loosely, the tokens up to the ':' of the case line
            while !self.at_op(":") {
                match self.cur().map(|t| t.kind) {
                    None | Some(TK::Newline) | Some(TK::EndMarker) => return Err(F::At(self.i)),
                    _ => {
                        self.bump();
                    }
                }
            }
            self.bump();
            self.suite("case", span_of(&c))?;
        }
        self.bump();
        Ok(true)
    }

    fn at_kind_at(&self, i: usize, k: TK) -> bool {
        matches!(self.tok(i), Some(t) if t.kind == k)
    }

    fn dotted_name(&mut self) -> R<(String, Span)> {
        let (mut name, sp) = self.expect_name()?;
        while self.at_op(".") {
            self.bump();
            let (n, _) = self.expect_name()?;
            name.push('.');
            name.push_str(&n);
        }
        Ok((name, self.span_from(sp)))
    }

    fn from_stmt(&mut self) -> R<Stmt> {
        let t = self.bump();
        let sp0 = span_of(&t);
        let mut level = 0;
        loop {
            if self.at_op(".") {
                self.bump();
                level += 1;
            } else if self.at_op("...") {
                self.bump();
                level += 3;
            } else {
                break;
            }
        }
        let module = if level == 0 || self.at_name() { Some(self.dotted_name()?.0) } else { None };
        let imp = self.expect_kw("import")?;
        let names = if self.at_op("*") {
            self.bump();
            ImportNames::Star
        } else {
            let paren = self.at_op("(");
            if paren {
                self.bump();
            }
            if self.d.import_names_message && !paren && self.at_kind(TK::Newline) {
                let e = self.generic(self.i);
                return Err(F::Err(SyntaxErrorInfo { msg: "Expected one or more names after 'import'".into(), end_offset: e.offset, ..e }));
            }
            let mut v = Vec::new();
            let mut trailing = None;
            loop {
                let (name, _) = self.expect_name()?;
                let asname = if self.at_kw("as") {
                    self.bump();
                    Some(self.expect_name()?.0)
                } else {
                    None
                };
                v.push(Alias { name, asname });
                if self.at_op(",") {
                    let c = self.bump();
                    if self.at_name() {
                        continue;
                    }
                    trailing = Some(c);
                }
                break;
            }
            if paren {
                self.expect_op(")")?;
            } else if let Some(c) = trailing {
                // `from m import a,` without parentheses
                if !self.at_kind(TK::Newline) && !self.at_op(";") {
                    return Err(F::At(self.i));
                }
                let msg = "trailing comma not allowed without surrounding parentheses";
                if self.ll1() {
                    let sp = span_of(&imp);
                    let off = if self.py2() {
                        None
                    } else if self.d.ll1_offset_at_start {
                        Some(sp.end_col + 2)
                    } else {
                        Some(sp.end_col + 1)
                    };
                    let e = self.info("SyntaxError", msg, sp.line, off, None, None);
                    self.defer(e);
                } else {
                    let e = self.generic(self.i);
                    let _ = c;
                    return Err(F::Err(SyntaxErrorInfo { msg: msg.into(), ..e }));
                }
            }
            ImportNames::Names(v)
        };
        Ok(Stmt { kind: StmtKind::ImportFrom { module, level, names }, span: self.span_from(sp0) })
    }

    fn print_stmt(&mut self) -> R<Stmt> {
        let t = self.bump();
        let sp0 = span_of(&t);
        let mut values = Vec::new();
        let mut trailing = false;
        if self.at_op(">>") {
            self.bump();
            self.test()?;
            self.unsupported("`print >>file` redirection");
            while self.at_op(",") {
                self.bump();
                if !self.starts_expr() {
                    break;
                }
                self.test()?;
            }
            return Ok(Stmt { kind: StmtKind::Print { values: vec![], trailing_comma: false }, span: self.span_from(sp0) });
        }
        if self.starts_expr() {
            loop {
                values.push(self.test()?);
                if self.at_op(",") {
                    self.bump();
                    if self.starts_expr() {
                        continue;
                    }
                    trailing = true;
                }
                break;
            }
        }
        let values = self.lower_all(values);
        Ok(Stmt { kind: StmtKind::Print { values, trailing_comma: trailing }, span: self.span_from(sp0) })
    }

    fn expr_stmt(&mut self) -> R<Option<Stmt>> {
        let start = self.i;
        if self.at_kw("yield") {
            self.yield_expr()?;
            self.unsupported("`yield` expressions");
            return Ok(None);
        }
        if let Some(r) = self.soft_keyword_stmt()? {
            return Ok(r);
        }
        let first = match self.testlist_star() {
            Ok(e) => e,
            Err(f) => return Err(self.peg_stmt_fail(start, f)),
        };
        // augmented / annotated assignment
        if let Some(t) = self.cur() {
            if t.kind == TK::Op {
                let op = self.text(t);
                if op.len() >= 2 && op.ends_with('=') && !matches!(op, "==" | "!=" | "<=" | ">=" | "<>") && op != ":=" {
                    self.bump();
                    if self.at_kw("yield") { self.yield_expr()?; } else { self.testlist()?; }
                    self.unsupported("augmented assignment");
                    return Ok(None);
                }
                if op == ":" && !self.py2() {
                    self.bump();
                    self.test()?;
                    if self.at_op("=") {
                        self.bump();
                        if self.at_kw("yield") { self.yield_expr()?; } else { self.testlist_star()?; }
                    }
                    self.unsupported("annotated assignment");
                    return Ok(None);
                }
            }
        }
        if !self.at_op("=") {
            if let Err(f) = self.stmt_end_check(start, &first) {
                return Err(f);
            }
            let sp = first.outer();
            let e = self.lower(first);
            return Ok(Some(Stmt { kind: StmtKind::Expr(e), span: sp }));
        }
        let mut targets = vec![first];
        let mut value;
        loop {
            self.bump(); // '='
            let vstart = self.i;
            value = if self.at_kw("yield") {
                self.yield_expr()?
            } else {
                match self.testlist_star() {
                    Ok(v) => v,
                    Err(f) => return Err(self.peg_assign_fail(&targets, vstart, f)),
                }
            };
            if self.at_op("=") {
                targets.push(value);
                continue;
            }
            break;
        }
        // PEG: a bad target is found while parsing, before what follows the statement
        if !self.ll1() {
            if let Some(e) = self.peg_target_error(&targets, Some(&value)) {
                return Err(F::Err(e));
            }
        }
        if !self.at_op(";") && !self.at_kind(TK::Newline) {
            return Err(F::At(self.i));
        }
        if self.ll1() {
            for t in &targets {
                if let Err(bad) = self.check_target(t, false) {
                    let name = expr_name(bad, self.name_gen());
                    let msg = self.target_msg(bad, name, false);
                    let e = self.node_err(msg, t.outer());
                    self.defer(e);
                    break;
                }
            }
        }
        for t in &targets {
            if let PK::Starred(_) = t.k {
                if !t.paren {
                    self.compile_error("starred assignment target must be in a list or tuple", t.sp);
                }
            }
            if let PK::Name(n) = &t.k {
                if n == "__debug__" && !self.ll1() {
                    self.compile_error("cannot assign to __debug__", t.sp);
                }
            }
        }
        let sp = targets[0].outer().to(value.outer());
        let targets = self.lower_all(targets);
        let value = self.lower(value);
        Ok(Some(Stmt { kind: StmtKind::Assign { targets, value }, span: sp }))
    }

    /// PEG: the specialised error for the targets of `t1 = t2 = value`, if one is invalid.
    fn peg_target_error(&self, targets: &[PE], value: Option<&PE>) -> Option<SyntaxErrorInfo> {
        for (k, t) in targets.iter().enumerate() {
            if let Err(bad) = self.check_target(t, false) {
                let name = expr_name(bad, self.name_gen());
                // 3.10+ invalid_named_expression: `a = b` with a single bad first target
                if self.d.end_offsets && k == 0 && std::ptr::eq(bad, t) && !t.paren_tuple_like() && !matches!(t.k, PK::True | PK::False | PK::None) {
                    let next_is_plain = targets.len() == 1 && value.map(|v| v.is_bitwise_or()).unwrap_or(false);
                    if next_is_plain {
                        let msg = format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?");
                        return Some(self.node_err(msg, bad.sp));
                    }
                }
                let msg = self.target_msg(bad, name, false);
                return Some(self.node_err(msg, bad.sp));
            }
        }
        None
    }

    fn target_msg(&self, bad: &PE, name: &str, del: bool) -> String {
        let verb = if del { "delete" } else { "assign to" };
        if let PK::Name(n) = &bad.k {
            if n == "__debug__" {
                return if !self.d.cannot_wording && !self.py2() { "assignment to keyword".into() } else { format!("cannot {verb} __debug__") };
            }
            if self.py2() && n == "None" {
                return format!("cannot {verb} None");
            }
        }
        if let PK::Starred(_) = &bad.k {
            if !del {
                return "starred assignment target must be in a list or tuple".into();
            }
        }
        if self.py2() && matches!(bad.k, PK::Tuple(ref v) if v.is_empty()) {
            return format!("can't {verb} ()");
        }
        format!("{} {verb} {name}", self.cant())
    }

    /// After an expression statement: anything but `;` / NEWLINE is an error; the PEG
    /// parser's specialised messages for some of them.
    fn stmt_end_check(&mut self, start: usize, first: &PE) -> R<()> {
        if self.at_op(";") || self.at_kind(TK::Newline) {
            return Ok(());
        }
        if !self.ll1() && !self.d.end_offsets && self.at_op(":=") {
            // 3.9: `invalid_named_expression` read the value before giving up, so the
            // error is at the token after it
            let save = (self.i, self.level);
            self.bump();
            let r = self.test();
            let at = self.i;
            self.i = save.0;
            self.level = save.1;
            if r.is_ok() {
                return Err(F::At(at));
            }
        }
        if self.d.end_offsets {
            // legacy print / exec statement
            if let Some(e) = self.legacy_stmt_310(start) {
                return Err(F::Err(e));
            }
            // `x if y` without else
            let _ = first;
        }
        Err(F::At(self.i))
    }

    /// 3.10+ `invalid_legacy_expression`: `print x` → "Missing parentheses in call to
    /// 'print'. Did you mean print(...)?" over `print` and the expressions after it.
    fn legacy_stmt_310(&mut self, start: usize) -> Option<SyntaxErrorInfo> {
        let t = *self.tok(start)?;
        if t.kind != TK::Name {
            return None;
        }
        let w = self.text(&t);
        if w != "print" && w != "exec" {
            return None;
        }
        if self.at_op_at(start + 1, "(") {
            return None;
        }
        let save = (self.i, self.level);
        self.i = start + 1;
        let r = self.star_expressions();
        let res = match r {
            Ok(e) => {
                let sp = span_of(&t).to(self.span_from(e.outer()));
                let msg = format!("Missing parentheses in call to '{w}'. Did you mean {w}(...)?");
                Some(self.node_err(msg, sp))
            }
            Err(_) => None,
        };
        self.i = save.0;
        self.level = save.1;
        res
    }

    fn peg_stmt_fail(&mut self, start: usize, f: F) -> F {
        if let F::Err(_) = f {
            return f;
        }
        if self.d.end_offsets {
            let save = (self.i, self.level);
            if let Some(e) = self.legacy_stmt_310(start) {
                return F::Err(e);
            }
            self.i = save.0;
            self.level = save.1;
        }
        f
    }

    fn peg_assign_fail(&mut self, targets: &[PE], _vstart: usize, f: F) -> F {
        if let F::Err(_) = f {
            return f;
        }
        if !self.ll1() {
            if let Some(e) = self.peg_target_error(targets, None) {
                return F::Err(e);
            }
        }
        f
    }

    /// Checks an assignment (`del_` false) or deletion target; returns the offending node.
    fn check_target<'e>(&self, e: &'e PE, del: bool) -> Result<(), &'e PE> {
        match &e.k {
            PK::Name(n) => {
                if n == "__debug__" && !del && self.ll1() {
                    return Err(e);
                }
                if self.py2() && n == "None" && !del {
                    return Err(e);
                }
                Ok(())
            }
            PK::Attr(..) | PK::Sub(..) => Ok(()),
            PK::Tuple(v) | PK::List(v) => {
                if self.py2() && v.is_empty() && del && matches!(e.k, PK::Tuple(_)) {
                    return Err(e);
                }
                for x in v {
                    self.check_target(x, del)?;
                }
                Ok(())
            }
            PK::Starred(inner) if !del => self.check_target(inner, del),
            _ => Err(e),
        }
    }

    fn lower_all(&mut self, v: Vec<PE>) -> Vec<Expr> {
        v.into_iter().map(|e| self.lower(e)).collect()
    }

    /// Turns a parsed expression into the AST, noting constructs outside the subset.
    fn lower(&mut self, e: PE) -> Expr {
        self.lower_depth += 1;
        let r = if self.lower_depth > MAX_AST_DEPTH {
            // keeps the AST shallow enough for the caller's stack (Drop, Display, evaluation)
            self.unsupported(format!("expressions nested more than {MAX_AST_DEPTH} levels deep"));
            Expr::new(ExprKind::None, e.sp)
        } else {
            self.lower_inner(e)
        };
        self.lower_depth -= 1;
        r
    }

    fn lower_inner(&mut self, e: PE) -> Expr {
        let sp = e.sp;
        let kind = match e.k {
            PK::Name(n) if self.py2() && n == "None" => ExprKind::None,
            PK::Name(n) if self.py2() && n == "True" => ExprKind::True,
            PK::Name(n) if self.py2() && n == "False" => ExprKind::False,
            PK::Name(n) => ExprKind::Name(n),
            PK::Attr(v, a) => ExprKind::Attribute { value: Box::new(self.lower(*v)), attr: a },
            PK::Sub(v, i) => ExprKind::Subscript { value: Box::new(self.lower(*v)), index: Box::new(self.lower(*i)) },
            PK::Call(f, args) => {
                let func = Box::new(self.lower(*f));
                let mut a = Vec::new();
                let mut kw = Vec::new();
                for arg in args {
                    match arg.kind {
                        ArgKind::Pos => a.push(self.lower(arg.value)),
                        ArgKind::Kw(n, _) => {
                            let value = self.lower(arg.value);
                            kw.push(Keyword { name: n, value });
                        }
                        ArgKind::Star => {
                            self.unsupported("`*args` in calls");
                        }
                        ArgKind::DStar => {
                            self.unsupported("`**kwargs` in calls");
                        }
                    }
                }
                ExprKind::Call { func, args: a, keywords: kw }
            }
            PK::Str(s, lit) => {
                match lit {
                    Lit::Bytes => self.unsupported("bytes literals"),
                    Lit::FStr => self.unsupported("f-strings"),
                    _ => {}
                }
                ExprKind::Str(s)
            }
            PK::Int(s) => ExprKind::Int(s),
            PK::Float(s) => ExprKind::Float(s),
            PK::Imag(s) => ExprKind::Imaginary(s),
            PK::None => ExprKind::None,
            PK::True => ExprKind::True,
            PK::False => ExprKind::False,
            PK::Ellipsis => {
                self.unsupported("`...` (Ellipsis)");
                ExprKind::None
            }
            PK::Tuple(v) => ExprKind::Tuple(self.lower_all(v)),
            PK::List(v) => ExprKind::List(self.lower_all(v)),
            PK::Compare(l, ops) => {
                let left = Box::new(self.lower(*l));
                let ops = ops.into_iter().map(|(o, x)| (o, self.lower(x))).collect();
                ExprKind::Compare { left, ops }
            }
            PK::Bool(op, v) => ExprKind::BoolOp { op, values: self.lower_all(v) },
            PK::Unary(op, x) => ExprKind::Unary { op, operand: Box::new(self.lower(*x)) },
            PK::Starred(_) => {
                self.unsupported("starred expressions (`*x`)");
                ExprKind::None
            }
            PK::Other(o, _) => {
                self.unsupported(other_words(o));
                ExprKind::None
            }
        };
        Expr::new(kind, sp)
    }

    // ----- expressions -----
    /// Whether the current token can start an expression.
    fn starts_expr(&self) -> bool {
        let Some(t) = self.cur() else { return false };
        match t.kind {
            TK::Name => {
                let w = self.text(t);
                !is_keyword(w, &self.d) || matches!(w, "not" | "lambda" | "None" | "True" | "False" | "await" | "yield")
            }
            TK::Number | TK::Str => true,
            TK::Op => matches!(self.text(t), "(" | "[" | "{" | "-" | "+" | "~" | "..." | "*" | "`"),
            _ => false,
        }
    }

    /// testlist_star_expr: (test|star_expr) (',' (test|star_expr))* [','] → a Tuple when
    /// there is a comma.
    fn testlist_star(&mut self) -> R<PE> {
        self.testlist_gen(true)
    }
    fn testlist(&mut self) -> R<PE> {
        self.testlist_gen(false)
    }
    fn star_expressions(&mut self) -> R<PE> {
        self.testlist_gen(true)
    }
    fn testlist_gen(&mut self, star: bool) -> R<PE> {
        let first = if star && self.at_op("*") && !self.py2() { self.star_expr()? } else { self.test()? };
        if !self.at_op(",") {
            return Ok(first);
        }
        let sp0 = first.outer();
        let mut v = vec![first];
        while self.at_op(",") {
            self.bump();
            if !self.starts_expr() || (self.at_kw("yield")) {
                break;
            }
            let e = if star && self.at_op("*") && !self.py2() { self.star_expr()? } else { self.test()? };
            v.push(e);
        }
        let sp = self.span_from(sp0);
        Ok(PE::new(PK::Tuple(v), sp))
    }

    fn star_expr(&mut self) -> R<PE> {
        let t = self.bump();
        let inner = self.expr()?;
        let sp = span_of(&t).to(inner.outer());
        let sp = Span::new(sp.line, sp.col, sp.end_line, sp.end_col);
        Ok(PE::new(PK::Starred(Box::new(inner)), sp))
    }

    fn yield_expr(&mut self) -> R<PE> {
        let t = self.bump();
        let sp0 = span_of(&t);
        if self.at_kw("from") && !self.py2() {
            self.bump();
            self.test()?;
        } else if self.starts_expr() && !self.at_kw("yield") {
            self.testlist_star()?;
        }
        let sp = self.span_from(sp0);
        if self.fn_depth == 0 {
            self.compile_error("'yield' outside function", sp);
        }
        Ok(PE::new(PK::Other(Other::Yield, vec![]), sp))
    }

    fn namedexpr_test(&mut self) -> R<PE> {
        let e = self.test()?;
        if self.d.walrus && self.at_op(":=") {
            if !matches!(e.k, PK::Name(_)) || e.paren {
                return Err(F::At(self.i));
            }
            self.bump();
            let v = self.test()?;
            let sp = e.outer().to(v.outer());
            return Ok(PE::new(PK::Other(Other::Walrus, vec![]), sp));
        }
        Ok(e)
    }

    /// test: or_test ['if' or_test 'else' test] | lambdef
    fn test(&mut self) -> R<PE> {
        if self.at_kw("lambda") {
            let t = self.bump();
            self.params(":")?;
            self.expect_op(":")?;
            let body = self.test()?;
            let sp = span_of(&t).to(body.outer());
            return Ok(PE::new(PK::Other(Other::Lambda, vec![]), sp));
        }
        let e = self.or_test()?;
        if self.at_kw("if") {
            let save = (self.i, self.level);
            self.bump();
            let cond = self.or_test()?;
            if !self.at_kw("else") {
                if self.d.end_offsets && !self.at_op(":") {
                    let sp = e.outer().to(cond.outer());
                    return Err(F::Err(self.node_err("expected 'else' after 'if' expression".into(), sp)));
                }
                let _ = save;
                return Err(F::At(self.i));
            }
            self.bump();
            let other = self.test()?;
            let sp = e.outer().to(other.outer());
            return Ok(PE::new(PK::Other(Other::IfExp, vec![]), sp));
        }
        Ok(e)
    }

    fn or_test(&mut self) -> R<PE> {
        self.boolop("or")
    }

    fn boolop(&mut self, op: &str) -> R<PE> {
        let first = if op == "or" { self.boolop("and")? } else { self.not_test()? };
        if !self.at_kw(op) {
            return Ok(first);
        }
        let sp0 = first.outer();
        let mut v = vec![first];
        while self.at_kw(op) {
            self.bump();
            v.push(if op == "or" { self.boolop("and")? } else { self.not_test()? });
        }
        let sp = self.span_from(sp0);
        let b = if op == "or" { BoolOp::Or } else { BoolOp::And };
        Ok(PE::new(PK::Bool(b, v), sp))
    }

    fn not_test(&mut self) -> R<PE> {
        // iterative over `not not not x`
        let mut nots = Vec::new();
        while self.at_kw("not") {
            nots.push(span_of(&self.bump()));
        }
        let mut e = self.comparison()?;
        while let Some(s) = nots.pop() {
            let sp = s.to(e.outer());
            e = PE::new(PK::Unary(UnaryOp::Not, Box::new(e)), sp);
        }
        Ok(e)
    }

    fn comp_op(&self) -> Option<(CmpOp, usize)> {
        let t = self.cur()?;
        let w = self.text(t);
        match t.kind {
            TK::Op => match w {
                "==" => Some((CmpOp::Eq, 1)),
                "!=" => Some((CmpOp::NotEq, 1)),
                "<>" if self.py2() => Some((CmpOp::NotEq, 1)),
                "<" => Some((CmpOp::Lt, 1)),
                "<=" => Some((CmpOp::LtE, 1)),
                ">" => Some((CmpOp::Gt, 1)),
                ">=" => Some((CmpOp::GtE, 1)),
                _ => None,
            },
            TK::Name if is_keyword(w, &self.d) => match w {
                "in" => Some((CmpOp::In, 1)),
                "is" => {
                    if self.at_kw_at(self.i + 1, "not") {
                        Some((CmpOp::IsNot, 2))
                    } else {
                        Some((CmpOp::Is, 1))
                    }
                }
                "not" => {
                    if self.at_kw_at(self.i + 1, "in") {
                        Some((CmpOp::NotIn, 2))
                    } else {
                        None
                    }
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn comparison(&mut self) -> R<PE> {
        let first = self.expr()?;
        let Some(_) = self.comp_op() else {
            if self.at_kw("not") {
                // `a not b`: `not` must be followed by `in`
                self.bump();
                return Err(F::At(self.i));
            }
            return Ok(first);
        };
        let sp0 = first.outer();
        let mut ops = Vec::new();
        while let Some((op, n)) = self.comp_op() {
            for _ in 0..n {
                self.bump();
            }
            ops.push((op, self.expr()?));
            if self.at_kw("not") && !self.at_kw_at(self.i + 1, "in") {
                self.bump();
                return Err(F::At(self.i));
            }
        }
        let sp = self.span_from(sp0);
        Ok(PE::new(PK::Compare(Box::new(first), ops), sp))
    }

    /// expr: the binary operators `|` `^` `&` `<<` `>>` `+` `-` `*` `/` `//` `%` `@`,
    /// by precedence climbing.
    fn expr(&mut self) -> R<PE> {
        self.binary(0)
    }

    fn binop_prec(&self) -> Option<(u8, &'static str)> {
        let t = self.cur()?;
        if t.kind != TK::Op {
            return None;
        }
        Some(match self.text(t) {
            "|" => (1, "|"),
            "^" => (2, "^"),
            "&" => (3, "&"),
            "<<" => (4, "<<"),
            ">>" => (4, ">>"),
            "+" => (5, "+"),
            "-" => (5, "-"),
            "*" => (6, "*"),
            "/" => (6, "/"),
            "//" => (6, "//"),
            "%" => (6, "%"),
            "@" if !self.py2() => (6, "@"),
            _ => return None,
        })
    }

    fn binary(&mut self, min: u8) -> R<PE> {
        let mut left = self.factor()?;
        while let Some((prec, op)) = self.binop_prec() {
            if prec <= min {
                break;
            }
            self.bump();
            let right = self.binary(prec)?;
            let sp = left.outer().to(right.outer());
            left = PE::new(PK::Other(Other::BinOp(op), vec![left, right]), sp);
        }
        Ok(left)
    }

    /// factor: ('+'|'-'|'~') factor | power, and power: await? atom_expr ['**' factor].
    /// Iterative: a chain `a ** -b ** c` is read left to right, each operand with its prefix
    /// operators, and folded from the right (`**` binds right to left, and a prefix operator
    /// takes the whole power after it: `-a ** b` is `-(a ** b)`), so that a long chain does
    /// not recurse once per operator.
    fn factor(&mut self) -> R<PE> {
        let mut chain = Vec::new();
        loop {
            let ops = self.prefix_ops();
            let base = self.power_base()?;
            chain.push((ops, base));
            if !self.at_op("**") {
                break;
            }
            self.bump();
        }
        let (ops, last) = chain.pop().expect("one operand");
        let mut e = Self::apply_prefix(ops, last);
        while let Some((ops, base)) = chain.pop() {
            let sp = base.outer().to(e.outer());
            e = Self::apply_prefix(ops, PE::new(PK::Other(Other::BinOp("**"), vec![base, e]), sp));
        }
        Ok(e)
    }

    /// The prefix operators before an operand, in order.
    fn prefix_ops(&mut self) -> Vec<(UnaryOp, bool, Span)> {
        let mut ops = Vec::new();
        while let Some(t) = self.cur() {
            if t.kind != TK::Op {
                break;
            }
            let op = match self.text(t) {
                "-" => UnaryOp::Neg,
                "+" => UnaryOp::Pos,
                "~" => UnaryOp::Not, // marker for invert, see below
                _ => break,
            };
            let inv = self.text(t) == "~";
            let t = self.bump();
            ops.push((op, inv, span_of(&t)));
        }
        ops
    }

    fn apply_prefix(mut ops: Vec<(UnaryOp, bool, Span)>, mut e: PE) -> PE {
        while let Some((op, inv, s)) = ops.pop() {
            let sp = s.to(e.outer());
            e = if inv {
                PE::new(PK::Other(Other::Invert, vec![e]), sp)
            } else {
                PE::new(PK::Unary(op, Box::new(e)), sp)
            };
        }
        e
    }

    /// await? atom_expr
    fn power_base(&mut self) -> R<PE> {
        let mut aw = None;
        if self.at_kw("await") {
            aw = Some(span_of(&self.bump()));
        }
        let mut e = self.atom_expr()?;
        if let Some(s) = aw {
            let sp = s.to(e.outer());
            if self.fn_depth == 0 {
                self.compile_error("'await' outside function", sp);
            }
            e = PE::new(PK::Other(Other::Await, vec![]), sp);
        }
        Ok(e)
    }

    fn atom_expr(&mut self) -> R<PE> {
        let mut e = self.atom()?;
        loop {
            if self.at_op(".") {
                self.bump();
                let (n, _) = self.expect_name()?;
                let sp = self.span_from(e.outer());
                e = PE::new(PK::Attr(Box::new(e), n), sp);
            } else if self.at_op("(") {
                self.bump();
                let fstart = e.outer();
                let args = if self.at_op(")") { Vec::new() } else { self.arglist(fstart)? };
                self.expect_op(")")?;
                let sp = self.span_from(e.outer());
                e = PE::new(PK::Call(Box::new(e), args), sp);
            } else if self.at_op("[") {
                self.bump();
                let idx = self.subscriptlist()?;
                self.expect_op("]")?;
                let sp = self.span_from(e.outer());
                e = PE::new(PK::Sub(Box::new(e), Box::new(idx)), sp);
            } else {
                return Ok(e);
            }
        }
    }

    fn subscriptlist(&mut self) -> R<PE> {
        let first = self.subscript()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let sp0 = first.outer();
        let mut v = vec![first];
        while self.at_op(",") {
            self.bump();
            if self.at_op("]") {
                break;
            }
            v.push(self.subscript()?);
        }
        let sp = self.span_from(sp0);
        let slice = v.iter().any(|x| matches!(x.k, PK::Other(Other::Slice, _)));
        if slice {
            return Ok(PE::new(PK::Other(Other::ExtSlice, vec![]), sp));
        }
        Ok(PE::new(PK::Tuple(v), sp))
    }

    fn subscript(&mut self) -> R<PE> {
        let t0 = self.cur().copied();
        let mut lower = None;
        if !self.at_op(":") {
            if self.at_op("...") && self.py2() {
                let t = self.bump();
                return Ok(PE::new(PK::Ellipsis, span_of(&t)));
            }
            let e = if self.at_op("*") && !self.py2() { self.star_expr()? } else { self.namedexpr_test()? };
            if !self.at_op(":") {
                return Ok(e);
            }
            lower = Some(e);
        }
        let sp0 = lower.as_ref().map(|e| e.outer()).unwrap_or_else(|| span_of(t0.as_ref().unwrap()));
        self.bump(); // ':'
        if !self.at_op("]") && !self.at_op(",") && !self.at_op(":") {
            self.test()?;
        }
        if self.at_op(":") {
            self.bump();
            if !self.at_op("]") && !self.at_op(",") {
                self.test()?;
            }
        }
        let sp = self.span_from(sp0);
        Ok(PE::new(PK::Other(Other::Slice, vec![]), sp))
    }

    /// Call arguments up to (not including) `)`.
    fn arglist(&mut self, fstart: Span) -> R<Vec<PArg>> {
        let mut args: Vec<PArg> = Vec::new();
        loop {
            if self.at_op(")") {
                break;
            }
            let a = self.argument()?;
            let dstar = matches!(a.kind, ArgKind::DStar);
            args.push(a);
            if self.py2() && dstar && self.at_op(",") {
                // 2.7: nothing may follow `**kwargs`
                return Err(F::At(self.i));
            }
            if self.at_op(",") {
                self.bump();
                continue;
            }
            if !self.at_op(")") && self.d.end_offsets && self.starts_expr() {
                if let Some(e) = self.forgot_comma(&args.last().unwrap().value) {
                    return Err(F::Err(e));
                }
            }
            break;
        }
        self.check_args(&args, fstart)?;
        Ok(args)
    }

    fn argument(&mut self) -> R<PArg> {
        if self.at_op("*") || self.at_op("**") {
            let t = self.bump();
            let star = self.text(&t) == "*";
            if self.d.import_names_message && star && (self.at_op(")") || self.at_op(",")) {
                let e = self.generic(self.i);
                return Err(F::Err(SyntaxErrorInfo { msg: "Invalid star expression".into(), ..e }));
            }
            let v = self.test()?;
            let sp = span_of(&t).to(v.outer());
            let value = PE { sp, ..v };
            return Ok(PArg { kind: if star { ArgKind::Star } else { ArgKind::DStar }, value, genexp: false });
        }
        let start = self.i;
        let e = self.namedexpr_test()?;
        if self.at_op("=") && !self.at_op_at(self.i + 1, "=") {
            let eq = self.bump();
            if let (PK::Name(n), false) = (&e.k, e.paren) {
                let n = n.clone();
                let nsp = e.sp;
                let v = self.test()?;
                return Ok(PArg { kind: ArgKind::Kw(n, nsp), value: v, genexp: false });
            }
            // keyword can't be an expression
            let v = self.test()?;
            let _ = start;
            if self.ll1() {
                let msg = if self.d.cannot_wording { "expression cannot contain assignment, perhaps you meant \"==\"?" } else { "keyword can't be an expression" };
                let err = self.node_err(msg.into(), e.outer());
                self.defer(err);
                return Ok(PArg { kind: ArgKind::Pos, value: v, genexp: false });
            }
            let sp = e.sp.to(span_of(&eq));
            return Err(F::Err(self.node_err("expression cannot contain assignment, perhaps you meant \"==\"?".into(), sp)));
        }
        if self.at_kw("for") || (self.at_kw("async") && self.at_kw_at(self.i + 1, "for")) {
            let g = self.comp_for(e, Other::GenExp)?;
            return Ok(PArg { kind: ArgKind::Pos, value: g, genexp: true });
        }
        Ok(PArg { kind: ArgKind::Pos, value: e, genexp: false })
    }

    /// The order rules of call arguments (`ast.c` for LL(1), `invalid_arguments` for PEG).
    fn check_args(&mut self, args: &[PArg], fstart: Span) -> R<()> {
        let mut kw = false;
        let mut dstar = false;
        let n = args.len();
        let close = self.i; // the `)` token
        for (k, a) in args.iter().enumerate() {
            if a.genexp && n > 1 {
                let msg = if self.py2() || !self.d.async_keywords {
                    "Generator expression must be parenthesized if not sole argument"
                } else {
                    "Generator expression must be parenthesized"
                };
                let e = self.node_err(msg.into(), a.value.sp);
                if self.ll1() {
                    self.defer(e);
                    return Ok(());
                }
                return Err(F::Err(e));
            }
            match &a.kind {
                ArgKind::Pos => {
                    if kw || dstar {
                        let msg = if self.py2() {
                            "non-keyword arg after keyword arg"
                        } else if dstar {
                            "positional argument follows keyword argument unpacking"
                        } else {
                            "positional argument follows keyword argument"
                        };
                        if self.ll1() {
                            let e = self.node_err(msg.into(), a.value.sp);
                            self.defer(e);
                            return Ok(());
                        }
                        let mut e = self.generic(close);
                        e.msg = msg.into();
                        return Err(F::Err(e));
                    }
                }
                ArgKind::Star => {
                    if dstar {
                        let msg = "iterable argument unpacking follows keyword argument unpacking";
                        if self.py2() {
                            return Err(F::At(close));
                        }
                        let e = self.node_err(msg.into(), a.value.sp);
                        if self.ll1() {
                            self.defer(e);
                            return Ok(());
                        }
                        // where each PEG generation puts it
                        let star = Span::new(a.value.sp.line, a.value.sp.col, a.value.sp.line, a.value.sp.col + 1);
                        let sp = if !self.d.end_offsets || (self.d.messages_311 && !self.d.import_names_message) {
                            star
                        } else if !self.d.messages_311 {
                            args[..k].iter().rev().find(|b| matches!(b.kind, ArgKind::DStar)).map(|b| b.value.sp).unwrap_or(star)
                        } else {
                            // 3.13: from the comma before the `*`
                            let comma = self.toks.iter().rposition(|t| t.line == star.line && t.col < star.col && t.kind == TK::Op && self.text(t) == ",");
                            let c = comma.map(|c| span_of(&self.toks[c])).unwrap_or(star);
                            Span::new(c.line, c.col, a.value.sp.end_line, a.value.sp.end_col)
                        };
                        return Err(F::Err(self.node_err(msg.into(), sp)));
                    }
                }
                ArgKind::DStar => dstar = true,
                ArgKind::Kw(name, nsp) => {
                    if name == "__debug__" {
                        let msg = if self.d.cannot_wording || self.py2() { "cannot assign to __debug__" } else { "assignment to keyword" };
                        let e = self.node_err(msg.into(), *nsp);
                        if self.ll1() {
                            self.defer(e);
                        } else if self.d.newline_width {
                            // 3.12+: the keyword argument
                            let sp = Span::new(nsp.line, nsp.col, a.value.sp.end_line, a.value.sp.end_col);
                            self.compile_error(msg, sp);
                        } else {
                            // 3.9–3.11: the whole call
                            let c = self.tok(close).map(span_of).unwrap_or(*nsp);
                            self.compile_error(msg, Span::new(fstart.line, fstart.col, c.end_line, c.end_col));
                        }
                    }
                    if self.py2() && dstar {
                        return Err(F::At(close));
                    }
                    kw = true;
                    for b in &args[..k] {
                        if let ArgKind::Kw(n2, _) = &b.kind {
                            if n2 == name {
                                let msg = if self.d.parser == ParserGen::Peg { format!("keyword argument repeated: {name}") } else { "keyword argument repeated".into() };
                                let sp = Span::new(nsp.line, nsp.col, a.value.sp.end_line, a.value.sp.end_col);
                                if self.ll1() {
                                    let e = self.node_err(msg, sp);
                                    self.defer(e);
                                } else {
                                    self.compile_error(&msg, sp);
                                }
                            }
                        }
                    }
                }
            }
            let _ = k;
        }
        Ok(())
    }

    /// 3.10+ `invalid_expression`: inside brackets, two expressions in a row →
    /// "invalid syntax. Perhaps you forgot a comma?" over both.
    fn forgot_comma(&mut self, a: &PE) -> Option<SyntaxErrorInfo> {
        if self.level == 0 {
            return None;
        }
        // !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
        if let PK::Name(n) = &a.k {
            if !a.paren && (matches!(self.cur().map(|t| t.kind), Some(TK::Str)) || matches!(n.as_str(), "match" | "case" | "type" | "_")) {
                return None;
            }
        }
        if matches!(a.k, PK::Other(Other::Lambda | Other::IfExp, _)) {
            return None;
        }
        let save = (self.i, self.level, self.compile_err.clone(), self.unsupported.clone());
        let r = self.test();
        let res = match r {
            Ok(b) => Some(self.node_err("invalid syntax. Perhaps you forgot a comma?".into(), a.outer().to(b.outer()))),
            Err(_) => None,
        };
        self.i = save.0;
        self.level = save.1;
        self.compile_err = save.2;
        self.unsupported = save.3;
        res
    }

    /// comp_for after `elt`: ('for' exprlist 'in' or_test ('if' test_nocond | comp_for)*)
    fn comp_for(&mut self, elt: PE, kind: Other) -> R<PE> {
        let sp0 = elt.outer();
        while self.at_kw("for") || self.at_kw("async") {
            if self.at_kw("async") {
                self.bump();
            }
            self.expect_kw("for")?;
            self.exprlist()?;
            self.expect_kw("in")?;
            self.or_test()?;
            while self.at_kw("if") {
                self.bump();
                self.or_test()?;
            }
        }
        let sp = self.span_from(sp0);
        Ok(PE::new(PK::Other(kind, vec![]), sp))
    }

    fn exprlist(&mut self) -> R<PE> {
        let first = if self.at_op("*") && !self.py2() { self.star_expr()? } else { self.expr()? };
        if !self.at_op(",") {
            return Ok(first);
        }
        let sp0 = first.outer();
        let mut v = vec![first];
        while self.at_op(",") {
            self.bump();
            if !self.starts_expr() {
                break;
            }
            v.push(if self.at_op("*") && !self.py2() { self.star_expr()? } else { self.expr()? });
        }
        let sp = self.span_from(sp0);
        Ok(PE::new(PK::Tuple(v), sp))
    }

    fn nesting_check(&self) -> R<()> {
        if self.d.ll1_max_nesting > 0 && self.level >= self.d.ll1_max_nesting {
            return Err(F::Err(SyntaxErrorInfo {
                exc_type: "MemoryError".into(),
                msg: String::new(),
                lineno: 0,
                offset: None,
                end_offset: None,
                text: None,
            }));
        }
        Ok(())
    }

    fn atom(&mut self) -> R<PE> {
        let Some(t) = self.cur().copied() else { return Err(F::At(self.i)) };
        let sp = span_of(&t);
        match t.kind {
            TK::Name => {
                let w = self.text(&t);
                if is_keyword(w, &self.d) {
                    let k = match w {
                        "None" => PK::None,
                        "True" => PK::True,
                        "False" => PK::False,
                        _ => return Err(F::At(self.i)),
                    };
                    self.bump();
                    return Ok(PE::new(k, sp));
                }
                self.bump();
                // 2.7: None, True and False are names (lowered to the constants)
                Ok(PE::new(PK::Name(w.to_string()), sp))
            }
            TK::Number => {
                self.bump();
                Ok(PE::new(number(self.text(&t)), sp))
            }
            TK::Str => self.strings(),
            TK::Op => {
                let w = self.text(&t);
                match w {
                    "(" => {
                        self.bump();
                        self.nesting_check()?;
                        if self.at_op(")") {
                            let c = self.bump();
                            let sp = Span::new(sp.line, sp.col, c.end_line, c.end_col);
                            return Ok(PE::new(PK::Tuple(vec![]), sp));
                        }
                        if self.at_kw("yield") {
                            let y = self.yield_expr()?;
                            let c = self.expect_op(")")?;
                            let outer = Span::new(sp.line, sp.col, c.end_line, c.end_col);
                            return Ok(PE { paren: true, outer, ..y });
                        }
                        let mut inner = self.testlist_comp(")", Other::GenExp)?;
                        let c = self.expect_op(")")?;
                        let outer = Span::new(sp.line, sp.col, c.end_line, c.end_col);
                        if let PK::Tuple(_) = inner.k {
                            if !inner.paren {
                                // a parenthesised tuple's span includes the parentheses
                                inner.sp = outer;
                            }
                        }
                        if matches!(inner.k, PK::Other(Other::GenExp, _)) && !inner.paren {
                            inner.sp = outer;
                        }
                        inner.paren = true;
                        inner.outer = outer;
                        Ok(inner)
                    }
                    "[" => {
                        self.bump();
                        self.nesting_check()?;
                        if self.at_op("]") {
                            let c = self.bump();
                            let sp = Span::new(sp.line, sp.col, c.end_line, c.end_col);
                            return Ok(PE::new(PK::List(vec![]), sp));
                        }
                        let inner = self.testlist_comp("]", Other::ListComp)?;
                        let c = self.expect_op("]")?;
                        let sp = Span::new(sp.line, sp.col, c.end_line, c.end_col);
                        let k = match inner.k {
                            PK::Tuple(v) if !inner.paren => PK::List(v),
                            PK::Other(Other::ListComp, v) => PK::Other(Other::ListComp, v),
                            _ => PK::List(vec![inner]),
                        };
                        Ok(PE::new(k, sp))
                    }
                    "{" => {
                        self.bump();
                        self.nesting_check()?;
                        let k = self.dictorset()?;
                        let c = self.expect_op("}")?;
                        let sp = Span::new(sp.line, sp.col, c.end_line, c.end_col);
                        Ok(PE::new(PK::Other(k, vec![]), sp))
                    }
                    "..." if !self.py2() => {
                        self.bump();
                        Ok(PE::new(PK::Ellipsis, sp))
                    }
                    "`" if self.py2() => {
                        // a bracket to the LL(1) parser's stack: 99 nested backquotes
                        // overflow it as 99 parentheses do
                        self.bump();
                        self.level += 1;
                        self.nesting_check()?;
                        self.testlist()?;
                        self.level -= 1;
                        let c = self.expect_op("`")?;
                        let sp = Span::new(sp.line, sp.col, c.end_line, c.end_col);
                        Ok(PE::new(PK::Other(Other::Backquote, vec![]), sp))
                    }
                    _ => Err(F::At(self.i)),
                }
            }
            _ => Err(F::At(self.i)),
        }
    }

    /// The inside of `(...)` or `[...]`: a single expression (kept as is), a tuple of them
    /// (a `Tuple` not marked `paren`), or a comprehension.
    fn testlist_comp(&mut self, close: &str, comp: Other) -> R<PE> {
        let first = if self.at_op("*") && !self.py2() { self.star_expr()? } else { self.namedexpr_test()? };
        if self.at_kw("for") || (self.at_kw("async") && self.at_kw_at(self.i + 1, "for")) {
            return self.comp_for(first, comp);
        }
        if !self.at_op(",") {
            if !self.at_op(close) && self.d.end_offsets && self.starts_expr() {
                if let Some(e) = self.forgot_comma(&first) {
                    return Err(F::Err(e));
                }
            }
            if close == "]" {
                let sp = first.outer();
                let mut t = PE::new(PK::Tuple(vec![first]), sp);
                t.paren = false;
                return Ok(t);
            }
            return Ok(first);
        }
        let sp0 = first.outer();
        let mut v = vec![first];
        while self.at_op(",") {
            self.bump();
            if self.at_op(close) {
                break;
            }
            let e = if self.at_op("*") && !self.py2() { self.star_expr()? } else { self.namedexpr_test()? };
            if !self.at_op(",") && !self.at_op(close) && self.d.end_offsets && self.starts_expr() {
                if let Some(err) = self.forgot_comma(&e) {
                    return Err(F::Err(err));
                }
            }
            v.push(e);
        }
        let sp = self.span_from(sp0);
        Ok(PE::new(PK::Tuple(v), sp))
    }

    fn dictorset(&mut self) -> R<Other> {
        if self.at_op("}") {
            return Ok(Other::Dict);
        }
        let mut dict = None;
        let mut n = 0;
        loop {
            if self.at_op("}") {
                break;
            }
            if self.at_op("**") {
                self.bump();
                self.expr()?;
                dict = Some(true);
            } else if self.at_op("*") && !self.py2() {
                self.star_expr()?;
                dict = Some(false);
            } else {
                let k = self.test()?;
                if dict != Some(false) && self.at_op(":") {
                    self.bump();
                    self.test()?;
                    dict = Some(true);
                } else {
                    if dict == Some(true) {
                        return Err(F::At(self.i));
                    }
                    dict = Some(false);
                }
                if n == 0 && (self.at_kw("for") || self.at_kw("async")) {
                    let kind = if dict == Some(true) { Other::DictComp } else { Other::SetComp };
                    self.comp_for(k, kind)?;
                    return Ok(kind);
                }
            }
            n += 1;
            if self.at_op(",") {
                self.bump();
                continue;
            }
            break;
        }
        Ok(if dict == Some(true) { Other::Dict } else { Other::Set })
    }

    /// One or more adjacent string literals.
    fn strings(&mut self) -> R<PE> {
        let first = *self.cur().unwrap();
        let mut value = String::new();
        let mut kind = None::<Lit>;
        let mut mixed = false;
        let mut last = first;
        while let Some(t) = self.cur().copied() {
            if t.kind != TK::Str {
                break;
            }
            self.bump();
            last = t;
            let (s, lit) = decode_string(self.text(&t), &self.d);
            match kind {
                None => kind = Some(lit),
                Some(k) => {
                    if (k == Lit::Bytes) != (lit == Lit::Bytes) {
                        mixed = true;
                    }
                    if lit == Lit::FStr {
                        kind = Some(Lit::FStr);
                    }
                }
            }
            value.push_str(&s);
        }
        let sp = Span::new(first.line, first.col, last.end_line, last.end_col);
        if mixed {
            let msg = "cannot mix bytes and nonbytes literals";
            if self.ll1() {
                let e = self.node_err(msg.into(), sp);
                self.defer(e);
            } else {
                let mut e = self.generic(self.i);
                e.msg = msg.into();
                e.exc_type = "SyntaxError".into();
                return Err(F::Err(e));
            }
        }
        Ok(PE::new(PK::Str(value, kind.unwrap_or(Lit::Str)), sp))
    }
}

trait Shape {
    fn paren_tuple_like(&self) -> bool;
    fn is_bitwise_or(&self) -> bool;
}

impl Shape for PE {
    /// list / tuple / generator expression, which `invalid_named_expression` skips.
    fn paren_tuple_like(&self) -> bool {
        matches!(self.k, PK::Tuple(_) | PK::List(_) | PK::Other(Other::GenExp, _))
    }
    /// Whether this parses as a `bitwise_or` (no comparison, `not`, boolean operator,
    /// conditional, lambda, or bare tuple).
    fn is_bitwise_or(&self) -> bool {
        if self.paren {
            return true;
        }
        !matches!(
            self.k,
            PK::Compare(..) | PK::Bool(..) | PK::Unary(UnaryOp::Not, _) | PK::Tuple(_) | PK::Starred(_) | PK::Other(Other::Lambda | Other::IfExp | Other::Yield, _)
        )
    }
}

fn span_of(t: &Tok) -> Span {
    Span::new(t.line, t.col, t.end_line, t.end_col)
}

/// A number token as an AST literal: integers normalised to decimal digits.
fn number(text: &str) -> PK {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let lower = t.to_ascii_lowercase();
    if lower.ends_with('j') {
        return PK::Imag(t[..t.len() - 1].to_string());
    }
    let lower = lower.trim_end_matches('l');
    let (digits, base) = if let Some(h) = lower.strip_prefix("0x") {
        (h, 16)
    } else if let Some(o) = lower.strip_prefix("0o") {
        (o, 8)
    } else if let Some(b) = lower.strip_prefix("0b") {
        (b, 2)
    } else if lower.contains(['.', 'e']) {
        return PK::Float(t);
    } else if lower.len() > 1 && lower.starts_with('0') {
        (&lower[1..], 8) // Python 2 octal
    } else {
        return PK::Int(lower.to_string());
    };
    PK::Int(to_decimal(digits, base))
}

/// Converts digits in `base` to decimal digits (arbitrary length).
fn to_decimal(digits: &str, base: u32) -> String {
    // little-endian base-10^9 limbs
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars() {
        let d = c.to_digit(base).unwrap_or(0) as u64;
        let mut carry = d;
        for l in limbs.iter_mut() {
            let v = *l * base as u64 + carry;
            *l = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push(carry % 1_000_000_000);
            carry /= 1_000_000_000;
        }
    }
    let mut s = limbs.last().unwrap().to_string();
    for l in limbs.iter().rev().skip(1) {
        s.push_str(&format!("{l:09}"));
    }
    s
}

/// Decodes one string literal token (prefix and quotes included).
fn decode_string(tok: &str, d: &Dialect) -> (String, Lit) {
    let qpos = tok.find(['\'', '"']).unwrap_or(0);
    let prefix = tok[..qpos].to_ascii_lowercase();
    let body = &tok[qpos..];
    let q = if body.starts_with("'''") || body.starts_with("\"\"\"") { 3 } else { 1 };
    let inner = if body.len() >= 2 * q { &body[q..body.len() - q] } else { "" };
    let raw = prefix.contains('r');
    let bytes = prefix.contains('b');
    let lit = if prefix.contains('f') {
        Lit::FStr
    } else if bytes && !d.print_statement {
        Lit::Bytes
    } else {
        Lit::Str
    };
    if raw {
        return (inner.to_string(), lit);
    }
    // Python 2 str (no u prefix) has no \u escapes
    let unicode_escapes = !d.print_statement || prefix.contains('u');
    let mut out = String::with_capacity(inner.len());
    let mut it = inner.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(n) = it.next() else {
            out.push('\\');
            break;
        };
        match n {
            '\n' => {}
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut v = n.to_digit(8).unwrap();
                for _ in 0..2 {
                    match it.peek() {
                        Some(&c) if c.is_digit(8) => {
                            v = v * 8 + c.to_digit(8).unwrap();
                            it.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            'x' => {
                let h: String = it.clone().take(2).collect();
                if h.len() == 2 && h.chars().all(|c| c.is_ascii_hexdigit()) {
                    it.next();
                    it.next();
                    out.push(char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap_or('\u{fffd}'));
                } else {
                    out.push('\\');
                    out.push('x');
                }
            }
            'u' | 'U' if unicode_escapes && !bytes => {
                let n_digits = if n == 'u' { 4 } else { 8 };
                let h: String = it.clone().take(n_digits).collect();
                if h.len() == n_digits && h.chars().all(|c| c.is_ascii_hexdigit()) {
                    for _ in 0..n_digits {
                        it.next();
                    }
                    out.push(char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap_or('\u{fffd}'));
                } else {
                    out.push('\\');
                    out.push(n);
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    (out, lit)
}
