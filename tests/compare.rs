//! `compare` and `--explain`: the marks agree with the golden corpus, the summary groups the
//! versions by behaviour, the explanations follow the trace the runtime records, and the
//! rendering at 80 and 160 columns (insta snapshots).

use reloadlab::compare::{self, CompareOptions, Comparison, Mark, View, behaviour_key};
use reloadlab::profile::{Profile, PyVersion};
use reloadlab::session::{Style, split_session};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/golden")
}

fn session_cells(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("sessions").join(format!("{name}.session"))).unwrap();
    split_session(&text)
}

fn all_versions() -> Vec<PyVersion> {
    Profile::all().iter().map(|p| p.version).collect()
}

fn v(s: &str) -> PyVersion {
    PyVersion::parse(s).unwrap()
}

fn run(cells: &[String], versions: &[PyVersion]) -> Comparison {
    compare::run(cells, &CompareOptions::new(versions.to_vec(), Style::Ipython)).unwrap()
}

fn run_session(name: &str, versions: &[PyVersion]) -> Comparison {
    run(&session_cells(name), versions)
}

/// The output of each cell of an IPython transcript: what follows the echoed input (the
/// `In [N]: ` line and its `...: ` continuation lines) up to the blank line before the next
/// prompt.
fn golden_cell_outputs(transcript: &str) -> Vec<String> {
    let mut cells: Vec<Vec<&str>> = Vec::new();
    let mut in_echo = false;
    for line in transcript.lines() {
        let is_prompt = line.starts_with("In [") && line.contains("]: ");
        if is_prompt {
            cells.push(Vec::new());
            in_echo = true;
            continue;
        }
        let is_continuation = {
            let t = line.trim_start();
            line.starts_with(' ') && (t == "...:" || t.starts_with("...: "))
        };
        if in_echo && is_continuation {
            continue;
        }
        in_echo = false;
        if let Some(c) = cells.last_mut() {
            c.push(line);
        }
    }
    let n = cells.len();
    cells
        .into_iter()
        .enumerate()
        .map(|(i, mut lines)| {
            if i + 1 < n && lines.last() == Some(&"") {
                lines.pop(); // the blank line IPython prints before the next prompt
            }
            if lines.is_empty() { String::new() } else { format!("{}\n", lines.join("\n")) }
        })
        .collect()
}

/// The output of each input of a plain-REPL transcript: the lines after each `>>> ` line (and
/// its `... ` continuation lines) up to the next prompt.
fn golden_repl_outputs(transcript: &str) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    for line in transcript.lines() {
        if line.starts_with(">>> ") || line == ">>>" {
            cells.push(String::new());
        } else if line.starts_with("... ") || line == "..." {
            continue;
        } else if let Some(c) = cells.last_mut() {
            c.push_str(line);
            c.push('\n');
        }
    }
    cells
}

/// The versions with a golden IPython transcript of `name`, and each one's cell outputs.
fn golden_outputs(name: &str) -> Vec<(PyVersion, Vec<String>)> {
    golden_outputs_in("ipython", name)
}

fn golden_outputs_in(style: &str, name: &str) -> Vec<(PyVersion, Vec<String>)> {
    let mut out = Vec::new();
    for version in all_versions() {
        let p = root().join(style).join(version.to_string()).join(format!("{name}.txt"));
        if let Ok(t) = std::fs::read_to_string(&p) {
            let cells = if style == "python" { golden_repl_outputs(&t) } else { golden_cell_outputs(&t) };
            out.push((version, cells));
        }
    }
    out
}

/// For each cell: do the golden outputs differ between versions after the normalisation
/// compare uses?
fn golden_differs(golden: &[(PyVersion, Vec<String>)], cells: usize) -> Vec<bool> {
    (0..cells)
        .map(|i| {
            let keys: Vec<String> =
                golden.iter().map(|(_, o)| behaviour_key(o.get(i).map(String::as_str).unwrap_or(""))).collect();
            keys.iter().any(|k| *k != keys[0])
        })
        .collect()
}

