//! The tokenizer: CPython's `Parser/tokenizer.c` for the parts reloadlab needs, with the
//! error each version's tokenizer raises. The lexemes (names, numbers, string prefixes,
//! operators) are recognised with nom combinators; layout (indentation, brackets, line
//! continuation, NEWLINE) is handled by the driver loop, as in CPython.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while};
use nom::character::complete::{char as ch, one_of, satisfy};
use nom::combinator::{opt, recognize};
use nom::multi::many0;
use nom::sequence::{pair, preceded};
use nom::IResult;

use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::Relaxed;

use super::Dialect;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TK {
    Name,
    Number,
    Str,
    Op,
    Newline,
    Indent,
    Dedent,
    EndMarker,
    /// A character no token starts with (`$`, `?`, a lone `!`): CPython's ERRORTOKEN,
    /// which no grammar rule accepts.
    ErrorTok,
}

/// One token. Columns are 0-based characters; `bcol`/`end_bcol` the same in bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub kind: TK,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub col: usize,
    pub end_line: usize,
    pub end_col: usize,
    pub bcol: usize,
    pub end_bcol: usize,
}

/// What went wrong in the tokenizer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TokErrKind {
    /// A single-quoted string runs into the end of its line.
    EolString,
    /// A triple-quoted string runs into the end of the cell.
    EofTriple,
    /// `\` followed by something other than a newline.
    ContinuationChar,
    /// `\` as the last character of the cell.
    ContinuationEof,
    /// A dedent to a column that matches no enclosing indentation level.
    Dedent,
    /// Tabs and spaces mixed inconsistently (TabError).
    TabSpace,
    /// A character that cannot appear in Python source (`€`).
    InvalidChar(char),
    /// A malformed number; the text says which (3.8+ wording, see `parser::tokerr_info`).
    BadNumber(NumErr),
    /// `)` with no `(` open (3.8+ tokenizers).
    Unmatched(char),
    /// `]` closing a `(` (3.8+ tokenizers).
    Mismatch(char, char, usize),
    /// More than 200 nested brackets (3.9+ tokenizers).
    TooDeep,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumErr {
    /// `007`: leading zeros (3.x).
    LeadingZeros,
    /// `1__0`, `1_`: misplaced underscore ("invalid decimal literal", ≤3.7 "invalid token").
    Decimal,
    Hex,
    Octal,
    Binary,
    /// A digit out of range in `0o8`, `0b2`: "invalid digit '8' in octal literal".
    Digit(char, &'static str),
}

#[derive(Clone, Debug)]
pub(crate) struct TokErr {
    pub kind: TokErrKind,
    /// 1-based line and 0-based char column where CPython places the error.
    pub line: usize,
    pub col: usize,
    pub bcol: usize,
    /// Byte offset in the source of the error position.
    pub pos: usize,
    /// For string errors: where the string started.
    pub start_line: usize,
    pub start_col: usize,
}

/// The source split into physical lines (each with its `\n`, as CPython's `text`).
pub(crate) struct Lines<'a> {
    pub src: &'a str,
    /// Byte offset where each line starts; `starts[i]` is line i+1.
    pub starts: Vec<usize>,
    /// The last position located: (byte offset, line index, char col), so that locating
    /// positions in increasing order is linear even on a very long line.
    last: [AtomicUsize; 3],
}

