//! Bad input everywhere: each gets one clear line on stderr and the exit status `--help` and
//! README's "Exit status" document (0 success, 1 `check` differs, 2 unusable input, usage or
//! output), and none panics.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_reloadlab"));
    c.env("NO_COLOR", "1").env_remove("COLUMNS");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().expect("running reloadlab")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exactly one line on stderr, starting `reloadlab: `, nothing on stdout, the given status.
#[track_caller]
fn one_line(o: &Output, status: i32, contains: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(status), "status; stderr: {err}");
    assert!(o.stdout.is_empty(), "stdout: {}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(err.lines().count(), 1, "one line on stderr: {err:?}");
    assert!(err.starts_with("reloadlab: "), "{err:?}");
    assert!(err.contains(contains), "{err:?} should say {contains:?}");
    assert!(!err.contains("panicked"), "{err}");
}

/// A scratch directory of this test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reloadlab-bad-input-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn invalid_utf8_says_where() {
    let d = scratch("utf8");
    let f = write(&d, "bad.session", b"import math\nmath.\xff\xfe\n");
    for cmd in ["replay", "compare", "check"] {
        one_line(&run(&[cmd, &f]), 2, "is not valid UTF-8 (line 2, byte 17)");
    }
}

#[test]
fn empty_file_is_a_note_not_a_failure() {
    let d = scratch("empty");
    let f = write(&d, "empty.session", b"");
    let blank = write(&d, "blank.session", b"\n\n## only a comment\n\n");
    for file in [&f, &blank] {
        one_line(&run(&["replay", file]), 0, "has no cells: nothing to replay");
        one_line(&run(&["compare", file]), 0, "has no cells: nothing to compare");
        // `check` needs a transcript: nothing to check against is unusable input.
        one_line(&run(&["check", file]), 2, "");
    }
}

#[test]
fn directory_and_missing_file() {
    let d = scratch("dir");
    let dir = d.to_string_lossy().into_owned();
    let missing = d.join("no-such.session").to_string_lossy().into_owned();
    for cmd in ["replay", "compare", "check"] {
        one_line(&run(&[cmd, &dir]), 2, "is a directory, not a file");
        one_line(&run(&[cmd, &missing]), 2, "no such file");
    }
}

#[test]
fn a_100_mb_line_is_refused_quickly() {
    let d = scratch("long");
    let mut text = b"import math\n".to_vec();
    text.extend(std::iter::repeat_n(b'x', 100 << 20));
    text.push(b'\n');
    let f = write(&d, "long.session", &text);
    for cmd in ["replay", "compare", "check"] {
        let start = std::time::Instant::now();
        let o = run(&[cmd, &f]);
        one_line(&o, 2, "line 2 is 104857600 bytes long; reloadlab reads lines of at most 1048576 bytes");
        assert!(start.elapsed().as_secs() < 20, "{cmd} took {:?}", start.elapsed());
    }
    std::fs::remove_file(&f).unwrap();
}

#[test]
fn a_line_just_under_the_limit_runs() {
    // The deepest constructs that fit in 1 MiB: answered (an error or "not supported"),
    // without a stack overflow.
    let d = scratch("deep");
    let n = (1 << 20) - 16;
    let cases = [
        ("attr", format!("math{}", ".a".repeat(n / 2 - 4))),
        ("pow", format!("2{}", "**2".repeat(n / 3 - 1))),
        ("minus", format!("{}1", "-".repeat(n - 1))),
        ("not", format!("{}x", "not ".repeat(n / 4 - 1))),
        ("call", format!("f{}", "()".repeat(n / 2 - 1))),
        ("subscript", format!("x{}", "[0]".repeat(n / 3 - 1))),
        ("lambda", format!("{}1", "lambda: ".repeat(n / 8))),
        ("brackets", format!("{}{}", "[".repeat(n / 2), "]".repeat(n / 2))),
    ];
    for (name, src) in cases {
        let f = write(&d, &format!("{name}.session"), format!("{src}\n").as_bytes());
        for (style, python) in [("ipython", "3.13"), ("python", "3.8"), ("python", "2.7")] {
            let o = run(&["replay", "--style", style, "--python", python, &f]);
            assert_eq!(o.status.code(), Some(0), "{name} {style} {python}: {}", stderr(&o));
            assert!(o.stderr.is_empty(), "{name}: {}", stderr(&o));
        }
    }
}

/// Where a real interpreter of that version is installed (pyenv's layout, or on PATH).
fn real_python(version: &str) -> Option<PathBuf> {
    let root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pyenv")))?;
    let dirs = std::fs::read_dir(root.join("versions")).ok()?;
    dirs.flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.strip_prefix(version).is_some_and(|rest| rest.starts_with('.'))
        })
        .map(|p| p.join("bin/python"))
        .filter(|p| p.exists())
}

