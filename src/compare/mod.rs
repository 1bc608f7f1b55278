//! `compare`: one session run under several Python versions, shown cell by cell side by side,
//! with the cells whose behaviour differs marked, and a summary that groups the versions by
//! what they did.
//!
//! What counts as "differs". Outputs are compared after two normalisations:
//! - [`normalize_paths`]: the parts of a path that are only the version's own (`python3.6`,
//!   the ABI tag in `math.cpython-36m-x86_64-linux-gnu.so`, `m.cpython-36.pyc`) are written
//!   the same for every version. Outputs equal after this are shown in one column.
//! - [`behaviour_key`]: on top of that, a traceback is reduced to its exception line and a
//!   warning to its category and message: the frames, carets, `Cell In[4]` vs
//!   `<ipython-input-4-…>` headers and the warning's location are how the front end of that
//!   era prints, not what Python did. A cell is marked `≠` when these keys differ between
//!   versions, and `~` when only the presentation differs.
//!
//! The golden test (`tests/compare.rs`) applies the same [`behaviour_key`] to the transcripts
//! the real interpreters printed and checks that `≠` marks exactly the cells whose golden
//! outputs differ.

pub mod explain;

use crate::profile::{Profile, PyVersion};
use crate::session::{Options, Session, Style};
use explain::Explainer;

/// What to run.
#[derive(Clone, Debug)]
pub struct CompareOptions {
    /// The versions, oldest first.
    pub versions: Vec<PyVersion>,
    pub style: Style,
    /// Install prefix written in module paths.
    pub prefix: String,
    /// The process exits once the comparison is shown: the interpreters of a short session
    /// are left for the exit to reclaim (see [`SHORT_SESSION`]).
    pub exits_after: bool,
}

impl CompareOptions {
    pub fn new(versions: Vec<PyVersion>, style: Style) -> CompareOptions {
        CompareOptions { versions, style, prefix: "/usr/local".into(), exits_after: false }
    }
}

/// Cells of a session short enough that, when the process exits right after the comparison,
/// its interpreters are not torn down. Tearing one down empties every module to break the
/// cycles between them and frees each object: for a short session that costs as much as
/// running it (a tenth of the instructions of `compare --python all` of the seed session), while the
/// memory it holds is small (all eleven: about half a megabyte) and the exit frees it at once.
/// A longer session is torn down as soon as it ends, to keep the peak memory low.
pub const SHORT_SESSION: usize = 200;

/// `all`, or a comma-separated list such as `2.7,3.4,3.6,3.13`. The result is in the order of
/// [`Profile::all`], without repeats.
pub fn parse_versions(spec: &str) -> Result<Vec<PyVersion>, String> {
    let known: Vec<PyVersion> = Profile::all().iter().map(|p| p.version).collect();
    if spec.trim() == "all" {
        return Ok(known);
    }
    let mut want = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let v = PyVersion::parse(part).ok_or_else(|| format!("invalid Python version '{part}' (expected e.g. 3.6, or all)"))?;
        if !known.contains(&v) {
            return Err(format!(
                "unknown Python version {v} (reloadlab emulates {})",
                known.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
            ));
        }
        want.push(v);
    }
    let out: Vec<PyVersion> = known.into_iter().filter(|v| want.contains(v)).collect();
    if out.len() < 2 {
        return Err("compare needs two or more versions (e.g. --python 2.7,3.6 or --python all)".into());
    }
    Ok(out)
}

/// What one version did for one session cell.
#[derive(Clone, Debug)]
pub struct CellResult {
    /// What the front end printed for the cell (all its statements in the plain REPL).
    pub output: String,
    /// `--explain` lines: the import machinery's steps and their consequence.
    pub explain: Vec<String>,
    /// What the steps did, without the names the era gives them: each step's note, each
    /// outcome, and the consequence. Equal keys mean the same mechanism.
    pub steps_key: Vec<String>,
    /// The deleted names back in their module after the cell (`'cos'`).
    pub back: Vec<String>,
    /// False when the session had ended (`exit()`) before this cell.
    pub ran: bool,
    /// The output's `behaviour_key` and `normalize_paths`, computed once.
    keys: [std::cell::OnceCell<String>; 2],
}

/// How the outputs of versions are compared.
#[derive(Clone, Copy)]
enum Key {
    /// [`behaviour_key`]: what happened.
    Behaviour,
    /// [`normalize_paths`]: what was printed, up to the versions' own paths.
    Shown,
}

/// One version's run of the session.
#[derive(Clone, Debug)]
pub struct VersionRun {
    pub version: PyVersion,
    /// One per session cell.
    pub cells: Vec<CellResult>,
}

/// A session run under several versions.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The session's cells, as typed.
    pub sources: Vec<String>,
    /// One per version, oldest first.
    pub runs: Vec<VersionRun>,
}

/// How a cell's outputs compare across the versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The same output everywhere (up to the versions' own paths).
    Same,
    /// The same behaviour, printed differently (traceback layout, warning location).
    Presentation,
    /// Different behaviour: the exception, the value, or what was printed differs.
    Differs,
}

