//! IPython's terminal output, era by era (ultratb up to 7.x, stack_data from 8.0).

use super::{CellOutput, Renderer, ipython_cell_name, unsupported_line};
use crate::profile::{CellHash, CellHeader, IpyWarning, IpythonEra};
use crate::runtime::{Event, Frame, PyErr};
use crate::syntax::SyntaxErrorInfo;

const WIDTH: usize = 75;

pub(super) fn output(r: &Renderer, era: &IpythonEra, n: usize, source: &str, out: &CellOutput) -> String {
    match out {
        CellOutput::Nothing => String::new(),
        CellOutput::Text(t) => t.clone(),
        CellOutput::Syntax(info) => syntax_error(r, era, n, source, info),
        CellOutput::Events(events) => {
            let mut s = String::new();
            for e in events.iter() {
                match e {
                    Event::Stdout(t) => s.push_str(t),
                    Event::Display { pretty, .. } => {
                        s.push_str(&format!("Out[{n}]: "));
                        if pretty.contains('\n') {
                            s.push('\n');
                        }
                        s.push_str(pretty);
                        s.push('\n');
                    }
                    Event::Warning { category, message, line, source: src } => match era.warning {
                        IpyWarning::Hidden => {}
                        IpyWarning::Launcher => {
                            s.push_str(&format!(
                                "{p}/bin/ipython:1: {category}: {message}\n  #!{p}/bin/python\n",
                                p = r.prefix
                            ));
                        }
                        IpyWarning::Cell => {
                            let name = ipython_cell_name(era, n, source, CellHash::Sha1);
                            s.push_str(&format!("{name}:{line}: {category}: {message}\n  {}\n", src.trim()));
                        }
                    },
                    Event::Error(err) => {
                        s.push_str(&"-".repeat(WIDTH));
                        s.push('\n');
                        s.push_str(&traceback(r, era, n, source, err));
                    }
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

fn header(ty: &str) -> String {
    let pyver = "Traceback (most recent call last)";
    let pad = WIDTH.saturating_sub(ty.chars().count() + pyver.len());
    format!("{ty}{}{pyver}\n", " ".repeat(pad))
}

/// ultratb's numbered context lines: `----> 1 code` for the current line, `      2 code` else.
fn context(lines: &[&str], current: usize) -> String {
    let mut s = String::new();
    let first = current.saturating_sub(2).max(1);
    let last = (current + 2).min(lines.len());
    for i in first..=last {
        let text = lines.get(i - 1).copied().unwrap_or("");
        let num = i.to_string();
        if i == current {
            let pad = 7usize.saturating_sub(num.len());
            let arrow = if pad >= 2 { format!("{}> ", "-".repeat(pad - 2)) } else { String::new() };
            s.push_str(&format!("{arrow}{num} {text}\n"));
        } else {
            s.push_str(&format!("{num:>7} {text}\n"));
        }
    }
    s
}

fn traceback(r: &Renderer, era: &IpythonEra, n: usize, source: &str, e: &PyErr) -> String {
    let mut s = String::new();
    if let Some(ctx) = &e.context {
        s.push_str(&traceback(r, era, n, source, ctx));
        s.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
    }
    s.push_str(&header(&e.ty));
    let cell_lines: Vec<&str> = source.split('\n').collect();
    for f in &e.frames {
        match f {
            Frame::User { line, .. } => {
                match era.header {
                    CellHeader::InputFile { hash, parens } => {
                        s.push_str(&format!(
                            "{} in <module>{}\n",
                            ipython_cell_name(era, n, source, hash),
                            if parens { "()" } else { "" }
                        ));
                    }
                    CellHeader::CellIn => s.push_str(&format!("Cell In[{n}], line {line}\n")),
                }
                s.push_str(&context(&cell_lines, *line));
            }
            Frame::Library(lf) => {
                let key = era.version.to_string();
                match lf.ipython.get(&key).or_else(|| lf.ipython.values().next()) {
                    Some(t) => s.push_str(&r.fix_paths(t)),
                    None => continue,
                }
            }
            Frame::File { path, line, func, source: src } => {
                let shown = match path.strip_prefix("/home/user/") {
                    Some(rest) if era.tilde_home => format!("~/{rest}"),
                    _ => path.clone(),
                };
                if era.modern_frames {
                    s.push_str(&format!("File {shown}:{line}\n"));
                } else {
                    let parens = matches!(era.header, CellHeader::InputFile { parens: true, .. });
                    s.push_str(&format!("{shown} in {func}{}\n", if parens { "()" } else { "" }));
                }
                if let Some(text) = src {
                    let mut lines: Vec<&str> = text.split('\n').collect();
                    if era.modern_frames {
                        // stack_data shows no blank lines after the current one.
                        while lines.len() > *line && lines.last().is_some_and(|l| l.trim().is_empty()) {
                            lines.pop();
                        }
                    }
                    s.push_str(&context(&lines, *line));
                }
            }
        }
        s.push('\n');
    }
    s.push_str(&r.exc_line(e, false));
    s.push('\n');
    s
}

fn syntax_error(_r: &Renderer, era: &IpythonEra, n: usize, source: &str, info: &SyntaxErrorInfo) -> String {
    if info.exc_type == "MemoryError" {
        return format!("s_push: parser stack overflow\n{}\n{}\n", "-".repeat(WIDTH), header("MemoryError") + "\nMemoryError: \n");
    }
    let mut s = match era.header {
        CellHeader::InputFile { hash, .. } => {
            format!("  File \"{}\", line {}\n", ipython_cell_name(era, n, source, hash), info.lineno)
        }
        CellHeader::CellIn => format!("  Cell In[{n}], line {}\n", info.lineno),
    };
    let textline = source.split('\n').nth(info.lineno.saturating_sub(1)).map(|l| format!("{l}\n"));
    if let Some(t) = textline {
        s.push_str(&format!("    {}\n", t.trim()));
        if let Some(off) = info.offset {
            let i = t.chars().take_while(|c| c.is_whitespace()).count();
            let chars: Vec<char> = t.chars().collect();
            let end = off.saturating_sub(1).min(chars.len());
            let mut caret = String::from("    ");
            if end > i {
                for c in &chars[i..end] {
                    caret.push(if c.is_whitespace() { *c } else { ' ' });
                }
            }
            caret.push_str("^\n");
            s.push_str(&caret);
        }
    }
    s.push_str(&format!("{}: {}\n\n", info.exc_type, info.msg));
    s
}
