//! README's examples cannot go stale: every ```console block is run and its output compared.
//!
//! In a block, a line `$ command` is run from the repository root (`reloadlab` is the binary
//! under test; `cat` is `cat`), and the lines up to the next `$ ` are its expected output. A
//! line `…` stands for any number of lines. `$ reloadlab` without a subcommand is the REPL:
//! the cells typed after its `In [N]: ` prompts are piped to it (a piped REPL prints the
//! transcript). Files the README names as pasted by a reader (`pasted.txt`) are made by
//! [`fixture`] in a scratch folder, where that command runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_console = false;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_console = !in_console && line.trim() == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push(Example { line: i + 1, command: cmd.to_string(), expected: Vec::new() });
        } else if let Some(e) = out.last_mut() {
            e.expected.push(line.to_string());
        }
    }
    out
}

/// Words of a command line; a trailing `# comment` is dropped.
fn words(cmd: &str) -> Vec<String> {
    let cmd = cmd.split(" #").next().unwrap_or(cmd);
    cmd.split_whitespace().map(String::from).collect()
}

/// Whether `got` matches `want`, where a `want` line `…` matches any run of lines.
fn matches(want: &[String], got: &[&str]) -> bool {
    match want.split_first() {
        None => got.is_empty(),
        Some((w, rest)) if w.trim() == "…" => (0..=got.len()).any(|k| matches(rest, &got[k..])),
        Some((w, rest)) => got.first().is_some_and(|g| g.trim_end() == w.trim_end()) && matches(rest, &got[1..]),
    }
}

fn trim_blank<'a>(lines: &'a [&'a str]) -> &'a [&'a str] {
    let start = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    let end = lines.iter().rposition(|l| !l.trim().is_empty()).map_or(start, |e| e + 1);
    &lines[start..end]
}

/// Files a README example names but the repository does not hold: what the reader pasted.
fn fixture(name: &str, root: &Path) -> Option<String> {
    match name {
        // "the seed, with 'cos' changed to 'sin' in cell 6"
        "pasted.txt" => {
            let seed = std::fs::read_to_string(root.join("transcripts/seed/seed_py3.ipython.3.6.txt")).ok()?;
            let at = seed.find("In [6]:")?;
            let (head, tail) = seed.split_at(at);
            let end = tail.find("In [7]:").unwrap_or(tail.len());
            let cell6 = tail[..end].replace("has no attribute 'cos'", "has no attribute 'sin'");
            Some(format!("{head}{cell6}{}", &tail[end..]))
        }
        _ => None,
    }
}

fn run(example: &Example, root: &Path, scratch: &Path) -> String {
    let w = words(&example.command);
    let (program, args) = w.split_first().expect("a command");
    let mut cwd = root.to_path_buf();
    for a in args {
        if !a.starts_with('-') && a.contains('.') && !root.join(a).exists() {
            if let Some(text) = fixture(a, root) {
                std::fs::write(scratch.join(a), text).unwrap();
                cwd = scratch.to_path_buf();
            }
        }
    }
    let mut cmd = match program.as_str() {
        "reloadlab" => Command::new(env!("CARGO_BIN_EXE_reloadlab")),
        "cat" => Command::new("cat"),
        other => panic!("README line {}: unknown program {other}", example.line),
    };
    cmd.args(args).current_dir(&cwd).env("NO_COLOR", "1").env_remove("COLUMNS");
    let repl = program == "reloadlab" && args.iter().all(|a| a.starts_with('-') || a.contains('.') && !a.contains('/'));
    let stdin: String = if repl {
        // the cells typed at the REPL's prompts
        example.expected.iter().filter_map(|l| l.split_once("]: ").filter(|(p, _)| p.starts_with("In [")).map(|(_, c)| format!("{c}\n"))).collect()
    } else {
        String::new()
    };
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    let mut text = String::from_utf8_lossy(&o.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&o.stderr));
    text
}

#[test]
fn readme_console_examples_print_what_they_say() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let scratch = std::env::temp_dir().join(format!("reloadlab-readme-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 5, "README has {} console examples", examples.len());
    let mut failures = Vec::new();
    for e in &examples {
        let got = run(e, &root, &scratch);
        let got_lines: Vec<&str> = got.lines().collect();
        let want: Vec<&str> = e.expected.iter().map(|s| s.as_str()).collect();
        let want: Vec<String> = trim_blank(&want).iter().map(|s| s.to_string()).collect();
        if !matches(&want, trim_blank(&got_lines)) {
            failures.push(format!("README line {}: $ {}\n--- README\n{}\n--- got\n{}", e.line, e.command, want.join("\n"), got));
        }
    }
    println!("{} README examples checked", examples.len());
    assert!(failures.is_empty(), "{} README example(s) differ:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn ellipsis_matching() {
    let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&w(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&w(&["…", "d"]), &["d"]));
    assert!(!matches(&w(&["a", "…", "d"]), &["a", "b"]));
    assert!(matches(&w(&["…"]), &[]));
}