impl<'a> Lines<'a> {
    pub fn new(src: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        for (i, b) in src.bytes().enumerate() {
            if b == b'\n' && i + 1 < src.len() {
                starts.push(i + 1);
            }
        }
        Lines { src, starts, last: [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)] }
    }
    /// Line `n` (1-based) with its newline, or "" past the end.
    pub fn line(&self, n: usize) -> &'a str {
        if n == 0 || n > self.starts.len() {
            return "";
        }
        let s = self.starts[n - 1];
        let e = if n < self.starts.len() { self.starts[n] } else { self.src.len() };
        &self.src[s..e]
    }
    /// (line, char col, byte col) of byte offset `pos`.
    pub fn locate(&self, pos: usize) -> (usize, usize, usize) {
        let idx = match self.starts.binary_search(&pos) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let ls = self.starts[idx];
        let pos = pos.min(self.src.len());
        let [lpos, lidx, lcol] = [0, 1, 2].map(|k| self.last[k].load(Relaxed));
        let col = if lidx == idx && lpos <= pos && self.src.is_char_boundary(lpos) && self.src.is_char_boundary(pos) {
            lcol + self.src[lpos..pos].chars().count()
        } else if self.src.is_char_boundary(pos) {
            self.src[ls..pos].chars().count()
        } else {
            self.src[ls..].char_indices().take_while(|(i, _)| ls + i < pos).count()
        };
        for (k, v) in [pos, idx, col].into_iter().enumerate() {
            self.last[k].store(v, Relaxed);
        }
        (idx + 1, col, pos - ls)
    }
}

fn is_id_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic() || (!c.is_ascii() && c.is_alphabetic())
}
fn is_id_continue(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric() || (!c.is_ascii() && (c.is_alphanumeric() || is_combining(c)))
}
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A name: identifier start then identifier characters (non-ASCII only in 3.x).
fn lex_name(i: &str) -> IResult<&str, &str> {
    recognize(pair(satisfy(is_id_start), take_while(is_id_continue)))(i)
}

fn digits_us<'a>(pred: fn(char) -> bool) -> impl Fn(&'a str) -> IResult<&'a str, &'a str> {
    move |i| recognize(pair(satisfy(pred), many0(preceded(opt(ch('_')), satisfy(pred)))))(i)
}

fn lex_operator(i: &str) -> IResult<&str, &str> {
    alt((
        alt((tag("**="), tag("//="), tag(">>="), tag("<<="), tag("..."), tag("->"), tag(":="))),
        alt((tag("**"), tag("//"), tag(">>"), tag("<<"), tag("<>"), tag("<="), tag(">="), tag("=="), tag("!="))),
        alt((tag("+="), tag("-="), tag("*="), tag("/="), tag("%="), tag("&="), tag("|="), tag("^="), tag("@="))),
        recognize(one_of("()[]{}:,;+-*/|&<>=.%`^~@")),
    ))(i)
}