fn marked(c: &Comparison) -> Vec<bool> {
    (0..c.sources.len()).map(|i| c.mark(i) == Mark::Differs).collect()
}

#[test]
fn golden_splitting_finds_every_cell() {
    let golden = golden_outputs("seed_py3");
    assert_eq!(golden.len(), 9, "seed_py3 has transcripts for 2.7 and 3.6–3.13");
    for (ver, outs) in &golden {
        assert_eq!(outs.len(), 8, "{ver}");
        assert_eq!(outs[0], "", "{ver}: `import importlib` prints nothing");
    }
    let (_, py36) = golden.iter().find(|(v, _)| *v == PyVersion(3, 6)).unwrap();
    assert_eq!(
        py36[6],
        "Out[7]: <module 'math' from '/usr/local/lib/python3.6/lib-dynload/math.cpython-36m-x86_64-linux-gnu.so'>\n"
    );
}

#[test]
fn seed_py3_marks_agree_with_the_golden_corpus() {
    let cells = session_cells("seed_py3");
    let golden = golden_outputs("seed_py3");
    let want = golden_differs(&golden, cells.len());
    // Over the versions the golden corpus has (3.4 and 3.5 have no transcripts).
    let versions: Vec<PyVersion> = golden.iter().map(|(v, _)| *v).collect();
    assert_eq!(marked(&run(&cells, &versions)), want, "marks over {versions:?}");
    // And with --python all: 3.4's restored `cos` does not add or remove a mark here.
    assert_eq!(marked(&run(&cells, &all_versions())), want, "marks with --python all");
    // What the golden corpus says, spelled out: nothing differs until `math.cos` is looked up.
    assert_eq!(want, vec![false, false, false, true, true, true, true, true]);
}

#[test]
fn marks_agree_with_the_golden_corpus_for_every_ipython_session() {
    let mut disagreements = Vec::new();
    let mut sessions: Vec<String> = std::fs::read_dir(root().join("sessions"))
        .unwrap()
        .flatten()
        .filter_map(|e| e.path().file_stem().map(|s| s.to_string_lossy().to_string()))
        .collect();
    sessions.sort();
    for name in &sessions {
        let golden = golden_outputs(name);
        if golden.len() < 2 {
            continue;
        }
        let cells = session_cells(name);
        let want = golden_differs(&golden, cells.len());
        let versions: Vec<PyVersion> = golden.iter().map(|(v, _)| *v).collect();
        let got = marked(&run(&cells, &versions));
        if got != want {
            disagreements.push(format!("{name}: golden {want:?}, compare {got:?}"));
        }
    }
    assert!(disagreements.is_empty(), "marks disagree with the golden corpus:\n{}", disagreements.join("\n"));
}

#[test]
fn marks_agree_with_the_golden_corpus_for_the_plain_repl() {
    // Sessions of one-line cells: one `>>> ` prompt per cell.
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for e in std::fs::read_dir(root().join("sessions")).unwrap().flatten() {
        let name = e.path().file_stem().unwrap().to_string_lossy().to_string();
        let cells = session_cells(&name);
        if cells.iter().any(|c| c.contains('\n') || c.trim_start().starts_with('%')) {
            continue;
        }
        let golden = golden_outputs_in("python", &name);
        if golden.len() < 2 || golden.iter().any(|(_, o)| o.len() != cells.len()) {
            continue;
        }
        // A transcript the core does not reproduce yet (transcripts/golden/KNOWN_DIFFERENCES)
        // cannot be expected to get its marks right.
        let known = std::fs::read_to_string(root().join("KNOWN_DIFFERENCES")).unwrap_or_default();
        if known.lines().any(|l| l.starts_with("python/") && l.split('#').next().unwrap_or("").trim().ends_with(&format!("/{name}.txt"))) {
            continue;
        }
        checked += 1;
        let want = golden_differs(&golden, cells.len());
        let versions: Vec<PyVersion> = golden.iter().map(|(v, _)| *v).collect();
        let c = compare::run(&cells, &CompareOptions::new(versions, Style::Python)).unwrap();
        let got = marked(&c);
        if got != want {
            disagreements.push(format!("{name}: golden {want:?}, compare {got:?}"));
        }
    }
    assert!(checked >= 10, "only {checked} plain-REPL sessions were checked");
    assert!(disagreements.is_empty(), "marks disagree with the golden corpus:\n{}", disagreements.join("\n"));
}