/// Runs `cells` under each version of `opts`. The versions run side by side on the machine's
/// cores (each in a session of its own, as they share nothing); the result is in the order
/// of `opts.versions`.
pub fn run(cells: &[String], opts: &CompareOptions) -> Result<Comparison, String> {
    let n = opts.versions.len();
    let workers = std::thread::available_parallelism().map_or(1, |p| p.get()).clamp(1, n.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if i >= n {
                return done;
            }
            done.push((i, run_version(cells, opts, opts.versions[i])));
            crate::runtime::catalogue::release_pages(Profile::get(opts.versions[i]).map_or("", |p| p.catalogue));
        }
    };
    let mut all = std::thread::scope(|s| {
        let others: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in others {
            all.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        all
    });
    all.sort_by_key(|(i, _)| *i);
    let mut runs = Vec::with_capacity(n);
    for (i, cells) in all {
        runs.push(VersionRun { version: opts.versions[i], cells: cells? });
    }
    Ok(Comparison { sources: cells.to_vec(), runs })
}

/// The session under one version: what each cell printed and what the import machinery did.
fn run_version(cells: &[String], opts: &CompareOptions, v: PyVersion) -> Result<Vec<CellResult>, String> {
    let mut o = Options::new(v, opts.style);
    o.prefix = opts.prefix.clone();
    let mut session = Session::new(o).map_err(|e| format!("Python {v}: {e}"))?;
    let mut explainer = Explainer::new();
    let mut results = Vec::new();
    let mut ended = false;
    for c in cells {
        if ended {
            results.push(CellResult {
                output: String::new(),
                explain: vec![],
                steps_key: vec![],
                back: vec![],
                ran: false,
                keys: Default::default(),
            });
            continue;
        }
        let mut output = String::new();
        let mut explain = Vec::new();
        let mut steps_key = Vec::new();
        for r in session.feed(c) {
            output.push_str(&r.output);
            let lines = explainer.observe(&session, &r);
            for s in &r.trace {
                match (&s.note, s.outcome) {
                    (Some(n), _) => steps_key.push(n.clone()),
                    (None, true) => steps_key.push(s.name.clone()),
                    _ => {}
                }
            }
            steps_key.extend(lines.iter().filter_map(|l| l.split_once(", so ").map(|(_, c)| c.to_string())));
            explain.extend(lines);
            ended |= r.exit;
        }
        results.push(CellResult { output, explain, steps_key, back: explainer.back(), ran: true, keys: Default::default() });
    }
    if opts.exits_after && cells.len() <= SHORT_SESSION {
        std::mem::forget(session);
    }
    Ok(results)
}

// ----- normalisation -----------------------------------------------------------------------

/// Writes the parts of paths that are only a version's own the same way for every version:
/// `lib/python3.6/` → `lib/pythonX.Y/`, `m.cpython-36m-x86_64-linux-gnu.so` and
/// `m.cpython-34m.so` → `m.so`, `m.cpython-36.pyc` → `m.pyc`.
pub fn normalize_paths(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    let b = text.as_bytes();
    // Text up to `copied` is in `s`; the rewrites start at a '/' or a '.', so only those are
    // looked at.
    let (mut copied, mut i) = (0, 0);
    while i < b.len() {
        let rewrite = match b[i] {
            b'/' => python_dir_end(b, i).map(|end| ("/pythonX.Y", end)),
            b'.' => cpython_tag_end(text, i),
            _ => None,
        };
        match rewrite {
            Some((with, end)) => {
                s.push_str(&text[copied..i]);
                s.push_str(with);
                (copied, i) = (end, end);
            }
            None => i += 1,
        }
    }
    s.push_str(&text[copied..]);
    s
}

/// `/python` + digits `.` digits + `/` at `i`: where the rewritten part ends (before the
/// last `/`).
fn python_dir_end(b: &[u8], i: usize) -> Option<usize> {
    let j = i + "/python".len();
    if !b[i..].starts_with(b"/python") {
        return None;
    }
    let digits = |k: usize| b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    let d1 = digits(j);
    if d1 == 0 || b.get(j + d1) != Some(&b'.') {
        return None;
    }
    let d2 = digits(j + d1 + 1);
    let end = j + d1 + 1 + d2;
    (d2 > 0 && b.get(end) == Some(&b'/')).then_some(end)
}

/// `.cpython-TAG.so` / `.cpython-TAG.pyc` within one path token at `i`: the suffix it
/// becomes and where the rewritten part ends.
fn cpython_tag_end(text: &str, i: usize) -> Option<(&'static str, usize)> {
    let rest = &text[i..];
    if !rest.starts_with(".cpython-") {
        return None;
    }
    let token_end = rest.find(|c: char| c.is_whitespace() || c == '\'' || c == '"' || c == ')' || c == '>').unwrap_or(rest.len());
    let token = &rest[..token_end];
    [".so", ".pyc"].into_iter().find_map(|ext| {
        let k = token.find(ext)?;
        let after = &token[k + ext.len()..];
        (!after.starts_with(|c: char| c.is_alphanumeric())).then_some((ext, i + k + ext.len()))
    })
}

/// The marker [`behaviour_key`] puts before an exception line.
pub const RAISED: &str = "raised ";
/// The marker [`behaviour_key`] puts before a warning.
pub const WARNED: &str = "warned ";

/// What a cell's output says about Python's behaviour, without how the front end of that era
/// printed it: [`normalize_paths`], then each traceback reduced to `raised Type: message` and
/// each warning to `warned Category: message`.
pub fn behaviour_key(output: &str) -> String {
    behaviour_key_of_normalized(&normalize_paths(output))
}