#[test]
fn a_hundred_thousand_nested_parentheses_give_the_versions_own_error() {
    let d = scratch("parens");
    let src = format!("{}{}\nprint(1)\n", "(".repeat(100_000), ")".repeat(100_000));
    let f = write(&d, "parens.session", src.as_bytes());
    let mut compared = Vec::new();
    for python in ["2.7", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"] {
        let o = run(&["replay", "--style", "python", "--python", python, &f]);
        assert_eq!(o.status.code(), Some(0), "{python}: {}", stderr(&o));
        let out = String::from_utf8(o.stdout).unwrap();
        // What the interpreter printed for the first input: after its echo, up to the prompt.
        let first = &out[out.find('\n').unwrap() + 1..];
        let error = &first[..first.find(">>> ").unwrap()];
        let ll1 = matches!(python, "2.7" | "3.4" | "3.5" | "3.6" | "3.7" | "3.8");
        if ll1 {
            assert_eq!(error, "s_push: parser stack overflow\nMemoryError\n", "{python}");
        } else {
            assert!(error.starts_with("  File \"<stdin>\", line 1\n"), "{python}: {}", &error[..80]);
            assert!(error.ends_with("\nSyntaxError: too many nested parentheses\n"), "{python}");
        }
        assert!(out.ends_with(">>> print(1)\n1\n"), "{python}: the session goes on");
        // Against the real interpreter where it is installed: on a pipe it does not echo the
        // input and writes prompts and errors to stderr: ">>> " + the error + ">>> ".
        if let Some(py) = real_python(python) {
            let real = Command::new(&py).arg("-i").stdin(std::fs::File::open(&f).unwrap()).output().unwrap();
            let real_out = String::from_utf8_lossy(&real.stderr).into_owned();
            // (after the banner, which also goes to stderr)
            if let Some(rest) = real_out.find(">>> ").map(|i| &real_out[i + 4..]) {
                let real_error = &rest[..rest.find(">>> ").unwrap_or(rest.len())];
                assert_eq!(error, real_error, "{python}: reloadlab and {}", py.display());
                compared.push(python);
            }
        }
    }
    println!("compared with real interpreters: {compared:?}");
}

#[test]
fn unknown_flags_and_values() {
    one_line(&run(&["--frobnicate"]), 2, "unexpected argument '--frobnicate' found (see reloadlab --help)");
    one_line(&run(&["replay", "--frobnicate", "x"]), 2, "unexpected argument '--frobnicate'");
    one_line(&run(&["replay"]), 2, "the following required arguments were not provided: <FILE>");
    one_line(&run(&["frobnicate"]), 2, "unrecognized subcommand 'frobnicate'");
    let d = scratch("flags");
    let f = write(&d, "s.session", b"import math\n");
    one_line(&run(&["replay", "--python", "4.2", &f]), 2, "Python version");
    one_line(&run(&["replay", "--style", "idle", &f]), 2, "unknown style 'idle'");
    one_line(&run(&["replay", "--ipython", "banana", &f]), 2, "invalid IPython version 'banana'");
    one_line(&run(&["compare", "--color", "sometimes", &f]), 2, "unknown --color 'sometimes'");
}

#[test]
fn help_and_version_are_not_errors() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8(o.stdout).unwrap();
    for want in ["replay", "check", "compare", "--python", "--style", "--ipython", "--prefix", "Exit status:", "Examples:"] {
        assert!(help.contains(want), "--help lacks {want}:\n{help}");
    }
    let o = run(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8(o.stdout).unwrap().starts_with("reloadlab "));
}

#[test]
fn a_closed_stdout_ends_quietly() {
    // `reloadlab replay x | head -1`: more output than a pipe holds, the reader gone after
    // one line.
    let d = scratch("pipe");
    let f = write(&d, "long.session", "import math\nmath.cos\n".repeat(5000).as_bytes());
    for cmd in ["replay", "compare"] {
        let mut child = bin().args([cmd, &f]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // the reader is dropped here: the pipe is closed
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", stderr(&o));
        assert!(o.stderr.is_empty(), "{cmd}: {}", stderr(&o));
    }
}

#[test]
fn unwritable_output_is_one_line() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        return;
    }
    let d = scratch("full");
    let f = write(&d, "s.session", b"import math\nmath.cos\n");
    let o = bin().args(["replay", &f]).stdout(std::fs::File::create(full).unwrap()).output().unwrap();
    one_line(&o, 2, "cannot write the output");
    // An unwritable stderr: still the documented status, no panic.
    let o = bin().args(["replay", "no-such-file"]).stderr(std::fs::File::create(full).unwrap()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_session_on_stdin_is_not_read_by_replay() {
    // `replay` reads its file argument, not stdin: a closed or garbage stdin changes nothing.
    let d = scratch("stdin");
    let f = write(&d, "s.session", b"import math\n");
    let mut child = bin().args(["replay", &f]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let _ = child.stdin.take().unwrap().write_all(b"\xff\xff\xff");
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "In [1]: import math\n");
}