/// The result of lexing a number: its length in bytes, or the error CPython reports.
fn lex_number(i: &str, d: &Dialect) -> Result<usize, (NumErr, usize)> {
    let py2 = d.print_statement;
    let us = d.numeric_underscores;
    let bytes = i.as_bytes();
    let dec = |c: char| c.is_ascii_digit();
    // Digits with underscores when allowed; returns length or error offset.
    let run = |s: &str, pred: fn(char) -> bool| -> Result<usize, usize> {
        if us {
            match digits_us(pred)(s) {
                Ok((rest, _)) => {
                    let n = s.len() - rest.len();
                    if rest.starts_with('_') {
                        Err(n + 1)
                    } else {
                        Ok(n)
                    }
                }
                Err(_) => Ok(0),
            }
        } else {
            Ok(s.chars().take_while(|&c| pred(c)).count())
        }
    };
    let mut n;
    if bytes.len() >= 2 && bytes[0] == b'0' && matches!(bytes[1], b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
        let (pred, kind): (fn(char) -> bool, NumErr) = match bytes[1] {
            b'x' | b'X' => (|c: char| c.is_ascii_hexdigit(), NumErr::Hex),
            b'o' | b'O' => (|c: char| ('0'..='7').contains(&c), NumErr::Octal),
            _ => (|c: char| c == '0' || c == '1', NumErr::Binary),
        };
        let mut s = &i[2..];
        let mut off = 2;
        if us && s.starts_with('_') {
            s = &s[1..];
            off += 1;
        }
        match run(s, pred) {
            Ok(0) => {
                // `0x` with no digit, or `0o8`
                if let Some(c) = s.chars().next() {
                    if c.is_ascii_digit() && kind != NumErr::Hex {
                        let name = if kind == NumErr::Octal { "octal" } else { "binary" };
                        return Err((NumErr::Digit(c, name), off + 1));
                    }
                }
                return Err((kind, off + if s.is_empty() { 0 } else { 1 }));
            }
            Ok(k) => n = off + k,
            Err(k) => return Err((kind, off + k)),
        }
        if let Some(c) = i[n..].chars().next() {
            if c.is_ascii_digit() && kind != NumErr::Hex {
                let name = if kind == NumErr::Octal { "octal" } else { "binary" };
                return Err((NumErr::Digit(c, name), n + 1));
            }
        }
        if py2 && matches!(i[n..].chars().next(), Some('l' | 'L')) {
            n += 1;
        }
        return Ok(n);
    }
    // decimal / float
    n = match run(i, dec) {
        Ok(k) => k,
        Err(k) => return Err((NumErr::Decimal, k)),
    };
    let int_end = n;
    let mut is_float = false;
    if i[n..].starts_with('.') {
        is_float = true;
        n += 1;
        match run(&i[n..], dec) {
            Ok(k) => n += k,
            Err(k) => return Err((NumErr::Decimal, n + k)),
        }
    }
    if n == 0 {
        return Ok(0);
    }
    if matches!(i[n..].chars().next(), Some('e' | 'E')) {
        let mut m = n + 1;
        if matches!(i[m..].chars().next(), Some('+' | '-')) {
            m += 1;
        }
        match run(&i[m..], dec) {
            Ok(0) => {
                // `1e` / `1ex`: the `e` is not part of the number
                if d.verify_number_end {
                    return Err((NumErr::Decimal, m));
                }
            }
            Ok(k) => {
                n = m + k;
                is_float = true;
            }
            Err(k) => return Err((NumErr::Decimal, m + k)),
        }
    }
    if matches!(i[n..].chars().next(), Some('j' | 'J')) {
        n += 1;
    } else if !is_float {
        let digits = &i[..int_end];
        if digits.len() > 1 && digits.starts_with('0') && digits.bytes().any(|b| b != b'0' && b != b'_') {
            if py2 {
                // 2.7: an octal literal `0777`; `08` is an error
                if digits.bytes().any(|b| b == b'8' || b == b'9') {
                    return Err((NumErr::Decimal, int_end));
                }
            } else {
                return Err((NumErr::LeadingZeros, int_end));
            }
        }
        if py2 && matches!(i[n..].chars().next(), Some('l' | 'L')) {
            n += 1;
        }
    }
    Ok(n)
}

/// String prefixes each version accepts (lower-cased).
fn valid_prefix(p: &str, d: &Dialect) -> bool {
    let p = p.to_ascii_lowercase();
    if d.print_statement {
        matches!(p.as_str(), "" | "r" | "u" | "b" | "ur" | "br")
    } else {
        matches!(p.as_str(), "" | "r" | "u" | "b" | "br" | "rb")
            || (d.fstrings && matches!(p.as_str(), "f" | "fr" | "rf"))
    }
}

pub(crate) struct Tokens {
    pub toks: Vec<Tok>,
    /// The tokenizer error met after the last token, if any.
    pub err: Option<TokErr>,
    /// Open brackets at the end: (char, line, col, bcol).
    pub open: Vec<(char, usize, usize, usize)>,
}

/// Tokenizes the whole cell (ending it with a newline as the front ends do), stopping at the
/// first error.
pub(crate) fn tokenize(src: &str, d: &Dialect, lines: &Lines) -> Tokens {
    let mut t = Tz { src, d, lines, pos: 0, toks: Vec::new(), open: Vec::new(), indents: vec![(0, 0)], err: None };
    t.run();
    Tokens { toks: t.toks, err: t.err, open: t.open }
}