/// [`behaviour_key`] of an output already through [`normalize_paths`].
fn behaviour_key_of_normalized(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if starts_traceback(l)
            && let Some(k) = (i + 1..lines.len()).find(|&k| is_exception_line(lines[k]))
        {
            out.push_str(RAISED);
            out.push_str(without_hint(lines[k]));
            i = k + 1;
        } else if let Some(w) = warning_line(l) {
            out.push_str(WARNED);
            out.push_str(w);
            i += 1;
            // The source line (or the launcher's first line) the warning quotes.
            if i < lines.len() && lines[i].starts_with("  ") {
                i += 1;
            }
        } else {
            out.push_str(l);
            i += 1;
        }
        out.push('\n');
    }
    out
}

/// The first line of a traceback in any front end: IPython's rule of dashes, the plain REPL's
/// header, or the `File`/`Cell In` line a SyntaxError starts with.
fn starts_traceback(l: &str) -> bool {
    (l.len() >= 40 && l.bytes().all(|c| c == b'-'))
        || l.starts_with("Traceback (most recent call last)")
        || l.starts_with("  File \"")
        || l.starts_with("  Cell In[")
        || l.starts_with("File \"")
        || l.starts_with("Cell In[")
}

/// An exception line without the hint the plain REPL of 3.10+ appends (`. Did you mean:
/// 'acos'?`, `. Did you forget to import 'sys'?`): the hint is not part of the exception,
/// only of how CPython's default display prints it (IPython never shows it).
fn without_hint(l: &str) -> &str {
    [". Did you mean: ", ". Did you forget to import ", " Or did you forget to import "]
        .iter()
        .filter_map(|h| l.find(h))
        .min()
        .map_or(l, |k| &l[..k])
}

/// `Type` or `Type: message`, where Type is a (dotted) identifier: the last line of a
/// traceback. Frame lines (`Cell In[4], line 1`, `----> 1 x`, `<ipython-input-…>`, paths,
/// indented source) never match.
fn is_exception_line(l: &str) -> bool {
    let name_end = l.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(l.len());
    if name_end == 0 || !l.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        return false;
    }
    let rest = &l[name_end..];
    rest.is_empty() || rest == ":" || rest.starts_with(": ")
}

/// `Category: message` of a warning line `location:line: Category: message`.
fn warning_line(l: &str) -> Option<&str> {
    if !l.as_bytes().contains(&b'W') {
        return None;
    }
    for cat in ["Warning: ", "Warning:"] {
        if let Some(k) = l.find(cat) {
            // The category is the identifier right before "Warning".
            let before = &l[..k];
            let start = before.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map(|p| p + 1).unwrap_or(0);
            let loc = &before[..start];
            // location:line: before the category
            if start > 0 && loc.ends_with(": ") && loc[..loc.len() - 2].rsplit(':').next().is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty()) {
                return Some(&l[start..]);
            }
        }
    }
    None
}

// ----- marks and groups ----------------------------------------------------------------------

impl Comparison {
    fn output(&self, run: usize, cell: usize) -> &CellResult {
        &self.runs[run].cells[cell]
    }

    fn key_with(&self, run: usize, cell: usize, k: Key) -> &str {
        let c = self.output(run, cell);
        if !c.ran {
            return "(the session had ended)\n";
        }
        match k {
            Key::Behaviour => c.keys[0].get_or_init(|| behaviour_key_of_normalized(self.key_with(run, cell, Key::Shown))),
            Key::Shown => c.keys[1].get_or_init(|| normalize_paths(&c.output)),
        }
    }

    /// The mark of cell `i` (0-based).
    pub fn mark(&self, i: usize) -> Mark {
        let keys: Vec<&str> = (0..self.runs.len()).map(|r| self.key_with(r, i, Key::Behaviour)).collect();
        if keys.iter().any(|k| *k != keys[0]) {
            return Mark::Differs;
        }
        let shown: Vec<&str> = (0..self.runs.len()).map(|r| self.key_with(r, i, Key::Shown)).collect();
        if shown.iter().any(|k| *k != shown[0]) { Mark::Presentation } else { Mark::Same }
    }

    /// Whether the import machinery did different things in cell `i` in some versions: the
    /// notes, outcomes and consequences of its steps differ (not merely the names each era
    /// gives the same step, nor the versions' own paths).
    pub fn steps_differ(&self, i: usize) -> bool {
        let key = |r: usize| -> Vec<String> { self.output(r, i).steps_key.iter().map(|l| normalize_paths(l)).collect() };
        let first = key(0);
        (1..self.runs.len()).any(|r| key(r) != first)
    }

    /// The versions (as indices into `runs`) grouped by equal `key`, in order of first
    /// appearance.
    fn groups(&self, i: usize, f: Key) -> Vec<Vec<usize>> {
        let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
        for r in 0..self.runs.len() {
            let k = self.key_with(r, i, f);
            match groups.iter_mut().find(|(g, _)| *g == k) {
                Some((_, v)) => v.push(r),
                None => groups.push((k, vec![r])),
            }
        }
        groups.into_iter().map(|(_, v)| v).collect()
    }

    fn versions(&self) -> Vec<PyVersion> {
        self.runs.iter().map(|r| r.version).collect()
    }

    /// The versions of `members` as a short label: `2.7`, `3.5–3.13`, `2.7, 3.4`.
    fn label(&self, members: &[usize]) -> String {
        versions_label(&members.iter().map(|&r| self.runs[r].version).collect::<Vec<_>>(), &self.versions())
    }

