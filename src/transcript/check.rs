//! `check`: replays a transcript's inputs and compares what the emulation prints with what
//! the transcript shows, cell by cell; and `--python all`: which versions (and IPython
//! variants) print exactly that, and where and how the others differ.
//!
//! A cell is compared as text: its prompts and input, then its output, lines without
//! trailing spaces. Everything else is exact, tracebacks included (in a doctest, a stack
//! written `...` stands for any stack, as doctest itself reads it).

use super::{Cell, Format, Transcript};
use crate::profile::{CellHash, IpyVersion, IpythonEra, Profile, PyVersion};
use crate::render::ipython_cell_name;
use crate::runtime::FrontEnd;
use crate::session::{Options, Session, Style};
use similar::{Algorithm, DiffOp, TextDiff, capture_diff_slices};

/// One way of running a session: a Python version in a front end (and an IPython version).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    pub python: PyVersion,
    pub style: Style,
    /// For [`Style::Ipython`]: the IPython version emulated.
    pub ipython: Option<IpyVersion>,
}

impl Variant {
    /// The variant a session emulates.
    pub fn of(s: &Session) -> Variant {
        let ipython = match s.renderer.front {
            FrontEnd::Ipython(era) => Some(era.version),
            _ => None,
        };
        Variant { python: s.profile().version, style: s.opts.style, ipython }
    }

    /// `3.6 with IPython 6.0–6.1`, `3.8`, `3.13 (new REPL)`.
    pub fn label(&self) -> String {
        match (self.style, self.ipython) {
            (Style::Ipython, Some(v)) => format!("{} with IPython {}", self.python, ipython_range_label(v)),
            (Style::Pyrepl, _) => format!("{} (new REPL)", self.python),
            _ => self.python.to_string(),
        }
    }

    /// The reloadlab flags that emulate this variant.
    pub fn flags(&self, prefix: &str) -> String {
        let mut s = format!("--python {} --style {}", self.python, self.style.name());
        if let Some(v) = self.ipython {
            s.push_str(&format!(" --ipython {v}"));
        }
        if prefix != "/usr/local" {
            s.push_str(&format!(" --prefix {prefix}"));
        }
        s
    }

    pub fn options(&self, prefix: &str) -> Options {
        Options { python: self.python, style: self.style, ipython: self.ipython, prefix: prefix.to_string(), cwd: None }
    }
}

/// The IPython versions reloadlab emulates on a Python version — the ones the golden corpus
/// was recorded with — the default (that Python's era) first.
pub fn ipython_variants(py: PyVersion) -> Vec<IpyVersion> {
    let Some(p) = Profile::get(py) else { return vec![] };
    let mut v = vec![p.default_ipython];
    for x in p.other_ipythons {
        if !v.contains(x) {
            v.push(*x);
        }
    }
    v
}

/// Every variant of a front end, oldest Python first, each Python's default IPython first.
pub fn variants(style: Style) -> Vec<Variant> {
    let mut out = Vec::new();
    for p in Profile::all() {
        match style {
            Style::Ipython => {
                for v in ipython_variants(p.version) {
                    out.push(Variant { python: p.version, style, ipython: Some(v) });
                }
            }
            Style::Pyrepl if !p.pyrepl => {}
            _ => out.push(Variant { python: p.version, style, ipython: None }),
        }
    }
    out
}

/// What an IPython era prints, without its version number: two versions with the same key
/// print a session identically.
pub fn era_key(era: &IpythonEra) -> String {
    format!("{:?}", IpythonEra { version: IpyVersion(0, 0), ..*era })
}

/// The IPython versions, within `v`'s major version and up to `v`, that print as `v` does
/// (by [`IpythonEra`]): 6.1 → 6.0–6.1, 6.5 → 6.5, 7.34 → 7.0–7.34.
pub fn ipython_range(v: IpyVersion) -> (IpyVersion, IpyVersion) {
    let Some(era) = IpythonEra::get(v) else { return (v, v) };
    let key = era_key(&era);
    let mut lo = v.1;
    while lo > 0 && IpythonEra::get(IpyVersion(v.0, lo - 1)).is_some_and(|e| era_key(&e) == key) {
        lo -= 1;
    }
    (IpyVersion(v.0, lo), v)
}

