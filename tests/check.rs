//! `reloadlab check` and the transcript front end: the seed transcripts pass as published;
//! `--python all` names exactly the variants whose golden transcripts are identical to the
//! seed, and for every other one the cell where its golden transcript departs; one changed
//! character fails at its cell; pasted forms are tolerated; exit statuses; `--record`,
//! `--asciicast` (checked with an independent terminal emulator) and `--svg`.

mod common;

use reloadlab::profile::{Profile, PyVersion};
use reloadlab::session::{Options, Session, Style, split_session};
use reloadlab::transcript::check::{self, PythonChoice, Request, Variant};
use reloadlab::transcript::{self, Format};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Runs the binary in the crate root: (status, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reloadlab")).args(args).current_dir(root()).output().expect("the binary runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A scratch directory of this test process.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reloadlab-check-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

struct Seed {
    file: &'static str,
    session: &'static str,
    prefix: &'static str,
    python: PyVersion,
}

const SEEDS: [Seed; 2] = [
    Seed {
        file: "transcripts/seed/seed_py3.ipython.3.6.txt",
        session: "seed_py3",
        prefix: "/home/ely/anaconda/envs/py36-keras",
        python: PyVersion(3, 6),
    },
    Seed { file: "transcripts/seed/seed_py2.ipython.2.7.txt", session: "seed_py2", prefix: "/home/ely/anaconda", python: PyVersion(2, 7) },
];

fn check_text(text: &str, name: &str, req: &Request) -> check::Report {
    let t = transcript::parse(text, name).unwrap_or_else(|e| panic!("{name}: {e}"));
    check::check(&t, req).unwrap_or_else(|e| panic!("{name}: {e}"))
}

// ---- the seeds --------------------------------------------------------------------------

#[test]
fn seeds_pass_as_published_with_no_flags_or_only_python() {
    for s in &SEEDS {
        let (code, out, err) = run(&["check", s.file]);
        assert_eq!(code, 0, "{}:\n{out}{err}", s.file);
        assert!(out.starts_with(&format!("{}: ok (", s.file)), "{out}");
        let (code, out, err) = run(&["check", "--python", &s.python.to_string(), s.file]);
        assert_eq!(code, 0, "{}:\n{out}{err}", s.file);
    }
    let (code, out, _) = run(&["check", SEEDS[0].file, SEEDS[1].file]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.lines().filter(|l| l.contains(": ok (")).count(), 2, "{out}");
}

#[test]
fn seeds_are_read_into_their_cells_and_evidence() {
    let t = transcript::parse(&read(SEEDS[0].file), SEEDS[0].file).unwrap();
    assert_eq!(t.format, Format::Ipython);
    assert_eq!(t.cells.len(), 8);
    assert_eq!(t.cells[4].source, "math = importlib.reload(math)");
    assert_eq!(t.evidence.prefix.as_deref(), Some(SEEDS[0].prefix));
    assert_eq!(t.evidence.python.as_ref().map(|p| p.0), Some(PyVersion(3, 6)));
    assert_eq!(t.evidence.module_parens, Some(true));
    let t2 = transcript::parse(&read(SEEDS[1].file), SEEDS[1].file).unwrap();
    assert_eq!(t2.evidence.prefix.as_deref(), Some(SEEDS[1].prefix));
    assert_eq!(t2.evidence.python.as_ref().map(|p| p.0), Some(PyVersion(2, 7)));
}

/// The golden transcripts of a session, each with the variant that printed it.
fn goldens(session: &str) -> Vec<(Variant, PathBuf)> {
    let mut out: Vec<(Variant, PathBuf)> = common::transcripts(&root().join("transcripts/golden"))
        .into_iter()
        .filter(|t| t.session() == session)
        .map(|t| {
            let ipython = match t.style {
                Style::Ipython => Some(t.ipython.unwrap_or(Profile::get(t.python).unwrap().default_ipython)),
                _ => None,
            };
            (Variant { python: t.python, style: t.style, ipython }, t.path)
        })
        .collect();
    out.sort_by_key(|(v, _)| (v.python, v.ipython));
    out
}

/// The number of the first cell where two transcripts differ.
fn first_differing_cell(a: &str, b: &str) -> Option<usize> {
    let (ta, tb) = (transcript::parse(a, "a").unwrap(), transcript::parse(b, "b").unwrap());
    for (i, ca) in ta.cells.iter().enumerate() {
        match tb.cells.get(i) {
            Some(cb) if cb.expected == ca.expected => continue,
            _ => return Some(ca.number),
        }
    }
    None
}

#[test]
fn python_all_names_exactly_the_variants_whose_golden_transcripts_are_the_seed() {
    for s in &SEEDS {
        let published = read(s.file);
        // The golden corpus writes the prefix /usr/local.
        let normalised = published.replace(s.prefix, "/usr/local");
        let golden: Vec<(Variant, PathBuf)> =
            goldens(s.session).into_iter().filter(|(v, _)| v.style == Style::Ipython).collect();
        assert!(golden.len() >= 10, "{}: the golden corpus is missing", s.session);
        let identical: BTreeSet<String> = golden
            .iter()
            .filter(|(_, f)| std::fs::read_to_string(f).unwrap() == normalised)
            .map(|(v, _)| format!("{v:?}"))
            .collect();
        assert!(!identical.is_empty(), "{}: no golden transcript is the seed", s.session);

        let report = check_text(&published, s.file, &Request { python: PythonChoice::All, ..Request::default() });
        let named: BTreeSet<String> = report.reproduced_by().iter().map(|v| format!("{v:?}")).collect();
        assert_eq!(named, identical, "{}: reproduced by", s.file);

        // Every other variant with a golden transcript: the report names the cell where that
        // transcript departs from the seed.
        for (v, f) in &golden {
            let want = first_differing_cell(&normalised, &std::fs::read_to_string(f).unwrap());
            let got = report.outcomes.iter().find(|o| o.variant == *v).unwrap_or_else(|| panic!("{v:?} not tried"));
            assert_eq!(got.difference.as_ref().map(|d| d.number), want, "{}: {} ({})", s.file, v.label(), f.display());
        }
        // The report tries every version, 3.4 and 3.5 included.
        for p in Profile::all() {
            assert!(report.outcomes.iter().any(|o| o.variant.python == p.version), "{} not tried", p.version);
        }
    }
}

#[test]
fn python_all_report_reads_as_the_issue_asks() {
    let (code, out, err) = run(&["check", "--python", "all", SEEDS[0].file]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("\n  reproduced by 3.6 with IPython 6.0–6.1\n"), "{out}");
    assert!(
        out.contains("\n  2.7 with IPython 5.0–5.4 differs at cell 4: the message reads `'module' object has no attribute 'cos'`\n"),
        "{out}"
    );
    assert!(
        out.contains("\n  3.7 with IPython 7.0–7.34 differs at cell 4: the traceback header names the cell with a sha1 hash and no `()`\n"),
        "{out}"
    );
    assert!(out.contains("\n  3.8 with IPython 8.0–8.12 differs at cell 4: the traceback header reads `Cell In[4], line 1`\n"), "{out}");
    let (code, out, _) = run(&["check", "--python", "all", SEEDS[1].file]);
    assert_eq!(code, 0);
    assert!(out.contains("\n  reproduced by 2.7 with IPython 5.0–5.4\n"), "{out}");
    assert!(out.contains("\n  3.4 with IPython 6.0–6.1 differs at cell 4: it raises `NameError: name 'reload' is not defined`\n"), "{out}");
}

// ---- a changed character ------------------------------------------------------------------

/// Every line of output of both seeds, one character changed (its first, middle and last):
/// `check` fails at that cell and its diff shows the line as the transcript has it and as the
/// emulation prints it. The prefix is given: it is otherwise read from the one module path,
/// so a change inside it would change the prefix, not make the path differ.
#[test]
fn one_changed_character_fails_at_its_cell_with_its_diff() {
    for s in &SEEDS {
        let published = read(s.file);
        let lines: Vec<&str> = published.lines().collect();
        let t = transcript::parse(&published, s.file).unwrap();
        let req = Request { python: PythonChoice::One(s.python), prefix: Some(s.prefix.to_string()), ..Request::default() };
        let mut tried = 0;
        for (i, line) in lines.iter().enumerate() {
            // Output lines only (not prompts, not the empty separators).
            if line.is_empty() || line.starts_with("In [") {
                continue;
            }
            let cell = t.cells.iter().rev().find(|c| c.line <= i + 1).unwrap();
            let chars: Vec<char> = line.chars().collect();
            let first = chars.iter().position(|c| !c.is_whitespace()).unwrap();
            let last = chars.iter().rposition(|c| !c.is_whitespace()).unwrap();
            let mut positions = vec![first, (first + last) / 2, last];
            positions.dedup();
            for at in positions {
                let mut changed = chars.clone();
                changed[at] = if chars[at] == 'x' { 'y' } else { 'x' };
                let changed: String = changed.into_iter().collect();
                let mut text: Vec<&str> = lines.clone();
                text[i] = &changed;
                let text = text.join("\n") + "\n";
                let report = check_text(&text, s.file, &req);
                assert!(!report.agrees(), "{}: line {} changed at {at}, still agrees", s.file, i + 1);
                let shown = report.render(s.file, &transcript::parse(&text, s.file).unwrap());
                assert!(shown.contains(&format!(": cell {} differs (", cell.number)), "line {}:\n{shown}", i + 1);
                assert!(shown.contains(&format!("\n-{changed}\n")), "line {}:\n{shown}", i + 1);
                assert!(shown.contains(&format!("\n+{line}\n")), "line {}:\n{shown}", i + 1);
                tried += 1;
            }
        }
        assert!(tried >= 10, "{}: only {tried} lines", s.file);
    }
}

#[test]
fn a_changed_character_exits_1_and_shows_the_cell_diff() {
    let dir = scratch("changed");
    let f = dir.join("seed_py3_changed.txt");
    let text = read(SEEDS[0].file);
    // Cell 6's message: 'cos' → 'cot'.
    let at = text.match_indices("no attribute 'cos'").nth(1).unwrap().0;
    let changed = format!("{}no attribute 'cot'{}", &text[..at], &text[at + "no attribute 'cos'".len()..]);
    std::fs::write(&f, &changed).unwrap();
    let f = f.to_str().unwrap();
    let (code, out, err) = run(&["check", f]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with(&format!("{f}: cell 6 differs (3.6 with IPython 6.0–6.1): the message reads `module 'math' has no attribute 'cos'`\n")), "{out}");
    assert!(out.contains("In [6]: math.cos\n"), "{out}");
    assert!(out.contains("\n-AttributeError: module 'math' has no attribute 'cot'\n+AttributeError: module 'math' has no attribute 'cos'\n"), "{out}");
    assert!(out.contains(&format!("--- {f} (cell 6)\n+++ reloadlab --python 3.6 --style ipython --ipython 6.1 --prefix {}\n", SEEDS[0].prefix)), "{out}");
    // With the unchanged seed beside it, the status is still 1.
    let (code, _, _) = run(&["check", SEEDS[0].file, f]);
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(dir);
}

// ---- pasted forms --------------------------------------------------------------------------

#[test]
fn pasted_forms_are_tolerated() {
    for s in &SEEDS {
        let text = read(s.file);
        let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\'', "&#39;");
        let forms: Vec<(&str, String)> = vec![
            ("CRLF", text.replace('\n', "\r\n")),
            ("trailing spaces", text.lines().map(|l| format!("{l}   \n")).collect()),
            ("no final newline", text.trim_end().to_string()),
            ("HTML entities", escaped),
            ("shell prompt", format!("user@host:~$ ipython\n{text}")),
            (
                "banner",
                format!(
                    "$ ipython\nPython {}.5 |Anaconda, Inc.| (default)\nType 'copyright', 'credits' or 'license' for more information\n\n{text}",
                    s.python
                ),
            ),
            ("final prompt", format!("{text}\nIn [{}]: \n", transcript::parse(&text, s.file).unwrap().cells.len() + 1)),
            ("indented", text.lines().map(|l| format!("    {l}\n")).collect()),
            ("Markdown fences", format!("I see this:\n\n```ipython\n{text}```\n\nWhy?\n")),
            ("non-breaking spaces", text.replace("In [1]: ", "In [1]:\u{a0}")),
        ];
        for (what, form) in forms {
            let report = check_text(&form, s.file, &Request::default());
            let t = transcript::parse(&form, s.file).unwrap();
            assert!(report.agrees(), "{} ({what}):\n{}", s.file, report.render(s.file, &t));
            assert_eq!(report.cells, transcript::parse(&text, s.file).unwrap().cells.len(), "{what}");
        }
    }
}