    /// One line per cell whose behaviour differs: the versions grouped by what they did,
    /// each group described in a few words taken from its output (the exception, the value
    /// shown) and from the state (deleted names back).
    pub fn summary(&self) -> Vec<String> {
        let mut out = Vec::new();
        for i in 0..self.sources.len() {
            if self.mark(i) != Mark::Differs {
                continue;
            }
            let groups = self.groups(i, Key::Behaviour);
            let keys: Vec<String> = groups.iter().map(|g| self.key_with(g[0], i, Key::Behaviour).to_string()).collect();
            let types: Vec<Option<String>> = keys.iter().map(|k| exception_of(k).map(|e| exc_type(&e).to_string())).collect();
            let backs: Vec<Vec<String>> = (0..self.runs.len()).map(|r| self.output(r, i).back.clone()).collect();
            let state_matters = backs.iter().any(|b| *b != backs[0]);
            let mut descs: Vec<String> = Vec::new();
            let mut notes: Vec<String> = vec![String::new(); groups.len()];
            for (gi, g) in groups.iter().enumerate() {
                let shared_type = types[gi].is_some() && types.iter().filter(|t| **t == types[gi]).count() > 1;
                let mut d = describe(&keys[gi], shared_type);
                if state_matters {
                    let first = &backs[g[0]];
                    if g.iter().all(|&r| backs[r] == *first) {
                        if !first.is_empty() {
                            d.push_str(&format!(", {} restored", first.join(", ")));
                        }
                    } else {
                        let with: Vec<usize> = g.iter().copied().filter(|&r| !backs[r].is_empty()).collect();
                        if !with.is_empty() {
                            notes[gi] = format!(" ({} restored in {})", backs[with[0]].join(", "), self.label(&with));
                        }
                    }
                }
                while descs.contains(&d) {
                    d.push('′');
                }
                descs.push(d);
            }
            let parts: Vec<String> = groups
                .iter()
                .zip(&descs)
                .zip(&notes)
                .map(|((g, d), n)| format!("{d} in {}{n}", self.label(g)))
                .collect();
            out.push(format!("cell {} {}: {}", i + 1, short_source(&self.sources[i], 40), parts.join("; ")));
        }
        out
    }
}

/// The exception line in a behaviour key.
fn exception_of(key: &str) -> Option<String> {
    key.lines().find_map(|l| l.strip_prefix(RAISED)).map(str::to_string)
}

fn exc_type(line: &str) -> &str {
    line.split(':').next().unwrap_or(line)
}

/// A few words for what a behaviour key shows.
fn describe(key: &str, full_exception: bool) -> String {
    let warning = key.lines().find_map(|l| l.strip_prefix(WARNED)).map(|w| exc_type(w).to_string());
    let main = if let Some(e) = exception_of(key) {
        if full_exception { e } else { exc_type(&e).to_string() }
    } else {
        let other: Vec<&str> =
            key.lines().filter(|l| !l.starts_with(WARNED) && !l.trim().is_empty()).collect();
        match other.first() {
            Some(first) => {
                let v = strip_out_prompt(first);
                let mut s = shorten(v, 72);
                if other.len() > 1 {
                    s.push_str(" …");
                }
                s
            }
            None if warning.is_some() => String::new(),
            None => "no output".into(),
        }
    };
    match warning {
        Some(w) if main.is_empty() => w,
        Some(w) => format!("{w}, then {main}"),
        None => main,
    }
}

