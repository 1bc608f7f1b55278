//! Colours, as the real front ends use them by default, laid over text `render` already made.
//!
//! Everything `render` prints is plain text (that is what a transcript holds); a terminal front
//! end with colour on passes it through here. Each front end's default scheme:
//!
//! - IPython 5–9: ultratb's `Neutral` scheme (`IPython/core/excolors.py`), the default of
//!   `InteractiveShell.colors` since 5.0, for tracebacks and syntax errors; source lines in
//!   tracebacks get token colours (`PyColorize`'s Neutral scheme up to 7.x, which 8+'s
//!   pygments highlighting resembles); prompts from `IPython/terminal/prompts.py` with the
//!   shell's default style (`In [` green, the number bright green and bold; `Out[` red, the
//!   number bright red and bold).
//! - The plain REPL and the new REPL of 3.13: `Lib/_colorize.py` colours of tracebacks
//!   (file names, line numbers and function names magenta, carets red, the exception name bold
//!   magenta and its message magenta); the new REPL's prompts are bold magenta.
//! - The plain REPL before 3.13 has no colours at all.

use crate::runtime::FrontEnd;

/// ANSI escape sequences under the names their sources use.
mod ansi {
    // IPython/utils/coloransi.py TermColors
    pub const NORMAL: &str = "\x1b[0m";
    pub const RED: &str = "\x1b[0;31m";
    pub const GREEN: &str = "\x1b[0;32m";
    pub const LIGHT_GREEN: &str = "\x1b[1;32m";
    pub const BLUE: &str = "\x1b[0;34m";
    pub const CYAN: &str = "\x1b[0;36m";
    // prompt_toolkit's rendering of IPython's prompt style
    pub const PROMPT: &str = "\x1b[32m";
    pub const PROMPT_NUM: &str = "\x1b[1;92m";
    pub const OUT_PROMPT: &str = "\x1b[31m";
    pub const OUT_PROMPT_NUM: &str = "\x1b[1;91m";
    // Lib/_colorize.py ANSIColors (3.13)
    pub const RESET: &str = "\x1b[0m";
    pub const BOLD_MAGENTA: &str = "\x1b[1;35m";
    pub const MAGENTA: &str = "\x1b[35m";
    pub const BOLD_RED: &str = "\x1b[1;31m";
    pub const PY_RED: &str = "\x1b[31m";
}

/// Which colour scheme a front end uses, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// IPython's `Neutral` exception scheme and prompt style.
    IpythonNeutral,
    /// 3.13's `_colorize` tracebacks (basic REPL), no prompt colour.
    Python313,
    /// 3.13's new REPL: `_colorize` tracebacks and bold magenta prompts.
    Pyrepl313,
    /// No colours: the plain REPL before 3.13.
    None,
}

impl Scheme {
    /// The default scheme of a front end of a Python version (`minor` of 3.x; 2.7 is `(2, 7)`).
    pub fn of(front: &FrontEnd, version: (u8, u8)) -> Scheme {
        match front {
            FrontEnd::Ipython(_) => Scheme::IpythonNeutral,
            FrontEnd::Pyrepl => Scheme::Pyrepl313,
            FrontEnd::Python if version >= (3, 13) => Scheme::Python313,
            FrontEnd::Python => Scheme::None,
        }
    }

    /// Whether this front end shows any colour.
    pub fn has_colors(self) -> bool {
        self != Scheme::None
    }
}

/// A prompt (`In [3]: `, `   ...: `, `>>> `, `... `) in the front end's colours. The display
/// width is unchanged.
pub fn prompt(scheme: Scheme, raw: &str) -> String {
    match scheme {
        Scheme::IpythonNeutral => {
            if let Some(rest) = raw.strip_prefix("In [")
                && let Some((num, tail)) = rest.split_once(']')
            {
                return format!("{p}In [{n}{num}{p}]{tail}{r}", p = ansi::PROMPT, n = ansi::PROMPT_NUM, r = ansi::NORMAL);
            }
            format!("{}{raw}{}", ansi::PROMPT, ansi::NORMAL)
        }
        Scheme::Pyrepl313 => format!("{}{raw}{}", ansi::BOLD_MAGENTA, ansi::RESET),
        Scheme::Python313 | Scheme::None => raw.to_string(),
    }
}

/// The output of a cell in the front end's colours.
pub fn output(scheme: Scheme, text: &str) -> String {
    match scheme {
        Scheme::IpythonNeutral => ipython_output(text),
        Scheme::Python313 | Scheme::Pyrepl313 => python_output(text),
        Scheme::None => text.to_string(),
    }
}

// ---- IPython ------------------------------------------------------------------------------

