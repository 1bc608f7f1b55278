//! The REPL as a person uses it: the real binary on a pseudo-terminal, keys typed one line at
//! a time, the screen read back through a terminal emulator (vt100) so that whatever escape
//! sequences rustyline writes, the test sees what a person would see.
//!
//! No real Python is needed: expected texts come from the golden corpus and from the library.

use expectrl::process::unix::Signal;
use reloadlab::profile::PyVersion;
use reloadlab::session::{Options, Session, Style, split_session};
use std::io::Write;
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ROWS: u16 = 300;
const COLS: u16 = 80;
const TIMEOUT: Duration = Duration::from_secs(20);

struct Pty {
    session: expectrl::session::OsSession,
    screen: vt100::Parser,
}

/// A fresh home directory for one test (history and logs go there).
fn home(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reloadlab-pty-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

impl Pty {
    fn spawn(home: &Path, args: &[&str]) -> Pty {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_reloadlab"));
        cmd.args(args)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .current_dir(home);
        let mut session = expectrl::Session::spawn(cmd).expect("spawn reloadlab on a pty");
        session.get_process_mut().set_window_size(COLS, ROWS).unwrap();
        let screen = vt100::Parser::new(NonZeroU16::new(ROWS).unwrap(), NonZeroU16::new(COLS).unwrap(), 0);
        Pty { session, screen }
    }

    /// Reads what the program wrote so far into the emulated screen.
    fn pump(&mut self) {
        let mut buf = [0u8; 8192];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => break,
                Ok(n) => self.screen.process(&buf[..n]),
                Err(_) => break,
            }
        }
    }

    /// The screen's text, rows without trailing spaces.
    fn text(&self) -> String {
        // `contents` joins the rows a long line wrapped onto, as a person reads them.
        self.screen.screen().contents().lines().map(|r| r.trim_end().to_string()).collect::<Vec<_>>().join("\n")
    }

    /// Waits until `cond` holds for the screen text; panics with the screen after a timeout.
    fn wait(&mut self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            self.pump();
            let t = self.text();
            if cond(&t) {
                return t;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; the screen:\n{}", t.trim_end());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the last non-empty row starts with `prompt` (the program waits for input).
    fn wait_prompt(&mut self, prompt: &str) -> String {
        let p = prompt.trim().to_string();
        self.wait(&format!("the prompt {prompt:?}"), |t| last_row(t).trim_start() == p)
    }

    fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }

    /// Types a line and presses Enter.
    fn line(&mut self, text: &str) {
        self.send(text);
        self.send("\r");
    }

    fn wait_exit(&mut self) {
        let start = Instant::now();
        while self.session.get_process().is_alive().unwrap_or(false) {
            self.pump();
            if start.elapsed() > TIMEOUT {
                panic!("reloadlab did not exit; the screen:\n{}", self.text().trim_end());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn last_row(t: &str) -> String {
    t.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim_end().to_string()
}

fn golden(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The rows of `screen` from the first non-empty row up to (not including) the row `upto`
/// last occurs on, without trailing empty rows.
fn between(screen: &str, upto: &str) -> Vec<String> {
    let rows: Vec<&str> = screen.lines().collect();
    let first = rows.iter().position(|r| !r.trim().is_empty()).unwrap_or(0);
    let end = rows.iter().rposition(|r| r.trim_end() == upto.trim_end()).unwrap_or(rows.len());
    let mut v: Vec<String> = rows[first..end].iter().map(|r| r.trim_end().to_string()).collect();
    while v.last().is_some_and(|r| r.is_empty()) {
        v.pop();
    }
    v
}

/// Types the seed session cell by cell, each at its prompt.
fn type_seed(p: &mut Pty, first_number: usize) -> Vec<String> {
    let cells = split_session(&golden("transcripts/golden/sessions/seed_py3.session"));
    for (i, c) in cells.iter().enumerate() {
        p.wait_prompt(&format!("In [{}]:", first_number + i));
        p.line(c);
    }
    p.wait_prompt(&format!("In [{}]:", first_number + cells.len()));
    cells
}

#[test]
fn the_seed_session_on_screen_equals_its_golden_transcript() {
    let h = home("seed");
    let mut p = Pty::spawn(&h, &["--python", "3.6", "--no-history"]);
    type_seed(&mut p, 1);
    let screen = p.text();
    let want: Vec<String> =
        golden("transcripts/golden/ipython/3.6/seed_py3.txt").lines().map(|l| l.trim_end().to_string()).collect();
    let got = between(&screen, "In [9]:");
    assert_eq!(got, want, "the screen:\n{screen}");
    // IPython's empty line (separate_in) comes before every prompt, the first one included.
    assert_eq!(screen.lines().next(), Some(""));
    p.send("\x04");
    p.wait("the exit question", |t| last_row(t) == "Do you really want to exit ([y]/n)?");
    p.line("y");
    p.wait_exit();
}

#[test]
fn completion_follows_del() {
    let h = home("complete");
    let mut p = Pty::spawn(&h, &["--python", "3.6", "--no-history"]);
    p.wait_prompt("In [1]:");
    p.line("import math");
    p.wait_prompt("In [2]:");
    // Tab twice lists the candidates.
    p.send("math.co\t\t");
    let t = p.wait("the completion list", |t| t.lines().any(|l| l.split_whitespace().any(|w| w == "cosh")));
    let list = t.lines().find(|l| l.split_whitespace().any(|w| w == "cosh")).unwrap().to_string();
    assert!(list.split_whitespace().any(|w| w == "cos"), "before del: {list:?}");
    // Completing the unique prefix `math.cos` + `h`-less: two candidates, no change.
    p.send("\x15"); // Ctrl-U: discard the line
    p.line("del math.cos");
    p.wait_prompt("In [3]:");
    p.send("math.co\t\t");
    let t = p.wait("the completion list after del", |t| {
        t.lines().skip_while(|l| !l.starts_with("In [3]:")).any(|l| l.split_whitespace().any(|w| w == "cosh"))
    });
    let list =
        t.lines().skip_while(|l| !l.starts_with("In [3]:")).find(|l| l.split_whitespace().any(|w| w == "cosh")).unwrap();
    assert!(!list.split_whitespace().any(|w| w == "cos"), "after del: {list:?}");
    // With cos gone, `math.cos<Tab>` has one candidate left and completes to it.
    p.send("\x15math.cos\t");
    p.wait("math.cos completed to math.cosh", |t| last_row(t) == "In [3]: math.cosh");
    p.send("\x15");
    p.line("exit");
    p.wait_exit();
}

#[test]
fn ctrl_c_discards_the_input_as_each_front_end_does() {
    // IPython: the cell is cleared, its prompt and number stay.
    let h = home("ctrlc");
    let mut p = Pty::spawn(&h, &["--python", "3.6", "--no-history"]);
    p.wait_prompt("In [1]:");
    p.send("abc");
    p.wait("typed text", |t| last_row(t) == "In [1]: abc");
    p.send("\x03");
    p.wait_prompt("In [1]:");
    p.line("x = (1,");
    p.wait_prompt("...:");
    p.send("2");
    p.wait("the continuation line", |t| last_row(t) == "   ...: 2");
    p.send("\x03");
    let t = p.wait_prompt("In [1]:");
    assert!(!t.contains("abc") && !t.contains("x = (1,"), "{t}");
    p.line("x = 5");
    p.wait_prompt("In [2]:");
    p.line("x");
    p.wait("Out[2]", |t| t.contains("Out[2]: 5"));
    p.wait_prompt("In [3]:");
    p.line("exit");
    p.wait_exit();

    // The plain REPL: KeyboardInterrupt on its own line, then a new prompt.
    let mut p = Pty::spawn(&h, &["--python", "3.12", "--style", "python", "--no-history"]);
    p.wait_prompt(">>>");
    p.send("abc");
    p.wait("typed text", |t| last_row(t) == ">>> abc");
    p.send("\x03");
    let t = p.wait("KeyboardInterrupt", |t| t.contains("KeyboardInterrupt") && last_row(t) == ">>>");
    assert_eq!(between(&t, ">>>"), vec![">>> abc", "KeyboardInterrupt"]);
    p.line("exit()");
    p.wait_exit();
}

#[test]
fn ctrl_d_exits_and_ipython_asks_first() {
    let h = home("ctrld");
    let mut p = Pty::spawn(&h, &["--python", "3.6", "--no-history"]);
    p.wait_prompt("In [1]:");
    p.send("\x04");
    p.wait("the exit question", |t| last_row(t) == "Do you really want to exit ([y]/n)?");
    p.line("n");
    p.wait_prompt("In [1]:");
    p.send("\x04");
    p.wait("the exit question again", |t| t.matches("Do you really want to exit").count() == 2);
    p.line("");
    p.wait_exit();

    let mut p = Pty::spawn(&h, &["--python", "2.7", "--style", "python", "--no-history"]);
    p.wait_prompt(">>>");
    p.send("\x04");
    p.wait_exit();
}

#[test]
fn history_persists_across_runs() {
    let h = home("history");
    let mut p = Pty::spawn(&h, &["--python", "3.6"]);
    p.wait_prompt("In [1]:");
    p.line("import math");
    p.wait_prompt("In [2]:");
    p.line("x = 42");
    p.wait_prompt("In [3]:");
    // Saved after every cell: the file holds both lines before the session ends.
    let file = h.join("data").join("reloadlab").join("history");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "import math\nx = 42\n");
    p.line("exit");
    p.wait_exit();

    let mut p = Pty::spawn(&h, &["--python", "3.6"]);
    p.wait_prompt("In [1]:");
    p.send("\x1b[A"); // Up
    p.wait("the last line of the previous run", |t| last_row(t) == "In [1]: exit");
    p.send("\x1b[A");
    p.wait("the line before it", |t| last_row(t) == "In [1]: x = 42");
    p.send("\x1b[A");
    p.wait("the first line", |t| last_row(t) == "In [1]: import math");
    p.send("\r");
    p.wait_prompt("In [2]:");
    // Ctrl-R finds `x = 42`.
    p.send("\x12x =");
    p.wait("reverse search", |t| t.contains("x = 42"));
    p.send("\r");
    p.wait_prompt("In [3]:");
    p.line("x");
    p.wait("Out[3]", |t| t.contains("Out[3]: 42"));
    p.line("exit");
    p.wait_exit();

    // A corrupt history file is a one-line warning, not a crash.
    std::fs::write(&file, b"\xff\xfe\\q\n").unwrap();
    let mut p = Pty::spawn(&h, &["--python", "3.6"]);
    let t = p.wait_prompt("In [1]:");
    assert_eq!(t.matches("reloadlab: history file").count(), 1, "{t}");
    p.line("exit");
    p.wait_exit();
}

#[test]
fn logstart_survives_sigkill() {
    let h = home("logstart");
    let log = h.join("session.log");
    let mut p = Pty::spawn(&h, &["--python", "3.6", "--no-history"]);
    p.wait_prompt("In [1]:");
    p.line(&format!("%logstart {}", log.display()));
    p.wait("the logging banner", |t| t.contains("State          : active"));
    let cells = type_seed(&mut p, 2);
    // Killed without a chance to flush anything.
    p.session.get_process_mut().kill(Signal::SIGKILL).unwrap();
    p.wait_exit();
    let got = std::fs::read_to_string(&log).unwrap();
    // What replay prints for the same cells, numbered from 2 (cell 1 was %logstart).
    let mut s = Session::new(Options::new(PyVersion(3, 6), Style::Ipython)).unwrap();
    s.take_number(&format!("%logstart {}", log.display()));
    let mut want = String::new();
    for (i, c) in cells.iter().enumerate() {
        for run in s.feed(c) {
            if i > 0 {
                want.push('\n');
            }
            want.push_str(&run.echo);
            want.push_str(&run.output);
        }
    }
    assert_eq!(got, want);
}

#[test]
fn python_magic_names_the_cells_that_changed() {
    let h = home("python");
    let mut p = Pty::spawn(&h, &["--python", "3.6", "--no-history"]);
    let cells = type_seed(&mut p, 1);
    p.line("%python 2.7");
    let t = p.wait("the comparison", |t| t.contains("(2.7 vs 3.6)"));
    let (mut a, mut b) = (
        Session::new(Options::new(PyVersion(3, 6), Style::Ipython)).unwrap(),
        Session::new(Options::new(PyVersion(2, 7), Style::Ipython)).unwrap(),
    );
    let mut differ = Vec::new();
    for c in &cells {
        let (x, y) = (a.feed(c).remove(0), b.feed(c).remove(0));
        if x.output != y.output {
            differ.push(x.number.to_string());
        }
    }
    assert!(!differ.is_empty(), "2.7 and 3.6 print the seed session differently");
    let want = format!("cells that now differ: {} (2.7 vs 3.6)", differ.join(", "));
    assert!(t.lines().any(|l| l == want), "want {want:?} on:\n{t}");
    // The session goes on under 2.7.
    p.wait_prompt("In [10]:");
    p.line("math.cos");
    p.wait("a 2.7 traceback", |t| t.contains("AttributeError: 'module' object has no attribute 'cos'"));
    p.wait_prompt("In [11]:");
    p.line("exit");
    p.wait_exit();
}

#[test]
fn lines_typed_ahead_are_not_lost() {
    let h = home("typeahead");
    let mut p = Pty::spawn(&h, &["--python", "3.6", "--no-history"]);
    p.wait_prompt("In [1]:");
    p.send("x = 7\rx\r");
    p.wait("Out[2]", |t| t.contains("Out[2]: 7"));
    p.wait_prompt("In [3]:");
    p.line("exit");
    p.wait_exit();
}

#[test]
fn colour_only_on_a_terminal_unless_asked() {
    // On a terminal, colour by default (the In prompt is green) unless NO_COLOR or --color never.
    let h = home("colour");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reloadlab"));
    cmd.args(["--python", "3.6", "--no-history"]).env("HOME", &h).env("TERM", "xterm").env_remove("NO_COLOR");
    let mut s = expectrl::Session::spawn(cmd).unwrap();
    s.set_expect_timeout(Some(TIMEOUT));
    expectrl::Expect::expect(&mut s, "\x1b[32mIn [\x1b[1;92m1\x1b[32m]: \x1b[0m").expect("a green In prompt");
    s.write_all(b"exit\r").unwrap();
    // Piped stdout: no escape codes at all with --color auto, even with TERM set.
    let seed = split_session(&golden("transcripts/golden/sessions/seed_py3.session")).join("\n") + "\n";
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reloadlab"))
            .args(args)
            .env("HOME", &h)
            .env("TERM", "xterm")
            .env_remove("NO_COLOR")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(seed.as_bytes()).unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    let plain = run(&["--python", "3.6", "--no-history"]);
    assert!(!plain.contains('\x1b'));
    // Fed from a pipe, the REPL prints the session's transcript.
    assert_eq!(plain, golden("transcripts/golden/ipython/3.6/seed_py3.txt"));
    let coloured = run(&["--python", "3.6", "--no-history", "--color", "always"]);
    assert!(coloured.contains("\x1b[0;31mAttributeError\x1b[0m: module 'math' has no attribute 'cos'"), "{coloured}");
}