/// `Out[7]: <module 'math'>` → `<module 'math'>`.
fn strip_out_prompt(l: &str) -> &str {
    if let Some(rest) = l.strip_prefix("Out[")
        && let Some(k) = rest.find("]: ")
    {
        return &rest[k + 3..];
    }
    l
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The first line of a cell's source, shortened; `…` when the cell has more lines.
fn short_source(src: &str, max: usize) -> String {
    let first = src.lines().next().unwrap_or("");
    let mut s = shorten(first, max);
    if src.lines().count() > 1 && !s.ends_with('…') {
        s.push_str(" …");
    }
    s
}

/// `members` (a subset of `all`, both oldest first) as `2.7`, `3.5–3.13` or `2.7, 3.4`. A
/// range stands only for versions that are consecutive among those compared and among
/// those reloadlab knows, so it never hides a version that was left out.
pub fn versions_label(members: &[PyVersion], all: &[PyVersion]) -> String {
    let known: Vec<PyVersion> = Profile::all().iter().map(|p| p.version).collect();
    let pos = |v: &PyVersion, list: &[PyVersion]| list.iter().position(|x| x == v).unwrap_or(usize::MAX);
    let mut runs: Vec<Vec<PyVersion>> = Vec::new();
    for v in members {
        if let Some(last) = runs.last_mut().and_then(|r| r.last().copied().map(|l| (l, r))) {
            let (l, r) = last;
            if pos(v, all) == pos(&l, all).wrapping_add(1) && pos(v, &known) == pos(&l, &known).wrapping_add(1) {
                r.push(*v);
                continue;
            }
        }
        runs.push(vec![*v]);
    }
    runs.iter()
        .map(|r| match r.len() {
            1 => r[0].to_string(),
            2 => format!("{}, {}", r[0], r[1]),
            _ => format!("{}–{}", r[0], r[r.len() - 1]),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

// ----- rendering -----------------------------------------------------------------------------

/// How to show a comparison.
#[derive(Clone, Debug)]
pub struct View {
    /// The terminal's width in columns.
    pub width: usize,
    /// One version group under another, even when columns would fit.
    pub stacked: bool,
    /// Fold the cells that behave the same in every version.
    pub only_diff: bool,
    /// Show the import machinery's steps under each cell.
    pub explain: bool,
    /// ANSI colours.
    pub color: bool,
}

impl View {
    pub fn new(width: usize) -> View {
        View { width, stacked: false, only_diff: false, explain: false, color: false }
    }
}

/// A column narrower than this is unreadable: the cell is stacked instead.
const MIN_COLUMN: usize = 24;
const SEP: &str = " │ ";
const GROUP_COLORS: &[&str] = &["36", "35", "33", "32", "34", "31"];

fn paint(on: bool, code: &str, s: &str) -> String {
    if on && !s.is_empty() { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
}

fn width_of(s: &str) -> usize {
    s.chars().count()
}

/// Tabs to spaces (8 columns).
fn expand_tabs(l: &str) -> String {
    if !l.contains('\t') {
        return l.to_string();
    }
    let mut s = String::new();
    for c in l.chars() {
        if c == '\t' {
            let n = 8 - width_of(&s) % 8;
            s.push_str(&" ".repeat(n));
        } else {
            s.push(c);
        }
    }
    s
}

/// A line cut into pieces of at most `w` columns; a rule of dashes is cut to `w`.
fn wrap(line: &str, w: usize) -> Vec<String> {
    let line = expand_tabs(line);
    let w = w.max(1);
    if width_of(&line) <= w {
        return vec![line];
    }
    if line.chars().all(|c| c == '-') {
        return vec!["-".repeat(w)];
    }
    // Break after the last space that fits (the spaces at the break are dropped), else cut.
    let mut out = Vec::new();
    let mut rest: Vec<char> = line.chars().collect();
    while rest.len() > w {
        let cut = match rest[..=w].iter().rposition(|&c| c == ' ') {
            Some(k) if rest[..k].iter().any(|&c| c != ' ') => k,
            _ => w,
        };
        let head: String = rest[..cut].iter().collect();
        out.push(head.trim_end().to_string());
        let skip = rest[cut..].iter().take_while(|&&c| c == ' ').count();
        rest = rest[cut + skip..].to_vec();
    }
    if !rest.is_empty() {
        out.push(rest.into_iter().collect());
    }
    out
}

fn pad(s: &str, w: usize) -> String {
    let n = width_of(s);
    if n >= w { s.to_string() } else { format!("{s}{}", " ".repeat(w - n)) }
}

/// A label followed by a rule: `3.5–3.13 ───────`.
fn label_rule(label: &str, w: usize) -> String {
    let l = shorten(label, w);
    let rest = w.saturating_sub(width_of(&l) + 1);
    if rest == 0 { l } else { format!("{l} {}", "─".repeat(rest)) }
}

/// The whole comparison: each cell (or a folded run of identical ones), then the summary.
pub fn render(c: &Comparison, v: &View) -> String {
    let mut out = String::new();
    let all = c.versions();
    let all_label = versions_label(&all, &all);
    out.push_str(&format!(
        "{}\n\n",
        paint(v.color, "1", &shorten(&format!("Comparing {} in Python {all_label}", cells(c.sources.len())), v.width))
    ));
    let marks: Vec<Mark> = (0..c.sources.len()).map(|i| c.mark(i)).collect();
    // With --explain, a cell whose steps differ is where the "why" is: never folded.
    let keep = |i: usize| marks[i] == Mark::Differs || (v.explain && c.steps_differ(i));
    let mut i = 0;
    while i < c.sources.len() {
        if v.only_diff && !keep(i) {
            let start = i;
            while i < c.sources.len() && !keep(i) {
                i += 1;
            }
            let which = if i - start == 1 {
                format!("cell {} behaves", start + 1)
            } else {
                format!("cells {}–{} behave", start + 1, i)
            };
            let srcs: Vec<String> = c.sources[start..i].iter().map(|s| short_source(s, 30)).collect();
            let line = format!("  ┄ {which} the same in every version: {}", srcs.join(" · "));
            out.push_str(&paint(v.color, "2", &shorten(&line, v.width)));
            out.push_str("\n\n");
            continue;
        }
        render_cell(c, i, marks[i], v, &mut out);
        i += 1;
    }
    render_summary(c, &marks, v, &mut out);
    out
}

fn render_cell(c: &Comparison, i: usize, mark: Mark, v: &View, out: &mut String) {
    let w = v.width.max(20);
    let (sym, code) = match mark {
        Mark::Differs => ("≠", "1;31"),
        Mark::Presentation => ("~", "2"),
        Mark::Same => (" ", "0"),
    };
    let head = format!("[{}] ", i + 1);
    for (k, line) in c.sources[i].split('\n').enumerate() {
        let text = if k == 0 { format!("{head}{line}") } else { format!("{}{line}", " ".repeat(width_of(&head))) };
        let text = shorten(&expand_tabs(&text), w.saturating_sub(2));
        if k == 0 {
            out.push_str(&format!("{} {}\n", paint(v.color, code, sym), paint(v.color, "1", &text)));
        } else {
            out.push_str(&format!("  {text}\n"));
        }
    }
    // Column groups: outputs equal up to the versions' own paths.
    let groups = c.groups(i, Key::Shown);
    let texts: Vec<String> = groups
        .iter()
        .map(|g| {
            let first = c.output(g[0], i);
            if !first.ran {
                return "(the session had ended)".to_string();
            }
            let same_raw = g.iter().all(|&r| c.output(r, i).output == first.output);
            let t = if same_raw { first.output.clone() } else { normalize_paths(&first.output) };
            t.trim_end_matches('\n').to_string()
        })
        .collect();
    let behaviour = c.groups(i, Key::Behaviour);
    let color_of = |g: &[usize]| -> &str {
        let b = behaviour.iter().position(|bg| bg.contains(&g[0])).unwrap_or(0);
        GROUP_COLORS[b % GROUP_COLORS.len()]
    };
    if groups.len() == 1 {
        if !texts[0].is_empty() {
            for l in texts[0].lines() {
                for piece in wrap(l, w - 4) {
                    out.push_str(format!("    {piece}").trim_end());
                    out.push('\n');
                }
            }
        }
    } else {
        let labels: Vec<String> = groups.iter().map(|g| c.label(g)).collect();
        let bodies: Vec<Vec<&str>> = texts
            .iter()
            .map(|t| if t.is_empty() { vec!["(no output)"] } else { t.lines().collect() })
            .collect();
        let widths = if v.stacked { None } else { column_widths(&labels, &bodies, w - 2) };
        match widths {
            Some(ws) => {
                let mut rows: Vec<Vec<String>> = Vec::new();
                let cols: Vec<Vec<String>> = bodies
                    .iter()
                    .zip(&ws)
                    .map(|(b, &cw)| b.iter().flat_map(|l| wrap(l, cw)).collect())
                    .collect();
                let height = cols.iter().map(Vec::len).max().unwrap_or(0);
                let head: Vec<String> = labels
                    .iter()
                    .zip(&ws)
                    .zip(&groups)
                    .map(|((l, &cw), g)| paint(v.color, color_of(g), &label_rule(l, cw)))
                    .collect();
                rows.push(head);
                for r in 0..height {
                    rows.push(
                        cols.iter()
                            .zip(&ws)
                            .enumerate()
                            .map(|(k, (col, &cw))| {
                                let s = col.get(r).map(String::as_str).unwrap_or("");
                                let s = if k + 1 == cols.len() { s.to_string() } else { pad(s, cw) };
                                if s.trim() == "(no output)" { paint(v.color, "2", &s) } else { s }
                            })
                            .collect(),
                    );
                }
                for row in rows {
                    let line = format!("  {}", row.join(SEP));
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
            }
            None => {
                for ((l, b), g) in labels.iter().zip(&bodies).zip(&groups) {
                    out.push_str(&format!("  {}\n", paint(v.color, color_of(g), &label_rule(l, w - 2))));
                    for line in b {
                        for piece in wrap(line, w - 4) {
                            let piece = if piece == "(no output)" { paint(v.color, "2", &piece) } else { piece };
                            out.push_str(format!("    {piece}").trim_end());
                            out.push('\n');
                        }
                    }
                }
            }
        }
    }
    if v.explain {
        render_explanations(c, i, v, out);
    }
    out.push('\n');
}

/// Widths for side-by-side columns within `avail`, or None when one would be narrower than
/// [`MIN_COLUMN`] (and narrower than what it holds): then the cell is stacked.
fn column_widths(labels: &[String], bodies: &[Vec<&str>], avail: usize) -> Option<Vec<usize>> {
    let n = labels.len();
    let seps = width_of(SEP) * (n - 1);
    if avail <= seps {
        return None;
    }
    let mut room = avail - seps;
    let natural: Vec<usize> = labels
        .iter()
        .zip(bodies)
        .map(|(l, b)| b.iter().map(|x| width_of(&expand_tabs(x))).max().unwrap_or(0).max(width_of(l) + 4))
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&k| natural[k]);
    let mut ws = vec![0; n];
    let mut left = n;
    for k in order {
        let share = room / left;
        ws[k] = natural[k].min(share);
        room -= ws[k];
        left -= 1;
    }
    // Give what is left to the columns that were cut.
    for k in 0..n {
        if room == 0 {
            break;
        }
        if ws[k] < natural[k] {
            let add = (natural[k] - ws[k]).min(room);
            ws[k] += add;
            room -= add;
        }
    }
    if ws.iter().zip(&natural).any(|(&w, &nat)| w < nat && w < MIN_COLUMN) { None } else { Some(ws) }
}

/// The `--explain` lines of cell `i`, versions grouped by identical explanations.
fn render_explanations(c: &Comparison, i: usize, v: &View, out: &mut String) {
    let mut groups: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    for r in 0..c.runs.len() {
        let lines: Vec<String> = c.output(r, i).explain.iter().map(|l| normalize_paths(l)).collect();
        match groups.iter_mut().find(|(l, _)| *l == lines) {
            Some((_, m)) => m.push(r),
            None => groups.push((lines, vec![r])),
        }
    }
    let only_one = groups.len() == 1;
    for (lines, members) in &groups {
        if lines.is_empty() {
            continue;
        }
        let label = if only_one { String::new() } else { format!("{}: ", c.label(members)) };
        for l in lines {
            out.push_str(&explain_line(&format!("{label}{l}"), v.width, v.color));
        }
    }
}

/// One explanation line as printed under a cell: `  ⟶ text`, wrapped with a hanging indent.
pub fn explain_line(text: &str, width: usize, color: bool) -> String {
    let mut s = String::new();
    let pieces = wrap_words(text, width.saturating_sub(4).max(20));
    for (k, p) in pieces.iter().enumerate() {
        let lead = if k == 0 { "  ⟶ " } else { "    " };
        s.push_str(&paint(color, "36", lead));
        s.push_str(p);
        s.push('\n');
    }
    s
}

/// Word-wraps `text` to `w` columns (words longer than `w` are cut).
fn wrap_words(text: &str, w: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let extra = if cur.is_empty() { 0 } else { 1 };
        if !cur.is_empty() && width_of(&cur) + extra + width_of(word) > w {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
        while width_of(&cur) > w {
            let head: String = cur.chars().take(w).collect();
            let tail: String = cur.chars().skip(w).collect();
            lines.push(head);
            cur = tail;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// `1 cell`, `3 cells`.
fn cells(n: usize) -> String {
    if n == 1 { "1 cell".into() } else { format!("{n} cells") }
}

fn render_summary(c: &Comparison, marks: &[Mark], v: &View, out: &mut String) {
    let differ: Vec<usize> = (0..marks.len()).filter(|&i| marks[i] == Mark::Differs).collect();
    let looks: Vec<usize> = (0..marks.len()).filter(|&i| marks[i] == Mark::Presentation).collect();
    let all = c.versions();
    let list = |v: &[usize]| v.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ");
    let head = if differ.is_empty() && marks.len() == 1 {
        format!("Summary: the cell behaves the same in {}", versions_label(&all, &all))
    } else if differ.is_empty() {
        format!("Summary: all {} cells behave the same in {}", marks.len(), versions_label(&all, &all))
    } else if marks.len() == 1 {
        "Summary: the cell behaves differently".to_string()
    } else {
        format!(
            "Summary: {} of {} cells behave differently (≠: {})",
            differ.len(),
            marks.len(),
            list(&differ)
        )
    };
    out.push_str(&paint(v.color, "1", &head));
    out.push('\n');
    for line in c.summary() {
        for (k, piece) in wrap_words(&line, v.width.saturating_sub(4).max(20)).into_iter().enumerate() {
            out.push_str(if k == 0 { "  " } else { "    " });
            out.push_str(&piece);
            out.push('\n');
        }
    }
    let steps: Vec<usize> = (0..marks.len()).filter(|&i| marks[i] != Mark::Differs && c.steps_differ(i)).collect();
    if v.explain && !steps.is_empty() {
        let s = format!(
            "⟶: cell{} {}: the same output, reached by different steps of the import machinery",
            if steps.len() == 1 { "" } else { "s" },
            list(&steps)
        );
        for (k, piece) in wrap_words(&s, v.width.saturating_sub(2).max(20)).into_iter().enumerate() {
            out.push_str(if k == 0 { "" } else { "  " });
            out.push_str(&piece);
            out.push('\n');
        }
    }
    if !looks.is_empty() {
        let s = format!(
            "~: cell{} {} print{} differently but behave{} the same (traceback layout, warning location)",
            if looks.len() == 1 { "" } else { "s" },
            list(&looks),
            if looks.len() == 1 { "s" } else { "" },
            if looks.len() == 1 { "s" } else { "" },
        );
        for (k, piece) in wrap_words(&s, v.width.saturating_sub(2).max(20)).into_iter().enumerate() {
            out.push_str(if k == 0 { "" } else { "  " });
            out.push_str(&paint(v.color, "2", &piece));
            out.push('\n');
        }
    }
}

/// The REPL's own magics, which are about the REPL and not part of the session: left out
/// when a REPL history is replayed.
const REPL_MAGICS: &[&str] = &["compare", "explain", "python", "logstart", "logstop", "history"];

/// For the REPL's `%compare 2.7 3.6`: this session's inputs (`inputs`, one per cell as
/// typed; the REPL's own magics such as `%compare` and `%explain` are skipped) replayed
/// under `versions` in `style`, rendered for a terminal `width` wide. For more control
/// (`--explain`, `--only-diff`, colours) use [`run`] and [`render`] with a [`View`].
pub fn render_history(inputs: &[String], versions: &[PyVersion], style: Style, width: usize) -> Result<String, String> {
    let mut vs: Vec<PyVersion> =
        Profile::all().iter().map(|p| p.version).filter(|v| versions.contains(v)).collect();
    vs.dedup();
    if vs.len() < 2 {
        return Err("compare needs two or more versions, e.g. %compare 2.7 3.6".into());
    }
    let cells = session_inputs(inputs);
    let c = run(&cells, &CompareOptions::new(vs, style))?;
    Ok(render(&c, &View::new(width)))
}

/// A REPL history without the REPL's own magics.
pub fn session_inputs(inputs: &[String]) -> Vec<String> {
    inputs
        .iter()
        .filter(|i| {
            let t = i.trim_start();
            let name = t.strip_prefix('%').map(|r| r.split_whitespace().next().unwrap_or(""));
            !matches!(name, Some(n) if REPL_MAGICS.contains(&n))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_only_the_version_parts() {
        assert_eq!(
            normalize_paths("<module 'math' from '/usr/local/lib/python3.6/lib-dynload/math.cpython-36m-x86_64-linux-gnu.so'>"),
            "<module 'math' from '/usr/local/lib/pythonX.Y/lib-dynload/math.so'>"
        );
        assert_eq!(
            normalize_paths("<module 'math' from '/usr/local/lib/python2.7/lib-dynload/math.so'>"),
            "<module 'math' from '/usr/local/lib/pythonX.Y/lib-dynload/math.so'>"
        );
        assert_eq!(normalize_paths("/usr/local/lib/python3.4/lib-dynload/math.cpython-34m.so"), "/usr/local/lib/pythonX.Y/lib-dynload/math.so");
        assert_eq!(normalize_paths("'/home/user/__pycache__/m.cpython-313.pyc'"), "'/home/user/__pycache__/m.pyc'");
        assert_eq!(normalize_paths("/usr/local/lib/python3.13/json/__init__.py"), "/usr/local/lib/pythonX.Y/json/__init__.py");
        // Not paths: left alone.
        assert_eq!(normalize_paths("Python 3.6.15 /python"), "Python 3.6.15 /python");
    }

    const IPY6: &str = "---------------------------------------------------------------------------\n\
AttributeError                            Traceback (most recent call last)\n\
<ipython-input-4-05b06e378197> in <module>()\n\
----> 1 math.cos\n\
\n\
AttributeError: module 'math' has no attribute 'cos'\n";
    const IPY8: &str = "---------------------------------------------------------------------------\n\
AttributeError                            Traceback (most recent call last)\n\
Cell In[4], line 1\n\
----> 1 math.cos\n\
\n\
AttributeError: module 'math' has no attribute 'cos'\n";
    const PLAIN: &str = "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n    math.cos\n    ^^^^^^^^\nAttributeError: module 'math' has no attribute 'cos'\n";

    #[test]
    fn tracebacks_reduce_to_their_exception_line() {
        let want = "raised AttributeError: module 'math' has no attribute 'cos'\n";
        assert_eq!(behaviour_key(IPY6), want);
        assert_eq!(behaviour_key(IPY8), want);
        assert_eq!(behaviour_key(PLAIN), want);
        assert_eq!(behaviour_key("Out[7]: 1\n"), "Out[7]: 1\n");
        assert_eq!(behaviour_key(""), "");
        let syn = "  File \"<stdin>\", line 1\n    x = (\n        ^\nSyntaxError: invalid syntax\n";
        assert_eq!(behaviour_key(syn), "raised SyntaxError: invalid syntax\n");
        let hinted = PLAIN.replace("'cos'\n", "'cos'. Did you mean: 'acos'?\n");
        assert_eq!(behaviour_key(&hinted), want);
    }

    #[test]
    fn warnings_lose_their_location() {
        let a = "<ipython-input-1-abc>:1: DeprecationWarning: the imp module is deprecated\n  import imp\n";
        let b = "<stdin>:1: DeprecationWarning: the imp module is deprecated\n";
        assert_eq!(behaviour_key(a), behaviour_key(b));
        assert_eq!(behaviour_key(b), "warned DeprecationWarning: the imp module is deprecated\n");
    }

    #[test]
    fn labels_use_ranges_only_for_unbroken_runs() {
        let all: Vec<PyVersion> = Profile::all().iter().map(|p| p.version).collect();
        assert_eq!(versions_label(&all[2..], &all), "3.5–3.13");
        assert_eq!(versions_label(&all[..2], &all), "2.7, 3.4");
        let some = vec![PyVersion(2, 7), PyVersion(3, 4), PyVersion(3, 6), PyVersion(3, 13)];
        assert_eq!(versions_label(&some[1..3], &some), "3.4, 3.6");
        assert_eq!(versions_label(&some[2..], &some), "3.6, 3.13");
    }

    #[test]
    fn history_replays_without_the_repls_own_magics() {
        let h: Vec<String> = ["import math", "%explain on", "%compare 2.7 3.6", "%who", "math.cos"].iter().map(|s| s.to_string()).collect();
        assert_eq!(session_inputs(&h), vec!["import math", "%who", "math.cos"]);
        let text = render_history(&h, &[PyVersion(2, 7), PyVersion(3, 6)], Style::Ipython, 80).unwrap();
        assert!(text.starts_with("Comparing 3 cells in Python 2.7, 3.6\n"), "{text}");
        assert!(render_history(&h, &[PyVersion(3, 6)], Style::Ipython, 80).is_err());
    }

    #[test]
    fn version_lists_parse() {
        assert_eq!(parse_versions("all").unwrap().len(), Profile::all().len());
        assert_eq!(parse_versions("3.13,2.7").unwrap(), vec![PyVersion(2, 7), PyVersion(3, 13)]);
        assert!(parse_versions("3.6").is_err());
        assert!(parse_versions("2.7,3.99").is_err());
    }

    #[test]
    fn wrapping_and_columns() {
        assert_eq!(wrap(&"-".repeat(75), 30), vec!["-".repeat(30)]);
        assert_eq!(wrap("abcdef", 4), vec!["abcd", "ef"]);
        assert_eq!(
            wrap("NameError                                 Traceback (most recent call last)", 40),
            vec!["NameError", "Traceback (most recent call last)"]
        );
        assert_eq!(wrap("ab cd ef", 5), vec!["ab cd", "ef"]);
        let labels = vec!["2.7".to_string(), "3.6".to_string()];
        let bodies = vec![vec!["short"], vec!["a much longer line of output"]];
        assert_eq!(column_widths(&labels, &bodies, 100), Some(vec![7, 28]));
        assert_eq!(column_widths(&labels, &bodies, 30), None);
        assert_eq!(wrap_words("a b c", 3), vec!["a b", "c"]);
    }
}