fn ipython_range_label(v: IpyVersion) -> String {
    let (lo, hi) = ipython_range(v);
    if lo == hi { hi.to_string() } else { format!("{lo}–{hi}") }
}

/// Which Python versions to try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PythonChoice {
    /// The one the transcript shows (its banner, a library path, an extension suffix); every
    /// version when it shows none.
    Detect,
    One(PyVersion),
    /// Every version and IPython variant, each reported.
    All,
}

/// What `reloadlab check` was asked; `None` fields are detected from the transcript.
#[derive(Clone, Debug)]
pub struct Request {
    pub python: PythonChoice,
    pub style: Option<Style>,
    pub ipython: Option<IpyVersion>,
    pub prefix: Option<String>,
}

impl Default for Request {
    fn default() -> Request {
        Request { python: PythonChoice::Detect, style: None, ipython: None, prefix: None }
    }
}

/// Where a variant first disagrees with the transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Index into [`Transcript::cells`].
    pub index: usize,
    /// The cell's number (`In [N]`, or its position in a REPL transcript).
    pub number: usize,
    /// What the transcript shows for the cell.
    pub expected: Vec<String>,
    /// What the emulation printed for it.
    pub got: Vec<String>,
    /// How they differ, in a few words: "the message reads `…`".
    pub how: String,
}

/// How one variant did.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub variant: Variant,
    /// `None`: every cell agrees.
    pub difference: Option<Difference>,
    /// Things worth knowing (cells missing from the transcript, replayed as empty cells).
    pub notes: Vec<String>,
    /// Whether the variant fits what the transcript shows of itself (a banner, a library
    /// path, the traceback headers).
    pub fits: bool,
}

/// The result of checking one transcript.
#[derive(Clone, Debug)]
pub struct Report {
    pub format: Format,
    pub cells: usize,
    /// The install prefix the emulation used, and whether the transcript showed it.
    pub prefix: String,
    pub prefix_detected: bool,
    /// The Python version the transcript shows, and what shows it.
    pub python_evidence: Option<(PyVersion, String)>,
    pub all: bool,
    /// One per variant tried, in the order tried.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// The variants that reproduce the transcript.
    pub fn reproduced_by(&self) -> Vec<Variant> {
        self.outcomes.iter().filter(|o| o.difference.is_none()).map(|o| o.variant).collect()
    }

    /// Whether the emulation agrees with the transcript (for `--python all`: some variant
    /// reproduces it).
    pub fn agrees(&self) -> bool {
        !self.reproduced_by().is_empty()
    }

    /// The outcome to show when none agrees: the variant that agrees longest; on a tie, one
    /// that fits what the transcript shows of itself, then the one whose differing cell has
    /// the fewest differing lines, then the newest Python (in its default front end).
    pub fn closest(&self) -> Option<&Outcome> {
        let key = |o: &Outcome| match &o.difference {
            None => (usize::MAX, true, 0),
            Some(d) => (d.index, o.fits, usize::MAX - changed_lines(d)),
        };
        let mut best: Option<&Outcome> = None;
        for o in &self.outcomes {
            match best {
                Some(b) if key(b) > key(o) => {}
                Some(b) if key(b) == key(o) && b.variant.python >= o.variant.python => {}
                _ => best = Some(o),
            }
        }
        best
    }