/// Where a line sits in IPython's output.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IpyState {
    Text,
    /// Inside a traceback (after the dashed top line), before its exception line.
    Traceback,
    /// After a frame header: numbered source lines follow.
    Frame,
    /// Inside a syntax error report (`  File "…", line N`).
    Syntax,
}

fn ipython_output(text: &str) -> String {
    use ansi::*;
    let mut out = String::with_capacity(text.len() * 2);
    let mut state = IpyState::Text;
    for raw in text.split_inclusive('\n') {
        let (line, nl) = match raw.strip_suffix('\n') {
            Some(l) => (l, "\n"),
            None => (raw, ""),
        };
        let painted: String = if line.len() == 75 && line.bytes().all(|b| b == b'-') {
            state = IpyState::Traceback;
            format!("{RED}{line}{NORMAL}")
        } else if let Some(name) = line.strip_suffix("Traceback (most recent call last)") {
            let exc = name.trim_end();
            state = IpyState::Traceback;
            format!("{RED}{exc}{NORMAL}{}Traceback (most recent call last)", &name[exc.len()..])
        } else if state == IpyState::Text && line.starts_with("Out[") && line.contains("]: ") {
            let (head, tail) = line.split_once("]: ").unwrap_or((line, ""));
            let num = &head[4..];
            format!("{OUT_PROMPT}Out[{OUT_PROMPT_NUM}{num}{OUT_PROMPT}]: {NORMAL}{tail}")
        } else if state == IpyState::Text && line.starts_with("  File \"") {
            state = IpyState::Syntax;
            syntax_file_line(line)
        } else if state == IpyState::Text && line.starts_with("  Cell In[") {
            // IPython 8+: `  Cell In[1], line 1`.
            state = IpyState::Syntax;
            format!("  {GREEN}{}{NORMAL}", &line[2..])
        } else if state == IpyState::Syntax {
            if line.starts_with("    ") {
                if line.trim() == "^" || line.trim_start().starts_with('^') {
                    line.to_string()
                } else {
                    format!("    {RED}{}{NORMAL}", &line[4..])
                }
            } else if let Some(p) = exception_line(line) {
                state = IpyState::Text;
                format!("{RED}{}{NORMAL}{}", &line[..p], &line[p..])
            } else {
                line.to_string()
            }
        } else if state == IpyState::Traceback || state == IpyState::Frame {
            if line.is_empty() {
                state = IpyState::Traceback;
                String::new()
            } else if state == IpyState::Frame && is_numbered_line(line) {
                numbered_line(line)
            } else if let Some(s) = frame_header(line) {
                state = IpyState::Frame;
                s
            } else if line.starts_with("During handling of the above exception")
                || line.starts_with("The above exception was the direct cause")
            {
                line.to_string()
            } else if state == IpyState::Traceback
                && let Some(p) = exception_line(line)
            {
                state = IpyState::Text;
                format!("{RED}{}{NORMAL}{}", &line[..p], &line[p..])
            } else {
                line.to_string()
            }
        } else {
            line.to_string()
        };
        out.push_str(&painted);
        out.push_str(nl);
    }
    out
}

/// `  File "<ipython-input-…>", line 1` of a syntax error.
fn syntax_file_line(line: &str) -> String {
    use ansi::*;
    let rest = &line["  File ".len()..];
    match rest.rsplit_once(", line ") {
        Some((file, num)) => format!("  File {GREEN}{file}{CYAN}, line {GREEN}{num}{NORMAL}"),
        None => line.to_string(),
    }
}

/// A frame's header line: `<ipython-input-4-…> in <module>()`, `Cell In[4], line 1`,
/// `/path/file.py in func(args)` (≤ 7) or `File /path/file.py:12, in func(args)` (8+).
fn frame_header(line: &str) -> Option<String> {
    use ansi::*;
    if let Some(rest) = line.strip_prefix("Cell ") {
        return Some(format!("Cell {GREEN}{rest}{NORMAL}"));
    }
    if let Some(rest) = line.strip_prefix("File ") {
        return Some(match rest.split_once(", in ") {
            Some((file, call)) => format!("File {GREEN}{file}{NORMAL}, in {}", call_text(call)),
            None => format!("File {GREEN}{rest}{NORMAL}"),
        });
    }
    if line.starts_with('<') || line.starts_with('/') || line.starts_with('~') {
        let (file, call) = line.split_once(" in ")?;
        return Some(format!("{GREEN}{file}{NORMAL} in {}", call_text(call)));
    }
    None
}

/// `func(args)` of a frame header: the name cyan, the arguments blue.
fn call_text(call: &str) -> String {
    use ansi::*;
    let (name, args) = match call.find('(') {
        Some(i) if !call.starts_with('<') || call[..i].ends_with('>') => (&call[..i], &call[i..]),
        _ => (call, ""),
    };
    format!("{CYAN}{name}{BLUE}{args}{NORMAL}")
}

