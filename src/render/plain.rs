//! The plain REPL (`python -i`) and 3.13's new REPL.

use super::{CellOutput, Renderer, unsupported_line};
use crate::profile::{StdinSource, SyntaxCaret, WarningDisplay};
use crate::runtime::{Event, Frame, FrontEnd, PyErr};
use crate::syntax::SyntaxErrorInfo;

/// The file name of typed input: `<stdin>`, or `<python-input-N>` (0-based) in the new REPL.
fn input_name(r: &Renderer, n: usize) -> String {
    match r.front {
        FrontEnd::Pyrepl => format!("<python-input-{}>", n.saturating_sub(1)),
        _ => "<stdin>".into(),
    }
}

pub(super) fn output(r: &Renderer, n: usize, source: &str, out: &CellOutput) -> String {
    match out {
        CellOutput::Nothing => String::new(),
        CellOutput::Text(t) => t.clone(),
        CellOutput::Syntax(info) => syntax_error(r, n, info),
        CellOutput::Events(events) => {
            let mut s = String::new();
            for e in events.iter() {
                match e {
                    Event::Stdout(t) => s.push_str(t),
                    Event::Display { repr, .. } => {
                        s.push_str(repr);
                        s.push('\n');
                    }
                    Event::Warning { category, message, line, .. } => match r.profile.warnings {
                        WarningDisplay::Hidden => {}
                        WarningDisplay::MainModuleName => {
                            s.push_str(&format!("__main__:{line}: {category}: {message}\n"));
                        }
                        WarningDisplay::FileName => {
                            s.push_str(&format!("{}:{line}: {category}: {message}\n", input_name(r, n)));
                        }
                    },
                    Event::Error(err) => s.push_str(&traceback(r, n, source, err)),
                    Event::Unsupported(m) => {
                        s.push_str(&unsupported_line(m));
                        s.push('\n');
                    }
                    Event::Exit => {}
                }
            }
            s
        }
    }
}

fn traceback(r: &Renderer, n: usize, source: &str, e: &PyErr) -> String {
    let mut s = String::new();
    if let Some(ctx) = &e.context {
        s.push_str(&traceback(r, n, source, ctx));
        s.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
    }
    if !e.frames.is_empty() {
        s.push_str("Traceback (most recent call last):\n");
    }
    for f in &e.frames {
        match f {
            Frame::User { line, span, anchors } => {
                s.push_str(&format!("  File \"{}\", line {line}, in <module>\n", input_name(r, n)));
                if r.profile.stdin_source == StdinSource::Quoted {
                    let text = source.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
                    s.push_str(&quote_line(text, span.map(|sp| (sp.col, if sp.end_line == sp.line { sp.end_col } else { text.chars().count() })), *anchors));
                }
            }
            Frame::Library(lf) => {
                if let Some(t) = &lf.python {
                    s.push_str(&r.fix_paths(t));
                }
            }
            Frame::File { path, line, func, source } => {
                s.push_str(&format!("  File \"{path}\", line {line}, in {func}\n"));
                if let Some(src) = source {
                    let t = src.split('\n').nth(line.saturating_sub(1)).unwrap_or("").trim();
                    if !t.is_empty() {
                        s.push_str(&format!("    {t}\n"));
                    }
                }
            }
        }
    }
    s.push_str(&r.exc_line(e, r.profile.hints.suggestions || e.hint.is_some() && r.profile.hints.from_import));
    s.push('\n');
    s
}

/// A quoted source line with 3.11+ carets (3.13's rules for showing them).
fn quote_line(text: &str, seg: Option<(usize, usize)>, anchors: Option<(usize, usize)>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let indent = chars.iter().take_while(|c| c.is_whitespace()).count();
    let stripped: String = chars[indent..].iter().collect::<String>().trim_end().to_string();
    let mut out = format!("    {stripped}\n");
    let Some((start, end)) = seg else { return out };
    let end = end.min(chars.len());
    if start >= end {
        return out;
    }
    let whole = chars[..start].iter().all(|c| c.is_whitespace()) && chars[end..].iter().all(|c| c.is_whitespace());
    if whole && anchors.is_none() {
        return out;
    }
    let mut carets = String::from("    ");
    for _ in indent..start {
        carets.push(' ');
    }
    for c in start..end {
        let primary = match anchors {
            Some((a, b)) => c >= a && c < b,
            None => true,
        };
        carets.push(if primary { '^' } else { '~' });
    }
    out.push_str(&carets);
    out.push('\n');
    out
}

/// `print_error_text` of that version, after `  File "<stdin>", line N`.
fn syntax_error(r: &Renderer, n: usize, info: &SyntaxErrorInfo) -> String {
    if info.exc_type == "MemoryError" {
        // The LL(1) parser's stack overflowed (2.7, 3.4–3.8): `Parser/parser.c` prints this
        // line, then the REPL shows the bare MemoryError.
        return "s_push: parser stack overflow\nMemoryError\n".into();
    }
    let mut s = format!("  File \"{}\", line {}\n", input_name(r, n), info.lineno);
    if let Some(text) = &info.text {
        let caret = r.profile.syntax_caret;
        let mut t: &str = text;
        let mut offset: i64 = info.offset.map(|o| o as i64).unwrap_or(-1);
        match caret {
            SyntaxCaret::Legacy => {
                if offset > 0 && offset as usize == t.len() && t.ends_with('\n') {
                    offset -= 1;
                }
                while let Some(rest) = t.strip_prefix([' ', '\t', '\x0c']) {
                    t = rest;
                    offset -= 1;
                }
                s.push_str("    ");
                s.push_str(t);
                if !t.ends_with('\n') {
                    s.push('\n');
                }
                if info.offset.is_some() {
                    s.push_str("    ");
                    let mut o = offset;
                    while {
                        o -= 1;
                        o > 0
                    } {
                        s.push(' ');
                    }
                    s.push_str("^\n");
                }
            }
            SyntaxCaret::Clipped | SyntaxCaret::Range => {
                let mut off = offset - 1;
                let mut end = info.end_offset.map(|e| e as i64 - 1).unwrap_or(-1);
                while let Some(rest) = t.strip_prefix([' ', '\t', '\x0c']) {
                    t = rest;
                    off -= 1;
                    end -= 1;
                }
                let body = t.strip_suffix('\n').unwrap_or(t);
                let len = body.chars().count() as i64;
                if off > len {
                    off = len;
                }
                s.push_str("    ");
                s.push_str(body);
                s.push('\n');
                if info.offset.is_some() && off >= 0 {
                    s.push_str("    ");
                    for _ in 0..off {
                        s.push(' ');
                    }
                    let mut reps = 1;
                    if caret == SyntaxCaret::Range {
                        if end > len {
                            end = len;
                        }
                        if end > off {
                            reps = end - off;
                        }
                    }
                    for _ in 0..reps {
                        s.push('^');
                    }
                    s.push('\n');
                }
            }
        }
    }
    s.push_str(&format!("{}: {}\n", info.exc_type, info.msg));
    s
}