struct Tz<'a, 'b> {
    src: &'a str,
    d: &'b Dialect,
    lines: &'b Lines<'a>,
    pos: usize,
    toks: Vec<Tok>,
    open: Vec<(char, usize, usize, usize)>,
    /// Indentation stack: (col with tabs to 8, col with tabs to 1).
    indents: Vec<(usize, usize)>,
    err: Option<TokErr>,
}

impl<'a, 'b> Tz<'a, 'b> {
    fn push(&mut self, kind: TK, start: usize, end: usize) {
        let (line, col, bcol) = self.lines.locate(start);
        let (end_line, end_col, end_bcol) = self.lines.locate(end);
        let (end_line, end_col, end_bcol) = if end > start && self.src.as_bytes()[end - 1] == b'\n' {
            // a token ending with the newline ends at the line's end, not the next line
            (line, col + self.src[start..end].chars().count(), bcol + (end - start))
        } else {
            (end_line, end_col, end_bcol)
        };
        self.toks.push(Tok { kind, start, end, line, col, end_line, end_col, bcol, end_bcol });
    }

    fn fail(&mut self, kind: TokErrKind, pos: usize, start: usize) {
        let (line, col, bcol) = self.lines.locate(pos);
        let (sl, sc, _) = self.lines.locate(start);
        self.err = Some(TokErr { kind, line, col, bcol, pos, start_line: sl, start_col: sc });
    }