fn is_numbered_line(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '-', '>']);
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && (t.len() == digits || t.as_bytes()[digits] == b' ')
        || line.trim_start().starts_with("(...)")
}

/// `----> 1 code` (the current line) or `      2 code`.
fn numbered_line(line: &str) -> String {
    use ansi::*;
    if line.trim_start().starts_with("(...)") {
        return format!("{GREEN}{line}{NORMAL}");
    }
    let lead = line.len() - line.trim_start_matches([' ', '-', '>']).len();
    let t = &line[lead..];
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    let num_end = lead + digits;
    let (num, code) = (&line[..num_end], line[num_end..].strip_prefix(' ').unwrap_or(""));
    if line[..lead].contains('>') {
        format!("{GREEN}{num}{RED} {}{NORMAL}", python_tokens(code))
    } else {
        format!("{LIGHT_GREEN}{num}{NORMAL} {}", python_tokens(code))
    }
}

/// The byte index where the exception's name ends in `Name: message` or `Name`, if `line` is
/// such a line.
fn exception_line(line: &str) -> Option<usize> {
    let name_end = line.find(": ").unwrap_or(line.len());
    let name = &line[..name_end];
    let ok = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    ok.then_some(name_end)
}

/// Python source in PyColorize's Neutral token colours: keywords green, numbers cyan, strings
/// and operators blue, comments red, names plain.
fn python_tokens(code: &str) -> String {
    use ansi::*;
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "exec", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "print", "raise", "return", "try", "while", "with", "yield",
    ];
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let emit = |out: &mut String, color: &str, s: &str| {
        out.push_str(color);
        out.push_str(s);
        out.push_str(NORMAL);
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            out.push(c);
            i += 1;
        } else if c == '#' {
            let s: String = chars[i..].iter().collect();
            emit(&mut out, RED, &s);
            break;
        } else if c == '\'' || c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(chars.len());
            let s: String = chars[start..i].iter().collect();
            emit(&mut out, BLUE, &s);
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            emit(&mut out, CYAN, &s);
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            if KEYWORDS.contains(&s.as_str()) {
                emit(&mut out, GREEN, &s);
            } else {
                emit(&mut out, NORMAL, &s);
            }
        } else {
            emit(&mut out, BLUE, &c.to_string());
            i += 1;
        }
    }
    out
}

// ---- 3.13's _colorize ---------------------------------------------------------------------

fn python_output(text: &str) -> String {
    use ansi::*;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_tb = false;
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let (line, nl) = match raw.strip_suffix('\n') {
            Some(l) => (l, "\n"),
            None => (raw, ""),
        };
        i += 1;
        if line == "Traceback (most recent call last):" {
            in_tb = true;
            out.push_str(raw);
            continue;
        }
        if let Some(rest) = line.strip_prefix("  File \"") {
            in_tb = true;
            out.push_str(&file_line_313(rest));
            out.push_str(nl);
            continue;
        }
        if in_tb && line.starts_with("    ") {
            // A quoted source line, perhaps followed by its carets.
            let next = lines.get(i).map(|l| l.trim_end_matches('\n'));
            if let Some(carets) = next.filter(|n| is_caret_line(n)) {
                let (src, car) = paint_carets(line, carets);
                out.push_str(&src);
                out.push('\n');
                out.push_str(&car);
                out.push_str(if lines[i].ends_with('\n') { "\n" } else { "" });
                i += 1;
            } else {
                out.push_str(raw);
            }
            continue;
        }
        if in_tb && !line.starts_with(' ') {
            if let Some(p) = exception_line(line) {
                in_tb = false;
                let msg = &line[p..];
                match msg.strip_prefix(": ") {
                    Some(m) => out.push_str(&format!("{BOLD_MAGENTA}{}{RESET}: {MAGENTA}{m}{RESET}", &line[..p])),
                    None => out.push_str(&format!("{BOLD_MAGENTA}{line}{RESET}")),
                }
                out.push_str(nl);
                continue;
            }
        }
        out.push_str(raw);
    }
    out
}

/// The rest of `  File "name", line N, in func` after `  File "`.
fn file_line_313(rest: &str) -> String {
    use ansi::*;
    let Some((name, tail)) = rest.split_once("\", line ") else {
        return format!("  File \"{rest}");
    };
    let (num, func) = match tail.split_once(", in ") {
        Some((n, f)) => (n, Some(f)),
        None => (tail, None),
    };
    let mut s = format!("  File {MAGENTA}\"{name}\"{RESET}, line {MAGENTA}{num}{RESET}");
    if let Some(f) = func {
        s.push_str(&format!(", in {MAGENTA}{f}{RESET}"));
    }
    s
}