    /// The report as `reloadlab check` prints it for the file `name`.
    pub fn render(&self, name: &str, transcript: &Transcript) -> String {
        let mut s = String::new();
        if self.all {
            s.push_str(&format!(
                "{name}: {} transcript, {}, prefix {}{}\n",
                self.format.name(),
                cells_word(self.cells),
                self.prefix,
                if self.prefix_detected { "" } else { " (assumed)" }
            ));
            if let Some((v, why)) = &self.python_evidence {
                s.push_str(&format!("  the transcript shows Python {v}: {why}\n"));
            }
            let by = self.reproduced_by();
            if by.is_empty() {
                s.push_str("  reproduced by no version\n");
            } else {
                s.push_str(&format!("  reproduced by {}\n", group_labels(&by)));
            }
            for o in &self.outcomes {
                if let Some(d) = &o.difference {
                    s.push_str(&format!("  {} differs at cell {}: {}\n", o.variant.label(), d.number, d.how));
                }
            }
            return s;
        }
        let by = self.reproduced_by();
        if !by.is_empty() {
            // Name the variants that fit what the transcript shows of itself, if some do.
            let fitting: Vec<Variant> =
                self.outcomes.iter().filter(|o| o.difference.is_none() && o.fits).map(|o| o.variant).collect();
            let named = if fitting.is_empty() { &by } else { &fitting };
            s.push_str(&format!("{name}: ok ({}; {})\n", group_labels(named), cells_word(self.cells)));
            if named.len() < by.len() {
                let others = by.len() - named.len();
                s.push_str(&format!(
                    "  also reproduced by {others} other variant{} (--python all lists them)\n",
                    if others == 1 { "" } else { "s" }
                ));
            }
            if let Some(o) = self.outcomes.iter().find(|o| o.difference.is_none()) {
                for n in &o.notes {
                    s.push_str(&format!("  note: {n}\n"));
                }
            }
            return s;
        }
        let Some(o) = self.closest() else {
            s.push_str(&format!("{name}: no variant to compare with\n"));
            return s;
        };
        let d = o.difference.as_ref().expect("a difference");
        s.push_str(&format!("{name}: cell {} differs ({}): {}\n", d.number, o.variant.label(), d.how));
        let cell = &transcript.cells[d.index];
        s.push_str(&format!("  line {} of {name}: {}\n", cell.line, cell.expected.first().map(String::as_str).unwrap_or("")));
        for n in &o.notes {
            s.push_str(&format!("  note: {n}\n"));
        }
        s.push_str(&unified_diff(d, &format!("{name} (cell {})", d.number), &format!("reloadlab {}", o.variant.flags(&self.prefix))));
        s
    }
}

/// `1 cell`, `8 cells`.
fn cells_word(n: usize) -> String {
    if n == 1 { "1 cell".into() } else { format!("{n} cells") }
}

/// How many lines of a cell differ (deleted plus inserted).
fn changed_lines(d: &Difference) -> usize {
    capture_diff_slices(Algorithm::Myers, &d.expected, &d.got)
        .iter()
        .map(|op| match op.as_tag_tuple() {
            (similar::DiffTag::Equal, _, _) => 0,
            (_, old, new) => old.len() + new.len(),
        })
        .sum()
}

/// `3.6 with IPython 6.0–6.1`; `3.6–3.9` for consecutive plain versions;
/// `3.11 with IPython 8.0–8.39 or 9.0–9.18`.
pub fn group_labels(vs: &[Variant]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let versions: Vec<PyVersion> = Profile::all().iter().map(|p| p.version).collect();
    let mut i = 0;
    while i < vs.len() {
        let v = vs[i];
        match v.style {
            Style::Ipython => {
                let mut ipys = vec![ipython_range_label(v.ipython.unwrap_or(IpyVersion(0, 0)))];
                let mut j = i + 1;
                while j < vs.len() && vs[j].python == v.python && vs[j].style == Style::Ipython {
                    ipys.push(ipython_range_label(vs[j].ipython.unwrap_or(IpyVersion(0, 0))));
                    j += 1;
                }
                parts.push(format!("{} with IPython {}", v.python, ipys.join(" or ")));
                i = j;
            }
            Style::Python => {
                // A run of consecutive versions: 3.6–3.9.
                let mut j = i + 1;
                while j < vs.len() && vs[j].style == Style::Python && {
                    let a = versions.iter().position(|x| *x == vs[j - 1].python);
                    let b = versions.iter().position(|x| *x == vs[j].python);
                    matches!((a, b), (Some(a), Some(b)) if b == a + 1)
                } {
                    j += 1;
                }
                let last = vs[j - 1].python;
                let label = match j - i {
                    1 => v.python.to_string(),
                    2 => format!("{}, {last}", v.python),
                    _ => format!("{}–{last}", v.python),
                };
                parts.push(label);
                i = j;
            }
            Style::Pyrepl => {
                parts.push(v.label());
                i += 1;
            }
        }
    }
    parts.join("; ")
}

/// A difference as a unified diff of the cell's lines.
pub fn unified_diff(d: &Difference, old_name: &str, new_name: &str) -> String {
    let old = join_lines(&d.expected);
    let new = join_lines(&d.got);
    let diff = TextDiff::from_lines(&old, &new);
    let mut u = diff.unified_diff();
    u.context_radius(3).header(old_name, new_name).missing_newline_hint(false);
    u.to_string()
}