#[test]
fn summary_groups_27_and_34_apart_from_35_on() {
    let c = run_session("seed_py3", &all_versions());
    let summary = c.summary();
    let line = summary.iter().find(|l| l.starts_with("cell 6 math.cos:")).expect("cell 6 is in the summary");
    let groups: Vec<&str> = line["cell 6 math.cos: ".len()..].split("; ").collect();
    let label = |g: &str| g.rsplit(" in ").next().unwrap().to_string();
    let labels: Vec<String> = groups.iter().map(|g| label(g)).collect();
    assert!(labels.contains(&"3.5–3.13".to_string()), "{line}");
    let g35 = groups.iter().find(|g| label(g) == "3.5–3.13").unwrap();
    assert!(g35.starts_with("AttributeError"), "{line}");
    let g34 = groups.iter().find(|g| label(g).split(", ").any(|x| x == "3.4")).unwrap();
    assert!(g34.contains("'cos' restored"), "3.4 restores cos: {line}");
    assert!(!g34.starts_with("AttributeError"), "{line}");
}

/// The explanation lines of cell `cell` (1-based) of a session run under `version`.
fn explain(cells: &[&str], version: &str, cell: usize) -> String {
    let cells: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
    let c = compare::run(&cells, &CompareOptions::new(vec![v(version)], Style::Ipython)).unwrap();
    c.runs[0].cells[cell - 1].explain.join("\n")
}

const SEED_PY3: &[&str] = &["import importlib", "import math", "del math.cos", "math.cos", "math = importlib.reload(math)"];

#[test]
fn reload_of_math_names_m_copy_in_27_and_34() {
    let e27 = explain(&["import math", "del math.cos", "math.cos", "reload(math)"], "2.7", 4);
    assert!(e27.contains("PyImport_ReloadModule"), "{e27}");
    assert!(e27.contains("m_copy"), "{e27}");
    assert!(e27.contains("'cos' is back"), "{e27}");
    let e34 = explain(SEED_PY3, "3.4", 5);
    assert!(e34.contains("m_copy"), "{e34}");
    assert!(e34.contains("'cos' is back"), "{e34}");
    assert!(!e34.contains("PEP 489"), "{e34}");
}

#[test]
fn reload_of_math_names_pep_489_and_exec_dynamic_from_35_on() {
    for ver in ["3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"] {
        let e = explain(SEED_PY3, ver, 5);
        assert!(e.contains("importlib.reload"), "{ver}: {e}");
        assert!(e.contains("_imp.exec_dynamic"), "{ver}: {e}");
        assert!(e.contains("PEP 489"), "{ver}: {e}");
        assert!(e.contains("'cos' stays deleted"), "{ver}: {e}");
        assert!(!e.contains("m_copy"), "{ver}: {e}");
    }
}

#[test]
fn the_trace_changes_when_the_behaviour_changes() {
    // A source module's reload runs its code again: the deleted name is back.
    let json = explain(&["import json", "del json.dumps", "import importlib", "importlib.reload(json)"], "3.6", 4);
    assert!(json.contains("SourceFileLoader.exec_module"), "{json}");
    assert!(json.contains("the module's code runs"), "{json}");
    assert!(json.contains("'dumps' is back"), "{json}");
    assert!(!json.contains("exec_dynamic"), "{json}");
    // An extension module's reload in the same version runs nothing: the name stays deleted.
    let math = explain(&["import math", "del math.cos", "import importlib", "importlib.reload(math)"], "3.6", 4);
    assert!(math.contains("nothing to execute"), "{math}");
    assert!(!math.contains("the module's code runs"), "{math}");
    assert!(math.contains("'cos' stays deleted"), "{math}");
}