fn is_caret_line(line: &str) -> bool {
    line.starts_with("    ") && line.contains('^') && line.chars().all(|c| c == ' ' || c == '^' || c == '~')
}

/// A source line and its caret line, the `~` parts red and the `^` parts bold red in both.
fn paint_carets(src: &str, carets: &str) -> (String, String) {
    use ansi::*;
    let marks: Vec<char> = carets.chars().collect();
    let paint = |text: &str, is_caret_line: bool| {
        let mut out = String::new();
        let mut cur: Option<char> = None;
        for (i, ch) in text.chars().enumerate() {
            let m = marks.get(i).copied().filter(|m| *m == '^' || *m == '~');
            if m != cur {
                if cur.is_some() {
                    out.push_str(RESET);
                }
                match m {
                    Some('^') => out.push_str(BOLD_RED),
                    Some(_) => out.push_str(PY_RED),
                    None => {}
                }
                cur = m;
            }
            let _ = is_caret_line;
            out.push(ch);
        }
        if cur.is_some() {
            out.push_str(RESET);
        }
        out
    };
    (paint(src, false), paint(carets, true))
}

/// Removes ANSI escape sequences (CSI and OSC) from `s`.
pub fn strip(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(d) = chars.next() {
                    if d == '\x07' {
                        break;
                    }
                    if d == '\x1b' && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_CELL4: &str = "---------------------------------------------------------------------------\n\
AttributeError                            Traceback (most recent call last)\n\
<ipython-input-4-05b06e378197> in <module>()\n\
----> 1 math.cos\n\
\n\
AttributeError: module 'math' has no attribute 'cos'\n";

    #[test]
    fn colours_never_change_the_text() {
        for s in [Scheme::IpythonNeutral, Scheme::Python313, Scheme::Pyrepl313, Scheme::None] {
            assert_eq!(strip(&output(s, SEED_CELL4)), SEED_CELL4);
            assert_eq!(strip(&prompt(s, "In [12]: ")), "In [12]: ");
        }
    }

    #[test]
    fn ipython_traceback_in_neutral_colours() {
        let c = output(Scheme::IpythonNeutral, SEED_CELL4);
        let lines: Vec<&str> = c.lines().collect();
        assert_eq!(lines[0], format!("\x1b[0;31m{}\x1b[0m", "-".repeat(75)));
        assert!(lines[1].starts_with("\x1b[0;31mAttributeError\x1b[0m   "));
        assert_eq!(lines[2], "\x1b[0;32m<ipython-input-4-05b06e378197>\x1b[0m in \x1b[0;36m<module>\x1b[0;34m()\x1b[0m");
        assert!(lines[3].starts_with("\x1b[0;32m----> 1\x1b[0;31m "), "{:?}", lines[3]);
        assert_eq!(lines[5], "\x1b[0;31mAttributeError\x1b[0m: module 'math' has no attribute 'cos'");
    }

    #[test]
    fn ipython_out_prompt() {
        let c = output(Scheme::IpythonNeutral, "Out[7]: 1\n");
        assert_eq!(c, "\x1b[31mOut[\x1b[1;91m7\x1b[31m]: \x1b[0m1\n");
        assert_eq!(prompt(Scheme::IpythonNeutral, "In [7]: "), "\x1b[32mIn [\x1b[1;92m7\x1b[32m]: \x1b[0m");
    }

    #[test]
    fn python_313_traceback() {
        let t = "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n    math.cos\nAttributeError: module 'math' has no attribute 'cos'\n";
        let c = output(Scheme::Python313, t);
        assert!(c.contains("  File \x1b[35m\"<stdin>\"\x1b[0m, line \x1b[35m1\x1b[0m, in \x1b[35m<module>\x1b[0m\n"));
        assert!(c.ends_with("\x1b[1;35mAttributeError\x1b[0m: \x1b[35mmodule 'math' has no attribute 'cos'\x1b[0m\n"));
        assert_eq!(strip(&c), t);
        let t2 = "Traceback (most recent call last):\n  File \"<python-input-4>\", line 1, in <module>\n    del mymod.x\n        ^^^^^\nNameError: name 'mymod' is not defined\n";
        let c2 = output(Scheme::Pyrepl313, t2);
        assert!(c2.contains("    del \x1b[1;31mmymod\x1b[0m.x\n        \x1b[1;31m^^^^^\x1b[0m\n"), "{c2:?}");
        assert_eq!(strip(&c2), t2);
    }

    #[test]
    fn plain_repl_before_313_has_no_colour() {
        assert_eq!(Scheme::of(&FrontEnd::Python, (3, 12)), Scheme::None);
        assert_eq!(output(Scheme::None, SEED_CELL4), SEED_CELL4);
        assert_eq!(prompt(Scheme::Pyrepl313, ">>> "), "\x1b[1;35m>>> \x1b[0m");
    }
}
