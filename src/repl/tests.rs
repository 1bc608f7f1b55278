//! The REPL's loop driven by a scripted keyboard on a simulated screen (prompts, echoed
//! typing and output interleaved as a terminal shows them). The real binary on a real
//! pseudo-terminal is tested in `tests/repl_pty.rs`.

use super::editor::{LineReader, Read};
use super::*;
use crate::profile::PyVersion;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// A screen: the bytes written to it.
#[derive(Clone, Default)]
struct Screen(Rc<RefCell<String>>);

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().push_str(&String::from_utf8_lossy(buf));
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What the user does at a prompt.
enum Key {
    Type(&'static str),
    CtrlC(&'static str),
    CtrlD,
}

/// A keyboard that plays a script onto a screen the way rustyline does: the prompt, the
/// typed text, and a newline when the line is done (Enter, Ctrl-C or Ctrl-D).
struct Keyboard {
    keys: VecDeque<Key>,
    screen: Screen,
    prompts: Vec<String>,
}

impl LineReader for Keyboard {
    fn read(&mut self, prompt: &str, _styled: &str, _continuation: bool) -> Read {
        self.prompts.push(prompt.to_string());
        let mut s = self.screen.0.borrow_mut();
        s.push_str(prompt);
        match self.keys.pop_front() {
            Some(Key::Type(t)) => {
                s.push_str(t);
                s.push('\n');
                Read::Line(t.to_string())
            }
            Some(Key::CtrlC(t)) => {
                s.push_str(t);
                s.push('\n');
                Read::Interrupted(t.to_string())
            }
            Some(Key::CtrlD) | None => {
                s.push('\n');
                Read::Eof
            }
        }
    }
    fn separator(&mut self, text: &str, _out: &mut dyn Write) {
        self.screen.0.borrow_mut().push_str(text);
    }
    fn remember(&mut self, _lines: &[String]) {}
    fn erase_rows(&mut self, rows: usize, _out: &mut dyn Write) {
        let mut s = self.screen.0.borrow_mut();
        for _ in 0..rows {
            s.pop(); // the row's newline
            let start = s.rfind('\n').map(|i| i + 1).unwrap_or(0);
            s.truncate(start);
        }
    }
    fn width(&mut self) -> usize {
        80
    }
    fn interactive(&self) -> bool {
        true
    }
}

fn play(python: PyVersion, style: Style, keys: Vec<Key>) -> (String, Repl) {
    let opts = Options::new(python, style);
    let mut repl = Repl::new(Session::new(opts.clone()).unwrap(), opts, false);
    let screen = Screen::default();
    let mut kb = Keyboard { keys: keys.into(), screen: screen.clone(), prompts: vec![] };
    let mut out = screen.clone();
    repl.main_loop(&mut kb, &mut out).unwrap();
    let text = screen.0.borrow().clone();
    (text, repl)
}

fn golden(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The screen from the first prompt on, without the prompt at which the user left.
fn body(screen: &str, last_prompt: &str) -> String {
    let s = screen.trim_start_matches('\n');
    let cut = s.rfind(last_prompt).unwrap_or(s.len());
    let mut b = s[..cut].trim_end_matches('\n').to_string();
    b.push('\n');
    b
}

#[test]
fn the_seed_session_on_screen_is_its_transcript() {
    let session = golden("transcripts/golden/sessions/seed_py3.session");
    let want = golden("transcripts/golden/ipython/3.6/seed_py3.txt");
    let mut keys: Vec<Key> = Vec::new();
    for line in split_session(&session) {
        keys.push(Key::Type(Box::leak(line.into_boxed_str())));
    }
    keys.push(Key::CtrlD);
    keys.push(Key::Type("y"));
    let (screen, _) = play(PyVersion(3, 6), Style::Ipython, keys);
    // Whatever the core prints, the screen holds exactly what replay prints.
    let mut replay = Session::new(Options::new(PyVersion(3, 6), Style::Ipython)).unwrap();
    let transcript = replay.transcript(&split_session(&session));
    assert_eq!(body(&screen, "\nIn [9]: \nDo you really"), transcript);
    if transcript == want {
        assert_eq!(body(&screen, "\nIn [9]: \nDo you really"), want);
    }
    assert!(screen.starts_with("\nIn [1]: import importlib\n\nIn [2]: "), "{screen:?}");
    assert!(screen.ends_with("In [9]: \nDo you really want to exit ([y]/n)? y\n"), "{screen:?}");
}

use crate::session::split_session;

#[test]
fn multi_line_cells_continue_as_in_ipython() {
    let (screen, _) = play(
        PyVersion(3, 13),
        Style::Ipython,
        vec![Key::Type("%%writefile m.py"), Key::Type("x = 1"), Key::Type(""), Key::Type(""), Key::Type("exit")],
    );
    assert_eq!(screen, "\nIn [1]: %%writefile m.py\n   ...: x = 1\n   ...: \n   ...: \nWriting m.py\n\nIn [2]: exit\n");
    // IPython 6: one empty line ends a cell magic.
    let (screen, _) = play(
        PyVersion(3, 6),
        Style::Ipython,
        vec![Key::Type("%%writefile m.py"), Key::Type("x = 1"), Key::Type(""), Key::Type("exit")],
    );
    assert_eq!(screen, "\nIn [1]: %%writefile m.py\n   ...: x = 1\n   ...: \nWriting m.py\n\nIn [2]: exit\n");
}

#[test]
fn open_brackets_and_backslashes_continue() {
    let (_, repl) = play(
        PyVersion(3, 8),
        Style::Ipython,
        vec![Key::Type("x = (1,"), Key::Type("2)"), Key::Type("y = 1 + \\"), Key::Type("2"), Key::Type("exit")],
    );
    let srcs: Vec<&str> = repl.records.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(srcs, vec!["x = (1,\n2)", "y = 1 + \\\n2"]);
    // IPython 6's input splitter waits for an empty line once a cell has several lines.
    let (screen, repl) = play(
        PyVersion(3, 6),
        Style::Ipython,
        vec![Key::Type("x = (1,"), Key::Type("2)"), Key::Type(""), Key::Type("exit")],
    );
    let srcs: Vec<&str> = repl.records.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(srcs, vec!["x = (1,\n2)"]);
    assert!(screen.starts_with("\nIn [1]: x = (1,\n   ...: 2)\n   ...: \n\nIn [2]: exit"), "{screen:?}");
}

#[test]
fn ctrl_c_in_ipython_clears_the_cell_and_keeps_the_prompt() {
    let (screen, repl) = play(
        PyVersion(3, 6),
        Style::Ipython,
        vec![Key::CtrlC("abc"), Key::Type("x = (1,"), Key::CtrlC("2"), Key::Type("exit")],
    );
    assert_eq!(screen, "\nIn [1]: exit\n");
    assert!(repl.records.is_empty());
}

#[test]
fn ctrl_c_in_the_plain_repl_prints_keyboard_interrupt() {
    let (screen, _) = play(
        PyVersion(3, 12),
        Style::Python,
        vec![Key::CtrlC("abc"), Key::Type("x = (1,"), Key::CtrlC("2"), Key::Type("exit()")],
    );
    assert_eq!(screen, ">>> abc\nKeyboardInterrupt\n>>> x = (1,\n... 2\nKeyboardInterrupt\n>>> exit()\n");
}

#[test]
fn ctrl_d_asks_in_ipython_and_exits_the_plain_repl() {
    let (screen, _) =
        play(PyVersion(3, 6), Style::Ipython, vec![Key::CtrlD, Key::Type("n"), Key::CtrlD, Key::Type("maybe"), Key::Type("")]);
    assert_eq!(
        screen,
        "\nIn [1]: \nDo you really want to exit ([y]/n)? n\n\nIn [1]: \nDo you really want to exit ([y]/n)? maybe\nDo you really want to exit ([y]/n)? \n"
    );
    let (screen, _) = play(PyVersion(2, 7), Style::Python, vec![Key::Type(""), Key::CtrlD]);
    assert_eq!(screen, ">>> \n>>> \n");
}

#[test]
fn empty_cells_take_no_number() {
    let (screen, _) = play(PyVersion(3, 6), Style::Ipython, vec![Key::Type(""), Key::Type("   "), Key::Type("exit")]);
    assert_eq!(screen, "\nIn [1]: \n\nIn [1]:    \n\nIn [1]: exit\n");
}

#[test]
fn own_magics_take_a_number() {
    let (screen, _) =
        play(PyVersion(3, 6), Style::Ipython, vec![Key::Type("%logstop"), Key::Type("%explain"), Key::Type("exit")]);
    assert_eq!(
        screen,
        "\nIn [1]: %logstop\nLogging hadn't been started.\n\nIn [2]: %explain\nThe previous cell took no step of the import machinery.\n\nIn [3]: exit\n"
    );
}

#[test]
fn unknown_magics_get_ipythons_message() {
    let (screen, _) = play(PyVersion(3, 6), Style::Ipython, vec![Key::Type("%foo"), Key::Type("exit")]);
    assert_eq!(screen, "\nIn [1]: %foo\nUsageError: Line magic function `%foo` not found.\n\nIn [2]: exit\n");
}

#[test]
fn logstart_writes_a_transcript_as_cells_run() {
    let dir = std::env::temp_dir().join(format!("reloadlab-repl-log-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("session.log");
    let _ = std::fs::remove_file(&path);
    let start: &'static str = Box::leak(format!("%logstart {}", path.display()).into_boxed_str());
    let (screen, _) = play(
        PyVersion(3, 6),
        Style::Ipython,
        vec![Key::Type("x = 1"), Key::Type(start), Key::Type("x"), Key::Type("%logstop"), Key::Type("x"), Key::Type("exit")],
    );
    assert!(screen.contains("Activating auto-logging. Current session state plus future input saved.\n"), "{screen}");
    let log = std::fs::read_to_string(&path).unwrap();
    let mut s = Session::new(Options::new(PyVersion(3, 6), Style::Ipython)).unwrap();
    let r1 = s.feed("x = 1").remove(0);
    s.take_number(start);
    let r3 = s.feed("x").remove(0);
    assert_eq!(log, format!("{}{}\n{}{}", r1.echo, r1.output, r3.echo, r3.output));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn python_magic_replays_and_names_the_cells_that_differ() {
    let session = golden("transcripts/golden/sessions/seed_py3.session");
    let mut keys: Vec<Key> = Vec::new();
    let cells = split_session(&session);
    for line in &cells {
        keys.push(Key::Type(Box::leak(line.clone().into_boxed_str())));
    }
    keys.push(Key::Type("%python 2.7"));
    keys.push(Key::Type("exit"));
    let (screen, repl) = play(PyVersion(3, 6), Style::Ipython, keys);
    // The cells whose outputs differ between the two versions, computed directly.
    let mut a = Session::new(Options::new(PyVersion(3, 6), Style::Ipython)).unwrap();
    let mut b = Session::new(Options::new(PyVersion(2, 7), Style::Ipython)).unwrap();
    let mut differ = Vec::new();
    for c in &cells {
        let (x, y) = (a.feed(c).remove(0), b.feed(c).remove(0));
        if x.output != y.output {
            differ.push(x.number);
        }
    }
    let line = magics::differ_line(&differ, "2.7", "3.6");
    assert!(screen.contains(&format!("In [9]: %python 2.7\nNow Python 2.7 with IPython 5.4; replayed 8 cells.\n{line}")), "{screen}");
    assert!(screen.ends_with("\nIn [10]: exit\n"), "{screen}");
    assert_eq!(repl.session.borrow().profile().version, PyVersion(2, 7));
}

#[test]
fn the_plain_repl_runs_statements_line_by_line() {
    let (screen, _) = play(
        PyVersion(3, 12),
        Style::Python,
        vec![Key::Type("x = (1,"), Key::Type("2)"), Key::Type("x"), Key::Type("exit()")],
    );
    assert_eq!(screen, ">>> x = (1,\n... 2)\n>>> x\n(1, 2)\n>>> exit()\n");
}

#[test]
fn cells_complete_as_each_front_end_decides() {
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let ipy8 = CellKind::Ipython { blank: 2, multiline_needs_blank: false };
    let ipy6 = CellKind::Ipython { blank: 1, multiline_needs_blank: true };
    assert!(needs_more(&v(&["math.cos(", "0)"]), ipy6));
    assert!(!needs_more(&v(&["math.cos(", "0)", ""]), ipy6));
    assert!(!needs_more(&v(&["math.cos(0)"]), ipy6));
    let py = CellKind::Python;
    assert!(!needs_more(&v(&["import math"]), ipy8));
    assert!(needs_more(&v(&["math.cos("]), ipy8));
    assert!(!needs_more(&v(&["math.cos(", "0)"]), ipy8));
    assert!(needs_more(&v(&["x = 1 + \\"]), py));
    assert!(needs_more(&v(&["%%writefile m.py", "x = 1", ""]), ipy8));
    assert!(!needs_more(&v(&["%%writefile m.py", "x = 1", "", ""]), ipy8));
    assert!(!needs_more(&v(&["%%writefile m.py", ""]), ipy6));
    assert!(needs_more(&v(&["if x:"]), py));
    assert!(needs_more(&v(&["if x:", "    y"]), py));
    assert!(!needs_more(&v(&["if x:", "    y", ""]), py));
    assert!(needs_more(&v(&["if x: y"]), py));
    assert!(!needs_more(&v(&["d = {'a': 1}  # x:"]), py));
    assert_eq!(cell_source(&v(&["%%writefile m.py", "x = 1", "", ""])), "%%writefile m.py\nx = 1");
}

#[test]
fn colour_choice() {
    assert!(ColorChoice::Auto.enabled(true, false, false));
    assert!(!ColorChoice::Auto.enabled(true, true, false));
    assert!(!ColorChoice::Auto.enabled(false, false, false));
    assert!(!ColorChoice::Auto.enabled(true, false, true));
    assert!(ColorChoice::Always.enabled(false, true, false));
    assert!(!ColorChoice::Never.enabled(true, false, false));
}

#[test]
fn history_and_who_magics() {
    let (screen, _) = play(
        PyVersion(3, 6),
        Style::Ipython,
        vec![
            Key::Type("x = 1"),
            Key::Type("%logstop"),
            Key::Type("%who"),
            Key::Type("%history -n"),
            Key::Type("%history 1-2"),
            Key::Type("exit"),
        ],
    );
    assert_eq!(
        screen,
        "\nIn [1]: x = 1\n\nIn [2]: %logstop\nLogging hadn't been started.\n\nIn [3]: %who\nx\t \n\
\nIn [4]: %history -n\n   1: x = 1\n   2: %logstop\n   3: %who\n   4: %history -n\n\
\nIn [5]: %history 1-2\nx = 1\n%logstop\n\nIn [6]: exit\n"
    );
}

#[test]
fn compare_shows_the_cells_so_far_under_the_versions_asked() {
    let keys = vec![
        Key::Type("import math"),
        Key::Type("del math.cos"),
        Key::Type("import importlib"),
        Key::Type("math = importlib.reload(math)"),
        Key::Type("math.cos"),
        Key::Type("%compare 3.4 3.6"),
        Key::Type("%compare 3.6"),
        Key::Type("exit"),
    ];
    let (screen, repl) = play(PyVersion(3, 6), Style::Ipython, keys);
    // The same text `compare` prints for those cells (the magic itself is not replayed).
    let cells: Vec<String> = repl.records.iter().filter(|r| !r.own).map(|r| r.source.clone()).collect();
    let expected = crate::compare::render_history(&cells, &[PyVersion(3, 4), PyVersion(3, 6)], Style::Ipython, 80).unwrap();
    assert!(expected.contains("3.4") && expected.contains("AttributeError"), "{expected}");
    assert!(screen.contains(&expected), "{screen}");
    assert!(screen.contains("UsageError: compare needs two or more versions"), "{screen}");
    assert_eq!(repl.records.len(), 7, "the magics are numbered cells, as in IPython");
}