#[test]
fn a_name_removed_from_the_file_survives_reload() {
    let cells = [
        "%%writefile mymod.py\nx = 1\ny = 2",
        "import mymod",
        "import importlib",
        "%%writefile mymod.py\nx = 10",
        "importlib.reload(mymod)",
    ];
    let e = explain(&cells, "3.13", 5);
    assert!(e.contains("the module's code runs"), "{e}");
    assert!(e.contains("'y' is no longer in mymod.py but stays in the module"), "{e}");
}

#[test]
fn a_stale_reference_after_del_sys_modules_is_named() {
    let cells = ["import sys, math", "old = math", "del old.sin", "del sys.modules['math']", "import math"];
    let del = explain(&cells, "3.13", 4);
    assert!(del.contains("del sys.modules['math']"), "{del}");
    assert!(del.contains("`math`, `old` still name the module sys.modules no longer holds"), "{del}");
    let import = explain(&cells, "3.13", 5);
    assert!(import.contains("_find_and_load"), "{import}");
    assert!(import.contains("sys.modules['math'] is a new module object, which has 'sin'"), "{import}");
    assert!(import.contains("`old` still names the old module object, where 'sin' stays deleted"), "{import}");
}

#[test]
fn cells_without_import_machinery_have_no_explanation() {
    assert_eq!(explain(SEED_PY3, "3.6", 3), "");
    assert_eq!(explain(SEED_PY3, "3.6", 4), "");
}

#[test]
fn same_output_by_different_steps_is_noticed_but_not_marked() {
    let c = run_session("old_reference", &[v("2.7"), v("3.13")]);
    assert!((0..c.sources.len()).all(|i| c.mark(i) == Mark::Same), "every version prints the same");
    // `import math` after `del sys.modules['math']`: the m_copy snapshot (2.7) vs the
    // multi-phase module's exec slots (3.13).
    assert!(c.steps_differ(4));
    // `import sys, math` finds both in sys.modules: the same step under two eras' names.
    assert!(!c.steps_differ(0));
    let mut view = View::new(100);
    view.explain = true;
    view.only_diff = true;
    let text = compare::render(&c, &view);
    assert!(text.contains("  [5] import math\n"), "{text}");
    assert!(text.contains("cells 1–4 behave the same"), "{text}");
}

fn render(name: &str, view: &View) -> String {
    compare::render(&run_session(name, &all_versions()), view)
}

#[test]
fn snapshot_seed_py3_at_80_columns() {
    insta::assert_snapshot!(render("seed_py3", &View::new(80)));
}

#[test]
fn snapshot_seed_py3_at_160_columns() {
    insta::assert_snapshot!(render("seed_py3", &View::new(160)));
}

#[test]
fn snapshot_seed_py3_explained_only_diff_at_160_columns() {
    let mut view = View::new(160);
    view.explain = true;
    view.only_diff = true;
    insta::assert_snapshot!(render("seed_py3", &view));
}

#[test]
fn snapshot_seed_py3_stacked_at_80_columns() {
    let mut view = View::new(80);
    view.stacked = true;
    let c = run_session("seed_py3", &[v("2.7"), v("3.4"), v("3.13")]);
    insta::assert_snapshot!(compare::render(&c, &view));
}

#[test]
fn no_line_is_wider_than_the_width() {
    for w in [60, 80, 120, 160] {
        let mut view = View::new(w);
        view.explain = true;
        let text = render("seed_py3", &view);
        for l in text.lines() {
            assert!(l.chars().count() <= w, "{w} columns: {l:?}");
        }
    }
}