#[test]
fn example_transcripts_check_ok() {
    let dir = root().join("transcripts/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    assert!(files.len() >= 5, "examples: {files:?}");
    let expect = [
        ("doctest_reload.py", "ok (3.5–3.9; 9 cells)"),
        ("ipython7_conda_crlf.txt", "ok (3.7 with IPython 7.0–7.34; 8 cells)"),
        ("ipython8_user_module.txt", "ok (3.12 with IPython 8.0–8.39 or 9.0–9.18; 11 cells)"),
        ("stackoverflow_python2.7.md", "ok (2.7; 5 cells)"),
        ("terminal_python3.6.txt", "ok (3.6; 8 cells)"),
    ];
    for f in &files {
        let rel = f.strip_prefix(root()).unwrap().to_str().unwrap().to_string();
        let (code, out, err) = run(&["check", &rel]);
        assert_eq!(code, 0, "{rel}:\n{out}{err}");
        let name = f.file_name().unwrap().to_str().unwrap();
        if let Some((_, want)) = expect.iter().find(|(n, _)| *n == name) {
            assert!(out.starts_with(&format!("{rel}: {want}\n")), "{out}");
        }
        let (code, out, _) = run(&["check", "--python", "all", &rel]);
        assert_eq!(code, 0, "{rel} --python all:\n{out}");
    }
    // Each format is represented.
    let formats: BTreeSet<String> = files
        .iter()
        .map(|f| format!("{:?}", transcript::parse(&std::fs::read_to_string(f).unwrap(), f.to_str().unwrap()).unwrap().format))
        .collect();
    assert_eq!(formats, ["Doctest", "Ipython", "Repl"].iter().map(|s| s.to_string()).collect());
}

#[test]
fn doctest_stacks_written_as_dots_match_any_stack() {
    let text = read("transcripts/examples/doctest_reload.py");
    let report = check_text(&text, "doctest_reload.py", &Request { python: PythonChoice::All, ..Request::default() });
    let by: Vec<String> = report.reproduced_by().iter().map(|v| v.python.to_string()).collect();
    assert_eq!(by, ["3.5", "3.6", "3.7", "3.8", "3.9"]);
    let o = report.outcomes.iter().find(|o| o.variant.python == PyVersion(3, 12)).unwrap();
    assert_eq!(o.difference.as_ref().unwrap().how, "the message reads `module 'math' has no attribute 'cos'. Did you mean: 'acos'?`");
}

// ---- exit statuses ----------------------------------------------------------------------------

#[test]
fn unreadable_input_is_one_line_and_status_2() {
    let dir = scratch("unreadable");
    let binary = dir.join("binary.txt");
    std::fs::write(&binary, b"In [1]: \xff\xfe\n").unwrap();
    let prose = dir.join("prose.txt");
    std::fs::write(&prose, "Just some text.\nNo prompts here.\n").unwrap();
    for (args, says) in [
        (vec!["check", "no/such/file.txt"], "reloadlab: cannot read no/such/file.txt: no such file"),
        (vec!["check", "transcripts"], "reloadlab: transcripts is a directory, not a file"),
        (vec!["check", binary.to_str().unwrap()], "is not valid UTF-8"),
        (vec!["check", prose.to_str().unwrap()], "no prompts found"),
        (vec!["check", SEEDS[0].file, "no/such/file.txt"], "no such file"),
        (vec!["check", "--python", "3.3", SEEDS[0].file], "unknown Python version 3.3"),
        (vec!["check", "transcripts/golden/sessions/seed_py3.session"], "a session file holds inputs only"),
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

// ---- recording and sharing ----------------------------------------------------------------

#[test]
fn record_asciicast_and_svg_of_a_replay() {
    let dir = scratch("share");
    for (py, style, prefix, session, expected) in [
        ("3.6", "ipython", SEEDS[0].prefix, "seed_py3", Some(SEEDS[0].file)),
        ("2.7", "ipython", SEEDS[1].prefix, "seed_py2", Some(SEEDS[1].file)),
        ("3.13", "pyrepl", "/usr/local", "seed_py3", None),
        ("3.12", "ipython", "/usr/local", "user_module_edit", None),
        ("2.7", "python", "/usr/local", "seed_py2", None),
    ] {
        let tag = format!("{session}-{py}-{style}");
        let (rec, cast, svg) = (dir.join(format!("{tag}.txt")), dir.join(format!("{tag}.cast")), dir.join(format!("{tag}.svg")));
        let session_file = format!("transcripts/golden/sessions/{session}.session");
        let (code, stdout, err) = run(&[
            "replay",
            "--python",
            py,
            "--style",
            style,
            "--prefix",
            prefix,
            "--record",
            rec.to_str().unwrap(),
            "--asciicast",
            cast.to_str().unwrap(),
            "--svg",
            svg.to_str().unwrap(),
            &session_file,
        ]);
        assert_eq!(code, 0, "{tag}: {err}");
        if let Some(seed) = expected {
            assert_eq!(stdout, read(seed), "{tag}");
        }
        // --record writes what replay prints, and `check` agrees with it with no flags.
        assert_eq!(std::fs::read_to_string(&rec).unwrap(), stdout, "{tag}: --record");
        let (code, out, err) = run(&["check", rec.to_str().unwrap()]);
        assert_eq!(code, 0, "{tag}: check of the recording:\n{out}{err}");

        // The asciicast: a v2 header, then [time, "o", text] events at increasing times.
        let cast_text = std::fs::read_to_string(&cast).unwrap();
        let mut lines = cast_text.lines();
        let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
        assert_eq!(header["version"], 2, "{tag}");
        let width = header["width"].as_u64().unwrap() as usize;
        let height = header["height"].as_u64().unwrap() as usize;
        let longest = stdout.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(width >= longest && width >= 80, "{tag}: width {width}");
        assert!(height > stdout.lines().count() && height >= 24, "{tag}: height {height}");
        let mut last = 0.0f64;
        let mut parser = vt100::Parser::new(std::num::NonZero::new(height as u16).unwrap(), std::num::NonZero::new(width as u16).unwrap(), 0);
        let mut events = 0;
        let mut coloured = false;
        let mut single_chars = 0;
        for l in lines {
            let e: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|err| panic!("{tag}: {l}: {err}"));
            let e = e.as_array().unwrap();
            assert_eq!(e.len(), 3, "{tag}: {l}");
            let t = e[0].as_f64().unwrap();
            assert!(t >= last, "{tag}: time goes back at {l}");
            last = t;
            assert_eq!(e[1], "o", "{tag}");
            let data = e[2].as_str().unwrap();
            coloured |= data.contains("\x1b[");
            single_chars += usize::from(data.chars().count() == 1);
            parser.process(data.as_bytes());
            events += 1;
        }
        let typed: usize = split_session(&read(&session_file)).iter().map(|c| c.chars().filter(|c| *c != '\n').count()).sum();
        assert!(single_chars >= typed, "{tag}: typed character by character ({single_chars} of {events} events)");
        assert!(last > 5.0, "{tag}: a human pace ({last} s)");
        assert_eq!(coloured, style != "python" || py == "3.13", "{tag}: colours");
        // Its final screen is the transcript.
        let mut rows: Vec<String> = parser.screen().rows(0, width as u16).map(|r| r.trim_end().to_string()).collect();
        while rows.last().is_some_and(|r| r.is_empty()) {
            rows.pop();
        }
        let want: Vec<String> = stdout.lines().map(|l| l.trim_end().to_string()).collect();
        assert_eq!(rows, want, "{tag}: the final screen");

        // The SVG shows the same rows.
        let svg_text = std::fs::read_to_string(&svg).unwrap();
        assert!(svg_text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{tag}");
        let non_empty: Vec<String> = want.into_iter().filter(|l| !l.is_empty()).collect();
        assert_eq!(transcript::svg::text_rows(&svg_text), non_empty, "{tag}: svg");
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// What `--record` writes cell by cell is the transcript `Session::transcript` makes (and
/// so what the golden corpus holds), for every golden session in every front end.
#[test]
fn recorder_writes_the_transcript_format() {
    let dir = scratch("recorder");
    let sessions = root().join("transcripts/golden/sessions");
    let mut checked = 0;
    for entry in std::fs::read_dir(&sessions).unwrap().flatten() {
        let cells = split_session(&std::fs::read_to_string(entry.path()).unwrap());
        for (py, style) in [(PyVersion(3, 6), Style::Ipython), (PyVersion(3, 12), Style::Python), (PyVersion(2, 7), Style::Ipython)] {
            let opts = Options::new(py, style);
            let path = dir.join("rec.txt");
            let mut rec = transcript::record::Recorder::create(path.to_str().unwrap(), &opts).unwrap();
            let mut session = Session::new(opts.clone()).unwrap();
            'cells: for c in &cells {
                for run in session.feed(c) {
                    rec.cell(&run).unwrap();
                    if run.exit {
                        break 'cells;
                    }
                }
            }
            drop(rec);
            let want = Session::new(opts).unwrap().transcript(&cells);
            assert_eq!(std::fs::read_to_string(&path).unwrap(), want, "{}", entry.path().display());
            checked += 1;
        }
    }
    assert!(checked > 30);
    let _ = std::fs::remove_dir_all(dir);
}

/// Round trip: every golden session's transcript in every variant is read back and checked,
/// with no flags, as reproduced by (at least) the variant that printed it.
#[test]
fn every_emulated_transcript_checks_ok() {
    let sessions = root().join("transcripts/golden/sessions");
    let mut checked = 0;
    for entry in std::fs::read_dir(&sessions).unwrap().flatten() {
        let cells = split_session(&std::fs::read_to_string(entry.path()).unwrap());
        for style in [Style::Ipython, Style::Python, Style::Pyrepl] {
            for v in check::variants(style) {
                let text = Session::new(v.options("/usr/local")).unwrap().transcript(&cells);
                if text.is_empty() {
                    continue;
                }
                let name = format!("{} ({})", entry.path().display(), v.label());
                let t = transcript::parse(&text, &name).unwrap();
                let req = Request { python: PythonChoice::One(v.python), style: Some(style), ..Request::default() };
                let report = check::check(&t, &req).unwrap();
                assert!(report.reproduced_by().contains(&v), "{name}:\n{}", report.render(&name, &t));
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn missing_cells_are_replayed_as_empty_cells() {
    // A paste that starts at In [3], and leaves out In [5]: numbering and hashes still line up.
    let text = read(SEEDS[0].file);
    let start = text.find("In [3]:").unwrap();
    let mut cut = text[start..].to_string();
    let (a, b) = (cut.find("In [5]:").unwrap(), cut.find("In [6]:").unwrap());
    cut.replace_range(a..b, "");
    let t = transcript::parse(&cut, "cut").unwrap();
    let report = check::check(&t, &Request::default()).unwrap();
    // Without `import importlib` and `import math` the replay raises NameError in cell 3.
    assert!(!report.agrees());
    let shown = report.render("cut", &t);
    assert!(shown.contains("note: cells 1–2 are not in the transcript; they were replayed as empty cells (`pass`)"), "{shown}");
    assert!(shown.contains("cut: cell 3 differs (3.6 with IPython 6.0–6.1): it raises `NameError: name 'math' is not defined`"), "{shown}");
}

/// A block pasted into IPython is one cell, its lines behind `...:`.
#[test]
fn a_pasted_multi_line_ipython_cell_is_one_cell() {
    let text = "In [1]: import math\n   ...: math.pi\nOut[1]: 3.141592653589793\n\nIn [2]: math.e\nOut[2]: 2.718281828459045\n";
    let t = transcript::parse(text, "pasted").unwrap();
    assert_eq!(t.cells.len(), 2);
    assert_eq!(t.cells[0].source, "import math\nmath.pi");
    let req = Request { python: PythonChoice::One(PyVersion(3, 8)), ..Request::default() };
    let report = check::check(&t, &req).unwrap();
    assert!(report.agrees(), "{}", report.render("pasted", &t));
}

#[test]
fn explicit_flags_win_over_detection() {
    // --python 3.7 on the 3.6 seed: the 3.7 emulation, and its difference.
    let (code, out, _) = run(&["check", "--python", "3.7", SEEDS[0].file]);
    assert_eq!(code, 1);
    assert!(out.contains(": cell 4 differs (3.7 with IPython 7.0–7.34): the traceback header names the cell with a sha1 hash and no `()`"), "{out}");
    // --ipython 6.5 on 3.6.
    let (code, out, _) = run(&["check", "--python", "3.6", "--ipython", "6.5", SEEDS[0].file]);
    assert_eq!(code, 1);
    assert!(out.contains("(3.6 with IPython 6.5): the traceback header names the cell with a sha1 hash"), "{out}");
    // --prefix: module paths under another prefix differ at cell 7.
    let (code, out, _) = run(&["check", "--prefix", "/usr", SEEDS[0].file]);
    assert_eq!(code, 1);
    assert!(out.contains(": cell 7 differs (3.6 with IPython 6.0–6.1)"), "{out}");
    // --style python on an IPython transcript cannot agree.
    let (code, _, _) = run(&["check", "--style", "python", SEEDS[0].file]);
    assert_eq!(code, 1);
}

/// The golden corpus itself — what the real interpreters printed — read as pasted
/// transcripts: `check` agrees with a golden transcript exactly when the emulation
/// reproduces it byte for byte (what `tests/golden.rs` asserts of every one).
#[test]
fn check_of_each_golden_transcript_agrees_exactly_when_the_replay_is_identical() {
    let sessions = root().join("transcripts/golden/sessions");
    let mut checked = 0;
    let mut identical = 0;
    for entry in std::fs::read_dir(&sessions).unwrap().flatten() {
        let stem = entry.path().file_stem().unwrap().to_string_lossy().to_string();
        let cells = split_session(&std::fs::read_to_string(entry.path()).unwrap());
        for (v, f) in goldens(&stem) {
            let golden = std::fs::read_to_string(&f).unwrap();
            let replayed = Session::new(v.options("/usr/local")).unwrap().transcript(&cells);
            let name = f.display().to_string();
            let t = transcript::parse(&golden, &name).unwrap();
            let req = Request { python: PythonChoice::One(v.python), style: Some(v.style), ipython: v.ipython, prefix: None };
            let report = check::check(&t, &req).unwrap();
            assert_eq!(report.agrees(), replayed == golden, "{name}:\n{}", report.render(&name, &t));
            checked += 1;
            identical += usize::from(replayed == golden);
        }
    }
    assert!(checked > 500, "{checked}");
    println!("{identical} of {checked} golden transcripts replay identically and check ok");
}