    fn run(&mut self) {
        let src = self.src;
        let bytes = src.as_bytes();
        let mut at_bol = true;
        // whether the current logical line has produced a token
        let mut line_has_tok = false;
        loop {
            if at_bol && self.open.is_empty() {
                at_bol = false;
                // measure indentation
                let mut col = 0usize;
                let mut alt = 0usize;
                let mut p = self.pos;
                while p < bytes.len() {
                    match bytes[p] {
                        b' ' => {
                            col += 1;
                            alt += 1;
                        }
                        b'\t' => {
                            col = (col / 8 + 1) * 8;
                            alt += 1;
                        }
                        b'\x0c' => {
                            col = 0;
                            alt = 0;
                        }
                        _ => break,
                    }
                    p += 1;
                }
                let blank = p >= bytes.len() || matches!(bytes[p], b'#' | b'\n' | b'\r' | b'\\' if bytes[p] != b'\\');
                let blank = blank || (p < bytes.len() && bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n'));
                if !blank {
                    let (top, topalt) = *self.indents.last().unwrap();
                    if col == top {
                        if alt != topalt && self.d.tab_errors {
                            self.fail(TokErrKind::TabSpace, p, p);
                            return;
                        }
                    } else if col > top {
                        if alt <= topalt && self.d.tab_errors {
                            self.fail(TokErrKind::TabSpace, p, p);
                            return;
                        }
                        self.indents.push((col, alt));
                        self.push(TK::Indent, self.pos, p);
                    } else {
                        while self.indents.len() > 1 && col < self.indents.last().unwrap().0 {
                            self.indents.pop();
                            self.push(TK::Dedent, p, p);
                        }
                        let (top, topalt) = *self.indents.last().unwrap();
                        if col != top {
                            self.fail(TokErrKind::Dedent, p, p);
                            return;
                        }
                        if alt != topalt && self.d.tab_errors {
                            self.fail(TokErrKind::TabSpace, p, p);
                            return;
                        }
                    }
                }
                self.pos = p;
            }
            // skip spaces
            while self.pos < bytes.len() && matches!(bytes[self.pos], b' ' | b'\t' | b'\x0c') {
                self.pos += 1;
            }
            if self.pos >= bytes.len() {
                break;
            }
            let start = self.pos;
            let rest = &src[start..];
            let c = rest.chars().next().unwrap();
            match c {
                '#' => {
                    let e = rest.find('\n').map(|k| start + k).unwrap_or(bytes.len());
                    self.pos = e;
                    continue;
                }
                '\r' if rest.starts_with("\r\n") => {
                    self.pos += 1;
                    continue;
                }
                '\n' => {
                    self.pos += 1;
                    if self.open.is_empty() {
                        if line_has_tok {
                            self.push(TK::Newline, start, start + 1);
                            line_has_tok = false;
                        }
                        at_bol = true;
                    }
                    continue;
                }
                '\\' => {
                    let nx = &rest[1..];
                    if nx.starts_with('\n') || nx.starts_with("\r\n") {
                        self.pos += if nx.starts_with('\n') { 2 } else { 3 };
                        if self.pos >= bytes.len() && self.d.bracket_errors {
                            self.fail(TokErrKind::ContinuationEof, self.pos, start);
                            return;
                        }
                        continue;
                    }
                    if nx.is_empty() {
                        self.fail(TokErrKind::ContinuationEof, self.pos + 1, start);
                        return;
                    }
                    self.fail(TokErrKind::ContinuationChar, start + 1, start);
                    return;
                }
                _ => {}
            }
            line_has_tok = true;
            // names and string prefixes
            if is_id_start(c) && (c.is_ascii() || !self.d.print_statement) {
                let (mut r, mut name) = lex_name(rest).unwrap();
                if self.d.print_statement {
                    let n = name.find(|c: char| !c.is_ascii()).unwrap_or(name.len());
                    name = &name[..n];
                    r = &rest[n..];
                }
                let after = r.chars().next();
                if matches!(after, Some('\'' | '"')) && name.len() <= 2 && valid_prefix(name, self.d) {
                    self.pos = start + name.len();
                    if !self.string(start) {
                        return;
                    }
                    continue;
                }
                if let Some(a) = after {
                    if !a.is_ascii() && !is_id_continue(a) && !self.d.print_statement && !a.is_whitespace() {
                        let p = start + name.len();
                        self.fail(TokErrKind::InvalidChar(a), p, p);
                        return;
                    }
                }
                self.pos = start + name.len();
                self.push(TK::Name, start, self.pos);
                continue;
            }
            if c == '\'' || c == '"' {
                if !self.string(start) {
                    return;
                }
                continue;
            }
            if c.is_ascii_digit() || (c == '.' && rest[1..].starts_with(|x: char| x.is_ascii_digit())) {
                match lex_number(rest, self.d) {
                    Ok(n) => {
                        let end = start + n;
                        // 3.10+ `verify_end_of_number`: a letter right after a number is an
                        // error, except the keywords that may follow one (`1if x else y`)
                        let kw_next = ["and", "else", "for", "if", "in", "is", "not", "or"]
                            .iter()
                            .any(|k| src[end..].starts_with(k));
                        if self.d.verify_number_end && !kw_next {
                            if let Some(nc) = src[end..].chars().next() {
                                if is_id_continue(nc) && !src[start..end].ends_with(['j', 'J']) || nc == '_' {
                                    let kind = number_kind(&src[start..end]);
                                    self.fail(TokErrKind::BadNumber(kind), end, start);
                                    return;
                                }
                                if is_id_continue(nc) {
                                    self.fail(TokErrKind::BadNumber(NumErr::Decimal), end, start);
                                    return;
                                }
                            }
                        }
                        self.pos = end;
                        self.push(TK::Number, start, end);
                    }
                    Err((k, off)) => {
                        self.fail(TokErrKind::BadNumber(k), start + off, start);
                        return;
                    }
                }
                continue;
            }
            if let Ok((r, op)) = lex_operator(rest) {
                let end = start + (rest.len() - r.len());
                let op_ok = match op {
                    "<>" => self.d.print_statement || self.d.parser == super::ParserGen::Peg,
                    "`" => self.d.print_statement,
                    "->" | "..." | "@=" => !self.d.print_statement,
                    ":=" => self.d.walrus,
                    _ => true,
                };
                if !op_ok {
                    // lexed as its first character(s) instead
                    let first = match op {
                        "..." | "->" | ":=" | "@=" => &op[..1],
                        _ => op,
                    };
                    let end = start + first.len();
                    if first == "`" || op == "<>" && !self.d.print_statement {
                        if op == "<>" {
                            self.pos = start + 1;
                            self.push(TK::Op, start, start + 1);
                            continue;
                        }
                        self.pos = end;
                        self.push(TK::ErrorTok, start, end);
                        continue;
                    }
                    self.pos = end;
                    self.push(TK::Op, start, end);
                    continue;
                }
                match op {
                    "(" | "[" | "{" => {
                        if self.d.max_nesting && self.open.len() >= 200 {
                            self.fail(TokErrKind::TooDeep, start, start);
                            return;
                        }
                        let (l, cc, bc) = self.lines.locate(start);
                        self.open.push((op.chars().next().unwrap(), l, cc, bc));
                    }
                    ")" | "]" | "}" => {
                        let close = op.chars().next().unwrap();
                        match self.open.last() {
                            None => {
                                if self.d.bracket_errors {
                                    self.fail(TokErrKind::Unmatched(close), start, start);
                                    return;
                                }
                            }
                            Some(&(o, ol, _, _)) => {
                                let want = match o {
                                    '(' => ')',
                                    '[' => ']',
                                    _ => '}',
                                };
                                if want != close && self.d.bracket_errors {
                                    self.fail(TokErrKind::Mismatch(o, close, ol), start, start);
                                    return;
                                }
                                self.open.pop();
                            }
                        }
                    }
                    _ => {}
                }
                self.pos = end;
                self.push(TK::Op, start, end);
                continue;
            }
            // anything else
            let end = start + c.len_utf8();
            if !c.is_ascii() && !self.d.print_statement {
                self.fail(TokErrKind::InvalidChar(c), start, start);
                return;
            }
            if c == '!' || c == '$' || c == '?' || c.is_ascii() {
                self.pos = end;
                self.push(TK::ErrorTok, start, end);
                continue;
            }
            // 2.7: a non-ASCII byte is an error token of one byte
            self.pos = end;
            self.push(TK::ErrorTok, start, end);
        }
        // end of input
        if line_has_tok && self.open.is_empty() {
            let e = bytes.len();
            self.push(TK::Newline, e, e);
        }
        if self.open.is_empty() {
            let e = bytes.len();
            while self.indents.len() > 1 {
                self.indents.pop();
                self.push(TK::Dedent, e, e);
            }
            self.push(TK::EndMarker, e, e);
        }
    }

    /// Lexes a string literal starting at `start` (prefix included, quote at self.pos).
    fn string(&mut self, start: usize) -> bool {
        let src = self.src;
        let b = src.as_bytes();
        let q = b[self.pos];
        let triple = b.len() >= self.pos + 3 && b[self.pos + 1] == q && b[self.pos + 2] == q;
        let mut p = self.pos + if triple { 3 } else { 1 };
        loop {
            if p >= b.len() {
                let kind = if triple { TokErrKind::EofTriple } else { TokErrKind::EolString };
                self.fail(kind, p, start);
                return false;
            }
            let c = b[p];
            if c == b'\\' {
                p += 2;
                if p > b.len() {
                    let kind = if triple { TokErrKind::EofTriple } else { TokErrKind::EolString };
                    self.fail(kind, b.len(), start);
                    return false;
                }
                continue;
            }
            if c == b'\n' && !triple {
                self.fail(TokErrKind::EolString, p, start);
                return false;
            }
            if c == q {
                if !triple {
                    p += 1;
                    break;
                }
                if b.len() >= p + 3 && b[p + 1] == q && b[p + 2] == q {
                    p += 3;
                    break;
                }
            }
            p += 1;
        }
        self.pos = p;
        self.push(TK::Str, start, p);
        true
    }
}

fn number_kind(s: &str) -> NumErr {
    let l = s.to_ascii_lowercase();
    if l.starts_with("0x") {
        NumErr::Hex
    } else if l.starts_with("0o") {
        NumErr::Octal
    } else if l.starts_with("0b") {
        NumErr::Binary
    } else {
        NumErr::Decimal
    }
}