fn join_lines(v: &[String]) -> String {
    let mut s = String::new();
    for l in v {
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// Checks a transcript as asked.
pub fn check(t: &Transcript, req: &Request) -> Result<Report, String> {
    let ev = &t.evidence;
    let prefix = req.prefix.clone().or_else(|| ev.prefix.clone());
    let prefix_detected = prefix.is_some();
    let prefix = prefix.unwrap_or_else(|| "/usr/local".to_string());
    // Every variant the flags allow is run; what the transcript shows (its banner, paths,
    // traceback headers) only decides which difference to show when none agrees.
    let styles: Vec<Style> = match (req.style, t.format) {
        (Some(s), _) => vec![s],
        (None, Format::Ipython) => vec![Style::Ipython],
        (None, _) => vec![Style::Python, Style::Pyrepl],
    };
    if let PythonChoice::One(v) = req.python {
        if Profile::get(v).is_none() {
            return Err(format!(
                "unknown Python version {v} (reloadlab emulates {})",
                Profile::all().iter().map(|p| p.version.to_string()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let mut candidates: Vec<Variant> = Vec::new();
    for style in &styles {
        for v in variants(*style) {
            if matches!(req.python, PythonChoice::One(p) if p != v.python) {
                continue;
            }
            match req.ipython {
                Some(i) if *style == Style::Ipython => {
                    if !candidates.iter().any(|c| c.python == v.python && c.style == *style) {
                        candidates.push(Variant { ipython: Some(i), ..v });
                    }
                }
                _ => candidates.push(v),
            }
        }
    }
    if candidates.is_empty() {
        let py = match req.python {
            PythonChoice::One(v) => format!(" for Python {v}"),
            _ => String::new(),
        };
        return Err(format!("reloadlab has no {} emulation{py}", styles[0].name()));
    }
    let fits = |v: &Variant| {
        ev.python.as_ref().is_none_or(|p| p.0 == v.python)
            && ev.style.is_none_or(|s| s == v.style)
            && v.ipython.and_then(IpythonEra::get).is_none_or(|e| ev.fits_era(&e))
    };
    let mut outcomes = Vec::new();
    for v in candidates {
        let mut o = run_variant(t, v, &prefix)?;
        o.fits = fits(&v);
        outcomes.push(o);
    }
    Ok(Report {
        format: t.format,
        cells: t.cells.iter().filter(|c| !c.skip).count(),
        prefix,
        prefix_detected,
        python_evidence: ev.python.clone(),
        all: req.python == PythonChoice::All,
        outcomes,
    })
}

/// Replays the transcript's cells in one variant and finds the first cell that differs.
pub fn run_variant(t: &Transcript, v: Variant, prefix: &str) -> Result<Outcome, String> {
    let fresh = || -> Result<Session, String> {
        let opts = Options { cwd: t.evidence.cwd.clone(), ..v.options(prefix) };
        Session::new(opts).map_err(|e| e.to_string())
    };
    let mut session = fresh()?;
    // Everything fed so far, to replay into a fresh session when a cell is retried.
    let mut fed: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    let ipython = session.is_ipython();
    let last = t.cells.iter().rposition(|c| !c.skip);
    let mut ended = false;
    for (index, cell) in t.cells.iter().enumerate() {
        if cell.skip {
            continue;
        }
        if ipython {
            if cell.source.trim().is_empty() {
                continue; // IPython runs nothing and does not count an empty cell.
            }
            let next = session.next_number();
            if cell.number > next && !ended {
                notes.push(if cell.number == next + 1 {
                    format!("cell {next} is not in the transcript; it was replayed as an empty cell (`pass`)")
                } else {
                    format!(
                        "cells {next}–{} are not in the transcript; they were replayed as empty cells (`pass`)",
                        cell.number - 1
                    )
                });
                while session.next_number() < cell.number {
                    session.feed("pass");
                    fed.push("pass".into());
                }
            }
        }
        let mut expected = cell.expected.clone();
        if Some(index) == last {
            super::trim_trailing_empty(&mut expected);
        }
        let is_last = Some(index) == last;
        let doctest = t.format == Format::Doctest;
        let mut used = cell.source.clone();
        let (mut text, mut exit) = if ended { (String::new(), false) } else { feed(&mut session, &used) };
        let mut got = got_lines(&text, is_last);
        // A caret may point at spaces the paste dropped from the end of the input line:
        // retry the cell with them (in a fresh session brought to the same point).
        if !ended && !lines_match(&expected, &got, doctest) && got.iter().any(|l| is_caret_line(l)) && cell.source == cell.source.trim_end() {
            for tail in [" ", "  "] {
                let mut again = fresh()?;
                for f in &fed {
                    again.feed(f);
                }
                let src = format!("{}{tail}", cell.source);
                let (t2, e2) = feed(&mut again, &src);
                let g2 = got_lines(&t2, is_last);
                if lines_match(&expected, &g2, doctest) {
                    (session, text, exit, got, used) = (again, t2, e2, g2, src);
                    break;
                }
            }
        }
        if !lines_match(&expected, &got, doctest) {
            if doctest {
                expected = expand_stack(&expected, &got);
            }
            let how = describe(&expected, &got, cell, ended && text.is_empty());
            return Ok(Outcome {
                variant: v,
                difference: Some(Difference { index, number: cell.number, expected, got, how }),
                notes,
                fits: true,
            });
        }
        fed.push(used);
        ended |= exit;
    }
    Ok(Outcome { variant: v, difference: None, notes, fits: true })
}

/// Feeds one cell of the transcript (in IPython one cell, however many lines): the text the
/// front end showed for it, and whether the session ended.
fn feed(session: &mut Session, source: &str) -> (String, bool) {
    let mut text = String::new();
    let mut exit = false;
    for run in session.feed_cell(source) {
        text.push_str(&run.echo);
        text.push_str(&run.output);
        exit |= run.exit;
    }
    (text, exit)
}

/// A cell's text as lines without trailing spaces (for the last cell, without the empty
/// lines that end it).
fn got_lines(text: &str, last: bool) -> Vec<String> {
    let mut got: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    if last {
        super::trim_trailing_empty(&mut got);
    }
    got
}

/// `    ^` or `    ^^^^`: a SyntaxError's caret.
fn is_caret_line(l: &str) -> bool {
    let t = l.trim_start();
    !t.is_empty() && t.chars().all(|c| c == '^') && l.len() > t.len()
}

/// Whether a cell's output agrees. In a doctest, a line `...` inside an expected traceback
/// stands for any number of lines (doctest ignores the stack).
pub fn lines_match(expected: &[String], got: &[String], doctest: bool) -> bool {
    if expected == got {
        return true;
    }
    if !doctest {
        return false;
    }
    let tb = expected.iter().position(|l| l.starts_with("Traceback (most recent call last)"));
    let Some(tb) = tb else { return false };
    let wild: Vec<bool> = expected.iter().enumerate().map(|(i, l)| i > tb && l.trim() == "...").collect();
    if !wild.iter().any(|w| *w) {
        return false;
    }
    glob(expected, &wild, got)
}

/// A doctest's traceback written with `...` for its stack, with the stack the emulation
/// printed in its place, so that a diff shows only what really differs.
fn expand_stack(expected: &[String], got: &[String]) -> Vec<String> {
    let header = |v: &[String]| v.iter().position(|l| l.starts_with("Traceback (most recent call last)"));
    let (Some(tw), Some(tg)) = (header(expected), header(got)) else { return expected.to_vec() };
    let Some(dots) = expected[tw + 1..].iter().position(|l| l.trim() == "...").map(|k| tw + 1 + k) else {
        return expected.to_vec();
    };
    let stack_end = got[tg + 1..].iter().position(|l| !l.starts_with(' ')).map_or(got.len(), |k| tg + 1 + k);
    let mut out = expected[..dots].to_vec();
    out.extend_from_slice(&got[tg + 1..stack_end]);
    out.extend_from_slice(&expected[dots + 1..]);
    out
}

fn glob(pat: &[String], wild: &[bool], s: &[String]) -> bool {
    match pat.first() {
        None => s.is_empty(),
        Some(_) if wild[0] => (0..=s.len()).any(|k| glob(&pat[1..], &wild[1..], &s[k..])),
        Some(p) => s.first() == Some(p) && glob(&pat[1..], &wild[1..], &s[1..]),
    }
}

/// How a cell's output differs, in a few words: its first differing lines (up to three
/// differences, `; `-separated).
pub fn describe(expected: &[String], got: &[String], cell: &Cell, after_exit: bool) -> String {
    if after_exit {
        return "the emulated session had already ended (`exit()`)".into();
    }
    // An exception on one side only says it all.
    match (raised(expected), raised(got)) {
        (None, Some(g)) => return format!("it raises `{}`", clip(&g)),
        (Some(w), None) => {
            let shown = got.get(cell_echo_len(got)).map(|l| format!("; it prints `{}`", clip(l))).unwrap_or_default();
            return format!("it does not raise `{}`{shown}", clip(&w));
        }
        _ => {}
    }
    let ops = capture_diff_slices(Algorithm::Myers, expected, got);
    let mut parts: Vec<String> = Vec::new();
    for op in ops.iter().filter(|op| !matches!(op, DiffOp::Equal { .. })) {
        let (_, old, new) = op.as_tag_tuple();
        let mut found = Vec::new();
        if !old.is_empty() && !new.is_empty() {
            // Pair the lines of a replaced block by what they are (an exception line with an
            // exception line, a frame with a frame), in order; the rest are extra or missing.
            let mut next_new = new.start;
            let mut paired_new = vec![false; new.len()];
            for o in old.clone() {
                let kind = line_kind(&expected[o]);
                let hit = (next_new..new.end).find(|&n| line_kind(&got[n]) == kind);
                match hit {
                    Some(n) => {
                        let result = o == cell_echo_len(expected) && n == cell_echo_len(got) && raised(expected).is_none();
                        found.push(if result && kind == LineKind::Other {
                            format!("the result reads `{}`", excerpt(&expected[o], &got[n]))
                        } else {
                            describe_line(&expected[o], &got[n], cell)
                        });
                        paired_new[n - new.start] = true;
                        next_new = n + 1;
                    }
                    None => found.push(format!("it does not print `{}`", clip(&expected[o]))),
                }
            }
            for (k, p) in paired_new.iter().enumerate() {
                if !p {
                    found.push(format!("it also prints `{}`", clip(&got[new.start + k])));
                }
            }
        } else if !new.is_empty() {
            let have = &got[new.start];
            found.push(match unsupported(have) {
                Some(u) => u,
                None if expected.len() <= cell_echo_len(expected) => {
                    format!("it prints `{}` where the transcript shows no output", clip(have))
                }
                None if old.start >= expected.len() => format!("it prints more: `{}`", clip(have)),
                None => format!("it prints `{}` before `{}`", clip(have), clip(&expected[old.start])),
            });
        } else if !old.is_empty() {
            let want = &expected[old.start];
            found.push(if got.len() <= cell_echo_len(got) {
                format!("it prints nothing; the transcript shows `{}`", clip(want))
            } else {
                format!("it does not print `{}`", clip(want))
            });
        }
        for f in found {
            if !parts.contains(&f) {
                parts.push(f);
            }
        }
        if parts.len() >= 3 {
            break;
        }
    }
    parts.truncate(3);
    if parts.is_empty() { "the output differs".into() } else { parts.join("; ") }
}

/// The exception line of the traceback in a cell's lines, if it has one.
fn raised(v: &[String]) -> Option<String> {
    let tb = v.iter().position(|l| l.ends_with("Traceback (most recent call last)") || l.starts_with("Traceback (most recent call last)"))?;
    v[tb + 1..].iter().rev().find(|l| exception_line(l).is_some()).cloned()
}

/// What a line of output is, to pair lines that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Exception,
    /// `  File "…", line N, in f` or IPython's header naming the cell.
    Frame,
    Out,
    Other,
}

fn line_kind(l: &str) -> LineKind {
    let t = l.trim_start();
    if exception_line(l).is_some() {
        LineKind::Exception
    } else if t.starts_with("File \"") || t.starts_with("Cell In[") || l.starts_with("<ipython-input-") || t.starts_with("File ") {
        LineKind::Frame
    } else if out_value(l).is_some() {
        LineKind::Out
    } else {
        LineKind::Other
    }
}

/// How many of a cell's lines are its prompts and input.
fn cell_echo_len(lines: &[String]) -> usize {
    1 + lines
        .iter()
        .skip(1)
        .take_while(|l| super::ipython_continuation(l).is_some() || super::repl_continuation(l).is_some())
        .count()
}

fn unsupported(line: &str) -> Option<String> {
    line.strip_prefix("not supported by reloadlab: ").map(|what| format!("reloadlab does not emulate {what}"))
}

/// One differing line, in words.
fn describe_line(want: &str, have: &str, cell: &Cell) -> String {
    if let Some(u) = unsupported(have) {
        return u;
    }
    // The traceback header that names the cell.
    let (hw, hh) = (cell_header(want, cell), cell_header(have, cell));
    if let (Some(w), Some(h)) = (&hw, &hh) {
        match (w, h) {
            (CellHeaderSeen::InputFile { hash: hw, parens: pw }, CellHeaderSeen::InputFile { hash: hh, parens: ph }) => {
                let parens = if *ph { "`()`" } else { "no `()`" };
                match (hw != hh, pw != ph) {
                    (true, true) => return format!("the traceback header names the cell with {} and {parens}", hash_words(*hh)),
                    (true, false) => return format!("the traceback header names the cell with {}", hash_words(*hh)),
                    (false, true) => return format!("the traceback header has {parens} after `in <module>`"),
                    (false, false) => {}
                }
            }
            (_, CellHeaderSeen::CellIn) => return format!("the traceback header reads `{}`", have.trim()),
            (CellHeaderSeen::CellIn, CellHeaderSeen::InputFile { hash, .. }) => {
                return format!("the traceback header names the cell with {}: `{}`", hash_words(*hash), have.trim());
            }
        }
    }
    // `Type: message`.
    if let (Some((tw, mw)), Some((th, mh))) = (exception_line(want), exception_line(have)) {
        return if tw == th {
            format!("the message reads `{}`", clip(mh))
        } else {
            format!("it raises `{}` (the transcript: `{}`)", clip(&format!("{th}: {mh}")), clip(&format!("{tw}: {mw}")))
        };
    }
    if let (Some(w), Some(h)) = (out_value(want), out_value(have)) {
        return format!("the result reads `{}`", excerpt(w, h));
    }
    if want.trim_start().starts_with("File \"") && have.trim_start().starts_with("File \"") {
        return format!("the frame reads `{}`", clip(have.trim()));
    }
    if want.starts_with("In [") || want.starts_with(">>>") {
        return format!("the prompt and input read `{}`", clip(have));
    }
    format!("a line reads `{}` (the transcript: `{}`)", excerpt(want, have), excerpt(have, want))
}

/// `have`, or for a long line the part from a little before where it departs from `want`:
/// `…/lib/python3.5/lib-dynload/math.cpython-35m-x86_64-linux-gnu.so'>`.
fn excerpt(want: &str, have: &str) -> String {
    const LONG: usize = 72;
    if have.chars().count() <= LONG + 12 {
        return have.to_string();
    }
    let common = want.chars().zip(have.chars()).take_while(|(a, b)| a == b).count();
    let chars: Vec<char> = have.chars().collect();
    let mut start = common.saturating_sub(24);
    // Start at a path or word boundary.
    while start > 0 && start < common && !matches!(chars[start - 1], '/' | ' ' | '\'' | '(') {
        start += 1;
    }
    if start >= common {
        start = common.saturating_sub(24);
    }
    let body: String = chars[start..].iter().take(LONG).collect();
    let body: String = if chars.len() - start <= LONG + 12 { chars[start..].iter().collect() } else { body };
    let more = if chars.len() - start > LONG + 12 { "…" } else { "" };
    if start == 0 { format!("{body}{more}") } else { format!("…{body}{more}") }
}

enum CellHeaderSeen {
    InputFile { hash: Option<CellHash>, parens: bool },
    CellIn,
}

fn cell_header(line: &str, cell: &Cell) -> Option<CellHeaderSeen> {
    let t = line.trim_start();
    if t.starts_with("Cell In[") {
        return Some(CellHeaderSeen::CellIn);
    }
    let at = line.find("<ipython-input-")?;
    let end = at + line[at..].find('>')? + 1;
    let name = &line[at..end];
    let era = IpythonEra::get(IpyVersion(6, 1))?;
    let hash = [CellHash::Md5, CellHash::Sha1].into_iter().find(|h| ipython_cell_name(&era, cell.number, &cell.source, *h) == name);
    let parens = line[end..].starts_with(" in <module>()");
    if !line[end..].starts_with(" in <module>") {
        return None;
    }
    Some(CellHeaderSeen::InputFile { hash, parens })
}

fn hash_words(h: Option<CellHash>) -> &'static str {
    match h {
        Some(CellHash::Md5) => "an md5 hash",
        Some(CellHash::Sha1) => "a sha1 hash",
        None => "another hash",
    }
}

/// `AttributeError: message` → (type, message).
fn exception_line(l: &str) -> Option<(&str, &str)> {
    let (ty, msg) = l.split_once(": ").map_or((l, ""), |(a, b)| (a, b));
    let last = ty.rsplit('.').next()?;
    let looks = !ty.is_empty()
        && ty.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && last.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && (last.ends_with("Error") || last.ends_with("Exception") || last.ends_with("Warning") || last == "KeyboardInterrupt" || last == "SystemExit" || last == "StopIteration");
    looks.then_some((ty, msg))
}

/// `Out[7]: value` → value.
fn out_value(l: &str) -> Option<&str> {
    let rest = l.strip_prefix("Out[")?;
    let close = rest.find("]:")?;
    Some(rest[close + 2..].trim_start())
}

fn clip(s: &str) -> String {
    super::clip(s, 110)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipython_ranges_follow_the_eras() {
        assert_eq!(ipython_range_label(IpyVersion(6, 1)), "6.0–6.1");
        assert_eq!(ipython_range_label(IpyVersion(6, 5)), "6.5");
        assert_eq!(ipython_range_label(IpyVersion(5, 4)), "5.0–5.4");
        assert_eq!(ipython_range_label(IpyVersion(5, 10)), "5.5–5.10");
        assert_eq!(ipython_range_label(IpyVersion(7, 34)), "7.0–7.34");
    }

    #[test]
    fn variants_of_the_corpus() {
        assert_eq!(ipython_variants(PyVersion(2, 7)), vec![IpyVersion(5, 4), IpyVersion(5, 10)]);
        assert_eq!(ipython_variants(PyVersion(3, 6)), vec![IpyVersion(6, 1), IpyVersion(6, 5), IpyVersion(7, 16)]);
        assert_eq!(ipython_variants(PyVersion(3, 12)), vec![IpyVersion(8, 39), IpyVersion(9, 18)]);
        assert_eq!(variants(Style::Pyrepl).len(), 1);
    }

    #[test]
    fn labels_group_versions() {
        let p = |a, b| Variant { python: PyVersion(a, b), style: Style::Python, ipython: None };
        assert_eq!(group_labels(&[p(3, 6), p(3, 7), p(3, 8), p(3, 10)]), "3.6–3.8; 3.10");
        let i = |a, b, x, y| Variant { python: PyVersion(a, b), style: Style::Ipython, ipython: Some(IpyVersion(x, y)) };
        assert_eq!(group_labels(&[i(3, 6, 6, 1)]), "3.6 with IPython 6.0–6.1");
        assert_eq!(group_labels(&[i(3, 11, 8, 39), i(3, 11, 9, 18)]), "3.11 with IPython 8.0–8.39 or 9.0–9.18");
    }

    fn cell(n: usize, src: &str) -> Cell {
        Cell { number: n, source: src.into(), expected: vec![], line: 1, skip: false }
    }

    #[test]
    fn differences_in_words() {
        let c = cell(4, "math.cos");
        assert_eq!(
            describe_line(
                "AttributeError: module 'math' has no attribute 'cos'",
                "AttributeError: 'module' object has no attribute 'cos'",
                &c
            ),
            "the message reads `'module' object has no attribute 'cos'`"
        );
        assert_eq!(
            describe_line("<ipython-input-4-05b06e378197> in <module>()", "<ipython-input-4-9cef3313d2e6> in <module>", &c),
            "the traceback header names the cell with a sha1 hash and no `()`"
        );
        assert_eq!(
            describe_line("<ipython-input-4-05b06e378197> in <module>()", "Cell In[4], line 1", &c),
            "the traceback header reads `Cell In[4], line 1`"
        );
    }

    #[test]
    fn doctest_stacks() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let want = s(&[">>> f()", "Traceback (most recent call last):", "    ...", "ValueError: x"]);
        let got = s(&[">>> f()", "Traceback (most recent call last):", "  File \"<stdin>\", line 1, in <module>", "ValueError: x"]);
        assert!(lines_match(&want, &got, true));
        assert!(!lines_match(&want, &got, false));
    }
}
